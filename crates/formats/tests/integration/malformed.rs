//! Malformed input: every loader fails with the record and the reason, never panics.

use formats::{FormatError, Options, attack, microsoft, misp};

fn skip() -> Options {
    Options { skip_invalid: true, ..Options::default() }
}

fn record_error(result: Result<formats::Import, FormatError>) -> String {
    match result {
        Err(FormatError::Record { at, reason }) => format!("{at}: {reason}"),
        Err(other) => panic!("expected a record error, got {other}"),
        Ok(_) => panic!("expected a record error, got success"),
    }
}

const GOOD_MALWARE: &str = r#"{"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "x", "is_family": true}"#;

#[test]
fn stix_bundle_with_a_bad_object() {
    let bundle = format!(
        r#"{{"type": "bundle", "id": "bundle--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "objects": [{GOOD_MALWARE}, {{"type": "malware", "id": "tool--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "created": "x", "modified": "x"}}]}}"#
    );
    let err = record_error(attack::load_stix(bundle.as_bytes(), "b.json", &Options::default()));
    assert!(
        err.contains("objects[1]")
            && err.contains("tool--0c7b5b88")
            && err.contains("does not start with its type"),
        "{err}"
    );
    let import = attack::load_stix(bundle.as_bytes(), "b.json", &skip()).unwrap();
    assert_eq!(import.objects.len(), 1);
    assert_eq!(import.rejected.len(), 1);
    assert_eq!(import.source.key, "stix:bundle--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061");
}

