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
    /// Only indicators modified at or after this time: a date (`2026-11-01`), an RFC 3339
    /// timestamp, or an age (`7d`, `24h`, `2w`). Observables count from the report or
    /// relationship that links them to an actor.
    #[arg(long, value_name = "WHEN")]
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
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let mut builder = IndexBuilder::new();
    let skipped = match &args.indicators {
        Some(source) => {
            let bytes = read_input(source, MAX_INPUT_BYTES)?;
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if matches!(first, Some(b'{' | b'[')) {
                let mut doc: serde_json::Value = serde_json::from_slice(&bytes)
                    .with_context(|| format!("{source}: not valid JSON"))?;
                if let Some(since) = since {
                    retain_since(&mut doc, since);
                }
                hunt::indicators::load_stix(&doc, &mut builder)
            } else if since.is_some() {
                bail!("{source}: --since needs dated STIX indicators; a plain list has no dates");
            } else {
                hunt::indicators::load_plain(&String::from_utf8_lossy(&bytes), &mut builder)
            }
        }
        None => {
            let mut doc = serde_json::Value::Array(super::hunt::kb_objects(global)?);
            if let Some(since) = since {
                retain_since(&mut doc, since);
            }
            hunt::indicators::load_stix(&doc, &mut builder)
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

/// Reads `--since`: a date, an RFC 3339 timestamp, or an age before now (`7d`, `24h`, `2w`).
fn parse_since(text: &str) -> anyhow::Result<stix::Timestamp> {
    let text = text.trim();
    let unit = |c: char| match c {
        'h' => Some(3_600),
        'd' => Some(86_400),
        'w' => Some(7 * 86_400),
        _ => None,
    };
    if let Some(last) = text.chars().last()
        && let Some(secs) = unit(last)
        && let Ok(n) = text[..text.len() - 1].parse::<i64>()
        && (0..=100_000).contains(&n)
    {
        let now = crate::now();
        return Ok(stix::Timestamp::from_unix(now.unix_seconds() - n * secs, 0, 0));
    }
    let full = if text.len() == 10 { format!("{text}T00:00:00Z") } else { text.to_string() };
    hunt::time::parse(&full).with_context(|| {
        format!("--since {text:?}: expected a date (2026-11-01), an RFC 3339 time or an age (7d, 24h, 2w)")
    })
}

/// Keeps the objects of `doc` dated at or after `since`: indicators by `modified` (or
/// `created`), and the reports and relationships that link observables to actors likewise.
/// Other objects stay, so an indicator keeps the actor and state behind it.
fn retain_since(doc: &mut serde_json::Value, since: stix::Timestamp) {
    use serde_json::Value;
    let objects = match doc {
        Value::Array(items) => items,
        Value::Object(map) => match map.get_mut("objects") {
            Some(Value::Array(items)) => items,
            _ => return,
        },
        _ => return,
    };
    let dated = |o: &Value| {
        let when = o.get("modified").or_else(|| o.get("created")).and_then(Value::as_str);
        when.and_then(|t| stix::Timestamp::parse(t).ok()).is_some_and(|t| t >= since)
    };
    let links_observable = |o: &Value| {
        let is_sco = |key: &str| {
            o.get(key).and_then(Value::as_str).is_some_and(hunt::indicators::is_observable)
        };
        is_sco("source_ref") || is_sco("target_ref")
    };
    objects.retain(|o| match o.get("type").and_then(Value::as_str) {
        Some("indicator" | "report" | "grouping") => dated(o),
        Some("relationship") if links_observable(o) => dated(o),
        _ => true,
    });
}
