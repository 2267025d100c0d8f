//! `cairn list TYPE [--after CURSOR] [--limit N]`: current objects of one type, ordered by id,
//! one page at a time. The cursor of the next page is printed last (text) or as `next` (JSON).

use std::io::{self, Write};
use std::process::ExitCode;

use crate::{EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// STIX type (`intrusion-set`, `malware`, ...), or `all`.
    #[arg(value_name = "TYPE")]
    object_type: String,
    /// Cursor from the previous page.
    #[arg(long, value_name = "CURSOR")]
    after: Option<String>,
    /// Objects per page.
    #[arg(long, default_value_t = 100, value_name = "N")]
    limit: usize,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut store = crate::store::open(global)?;
    let ty = (args.object_type != "all").then_some(args.object_type.as_str());
    let page = store.list(ty, args.after.as_deref(), args.limit)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match global.format {
        Some(Format::Json) => {
            let objects: Vec<_> = page.items.iter().map(|o| &o.object).collect();
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({"objects": objects, "next": page.next}),
            )?;
            writeln!(out)?;
        }
        Some(Format::Jsonl) | Some(Format::Stix) => {
            for o in &page.items {
                serde_json::to_writer(&mut out, &o.object)?;
                writeln!(out)?;
            }
        }
        Some(Format::Text) | Some(Format::Table) | None => {
            for o in &page.items {
                let id = o.object.get("id").and_then(|v| v.as_str()).unwrap_or("-");
                let name = o.object.get("name").and_then(|v| v.as_str()).unwrap_or("");
                writeln!(out, "{id}  {name}")?;
            }
            if let Some(next) = &page.next
                && !global.quiet
            {
                writeln!(out, "# next page: --after {next}")?;
            }
        }
        Some(other) => {
            anyhow::bail!("list supports --format text, json, jsonl or stix, not {other:?}")
        }
    }
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}
