//! An [`Extraction`] as STIX 2.1 objects: a `report` that references every object and
//! relationship, SCOs for observables, report-scoped actors, country locations and sector
//! identities, relationships with their evidence sentence, and evidence offsets in the
//! Cairn evidence property-extension (declared by its `extension-definition`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use stix::Identifier;

use crate::entity::tables;
use crate::finding::{Extraction, Finding};
use crate::ioc::IocKind;

pub use stix::cairn::{
    EVIDENCE_EXTENSION as CAIRN_EVIDENCE_EXTENSION, evidence_extension_definition,
};
use stix::cairn::{FIXED_TIMESTAMP, actor_extension_definition, identity as cairn_identity};

/// Normalized name for report-scoped ids: lower case, single spaces.
fn norm(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn evidence(x: &Extraction, start: usize, end: usize) -> Value {
    json!({CAIRN_EVIDENCE_EXTENSION: {"extension_type": "property-extension",
        "evidence": [{"start": start, "end": end, "sentence": x.sentence_at(start)}]}})
}

fn sector_display(v: &str) -> String {
    let mut s = v.replace('-', " ");
    if let Some(f) = s.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
    s
}

impl Extraction {
    /// The bundle's objects (wrap them in a bundle to serialise). `source_key` names the report
    /// (`report:<sha256>`); `now` stamps report-scoped objects.
    pub fn to_stix(&self, source_key: &str, now: &stix::Timestamp) -> Vec<Value> {
        let now_s = now.to_string();
        let mut objects: BTreeMap<String, Value> = BTreeMap::new();
        let mut refs: BTreeSet<String> = BTreeSet::new();
        // Name -> id for relation endpoints.
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let put = |v: Value,
                   objects: &mut BTreeMap<String, Value>,
                   refs: &mut BTreeSet<String>|
         -> String {
            let id = v.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
            refs.insert(id.clone());
            objects.entry(id.clone()).or_insert(v);
            id
        };
        let country = |iso: &str| {
            json!({"type":"location","spec_version":"2.1","id":stix::cairn::country_id(iso).as_str(),
                "created":FIXED_TIMESTAMP,"modified":FIXED_TIMESTAMP,"name":tables::country_name(iso).unwrap_or(iso),"country":iso})
        };
        let sector = |v: &str| {
            json!({"type":"identity","spec_version":"2.1","id":stix::cairn::sector_id(v).as_str(),
                "created":FIXED_TIMESTAMP,"modified":FIXED_TIMESTAMP,"name":format!("{} sector", sector_display(v)),
                "identity_class":"class","sectors":[v]})
        };
        let mut amounts = Vec::new();
        let mut activities: BTreeSet<&str> = BTreeSet::new();
        let mut dates: BTreeSet<&str> = BTreeSet::new();
        for f in &self.items {
            match f {
                Finding::Observable(i) => {
                    if let Some(v) = sco(i.kind, &i.value) {
                        put(v, &mut objects, &mut refs);
                    }
                }
                Finding::Entity(e) => {
                    if !e.ambiguous.is_empty() {
                        continue;
                    }
                    if let Some(id) = &e.id {
                        // A reference record: the report points at it, the knowledge base has it.
                        refs.insert(id.clone());
                        ids.insert(e.name.clone(), id.clone());
                        continue;
                    }
                    let ty = e.entity_type.as_str();
                    let id = if e.name.starts_with("unnamed: ") {
                        Identifier::cairn(ty, &format!("{source_key}:unnamed:{}", norm(e.name.trim_start_matches("unnamed: "))))
                    } else {
                        Identifier::cairn(ty, &format!("{source_key}:{}", norm(&e.name)))
                    };
                    let mut o = json!({"type":ty,"spec_version":"2.1","id":id.as_str(),"created":now_s,"modified":now_s,
                        "name":e.name});
                    if let Some(m) = o.as_object_mut() {
                        match ty {
                            "threat-actor" => {
                                let t = match e.actor_kind.as_deref() {
                                    Some("criminal") => "crime-syndicate",
                                    Some("state") => "nation-state",
                                    _ => "unknown",
                                };
                                m.insert("threat_actor_types".into(), json!([t]));
                            }
                            "malware" => {
                                m.insert("is_family".into(), json!(true));
                            }
                            _ => {}
                        }
                        if let Some(k) = &e.actor_kind
                            && e.entity_type.is_actor()
                        {
                            let mut ext = Map::new();
                            ext.insert("extension_type".into(), json!("property-extension"));
                            ext.insert("actor_kind".into(), json!(k));
                            if let Some(v) = &e.vendor {
                                ext.insert("alias_vendors".into(), json!({e.name.clone(): v}));
                            }
                            m.insert("extensions".into(), json!({crate::lexicon::CAIRN_ACTOR_EXTENSION: ext}));
                        }
                    }
                    ids.insert(e.name.clone(), id.as_str().to_owned());
                    put(o, &mut objects, &mut refs);
                }
                Finding::Location { country: c, .. } => {
                    put(country(c), &mut objects, &mut refs);
                }
                Finding::Sector { value, .. } => {
                    put(sector(value), &mut objects, &mut refs);
                }
                Finding::Activity { value, .. } => {
                    activities.insert(value.as_str());
                }
                Finding::Date { value, .. } => {
                    dates.insert(value);
                }
                Finding::Amount(a) => amounts.push(json!({"value":a.value,"currency":a.currency,"usd":a.usd_known.then_some(a.usd.round() as u64),
                    "asset":a.asset,"mention":a.mention,"since":a.since,"period":a.period,"actor":a.actor,"country":a.country,
                    "start":a.start,"end":a.end})),
                Finding::Relation { .. } => {}
            }
        }
        let mut uses_actor_ext = false;
        for f in &self.items {
            let Finding::Relation { source, rel_type, target, start, end } = f else { continue };
            let Some(src) = ids.get(source).cloned() else { continue };
            let dst = if let Some(id) = ids.get(target) {
                id.clone()
            } else if target.len() == 2 && target.bytes().all(|b| b.is_ascii_uppercase()) {
                put(country(target), &mut objects, &mut refs)
            } else if target.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                put(sector(target), &mut objects, &mut refs)
            } else {
                continue;
            };
            let id =
                Identifier::cairn("relationship", &format!("{source_key}|{src}|{rel_type}|{dst}"));
            let rel = json!({"type":"relationship","spec_version":"2.1","id":id.as_str(),"created":now_s,"modified":now_s,
                "relationship_type":rel_type,"source_ref":src,"target_ref":dst,"confidence":50,
                "description":self.sentence_at(*start),"extensions":evidence(self, *start, *end)});
            put(rel, &mut objects, &mut refs);
        }
        for o in objects.values() {
            uses_actor_ext |= o
                .get("extensions")
                .is_some_and(|e| e.get(crate::lexicon::CAIRN_ACTOR_EXTENSION).is_some());
        }
        let published = self
            .published
            .as_deref()
            .and_then(|p| {
                let full = if p.len() == 10 { format!("{p}T00:00:00Z") } else { p.to_owned() };
                stix::Timestamp::parse(&full).ok().map(|t| t.to_string())
            })
            .unwrap_or_else(|| now_s.clone());
        let roles: Map<String, Value> =
            self.country_roles().into_iter().map(|(c, r)| (c, json!(r.as_str()))).collect();
        // STIX forbids empty lists: only what the report has.
        let mut report_ext = Map::new();
        report_ext.insert("extension_type".into(), json!("property-extension"));
        if !amounts.is_empty() {
            report_ext.insert("amounts".into(), json!(amounts));
        }
        if !activities.is_empty() {
            report_ext.insert("activities".into(), json!(activities));
        }
        if !dates.is_empty() {
            report_ext.insert("activity_dates".into(), json!(dates));
        }
        if !roles.is_empty() {
            report_ext.insert("country_roles".into(), Value::Object(roles));
        }
        let report_id = Identifier::cairn("report", source_key);
        let name = self.title.clone().unwrap_or_else(|| {
            let first =
                self.sentences.first().and_then(|&(s, e)| self.text.get(s..e)).unwrap_or("").trim();
            if first.is_empty() {
                format!("Report {source_key}")
            } else {
                first.chars().take(120).collect()
            }
        });
        let mut out: Vec<Value> = vec![cairn_identity(), evidence_extension_definition()];
        let report = json!({"type":"report","spec_version":"2.1","id":report_id.as_str(),"created":now_s,"modified":now_s,
            "name":name,"published":published,"report_types":["threat-report"],
            "object_refs": refs.iter().filter(|r| !r.is_empty()).collect::<Vec<_>>(),
            "extensions":{CAIRN_EVIDENCE_EXTENSION: report_ext}});
        out.extend(objects.into_values());
        if uses_actor_ext {
            out.push(actor_extension_definition());
        }
        out.push(report);
        out
    }
}

