//! `cairn hunt` and `cairn export` end to end: hits with actor, state and event time; sightings
//! recorded once however often the hunt is recorded; observables of ingested reports hunted
//! from the knowledge base; `export --since`.

use serde_json::Value;

use crate::support::{cairn, scratch};

const DOMAIN_IND: &str = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
const IP_IND: &str = "indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

/// An actor (attributed to KP) indicated by a domain indicator from 2026, and an older IP
/// indicator of no actor.
fn bundle() -> String {
    let common = r#""spec_version":"2.1","created":"2025-01-01T00:00:00.000Z","modified":"2025-01-01T00:00:00.000Z""#;
    let objects = [
        format!(
            r#"{{"type":"indicator","spec_version":"2.1","id":"{DOMAIN_IND}","created":"2026-10-01T00:00:00.000Z","modified":"2026-10-01T00:00:00.000Z","pattern":"[domain-name:value = 'evil.example']","pattern_type":"stix","valid_from":"2026-10-01T00:00:00Z"}}"#
        ),
        format!(
            r#"{{"type":"indicator",{common},"id":"{IP_IND}","pattern":"[ipv4-addr:value = '203.0.113.7']","pattern_type":"stix","valid_from":"2025-01-01T00:00:00Z"}}"#
        ),
        format!(
            r#"{{"type":"intrusion-set",{common},"id":"intrusion-set--4e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"APT Example"}}"#
        ),
        format!(
            r#"{{"type":"location",{common},"id":"location--5e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","country":"KP"}}"#
        ),
        format!(
            r#"{{"type":"relationship",{common},"id":"relationship--6e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","relationship_type":"indicates","source_ref":"{DOMAIN_IND}","target_ref":"intrusion-set--4e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}}"#
        ),
        format!(
            r#"{{"type":"relationship",{common},"id":"relationship--7e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","relationship_type":"attributed-to","source_ref":"intrusion-set--4e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","target_ref":"location--5e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}}"#
        ),
    ];
    format!(
        r#"{{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{}]}}"#,
        objects.join(",")
    )
}

const EVE: &str = r#"{"timestamp":"2026-11-23T11:00:00.000000+0100","event_type":"dns","src_ip":"192.168.1.2","dest_ip":"192.168.1.1","dns":{"type":"query","rrname":"a.b.evil.example","rrtype":"A"}}
{"timestamp":"2026-11-23T10:00:05.250000+0000","event_type":"dns","src_ip":"192.168.1.2","dest_ip":"192.168.1.1","dns":{"type":"query","rrname":"www.evil.example","rrtype":"A"}}
{"timestamp":"2026-11-23T10:00:02.000000+0000","event_type":"flow","src_ip":"192.168.1.2","dest_ip":"203.0.113.7","proto":"TCP"}
{"timestamp":"2026-11-23T10:00:03.000000+0000","event_type":"flow","src_ip":"192.168.1.2","dest_ip":"198.51.100.9","proto":"TCP"}
"#;