#[test]
fn stix_shapes() {
    let check = |doc: &str, needle: &str| {
        let err = attack::load_stix(doc.as_bytes(), "x.json", &Options::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{doc}: {err}");
    };
    check(r#"[{"type": "malware"}]"#, "has no `id`");
    check(r#"[{"id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"}]"#, "has no `type`");
    check(
        r#"[{"type": "malware", "id": "malware--nope", "created": "x", "modified": "x"}]"#,
        "not a UUID",
    );
    check(
        r#"[{"type": "malware", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "created": "x"}]"#,
        "has no `modified`",
    );
    check(r#"[1]"#, "not a JSON object");
    check(r#"{"type": "bundle", "objects": [}"#, "not valid JSON");
    check("", "not valid JSON");
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("[{}{}]", "[".repeat(10_000), "]".repeat(10_000));
    check(&deep, "not valid JSON");
}

#[test]
fn misp_cluster_shapes() {
    let ctx = misp::Context::new();
    let check = |doc: &str, needle: &str| {
        let err = misp::load_misp_cluster(doc.as_bytes(), &ctx, &Options::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{doc}: {err}");
    };
    check("[]", "not a JSON object");
    check(r#"{"values": []}"#, "has no `type`");
    check(r#"{"type": "threat-actor"}"#, "has no `values`");
    check(r#"{"type": "threat-actor", "values": {}}"#, "`values` is not an array");
    check(r#"{"type": "weird", "category": "odd", "values": []}"#, "not one Cairn maps");
    check(
        r#"{"type": "threat-actor", "values": [{"value": "A", "uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11"}, {"value": "B", "uuid": "nope"}]}"#,
        r#"values[1] (uuid nope, "B"): `uuid` "nope" is not a UUID"#,
    );
    check(
        r#"{"type": "threat-actor", "values": [{"uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11"}]}"#,
        "values[0] (uuid 5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11): has no `value`",
    );
    check(
        r#"{"type": "threat-actor", "values": [{"value": "A", "uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11", "meta": []}]}"#,
        "`meta` is not an object",
    );
    check(
        r#"{"type": "country", "values": [{"value": "x", "uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11", "meta": {"ISO": "XYZ"}}]}"#,
        "not a two-letter code",
    );
}

#[test]
fn misp_skip_invalid_keeps_the_good_records() {
    let doc = r#"{"type": "threat-actor", "values": [
        {"value": "A", "uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a11", "meta": {"country": "RU", "synonyms": "A2",
         "cfr-suspected-state-sponsor": "Atlantis", "name-attribution": ["A3:0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "no-producer"],
         "attribution-confidence": "999"}},
        {"value": 7, "uuid": "5e0f1f4c-8ab1-4d1c-9a2b-6c4b8f2f7a12"}
    ]}"#;
    let import = misp::load_misp_cluster(doc.as_bytes(), &misp::Context::new(), &skip()).unwrap();
    assert_eq!(import.rejected.len(), 1);
    assert!(import.rejected[0].to_string().contains("`value` is not a string"));
    let a = import.objects.iter().find(|o| o["type"] == "intrusion-set").unwrap();
    assert_eq!(a["aliases"], serde_json::json!(["A2", "A3"]));
    // Unknown producer: the uuid is kept as the vendor.
    assert_eq!(
        a["extensions"][formats::ACTOR_EXTENSION_ID]["alias_vendors"]["A3"],
        "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"
    );
    // Unknown sponsor: no attributed-to, a warning.
    assert!(!import.objects.iter().any(|o| o["relationship_type"] == "attributed-to"));
    assert!(import.warnings.iter().any(|w| w.contains("Atlantis")), "{:?}", import.warnings);
    // Confidence out of range is ignored.
    assert!(import.objects.iter().all(|o| o.get("confidence").is_none()));
}

#[test]
fn microsoft_map_shapes() {
    let check = |doc: &str, needle: &str| {
        let err = microsoft::load_microsoft_naming(doc.as_bytes(), &Options::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{doc}: {err}");
    };
    check("{}", "not a JSON array");
    check(
        r#"[{"Threat actor name": "Forest Blizzard"}, {"Origin/Threat": "Russia"}]"#,
        "[1]: has no `Threat actor name`",
    );
    check(
        r#"[{"Threat actor name": "X Blizzard", "Other names": 5}]"#,
        r#"[0] ("X Blizzard"): `Other names` is not a string"#,
    );
    check(r#"[7]"#, "[0]: is not a JSON object");
    // BOM and blank origin: the family fills it in.
    let doc = "\u{feff}[{\"Threat actor name\": \"Test Blizzard\", \"Origin/Threat\": \"\", \"Other names\": \"A, , B\"}]";
    let import = microsoft::load_microsoft_naming(doc.as_bytes(), &Options::default()).unwrap();
    let actor = import.objects.iter().find(|o| o["type"] == "intrusion-set").unwrap();
    assert_eq!(actor["aliases"], serde_json::json!(["A", "B"]));
    assert!(import.objects.iter().any(|o| o["relationship_type"] == "attributed-to"));
}

#[test]
fn read_bounded_caps_gzip_bombs() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![b'['; 10 * 1024 * 1024]).unwrap();
    let gz = enc.finish().unwrap();
    assert!(gz.len() < 100_000);
    let err = formats::read_bounded(&gz[..], 1024 * 1024).unwrap_err();
    assert!(err.to_string().contains("decompressed size limit"), "{err}");
}

#[test]
fn load_any_refuses_unknown_and_definitions() {
    let ctx = misp::Context::new();
    let err =
        formats::load_any("x.json", br#"{"hello": 1}"#, &ctx, &Options::default()).unwrap_err();
    assert!(matches!(err, FormatError::Unknown(_)));
    let def = br#"{"description": "d", "icon": "i", "name": "n", "namespace": "misp", "type": "t", "uuid": "u", "version": 1}"#;
    let err = formats::load_any("galaxies/t.json", def, &ctx, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("galaxy definition"), "{err}");
}

/// Every prefix and every single-byte corruption of small valid documents: an error or a
/// result, never a panic.
#[test]
fn truncated_and_corrupted_documents_never_panic() {
    let docs: [&str; 3] = [
        r#"{"type": "threat-actor", "version": 3, "values": [{"value": "APT28", "uuid": "5b4ee3ea-eee3-4c8e-8323-85ae32658754", "meta": {"country": "RU", "cfr-suspected-state-sponsor": "Russian Federation", "cfr-suspected-victims": ["Georgia", "NATO"], "cfr-target-category": ["Government"], "name-attribution": ["STRONTIUM:d0c33595-b684-45ef-91c3-e2f5ce1a8191"], "origin:APT28": "Mandiant", "attribution-confidence": "50", "synonyms": ["Fancy Bear", "G0007"]}, "related": [{"dest-uuid": "x", "type": "similar"}]}]}"#,
        "\u{feff}[{\"Threat actor name\": \"Forest Blizzard\", \"Origin/Threat\": \"Russia\", \"Other names\": \"STRONTIUM, APT28\"}]",
        GOOD_MALWARE,
    ];
    let ctx = misp::Context::new();
    let options = skip();
    for doc in docs {
        let bytes = doc.as_bytes();
        assert!(formats::load_any("x.json", bytes, &ctx, &options).is_ok(), "{doc}");
        for end in 0..bytes.len() {
            let _ = formats::load_any("x.json", &bytes[..end], &ctx, &options);
        }
        for i in 0..bytes.len() {
            for replacement in [b'"', b'{', b']', b'\\', 0xff] {
                let mut corrupt = bytes.to_vec();
                corrupt[i] = replacement;
                let _ = formats::load_any("x.json", &corrupt, &ctx, &options);
            }
        }
    }
}