/// The SCO (or SDO for CVEs) for an observable; `None` for kinds STIX has no object for.
fn sco(kind: IocKind, value: &str) -> Option<Value> {
    let mut m = Map::new();
    let ty = match kind {
        IocKind::Ipv4 | IocKind::Ipv4Cidr => "ipv4-addr",
        IocKind::Ipv6 | IocKind::Ipv6Cidr => "ipv6-addr",
        IocKind::Domain => "domain-name",
        IocKind::Url => "url",
        IocKind::Email => "email-addr",
        IocKind::Md5 | IocKind::Sha1 | IocKind::Sha256 | IocKind::Sha512 => "file",
        IocKind::FileName | IocKind::FilePath => "file",
        IocKind::RegistryKey => "windows-registry-key",
        IocKind::Cve => {
            let id = Identifier::cairn("vulnerability", value);
            return Some(
                json!({"type":"vulnerability","spec_version":"2.1","id":id.as_str(),"created":FIXED_TIMESTAMP,
                "modified":FIXED_TIMESTAMP,"name":value,"external_references":[{"source_name":"cve","external_id":value}]}),
            );
        }
        _ => return None,
    };
    m.insert("type".into(), json!(ty));
    m.insert("spec_version".into(), json!("2.1"));
    match kind {
        IocKind::Md5 => drop(m.insert("hashes".into(), json!({"MD5": value}))),
        IocKind::Sha1 => drop(m.insert("hashes".into(), json!({"SHA-1": value}))),
        IocKind::Sha256 => drop(m.insert("hashes".into(), json!({"SHA-256": value}))),
        IocKind::Sha512 => drop(m.insert("hashes".into(), json!({"SHA-512": value}))),
        IocKind::FileName => drop(m.insert("name".into(), json!(value))),
        IocKind::FilePath => {
            let name = value.rsplit(['\\', '/']).next().unwrap_or(value);
            m.insert("name".into(), json!(name));
        }
        IocKind::RegistryKey => drop(m.insert("key".into(), json!(value))),
        _ => drop(m.insert("value".into(), json!(value))),
    }
    let id = stix::id::sco_id(&m)?;
    m.insert("id".into(), json!(id.as_str()));
    Some(Value::Object(m))
}
