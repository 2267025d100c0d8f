//! Search, listing, relationships, observables, aggregates, stats.

use kb::{Bucket, IngestOptions, SourceKind};
use serde_json::json;

use crate::both;
use crate::harness::*;

both!(search_finds_names_aliases_descriptions, |mut t| {
    load_world(&mut t.store);
    let names = |hits: Vec<kb::SearchHit>| {
        hits.into_iter().map(|h| h.name.unwrap_or_default()).collect::<Vec<_>>()
    };
    // Own name first, then by type and name.
    assert_eq!(
        names(t.store.search("APT28", 10).unwrap()),
        ["APT28", "APT28", "Forest Blizzard", "X-Agent"]
    );
    assert_eq!(names(t.store.search("fancy bear", 10).unwrap()), ["APT28", "APT28"]);
    assert_eq!(
        names(t.store.search("malicious attachment", 10).unwrap()),
        ["Spearphishing Attachment"]
    );
    assert_eq!(names(t.store.search("T1566.001", 10).unwrap()), ["Spearphishing Attachment"]);
    assert_eq!(names(t.store.search("  X-AGENT!! ", 10).unwrap()), ["X-Agent"]);
    assert!(t.store.search("nonexistentword", 10).unwrap().is_empty());
    assert!(t.store.search(" -- ", 10).unwrap().is_empty());
    assert_eq!(t.store.search("APT28", 1).unwrap().len(), 1);
});

both!(listing_pages_with_a_stable_cursor, |mut t| {
    let src = source("feed:bulk", SourceKind::Feed, "bulk");
    t.store.ingest(&src, &many("bulk", 25), &IngestOptions::default()).unwrap();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = t.store.list(Some("malware"), after.as_deref(), 10).unwrap();
        pages += 1;
        seen.extend(page.items.iter().map(|o| o.object["id"].as_str().unwrap().to_owned()));
        if pages == 1 {
            // Objects added between pages do not disturb the cursor.
            t.store.ingest(&src, &many("late", 3), &IngestOptions::default()).unwrap();
        }
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "ordered by id, no duplicates");
    assert!(seen.len() >= 25);
    assert!(t.store.list(Some("tool"), None, 10).unwrap().items.is_empty());
});

both!(relationships_both_directions_and_observables, |mut t| {
    let w = load_world(&mut t.store);
    let apt28 = w.attack.1[0]["id"].as_str().unwrap().to_owned();
    let xagent = id("malware", "X-Agent");
    let out = t.store.relationships(&apt28).unwrap();
    assert_eq!(
        out.iter().map(|r| r.relationship_type.as_str()).collect::<Vec<_>>(),
        ["uses", "uses"]
    );
    let incoming = t.store.relationships(&xagent).unwrap();
    assert_eq!(incoming.len(), 1);
    assert_eq!(
        (incoming[0].source_ref.as_str(), incoming[0].target_ref.as_str()),
        (apt28.as_str(), xagent.as_str())
    );

    let src = source("feed:iocs", SourceKind::Feed, "IOCs");
    let ip = json!({"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.7"});
    let file = json!({"type": "file", "spec_version": "2.1", "id": "file--5a27d487-c542-5f97-a131-a8866b477b46",
        "name": "dropper.exe", "hashes": {"SHA-256": "AABBCC00"}});
    let report = named(
        "report",
        "Campaign report",
        json!({"published": "2024-03-01T00:00:00Z", "report_types": ["threat-report"],
        "object_refs": [ip["id"], apt28]}),
    );
    t.store
        .ingest(&src, &[ip.clone(), file.clone(), report.clone()], &IngestOptions::default())
        .unwrap();
    assert_eq!(
        t.store.observables("ipv4-addr", "198.51.100.7").unwrap(),
        [ip["id"].as_str().unwrap()]
    );
    assert_eq!(
        t.store.observables("file:hashes.SHA-256", "aabbcc00").unwrap(),
        [file["id"].as_str().unwrap()]
    );
    assert_eq!(
        t.store.observables("file:name", "dropper.exe").unwrap(),
        [file["id"].as_str().unwrap()]
    );
    assert!(t.store.observables("ipv4-addr", "198.51.100.8").unwrap().is_empty());
    let refs = t.store.relationships(ip["id"].as_str().unwrap()).unwrap();
    assert_eq!(refs[0].relationship_type, "object-ref");
    assert_eq!(refs[0].source_ref, report["id"].as_str().unwrap());
});

both!(aggregates_count_by_dimension, |mut t| {
    load_world(&mut t.store);
    let src = source("report:agg", SourceKind::Report, "r");
    let reports: Vec<_> = ["2023-05-01T00:00:00Z", "2023-09-01T00:00:00Z", "2024-01-02T00:00:00Z"]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            named(
                "report",
                &format!("report {i}"),
                json!({"published": p, "report_types": ["threat-actor"]}),
            )
        })
        .collect();
    t.store.ingest(&src, &reports, &IngestOptions::default()).unwrap();
    let a = t.store.aggregates(Bucket::Year).unwrap();
    let pairs = |v: &[kb::Count]| v.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>();
    assert_eq!(pairs(&a.by_time), [("2023".to_owned(), 2), ("2024".to_owned(), 1)]);
    // APT28 and Sandworm are sponsored by Russia (one each, whatever number of sources says so).
    assert_eq!(pairs(&a.by_sponsor), [("RU".to_owned(), 2)]);
    assert_eq!(a.by_sponsor[0].label, "Russia");
    assert_eq!(
        pairs(&a.by_origin),
        [("IR".to_owned(), 1), ("RU".to_owned(), 1), ("UA".to_owned(), 1)]
    );
    assert_eq!(pairs(&a.by_sector), [("energy".to_owned(), 1), ("government".to_owned(), 1)]);
    assert_eq!(pairs(&a.by_victim_country), [("UA".to_owned(), 1)]);
    assert_eq!(a.by_actor[0].label, "APT28");
    assert_eq!(a.by_actor[0].count, 6);
    let act = pairs(&a.by_activity_type);
    assert!(act.contains(&("threat-actor".to_owned(), 3)), "{act:?}");
    assert!(act.contains(&("personal-gain".to_owned(), 1)), "{act:?}");
    assert_eq!(t.store.aggregates(Bucket::Month).unwrap().by_time.len(), 3);
});

both!(stats_count_everything, |mut t| {
    let w = load_world(&mut t.store);
    let s = t.store.stats().unwrap();
    let distinct: std::collections::BTreeSet<_> = [&w.attack.1, &w.misp.1, &w.microsoft.1]
        .into_iter()
        .flatten()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(s.objects as usize, distinct.len());
    assert_eq!(s.versions, s.objects);
    assert_eq!(s.sources, 3);
    assert_eq!(s.schema_version, kb::SCHEMA_VERSION);
    assert_eq!(s.actor_records, 9);
    assert!(s.by_type.iter().any(|c| c.key == "intrusion-set" && c.count == 9));
});
