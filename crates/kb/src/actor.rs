//! The actor view: a name resolved to a canonical actor (its records grouped by `resolve`), with
//! every fact and who asserts it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::Store;
use crate::error::Result;
use crate::model::*;
use crate::resolve::normalize_name;
use crate::sql::{Conn, Val};

/// The `names_by_vendor` key of aliases no source attributes to a vendor.
pub const OTHER_NAMES: &str = "other names";

impl Store {
    /// Resolves an actor name (any vendor's alias, an ATT&CK group id or a record id) to the
    /// canonical actor, or lists the candidates when the name means several actors.
    pub fn actor(&mut self, name: &str) -> Result<ActorLookup> {
        let c = &mut self.conn;
        let norm = normalize_name(name);
        let mut groups: Vec<String> = Vec::new();
        if !norm.is_empty() {
            groups = c
                .query(
                    "SELECT DISTINCT g.group_id FROM names n JOIN latest l ON l.seq = n.seq \
                     JOIN actor_groups g ON g.record_id = l.id WHERE n.norm = $1 ORDER BY g.group_id",
                    &[norm.as_str().into()],
                )?
                .into_iter()
                .map(|r| r[0].text())
                .collect();
        }
        if groups.is_empty() {
            groups = c
                .query(
                    "SELECT DISTINCT g.group_id FROM actor_groups g JOIN latest l ON l.id = g.record_id \
                     JOIN objects o ON o.seq = l.seq WHERE o.ext_id = $1 OR l.id = $2 ORDER BY g.group_id",
                    &[name.trim().to_uppercase().into(), name.trim().into()],
                )?
                .into_iter()
                .map(|r| r[0].text())
                .collect();
        }
        match groups.len() {
            0 => Ok(ActorLookup::NotFound { name: name.to_owned() }),
            1 => Ok(ActorLookup::Resolved(Box::new(view(c, &groups[0])?))),
            _ => {
                let mut candidates = Vec::new();
                for g in &groups {
                    let v = view(c, g)?;
                    candidates.push(candidate(c, v, &norm)?);
                }
                candidates.sort_by(|a, b| {
                    a.name
                        .to_lowercase()
                        .cmp(&b.name.to_lowercase())
                        .then(a.group_id.cmp(&b.group_id))
                });
                Ok(ActorLookup::Ambiguous { name: name.to_owned(), candidates })
            }
        }
    }

    /// The view of one canonical actor by its group id.
    pub fn actor_view(&mut self, group_id: &str) -> Result<Option<ActorView>> {
        let known = self
            .conn
            .scalar("SELECT count(*) FROM actor_groups WHERE group_id = $1", &[group_id.into()])?
            .int();
        if known == 0 {
            return Ok(None);
        }
        view(&mut self.conn, group_id).map(Some)
    }
}

fn backing(r: &[Val], at: usize) -> Backing {
    Backing {
        source: r[at].text(),
        source_name: r[at + 1].text(),
        priority: r[at + 2].int() as i32,
        confidence: r[at + 3].opt_int(),
        claimed_at: r[at + 4].text(),
    }
}

/// Facts keyed by value, with their sources deduplicated.
#[derive(Default)]
struct Facts(BTreeMap<String, Fact>);

impl Facts {
    fn add(&mut self, value: String, label: String, external_id: Option<String>, b: Backing) {
        let f = self.0.entry(value.clone()).or_insert_with(|| Fact {
            value,
            label,
            external_id,
            sources: Vec::new(),
            preferred: false,
        });
        match f.sources.iter_mut().find(|s| s.source == b.source) {
            Some(s) => s.confidence = s.confidence.max(b.confidence),
            None => f.sources.push(b),
        }
    }

    /// Sorted facts; with `compete`, the policy marks one preferred: highest source priority,
    /// then confidence, then the most recent claim.
    fn finish(self, compete: bool) -> Vec<Fact> {
        let mut v: Vec<Fact> = self.0.into_values().collect();
        for f in &mut v {
            f.sources
                .sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.source.cmp(&b.source)));
        }
        if compete {
            let rank = |f: &Fact| {
                f.sources.iter().map(|s| (s.priority, s.confidence, s.claimed_at.clone())).max()
            };
            if let Some(best) =
                (0..v.len()).max_by(|&a, &b| rank(&v[a]).cmp(&rank(&v[b])).then(b.cmp(&a)))
            {
                v[best].preferred = true;
            }
            v.sort_by(|a, b| b.preferred.cmp(&a.preferred).then_with(|| a.value.cmp(&b.value)));
        } else {
            v.sort_by(|a, b| {
                a.label
                    .to_lowercase()
                    .cmp(&b.label.to_lowercase())
                    .then_with(|| a.value.cmp(&b.value))
            });
        }
        v
    }
}

