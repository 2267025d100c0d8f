//! `cairn import`: load files in their upstream formats (STIX bundles such as ATT&CK, MISP galaxy
//! clusters, Microsoft's naming map; gzip or not) into the knowledge base.
//!
//! Each file is one source and one transaction. A malformed record rejects its file (nothing of
//! it is stored) unless `--skip-invalid`, which keeps the good records and lists the others.
//! Exit code: 0 all loaded, 1 some file was invalid or of an unknown format, 2 a file could not
//! be read or the store failed.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::{EXIT_ERROR, EXIT_NO, EXIT_OK, Format, Global};

/// Default cap on one input after decompression.
pub const DEFAULT_MAX_BYTES: u64 = formats::DEFAULT_MAX_BYTES;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files to import: STIX bundles (ATT&CK ...), MISP galaxy clusters, Microsoft's naming map;
    /// `.gz` is accepted, `-` is stdin.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Keep the good records of a file with bad ones, and list the rejected records.
    #[arg(long)]
    skip_invalid: bool,
    /// Largest input accepted, in bytes after decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format = output_format(global, "import")?;
    let mut importer = Importer::open(global, args.skip_invalid, args.max_bytes)?;
    let mut outcomes = Vec::new();
    for file in &args.files {
        let outcome = importer.import_path(file)?;
        importer.report(&outcome, format)?;
        outcomes.push(outcome);
    }
    finish(&outcomes, format, global)
}

/// Text or JSON; other formats are refused.
pub(crate) fn output_format(global: &Global, command: &str) -> anyhow::Result<Format> {
    match global.format {
        None | Some(Format::Text) => Ok(Format::Text),
        Some(Format::Json) => Ok(Format::Json),
        Some(other) => anyhow::bail!("{command} supports --format text or json, not {other:?}"),
    }
}

/// How one file went.
#[derive(Debug, Serialize)]
pub(crate) struct Outcome {
    pub file: String,
    /// `ok`, `skipped` (a MISP galaxy definition), `invalid` (bad data or unknown format) or
    /// `unreadable`.
    pub status: &'static str,
    pub format: Option<&'static str>,
    pub source: Option<String>,
    pub version: Option<String>,
    pub objects: usize,
    pub new_versions: usize,
    pub new_claims: usize,
    pub revoked: usize,
    pub deprecated: usize,
    pub warnings: Vec<String>,
    pub rejected: Vec<String>,
    pub error: Option<String>,
}

impl Outcome {
    fn new(file: &str) -> Self {
        Outcome {
            file: file.to_owned(),
            status: "ok",
            format: None,
            source: None,
            version: None,
            objects: 0,
            new_versions: 0,
            new_claims: 0,
            revoked: 0,
            deprecated: 0,
            warnings: Vec::new(),
            rejected: Vec::new(),
            error: None,
        }
    }

    fn failed(mut self, status: &'static str, error: String) -> Self {
        self.status = status;
        self.error = Some(error);
        self
    }
}

/// Loads files into one store; shared by `import` and `sync`.
pub(crate) struct Importer {
    store: kb::Store,
    options: formats::Options,
    max_bytes: u64,
    progress: bool,
    quiet: bool,
    verbose: u8,
    /// MISP side files (producers, countries) per directory.
    contexts: HashMap<PathBuf, formats::misp::Context>,
}

impl Importer {
    pub fn open(global: &Global, skip_invalid: bool, max_bytes: u64) -> anyhow::Result<Self> {
        let store = crate::store::open(global)?;
        Ok(Importer {
            store,
            options: formats::Options { skip_invalid, ..formats::Options::default() },
            max_bytes,
            progress: !global.quiet && io::stderr().is_terminal(),
            quiet: global.quiet,
            verbose: global.verbose,
            contexts: HashMap::new(),
        })
    }

