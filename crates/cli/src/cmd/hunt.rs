//! `cairn hunt`: match logs (Zeek, Suricata EVE, JSON lines, CSV, text) against indicators.
//!
//! Exit codes: 0 the hunt ran and found hits, 1 it ran and found none, 2 usage or I/O error
//! (including every log unreadable).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use hunt::{HuntOptions, HuntReport, Hunter, IndexBuilder};
use serde::Serialize;

use crate::input::read_input;
use crate::{EXIT_ERROR, EXIT_NO, EXIT_OK, Format, Global};

/// Largest indicators file accepted (after decompression).
const MAX_INDICATORS_BYTES: u64 = 4 << 30;
/// Skipped indicators listed on stderr; the rest are counted.
const MAX_SKIPPED_SHOWN: usize = 20;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Logs to hunt: Zeek (TSV or JSON), Suricata EVE, JSON lines, CSV, text; `.gz` is read;
    /// `-` is stdin; a directory stands for the files under it (hidden ones skipped).
    #[arg(required = true, value_name = "LOG")]
    logs: Vec<PathBuf>,
    /// Indicators: a STIX bundle (indicator patterns) or a plain list, one IOC a line
    /// (default: the knowledge base).
    #[arg(long, value_name = "FILE")]
    indicators: Option<String>,
    /// Write the hits into the knowledge base as STIX sightings.
    #[arg(long)]
    record: bool,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Read every log as this kind instead of telling it from its name and first line.
    #[arg(long, value_enum, value_name = "KIND")]
    log_kind: Option<LogKindArg>,
    /// Longest log line hunted, in bytes; longer lines are counted as malformed.
    #[arg(long, default_value_t = 1024 * 1024, value_name = "BYTES")]
    max_line: usize,
}

/// Most files a directory argument expands to.
const MAX_DIR_FILES: usize = 100_000;
/// Deepest directory level walked.
const MAX_DIR_DEPTH: usize = 16;

/// The logs to hunt: files and `-` as given, directories replaced by the files under them in
/// name order (hidden entries skipped, symlinked directories not followed).
fn expand_logs(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &std::path::Path, depth: usize, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        if depth > MAX_DIR_DEPTH {
            bail!("{}: directories nested more than {MAX_DIR_DEPTH} deep", dir.display());
        }
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .with_context(|| format!("{}: cannot list", dir.display()))?
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                walk(&entry.path(), depth + 1, out)?;
            } else if kind.is_file() || kind.is_symlink() {
                if out.len() >= MAX_DIR_FILES {
                    bail!("{}: more than {MAX_DIR_FILES} files", dir.display());
                }
                out.push(entry.path());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for arg in args {
        if arg.as_os_str() != "-" && arg.is_dir() {
            walk(arg, 0, &mut out)?;
        } else {
            out.push(arg.clone());
        }
    }
    if out.is_empty() {
        bail!("no log files to hunt (the directories given are empty)");
    }
    Ok(out)
}

/// The log kinds `--log-kind` names.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum LogKindArg {
    ZeekTsv,
    ZeekJson,
    SuricataEve,
    Jsonl,
    Csv,
    Text,
}

impl From<LogKindArg> for hunt::LogKind {
    fn from(kind: LogKindArg) -> hunt::LogKind {
        match kind {
            LogKindArg::ZeekTsv => hunt::LogKind::ZeekTsv,
            LogKindArg::ZeekJson => hunt::LogKind::ZeekJson,
            LogKindArg::SuricataEve => hunt::LogKind::SuricataEve,
            LogKindArg::Jsonl => hunt::LogKind::JsonLines,
            LogKindArg::Csv => hunt::LogKind::Csv,
            LogKindArg::Text => hunt::LogKind::Text,
        }
    }
}

