//! A hunt's hits as STIX: one `sighting` per indicator and log source, with the
//! `observed-data` that backs it and the SCOs of the values seen.
//!
//! **Invariants:**
//! - Hits are aggregated per (indicator id, source): `count` is the number of hits,
//!   `first_seen`/`last_seen` the earliest and latest event times of the records that hit
//!   ([`crate::Hit::ts`]); a hit whose record has no time counts at the source's fallback time
//!   (the log file's modification time, or the time of the hunt for a stream).
//! - Identifiers are deterministic: the sighting and its observed-data are named by
//!   (indicator, source), SCOs by their STIX id-contributing properties, and `modified` is the
//!   latest event time. Recording the same hunt twice stores one version; hunting the grown
//!   log later stores a newer version of the same sighting.
//! - A hit on an observable hunted from a report (an SCO, which a sighting cannot be of) is a
//!   sighting of the one actor the observable is linked to; without one it is not recorded.
//!   Hits on plain-list entries (no indicator id) make no sighting.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use stix::{Identifier, Timestamp};

use crate::HuntReport;
use crate::index::Matcher;
use crate::index::{IndicatorIndex, IocType, classify};

/// Distinct values referenced from one observed-data object; further ones are counted only.
const MAX_VALUES: usize = 100;

/// The largest `count` and `number_observed` STIX allows.
const MAX_COUNT: u64 = 999_999_999;

/// What a log source is called in the knowledge base and when its undated records happened.
#[derive(Debug, Clone)]
pub struct Source {
    /// A stable name for the source (an absolute path, or `-` for stdin).
    pub name: String,
    /// The time given to hits whose record has no event time.
    pub fallback: Timestamp,
}

#[derive(Default)]
struct Group<'a> {
    count: u64,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    lines: (u64, u64),
    fields: Vec<&'a str>,
    values: BTreeMap<String, Value>,
    more_values: u64,
}

/// The SCO for a value seen in a log, keyed by its id.
fn sco(field: &str, value: &str) -> Option<(String, Value)> {
    let (kind, value) = match classify(value) {
        Some(typed) => typed,
        // A URL joined from a host and a request target has no scheme.
        None if field.contains('+') || value.contains('/') => classify(&format!("http://{value}"))?,
        None => return None,
    };
    let mut object = Map::new();
    let ty = match kind {
        IocType::Ipv4 | IocType::Ipv4Cidr => "ipv4-addr",
        IocType::Ipv6 | IocType::Ipv6Cidr => "ipv6-addr",
        IocType::Domain => "domain-name",
        IocType::Url => "url",
        IocType::Email => "email-addr",
        IocType::Md5 | IocType::Sha1 | IocType::Sha256 => "file",
        IocType::UserAgent => return None,
    };
    object.insert("type".into(), json!(ty));
    object.insert("spec_version".into(), json!("2.1"));
    match kind {
        IocType::Md5 => object.insert("hashes".into(), json!({"MD5": value})),
        IocType::Sha1 => object.insert("hashes".into(), json!({"SHA-1": value})),
        IocType::Sha256 => object.insert("hashes".into(), json!({"SHA-256": value})),
        _ => object.insert("value".into(), json!(value)),
    };
    let id = stix::id::sco_id(&object)?;
    object.insert("id".into(), json!(id.as_str()));
    Some((id.as_str().to_owned(), Value::Object(object)))
}

