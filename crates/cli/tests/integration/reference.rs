//! The knowledge base loaded with every reference set in `../shared/data` (read in place), asked
//! the questions an analyst asks first.

use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{cairn, scratch, shared};

/// One store loaded once by `cairn sync --from ../shared/data`, shared by the tests below.
fn store() -> &'static str {
    static DB: OnceLock<String> = OnceLock::new();
    DB.get_or_init(|| {
        let db = format!("sqlite:{}", scratch("reference-store").join("kb.sqlite").display());
        let data = shared().join("data");
        let run = cairn(&["--db", &db, "-q", "sync", "--from", data.to_str().unwrap()], b"");
        assert_eq!(run.code, 0, "sync: {}{}", run.stdout, run.stderr);
        db
    })
}

fn actor(name: &str) -> Value {
    let run = cairn(&["--db", store(), "--format", "json", "actor", name], b"");
    assert_eq!(run.code, 0, "actor {name}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn vendor_names_resolve_to_one_actor_sponsored_by_russia() {
    let views: Vec<Value> =
        ["Forest Blizzard", "Fancy Bear", "STRONTIUM", "APT28"].into_iter().map(actor).collect();
    for view in &views {
        assert_eq!(view["result"], "resolved", "{view}");
        assert_eq!(view["group_id"], views[0]["group_id"]);
        assert_eq!(view["sponsor"][0]["value"], "RU", "{}", view["sponsor"]);
        assert_eq!(view["origin"][0]["value"], "RU");
    }
    let microsoft = &views[0]["names_by_vendor"]["Microsoft"];
    assert!(microsoft.as_array().unwrap().iter().any(|n| n == "Forest Blizzard"), "{microsoft}");
}

#[test]
fn iridium_is_ambiguous_between_russia_and_iran() {
    let view = actor("IRIDIUM");
    assert_eq!(view["result"], "ambiguous", "{view}");
    let origins: Vec<String> =
        view["candidates"].as_array().unwrap().iter().map(|c| c["origin"].to_string()).collect();
    assert!(origins.iter().any(|o| o.contains("IR")), "{origins:?}");
    assert!(origins.iter().any(|o| o.contains("RU")), "{origins:?}");
}

#[test]
fn fin7_origin_conflict_keeps_both_sources() {
    let view = actor("FIN7");
    assert_eq!(view["result"], "resolved", "{view}");
    let origins: Vec<&str> =
        view["origin"].as_array().unwrap().iter().filter_map(|o| o["value"].as_str()).collect();
    assert!(origins.contains(&"RU") && origins.contains(&"UA"), "{origins:?}");
    assert!(view["sponsor"].as_array().unwrap().is_empty(), "a criminal group has no sponsor");
}

#[test]
fn resync_is_idempotent() {
    let data = shared().join("data");
    let run = cairn(
        &["--db", store(), "--format", "json", "sync", "--from", data.to_str().unwrap()],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(files.len(), 31);
    for file in &files {
        assert_eq!(file["status"], "ok", "{file}");
        assert_eq!(file["new_claims"], 0, "{file}");
        assert_eq!(file["new_versions"], 0, "{file}");
    }
}
