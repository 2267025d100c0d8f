//! Evaluates every match/nomatch case of the reference matcher suite N times and prints the time
//! per evaluation, the Rust half of `bench/pattern/run.sh`.
//!
//! `cargo run --release -p pattern --example conformance_bench -- CASES.json [N]`

use std::time::Instant;

use pattern::{ObservedData, Pattern};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: conformance_bench CASES.json [N]")?;
    let n: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    let doc: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
    let cases: Vec<&Value> = doc["cases"]
        .as_array()
        .ok_or("no cases")?
        .iter()
        .filter(|c| matches!(c["expected"].as_str(), Some("match" | "nomatch")))
        .collect();
    let parse = |c: &Value| {
        let p = c["pattern"].as_str().unwrap_or_default();
        // stix2-matcher accepts duplicate qualifiers in 2.1 too (a known difference): evaluate
        // those two cases with the 2.0 rules so that both sides do the same work.
        Pattern::parse(p).or_else(|_| Pattern::parse_stix20(p))
    };

    // Parse + load observed-data + match, as `stix2matcher.matcher.match()` does per call.
    let mut matched = 0usize;
    let mut per_case = vec![0u128; cases.len()];
    let start = Instant::now();
    for _ in 0..n {
        for (i, c) in cases.iter().enumerate() {
            let t = Instant::now();
            let p = parse(c).map_err(|d| format!("{d:?}"))?;
            let data = ObservedData::from_json(&c["observed_data"])?;
            matched += usize::from(p.matches(&data)?.matched);
            per_case[i] += t.elapsed().as_nanos();
        }
    }
    let full = start.elapsed().as_nanos() as f64 / (n * cases.len()) as f64;
    let per_case: Vec<String> = per_case.iter().map(|t| (t / n as u128).to_string()).collect();

    // Precompiled: patterns parsed and observed-data loaded once.
    let mut prepared = Vec::new();
    for c in &cases {
        prepared.push((
            parse(c).map_err(|d| format!("{d:?}"))?,
            ObservedData::from_json(&c["observed_data"])?,
        ));
    }
    let reps = n * 10;
    let start = Instant::now();
    for _ in 0..reps {
        for (p, data) in &prepared {
            matched += usize::from(std::hint::black_box(p.matches(data)?).matched);
        }
    }
    let pre = start.elapsed().as_nanos() as f64 / (reps * cases.len()) as f64;
    println!(
        "{{\"cases\": {}, \"iterations\": {n}, \"ns_per_eval_incl_parse\": {full:.0}, \"ns_per_eval_precompiled\": {pre:.0}, \"matched\": {matched}, \"per_case_ns\": [{}]}}",
        cases.len(),
        per_case.join(",")
    );
    Ok(())
}
