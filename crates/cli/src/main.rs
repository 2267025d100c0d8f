//! `cairn`: the command-line face of Cairn. Parses arguments, wires the library crates together
//! and maps outcomes to exit codes: 0 ok, 1 "the answer is no" (invalid, no match), 2 usage or
//! I/O error. A closed stdout (broken pipe) ends the program quietly with 0.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cmd;
mod input;
mod store;

/// Exit code: everything was fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the answer is no (invalid input, no match).
pub const EXIT_NO: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "cairn",
    version,
    about = "Cairn: a threat-intelligence engine",
    max_term_width = 100
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command understands.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Knowledge base: `sqlite:PATH` or `postgres://...` (default: a SQLite file in the user's
    /// data directory).
    #[arg(long, global = true, env = "CAIRN_DB", value_name = "URL")]
    pub db: Option<String>,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is happening (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Output format (each command lists the ones it supports).
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
}

/// Output formats. Not every command supports every format.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Stix,
    Table,
    Csv,
    Markdown,
    Html,
    /// Zeek Intel framework file (`cairn export`).
    ZeekIntel,
    /// Suricata rules and datasets (`cairn export`).
    Suricata,
    /// One value per line.
    Plain,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate STIX 2.1 documents (bundles, objects or arrays of objects).
    Validate(cmd::validate::Args),
    /// Check STIX patterns and match them against observed-data.
    Pattern(cmd::pattern::Args),
    /// Import STIX bundles, MISP galaxy clusters or Microsoft's naming map into the knowledge base.
    Import(cmd::import::Args),
    /// Load the public reference data sets (ATT&CK, MISP galaxies, Microsoft's naming map).
    Sync(cmd::sync::Args),
    /// Extract IOCs, actors, states, sectors, activities and amounts from a report.
    Extract(cmd::extract::Args),
    /// Extract reports and store what they say, with provenance, in the knowledge base.
    Ingest(cmd::ingest::Args),
    /// Show one object of the knowledge base by id.
    Get(cmd::get::Args),
    /// Full-text search over names, aliases, descriptions and report text.
    Search(cmd::search::Args),
    /// Show an actor under any of its names: aliases by vendor, sponsor, origin, victims, tooling.
    Actor(cmd::actor::Args),
    /// List objects of one type, page by page.
    List(cmd::list::Args),
    /// Counts by actor, sponsor state, sector, victim country, activity and time.
    Stats(cmd::stats::Args),
    /// Match logs (Zeek, Suricata EVE, JSON lines, CSV, text) against known indicators.
    Hunt(cmd::hunt::Args),
    /// Export indicators for SOC tools (Zeek Intel, Suricata, CSV, STIX, plain).
    Export(cmd::export::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => cmd::validate::run(args, &cli.global),
        Command::Pattern(args) => cmd::pattern::run(args, &cli.global),
        Command::Import(args) => cmd::import::run(args, &cli.global),
        Command::Sync(args) => cmd::sync::run(args, &cli.global),
        Command::Extract(args) => cmd::extract::run(args, &cli.global),
        Command::Ingest(args) => cmd::ingest::run(args, &cli.global),
        Command::Get(args) => cmd::get::run(args, &cli.global),
        Command::Search(args) => cmd::search::run(args, &cli.global),
        Command::Actor(args) => cmd::actor::run(args, &cli.global),
        Command::List(args) => cmd::list::run(args, &cli.global),
        Command::Stats(args) => cmd::stats::run(args, &cli.global),
        Command::Hunt(args) => cmd::hunt::run(args, &cli.global),
        Command::Export(args) => cmd::export::run(args, &cli.global),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            let _ = writeln!(io::stderr(), "cairn: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Now, to the millisecond: the clock is read here, never in the library crates.
pub fn now() -> stix::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    stix::Timestamp::from_unix_millis(ms)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
