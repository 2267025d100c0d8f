//! Side-by-side driver for bench/extract/run.sh (not a divan bench):
//!
//! - `cargo bench -p extract --bench ioc_files -- write DIR MB` writes the corpus as ~1 MB files;
//! - `cargo bench -p extract --bench ioc_files -- scan FILE...` scans each file `RUNS` times
//!   (env, default 5) and prints `total_bytes median_seconds max_file_cost_ratio iocs`;
//! - `cargo bench -p extract --bench ioc_files -- full FILE...` does the same for the full
//!   extraction (IOCs, entities, relations) and prints `total_bytes median_seconds
//!   max_file_cost_ratio findings`;
//! - `cargo bench -p extract --bench ioc_files -- dump FILE...` prints every file's findings as
//!   JSONL, each line prefixed with the file name (to check that a change keeps output identical).
//!
//! `full` and `dump` use the lexicon named by `LEXICON` (env): `builtin` (default), `attack` (the
//! ATT&CK Enterprise bundle from shared/) or the path of a JSON array of STIX objects.

mod common;

use std::time::Instant;

use extract::ioc::Scanner;
use extract::reader::Document;
use extract::text::Normalized;
use extract::{Options, extract};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let lexicon = || common::lexicon(&std::env::var("LEXICON").unwrap_or_default());
    let read = |names: &[String]| -> Vec<(String, String)> {
        names
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok().map(|t| (f.clone(), t)))
            .collect()
    };
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = args.get(1).map_or("corpus", String::as_str);
            let mb: usize = args.get(2).and_then(|m| m.parse().ok()).unwrap_or(20);
            let text = common::corpus(mb << 20);
            let _ = std::fs::create_dir_all(dir);
            for (i, part) in common::split(&text, 1 << 20).iter().enumerate() {
                let _ = std::fs::write(format!("{dir}/report-{i:03}.txt"), part);
            }
        }
        Some("scan") => {
            let files: Vec<String> = read(&args[1..]).into_iter().map(|(_, t)| t).collect();
            let scanner = Scanner::new();
            let sizes: Vec<usize> = files.iter().map(String::len).collect();
            time(&sizes, runs, |i| scanner.scan(&files[i]).len());
        }
        Some("full") => {
            let docs: Vec<Document> = read(&args[1..]).iter().map(|(_, t)| document(t)).collect();
            let lexicon = lexicon();
            let sizes: Vec<usize> = docs.iter().map(|d| d.text.text.len()).collect();
            time(&sizes, runs, |i| extract(&docs[i], &lexicon, Options::default()).items.len());
        }
        Some("dump") => {
            let lexicon = lexicon();
            for (name, text) in read(&args[1..]) {
                let x = extract(&document(&text), &lexicon, Options::default());
                for line in x.to_jsonl().lines() {
                    println!("{name}\t{line}");
                }
            }
        }
        _ => {
            eprintln!("usage: ioc_files write DIR MB | scan FILE... | full FILE... | dump FILE...")
        }
    }
}

fn document(text: &str) -> Document {
    Document { text: Normalized::from_plain(text), ..Document::default() }
}

/// Runs `work` on every file `runs` times; prints `total_bytes median_seconds
/// max_file_cost_ratio count` where the ratio compares the slowest file's median cost per byte
/// with the average cost per byte of the median run.
fn time(sizes: &[usize], runs: usize, mut work: impl FnMut(usize) -> usize) {
    let total: usize = sizes.iter().sum();
    let mut totals = Vec::new();
    let mut per_file = vec![Vec::new(); sizes.len()];
    let mut found = 0;
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        found = 0;
        for (i, &size) in sizes.iter().enumerate() {
            let t = Instant::now();
            found += work(i);
            per_file[i].push(t.elapsed().as_secs_f64() / size.max(1) as f64);
        }
        totals.push(t0.elapsed().as_secs_f64());
    }
    totals.sort_by(f64::total_cmp);
    let median = totals[totals.len() / 2];
    let avg = median / total.max(1) as f64;
    let worst = per_file
        .iter_mut()
        .map(|v| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .fold(0.0, f64::max);
    println!("{total} {median:.6} {:.2} {found}", worst / avg);
}
