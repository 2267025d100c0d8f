//! Conformance against the reference `stix2-validator` 3.3.2 and the OASIS example bundles.
//!
//! Every STIX 2.1 case of `shared/conformance/stix-validator-cases.json` (options.version null
//! or "2.1") is validated with default options; "no error" must equal the reference's
//! `default_profile.musts_valid`, except for the cases listed, with the spec section that
//! decides them, in `known_differences.txt`. A listed case that agrees fails the test too, so
//! the list cannot go stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use stix::validate::{Options, Severity, validate_value};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/conformance");
const KNOWN_DIFFERENCES: &str = include_str!("known_differences.txt");

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(document: &Value) -> Vec<String> {
    validate_value(document, &Options::default())
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {}", d.code, d.path, d.message))
        .collect()
}

/// case id -> (spec section, reason)
fn known_differences() -> BTreeMap<&'static str, (&'static str, &'static str)> {
    KNOWN_DIFFERENCES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let id = parts.next().unwrap_or_default();
            let section = parts.next().expect("known difference without a spec section");
            let why = parts.next().expect("known difference without a reason");
            assert!(section.starts_with('§'), "{id}: the section must look like §N.N");
            (id, (section, why))
        })
        .collect()
}

#[test]
fn stix_validator_cases() {
    let cases = read_json(&Path::new(SHARED).join("stix-validator-cases.json"));
    let known = known_differences();
    let mut total = 0;
    let mut agree = 0;
    let mut differing_known = 0;
    let mut failures = Vec::new();
    for case in cases["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("case id");
        let (expected_valid, verdict) = match case["kind"].as_str() {
            // Not JSON at all: invalid before any rule runs.
            Some("text") => {
                let text = case["input_text"].as_str().expect("input_text");
                (false, serde_json::from_str::<Value>(text).map(|v| errors(&v)))
            }
            _ => {
                let version = &case["options"]["version"];
                if !(version.is_null() || version == "2.1") {
                    continue;
                }
                let expected =
                    case["default_profile"]["musts_valid"].as_bool().expect("musts_valid");
                (expected, Ok(errors(&case["instance"])))
            }
        };
        total += 1;
        let our_valid = matches!(&verdict, Ok(e) if e.is_empty());
        let agrees = our_valid == expected_valid;
        match (agrees, known.get(id)) {
            (true, None) => agree += 1,
            (false, Some(_)) => differing_known += 1,
            (true, Some((section, _))) => {
                failures.push(format!("{id}: listed as a known difference ({section}) but agrees"))
            }
            (false, None) => failures.push(format!(
                "{id}: reference says {}, we say {}: {:?}\n    reference: {:?}",
                if expected_valid { "valid" } else { "invalid" },
                if our_valid { "valid" } else { "invalid" },
                verdict,
                case["default_profile"]["must_errors"],
            )),
        }
    }
    let listed_not_seen: Vec<_> = known
        .keys()
        .filter(|id| !cases["cases"].as_array().unwrap().iter().any(|c| c["id"] == **id))
        .collect();
    println!(
        "stix-validator conformance: {agree}/{total} agree, {differing_known} known differences"
    );
    assert!(
        listed_not_seen.is_empty(),
        "unknown case ids in known_differences.txt: {listed_not_seen:?}"
    );
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(agree + differing_known, total);
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "MANIFEST.json")
        {
            out.push(path);
        }
    }
}

#[test]
fn oasis_examples_are_valid() {
    let mut files = Vec::new();
    json_files(&Path::new(SHARED).join("stix-examples"), &mut files);
    files.sort();
    assert!(files.len() >= 8, "expected the OASIS examples, found {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let errors = errors(&read_json(file));
        if !errors.is_empty() {
            failures.push(format!("{}:\n    {}", file.display(), errors.join("\n    ")));
        }
    }
    println!("OASIS examples: {} files, {} with errors", files.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
