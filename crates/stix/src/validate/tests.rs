//! Rule-by-rule tests: each case is an object (merged over a valid base of its type) and the
//! MUST codes it must produce, in order.

use serde_json::{Value, json};

use super::*;

fn base(ty: &str) -> Value {
    let common = json!({
        "type": ty,
        "spec_version": "2.1",
        "id": format!("{ty}--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
        "created": "2016-04-06T20:03:48.000Z",
        "modified": "2016-04-06T20:03:48.000Z",
    });
    let extra = match ty {
        "indicator" => json!({
            "name": "x", "pattern": "[ipv4-addr:value = '1.2.3.4']", "pattern_type": "stix",
            "valid_from": "2016-04-06T20:03:48Z"
        }),
        "malware" => json!({"is_family": false, "name": "x"}),
        "relationship" => json!({
            "relationship_type": "indicates",
            "source_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "target_ref": "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
        }),
        "ipv4-addr" => {
            return json!({
                "type": "ipv4-addr", "spec_version": "2.1",
                "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"
            });
        }
        _ => json!({"name": "x"}),
    };
    let mut object = common;
    for (k, v) in extra.as_object().unwrap() {
        object[k] = v.clone();
    }
    object
}

/// Validates `base(ty)` with `patch` applied (a `null` removes the property) and compares the
/// error codes.
fn check(ty: &str, patch: Value, expected: &[&str]) {
    let mut object = base(ty);
    for (k, v) in patch.as_object().unwrap() {
        if v.is_null() {
            object.as_object_mut().unwrap().remove(k);
        } else {
            object[k] = v.clone();
        }
    }
    let diags = validate_value(&object, &Options::default());
    let codes: Vec<&str> =
        diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect();
    assert_eq!(codes, expected, "{object:#}\n{diags:#?}");
}

#[test]
fn valid_bases() {
    for ty in ["attack-pattern", "indicator", "malware", "relationship", "ipv4-addr", "tool"] {
        check(ty, json!({}), &[]);
    }
}

#[test]
fn common_rules() {
    check("tool", json!({"name": null}), &["required-property"]);
    check("tool", json!({"spec_version": null}), &["required-property"]);
    check("tool", json!({"spec_version": "2.2"}), &["invalid-spec-version"]);
    check("tool", json!({"id": "tool--blablabla"}), &["invalid-identifier"]);
    check(
        "tool",
        json!({"id": "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
        &["id-type-mismatch"],
    );
    check("tool", json!({"created": "2016-04-31T20:03:48.000Z"}), &["invalid-timestamp"]);
    check("tool", json!({"created": "2016-04-06T20:03:48Z"}), &["timestamp-precision"]);
    check("tool", json!({"created": "2016-04-06T20:03:48.001Z"}), &["modified-before-created"]);
    check("tool", json!({"confidence": 101}), &["property-type"]);
    check("tool", json!({"labels": []}), &["property-type"]);
    check("tool", json!({"lang": "foo"}), &["invalid-language"]);
    check("tool", json!({"x-something": 1}), &["invalid-property-name"]);
    check("tool", json!({"mp": 1}), &["invalid-property-name"]);
    check("tool", json!({"x_acme_ok": "fine"}), &[]);
    check("tool", json!({"severity": "high"}), &["reserved-property"]);
    check(
        "tool",
        json!({"created_by_ref": "identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3"}),
        &["invalid-identifier"],
    );
}

#[test]
fn external_references() {
    let ext = |r: Value| json!({"external_references": [r]});
    check("tool", ext(json!({"source_name": "cve", "external_id": "CVE-2016-1234"})), &[]);
    check(
        "tool",
        ext(json!({"source_name": "cve", "external_id": "CVE-16-1234"})),
        &["invalid-external-reference"],
    );
    check("tool", ext(json!({"source_name": "capec", "external_id": "CAPEC-163"})), &[]);
    check("tool", ext(json!({"source_name": "capec"})), &["invalid-external-reference"]);
    check("tool", ext(json!({"source_name": "acme"})), &["invalid-external-reference"]);
    check("tool", ext(json!({"source_name": "acme", "url": "https://example.com/"})), &[]);
}

#[test]
fn markings() {
    check(
        "tool",
        json!({"object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]}),
        &[],
    );
    check(
        "tool",
        json!({"object_marking_refs": ["indicator--44098fce-860f-48ae-8e50-ebd3cc5e41da"]}),
        &["invalid-marking-reference"],
    );
    let granular = |sel: &str| {
        json!({"granular_markings": [{
            "marking_ref": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "selectors": [sel]
        }]})
    };
    check("tool", granular("name"), &[]);
    check("tool", granular("description"), &["invalid-selector"]);
    check("tool", granular("[0]"), &["invalid-selector"]);
}

#[test]
fn vocabularies() {
    check("tool", json!({"tool_types": ["some-custom-type"]}), &[]);
    check(
        "opinion",
        json!({"name": null, "opinion": "maybe", "object_refs": ["tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"]}),
        &["closed-vocabulary"],
    );
    let warnings = validate_value(
        &json!({"type": "tool", "spec_version": "2.1", "id": "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                "name": "x", "tool_types": ["Custom"]}),
        &Options::default(),
    );
    let codes: Vec<_> = warnings.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(codes, [("222", Severity::Warning), ("111", Severity::Warning)]);
    let strict = validate_value(
        &json!({"type": "tool", "spec_version": "2.1", "id": "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                "name": "x", "tool_types": ["custom"]}),
        &Options { strict: true, ..Options::default() },
    );
    assert_eq!(
        strict.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
        [("222", Severity::Error)]
    );
}

#[test]
fn indicators_and_relationships() {
    check("indicator", json!({"pattern": "[file:hashes.\"SHA-256\" = 'x']"}), &["invalid-pattern"]);
    check("indicator", json!({"pattern": "[f:name = 'x']"}), &["invalid-pattern"]);
    check("indicator", json!({"pattern_type": "snort", "pattern": "alert tcp any any"}), &[]);
    check("indicator", json!({"valid_until": "2016-04-06T20:03:48Z"}), &["timestamp-order"]);
    check("relationship", json!({"relationship_type": "SOMETHING"}), &["invalid-value"]);
    check(
        "relationship",
        json!({"target_ref": "bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
        &["invalid-reference-type"],
    );
    check("malware", json!({"is_family": true}), &[]);
    check("malware", json!({"is_family": true, "name": null}), &["constraint"]);
    check("malware", json!({"is_family": "true"}), &["property-type"]);
}

#[test]
fn observables() {
    check("ipv4-addr", json!({"value": "192.168.0.1/33"}), &["invalid-value"]);
    check(
        "ipv4-addr",
        json!({"resolves_to_refs": ["mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00"]}),
        &[],
    );
    check(
        "ipv4-addr",
        json!({"resolves_to_refs": ["domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5"]}),
        &["invalid-reference-type"],
    );
    check("ipv4-addr", json!({"extensions": {"x-foobar": {"a": 1}}}), &["extension-name"]);
}

#[test]
fn paths_and_bundles() {
    let bundle = json!({
        "type": "bundle", "id": "bundle--44af6c39-c09b-49c5-9de2-394224b04982",
        "objects": [base("tool"), {"type": "tool", "spec_version": "2.1",
            "id": "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e", "created": "2016-04-06T20:03:48.000Z",
            "modified": "2016-04-06T20:03:48.000Z", "name": "y",
            "external_references": [{"source_name": "cve", "external_id": "nope"}]}]
    });
    let diags = validate_value(&bundle, &Options::default());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].path, "$.objects[1].external_references[0]");
    assert_eq!(diags[0].object_id.as_deref(), Some("tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e"));

    let refs = json!({
        "type": "bundle", "id": "bundle--44af6c39-c09b-49c5-9de2-394224b04982",
        "objects": [base("relationship")]
    });
    let enforce = Options { enforce_refs: true, ..Options::default() };
    let codes: Vec<_> = validate_value(&refs, &enforce).iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unresolved-reference", "unresolved-reference"]);
}

#[test]
fn streaming_matches_whole_document() {
    let mut validator = Validator::new(Options::default());
    let tool = base("tool");
    assert!(validator.object(&tool, "$.objects[0]").is_empty());
    let again = validator.object(&tool, "$.objects[1]");
    assert_eq!(again.iter().map(|d| d.code).collect::<Vec<_>>(), ["203"]);
    assert!(validator.finish().is_empty());
}

/// The SHOULD codes `object` produces under `options`, in order.
fn should_codes(object: Value, options: &Options) -> Vec<&'static str> {
    validate_value(&object, options)
        .into_iter()
        .filter(|d| d.code.as_bytes()[0].is_ascii_digit())
        .map(|d| d.code)
        .collect()
}

fn patched(ty: &str, patch: Value) -> Value {
    let mut object = base(ty);
    for (k, v) in patch.as_object().unwrap() {
        object[k] = v.clone();
    }
    object
}

#[test]
fn should_checks() {
    let default = Options::default();
    let no_401 = Options { disabled: vec!["extensions-use".into()], ..Options::default() };
    let lax = Options { disabled: vec!["401".into(), "101".into()], ..Options::default() };
    let cases: &[(&str, Value, &Options, &[&str])] = &[
        ("tool", json!({"x_acme_rank": 1}), &default, &["401"]),
        ("tool", json!({"rank": 1}), &no_401, &["101"]),
        ("tool", json!({"x_rank": 1}), &no_401, &["101"]),
        ("tool", json!({"x_acme_rank": 1}), &no_401, &[]),
        ("tool", json!({"x_rank": 1}), &lax, &[]),
        ("tool", json!({"rank": 1}), &lax, &["102"]),
        ("indicator", json!({}), &default, &["303"]),
        ("indicator", json!({"description": "d"}), &default, &[]),
        ("location", json!({"name": null, "country": "zz"}), &default, &["277"]),
        ("location", json!({"name": null, "country": "de"}), &default, &[]),
        (
            "relationship",
            json!({"relationship_type": "mitigates",
                   "target_ref": "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
            &default,
            &["202"],
        ),
        (
            "tool",
            json!({"kill_chain_phases": [{"kill_chain_name": "Lockheed", "phase_name": "x"}]}),
            &default,
            &["121"],
        ),
        ("tool", json!({"id": "tool--8e2e2d2b-17d4-1cbf-938f-98ee46b3cd3f"}), &default, &["103"]),
    ];
    for (ty, patch, options, expected) in cases {
        let object = patched(ty, patch.clone());
        assert_eq!(should_codes(object.clone(), options), *expected, "{object:#}");
    }
}

#[test]
fn options() {
    let tool = patched("tool", json!({"tool_types": ["custom"]}));
    let disabled = |d: &str| Options { disabled: vec![d.into()], ..Options::default() };
    assert_eq!(should_codes(tool.clone(), &Options::default()), ["222"]);
    for name in ["222", "tool-types", "all-vocabs", "approved-values", "2", "all"] {
        assert!(should_codes(tool.clone(), &disabled(name)).is_empty(), "{name}");
    }
    let only_303 = Options { enabled: vec!["303".into()], ..Options::default() };
    assert!(should_codes(tool.clone(), &only_303).is_empty());

    let bad = Options { enabled: vec!["abc".into()], ..Options::default() };
    let codes: Vec<_> = validate_value(&tool, &bad).iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-check"]);

    let custom = json!({"type": "x-acme-widget", "id": "x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"});
    let strict_types = Options { strict_types: true, ..Options::default() };
    let codes: Vec<_> = validate_value(&custom, &strict_types)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["custom-type"]);

    let strict_properties = Options { strict_properties: true, ..Options::default() };
    let codes: Vec<_> =
        validate_value(&patched("tool", json!({"x_acme_rank": 1})), &strict_properties)
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect();
    assert_eq!(codes, ["custom-property"]);

    let interop = Options { interop: true, ..Options::default() };
    let codes: Vec<_> = validate_value(&base("tool"), &interop)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["required-property", "required-property"]);
}

#[test]
fn hostile_input_does_not_panic() {
    // Depth is bounded by the JSON reader; 500 levels exercise the walks that recurse.
    let deep = (0..500).fold(json!("x"), |v, _| json!({"a": v}));
    for object in [
        json!({"type": "file", "id": "file--ééééééééééééééééééééééééééééééééééé", "name": "a"}),
        json!({"type": "process", "id": "process--ééééééééééééééééééééééééééé", "pid": 1}),
        json!({"type": "tool", "x_deep": deep.clone()}),
        json!({"type": "file", "name": "a", "x_deep": deep}),
        json!({"type": "indicator", "pattern_type": "stix", "pattern": "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((([a:b = 1]"}),
        json!([1, "x", null]),
        json!("not an object"),
    ] {
        let _ = validate_value(&object, &Options::default());
    }
}

#[test]
fn tlp_markings() {
    let tlp2 = |level: &str| {
        json!({
            "type": "marking-definition", "spec_version": "2.1",
            "id": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
            "created": "2022-10-01T00:00:00.000Z", "name": "TLP:RED",
            "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension", "tlp_2_0": level}}
        })
    };
    let errors = |v: Value| -> Vec<&'static str> {
        validate_value(&v, &Options::default())
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    };
    assert!(errors(tlp2("red")).is_empty());
    assert_eq!(errors(tlp2("green")), ["invalid-marking-definition"]);
    assert_eq!(errors(tlp2("purple")), ["closed-vocabulary"]);
    let tlp1 = json!({
        "type": "marking-definition", "spec_version": "2.1",
        "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp", "name": "TLP:GREEN",
        "definition": {"tlp": "green"}
    });
    assert!(errors(tlp1.clone()).is_empty());
    let mut wrong = tlp1;
    wrong["definition"] = json!({"tlp": "red"});
    assert_eq!(errors(wrong), ["invalid-marking-definition"]);
    let statement = json!({
        "type": "marking-definition", "spec_version": "2.1",
        "id": "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
        "created": "2016-08-01T00:00:00.000Z", "definition_type": "statement",
        "definition": {"statement": "Copyright 2019, Example Corp"}
    });
    assert!(errors(statement).is_empty());
}
