//! One module per subcommand: each has an `Args` struct and `run(args, global) -> Result<ExitCode>`.

pub mod validate;
