//! Building the STIX objects every loader shares: countries, regions, sectors, relationships,
//! the Cairn identity and the `cairn-actor` extension definition. Ids are deterministic
//! (`stix::Identifier::cairn`) so a re-import yields byte-identical objects.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};
use stix::Identifier;

use crate::{countries, sectors};

pub use stix::cairn::{
    ACTOR_EXTENSION as ACTOR_EXTENSION_ID, FIXED_TIMESTAMP, actor_extension_definition, country_id,
    identity as cairn_identity, identity_id as cairn_identity_id, region_id, sector_id,
};

/// The country `location` for an ISO2 code (name from Cairn's own table, so every source emits
/// the same object).
pub(crate) fn country_location(iso2: &str) -> Value {
    json!({
        "type": "location",
        "spec_version": "2.1",
        "id": country_id(iso2).as_str(),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": countries::name(iso2).unwrap_or(iso2),
        "country": iso2,
    })
}

pub(crate) fn region_location(region_ov: &str, display: &str) -> Value {
    json!({
        "type": "location",
        "spec_version": "2.1",
        "id": region_id(region_ov).as_str(),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": display,
        "region": region_ov,
    })
}

pub(crate) fn sector_identity(sector_ov: &str) -> Value {
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": sector_id(sector_ov).as_str(),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": format!("{} sector", sectors::display_name(sector_ov)),
        "identity_class": "class",
        "sectors": [sector_ov],
    })
}

/// Facts about one actor record, whatever the source; [`Emitter::actor`] turns them into an
/// `intrusion-set` plus relationships.
#[derive(Debug, Default)]
pub(crate) struct ActorFacts {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub alias_vendors: BTreeMap<String, String>,
    pub actor_kind: Option<&'static str>,
    pub primary_motivation: Option<&'static str>,
    pub activity: Vec<&'static str>,
    pub origin: Option<&'static str>,
    pub sponsor: Option<&'static str>,
    /// Confidence (0-100) of the origin/sponsor attribution, when the source gives one.
    pub attribution_confidence: Option<u8>,
    pub victim_countries: Vec<&'static str>,
    pub victim_regions: Vec<(&'static str, &'static str)>,
    pub victim_sectors: Vec<&'static str>,
    pub external_references: Vec<Value>,
    /// Ids of records of the same import the source says describe the same actor.
    pub same_as: Vec<String>,
}

impl ActorFacts {
    /// Adds an alias unless it is the name or already there (case-sensitive: sources' own
    /// spellings are kept).
    pub fn add_alias(&mut self, alias: &str) {
        let alias = alias.trim();
        if !alias.is_empty() && alias != self.name && !self.aliases.iter().any(|a| a == alias) {
            self.aliases.push(alias.to_owned());
        }
    }
}

/// Accumulates the objects of one import: supporting objects once each, records, relationships.
pub(crate) struct Emitter {
    source_key: String,
    support: Vec<Value>,
    records: Vec<Value>,
    relationships: Vec<Value>,
    seen: HashSet<String>,
}

impl Emitter {
    pub fn new(source_key: &str) -> Self {
        Emitter {
            source_key: source_key.to_owned(),
            support: Vec::new(),
            records: Vec::new(),
            relationships: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn support_once(&mut self, id: &str, make: impl FnOnce() -> Value) {
        if self.seen.insert(id.to_owned()) {
            self.support.push(make());
        }
    }

    /// Declares the actor extension (and its creator) in this import.
    pub fn actor_extension(&mut self) {
        self.support_once(cairn_identity_id().as_str(), cairn_identity);
        self.support_once(ACTOR_EXTENSION_ID, actor_extension_definition);
    }

    pub fn country(&mut self, iso2: &str) -> String {
        let id = country_id(iso2).to_string();
        self.support_once(&id, || country_location(iso2));
        id
    }

    pub fn region(&mut self, region_ov: &str, display: &str) -> String {
        let id = region_id(region_ov).to_string();
        self.support_once(&id, || region_location(region_ov, display));
        id
    }

    pub fn sector(&mut self, sector_ov: &str) -> String {
        let id = sector_id(sector_ov).to_string();
        self.support_once(&id, || sector_identity(sector_ov));
        id
    }

    /// Adds a record (an SDO the source describes). Returns false when its id was already
    /// emitted in this import (the duplicate is dropped).
    pub fn record(&mut self, object: Value) -> bool {
        let Some(id) = object.get("id").and_then(Value::as_str) else { return false };
        if !self.seen.insert(id.to_owned()) {
            return false;
        }
        self.records.push(object);
        true
    }

    pub fn relationship(&mut self, src: &str, rel_type: &str, dst: &str, confidence: Option<u8>) {
        let id = Identifier::cairn(
            "relationship",
            &format!("{}|{src}|{rel_type}|{dst}", self.source_key),
        )
        .to_string();
        if !self.seen.insert(id.clone()) {
            return;
        }
        let mut rel = json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": id,
            "created": FIXED_TIMESTAMP,
            "modified": FIXED_TIMESTAMP,
            "relationship_type": rel_type,
            "source_ref": src,
            "target_ref": dst,
        });
        if let (Some(c), Some(map)) = (confidence, rel.as_object_mut()) {
            map.insert("confidence".to_owned(), json!(c));
        }
        self.relationships.push(rel);
    }