/// A hit as (line, field, indicator, actor, state, ts).
type HitRow<'a> = (u64, &'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn jsonl(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

#[test]
fn hits_name_actor_state_and_event_time() {
    let dir = scratch("hunt-hits");
    std::fs::write(dir.join("bundle.json"), bundle()).unwrap();
    std::fs::write(dir.join("eve.json"), EVE).unwrap();
    let bundle = dir.join("bundle.json");
    let eve = dir.join("eve.json");
    let run =
        cairn(&["hunt", "--indicators", bundle.to_str().unwrap(), eve.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits = jsonl(&run.stdout);
    let got: Vec<HitRow<'_>> = hits
        .iter()
        .map(|h| {
            (
                h["line"].as_u64().unwrap_or(0),
                h["field"].as_str().unwrap_or(""),
                h["indicator"].as_str().unwrap_or(""),
                h["actor"].as_str(),
                h["state"].as_str(),
                h["ts"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                1,
                "dns.rrname",
                DOMAIN_IND,
                Some("APT Example"),
                Some("KP"),
                Some("2026-11-23T10:00:00.000000Z")
            ),
            (
                2,
                "dns.rrname",
                DOMAIN_IND,
                Some("APT Example"),
                Some("KP"),
                Some("2026-11-23T10:00:05.250000Z")
            ),
            (3, "dest_ip", IP_IND, None, None, Some("2026-11-23T10:00:02.000000Z")),
        ]
    );
    assert!(run.stderr.contains("hunted 1 files: 4 lines"), "{}", run.stderr);
    // The table for people says the same, actor and state included.
    let run = cairn(
        &[
            "--format",
            "table",
            "hunt",
            "--indicators",
            bundle.to_str().unwrap(),
            eve.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows.first().map(|r| r[1..].join(" ")).as_deref(),
        Some("LINE TIME FIELD VALUE MATCHED ACTOR STATE INDICATOR")
    );
    assert_eq!(
        rows.get(1).map(|r| r[1..].join(" ")),
        Some(format!(
            "1 2026-11-23T10:00:00.000000Z dns.rrname a.b.evil.example evil.example APT Example KP {DOMAIN_IND}"
        ))
    );
    assert_eq!(rows.len(), 4);
    // As STIX: the sightings --record would store, in a bundle that validates.
    let run = cairn(
        &[
            "--format",
            "stix",
            "hunt",
            "--indicators",
            bundle.to_str().unwrap(),
            eve.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let types: Vec<&str> = doc["objects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["type"].as_str())
        .collect();
    assert_eq!(types.iter().filter(|t| **t == "sighting").count(), 2, "{types:?}");
    assert_eq!(types.iter().filter(|t| **t == "observed-data").count(), 2, "{types:?}");
    let check = cairn(&["validate", "-"], run.stdout.as_bytes());
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn record_writes_one_sighting_per_indicator_and_source_once() {
    let dir = scratch("hunt-record");
    std::fs::write(dir.join("bundle.json"), bundle()).unwrap();
    std::fs::write(dir.join("eve.json"), EVE).unwrap();
    let db = format!("sqlite:{}", dir.join("kb.db").display());
    let eve = dir.join("eve.json");
    let bundle = dir.join("bundle.json");
    let run = cairn(&["--db", &db, "import", bundle.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for _ in 0..2 {
        let run = cairn(&["--db", &db, "hunt", "--record", eve.to_str().unwrap()], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("recorded 2 sightings"), "{}", run.stderr);
    }
    let list = |ty: &str| {
        let run = cairn(&["--db", &db, "--format", "jsonl", "list", ty], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        jsonl(&run.stdout)
    };
    let sightings = list("sighting");
    assert_eq!(sightings.len(), 2, "recording twice stores one version of each");
    let domain = sightings
        .iter()
        .find(|s| s["sighting_of_ref"] == DOMAIN_IND)
        .unwrap_or_else(|| panic!("no sighting of the domain indicator: {sightings:?}"));
    assert_eq!(domain["count"], 2);
    assert_eq!(domain["first_seen"], "2026-11-23T10:00:00.000000Z");
    assert_eq!(domain["last_seen"], "2026-11-23T10:00:05.250000Z");
    let observed = list("observed-data");
    let od = observed
        .iter()
        .find(|o| domain["observed_data_refs"][0] == o["id"])
        .unwrap_or_else(|| panic!("observed-data missing: {observed:?}"));
    assert_eq!(od["number_observed"], 2);
    assert_eq!(od["object_refs"].as_array().map(Vec::len), Some(2));
    assert_eq!(list("domain-name").len(), 2);
    // What was recorded is valid STIX.
    let all = cairn(&["--db", &db, "--format", "jsonl", "list", "all", "--limit", "1000"], b"");
    assert_eq!(all.code, 0, "{}", all.stderr);
    let lines: Vec<&str> = all.stdout.lines().collect();
    assert!(lines.len() >= 11, "{}", all.stdout);
    let objects = format!("[{}]", lines.join(","));
    let run = cairn(&["validate", "-"], objects.as_bytes());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn observables_of_ingested_reports_are_hunted_with_their_actor() {
    let dir = scratch("hunt-observables");
    let report = "APT38 phishing campaign against South Korean think tanks\n\n\
        Researchers attribute the operation to APT38, a North Korean state-sponsored group. \
        The phishing e-mails linked to login-verify[.]example-portal[.]net and the implant \
        called back to 198.51.100.23 over HTTPS. The lure documents also reached \
        10.20.30.40 inside one victim's network.\n";
    std::fs::write(dir.join("kimsuky.txt"), report).unwrap();
    let db = format!("sqlite:{}", dir.join("kb.db").display());
    let run = cairn(&["--db", &db, "ingest", dir.join("kimsuky.txt").to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\n\
        1764000000.5\tC1\t192.168.1.5\t192.168.1.1\tlogin-verify.example-portal.net\n\
        1764000001.5\tC2\t192.168.1.5\t198.51.100.23\t-\n\
        1764000002.5\tC3\t10.20.30.40\t192.168.1.1\tgood.example\n";
    std::fs::write(dir.join("dns.log"), log).unwrap();
    let run = cairn(&["--db", &db, "hunt", dir.join("dns.log").to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits = jsonl(&run.stdout);
    let got: Vec<(u64, &str, &str, Option<&str>)> = hits
        .iter()
        .map(|h| {
            (
                h["line"].as_u64().unwrap_or(0),
                h["field"].as_str().unwrap_or(""),
                h["matched"].as_str().unwrap_or(""),
                h["actor"].as_str(),
            )
        })
        .collect();
    // The private address the report mentions is not hunted.
    assert_eq!(
        got,
        [
            (3, "query", "login-verify.example-portal.net", Some("APT38")),
            (4, "id.resp_h", "198.51.100.23", Some("APT38")),
        ]
    );
    assert!(hits.iter().all(|h| h["state"] == "KP"), "{hits:?}");
    assert!(
        hits.iter().all(|h| h["indicator"].as_str().is_some_and(|i| !i.starts_with("indicator--"))),
        "observables are named by their SCO id: {hits:?}"
    );
}

#[test]
fn export_since_keeps_recent_indicators() {
    let dir = scratch("export-since");
    std::fs::write(dir.join("bundle.json"), bundle()).unwrap();
    let bundle = dir.join("bundle.json");
    let bundle = bundle.to_str().unwrap();
    let export = |since: &str| cairn(&["export", "--indicators", bundle, "--since", since], b"");
    let run = export("2026-01-01");
    assert_eq!((run.code, run.stdout.as_str()), (0, "evil.example\n"), "{}", run.stderr);
    let run = export("2026-10-01T00:00:00Z");
    assert_eq!(run.stdout, "evil.example\n");
    let run = export("2026-10-01T00:00:00.001Z");
    assert_eq!(run.stdout, "");
    // An age reaches back from now: a hundred years covers both.
    let run = export("36500d");
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stderr);
    let run = export("last tuesday");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expected a date"), "{}", run.stderr);
    // A plain list has no dates to filter on.
    std::fs::write(dir.join("list.txt"), "evil.example\n").unwrap();
    let list = dir.join("list.txt");
    let run = cairn(&["export", "--indicators", list.to_str().unwrap(), "--since", "7d"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("plain list has no dates"), "{}", run.stderr);
}

#[test]
fn text_logs_are_read_with_the_extraction_scanner() {
    let dir = scratch("hunt-text");
    std::fs::write(dir.join("ind.txt"), "example-portal.net\n203.0.113.7\n").unwrap();
    let log = "2026-11-24 08:00:01 blocked hxxps://login-verify[.]example-portal[.]net/owa for 192.168.1.5\n\
        2026-11-24 08:00:02 agent version 203.0.113.7.1 installed\n\
        Nov 24 08:00:03 fw: conn to 203[.]0[.]113[.]7:443 dropped\n\
        saved example-portal.net.txt to disk\n\
        2026-11-24T08:00:04.5Z;fw;deny;203.0.113.7\n";
    std::fs::write(dir.join("proxy.txt"), log).unwrap();
    let ind = dir.join("ind.txt");
    let proxy = dir.join("proxy.txt");
    let run = cairn(&["hunt", "--indicators", ind.to_str().unwrap(), proxy.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: Vec<(u64, String, Option<String>)> = jsonl(&run.stdout)
        .iter()
        .map(|h| {
            (
                h["line"].as_u64().unwrap_or(0),
                h["value"].as_str().unwrap_or("").to_owned(),
                h["ts"].as_str().map(str::to_owned),
            )
        })
        .collect();
    // A URL's host hits a domain indicator; a version number is not an address; a file name
    // is not a domain.
    assert_eq!(
        got,
        [
            (1, "login-verify.example-portal.net".into(), Some("2026-11-24T08:00:01Z".into())),
            (3, "203.0.113.7".into(), None),
            (5, "203.0.113.7".into(), Some("2026-11-24T08:00:04.5Z".into())),
        ]
    );
}

#[test]
fn log_kind_overrides_detection() {
    let dir = scratch("hunt-log-kind");
    std::fs::write(dir.join("ind.txt"), "evil.example\n").unwrap();
    // A header-like first line makes this look like CSV; read as text, the IOC is found.
    std::fs::write(
        dir.join("app.log"),
        "when,who,what\n2026-11-24T01:00:00Z,alice,visited evil.example\n",
    )
    .unwrap();
    let ind = dir.join("ind.txt");
    let log = dir.join("app.log");
    let hunt = |extra: &[&str]| {
        let mut args = vec!["hunt", "--indicators", ind.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(log.to_str().unwrap());
        cairn(&args, b"")
    };
    let as_csv = hunt(&[]);
    assert_eq!(as_csv.code, 1, "no column of the CSV maps to a domain: {}", as_csv.stdout);
    let as_text = hunt(&["--log-kind", "text"]);
    assert_eq!(as_text.code, 0, "{}", as_text.stderr);
    let hits = jsonl(&as_text.stdout);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["ts"], "2026-11-24T01:00:00Z");
    assert_eq!(hunt(&["--log-kind", "pcap"]).code, 2);
}

#[test]
fn shipped_logs_hit_what_the_shipped_reports_say() {
    let dir = scratch("hunt-examples");
    let db = format!("sqlite:{}", dir.join("kb.db").display());
    let root = crate::support::repo();
    let reports = root.join("examples/reports");
    let run = cairn(&["--db", &db, "-q", "ingest", reports.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let logs = [root.join("examples/logs/dns.log"), root.join("examples/logs/eve.json")];
    let mut args = vec!["--db", db.as_str(), "hunt"];
    args.extend(logs.iter().map(|p| p.to_str().unwrap()));
    let run = cairn(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: Vec<String> = jsonl(&run.stdout)
        .iter()
        .map(|h| {
            let file = h["file"].as_str().unwrap_or("");
            let file = file.rsplit('/').next().unwrap_or(file);
            format!(
                "{file}:{} {} {} {}",
                h["line"],
                h["field"].as_str().unwrap_or(""),
                h["matched"].as_str().unwrap_or(""),
                h["actor"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "dns.log:10 query support-play.ru PlayCrypt",
            "dns.log:10 answers 45.76.176.109 PlayCrypt",
            "dns.log:12 answers 103.56.112.8 -",
            "eve.json:1 dest_ip 45.76.176.109 PlayCrypt",
            "eve.json:3 fileinfo.md5 2f4a1e0b7c9d8e3f6a5b4c2d1e0f9a8b PlayCrypt",
        ]
    );
    // The directory stands for the files under it, in name order.
    let dir_logs = root.join("examples/logs");
    let by_dir = cairn(&["--db", &db, "hunt", dir_logs.to_str().unwrap()], b"");
    assert_eq!(jsonl(&by_dir.stdout).len(), got.len(), "{}", by_dir.stderr);
    let empty = scratch("hunt-empty-dir");
    let none = cairn(&["--db", &db, "hunt", empty.to_str().unwrap()], b"");
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no log files"), "{}", none.stderr);
    // Recorded, an observable's hits are sightings of its actor, one per log file; the address
    // linked to no single actor is not recorded.
    args.insert(3, "--record");
    let run = cairn(&args, b"");
    assert!(run.stderr.contains("recorded 2 sightings"), "{}", run.stderr);
    let list = cairn(&["--db", &db, "--format", "jsonl", "list", "sighting"], b"");
    let sightings = jsonl(&list.stdout);
    let play = cairn(&["--db", &db, "--format", "jsonl", "list", "intrusion-set"], b"");
    let play_ids: Vec<Value> = jsonl(&play.stdout)
        .into_iter()
        .filter(|o| o["name"] == "PlayCrypt")
        .map(|o| o["id"].clone())
        .collect();
    let mut counts: Vec<(u64, bool)> = sightings
        .iter()
        .map(|s| (s["count"].as_u64().unwrap_or(0), play_ids.contains(&s["sighting_of_ref"])))
        .collect();
    counts.sort_unstable();
    assert_eq!(counts, [(2, true), (2, true)], "{sightings:?}");
}
