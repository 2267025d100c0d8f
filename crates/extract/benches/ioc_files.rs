//! Side-by-side driver for bench/extract/run.sh (not a divan bench):
//!
//! - `cargo bench -p extract --bench ioc_files -- write DIR MB` writes the corpus as ~1 MB files;
//! - `cargo bench -p extract --bench ioc_files -- scan FILE...` scans each file `RUNS` times
//!   (env, default 5) and prints `total_bytes median_seconds max_file_cost_ratio iocs`.

mod common;

use std::time::Instant;

use extract::ioc::Scanner;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
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
            let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
            let files: Vec<String> =
                args[1..].iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect();
            let scanner = Scanner::new();
            let total: usize = files.iter().map(String::len).sum();
            let mut totals = Vec::new();
            let mut per_file = vec![Vec::new(); files.len()];
            let mut found = 0;
            for _ in 0..runs.max(1) {
                let t0 = Instant::now();
                found = 0;
                for (i, f) in files.iter().enumerate() {
                    let t = Instant::now();
                    found += scanner.scan(f).len();
                    per_file[i].push(t.elapsed().as_secs_f64() / f.len().max(1) as f64);
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
        _ => eprintln!("usage: ioc_files write DIR MB | scan FILE..."),
    }
}