    /// Emits an actor record as an `intrusion-set` with its relationships.
    pub fn actor(&mut self, facts: ActorFacts) {
        let mut map = Map::new();
        map.insert("type".into(), json!("intrusion-set"));
        map.insert("spec_version".into(), json!("2.1"));
        map.insert("id".into(), json!(facts.id));
        map.insert("created".into(), json!(FIXED_TIMESTAMP));
        map.insert("modified".into(), json!(FIXED_TIMESTAMP));
        map.insert("name".into(), json!(facts.name));
        if let Some(d) = &facts.description
            && !d.trim().is_empty()
        {
            map.insert("description".into(), json!(d));
        }
        if !facts.aliases.is_empty() {
            map.insert("aliases".into(), json!(facts.aliases));
        }
        if let Some(m) = facts.primary_motivation {
            map.insert("primary_motivation".into(), json!(m));
        }
        if !facts.external_references.is_empty() {
            map.insert("external_references".into(), Value::Array(facts.external_references));
        }
        let mut ext = Map::new();
        ext.insert("extension_type".into(), json!("property-extension"));
        if !facts.alias_vendors.is_empty() {
            ext.insert("alias_vendors".into(), json!(facts.alias_vendors));
        }
        ext.insert("actor_kind".into(), json!(facts.actor_kind.unwrap_or("unknown")));
        if !facts.activity.is_empty() {
            ext.insert("activity".into(), json!(facts.activity));
        }
        self.actor_extension();
        map.insert("extensions".into(), json!({ ACTOR_EXTENSION_ID: Value::Object(ext) }));
        let id = facts.id;
        if !self.record(Value::Object(map)) {
            return;
        }
        if let Some(iso2) = facts.origin {
            let c = self.country(iso2);
            self.relationship(&id, "originates-from", &c, facts.attribution_confidence);
        }
        if let Some(iso2) = facts.sponsor {
            let c = self.country(iso2);
            self.relationship(&id, "attributed-to", &c, facts.attribution_confidence);
        }
        for iso2 in facts.victim_countries {
            let c = self.country(iso2);
            self.relationship(&id, "targets", &c, None);
        }
        for (ov, display) in facts.victim_regions {
            let r = self.region(ov, display);
            self.relationship(&id, "targets", &r, None);
        }
        for ov in facts.victim_sectors {
            let s = self.sector(ov);
            self.relationship(&id, "targets", &s, None);
        }
        for other in facts.same_as {
            self.relationship(&id, "same-as", &other, None);
        }
    }

    pub fn finish(self) -> Vec<Value> {
        let mut out = self.support;
        out.extend(self.records);
        out.extend(self.relationships);
        out
    }
}

/// An external reference for a URL, named after its host.
pub(crate) fn url_reference(url: &str) -> Option<Value> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(host);
    Some(json!({ "source_name": host, "url": url }))
}

/// Pushes `v` unless present.
pub(crate) fn push_unique<T: PartialEq>(list: &mut Vec<T>, v: T) {
    if !list.contains(&v) {
        list.push(v);
    }
}
