//! `cairn sync`: load the public reference sets (MITRE ATT&CK, MISP galaxy clusters, Microsoft's
//! threat-actor naming map) into the knowledge base.
//!
//! - `cairn sync --from DIR` reads an offline mirror laid out like `../shared/data`
//!   (`mitre-attack/*.json[.gz]`, `misp-galaxy/clusters/*.json`,
//!   `microsoft-mstic/MicrosoftMapping.json`); see `formats::sync`.
//! - `cairn sync` downloads the same files from their upstream locations into a cache directory
//!   (`--cache`, default `$XDG_CACHE_HOME/cairn/reference` or `~/.cache/cairn/reference`), then
//!   loads the cache as with `--from`. The URLs are listed by `formats::sync::downloads()`:
//!   raw files of `mitre-attack/attack-stix-data`, `MISP/misp-galaxy` and `microsoft/mstic` on
//!   GitHub. Cairn has no HTTP stack of its own: downloads run the `curl` program, which must be
//!   installed (each with `--fail`, a size cap and a time limit).
//!
//! Each file is its own source and transaction; re-running is idempotent.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context as _, bail};

use super::import::{DEFAULT_MAX_BYTES, Importer, finish, output_format};
use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Load from this directory (laid out like the upstream mirrors) instead of downloading.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Where downloads go (default: the user's cache directory).
    #[arg(long, value_name = "DIR", conflicts_with = "from")]
    cache: Option<PathBuf>,
    /// Keep the good records of a file with bad ones, and list the rejected records.
    #[arg(long)]
    skip_invalid: bool,
    /// Largest file accepted, in bytes after decompression (also the download cap).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format = output_format(global, "sync")?;
    let started = Instant::now();
    let dir = match &args.from {
        Some(dir) => dir.clone(),
        None => {
            let cache = match &args.cache {
                Some(c) => c.clone(),
                None => default_cache_dir()?,
            };
            download_all(&cache, args.max_bytes, global)?;
            cache
        }
    };
    let plan =
        formats::sync::plan(&dir).with_context(|| format!("{}: cannot read", dir.display()))?;
    if plan.is_empty() {
        bail!(
            "{}: no reference files found (expected mitre-attack/, misp-galaxy/clusters/, microsoft-mstic/)",
            dir.display()
        );
    }
    let mut importer = Importer::open(global, args.skip_invalid, args.max_bytes)?;
    let options =
        formats::Options { skip_invalid: args.skip_invalid, ..formats::Options::default() };
    // Producers, countries and every cluster's ids first: the clusters refer to one another.
    let (context, warnings) = formats::sync::misp_context(&plan, args.max_bytes, &options);
    if !global.quiet {
        for w in warnings {
            eprintln!("cairn: {w}");
        }
    }
    let mut outcomes = Vec::new();
    for item in &plan {
        let file = item.path.to_string_lossy().into_owned();
        let bytes = match formats::read_file(&item.path, args.max_bytes) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("cairn: {file}: {e}");
                return Ok(ExitCode::from(crate::EXIT_ERROR));
            }
        };
        let outcome = importer.import_bytes(&file, &bytes, &context)?;
        importer.report(&outcome, format)?;
        outcomes.push(outcome);
    }
    let code = finish(&outcomes, format, global)?;
    if !global.quiet && format == crate::Format::Text {
        eprintln!("sync took {:.2} s", started.elapsed().as_secs_f64());
    }
    Ok(code)
}

fn default_cache_dir() -> anyhow::Result<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .context("no --cache given and neither XDG_CACHE_HOME nor HOME is set")?;
    Ok(base.join("cairn").join("reference"))
}

/// Downloads every upstream file into `cache` with `curl`, each to a temporary name first so
/// an interrupted download never leaves a truncated file where `plan` would read it.
fn download_all(cache: &Path, max_bytes: u64, global: &Global) -> anyhow::Result<()> {
    let curl_ok = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !curl_ok {
        bail!(
            "cairn sync downloads with the `curl` program, which was not found; install it, or use --from DIR with a local mirror"
        );
    }
    for download in formats::sync::downloads() {
        let target = cache.join(&download.relative_path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        let partial = target.with_extension("part");
        if !global.quiet {
            eprintln!("downloading {}", download.url);
        }
        let status = Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location", "--proto", "=https"])
            .args(["--max-filesize", &max_bytes.to_string(), "--max-time", "600", "--retry", "2"])
            .arg("--output")
            .arg(&partial)
            .arg(&download.url)
            .status()
            .context("cannot run curl")?;
        if !status.success() {
            let _ = std::fs::remove_file(&partial);
            bail!("downloading {} failed (curl exit status {status})", download.url);
        }
        std::fs::rename(&partial, &target)
            .with_context(|| format!("{}: cannot write", target.display()))?;
    }
    Ok(())
}
