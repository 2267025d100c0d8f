//! The knowledge base's vocabulary: sources and claims going in, views coming out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::error::Rejection;

/// What kind of source asserted a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Curated reference sets (ATT&CK, MISP galaxy, Microsoft naming map).
    Reference,
    /// A feed pulled regularly (TAXII, MISP feed, RSS).
    Feed,
    /// One report (text, PDF, HTML) run through extraction.
    Report,
    /// A file imported by hand.
    Import,
    /// A person's own claims (corrections, links, contests).
    User,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Reference => "reference",
            SourceKind::Feed => "feed",
            SourceKind::Report => "report",
            SourceKind::Import => "import",
            SourceKind::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "reference" => SourceKind::Reference,
            "feed" => SourceKind::Feed,
            "report" => SourceKind::Report,
            "import" => SourceKind::Import,
            "user" => SourceKind::User,
            _ => return None,
        })
    }

    /// Default priority in the view policy: a person's word beats a reference set, which beats
    /// a feed or a single report.
    pub fn default_priority(self) -> i32 {
        match self {
            SourceKind::User => 100,
            SourceKind::Reference => 50,
            SourceKind::Feed | SourceKind::Import => 40,
            SourceKind::Report => 30,
        }
    }

    /// Curated catalogues keep their records apart on purpose: two records of one catalogue are
    /// never joined through a shared name.
    pub fn is_catalogue(self) -> bool {
        matches!(self, SourceKind::Reference | SourceKind::Feed)
    }
}

/// Who says something. `key` is stable across imports ("attack:enterprise", "report:<sha256>").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub key: String,
    pub kind: SourceKind,
    pub name: String,
    pub url: Option<String>,
    pub version: Option<String>,
    /// When the source published what it says (RFC 3339), if known.
    pub published: Option<String>,
    /// Higher wins when sources disagree.
    pub priority: i32,
}

impl Source {
    /// A source with the kind's default priority and no optional metadata.
    pub fn new(key: impl Into<String>, kind: SourceKind, name: impl Into<String>) -> Self {
        Source {
            key: key.into(),
            kind,
            name: name.into(),
            url: None,
            version: None,
            published: None,
            priority: kind.default_priority(),
        }
    }
}

/// Where in a report a claim was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The report object's id.
    pub report: String,
    /// Byte offsets of the span in the report text.
    pub start: i64,
    pub end: i64,
    pub sentence: Option<String>,
}

/// How an ingest treats the batch.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Keep the good objects and list the rejected ones, instead of rejecting the whole batch.
    pub skip_invalid: bool,
    /// Confidence of claims whose object has no `confidence` property.
    pub default_confidence: Option<i64>,
    /// Evidence spans per object id (from extraction).
    pub evidence: BTreeMap<String, Evidence>,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// Objects in the batch that were accepted.
    pub accepted: usize,
    /// Object versions stored for the first time.
    pub new_versions: usize,
    /// Claims added (or changed) for this source.
    pub new_claims: usize,
    /// Objects whose current version changed.
    pub updated_latest: usize,
    /// Objects rejected (only with `skip_invalid`).
    pub rejected: Vec<Rejection>,
}

/// What removing a source did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveSummary {
    pub claims_removed: usize,
    /// Object versions that no other source asserted, removed with the claims.
    pub versions_removed: usize,
}

/// A source as stored, with how much it asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    #[serde(flatten)]
    pub source: Source,
    pub added_at: String,
    pub claims: i64,
}

/// One source's claim on an object version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimInfo {
    pub source: String,
    pub source_name: String,
    pub kind: SourceKind,
    pub priority: i32,
    pub confidence: Option<i64>,
    pub claimed_at: String,
    pub evidence: Option<Evidence>,
}

/// An object version with who asserts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredObject {
    /// Insertion sequence number of this version (grows with every new version stored).
    pub seq: i64,
    /// When this version was first stored (RFC 3339).
    pub added_at: String,
    pub object: Value,
    pub claims: Vec<ClaimInfo>,
}

/// One page of a listing; `next` is the cursor for the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub items: Vec<StoredObject>,
    pub next: Option<String>,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    #[serde(rename = "type")]
    pub object_type: String,
    pub name: Option<String>,
    /// An ATT&CK-style external id (T1566, G0007, S0154) when the object has one.
    pub external_id: Option<String>,
}

