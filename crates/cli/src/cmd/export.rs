//! `cairn export`: indicators for SOC tools — Zeek Intel files, Suricata rules (and datasets),
//! CSV, plain lists, STIX bundles. The writers are `hunt::export`.
//!
//! `--format` takes `zeek-intel`, `suricata`, `csv`, `stix` or `plain` (the global `Format` enum
//! names them).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::ValueEnum;
use hunt::IndexBuilder;
use hunt::export::{self, ExportItem};

use crate::input::read_input;
use crate::{EXIT_OK, Global};

const MAX_INPUT_BYTES: u64 = 4 << 30;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only these types (comma-separated): ipv4-addr, ipv4-cidr, ipv6-addr, ipv6-cidr,
    /// domain-name, url, md5, sha1, sha256, email-addr, user-agent.
    #[arg(long = "type", value_delimiter = ',', value_name = "TYPES")]
    types: Vec<String>,
    /// Only indicators of this actor (name, case-insensitive).
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Only indicators modified since this date (not available yet).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Read the indicators from this STIX bundle or plain list instead of the knowledge base.
    #[arg(long, value_name = "FILE")]
    indicators: Option<String>,
    /// Suricata: also write dataset files (and the rules that load them) into this directory.
    #[arg(long, value_name = "DIR")]
    dataset_dir: Option<PathBuf>,
    /// Suricata: first rule sid.
    #[arg(long, default_value_t = 9_100_000, value_name = "SID")]
    sid_base: u32,
    /// Zeek Intel: the `meta.source` value.
    #[arg(long, default_value = "cairn", value_name = "NAME")]
    source: String,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format =
        global.format.and_then(|f| f.to_possible_value()).map(|v| v.get_name().to_string());
    let format = format.as_deref().unwrap_or("plain");
    if !matches!(format, "zeek-intel" | "suricata" | "csv" | "stix" | "plain") {
        bail!("export supports --format zeek-intel, suricata, csv, stix or plain, not {format}");
    }
    if args.since.is_some() {
        bail!("--since is not available yet (indicator dates are not kept by the export path)");
    }
    let mut builder = IndexBuilder::new();
    let skipped = match &args.indicators {
        Some(source) => {
            let bytes = read_input(source, MAX_INPUT_BYTES)?;
            hunt::indicators::load(&bytes, &mut builder)
                .with_context(|| format!("{source}: not valid JSON"))?
        }
        None => {
            let objects = super::hunt::kb_objects(global)?;
            hunt::indicators::load_stix(&serde_json::Value::Array(objects), &mut builder)
        }
    };
    if !global.quiet && !skipped.is_empty() {
        writeln!(
            io::stderr(),
            "cairn: {} indicators not exported (not simple values)",
            skipped.len()
        )?;
    }
    let index = builder.build();
    let mut items: Vec<ExportItem> = export::items_from_index(&index);
    if !args.types.is_empty() {
        items.retain(|i| args.types.iter().any(|t| t.eq_ignore_ascii_case(i.kind.as_str())));
    }
    if let Some(actor) = &args.actor {
        items.retain(|i| i.actor.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(actor)));
    }
    let text = match format {
        "zeek-intel" => export::zeek_intel(&items, &args.source),
        "suricata" => {
            let mut rules = export::suricata_rules(&items, args.sid_base);
            if let Some(dir) = &args.dataset_dir {
                let count = rules.lines().count() as u32;
                let (files, dataset_rules) =
                    export::suricata_datasets(&items, args.sid_base.saturating_add(count));
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("{}: cannot create", dir.display()))?;
                for (name, content) in files {
                    let path = dir.join(name);
                    std::fs::write(&path, content)
                        .with_context(|| format!("{}: cannot write", path.display()))?;
                }
                rules.push_str(&dataset_rules);
            }
            rules
        }
        "csv" => export::csv(&items),
        "stix" => {
            serde_json::to_string_pretty(&export::stix_bundle(&items, &crate::now().to_string()))?
                + "\n"
        }
        _ => export::plain(&items),
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}
