//! Runs every case of the OASIS reference suites (shared/conformance) in place and compares
//! outcomes. Disagreements must be listed, with a reason, in `known_differences.txt`; the test
//! fails on any unlisted disagreement and on listed entries that no longer disagree.

use std::collections::{BTreeMap, BTreeSet};

use pattern::{ObservedData, Pattern, Step};
use serde_json::Value;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/conformance/");
const KNOWN: &str = include_str!("known_differences.txt");

fn load(name: &str) -> Value {
    let bytes = std::fs::read(format!("{SHARED}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `id -> our outcome` for every listed difference.
fn known() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in KNOWN.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(outcome), Some(reason)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("known_differences.txt: malformed line {line:?}");
        };
        assert!(reason.contains('§'), "known difference without a spec section: {line}");
        out.insert(id.to_string(), outcome.to_string());
    }
    out
}

fn parse(p: &str, version: &str) -> Result<Pattern, Vec<pattern::Diagnostic>> {
    if version == "2.0" { Pattern::parse_stix20(p) } else { Pattern::parse(p) }
}

fn matcher_outcome(case: &Value) -> String {
    let p = case["pattern"].as_str().unwrap_or_default();
    let pattern = match parse(p, case["stix_version"].as_str().unwrap_or_default()) {
        Ok(p) => p,
        Err(_) => return "parse_error".into(),
    };
    let data = match ObservedData::from_json(&case["observed_data"]) {
        Ok(d) => d,
        Err(_) => return "matcher_error".into(),
    };
    match pattern.matches(&data) {
        Err(_) => "matcher_error".into(),
        Ok(r) if !r.matched => "nomatch".into(),
        Ok(r) => {
            if case["check_matched_observed_data"].as_bool() == Some(true) {
                let got: Vec<Value> = r
                    .observed_data
                    .iter()
                    .map(|i| match data[*i].id() {
                        Some(id) => Value::from(id),
                        None => Value::from(*i),
                    })
                    .collect();
                let mut want: Vec<Value> =
                    case["matched_observed_data"].as_array().cloned().unwrap_or_default();
                let mut got = got;
                let key = |v: &Value| v.to_string();
                want.sort_by_key(key);
                got.sort_by_key(key);
                if got != want {
                    return format!(
                        "match-ids:{}",
                        serde_json::to_string(&got).unwrap_or_default()
                    );
                }
            }
            "match".into()
        }
    }
}

/// One aspect of `Pattern::inspect()` in the reference's JSON shape.
fn inspect(p: &Pattern, aspect: &str) -> Value {
    let i = p.inspect();
    match aspect {
        "qualifiers" => Value::from(i.qualifiers.clone()),
        "obs_ops" => Value::from(i.observation_operators.clone()),
        _ => {
            let mut map = serde_json::Map::new();
            for c in &i.comparisons {
                let path: Vec<Value> = c
                    .path
                    .iter()
                    .map(|s| match s {
                        Step::Key(k) => Value::from(k.as_str()),
                        Step::Index(n) => Value::from(*n),
                        Step::AnyIndex => Value::from("[*]"),
                    })
                    .collect();
                let entry =
                    map.entry(c.object_type.clone()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = entry {
                    list.push(Value::from(vec![
                        Value::from(path),
                        Value::from(c.operator.as_str()),
                        Value::from(c.literal.as_str()),
                    ]));
                }
            }
            Value::Object(map)
        }
    }
}

#[test]
fn reference_suites() {
    let known = known();
    let mut seen_known = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();

    let matcher = load("pattern-matcher-cases.json");
    for case in matcher["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().unwrap_or_default();
        let version = case["stix_version"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        let got = matcher_outcome(case);
        let entry = counts.entry(format!("matcher STIX {version}")).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
            continue;
        }
        match known.get(id) {
            Some(listed) if *listed == got => {
                seen_known.insert(id.to_string());
            }
            _ => unexpected.push(format!("{id}\t{got}\texpected {expected}: {}", case["pattern"])),
        }
    }

    let validity = load("pattern-validity-cases.json");
    for case in validity["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().unwrap_or_default();
        let version = case["stix_version"].as_str().unwrap_or_default();
        let p = case["pattern"].as_str().unwrap_or_default();
        let expected = case["expected_valid"].as_bool().unwrap_or_default();
        let parsed = parse(p, version);
        let got = parsed.is_ok();
        let entry = counts.entry(format!("validity STIX {version}")).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
            continue;
        }
        let got_s = if got { "valid" } else { "invalid" };
        match known.get(id) {
            Some(listed) if listed == got_s => {
                seen_known.insert(id.to_string());
            }
            _ => unexpected.push(format!(
                "{id}\t{got_s}\texpected valid={expected}: {p:?} {:?}",
                parsed.err()
            )),
        }
    }

    for case in validity["inspector_cases"].as_array().expect("inspector_cases") {
        let id = case["id"].as_str().unwrap_or_default();
        let version = case["stix_version"].as_str().unwrap_or_default();
        let p = case["pattern"].as_str().unwrap_or_default();
        let entry = counts.entry(format!("inspector STIX {version}")).or_default();
        entry.1 += 1;
        let got = match parse(p, version) {
            Ok(pattern) => inspect(&pattern, case["aspect"].as_str().unwrap_or_default()),
            Err(d) => Value::from(format!("{d:?}")),
        };
        if got == case["expected"] {
            entry.0 += 1;
        } else if known
            .get(id)
            .is_some_and(|o| serde_json::from_str::<Value>(o).ok() == Some(got.clone()))
        {
            seen_known.insert(id.to_string());
        } else {
            unexpected.push(format!("{id}\t{got}\texpected {}: {p:?}", case["expected"]));
        }
    }

    for (suite, (agree, total)) in &counts {
        println!("{suite}: {agree}/{total} agree with the reference");
    }
    println!("known differences (reviewed, see known_differences.txt): {}", seen_known.len());
    let stale: Vec<&String> = known.keys().filter(|k| !seen_known.contains(*k)).collect();
    assert!(
        unexpected.is_empty(),
        "{} unlisted disagreements:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(stale.is_empty(), "stale known differences (now agree or changed outcome): {stale:#?}");
}
