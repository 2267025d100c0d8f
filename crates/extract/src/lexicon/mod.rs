//! The names the extractor recognises, handed in by the caller (the extract crate never opens a
//! database): actor records with every alias and the vendor using it, malware, tools, ATT&CK
//! techniques, plus Cairn's own tables (countries, sectors, activity words, naming conventions).
//!
//! Everything is compiled into one [`matcher::Matcher`] (leftmost-longest, ASCII case
//! insensitive, looked up word by word) so a document is walked once for all names; case and
//! context rules run on the few matches afterwards.

pub(crate) mod matcher;

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use crate::entity::tables::{self, Activity, Convention, CountryForm, Cue};
use matcher::Matcher;

/// The Cairn actor property-extension (knowledge-model.md).
pub const CAIRN_ACTOR_EXTENSION: &str = stix::cairn::ACTOR_EXTENSION;

/// STIX type of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    IntrusionSet,
    ThreatActor,
    Malware,
    Tool,
    AttackPattern,
    Campaign,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::IntrusionSet => "intrusion-set",
            EntityType::ThreatActor => "threat-actor",
            EntityType::Malware => "malware",
            EntityType::Tool => "tool",
            EntityType::AttackPattern => "attack-pattern",
            EntityType::Campaign => "campaign",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s {
            "intrusion-set" => EntityType::IntrusionSet,
            "threat-actor" => EntityType::ThreatActor,
            "malware" => EntityType::Malware,
            "tool" => EntityType::Tool,
            "attack-pattern" => EntityType::AttackPattern,
            "campaign" => EntityType::Campaign,
            _ => return None,
        })
    }

    /// Intrusion sets and threat actors.
    pub fn is_actor(self) -> bool {
        matches!(self, EntityType::IntrusionSet | EntityType::ThreatActor)
    }
}

/// One source record (never merged with others that share a name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub entity_type: EntityType,
    pub name: String,
    pub aliases: Vec<String>,
    /// Sponsor state (ISO 3166 alpha-2), from `attributed-to` a country.
    pub sponsor: Option<String>,
    /// Country of origin, from `originates-from` a country.
    pub origin: Option<String>,
    /// "state", "criminal", "hacktivist", "unknown" (cairn-actor extension).
    pub actor_kind: Option<String>,
    /// Alias -> vendor that uses it.
    pub alias_vendors: BTreeMap<String, String>,
    /// ATT&CK id (T1566, G0007, S0154) when the record has one.
    pub external_id: Option<String>,
    /// A malware record labelled ransomware.
    pub ransomware: bool,
}

impl Record {
    /// A record with just a type and a name.
    pub fn new(id: impl Into<String>, entity_type: EntityType, name: impl Into<String>) -> Record {
        Record {
            id: id.into(),
            entity_type,
            name: name.into(),
            aliases: Vec::new(),
            sponsor: None,
            origin: None,
            actor_kind: None,
            alias_vendors: BTreeMap::new(),
            external_id: None,
            ransomware: false,
        }
    }

    /// The state the record says the actor acts for, else its origin.
    pub fn country(&self) -> Option<&str> {
        self.sponsor.as_deref().or(self.origin.as_deref())
    }
}