    /// Imports one file (`-` is stdin). Store failures (locked, full, corrupt) are errors; bad
    /// data is an [`Outcome`] with status `invalid`.
    pub fn import_path(&mut self, file: &str) -> anyhow::Result<Outcome> {
        let read = if file == "-" {
            formats::read_bounded(io::stdin().lock(), self.max_bytes)
        } else {
            formats::read_file(Path::new(file), self.max_bytes)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(formats::FormatError::TooLarge { what, limit }) => {
                return Ok(Outcome::new(file).failed(
                    "invalid",
                    format!("larger than the {what}size limit of {limit} bytes (see --max-bytes)"),
                ));
            }
            Err(e) => {
                return Ok(Outcome::new(file).failed("unreadable", e.to_string()));
            }
        };
        let context = match formats::detect(file, &bytes) {
            Some(formats::Kind::MispCluster) if file != "-" => self.context_beside(Path::new(file)),
            _ => formats::misp::Context::new(),
        };
        self.import_bytes(file, &bytes, &context)
    }

    /// The MISP context of the directory holding `path`: its `producer.json`, `country.json`
    /// and the ids of its other clusters (read once per directory).
    fn context_beside(&mut self, path: &Path) -> formats::misp::Context {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if let Some(c) = self.contexts.get(&dir) {
            return c.clone();
        }
        let (context, warnings) =
            formats::sync::misp_context_for_dir(&dir, self.max_bytes, &self.options);
        if !self.quiet {
            for w in warnings {
                eprintln!("cairn: {w}");
            }
        }
        self.contexts.insert(dir, context.clone());
        context
    }

    /// Loads `bytes` (named `file`) with `context` and ingests the result.
    pub fn import_bytes(
        &mut self,
        file: &str,
        bytes: &[u8],
        context: &formats::misp::Context,
    ) -> anyhow::Result<Outcome> {
        let mut outcome = Outcome::new(file);
        let kind = formats::detect(file, bytes);
        outcome.format = kind.map(formats::Kind::describe);
        if kind == Some(formats::Kind::MispGalaxyDefinition) {
            // It describes a cluster file and holds no records: nothing to import.
            outcome.status = "skipped";
            outcome.warnings.push("a MISP galaxy definition holds no records: skipped".to_owned());
            return Ok(outcome);
        }
        let import = match formats::load_any(file, bytes, context, &self.options) {
            Ok(import) => import,
            Err(e @ formats::FormatError::Io(_)) => {
                return Ok(outcome.failed("unreadable", e.to_string()));
            }
            Err(e) => return Ok(outcome.failed("invalid", e.to_string())),
        };
        outcome.source = Some(import.source.key.clone());
        outcome.version = import.source.version.clone();
        outcome.revoked = import.revoked;
        outcome.deprecated = import.deprecated;
        outcome.warnings = import.warnings.clone();
        outcome.rejected = import.rejected.iter().map(ToString::to_string).collect();
        let source = kb_source(&import.source);
        let ingest_options = kb::IngestOptions {
            skip_invalid: self.options.skip_invalid,
            ..kb::IngestOptions::default()
        };
        let bar = self.bar(file, import.objects.len());
        let result =
            self.store.ingest_with_progress(&source, &import.objects, &ingest_options, &mut |n| {
                bar.set_position(n as u64);
            });
        bar.finish_and_clear();
        match result {
            Ok(summary) => {
                outcome.objects = summary.accepted;
                outcome.new_versions = summary.new_versions;
                outcome.new_claims = summary.new_claims;
                outcome.rejected.extend(summary.rejected.iter().map(ToString::to_string));
                Ok(outcome)
            }
            Err(kb::Error::Rejected(list)) => {
                let shown: Vec<String> = list.iter().take(5).map(ToString::to_string).collect();
                let more = list.len().saturating_sub(shown.len());
                let mut msg =
                    format!("rejected by the store, nothing stored: {}", shown.join("; "));
                if more > 0 {
                    msg.push_str(&format!("; and {more} more (see --skip-invalid)"));
                }
                Ok(outcome.failed("invalid", msg))
            }
            Err(e) => Err(anyhow::Error::new(e).context(format!("{file}: the store failed"))),
        }
    }