#[derive(Serialize)]
struct HitLine<'a> {
    file: &'a str,
    line: u64,
    field: &'a str,
    value: &'a str,
    indicator: &'a str,
    matched: &'a str,
    actor: Option<&'a str>,
    state: Option<&'a str>,
    /// The logged event time (RFC 3339 UTC), when the record has one.
    ts: Option<&'a str>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let (table, stix) = match global.format {
        None | Some(Format::Jsonl) => (false, false),
        Some(Format::Table | Format::Text) => (true, false),
        Some(Format::Stix) => (false, true),
        Some(other) => bail!("hunt supports --format jsonl, table or stix, not {other:?}"),
    };
    let started = Instant::now();
    let mut builder = IndexBuilder::new();
    let (source, skipped) = match &args.indicators {
        Some(path) => {
            let bytes = read_input(path, MAX_INDICATORS_BYTES)?;
            let skipped = hunt::indicators::load(&bytes, &mut builder)
                .with_context(|| format!("{path}: not valid JSON"))?;
            (path.clone(), skipped)
        }
        None => {
            let objects = kb_objects(global)?;
            let skipped =
                hunt::indicators::load_stix(&serde_json::Value::Array(objects), &mut builder);
            ("knowledge base".to_string(), skipped)
        }
    };
    let source = source.as_str();
    let mut err = io::stderr().lock();
    for s in skipped.iter().take(MAX_SKIPPED_SHOWN) {
        let at = s.position.map(|p| format!(" at {p}")).unwrap_or_default();
        writeln!(err, "cairn: {source}: {}{at}: {} (not hunted)", s.what, s.reason)?;
    }
    if skipped.len() > MAX_SKIPPED_SHOWN {
        writeln!(
            err,
            "cairn: {source}: {} more indicators not hunted",
            skipped.len() - MAX_SKIPPED_SHOWN
        )?;
    }
    if builder.is_empty() {
        bail!("{source}: no usable indicators");
    }
    let count = builder.len();
    let index = builder.build();
    if global.verbose > 0 {
        writeln!(
            err,
            "cairn: {count} indicator values compiled in {:.2} s",
            started.elapsed().as_secs_f64()
        )?;
    }
    drop(err);

    let mut options = HuntOptions {
        max_line: args.max_line,
        kind: args.log_kind.map(hunt::LogKind::from),
        ..HuntOptions::default()
    };
    if let Some(threads) = args.threads {
        options.threads = threads.max(1);
    }
    let hunter = Hunter::new(index)
        .with_options(options)
        .with_text_scanner(Box::new(ExtractScanner(extract::ioc::Scanner::new())));
    let logs = expand_logs(&args.logs)?;
    let total: u64 = logs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let progress = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    let show_progress = !global.quiet && io::stderr().is_terminal();
    let hunt_started = Instant::now();
    let report = std::thread::scope(|scope| {
        if show_progress {
            scope.spawn(|| progress_bar(&progress, &done, total, hunt_started));
        }
        let report = hunter.hunt_with_progress(&logs, &progress);
        done.store(true, Ordering::Relaxed);
        report
    });
    let elapsed = hunt_started.elapsed();

    // The sightings, built once for --format stix and --record alike.
    let sightings = (stix || args.record).then(|| {
        let now = crate::now();
        hunt::sighting::sightings(&report, hunter.index(), &sources(&logs, now), now)
    });
    match &sightings {
        Some(objects) if stix => {
            let ids: Vec<&str> = objects
                .iter()
                .filter_map(|o| o.get("id").and_then(serde_json::Value::as_str))
                .collect();
            let bundle_id = stix::Identifier::cairn("bundle", &ids.join("|"));
            let bundle =
                serde_json::json!({"type": "bundle", "id": bundle_id.as_str(), "objects": objects});
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &bundle)?;
            out.write_all(b"\n")?;
        }
        _ => print_hits(&hunter, &report, table)?,
    }
    summary(&report, elapsed, global.quiet)?;
    if args.record
        && let Some(objects) = &sightings
    {
        record(objects, global)?;
    }
    // Freeing a million small indicator allocations at exit costs time and gives nothing back.
    std::mem::forget(hunter);
    if report.files.iter().all(|f| f.error.is_some() && f.lines == 0) {
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    Ok(ExitCode::from(if report.hits.is_empty() { EXIT_NO } else { EXIT_OK }))
}

/// Plain-text logs are read with the extraction scanner: defanged IOCs, public-suffix checked
/// domains, file names that are not domains.
#[derive(Debug)]
struct ExtractScanner(extract::ioc::Scanner);

impl hunt::TextScanner for ExtractScanner {
    fn scan(&self, line: &str, out: &mut Vec<(&'static str, String)>) {
        use extract::ioc::IocKind;
        use hunt::index::{DOMAIN, EMAIL, IPV4, IPV6, MD5, SHA1, SHA256, URL};
        for ioc in self.0.scan(line) {
            let path = match ioc.kind {
                IocKind::Ipv4 | IocKind::Ipv4Cidr => IPV4,
                IocKind::Ipv6 | IocKind::Ipv6Cidr => IPV6,
                IocKind::Domain => DOMAIN,
                IocKind::Url => URL,
                IocKind::Email => EMAIL,
                IocKind::Md5 => MD5,
                IocKind::Sha1 => SHA1,
                IocKind::Sha256 => SHA256,
                _ => continue,
            };
            out.push((path, ioc.value));
        }
    }
}

/// Object types read from the knowledge base for a hunt: indicators, observables (hunted when a
/// relationship or a report links them to an actor), and what tells the actor and state behind
/// them.
const KB_TYPES: [&str; 14] = [
    "indicator",
    "relationship",
    "intrusion-set",
    "threat-actor",
    "campaign",
    "malware",
    "location",
    "report",
    "ipv4-addr",
    "ipv6-addr",
    "domain-name",
    "url",
    "email-addr",
    "file",
];

/// The indicators of the knowledge base with the objects that name their actors and states.
pub(crate) fn kb_objects(global: &Global) -> anyhow::Result<Vec<serde_json::Value>> {
    let mut store = crate::store::open(global)?;
    let mut objects = Vec::new();
    for ty in KB_TYPES {
        let mut after: Option<String> = None;
        loop {
            let page = store
                .list(Some(ty), after.as_deref(), 10_000)
                .with_context(|| format!("cannot list {ty} objects"))?;
            objects.extend(page.items.into_iter().map(|o| o.object));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
    }
    Ok(objects)
}

/// The log sources as sightings name them: absolute paths, dated by the file's modification
/// time for records without an event time (`now` for stdin).
fn sources(logs: &[PathBuf], now: stix::Timestamp) -> Vec<hunt::sighting::Source> {
    logs.iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                return hunt::sighting::Source { name: "-".into(), fallback: now };
            }
            let name = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let fallback = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(now, |d| {
                    stix::Timestamp::from_unix(d.as_secs() as i64, d.subsec_nanos(), 3)
                });
            hunt::sighting::Source { name: name.display().to_string(), fallback }
        })
        .collect()
}

