//! `cairn get ID [--all-versions]`: one STIX object from the knowledge base, with who asserts it.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::{EXIT_NO, EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// STIX id (`type--uuid`).
    id: String,
    /// Every stored version, oldest first, instead of the current one.
    #[arg(long)]
    all_versions: bool,
    /// A specific version, by its `modified` timestamp.
    #[arg(long, value_name = "TIMESTAMP", conflicts_with = "all_versions")]
    version: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut store = crate::store::open(global)?;
    let found = if args.all_versions {
        store.versions(&args.id)?
    } else if let Some(v) = &args.version {
        store.get_version(&args.id, v)?.into_iter().collect()
    } else {
        store.get(&args.id)?.into_iter().collect()
    };
    if found.is_empty() {
        if !global.quiet {
            eprintln!("cairn: {} is not in the knowledge base", args.id);
        }
        return Ok(ExitCode::from(EXIT_NO));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match global.format {
        // The full records: object, insertion sequence and claims.
        Some(Format::Json) => {
            serde_json::to_writer_pretty(&mut out, &found)?;
            writeln!(out)?;
        }
        Some(Format::Jsonl) => {
            for o in &found {
                serde_json::to_writer(&mut out, o)?;
                writeln!(out)?;
            }
        }
        // STIX: the object(s) alone; text adds who asserts each version on stderr-free comments.
        Some(Format::Stix) | Some(Format::Text) | None => {
            for o in &found {
                if global.format != Some(Format::Stix) && !global.quiet {
                    for c in &o.claims {
                        let conf =
                            c.confidence.map(|c| format!(", confidence {c}")).unwrap_or_default();
                        writeln!(
                            out,
                            "# asserted by {} ({}{conf}) at {}",
                            c.source_name, c.source, c.claimed_at
                        )?;
                    }
                }
                serde_json::to_writer_pretty(&mut out, &o.object)?;
                writeln!(out)?;
            }
        }
        Some(other) => {
            anyhow::bail!("get supports --format text, json, jsonl or stix, not {other:?}")
        }
    }
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}
