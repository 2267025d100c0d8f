//! `cairn search TEXT`: full-text search over names, aliases, descriptions and report text.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::{EXIT_NO, EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Words that must all occur (case and punctuation do not matter).
    #[arg(required = true, value_name = "TEXT")]
    text: Vec<String>,
    /// Most results shown.
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut store = crate::store::open(global)?;
    let hits = store.search(&args.text.join(" "), args.limit)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match global.format {
        Some(Format::Json) => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        Some(Format::Jsonl) => {
            for h in &hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Some(Format::Text) | Some(Format::Table) | None => {
            for h in &hits {
                let ext = h.external_id.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
                writeln!(
                    out,
                    "{:<16} {}{ext}  {}",
                    h.object_type,
                    h.name.as_deref().unwrap_or("-"),
                    h.id
                )?;
            }
        }
        Some(other) => anyhow::bail!("search supports --format text, json or jsonl, not {other:?}"),
    }
    out.flush()?;
    Ok(ExitCode::from(if hits.is_empty() { EXIT_NO } else { EXIT_OK }))
}
