use serde_json::json;

use super::*;

/// `Ok(())` when valid, or the first diagnostic's (line, column).
fn check_parse(p: &str, expected: Result<(), (u32, u32)>) {
    let got = Pattern::parse(p).map(|_| ()).map_err(|d| (d[0].line, d[0].column));
    assert_eq!(got, expected, "{p}: {:?}", Pattern::parse(p).err());
}

#[test]
fn syntax() {
    check_parse("[file:size = 1280]", Ok(()));
    check_parse("[file:size == 1280]", Ok(()));
    check_parse("[file:size <> 1280]", Ok(()));
    check_parse(
        "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
        Ok(()),
    );
    check_parse("[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']", Ok(()));
    check_parse("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", Ok(()));
    check_parse("[network-traffic:dst_ref.value ISSUBSET '2001:db8::/32']", Ok(()));
    check_parse("[email-message:body_multipart[0].body_raw_ref.name NOT LIKE 'x%']", Ok(()));
    check_parse(
        "[x:a IN ()] AND [x:b IN (1, 2.5)] OR [x:c MATCHES '^a$'] FOLLOWEDBY [x:d NOT = b'AQIDBA==']",
        Ok(()),
    );
    check_parse("[x:a = h'ff00'] REPEATS 2 TIMES WITHIN 1.5 SECONDS", Ok(()));
    check_parse("[x:a = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:01.5Z'", Ok(()));
    check_parse("([x:a = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS", Ok(()));
    check_parse("[EXISTS x:a AND x:b = 'it\\'s']", Ok(()));
    check_parse("/* comment */ [x:a = 1] // trailing", Ok(()));
    // Errors, with 1-based positions.
    check_parse("file:size = 1280", Err((1, 1)));
    check_parse("[file.size = 1280]", Err((1, 6)));
    check_parse("[file:size = ]", Err((1, 14)));
    check_parse("[some-type:needs-quotes = 1]", Err((1, 12)));
    check_parse("[x:a = 1] WITHIN 0.5 seconds", Err((1, 22)));
    check_parse("[x:a = 1] WITHIN -5 SECONDS", Err((1, 18)));
    check_parse("[x:a = 1]\n  REPEATS 2 TIMES REPEATS 3 TIMES", Err((2, 19)));
    check_parse("[x:a = t'2024-13-01T00:00:00Z']", Err((2 - 1, 8)));
    check_parse("[x:a = 'unterminated]", Err((1, 8)));
    check_parse("[x:a = 'bad \\escape']", Err((1, 8)));
    check_parse("[x:a = b'====']", Err((1, 8)));
    check_parse("[x:a = 01]", Err((1, 9)));
    check_parse("[x:a > true]", Err((1, 8)));
    check_parse("[file:hashes.'SHA-256' = 'f00']", Err((1, 26)));
    check_parse("[x:a = 1] AND", Err((1, 14)));
    check_parse("[x:a = 1]]", Err((1, 10)));
    check_parse("", Err((1, 1)));
}

#[test]
fn precedence() {
    let p = Pattern::parse("[a:x = 1] FOLLOWEDBY [b:x = 1] OR [c:x = 1] AND [d:x = 1]").unwrap();
    let ObservationExpr::FollowedBy(_, rhs) = p.root() else { panic!("{p:?}") };
    let ObservationExpr::Or(_, and) = rhs.as_ref() else { panic!("{p:?}") };
    assert!(matches!(and.as_ref(), ObservationExpr::And(..)));
    let p = Pattern::parse("[a:x = 1 OR a:y = 2 AND a:z = 3]").unwrap();
    let ObservationExpr::Observation(ComparisonExpr::Or(items)) = p.root() else { panic!("{p:?}") };
    assert!(matches!(items[1], ComparisonExpr::And(_)));
}

