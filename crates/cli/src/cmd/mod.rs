//! One module per subcommand: each has an `Args` struct and `run(args, global) -> Result<ExitCode>`.

pub mod actor;
pub mod export;
pub mod extract;
pub mod get;
pub mod hunt;
pub mod import;
pub mod ingest;
pub mod list;
pub mod pattern;
pub mod search;
pub mod stats;
pub mod sync;
pub mod validate;
