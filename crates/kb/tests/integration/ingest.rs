//! Ingest, versions, claims, idempotence, rejection, source removal.

use kb::{Error, IngestOptions, SourceKind};
use serde_json::json;

use crate::both;
use crate::harness::*;

both!(stores_and_returns_objects_with_claims, |mut t| {
    let w = load_world(&mut t.store);
    let apt28 = &w.misp.1[5];
    let got = t.store.get(apt28["id"].as_str().unwrap()).unwrap().expect("stored");
    assert_eq!(&got.object, apt28, "objects come back as stored");
    assert_eq!(got.claims.len(), 1);
    assert_eq!(got.claims[0].source, "misp-galaxy:threat-actor");
    // Russia is asserted by two sources.
    let ru = t.store.get(&id("location", "country:RU")).unwrap().expect("RU");
    let mut by: Vec<_> = ru.claims.iter().map(|c| c.source.as_str()).collect();
    by.sort();
    assert_eq!(by, ["microsoft:naming", "misp-galaxy:threat-actor"]);
    assert!(t.store.get("malware--00000000-0000-4000-8000-000000000000").unwrap().is_none());
});

both!(reimport_is_idempotent, |mut t| {
    let w = load_world(&mut t.store);
    let before = snapshot(&mut t.store);
    let s = t.store.ingest(&w.misp.0, &w.misp.1, &IngestOptions::default()).unwrap();
    assert_eq!(
        (s.accepted, s.new_versions, s.new_claims, s.updated_latest),
        (w.misp.1.len(), 0, 0, 0)
    );
    assert_eq!(snapshot(&mut t.store), before);
});

both!(versions_are_kept_and_latest_follows_modified, |mut t| {
    let src = source("feed:a", SourceKind::Feed, "Feed A");
    let old = named("malware", "Versioned", json!({"is_family": true, "description": "first"}));
    let mut new = old.clone();
    new["modified"] = json!("2021-06-01T00:00:00Z");
    new["description"] = json!("second");
    t.store.ingest(&src, std::slice::from_ref(&new), &IngestOptions::default()).unwrap();
    // An older version arriving later does not replace the current one.
    t.store.ingest(&src, std::slice::from_ref(&old), &IngestOptions::default()).unwrap();
    let id = old["id"].as_str().unwrap();
    assert_eq!(t.store.get(id).unwrap().unwrap().object["description"], "second");
    let versions = t.store.versions(id).unwrap();
    assert_eq!(
        versions.iter().map(|v| v.object["description"].clone()).collect::<Vec<_>>(),
        [json!("first"), json!("second")]
    );
    // Any precision names the same version.
    let v = t.store.get_version(id, "2021-06-01T00:00:00.000Z").unwrap().expect("version");
    assert_eq!(v.object["description"], "second");
    assert!(t.store.get_version(id, "2022-01-01T00:00:00Z").unwrap().is_none());
    // Insertion order paging (TAXII added_after).
    let all = t.store.added_after(0, 10).unwrap();
    assert_eq!(
        all.iter().map(|v| v.object["description"].clone()).collect::<Vec<_>>(),
        [json!("second"), json!("first")]
    );
    assert_eq!(t.store.added_after(all[0].seq, 10).unwrap().len(), 1);
});

both!(a_malformed_object_rejects_the_batch, |mut t| {
    load_world(&mut t.store);
    let before = snapshot(&mut t.store);
    let src = source("import:bad", SourceKind::Import, "bad file");
    let mut batch = many("good", 3);
    batch.insert(2, json!({"type": "malware", "id": "malware--not-a-uuid", "name": "broken"}));
    batch.push(json!("not an object"));
    match t.store.ingest(&src, &batch, &IngestOptions::default()) {
        Err(Error::Rejected(r)) => {
            assert_eq!(r.iter().map(|r| r.index).collect::<Vec<_>>(), [2, 4]);
            assert_eq!(r[0].id.as_deref(), Some("malware--not-a-uuid"));
            assert!(r[0].reason.contains("invalid id"), "{}", r[0].reason);
        }
        other => panic!("expected rejection, got {other:?}"),
    }
    assert_eq!(snapshot(&mut t.store), before, "nothing changed");
    let opts = IngestOptions { skip_invalid: true, ..IngestOptions::default() };
    let s = t.store.ingest(&src, &batch, &opts).unwrap();
    assert_eq!((s.accepted, s.new_versions, s.rejected.len()), (3, 3, 2));
});