/// What a pattern of the matcher stands for.
#[derive(Debug, Clone)]
pub(crate) enum Term {
    /// Candidate records for a name, with the exact spelling(s) the records use.
    Name {
        records: Arc<[u32]>,
        spellings: Vec<String>,
        /// A single ordinary English word ("Play"): needs exact case and context.
        common: bool,
        /// Some spelling has an upper-case letter.
        any_upper: bool,
        /// A technique name of several words (every record an attack pattern): any case goes.
        technique: bool,
    },
    Country {
        iso: &'static str,
        form: CountryForm,
        spelling: &'static str,
    },
    Sector {
        value: &'static str,
        tag: Option<&'static str>,
    },
    Activity(Activity),
    Cue(Cue),
    /// A code prefix followed by a digit: (prefix as written, convention).
    Code(&'static str, Convention),
    Suffix(&'static str, Convention),
    Prefix(&'static str, Convention),
    Currency(&'static str),
    Year(u16),
    Month(u8),
}

/// The compiled lexicon. Build once per knowledge-base state and share (`Send + Sync`).
#[derive(Debug)]
pub struct Lexicon {
    pub(crate) records: Vec<Record>,
    pub(crate) terms: Vec<Vec<Term>>,
    pub(crate) matcher: Matcher,
    /// Names of the records labelled ransomware.
    pub(crate) ransomware_names: HashSet<String>,
}

impl Lexicon {
    /// Only Cairn's own tables: for an empty knowledge base.
    pub fn builtin() -> Lexicon {
        Lexicon::from_records(Vec::new())
    }

    /// Builds the lexicon from STIX objects (intrusion-set, threat-actor, malware, tool,
    /// attack-pattern, campaign, location, relationship). Order does not matter.
    pub fn from_stix<I, V>(objects: I) -> Lexicon
    where
        I: IntoIterator<Item = V>,
        V: Borrow<Value>,
    {
        let objects: Vec<V> = objects.into_iter().collect();
        let mut location_country: HashMap<String, String> = HashMap::new();
        for c in tables::countries() {
            let id = stix::cairn::country_id(c.iso);
            location_country.insert(id.as_str().to_owned(), c.iso.to_owned());
        }
        for o in &objects {
            let o = o.borrow();
            if o.get("type").and_then(Value::as_str) == Some("location")
                && let (Some(id), Some(cc)) =
                    (o.get("id").and_then(Value::as_str), o.get("country").and_then(Value::as_str))
            {
                location_country.insert(id.to_owned(), cc.to_ascii_uppercase());
            }
        }
        let mut records: Vec<Record> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for o in &objects {
            if let Some(r) = record_from_stix(o.borrow()) {
                index.insert(r.id.clone(), records.len());
                records.push(r);
            }
        }
        for o in &objects {
            let o = o.borrow();
            if o.get("type").and_then(Value::as_str) != Some("relationship") {
                continue;
            }
            let rt = o.get("relationship_type").and_then(Value::as_str).unwrap_or("");
            let src = o.get("source_ref").and_then(Value::as_str).unwrap_or("");
            let dst = o.get("target_ref").and_then(Value::as_str).unwrap_or("");
            let (Some(&i), Some(cc)) = (index.get(src), location_country.get(dst)) else {
                continue;
            };
            if let Some(r) = records.get_mut(i) {
                match rt {
                    "attributed-to" => r.sponsor = Some(cc.clone()),
                    "originates-from" => r.origin = Some(cc.clone()),
                    _ => {}
                }
            }
        }
        Lexicon::from_records(records)
    }

    /// Builds the lexicon from records plus Cairn's own tables.
    pub fn from_records(records: Vec<Record>) -> Lexicon {
        let mut map: HashMap<String, Vec<Term>> = HashMap::new();
        let mut add = |pattern: &str, term: Term| {
            map.entry(pattern.to_ascii_lowercase()).or_default().push(term);
        };
        // Names from records, grouped by their case-folded spelling.
        let mut names: BTreeMap<String, (Vec<u32>, Vec<String>)> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            let mut all: Vec<&str> = vec![r.name.as_str()];
            all.extend(r.aliases.iter().map(String::as_str));
            if r.entity_type == EntityType::AttackPattern
                && let Some(id) = &r.external_id
            {
                all.push(id);
            }
            for n in all {
                let n = n.trim();
                // One- and two-letter names match everything.
                if n.chars().count() < 3 || n.len() > 100 {
                    continue;
                }
                let e = names.entry(n.to_ascii_lowercase()).or_default();
                if !e.0.contains(&(i as u32)) {
                    e.0.push(i as u32);
                }
                if !e.1.iter().any(|s| s == n) {
                    e.1.push(n.to_owned());
                }
            }
        }
        for (k, (ids, spellings)) in names {
            let common = !k.contains(' ') && tables::COMMON_WORD_NAMES.contains(&k.as_str());
            // Decided once here, so that a match reads neither the records nor the spellings'
            // letters unless its case needs them.
            let any_upper = spellings.iter().any(|sp| sp.bytes().any(|b| b.is_ascii_uppercase()));
            let technique = k.contains(' ')
                && ids.iter().all(|&r| {
                    records
                        .get(r as usize)
                        .is_some_and(|r| r.entity_type == EntityType::AttackPattern)
                });
            add(&k, Term::Name { records: ids.into(), spellings, common, any_upper, technique });
        }
        for c in tables::countries() {
            for (s, form) in c.forms {
                add(s, Term::Country { iso: c.iso, form, spelling: s });
            }
        }
        for (k, v, tag) in tables::sectors() {
            add(k, Term::Sector { value: v, tag });
        }
        for &(k, a) in tables::ACTIVITIES {
            add(k, Term::Activity(a));
        }
        for &(k, cue) in tables::CUES {
            add(k, Term::Cue(cue));
        }
        for &(p, conv) in tables::CODE_PREFIXES {
            for d in 0..10 {
                add(&format!("{p}{d}"), Term::Code(p, conv));
            }
        }
        for &(s, conv) in tables::FAMILY_SUFFIXES {
            add(s, Term::Suffix(s, conv));
        }
        for &(s, conv) in tables::FAMILY_PREFIXES {
            add(s, Term::Prefix(s, conv));
        }
        for (pattern, cur) in crate::relation::amount::currency_patterns() {
            add(&pattern, Term::Currency(cur));
        }
        for y in 1990..=2039u16 {
            add(&y.to_string(), Term::Year(y));
        }
        for (i, m) in tables::MONTHS.iter().enumerate() {
            add(m, Term::Month(i as u8 + 1));
        }
        let mut patterns: Vec<String> = Vec::with_capacity(map.len());
        let mut terms: Vec<Vec<Term>> = Vec::with_capacity(map.len());
        for (k, v) in map {
            patterns.push(k);
            terms.push(v);
        }
        // A code or a currency before its number may end inside a word ("APT28", "USD600").
        let may_end_in_word: Vec<bool> = terms
            .iter()
            .map(|ts| ts.iter().any(|t| matches!(t, Term::Code(..) | Term::Currency(_))))
            .collect();
        let matcher = Matcher::new(&patterns, &may_end_in_word);
        let ransomware_names =
            records.iter().filter(|r| r.ransomware).map(|r| r.name.clone()).collect();
        Lexicon { records, terms, matcher, ransomware_names }
    }

    /// The records, indexed by the numbers in findings.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// ATT&CK technique ids the lexicon knows (for the IOC scanner's validation).
    pub fn attack_ids(&self) -> HashSet<String> {
        self.records
            .iter()
            .filter(|r| r.entity_type == EntityType::AttackPattern)
            .filter_map(|r| r.external_id.clone())
            .collect()
    }

    /// Whether the lexicon holds any reference records.
    pub fn is_builtin(&self) -> bool {
        self.records.is_empty()
    }
}

fn record_from_stix(o: &Value) -> Option<Record> {
    let ty = EntityType::parse(o.get("type")?.as_str()?)?;
    let id = o.get("id")?.as_str()?;
    let name = o.get("name")?.as_str()?;
    if o.get("revoked").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let mut r = Record::new(id, ty, name);
    for key in ["aliases", "x_mitre_aliases"] {
        if let Some(a) = o.get(key).and_then(Value::as_array) {
            for s in a.iter().filter_map(Value::as_str) {
                if s != name && !r.aliases.iter().any(|x| x == s) {
                    r.aliases.push(s.to_owned());
                }
            }
        }
    }
    if let Some(ext) = o.get("extensions").and_then(|e| e.get(CAIRN_ACTOR_EXTENSION)) {
        if let Some(m) = ext.get("alias_vendors").and_then(Value::as_object) {
            for (k, v) in m {
                if let Some(v) = v.as_str() {
                    r.alias_vendors.insert(k.clone(), v.to_owned());
                    if k != name && !r.aliases.iter().any(|x| x == k) {
                        r.aliases.push(k.clone());
                    }
                }
            }
        }
        r.actor_kind = ext.get("actor_kind").and_then(Value::as_str).map(str::to_owned);
    }
    if let Some(refs) = o.get("external_references").and_then(Value::as_array) {
        r.external_id = refs
            .iter()
            .find(|x| x.get("source_name").and_then(Value::as_str) == Some("mitre-attack"))
            .and_then(|x| x.get("external_id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let labels = |k: &str| {
        o.get(k).and_then(Value::as_array).is_some_and(|a| {
            a.iter().filter_map(Value::as_str).any(|s| s.eq_ignore_ascii_case("ransomware"))
        })
    };
    r.ransomware = ty == EntityType::Malware && (labels("malware_types") || labels("labels"));
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn from_stix_reads_aliases_vendors_and_sponsor() {
        let ru = stix::Identifier::cairn("location", "country:RU");
        let objs = vec![
            json!({"type":"intrusion-set","id":"intrusion-set--1","name":"APT28","aliases":["Fancy Bear"],
                   "extensions":{CAIRN_ACTOR_EXTENSION:{"extension_type":"property-extension",
                   "alias_vendors":{"Forest Blizzard":"Microsoft"},"actor_kind":"state"}}}),
            json!({"type":"relationship","id":"relationship--1","relationship_type":"attributed-to",
                   "source_ref":"intrusion-set--1","target_ref":ru.as_str()}),
        ];
        let lex = Lexicon::from_stix(&objs);
        let r = &lex.records()[0];
        assert_eq!(r.aliases, vec!["Fancy Bear", "Forest Blizzard"]);
        assert_eq!(r.sponsor.as_deref(), Some("RU"));
        assert_eq!(r.alias_vendors.get("Forest Blizzard").map(String::as_str), Some("Microsoft"));
        assert_eq!(r.actor_kind.as_deref(), Some("state"));
    }
}
