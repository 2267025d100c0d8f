//! Times parse + validate of one STIX file in process, for `bench/stix/run.sh`.
//!
//! Usage: `cargo run --release -p stix --example validate_timing -- FILE [RUNS]`
//! Prints the median seconds per run, the object count and the problem count.

use std::time::Instant;

use stix::json::{Limits, for_each_object};
use stix::validate::{Options, Validator};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: validate_timing FILE [RUNS]");
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let (mut times, mut objects, mut problems) = (Vec::new(), 0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let mut validator = Validator::new(Options::default());
        (objects, problems) = (0, 0);
        for_each_object(&bytes, &Limits::default(), |at, object| {
            objects += 1;
            problems += validator.object(&object, &at.path()).len();
        })
        .expect("valid JSON");
        problems += validator.finish().len();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!("{} {objects} {problems}", times[times.len() / 2]);
}