    fn bar(&self, file: &str, len: usize) -> indicatif::ProgressBar {
        if !self.progress || len < 1000 {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{msg:30!} [{bar:40.cyan/blue}] {pos}/{len} objects ({eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let name = Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy());
        bar.set_message(name.into_owned());
        bar
    }

    /// Prints one file's outcome (text mode; JSON is printed once at the end).
    pub fn report(&self, outcome: &Outcome, format: Format) -> anyhow::Result<()> {
        if format != Format::Text {
            return Ok(());
        }
        if let Some(err) = &outcome.error {
            eprintln!("cairn: {}: {err}", outcome.file);
            return Ok(());
        }
        if self.quiet {
            return Ok(());
        }
        let stdout = io::stdout();
        if outcome.status == "skipped" {
            writeln!(stdout.lock(), "{}: {}", outcome.file, outcome.warnings.join("; "))?;
            return Ok(());
        }
        let mut out = stdout.lock();
        let mut line = format!(
            "{}: {} -> {}",
            outcome.file,
            outcome.format.unwrap_or("?"),
            outcome.source.as_deref().unwrap_or("?")
        );
        if let Some(v) = &outcome.version {
            line.push_str(&format!(" (version {v})"));
        }
        line.push_str(&format!(
            ": {} objects, {} new versions, {} new claims",
            outcome.objects, outcome.new_versions, outcome.new_claims
        ));
        if outcome.revoked + outcome.deprecated > 0 {
            line.push_str(&format!(
                "; kept {} revoked and {} deprecated",
                outcome.revoked, outcome.deprecated
            ));
        }
        if !outcome.rejected.is_empty() {
            line.push_str(&format!("; {} rejected", outcome.rejected.len()));
        }
        if !outcome.warnings.is_empty() {
            line.push_str(&format!("; {} warnings", outcome.warnings.len()));
        }
        writeln!(out, "{line}")?;
        for r in &outcome.rejected {
            writeln!(out, "  rejected: {r}")?;
        }
        if self.verbose > 0 {
            for w in &outcome.warnings {
                writeln!(out, "  warning: {w}")?;
            }
        }
        Ok(())
    }
}

/// The kb's source for a loader's source description.
pub(crate) fn kb_source(info: &formats::SourceInfo) -> kb::Source {
    let kind = match info.kind {
        formats::SourceKind::Reference => kb::SourceKind::Reference,
        formats::SourceKind::Feed => kb::SourceKind::Feed,
        formats::SourceKind::Report => kb::SourceKind::Report,
        formats::SourceKind::Import => kb::SourceKind::Import,
        formats::SourceKind::User => kb::SourceKind::User,
    };
    let mut source = kb::Source::new(info.key.clone(), kind, info.name.clone());
    source.url = info.url.clone();
    source.version = info.version.clone();
    source
}

/// Prints the summary (or the JSON report) and picks the exit code.
pub(crate) fn finish(
    outcomes: &[Outcome],
    format: Format,
    global: &Global,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, outcomes)?;
        writeln!(out)?;
    } else if !global.quiet && outcomes.len() > 1 {
        let ok = outcomes.iter().filter(|o| o.status == "ok").count();
        let skipped = outcomes.iter().filter(|o| o.status == "skipped").count();
        let objects: usize = outcomes.iter().map(|o| o.objects).sum();
        let claims: usize = outcomes.iter().map(|o| o.new_claims).sum();
        let skipped = if skipped > 0 { format!(" ({skipped} skipped)") } else { String::new() };
        writeln!(
            out,
            "{ok} of {} files loaded{skipped}: {objects} objects, {claims} new claims",
            outcomes.len()
        )?;
    }
    out.flush()?;
    let code = if outcomes.iter().any(|o| o.status == "unreadable") {
        EXIT_ERROR
    } else if outcomes.iter().any(|o| o.status != "ok" && o.status != "skipped") {
        EXIT_NO
    } else {
        EXIT_OK
    };
    Ok(ExitCode::from(code))
}
