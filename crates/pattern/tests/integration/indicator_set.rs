//! IndicatorSet behaviour and its structural memory bound.

use pattern::{IndicatorSet, ObservedData};

/// `n` simple indicators of the common kinds, as a feed would carry them.
pub fn simple_indicators(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let id = format!("indicator--{:08x}-0000-4000-8000-{:012x}", i, i);
            let p = match i % 5 {
                0 => format!(
                    "[ipv4-addr:value = '10.{}.{}.{}']",
                    (i >> 16) & 255,
                    (i >> 8) & 255,
                    i & 255
                ),
                1 => format!("[domain-name:value = 'host{i}.evil.example']"),
                2 => format!(
                    "[file:hashes.'SHA-256' = '{:064x}']",
                    i as u128 * 0x9e37_79b9_7f4a_7c15
                ),
                3 => format!("[url:value = 'http://bad{i}.example/x']"),
                _ => {
                    format!("[ipv4-addr:value ISSUBSET '172.{}.{}.0/24']", (i >> 8) & 255, i & 255)
                }
            };
            (id, p)
        })
        .collect()
}

fn build(list: &[(&str, &str)]) -> IndicatorSet {
    let mut b = IndicatorSet::builder();
    for (id, p) in list {
        b.add(id, p).unwrap_or_else(|d| panic!("{id}: {d}"));
    }
    b.build()
}

fn check_value(set: &IndicatorSet, path: &str, value: &str, expected: &[&str]) {
    let mut out = Vec::new();
    set.match_value(path, value, &mut out);
    out.sort_unstable();
    out.dedup();
    let got: Vec<&str> = out.iter().map(|m| set.id(*m)).collect();
    assert_eq!(got, expected, "{path} = {value}");
}

#[test]
fn match_value_uses_the_indexes() {
    let set = build(&[
        ("ip", "[ipv4-addr:value = '198.51.100.7']"),
        ("cidr", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
        ("cidr-eq", "[ipv4-addr:value = '192.0.2.0/25']"),
        ("v6", "[ipv6-addr:value = '2001:db8::1']"),
        ("dom", "[domain-name:value = 'Evil.Example']"),
        (
            "sha",
            "[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']",
        ),
        ("url-prefix", "[url:value LIKE 'http://bad.example/%']"),
        ("url-contains", "[url:value LIKE '%/wp-admin/%']"),
        ("url-re", "[url:value MATCHES '^https?://[a-z]+\\\\.evil/']"),
        (
            "or",
            "[ipv4-addr:value = '198.51.100.8' OR domain-name:value IN ('a.example', 'b.example')]",
        ),
    ]);
    check_value(&set, "ipv4-addr:value", "198.51.100.7", &["ip"]);
    check_value(&set, "ipv4-addr:value", "203.0.113.200", &["cidr"]);
    check_value(&set, "ipv4-addr:value", "192.0.2.127", &["cidr-eq"]);
    check_value(&set, "ipv4-addr:value", "192.0.2.128", &[]);
    check_value(&set, "ipv6-addr:value", "2001:0db8:0:0::1", &["v6"]);
    check_value(&set, "domain-name:value", "www.evil.example", &["dom"]);
    check_value(&set, "domain-name:value", "notevil.example", &[]);
    check_value(&set, "domain-name:value", "b.example", &["or"]);
    check_value(&set, "ipv4-addr:value", "198.51.100.8", &["or"]);
    check_value(
        &set,
        "file:hashes.SHA-256",
        "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f",
        &["sha"],
    );
    check_value(
        &set,
        "url:value",
        "http://bad.example/wp-admin/x",
        &["url-prefix", "url-contains"],
    );
    check_value(&set, "url:value", "https://abc.evil/x", &["url-re"]);
    check_value(&set, "url:value", "http://good.example/", &[]);
}

#[test]
fn bad_indicators_are_reported_and_the_rest_compile() {
    let mut b = IndicatorSet::builder();
    assert!(b.add("good", "[ipv4-addr:value = '10.0.0.1']").is_ok());
    let err = b.add("bad", "[ipv4-addr:value = ]").unwrap_err();
    assert_eq!((err.line, err.column), (1, 20));
    assert!(b.add("never", "[a:b = 1] WITHIN 0 SECONDS").is_err());
    let set = b.build();
    check_value(&set, "ipv4-addr:value", "10.0.0.1", &["good"]);
}

#[test]
fn match_observed_runs_complex_patterns_too() {
    let set = build(&[
        ("simple", "[ipv4-addr:value = '198.51.100.7']"),
        (
            "complex",
            "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port = 443]",
        ),
        ("other", "[network-traffic:dst_port = 80]"),
    ]);
    let doc = serde_json::json!([
        {"type": "observed-data", "id": "observed-data--1", "number_observed": 1,
         "first_observed": "2020-01-01T00:00:00Z", "last_observed": "2020-01-01T00:00:00Z",
         "object_refs": ["ipv4-addr--1", "network-traffic--1"]},
        {"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "198.51.100.7"},
        {"type": "network-traffic", "id": "network-traffic--1", "dst_ref": "ipv4-addr--1", "dst_port": 443}
    ]);
    let data = ObservedData::from_json(&doc).expect("observed-data");
    let got: Vec<&str> = set.match_observed(&data[0]).into_iter().map(|m| set.id(m)).collect();
    assert_eq!(got, ["simple", "complex"]);
}

/// The budget: at most 300 bytes per simple indicator, counted from the set's tables.
#[test]
fn simple_indicators_fit_in_300_bytes_each() {
    let list = simple_indicators(100_000);
    let mut b = IndicatorSet::builder();
    for (id, p) in &list {
        b.add(id, p).expect("valid");
    }
    let set = b.build();
    let stats = set.stats();
    assert_eq!((stats.simple, stats.complex), (100_000, 0));
    let per = stats.heap_bytes / stats.indicators;
    println!(
        "IndicatorSet: {} bytes for 100,000 simple indicators = {per} bytes each",
        stats.heap_bytes
    );
    assert!(per <= 300, "{per} bytes per indicator");
    check_value(
        &set,
        "ipv4-addr:value",
        "172.1.2.77",
        &["indicator--00010102-0000-4000-8000-000000010102"],
    );
}
