use crate::support::cairn;

const OBSERVED: &str = r#"[
  {"type": "observed-data", "spec_version": "2.1", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
   "created": "2026-09-22T11:30:00.000Z", "modified": "2026-09-22T11:30:00.000Z",
   "first_observed": "2026-09-22T11:30:00Z", "last_observed": "2026-09-22T11:35:00Z", "number_observed": 3,
   "object_refs": ["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]},
  {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
   "value": "198.51.100.3"}
]"#;

#[test]
fn check_exit_codes() {
    let cases = [
        ("[ipv4-addr:value = '198.51.100.3']", 0, "valid"),
        (
            "[ipv4-addr:value ISSUBSET '198.51.100.0/24'] REPEATS 2 TIMES WITHIN 300 SECONDS",
            0,
            "valid",
        ),
        ("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 MINUTES", 1, "1:40: expected SECONDS"),
        ("[ipv4-addr:value = '198.51.100.3'", 1, "1:"),
        ("[file:hashes.'SHA-256' = ]", 1, "1:"),
    ];
    for (pattern, code, expected) in cases {
        let run = cairn(&["pattern", "check", pattern], b"");
        assert_eq!(run.code, code, "{pattern}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(expected), "{pattern}: {}", run.stdout);
    }
}

#[test]
fn match_exit_codes() {
    let cases = [
        ("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", 0),
        ("[ipv4-addr:value = '203.0.113.9']", 1),
        ("[ipv4-addr:value = ", 2),
    ];
    for (pattern, code) in cases {
        let run = cairn(&["pattern", "match", pattern, "-"], OBSERVED.as_bytes());
        assert_eq!(run.code, code, "{pattern}: {}{}", run.stdout, run.stderr);
    }
    let run = cairn(&["pattern", "match", "[ipv4-addr:value = '1.2.3.4']", "-"], b"{not json");
    assert_eq!(run.code, 2, "{}", run.stderr);
}