/// A relationship seen from one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipRef {
    /// The relationship object's id (or the embedding object's for `object-ref`, `sighting-of`).
    pub id: String,
    pub relationship_type: String,
    pub source_ref: String,
    pub target_ref: String,
}

/// Who backs a fact: one entry per source that asserts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backing {
    pub source: String,
    pub source_name: String,
    pub priority: i32,
    pub confidence: Option<i64>,
    pub claimed_at: String,
}

/// One fact of an actor view (a country, a sector, a tool) with its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// Machine value: country code, sector value, object id, motivation.
    pub value: String,
    /// Human label: country name, object name.
    pub label: String,
    /// ATT&CK id of a technique, software or group, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub sources: Vec<Backing>,
    /// Chosen by the view policy where facts compete (sponsor, origin, motivation).
    pub preferred: bool,
}

/// One of the records (a source's own actor object) grouped into a canonical actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub object_type: String,
    pub name: String,
    pub sources: Vec<String>,
    pub external_ids: Vec<String>,
}

/// The resolved, computed view of one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorView {
    /// Stable while the same records are grouped (the smallest record id).
    pub group_id: String,
    pub name: String,
    pub records: Vec<ActorRecord>,
    /// vendor → names that vendor uses.
    pub names_by_vendor: BTreeMap<String, Vec<String>>,
    /// `attributed-to` a country: the state on whose behalf the actor operates.
    pub sponsor: Vec<Fact>,
    /// `originates-from` a country.
    pub origin: Vec<Fact>,
    /// True when sources name different sponsor (or origin) countries.
    pub sponsor_conflict: bool,
    pub origin_conflict: bool,
    pub motivation: Vec<Fact>,
    pub targeted_sectors: Vec<Fact>,
    pub targeted_countries: Vec<Fact>,
    pub malware: Vec<Fact>,
    pub tools: Vec<Fact>,
    pub techniques: Vec<Fact>,
    /// Other relationships to or from the actor (state-crime nexus, campaigns, ...), as
    /// `relationship_type` → facts.
    pub other: BTreeMap<String, Vec<Fact>>,
}

/// A canonical actor a name could mean, with what tells it apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub group_id: String,
    pub name: String,
    /// How the looked-up name occurs: as a record's own name or as an alias.
    pub matched_as: Vec<String>,
    /// Vendors or sources that use the looked-up name for this actor.
    pub named_by: Vec<String>,
    pub sponsor: Vec<String>,
    pub origin: Vec<String>,
    pub motivation: Vec<String>,
    pub records: Vec<ActorRecord>,
}

/// The answer to "who is NAME?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ActorLookup {
    NotFound { name: String },
    Resolved(Box<ActorView>),
    Ambiguous { name: String, candidates: Vec<Candidate> },
}

/// Time bucket of activity aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    #[default]
    Year,
    Month,
}

/// One counted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: i64,
}

/// Aggregates for the landscape. Every list is sorted by count (desc), then key. Definitions:
/// - `by_actor`: relationships from or to the actor's records plus reports referencing them;
/// - `by_sponsor` / `by_origin`: canonical actors per sponsor / origin country;
/// - `by_sector` / `by_victim_country`: distinct attackers (canonical actors, or the source
///   object when it is not an actor) with a `targets` relationship to the sector / country;
/// - `by_activity_type`: objects per activity (actor `primary_motivation`, `report_types`,
///   `incident_types`), actors counted once per canonical actor;
/// - `by_time`: dated objects (report `published`, `first_seen` otherwise) per year or month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregates {
    pub by_actor: Vec<Count>,
    pub by_sponsor: Vec<Count>,
    pub by_origin: Vec<Count>,
    pub by_sector: Vec<Count>,
    pub by_victim_country: Vec<Count>,
    pub by_activity_type: Vec<Count>,
    pub by_time: Vec<Count>,
}

/// Store-wide counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: i64,
    pub sources: i64,
    pub objects: i64,
    pub versions: i64,
    pub claims: i64,
    pub relationships: i64,
    pub actor_records: i64,
    pub actors: i64,
    pub by_type: Vec<Count>,
}