/// The sightings of `report`'s hits, with their observed-data and SCOs, ready to ingest.
/// `sources` names each file of the report (by index); a file without an entry is named as the
/// report names it and dated `now`.
pub fn sightings(
    report: &HuntReport,
    index: &IndicatorIndex,
    sources: &[Source],
    now: Timestamp,
) -> Vec<Value> {
    let mut groups: BTreeMap<(&str, usize), Group<'_>> = BTreeMap::new();
    for hit in &report.hits {
        let indicator = index.indicator(hit.indicator);
        let Some(id) = indicator.id.as_deref() else { continue };
        // A sighting is of an SDO: an observable's hit is a sighting of its actor.
        let id = if id.starts_with("indicator--") {
            id
        } else {
            match indicator.actor_id.as_deref() {
                Some(actor) => actor,
                None => continue,
            }
        };
        let fallback = sources.get(hit.file).map_or(now, |s| s.fallback);
        let at = hit.ts.as_deref().and_then(|t| Timestamp::parse(t).ok()).unwrap_or(fallback);
        let group = groups.entry((id, hit.file)).or_default();
        if group.count == 0 {
            group.lines = (hit.line, hit.line);
        }
        group.count += 1;
        group.first = Some(group.first.map_or(at, |f| f.min(at)));
        group.last = Some(group.last.map_or(at, |l| l.max(at)));
        group.lines = (group.lines.0.min(hit.line), group.lines.1.max(hit.line));
        if !group.fields.contains(&hit.field.as_str()) {
            group.fields.push(&hit.field);
        }
        if let Some((sco_id, object)) = sco(&hit.field, &hit.value) {
            if group.values.len() < MAX_VALUES || group.values.contains_key(&sco_id) {
                group.values.entry(sco_id).or_insert(object);
            } else {
                group.more_values += 1;
            }
        }
    }
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for ((indicator, file), group) in groups {
        let name = sources
            .get(file)
            .map(|s| s.name.as_str())
            .or_else(|| report.files.get(file).map(|f| f.name.as_str()))
            .unwrap_or("-");
        let (first, last) = (group.first.unwrap_or(now), group.last.unwrap_or(now));
        let (first_s, last_s) = (first.to_string(), last.to_string());
        // `created` and `modified` are written to the millisecond, as STIX requires.
        let (created, modified) =
            (first.with_precision(3).to_string(), last.with_precision(3).to_string());
        let count = group.count.min(MAX_COUNT);
        let key = format!("hunt|{indicator}|{name}");
        let mut sighting = json!({
            "type": "sighting", "spec_version": "2.1",
            "id": Identifier::cairn("sighting", &format!("sighting|{key}")).as_str(),
            "created": created, "modified": modified,
            "first_seen": first_s, "last_seen": last_s, "count": count,
            "sighting_of_ref": indicator,
            "description": format!(
                "cairn hunt: {} hits in {name}, lines {}-{}, fields {}",
                group.count, group.lines.0, group.lines.1, group.fields.join(", ")
            ),
        });
        if !group.values.is_empty() {
            let observed_id = Identifier::cairn("observed-data", &format!("observed-data|{key}"));
            let refs: Vec<&String> = group.values.keys().collect();
            out.insert(
                observed_id.as_str().to_owned(),
                json!({
                    "type": "observed-data", "spec_version": "2.1", "id": observed_id.as_str(),
                    "created": created, "modified": modified,
                    "first_observed": first_s, "last_observed": last_s,
                    "number_observed": count.max(1), "object_refs": refs,
                }),
            );
            if let Some(m) = sighting.as_object_mut() {
                m.insert("observed_data_refs".into(), json!([observed_id.as_str()]));
            }
            for (id, object) in group.values {
                out.entry(id).or_insert(object);
            }
        }
        if let Some(id) = sighting.get("id").and_then(Value::as_str).map(str::to_owned) {
            out.insert(id, sighting);
        }
    }
    out.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileReport, Hit, IndexBuilder};

    fn hit(file: usize, line: u64, field: &str, value: &str, ts: Option<&str>) -> Hit {
        Hit {
            file,
            line,
            field: field.into(),
            value: value.into(),
            indicator: 0,
            ts: ts.map(str::to_owned),
        }
    }

    fn setup(hits: Vec<Hit>) -> (HuntReport, IndicatorIndex) {
        let mut builder = IndexBuilder::new();
        builder.add(
            IocType::Domain,
            "evil.example",
            Some("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
            None,
            None,
        );
        let files = vec![FileReport { name: "dns.log".into(), ..FileReport::default() }];
        (HuntReport { files, hits }, builder.build())
    }

    fn by_type<'a>(objects: &'a [Value], ty: &str) -> Vec<&'a Value> {
        objects.iter().filter(|o| o["type"] == ty).collect()
    }

    #[test]
    fn aggregated_per_indicator_and_source_with_event_times() {
        let (report, index) = setup(vec![
            hit(0, 9, "query", "a.evil.example", Some("2026-11-24T01:00:00Z")),
            hit(0, 4, "query", "b.evil.example", Some("2026-11-23T01:00:00.5Z")),
            hit(0, 12, "answers", "a.evil.example", None),
        ]);
        let fallback =
            Timestamp::parse("2026-11-25T00:00:00Z").unwrap_or(Timestamp::from_unix(0, 0, 0));
        let sources = [Source { name: "/var/log/dns.log".into(), fallback }];
        let objects = sightings(&report, &index, &sources, Timestamp::from_unix(0, 0, 0));
        let s = by_type(&objects, "sighting");
        assert_eq!(s.len(), 1);
        let s = s[0];
        assert_eq!(s["count"], 3);
        assert_eq!(s["first_seen"], "2026-11-23T01:00:00.5Z");
        // The undated hit counts at the file's fallback time.
        assert_eq!(s["last_seen"], "2026-11-25T00:00:00Z");
        assert_eq!(s["sighting_of_ref"], "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        let od = by_type(&objects, "observed-data");
        assert_eq!(od.len(), 1);
        assert_eq!(s["observed_data_refs"][0], od[0]["id"]);
        assert_eq!(od[0]["number_observed"], 3);
        assert_eq!(od[0]["object_refs"].as_array().map(Vec::len), Some(2));
        let domains = by_type(&objects, "domain-name");
        assert_eq!(domains.len(), 2);
        // Every object is valid STIX.
        let diags = stix::validate::validate_value(
            &Value::Array(objects.clone()),
            &stix::validate::Options::default(),
        );
        let errors: Vec<_> =
            diags.iter().filter(|d| d.severity == stix::validate::Severity::Error).collect();
        assert!(errors.is_empty(), "{errors:?}");
        // Deterministic: the same hunt gives the same objects.
        assert_eq!(objects, sightings(&report, &index, &sources, Timestamp::from_unix(9, 0, 0)));
    }

    #[test]
    fn one_sighting_per_indicator_and_file() {
        let mut b = IndexBuilder::new();
        b.add(IocType::Domain, "evil.example", Some("indicator--a"), None, None);
        b.add(IocType::Domain, "list.example", None, None, None);
        let index = b.build();
        let hit = |file, line, indicator| Hit {
            file,
            line,
            field: "query".into(),
            value: "x.evil.example".into(),
            indicator,
            ts: None,
        };
        let report = HuntReport {
            files: vec![
                FileReport { name: "dns.log".into(), ..Default::default() },
                FileReport { name: "b.log".into(), ..Default::default() },
            ],
            hits: vec![hit(0, 9, 0), hit(0, 30, 0), hit(1, 2, 0), hit(0, 10, 1)],
        };
        let objects = sightings(&report, &index, &[], Timestamp::from_unix(0, 0, 0));
        let mut found: Vec<(i64, &str)> = by_type(&objects, "sighting")
            .iter()
            .map(|v| (v["count"].as_i64().unwrap_or(0), v["description"].as_str().unwrap_or("")))
            .collect();
        found.sort_unstable();
        assert_eq!(
            found,
            [
                (1, "cairn hunt: 1 hits in b.log, lines 2-2, fields query"),
                (2, "cairn hunt: 2 hits in dns.log, lines 9-30, fields query"),
            ]
        );
    }

    #[test]
    fn values_become_their_scos() {
        let cases = [
            ("id.resp_h", "203.0.113.7", "ipv4-addr"),
            ("tx_hosts", "2001:db8::1", "ipv6-addr"),
            ("host+uri", "malware.example/payload.bin", "url"),
            ("http.url", "http://malware.example/a", "url"),
            ("md5", "D41D8CD98F00B204E9800998ECF8427E", "file"),
            ("sender", "Phish@Evil.example", "email-addr"),
        ];
        for (field, value, ty) in cases {
            let got = sco(field, value).map(|(_, o)| o);
            assert_eq!(got.as_ref().and_then(|o| o["type"].as_str()), Some(ty), "{value}");
        }
    }

    #[test]
    fn list_entries_make_no_sighting() {
        let mut builder = IndexBuilder::new();
        builder.add(IocType::Domain, "evil.example", None, None, None);
        let report = HuntReport {
            files: vec![FileReport::default()],
            hits: vec![hit(0, 1, "query", "evil.example", None)],
        };
        assert!(
            sightings(&report, &builder.build(), &[], Timestamp::from_unix(0, 0, 0)).is_empty()
        );
    }
}
