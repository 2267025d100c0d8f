//! Parse + validate throughput, in objects per second.
//!
//! `cargo bench -p stix` reads the ATT&CK Enterprise bundle and the OASIS examples from
//! `../shared` in place (nothing is copied into the repository).

use std::io::Read;
use std::path::PathBuf;

use divan::counter::ItemsCount;
use stix::json::{Limits, for_each_object};
use stix::validate::{Options, Validator};

fn main() {
    divan::main();
}

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(path)
}

fn attack_enterprise() -> Vec<u8> {
    let path = shared("data/mitre-attack/enterprise-attack-18.1.json.gz");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (the benchmark reads ../shared in place)", path.display())
    });
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).unwrap();
    bytes
}

fn count(bytes: &[u8]) -> usize {
    let mut n = 0;
    for_each_object(bytes, &Limits::default(), |_, _| n += 1).unwrap();
    n
}

fn parse_and_validate(bytes: &[u8]) -> usize {
    let mut validator = Validator::new(Options::default());
    let mut problems = 0;
    for_each_object(bytes, &Limits::default(), |at, object| {
        problems += validator.object(&object, &at.path()).len();
    })
    .unwrap();
    problems + validator.finish().len()
}

/// ATT&CK Enterprise 18.1: 24,771 objects, 34 MB.
#[divan::bench(sample_count = 10)]
fn attack_enterprise_parse_validate(bencher: divan::Bencher) {
    let bytes = attack_enterprise();
    let n = count(&bytes);
    bencher.counter(ItemsCount::new(n)).bench(|| parse_and_validate(divan::black_box(&bytes)));
}

/// ATT&CK Enterprise parse only, to separate JSON cost from rule cost.
#[divan::bench(sample_count = 10)]
fn attack_enterprise_parse_only(bencher: divan::Bencher) {
    let bytes = attack_enterprise();
    let n = count(&bytes);
    bencher.counter(ItemsCount::new(n)).bench(|| count(divan::black_box(&bytes)));
}

/// The OASIS threat-report examples (APT1, Poison Ivy).
#[divan::bench]
fn oasis_threat_reports(bencher: divan::Bencher) {
    let files: Vec<Vec<u8>> = ["apt1.json", "poisonivy.json"]
        .iter()
        .map(|f| {
            std::fs::read(shared(&format!("conformance/stix-examples/threat-reports/{f}"))).unwrap()
        })
        .collect();
    let n: usize = files.iter().map(|f| count(f)).sum();
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| files.iter().map(|f| parse_and_validate(divan::black_box(f))).sum::<usize>());
}
