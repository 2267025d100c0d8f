//! Findings and the [`Extraction`] that holds them, with the JSONL contract of issue 4 and a table
//! renderer for people.

use serde_json::{Value, json};

use crate::entity::tables::Activity;
use crate::ioc::Ioc;
use crate::lexicon::EntityType;

/// What a country is in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Named without a role we could read.
    Mentioned,
    /// Where the reporter or a company is (datelines, "Kyiv-based researchers").
    Located,
    /// Hit by the activity.
    Victim,
    /// Where a (criminal) actor is from.
    Origin,
    /// The state an actor acts for, or a state acting through criminals.
    Sponsor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mentioned => "mentioned",
            Role::Located => "located",
            Role::Victim => "victim",
            Role::Origin => "origin",
            Role::Sponsor => "sponsor",
        }
    }
}

/// One candidate of an ambiguous name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
}

/// A named or unnamed actor, malware, tool, technique or campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFinding {
    pub entity_type: EntityType,
    /// Canonical name (the chosen record's name), the mention for report-scoped entities,
    /// `unnamed: <description>` for unnamed actors.
    pub name: String,
    pub aliases: Vec<String>,
    /// The lexicon record's id; `None` for report-scoped entities.
    pub id: Option<String>,
    /// Sponsor state, else country of origin.
    pub country: Option<String>,
    /// "state", "criminal", "hacktivist", "psoa", "influence", "unknown".
    pub actor_kind: Option<String>,
    /// Vendor whose naming the mention follows.
    pub vendor: Option<String>,
    pub mention: String,
    pub start: usize,
    pub end: usize,
    /// More than one candidate and nothing in the context decides: all of them.
    pub ambiguous: Vec<Candidate>,
}

/// A finding with its evidence span (byte offsets into the normalized text).
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Observable(Ioc),
    Entity(EntityFinding),
    Location {
        country: String,
        role: Role,
        mention: String,
        start: usize,
        end: usize,
    },
    Sector {
        value: String,
        tag: Option<String>,
        mention: String,
        start: usize,
        end: usize,
    },
    Activity {
        value: Activity,
        actor: Option<String>,
        start: usize,
        end: usize,
    },
    Amount(Amount),
    Relation {
        source: String,
        rel_type: String,
        target: String,
        start: usize,
        end: usize,
    },
    /// A date of activity (never the publication date).
    Date {
        value: String,
        start: usize,
        end: usize,
    },
}

/// Money stolen, paid or lost.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub currency: String,
    /// The value in USD; 0 when not known (see `usd_known`).
    pub usd: f64,
    /// False for a cryptocurrency amount the text gives no dollar figure for: no exchange rate is
    /// assumed, the JSONL `usd` is null and the label uses the amount in its own currency.
    pub usd_known: bool,
    /// "cryptocurrency", "ransom", or `None`.
    pub asset: Option<String>,
    pub mention: String,
    pub since: Option<String>,
    pub period: Option<String>,
    pub actor: Option<String>,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

impl Finding {
    /// Evidence span.
    pub fn span(&self) -> (usize, usize) {
        match self {
            Finding::Observable(i) => (i.start, i.end),
            Finding::Entity(e) => (e.start, e.end),
            Finding::Amount(a) => (a.start, a.end),
            Finding::Location { start, end, .. }
            | Finding::Sector { start, end, .. }
            | Finding::Activity { start, end, .. }
            | Finding::Relation { start, end, .. }
            | Finding::Date { start, end, .. } => (*start, *end),
        }
    }

