//! `cairn [--db URL] extract [--format jsonl|stix|table] FILE|-`: findings from one report.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::{EXIT_OK, Format, Global};

/// Extract IOCs, actors, countries, sectors, activities, amounts and relations from a report
/// (text, Markdown, HTML or PDF).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The report file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: String,
    /// Use only Cairn's own tables, not the knowledge base's names (the default when no
    /// knowledge base is named with --db / CAIRN_DB).
    #[arg(long)]
    pub no_kb: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format = match global.format {
        None | Some(Format::Jsonl) => Format::Jsonl,
        Some(f @ (Format::Stix | Format::Table)) => f,
        Some(f) => bail!("extract: --format {f:?} is not supported (jsonl, stix, table)"),
    };
    let limits = extract::reader::Limits::default();
    let bytes = crate::input::read_input(&args.input, limits.max_bytes as u64)?;
    let kind = extract::reader::detect(&args.input, bytes.get(..512).unwrap_or(&bytes));
    let doc = extract::reader::read(&bytes, kind, &limits)
        .with_context(|| format!("{}: cannot read", args.input))?;
    let lexicon = if global.db.is_some() && !args.no_kb {
        let mut store = crate::store::open(global)?;
        lexicon_from_store(&mut store)?
    } else {
        extract::Lexicon::builtin()
    };
    let x = extract::extract(&doc, &lexicon, extract::Options::default());
    if let Some(p) = &x.partial {
        eprintln!("cairn: {}: partial result: {p}", args.input);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Stix => {
            let objects = x.to_stix(&x.source_key(), &now());
            let bundle = json!({"type": "bundle", "id": stix::Identifier::cairn("bundle", &x.source_key()).as_str(), "objects": objects});
            serde_json::to_writer_pretty(&mut out, &bundle)?;
            writeln!(out)?;
        }
        Format::Table => out.write_all(x.to_table().as_bytes())?,
        _ => out.write_all(x.to_jsonl().as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}

/// Now, to the millisecond.
pub fn now() -> stix::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    stix::Timestamp::from_unix_millis(ms)
}

/// The lexicon from everything the knowledge base knows: actors with aliases, malware, tools,
/// techniques, countries and the attributed-to / originates-from relationships.
pub fn lexicon_from_store(store: &mut kb::Store) -> anyhow::Result<extract::Lexicon> {
    let mut objects: Vec<Value> = Vec::new();
    for ty in [
        "intrusion-set",
        "threat-actor",
        "malware",
        "tool",
        "attack-pattern",
        "campaign",
        "location",
        "relationship",
    ] {
        let mut after: Option<String> = None;
        loop {
            let page = store
                .list(Some(ty), after.as_deref(), 1000)
                .with_context(|| format!("cannot list {ty} objects"))?;
            for item in page.items {
                let keep = ty != "relationship"
                    || matches!(
                        item.object.get("relationship_type").and_then(Value::as_str),
                        Some("attributed-to" | "originates-from")
                    );
                if keep {
                    objects.push(item.object);
                }
            }
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
    }
    Ok(extract::Lexicon::from_stix(&objects))
}
