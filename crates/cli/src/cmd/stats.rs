//! `cairn stats`: what the knowledge base holds, and the landscape aggregates (counts by actor,
//! sponsor state, origin, sector, victim country, activity type and time bucket).

use std::io::{self, Write};
use std::process::ExitCode;

use kb::{Bucket, Count};

use crate::{EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Time bucket of the activity counts.
    #[arg(long, value_enum, default_value = "year")]
    bucket: BucketArg,
    /// Rows shown per aggregate in text output (0: all).
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum BucketArg {
    Year,
    Month,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut store = crate::store::open(global)?;
    let stats = store.stats()?;
    let aggregates = store.aggregates(match args.bucket {
        BucketArg::Year => Bucket::Year,
        BucketArg::Month => Bucket::Month,
    })?;
    let sources = store.sources()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match global.format {
        Some(Format::Json) => {
            let doc = serde_json::json!({"store": store.url(), "stats": stats, "sources": sources, "aggregates": aggregates});
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Some(Format::Text) | None => {
            writeln!(out, "knowledge base {} (schema {})", store.url(), stats.schema_version)?;
            writeln!(
                out,
                "  {} objects ({} versions), {} claims from {} sources, {} relationships",
                stats.objects, stats.versions, stats.claims, stats.sources, stats.relationships
            )?;
            writeln!(
                out,
                "  {} actor records resolved into {} actors",
                stats.actor_records, stats.actors
            )?;
            for s in &sources {
                writeln!(
                    out,
                    "  source {} ({}, {}): {} claims",
                    s.source.key,
                    s.source.name,
                    s.source.kind.as_str(),
                    s.claims
                )?;
            }
            let section = |out: &mut dyn Write, title: &str, rows: &[Count]| -> io::Result<()> {
                if rows.is_empty() {
                    return Ok(());
                }
                writeln!(out, "{title}:")?;
                let n = if args.top == 0 { rows.len() } else { args.top.min(rows.len()) };
                for c in &rows[..n] {
                    writeln!(out, "  {:>7}  {}", c.count, c.label)?;
                }
                Ok(())
            };
            section(&mut out, "objects by type", &stats.by_type)?;
            section(&mut out, "activity by actor", &aggregates.by_actor)?;
            section(&mut out, "actors by sponsor state", &aggregates.by_sponsor)?;
            section(&mut out, "actors by country of origin", &aggregates.by_origin)?;
            section(&mut out, "attackers by targeted sector", &aggregates.by_sector)?;
            section(&mut out, "attackers by victim country", &aggregates.by_victim_country)?;
            section(&mut out, "by activity type", &aggregates.by_activity_type)?;
            if !aggregates.by_time.is_empty() {
                writeln!(
                    out,
                    "dated objects by {}:",
                    if matches!(args.bucket, BucketArg::Year) { "year" } else { "month" }
                )?;
                for c in &aggregates.by_time {
                    writeln!(out, "  {}  {}", c.key, c.count)?;
                }
            }
        }
        Some(other) => anyhow::bail!("stats supports --format text or json, not {other:?}"),
    }
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}