#[test]
fn literals() {
    let lit = |p: &str| match Pattern::parse(p).unwrap().root() {
        ObservationExpr::Observation(ComparisonExpr::Test(PropTest { op: Op::Eq(l), .. })) => {
            l.clone()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(lit("[x:a = h'0aFF']"), Literal::Binary(vec![0x0a, 0xff]));
    assert_eq!(lit("[x:a = b'AQIDBA==']"), Literal::Binary(vec![1, 2, 3, 4]));
    assert_eq!(lit("[x:a = 'a\\\\b\\'c']"), Literal::Str("a\\b'c".into()));
    assert_eq!(lit("[x:a = -12]"), Literal::Int(-12));
    assert_eq!(lit("[x:a = +.5]"), Literal::Float(0.5));
    assert_eq!(lit("[x:a = t'1970-01-01T00:00:01.5Z']"), Literal::Timestamp(Ok(1_500_000_000)));
    // A valid literal of an impossible date parses, then fails every evaluation.
    let p = Pattern::parse("[x:a = t'2023-02-29T00:00:00Z']").unwrap();
    assert_eq!(p.evaluation_errors().len(), 1);
    assert!(matches!(p.matches(&[]), Err(MatchError::Pattern(_))));
}

#[test]
fn parser_never_panics_and_is_bounded() {
    let seeds = [
        "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
        "([x:a IN (1, 2)] AND [y:b LIKE 'a%']) WITHIN 5 SECONDS REPEATS 2 TIMES",
        "[x:a = t'2016-06-01T00:00:00Z'] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:01Z'",
        "[x:a[*].b_ref.c = b'AQIDBA==' OR x:d != h'00'] FOLLOWEDBY [é:ü MATCHES '\\\\d+']",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for seed in seeds {
        for cut in 0..=seed.len() {
            if let Some(prefix) = seed.get(..cut) {
                let _ = Pattern::parse(prefix);
            }
        }
        for _ in 0..500 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state % bytes.len() as u64) as usize;
                let alphabet = b"[]()'.:*=<>!-+0123456789abhtZTSE \\%_,";
                bytes[i] = alphabet[(state >> 32) as usize % alphabet.len()];
            }
            let _ = Pattern::parse(&String::from_utf8_lossy(&bytes));
        }
    }
    let deep = format!("{}[x:a = 1]{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(Pattern::parse(&deep).unwrap_err()[0].message.contains("nesting"));
    let deep = format!("[{}x:a = 1{}]", "(".repeat(10_000), ")".repeat(10_000));
    assert!(Pattern::parse(&deep).is_err());
    assert!(Pattern::parse(&"[x:a = 1] AND ".repeat(MAX_PATTERN_LEN / 8)).is_err());
    let chain = format!("[x:a = 1]{}", " AND [x:a = 1]".repeat(MAX_OBSERVATION_NODES));
    assert!(Pattern::parse(&chain).unwrap_err()[0].message.contains("more than"));
    let quals = format!("([x:a = 1]){}", " WITHIN 1 SECONDS".repeat(MAX_OBSERVATION_NODES));
    assert!(Pattern::parse(&quals).is_err());
    let big_or =
        format!("[x:a = 0{}]", (1..20_000).map(|i| format!(" OR x:a = {i}")).collect::<String>());
    assert!(Pattern::parse(&big_or).is_ok());
}

fn observed(first: &str, last: &str, n: u64, objects: serde_json::Value) -> serde_json::Value {
    json!({"type": "observed-data", "number_observed": n, "first_observed": first, "last_observed": last,
           "objects": objects})
}

fn check_match(p: &str, data: serde_json::Value, expected: Result<bool, ()>) {
    let data = ObservedData::from_json(&data).expect("observed-data");
    let got = Pattern::parse(p).unwrap_or_else(|d| panic!("{p}: {d:?}")).matches(&data);
    assert_eq!(got.as_ref().map(|r| r.matched).map_err(|_| ()), expected, "{p}: {got:?}");
}

#[test]
fn evaluation() {
    let t0 = "2020-01-01T00:00:00Z";
    let t5 = "2020-01-01T00:00:05Z";
    let ip = |v: &str| json!({"0": {"type": "ipv4-addr", "value": v}});
    let two = json!([observed(t0, t0, 1, ip("10.0.0.1")), observed(t5, t5, 1, ip("10.0.0.2"))]);
    check_match(
        "[ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.2']",
        two.clone(),
        Ok(true),
    );
    check_match(
        "[ipv4-addr:value = '10.0.0.2'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.1']",
        two.clone(),
        Ok(false),
    );
    check_match(
        "([ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '10.0.0.2']) WITHIN 5 SECONDS",
        two.clone(),
        Ok(true),
    );
    check_match(
        "([ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '10.0.0.2']) WITHIN 4 SECONDS",
        two.clone(),
        Ok(false),
    );
    check_match("[ipv4-addr:value ISSUBSET '10.0.0.0/8'] REPEATS 2 TIMES", two.clone(), Ok(true));
    check_match("[ipv4-addr:value ISSUBSET '10.0.0.0/8'] REPEATS 3 TIMES", two.clone(), Ok(false));
    check_match(
        "[ipv4-addr:value = '10.0.0.2'] START t'2020-01-01T00:00:05Z' STOP t'2020-01-01T00:00:06Z'",
        two.clone(),
        Ok(true),
    );
    check_match(
        "[ipv4-addr:value = '10.0.0.2'] START t'2020-01-01T00:00:04Z' STOP t'2020-01-01T00:00:05Z'",
        two,
        Ok(false),
    );
    // number_observed = 3 counts as three observations.
    check_match(
        "[ipv4-addr:value = '10.0.0.1'] REPEATS 3 TIMES",
        json!([observed(t0, t5, 3, ip("10.0.0.1"))]),
        Ok(true),
    );
    // IPv6 blocks, beyond the reference's IPv4-only support.
    let v6 =
        json!([observed(t0, t0, 1, json!({"0": {"type": "ipv6-addr", "value": "2001:db8::7"}}))]);
    check_match("[ipv6-addr:value ISSUBSET '2001:db8::/32']", v6.clone(), Ok(true));
    check_match("[ipv6-addr:value NOT ISSUBSET '2001:db8::/32']", v6, Ok(false));
    // References resolve among the same observation's objects; [*] means any element.
    let refs = json!([observed(
        t0,
        t0,
        1,
        json!({
        "0": {"type": "domain-name", "value": "evil.example", "resolves_to_refs": ["1", "2"]},
        "1": {"type": "ipv4-addr", "value": "198.51.100.1"},
        "2": {"type": "ipv4-addr", "value": "198.51.100.2"}})
    )]);
    check_match("[domain-name:resolves_to_refs[*].value = '198.51.100.2']", refs.clone(), Ok(true));
    check_match(
        "[domain-name:resolves_to_refs[0].value = '198.51.100.2']",
        refs.clone(),
        Ok(false),
    );
    check_match(
        "[domain-name:value LIKE '%.example' AND domain-name:value MATCHES '^e']",
        refs.clone(),
        Ok(true),
    );
    // Comparisons joined by AND must hold on one object.
    check_match(
        "[domain-name:value = 'evil.example' AND ipv4-addr:value = '198.51.100.1']",
        refs.clone(),
        Ok(false),
    );
    check_match(
        "[domain-name:value = 'evil.example'] AND [ipv4-addr:value = '198.51.100.1']",
        refs.clone(),
        Ok(false),
    );
    // Bad data is an error, not a silent no-match.
    let bad = json!([observed(t0, t0, 1, json!({"0": {"type": "x", "when": "yesterday"}}))]);
    check_match("[x:when > t'2020-01-01T00:00:00Z']", bad, Err(()));
    assert!(ObservedData::from_json(&json!([observed(t0, t0, 0, ip("1.2.3.4"))])).is_err());
    // Deep repetition is bounded instead of recursing without end.
    let many = json!([observed(t0, t0, 1_000_000, ip("10.0.0.1"))]);
    check_match(
        "([ipv4-addr:value = '10.0.0.1'] REPEATS 1000 TIMES) REPEATS 1000 TIMES",
        many.clone(),
        Err(()),
    );
    check_match("[ipv4-addr:value = '10.0.0.1'] REPEATS 200 TIMES", many, Ok(true));
}

#[test]
fn regexes_are_bounded() {
    let p = Pattern::parse("[x:a MATCHES '(a{1000}){1000}']").unwrap();
    assert_eq!(p.evaluation_errors().len(), 1);
    let p = Pattern::parse("[x:a MATCHES '(?<=a)b']").unwrap();
    assert!(p.evaluation_errors()[0].message.contains("regular expression"));
}
