//! The STIX output of the sample reports: a valid bundle whose report references everything.

use std::path::Path;

use extract::reader::{Limits, read_path};
use extract::{Lexicon, Options, extract};
use serde_json::{Value, json};

fn sample_reports() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut v: Vec<_> =
        std::fs::read_dir(dir).expect("examples/reports").flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

#[test]
fn sample_reports_give_valid_bundles_with_a_complete_report() {
    let lexicon = Lexicon::builtin();
    let now = stix::Timestamp::parse("2025-11-01T00:00:00.000Z").expect("timestamp");
    let files = sample_reports();
    assert!(files.len() >= 5);
    for path in files {
        let doc = read_path(&path, &Limits::default()).expect("readable");
        let x = extract(&doc, &lexicon, Options::default());
        assert!(
            x.items.iter().any(|f| f.kind() == "entity"),
            "{}: no entity found",
            path.display()
        );
        let objects = x.to_stix(&x.source_key(), &now);
        let report = objects.iter().find(|o| o["type"] == "report").expect("a report object");
        let refs: Vec<&str> = report["object_refs"]
            .as_array()
            .expect("refs")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for o in &objects {
            let ty = o["type"].as_str().unwrap_or("");
            if !matches!(ty, "report" | "extension-definition") && o["id"] != json!(stix_identity())
            {
                assert!(
                    refs.contains(&o["id"].as_str().unwrap_or("")),
                    "{}: {} not referenced",
                    path.display(),
                    o["id"]
                );
            }
        }
        assert!(objects.iter().any(|o| o["id"] == extract::stix_out::CAIRN_EVIDENCE_EXTENSION));
        let bundle = json!({"type": "bundle", "id": "bundle--6b8a2f46-63a4-4c3a-b4e2-6b1c0a3f8d11", "objects": objects});
        let errors: Vec<_> =
            stix::validate::validate_value(&bundle, &stix::validate::Options::default())
                .into_iter()
                .filter(|d| d.severity == stix::validate::Severity::Error)
                .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

fn stix_identity() -> String {
    stix::Identifier::cairn("identity", "cairn").as_str().to_owned()
}

#[test]
fn report_published_is_the_documents_date_and_jsonl_follows_the_contract() {
    let text = "Published 2025-10-16\n\nNorth Korean hackers stole over $3 billion in cryptocurrency since 2017.";
    let mut doc = extract::reader::Document {
        text: extract::text::Normalized::from_plain(text),
        ..Default::default()
    };
    doc.published = Some("2025-10-16".into());
    let x = extract(&doc, &Lexicon::builtin(), Options::default());
    let now = stix::Timestamp::parse("2025-11-01T00:00:00.000Z").expect("timestamp");
    let objects = x.to_stix(&x.source_key(), &now);
    let report = objects.iter().find(|o| o["type"] == "report").expect("report");
    assert_eq!(report["published"], "2025-10-16T00:00:00Z");
    let amount = x.findings().into_iter().find(|f| f["kind"] == "amount").expect("an amount");
    assert_eq!(amount["usd"], 3_000_000_000u64);
    assert_eq!(amount["since"], "2017");
    assert_eq!(amount["country"], "KP");
    assert_eq!(amount["asset"], "cryptocurrency");
    assert_eq!(
        &text[amount["start"].as_u64().unwrap_or(0) as usize
            ..amount["end"].as_u64().unwrap_or(0) as usize],
        "over $3 billion"
    );
}
