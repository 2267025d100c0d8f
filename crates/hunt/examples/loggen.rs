//! Writes generated Zeek and Suricata EVE logs with planted indicator hits.
//!
//! `cargo run --release -p hunt --example loggen -- DIR SIZE [SEED] [INDICATORS] [PLANTED]`
//! SIZE accepts a `K`, `M` or `G` suffix. Writes the logs, `indicators.txt` (one IOC a line)
//! and `planted.jsonl` (the ground truth) into DIR.

use std::path::PathBuf;
use std::process::ExitCode;

fn size(arg: &str) -> Option<u64> {
    let (num, mult) = match arg.chars().last()? {
        'K' | 'k' => (&arg[..arg.len() - 1], 1u64 << 10),
        'M' | 'm' => (&arg[..arg.len() - 1], 1 << 20),
        'G' | 'g' => (&arg[..arg.len() - 1], 1 << 30),
        _ => (arg, 1),
    };
    num.parse::<u64>().ok().map(|n| n * mult)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(bytes)) = (args.first(), args.get(1).and_then(|s| size(s))) else {
        eprintln!("usage: loggen DIR SIZE [SEED] [INDICATORS] [PLANTED]");
        return ExitCode::from(2);
    };
    let num =
        |i: usize, default: u64| args.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(default);
    let config = hunt::loggen::Config {
        seed: num(2, 1),
        bytes,
        indicators: num(3, 10_000) as usize,
        planted: num(4, 1_000) as usize,
    };
    match hunt::loggen::generate(&PathBuf::from(dir), &config) {
        Ok(planted) => {
            eprintln!(
                "loggen: {} bytes of logs, {} indicators, {} planted hits in {dir}",
                bytes,
                config.indicators,
                planted.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("loggen: {e}");
            ExitCode::from(2)
        }
    }
}
