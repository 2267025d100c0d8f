//! `cairn actor NAME`: the resolved actor behind any vendor's name: every name by vendor,
//! sponsor and origin (conflicts shown), motivation, victims, tooling, and the source of each
//! fact. A name that means several actors lists the candidates and what tells them apart.

use std::io::{self, Write};
use std::process::ExitCode;

use kb::{ActorLookup, ActorView, Candidate, Fact};

use crate::{EXIT_NO, EXIT_OK, Format, Global};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An actor name or alias (any vendor's), an ATT&CK group id (G0007) or a record id.
    #[arg(required = true, value_name = "NAME")]
    name: Vec<String>,
    /// Facts listed per section in text output (0: all).
    #[arg(long, default_value_t = 15, value_name = "N")]
    max: usize,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let mut store = crate::store::open(global)?;
    let name = args.name.join(" ");
    let lookup = store.actor(&name)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match global.format {
        Some(Format::Json) => {
            serde_json::to_writer_pretty(&mut out, &lookup)?;
            writeln!(out)?;
        }
        Some(Format::Text) | None => match &lookup {
            ActorLookup::NotFound { name } => {
                if !global.quiet {
                    eprintln!("cairn: no actor is known as {name:?}");
                }
            }
            ActorLookup::Resolved(v) => print_view(&mut out, v, args.max)?,
            ActorLookup::Ambiguous { name, candidates } => {
                print_candidates(&mut out, name, candidates)?
            }
        },
        Some(other) => anyhow::bail!("actor supports --format text or json, not {other:?}"),
    }
    out.flush()?;
    Ok(ExitCode::from(if matches!(lookup, ActorLookup::NotFound { .. }) {
        EXIT_NO
    } else {
        EXIT_OK
    }))
}

fn sources(f: &Fact) -> String {
    f.sources
        .iter()
        .map(|s| match s.confidence {
            Some(c) => format!("{} {c}%", s.source_name),
            None => s.source_name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_view(out: &mut impl Write, v: &ActorView, max: usize) -> io::Result<()> {
    writeln!(out, "{}", v.name)?;
    writeln!(out, "  records:")?;
    for r in &v.records {
        let ext = if r.external_ids.is_empty() {
            String::new()
        } else {
            format!(" [{}]", r.external_ids.join(", "))
        };
        writeln!(out, "    {} \"{}\"{ext} from {}", r.id, r.name, r.sources.join(", "))?;
    }
    writeln!(out, "  names by vendor:")?;
    for (vendor, names) in &v.names_by_vendor {
        writeln!(out, "    {vendor}: {}", names.join(", "))?;
    }
    let competing =
        |out: &mut dyn Write, title: &str, facts: &[Fact], conflict: bool| -> io::Result<()> {
            if facts.is_empty() {
                return writeln!(out, "  {title}: unknown");
            }
            writeln!(out, "  {title}:{}", if conflict { " (sources disagree)" } else { "" })?;
            for f in facts {
                let mark = if f.preferred && facts.len() > 1 { "* " } else { "  " };
                let what = if f.label == f.value {
                    f.label.clone()
                } else {
                    format!("{} ({})", f.label, f.value)
                };
                writeln!(out, "  {mark} {what} — {}", sources(f))?;
            }
            Ok(())
        };
    competing(out, "sponsor state", &v.sponsor, v.sponsor_conflict)?;
    competing(out, "country of origin", &v.origin, v.origin_conflict)?;
    competing(out, "motivation", &v.motivation, v.motivation.len() > 1)?;
    let list = |out: &mut dyn Write, title: &str, facts: &[Fact]| -> io::Result<()> {
        if facts.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {title} ({}):", facts.len())?;
        let shown = if max == 0 { facts.len() } else { max.min(facts.len()) };
        for f in &facts[..shown] {
            let ext = f.external_id.as_deref().map(|x| format!(" [{x}]")).unwrap_or_default();
            writeln!(out, "     {}{ext} — {}", f.label, sources(f))?;
        }
        if shown < facts.len() {
            writeln!(out, "     ... and {} more (--max 0 shows all)", facts.len() - shown)?;
        }
        Ok(())
    };
    list(out, "targeted sectors", &v.targeted_sectors)?;
    list(out, "targeted countries", &v.targeted_countries)?;
    list(out, "malware", &v.malware)?;
    list(out, "tools", &v.tools)?;
    list(out, "techniques", &v.techniques)?;
    for (rel, facts) in &v.other {
        list(out, rel, facts)?;
    }
    Ok(())
}

fn print_candidates(out: &mut impl Write, name: &str, candidates: &[Candidate]) -> io::Result<()> {
    writeln!(out, "{name:?} is ambiguous: it names {} different actors", candidates.len())?;
    for c in candidates {
        writeln!(out)?;
        writeln!(out, "  {} (as {} by {})", c.name, c.matched_as.join("/"), c.named_by.join(", "))?;
        let or_unknown =
            |v: &[String]| if v.is_empty() { "unknown".to_owned() } else { v.join(", ") };
        writeln!(
            out,
            "    sponsor: {}; origin: {}",
            or_unknown(&c.sponsor),
            or_unknown(&c.origin)
        )?;
        if !c.motivation.is_empty() {
            writeln!(out, "    motivation: {}", c.motivation.join(", "))?;
        }
        for r in &c.records {
            writeln!(out, "    record {} \"{}\" from {}", r.id, r.name, r.sources.join(", "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Use one of the record ids (cairn actor ID) to see one of them.")
}