/// Writes the hunt's sightings (one per indicator, or per actor for a report's observable, and
/// log source, with their observed-data and SCOs) into the knowledge base. Sources are named by
/// absolute path; records without an event time count at the file's modification time, so
/// recording the same hunt twice changes nothing.
fn record(objects: &[serde_json::Value], global: &Global) -> anyhow::Result<()> {
    let count = objects.iter().filter(|o| o["type"] == "sighting").count();
    if count == 0 {
        if !global.quiet {
            eprintln!(
                "cairn: no sightings to record (hits on list entries, and on observables linked to no single actor, are not recorded)"
            );
        }
        return Ok(());
    }
    let mut store = crate::store::open(global)?;
    let source = kb::Source::new("hunt:cairn", kb::SourceKind::Import, "cairn hunt");
    let summary = store
        .ingest(&source, objects, &kb::IngestOptions::default())
        .context("cannot record the sightings")?;
    if !global.quiet {
        eprintln!(
            "cairn: recorded {count} sightings ({} new object versions)",
            summary.new_versions
        );
    }
    Ok(())
}

fn print_hits(hunter: &Hunter, report: &HuntReport, table: bool) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if table && !report.hits.is_empty() {
        writeln!(
            out,
            "{:<24} {:>9}  {:<27} {:<20} {:<40} {:<30} {:<20} {:<5} INDICATOR",
            "FILE", "LINE", "TIME", "FIELD", "VALUE", "MATCHED", "ACTOR", "STATE"
        )?;
    }
    for hit in &report.hits {
        let ind = hunter.indicator(hit.indicator);
        let file = report.files.get(hit.file).map_or("-", |f| f.name.as_str());
        if table {
            writeln!(
                out,
                "{file:<24} {:>9}  {:<27} {:<20} {:<40} {:<30} {:<20} {:<5} {}",
                hit.line,
                hit.ts.as_deref().unwrap_or("-"),
                hit.field,
                hit.value,
                ind.matched,
                ind.actor.as_deref().unwrap_or("-"),
                ind.state.as_deref().unwrap_or("-"),
                ind.name()
            )?;
        } else {
            let line = HitLine {
                file,
                line: hit.line,
                field: &hit.field,
                value: &hit.value,
                indicator: ind.name(),
                matched: &ind.matched,
                actor: ind.actor.as_deref(),
                state: ind.state.as_deref(),
                ts: hit.ts.as_deref(),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn summary(report: &HuntReport, elapsed: Duration, quiet: bool) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for file in &report.files {
        if let Some(e) = &file.error {
            writeln!(err, "cairn: {}: {e}", file.name)?;
        }
        if quiet {
            continue;
        }
        for bad in &file.bad_samples {
            writeln!(err, "cairn: {}:{}: malformed line: {}", file.name, bad.line, bad.reason)?;
        }
        if file.bad_lines > file.bad_samples.len() as u64 {
            writeln!(
                err,
                "cairn: {}: {} more malformed lines",
                file.name,
                file.bad_lines - file.bad_samples.len() as u64
            )?;
        }
    }
    if !quiet {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let bytes = report.bytes();
        writeln!(
            err,
            "hunted {} files: {} lines, {} bytes in {:.2} s ({:.1} MB/s); {} hits, {} bad lines",
            report.files.len(),
            report.lines(),
            bytes,
            secs,
            bytes as f64 / 1e6 / secs,
            report.hits.len(),
            report.bad_lines()
        )?;
    }
    Ok(())
}

fn progress_bar(progress: &AtomicU64, done: &AtomicBool, total: u64, started: Instant) {
    let mut err = io::stderr();
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        let read = progress.load(Ordering::Relaxed);
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let rate = read as f64 / 1e6 / secs;
        let line = if total > 0 {
            let frac = (read as f64 / total as f64).min(1.0);
            let filled = (frac * 30.0) as usize;
            format!(
                "\r[{}{}] {:>5.1}% {:.0} MB/s ",
                "#".repeat(filled),
                " ".repeat(30 - filled),
                frac * 100.0,
                rate
            )
        } else {
            format!("\r{} MB {:.0} MB/s ", read / 1_000_000, rate)
        };
        let _ = err.write_all(line.as_bytes());
    }
    let _ = err.write_all(b"\r\x1b[K");
}