    /// The `kind` of the JSONL line.
    pub fn kind(&self) -> &'static str {
        match self {
            Finding::Observable(_) => "observable",
            Finding::Entity(_) => "entity",
            Finding::Location { .. } => "location",
            Finding::Sector { .. } => "sector",
            Finding::Activity { .. } => "activity",
            Finding::Amount(_) => "amount",
            Finding::Relation { .. } => "relation",
            Finding::Date { .. } => "date",
        }
    }

    /// The JSONL line as a JSON value (issue 4 contract; extra keys add detail).
    pub fn to_json(&self) -> Value {
        match self {
            Finding::Observable(i) => i.to_json(),
            Finding::Entity(e) => {
                let mut v = json!({"kind":"entity","type":e.entity_type.as_str(),"name":e.name,"aliases":e.aliases,
                    "id":e.id,"country":e.country,"mention":e.mention,"start":e.start,"end":e.end});
                if let Some(o) = v.as_object_mut() {
                    if let Some(k) = &e.actor_kind {
                        o.insert("actor_kind".into(), json!(k));
                    }
                    if let Some(k) = &e.vendor {
                        o.insert("vendor".into(), json!(k));
                    }
                    if !e.ambiguous.is_empty() {
                        o.insert("ambiguous".into(), json!(true));
                        let c: Vec<Value> = e
                            .ambiguous
                            .iter()
                            .map(|c| json!({"id":c.id,"name":c.name,"country":c.country}))
                            .collect();
                        o.insert("candidates".into(), Value::Array(c));
                    }
                }
                v
            }
            Finding::Location { country, role, mention, start, end } => {
                json!({"kind":"location","country":country,"role":role.as_str(),"mention":mention,"start":start,"end":end})
            }
            Finding::Sector { value, tag, mention, start, end } => {
                let mut v = json!({"kind":"sector","value":value,"mention":mention,"start":start,"end":end});
                if let (Some(t), Some(o)) = (tag, v.as_object_mut()) {
                    o.insert("tag".into(), json!(t));
                }
                v
            }
            Finding::Activity { value, actor, start, end } => {
                json!({"kind":"activity","value":value.as_str(),"actor":actor,"start":start,"end":end})
            }
            Finding::Amount(a) => {
                json!({"kind":"amount","usd":a.usd_known.then_some(a.usd.round() as u64),"value":a.value,"currency":a.currency,
                "asset":a.asset,"mention":a.mention,"since":a.since,"period":a.period,"actor":a.actor,"country":a.country,
                "start":a.start,"end":a.end})
            }
            Finding::Relation { source, rel_type, target, start, end } => {
                json!({"kind":"relation","source":source,"type":rel_type,"target":target,"start":start,"end":end})
            }
            Finding::Date { value, start, end } => {
                json!({"kind":"date","value":value,"role":"activity","start":start,"end":end})
            }
        }
    }

    /// (kind, type, value) as the evaluation labels name a finding.
    pub fn label(&self) -> (String, String, String) {
        let t = |k: &str, ty: &str, v: &str| (k.to_owned(), ty.to_owned(), v.to_owned());
        match self {
            Finding::Observable(i) => t("observable", i.kind.as_str(), &i.value),
            Finding::Entity(e) => t("entity", e.entity_type.as_str(), &e.name),
            Finding::Location { country, role, .. } => t("location", role.as_str(), country),
            Finding::Sector { value, .. } => t("sector", "sector", value),
            Finding::Activity { value, .. } => t("activity", "activity", value.as_str()),
            Finding::Amount(a) if a.usd_known => {
                t("amount", &a.currency, &format!("{}", a.usd.round() as u64))
            }
            Finding::Amount(a) => t("amount", &a.currency, &format!("{}", a.value)),
            Finding::Relation { source, rel_type, target, .. } => {
                t("relation", rel_type, &format!("{source} -> {target}"))
            }
            Finding::Date { value, .. } => t("date", "activity", value),
        }
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The normalized text the offsets point into.
    pub text: String,
    pub title: Option<String>,
    /// Publication date as the document states it.
    pub published: Option<String>,
    /// Sentence spans, sorted.
    pub sentences: Vec<(usize, usize)>,
    pub items: Vec<Finding>,
    /// Why the input was read only partly.
    pub partial: Option<String>,
}

impl Extraction {
    /// The findings as JSONL values, in text order.
    pub fn findings(&self) -> Vec<Value> {
        self.items.iter().map(Finding::to_json).collect()
    }

    /// The findings as JSONL text (one line each).
    pub fn to_jsonl(&self) -> String {
        let mut s = String::new();
        for f in &self.items {
            s.push_str(&f.to_json().to_string());
            s.push('\n');
        }
        s
    }

    /// The sentence containing `offset`.
    pub fn sentence_at(&self, offset: usize) -> &str {
        let i = self.sentences.partition_point(|&(_, e)| e <= offset);
        self.sentences.get(i).and_then(|&(s, e)| self.text.get(s..e)).unwrap_or("").trim()
    }

    /// Country roles over the whole document: the strongest role each country gets.
    pub fn country_roles(&self) -> Vec<(String, Role)> {
        let mut m: std::collections::BTreeMap<String, Role> = std::collections::BTreeMap::new();
        for f in &self.items {
            if let Finding::Location { country, role, .. } = f {
                let e = m.entry(country.clone()).or_insert(*role);
                *e = (*e).max(*role);
            }
        }
        m.into_iter().collect()
    }

    /// A table for people: one row per finding with its evidence sentence.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.title {
            out.push_str(&format!("# {t}\n"));
        }
        if let Some(p) = &self.published {
            out.push_str(&format!("published: {p}\n"));
        }
        if let Some(p) = &self.partial {
            out.push_str(&format!("PARTIAL: {p}\n"));
        }
        out.push_str(&format!("{:<11} {:<22} {:<40} {}\n", "KIND", "TYPE", "VALUE", "EVIDENCE"));
        for f in &self.items {
            let (k, ty, v) = f.label();
            let (s, _) = f.span();
            let mut ev: String = self.sentence_at(s).replace('\n', " ");
            if ev.chars().count() > 160 {
                ev = ev.chars().take(157).collect::<String>() + "...";
            }
            let v: String = if v.chars().count() > 40 {
                v.chars().take(37).collect::<String>() + "..."
            } else {
                v
            };
            out.push_str(&format!("{k:<11} {ty:<22} {v:<40} {ev}\n"));
        }
        out
    }
}

impl Extraction {
    /// The report's source key: `report:<sha256 of the normalized text>` (knowledge-model.md), so
    /// the same document always lands on the same source.
    pub fn source_key(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.text.as_bytes());
        let mut s = String::with_capacity(7 + 64);
        s.push_str("report:");
        for b in digest.iter() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}