both!(removing_a_source_removes_exactly_its_claims, |mut t| {
    let w = load_world(&mut t.store);
    let before = snapshot(&mut t.store);
    let extra = source("report:x", SourceKind::Report, "A report");
    let mut objs = many("report-only", 5);
    objs.push(country("RU", "Russia")); // also asserted by MISP and Microsoft
    objs.push(w.attack.1[0].clone()); // ATT&CK's APT28, same version
    t.store.ingest(&extra, &objs, &IngestOptions::default()).unwrap();
    assert_eq!(t.store.search("report-only", 10).unwrap().len(), 5);
    let r = t.store.remove_source("report:x").unwrap();
    assert_eq!((r.claims_removed, r.versions_removed), (7, 5));
    assert_eq!(snapshot(&mut t.store), before);
    assert!(t.store.search("report-only", 10).unwrap().is_empty());
    assert!(matches!(t.store.remove_source("report:x"), Err(Error::NotFound(_))));

    // Removing MISP keeps what others assert and drops what only MISP said.
    t.store.remove_source("misp-galaxy:threat-actor").unwrap();
    assert!(t.store.get(&id("location", "country:RU")).unwrap().is_some());
    assert!(t.store.get(&id("location", "country:IR")).unwrap().is_none());
    assert!(t.store.get(&id("intrusion-set", "misp:IRIDIUM")).unwrap().is_none());
    for s in ["attack:enterprise", "microsoft:naming"] {
        t.store.remove_source(s).unwrap();
    }
    let empty = snapshot(&mut t.store);
    assert_eq!((empty.0.objects, empty.0.versions, empty.0.claims, empty.0.actors), (0, 0, 0, 0));
});

both!(an_older_version_returns_when_its_newer_source_goes, |mut t| {
    let a = source("feed:a", SourceKind::Feed, "A");
    let b = source("feed:b", SourceKind::Feed, "B");
    let v1 = named("tool", "Mimikatz", json!({"description": "v1"}));
    let mut v2 = v1.clone();
    v2["modified"] = json!("2024-01-01T00:00:00.000Z");
    v2["description"] = json!("v2");
    t.store.ingest(&a, std::slice::from_ref(&v1), &IngestOptions::default()).unwrap();
    t.store.ingest(&b, &[v2], &IngestOptions::default()).unwrap();
    let id = v1["id"].as_str().unwrap();
    assert_eq!(t.store.get(id).unwrap().unwrap().object["description"], "v2");
    assert_eq!(t.store.search("v2", 5).unwrap().len(), 1);
    t.store.remove_source("feed:b").unwrap();
    assert_eq!(t.store.get(id).unwrap().unwrap().object["description"], "v1");
    assert!(t.store.search("v2", 5).unwrap().is_empty());
    assert_eq!(t.store.search("v1", 5).unwrap().len(), 1);
});

both!(claims_keep_confidence_and_evidence, |mut t| {
    let src = source("report:r1", SourceKind::Report, "Report 1");
    let mut obj = named("malware", "Evidenced", json!({"is_family": true}));
    obj["confidence"] = json!(80);
    let report = id("report", "r1");
    let mut opts = IngestOptions::default();
    opts.evidence.insert(
        obj["id"].as_str().unwrap().to_owned(),
        kb::Evidence {
            report: report.clone(),
            start: 10,
            end: 19,
            sentence: Some("We saw Evidenced.".into()),
        },
    );
    t.store.ingest(&src, std::slice::from_ref(&obj), &opts).unwrap();
    let got = t.store.get(obj["id"].as_str().unwrap()).unwrap().unwrap();
    assert_eq!(got.claims[0].confidence, Some(80));
    let ev = got.claims[0].evidence.clone().expect("evidence");
    assert_eq!((ev.report, ev.start, ev.end), (report, 10, 19));
    // A second source with a different confidence is a second claim, not an overwrite.
    let other = source("report:r2", SourceKind::Report, "Report 2");
    let opts2 = IngestOptions { default_confidence: Some(30), ..IngestOptions::default() };
    let mut obj2 = obj.clone();
    obj2.as_object_mut().unwrap().remove("confidence");
    // Same id and modified: the same version, now claimed by two sources.
    t.store.ingest(&other, &[obj2], &opts2).unwrap();
    let got = t.store.get(obj["id"].as_str().unwrap()).unwrap().unwrap();
    let mut conf: Vec<_> = got.claims.iter().map(|c| (c.source.clone(), c.confidence)).collect();
    conf.sort();
    assert_eq!(conf, [("report:r1".to_owned(), Some(80)), ("report:r2".to_owned(), Some(30))]);
});
