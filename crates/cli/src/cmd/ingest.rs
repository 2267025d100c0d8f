//! `cairn ingest FILE...|DIR`: extract each report and store it, with its claims and provenance,
//! in the knowledge base. Idempotent per document (the source key is the hash of the normalized
//! text); a document that fails is reported and the others still go in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::Value;

use crate::{EXIT_ERROR, EXIT_OK, Format, Global};
use extract::Finding;
use extract::finding::Role;

/// Extract and store reports (text, Markdown, HTML, PDF); directories are read recursively.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Report files or directories.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,
}

const EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm", "pdf"];

fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
                    .with_context(|| format!("{}: cannot read directory", d.display()))?
                    .flatten()
                    .map(|e| e.path())
                    .collect();
                entries.sort();
                for e in entries {
                    if e.is_dir() {
                        stack.push(e);
                    } else if e
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
                    {
                        out.push(e);
                    }
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// What the reports said, summed for the closing summary.
#[derive(Default)]
struct Learned {
    actors: BTreeMap<String, BTreeSet<String>>,
    states: BTreeMap<String, usize>,
    victims: BTreeMap<String, usize>,
    sectors: BTreeMap<String, usize>,
    activities: BTreeMap<String, usize>,
    /// (USD value when the text gives one, the amount as written, who it is attributed to)
    money: Vec<(Option<f64>, String, String)>,
    iocs: BTreeMap<(String, String), usize>,
}

impl Learned {
    fn add(&mut self, x: &extract::Extraction) {
        for f in &x.items {
            match f {
                Finding::Entity(e) if e.entity_type.is_actor() && e.ambiguous.is_empty() => {
                    let c = self.actors.entry(e.name.clone()).or_default();
                    if let Some(cc) = &e.country {
                        c.insert(cc.clone());
                    }
                }
                Finding::Sector { value, .. } => {
                    *self.sectors.entry(value.clone()).or_default() += 1
                }
                Finding::Activity { value, .. } => {
                    *self.activities.entry(value.as_str().to_owned()).or_default() += 1
                }
                Finding::Amount(a) => {
                    let who = a
                        .actor
                        .clone()
                        .or(a.country.clone())
                        .unwrap_or_else(|| "unattributed".into());
                    let usd = a.usd_known.then_some(a.usd);
                    let mention = if a.usd_known {
                        a.mention.clone()
                    } else {
                        format!("{} ({} {}, no USD figure given)", a.mention, a.value, a.currency)
                    };
                    self.money.push((usd, mention, who));
                }
                Finding::Observable(i) => {
                    *self.iocs.entry((i.kind.as_str().to_owned(), i.value.clone())).or_default() +=
                        1
                }
                _ => {}
            }
        }
        for (c, r) in x.country_roles() {
            match r {
                Role::Sponsor => *self.states.entry(c).or_default() += 1,
                Role::Victim => *self.victims.entry(c).or_default() += 1,
                _ => {}
            }
        }
    }

    fn print(&self) {
        let top = |m: &BTreeMap<String, usize>, n: usize| {
            let mut v: Vec<(&String, &usize)> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.into_iter().take(n).map(|(k, c)| format!("{k} ({c})")).collect::<Vec<_>>().join(", ")
        };
        println!("\nWhat was learned");
        println!("  actors:");
        for (a, cs) in self.actors.iter().take(25) {
            let cs: Vec<&str> = cs.iter().map(String::as_str).collect();
            println!(
                "    {a}{}",
                if cs.is_empty() { String::new() } else { format!(" -> {}", cs.join(", ")) }
            );
        }
        println!("  states acting (sponsors): {}", top(&self.states, 10));
        println!("  victim countries: {}", top(&self.victims, 10));
        println!("  sectors: {}", top(&self.sectors, 10));
        println!("  activities: {}", top(&self.activities, 10));
        let mut money = self.money.clone();
        money.sort_by(|a, b| b.0.unwrap_or(-1.0).total_cmp(&a.0.unwrap_or(-1.0)));
        let total: f64 = money.iter().filter_map(|m| m.0).fold(0.0, |a, b| a + b);
        println!(
            "  money: {} amounts, largest first (USD {:.0} in total as reported):",
            money.len(),
            total
        );
        for (usd, mention, who) in money.iter().take(5) {
            match usd {
                Some(usd) => println!("    {mention} (USD {usd:.0}) - {who}"),
                None => println!("    {mention} - {who}"),
            }
        }
        let mut iocs: Vec<(&(String, String), &usize)> = self.iocs.iter().collect();
        iocs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("  top IOCs:");
        for ((k, v), n) in iocs.into_iter().take(10) {
            println!("    {k:<12} {v} ({n})");
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if !matches!(global.format, None | Some(Format::Text)) {
        bail!("ingest: only the text format is supported");
    }
    let files = collect(&args.paths)?;
    if files.is_empty() {
        bail!("no report files found (looked for {})", EXTENSIONS.join(", "));
    }
    let mut store = crate::store::open(global)?;
    let lexicon = super::extract::lexicon_from_store(&mut store)?;
    let known: BTreeSet<String> = store.sources()?.into_iter().map(|s| s.source.key).collect();
    let bar = if files.len() > 1 && !global.quiet {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{msg:30!} [{bar:40.cyan/blue}] {pos}/{len} reports",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let limits = extract::reader::Limits::default();
    let (mut new_reports, mut unchanged, mut failed, mut new_claims) =
        (0usize, 0usize, 0usize, 0usize);
    let mut learned = Learned::default();
    for path in &files {
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        bar.set_message(name.clone());
        match ingest_one(path, &name, &mut store, &lexicon, &limits, &known) {
            Ok((x, claims, was_new)) => {
                learned.add(&x);
                if was_new {
                    new_reports += 1;
                    new_claims += claims;
                } else {
                    unchanged += 1;
                }
                if let Some(p) = &x.partial {
                    bar.suspend(|| eprintln!("cairn: {}: partial: {p}", path.display()));
                }
            }
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("cairn: {}: {e:#}", path.display()));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !global.quiet {
        println!(
            "{} reports: {new_reports} new ({new_claims} new claims), {unchanged} already known, {failed} failed",
            files.len()
        );
        learned.print();
    }
    Ok(ExitCode::from(if failed > 0 { EXIT_ERROR } else { EXIT_OK }))
}

fn ingest_one(
    path: &Path,
    name: &str,
    store: &mut kb::Store,
    lexicon: &extract::Lexicon,
    limits: &extract::reader::Limits,
    known: &BTreeSet<String>,
) -> anyhow::Result<(extract::Extraction, usize, bool)> {
    let doc = extract::reader::read_path(path, limits).context("cannot read")?;
    let x = extract::extract(&doc, lexicon, extract::Options::default());
    let key = x.source_key();
    if known.contains(&key) {
        return Ok((x, 0, false));
    }
    let objects = x.to_stix(&key, &super::extract::now());
    let mut source = kb::Source::new(
        key.clone(),
        kb::SourceKind::Report,
        x.title.clone().unwrap_or_else(|| name.to_owned()),
    );
    source.url = Some(path.display().to_string());
    source.published = x.published.clone();
    let mut options = kb::IngestOptions { skip_invalid: true, ..kb::IngestOptions::default() };
    let report_id = objects
        .iter()
        .find(|o| o.get("type").and_then(Value::as_str) == Some("report"))
        .and_then(|o| o.get("id").and_then(Value::as_str))
        .unwrap_or("")
        .to_owned();
    for o in &objects {
        let ev = o
            .get("extensions")
            .and_then(|e| e.get(extract::stix_out::CAIRN_EVIDENCE_EXTENSION))
            .and_then(|e| e.get("evidence"))
            .and_then(|e| e.get(0));
        if let (Some(id), Some(ev)) = (o.get("id").and_then(Value::as_str), ev) {
            options.evidence.insert(
                id.to_owned(),
                kb::Evidence {
                    report: report_id.clone(),
                    start: ev.get("start").and_then(Value::as_i64).unwrap_or(0),
                    end: ev.get("end").and_then(Value::as_i64).unwrap_or(0),
                    sentence: ev.get("sentence").and_then(Value::as_str).map(str::to_owned),
                },
            );
        }
    }
    let summary = store
        .ingest(&source, &objects, &options)
        .context("the knowledge base refused the report")?;
    for r in &summary.rejected {
        eprintln!(
            "cairn: {}: skipped object {}: {}",
            path.display(),
            r.id.as_deref().unwrap_or("?"),
            r.reason
        );
    }
    Ok((x, summary.new_claims, true))
}