fn view(c: &mut Conn, group_id: &str) -> Result<ActorView> {
    let gid = [Val::from(group_id)];
    // Records and who asserts them.
    let rows = c.query(
        "SELECT l.id, l.type, o.name, o.json, g.label FROM actor_groups g JOIN latest l ON l.id = g.record_id \
         JOIN objects o ON o.seq = l.seq WHERE g.group_id = $1 ORDER BY l.id",
        &gid,
    )?;
    let label = rows.first().map(|r| r[4].text()).unwrap_or_default();
    let mut record_claims: BTreeMap<String, Vec<Backing>> = BTreeMap::new();
    for r in c.query(
        "SELECT l.id, s.key, s.name, s.priority, c.confidence, c.claimed_at FROM actor_groups g \
         JOIN latest l ON l.id = g.record_id JOIN claims c ON c.seq = l.seq JOIN sources s ON s.sid = c.sid \
         WHERE g.group_id = $1",
        &gid,
    )? {
        record_claims.entry(r[0].text()).or_default().push(backing(&r, 1));
    }
    let mut records = Vec::new();
    let mut motivation = Facts::default();
    for r in &rows {
        let id = r[0].text();
        let json: Value = serde_json::from_str(&r[3].text()).unwrap_or(Value::Null);
        let claims = record_claims.get(&id).cloned().unwrap_or_default();
        let external_ids = json
            .get("external_references")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("external_id").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        let motives = json.get("primary_motivation").and_then(Value::as_str).into_iter().chain(
            json.get("secondary_motivations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        for m in motives {
            for b in &claims {
                motivation.add(m.to_owned(), m.to_owned(), None, b.clone());
            }
        }
        let mut sources: Vec<String> = claims.iter().map(|b| b.source.clone()).collect();
        sources.sort();
        records.push(ActorRecord {
            id,
            object_type: r[1].text(),
            name: r[2].text(),
            sources,
            external_ids,
        });
    }

    // Names, grouped by the vendor that uses them. An alias no source attributes to a vendor is
    // listed under "other names" unless some vendor already claims it.
    let mut names_by_vendor: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unattributed: BTreeMap<String, String> = BTreeMap::new();
    for r in c.query(
        "SELECT l.id, n.name, n.vendor, n.is_primary FROM actor_groups g JOIN latest l ON l.id = g.record_id \
         JOIN names n ON n.seq = l.seq WHERE g.group_id = $1",
        &gid,
    )? {
        let name = r[1].text();
        match r[2].opt_text() {
            Some(v) => {
                names_by_vendor.entry(v).or_default().insert(name);
            }
            None if r[3].int() != 0 => {
                for b in record_claims.get(&r[0].text()).into_iter().flatten() {
                    names_by_vendor.entry(b.source_name.clone()).or_default().insert(name.clone());
                }
            }
            None => {
                unattributed.entry(normalize_name(&name)).or_insert(name);
            }
        }
    }
    let attributed: BTreeSet<String> =
        names_by_vendor.values().flatten().map(|n| normalize_name(n)).collect();
    let others: BTreeSet<String> = unattributed
        .into_iter()
        .filter(|(norm, _)| !attributed.contains(norm))
        .map(|(_, n)| n)
        .collect();
    if !others.is_empty() {
        names_by_vendor.insert(OTHER_NAMES.to_owned(), others);
    }

    // Relationship facts, outgoing then incoming.
    let (mut sponsor, mut origin, mut sectors, mut countries) =
        (Facts::default(), Facts::default(), Facts::default(), Facts::default());
    let (mut malware, mut tools, mut techniques) =
        (Facts::default(), Facts::default(), Facts::default());
    let mut other: BTreeMap<String, Facts> = BTreeMap::new();
    let select = "SELECT r.rel_type, {far}, t.type, t.name, t.country, t.sector, t.ext_id, \
                  s.key, s.name, s.priority, c.confidence, c.claimed_at \
                  FROM actor_groups g JOIN rels r ON r.{near} = g.record_id JOIN latest lr ON lr.seq = r.seq \
                  JOIN claims c ON c.seq = r.seq JOIN sources s ON s.sid = c.sid \
                  LEFT JOIN latest lt ON lt.id = r.{far} LEFT JOIN objects t ON t.seq = lt.seq \
                  WHERE g.group_id = $1 AND r.rel_type NOT IN ('same-as', 'not-same-as', 'object-ref')";
    for incoming in [false, true] {
        let (near, far) =
            if incoming { ("target_ref", "source_ref") } else { ("source_ref", "target_ref") };
        let sql = select.replace("{near}", near).replace("{far}", far).replace("{far}", far);
        for r in c.query(&sql.replace("{far}", &format!("r.{far}")), &gid)? {
            let rel = r[0].text();
            let other_id = r[1].text();
            let other_type = r[2]
                .opt_text()
                .unwrap_or_else(|| other_id.split("--").next().unwrap_or("").to_owned());
            let name = r[3].opt_text().unwrap_or_else(|| other_id.clone());
            let (country, sector, ext) = (r[4].opt_text(), r[5].opt_text(), r[6].opt_text());
            let b = backing(&r, 7);
            if incoming {
                other.entry(format!("{rel} (incoming)")).or_default().add(other_id, name, ext, b);
                continue;
            }
            match (rel.as_str(), other_type.as_str()) {
                ("attributed-to", "location") if country.is_some() => {
                    sponsor.add(country.unwrap_or_default(), name, None, b)
                }
                ("originates-from", "location") if country.is_some() => {
                    origin.add(country.unwrap_or_default(), name, None, b)
                }
                ("targets", "location") if country.is_some() => {
                    countries.add(country.unwrap_or_default(), name, None, b)
                }
                ("targets", "identity") if sector.is_some() => {
                    sectors.add(sector.unwrap_or_default(), name, None, b)
                }
                ("uses", "malware") => malware.add(other_id, name, ext, b),
                ("uses", "tool") => tools.add(other_id, name, ext, b),
                ("uses", "attack-pattern") => techniques.add(other_id, name, ext, b),
                _ => other.entry(rel).or_default().add(other_id, name, ext, b),
            }
        }
    }
    let sponsor = sponsor.finish(true);
    let origin = origin.finish(true);
    Ok(ActorView {
        group_id: group_id.to_owned(),
        name: label,
        records,
        names_by_vendor: names_by_vendor
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
        sponsor_conflict: sponsor.len() > 1,
        origin_conflict: origin.len() > 1,
        sponsor,
        origin,
        motivation: motivation.finish(true),
        targeted_sectors: sectors.finish(false),
        targeted_countries: countries.finish(false),
        malware: malware.finish(false),
        tools: tools.finish(false),
        techniques: techniques.finish(false),
        other: other.into_iter().map(|(k, v)| (k, v.finish(false))).collect(),
    })
}

/// What tells one candidate for an ambiguous name apart from the others.
fn candidate(c: &mut Conn, v: ActorView, norm: &str) -> Result<Candidate> {
    let mut matched_as = BTreeSet::new();
    let mut named_by = BTreeSet::new();
    for r in c.query(
        "SELECT n.is_primary, n.vendor, s.name FROM actor_groups g JOIN latest l ON l.id = g.record_id \
         JOIN names n ON n.seq = l.seq JOIN claims c ON c.seq = l.seq JOIN sources s ON s.sid = c.sid \
         WHERE g.group_id = $1 AND n.norm = $2",
        &[v.group_id.as_str().into(), norm.into()],
    )? {
        matched_as.insert(if r[0].int() != 0 { "name" } else { "alias" }.to_owned());
        named_by.insert(r[1].opt_text().unwrap_or_else(|| r[2].text()));
    }
    let countries = |f: &[Fact]| f.iter().map(|f| format!("{} ({})", f.label, f.value)).collect();
    Ok(Candidate {
        group_id: v.group_id,
        name: v.name,
        matched_as: matched_as.into_iter().collect(),
        named_by: named_by.into_iter().collect(),
        sponsor: countries(&v.sponsor),
        origin: countries(&v.origin),
        motivation: v.motivation.into_iter().map(|f| f.value).collect(),
        records: v.records,
    })
}
