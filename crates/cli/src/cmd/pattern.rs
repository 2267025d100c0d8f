//! `cairn pattern check|match`: validate a STIX pattern, or match it against observed-data.

use std::io::{self, Write};
use std::process::ExitCode;

use pattern::{ObservedData, Pattern};

use crate::{EXIT_ERROR, EXIT_NO, EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Check a pattern's syntax: exit 0 if valid, 1 if not (with line:column and the reason).
    Check {
        /// The STIX pattern, e.g. "[ipv4-addr:value = '198.51.100.7']".
        pattern: String,
    },
    /// Match a pattern against observed-data: exit 0 on a match, 1 on none, 2 on an error.
    Match {
        /// The STIX pattern.
        pattern: String,
        /// A bundle or an array of objects holding observed-data and their SCOs; `-` is stdin.
        #[arg(value_name = "OBSERVED.json")]
        observed: String,
    },
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let json = match global.format {
        None | Some(Format::Text) => false,
        Some(Format::Json) => true,
        Some(other) => anyhow::bail!("pattern supports --format text or json, not {other:?}"),
    };
    let mut out = io::stdout().lock();
    match args.command {
        Command::Check { pattern } => match Pattern::parse(&pattern) {
            Ok(p) => {
                // Valid syntax; problems that only show at evaluation are warnings.
                for d in p.evaluation_errors() {
                    eprintln!(
                        "warning: {}:{}: {} (every evaluation will fail)",
                        d.line, d.column, d.message
                    );
                }
                if json {
                    writeln!(out, "{}", serde_json::json!({"valid": true}))?;
                } else if !global.quiet {
                    writeln!(out, "valid")?;
                }
                Ok(ExitCode::from(EXIT_OK))
            }
            Err(diagnostics) => {
                if json {
                    let list: Vec<_> = diagnostics
                        .iter()
                        .map(|d| serde_json::json!({"line": d.line, "column": d.column, "message": d.message}))
                        .collect();
                    writeln!(out, "{}", serde_json::json!({"valid": false, "errors": list}))?;
                } else {
                    for d in &diagnostics {
                        writeln!(out, "{}:{}: {}", d.line, d.column, d.message)?;
                    }
                }
                Ok(ExitCode::from(EXIT_NO))
            }
        },
        Command::Match { pattern, observed } => {
            let p = match Pattern::parse(&pattern) {
                Ok(p) => p,
                Err(diagnostics) => {
                    for d in &diagnostics {
                        eprintln!("cairn: invalid pattern: {}:{}: {}", d.line, d.column, d.message);
                    }
                    return Ok(ExitCode::from(EXIT_ERROR));
                }
            };
            let doc = crate::input::read_json_document(&observed)?;
            let data =
                ObservedData::from_json(&doc).map_err(|e| anyhow::anyhow!("{observed}: {e}"))?;
            let result = p.matches(&data).map_err(|e| anyhow::anyhow!("{observed}: {e}"))?;
            let ids: Vec<String> = result
                .observed_data
                .iter()
                .map(|i| {
                    data.get(*i)
                        .and_then(ObservedData::id)
                        .map_or_else(|| format!("#{i}"), str::to_string)
                })
                .collect();
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"matched": result.matched, "observed_data": ids})
                )?;
            } else if !global.quiet {
                if result.matched {
                    writeln!(out, "match: {}", ids.join(" "))?;
                } else {
                    writeln!(out, "no match ({} observed-data)", data.len())?;
                }
            }
            Ok(ExitCode::from(if result.matched { EXIT_OK } else { EXIT_NO }))
        }
    }
}
