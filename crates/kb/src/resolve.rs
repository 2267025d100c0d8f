//! Alias resolution, independent of storage: which actor records (one per source record, never
//! merged) describe the same actor.
//!
//! Records are grouped by a deterministic, constraint-aware agglomeration:
//! 1. Candidate links are explicit `same-as` assertions, then pairs of records that share
//!    normalized names, strongest first (more shared names, names that are both records' own
//!    names). Links are processed in that order; each may join two groups.
//! 2. A `not-same-as` assertion (a contest, usually a user's) keeps its two records apart, whatever
//!    else links them.
//! 3. A shared name never joins two records of the same curated catalogue (MISP keeps "Lazarus
//!    Group" and "Silent Chollima" apart on purpose, though both list "Andariel").
//! 4. A weak shared-name link (one shared name that is not both records' own name) never joins
//!    groups whose countries (sponsor or origin) are known and disjoint: Microsoft's IRIDIUM
//!    (Seashell Blizzard, Russia) stays apart from MISP's IRIDIUM (Iran).
//!
//! The result is recomputed from the claims, so undoing a link (removing the claim or adding a
//! contest) loses nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Lower-case letters and digits only: "Fancy Bear", "FANCY-BEAR" and "fancybear" are one name.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Names shared by more records than this are too generic to link anything.
const MAX_RECORDS_PER_NAME: usize = 24;

/// One source's actor record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// Display name (the record's own name).
    pub name: String,
    /// Keys of the catalogue sources (reference, feed) that assert this record.
    pub catalogues: BTreeSet<String>,
    /// Highest priority of the sources asserting it.
    pub priority: i64,
    /// Normalized names, with whether it is the record's own name.
    pub names: Vec<(String, bool)>,
    /// Sponsor and origin countries.
    pub countries: BTreeSet<String>,
}

/// A canonical actor: its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The smallest member id.
    pub id: String,
    pub label: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum LinkKind {
    Explicit,
    Shared { count: u32, both_primary: bool, any_primary: bool },
}

struct State {
    parent: Vec<usize>,
    catalogues: Vec<BTreeSet<String>>,
    countries: Vec<BTreeSet<String>>,
}

impl State {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
}

/// Groups records. `same_as` and `not_same_as` are pairs of record ids; pairs naming unknown
/// records are ignored.
pub fn group(
    records: &[Record],
    same_as: &[(String, String)],
    not_same_as: &[(String, String)],
) -> Vec<Group> {
    let index: HashMap<&str, usize> =
        records.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let pair = |a: &str, b: &str| -> Option<(usize, usize)> {
        let (x, y) = (*index.get(a)?, *index.get(b)?);
        (x != y).then_some((x.min(y), x.max(y)))
    };

    let mut links: BTreeMap<(usize, usize), LinkKind> = BTreeMap::new();
    for (a, b) in same_as {
        if let Some(p) = pair(a, b) {
            links.insert(p, LinkKind::Explicit);
        }
    }
    let mut by_name: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        for (n, primary) in &r.names {
            by_name.entry(n.as_str()).or_default().push((i, *primary));
        }
    }
    for holders in by_name.values().filter(|h| h.len() > 1 && h.len() <= MAX_RECORDS_PER_NAME) {
        for (k, &(a, pa)) in holders.iter().enumerate() {
            for &(b, pb) in &holders[k + 1..] {
                if a == b {
                    continue;
                }
                let key = (a.min(b), a.max(b));
                let entry = links.entry(key).or_insert(LinkKind::Shared {
                    count: 0,
                    both_primary: false,
                    any_primary: false,
                });
                if let LinkKind::Shared { count, both_primary, any_primary } = entry {
                    *count += 1;
                    *both_primary |= pa && pb;
                    *any_primary |= pa || pb;
                }
            }
        }
    }
    let mut ordered: Vec<((usize, usize), LinkKind)> = links.into_iter().collect();
    ordered.sort_by(|(pa, ka), (pb, kb)| {
        let rank = |k: &LinkKind| match k {
            LinkKind::Explicit => (0, 0, false, false),
            LinkKind::Shared { count, both_primary, any_primary } => {
                (1, u32::MAX - count, !both_primary, !any_primary)
            }
        };
        rank(ka).cmp(&rank(kb)).then_with(|| {
            (&records[pa.0].id, &records[pa.1].id).cmp(&(&records[pb.0].id, &records[pb.1].id))
        })
    });

    let contests: Vec<(usize, usize)> =
        not_same_as.iter().filter_map(|(a, b)| pair(a, b)).collect();
    let mut st = State {
        parent: (0..records.len()).collect(),
        catalogues: records.iter().map(|r| r.catalogues.clone()).collect(),
        countries: records.iter().map(|r| r.countries.clone()).collect(),
    };
    for ((a, b), kind) in ordered {
        let (ra, rb) = (st.find(a), st.find(b));
        if ra == rb {
            continue;
        }
        let contested = contests.iter().any(|&(x, y)| {
            let (rx, ry) = (st.find(x), st.find(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        });
        if contested {
            continue;
        }
        if let LinkKind::Shared { count, both_primary, .. } = kind {
            if !st.catalogues[ra].is_disjoint(&st.catalogues[rb]) {
                continue;
            }
            let weak = count < 2 && !both_primary;
            let (ca, cb) = (&st.countries[ra], &st.countries[rb]);
            if weak && !ca.is_empty() && !cb.is_empty() && ca.is_disjoint(cb) {
                continue;
            }
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        st.parent[gone] = keep;
        let moved = std::mem::take(&mut st.catalogues[gone]);
        st.catalogues[keep].extend(moved);
        let moved = std::mem::take(&mut st.countries[gone]);
        st.countries[keep].extend(moved);
    }

    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        let root = st.find(i);
        members.entry(root).or_default().push(i);
    }
    let mut groups: Vec<Group> = members
        .into_values()
        .map(|m| {
            let mut ids: Vec<String> = m.iter().map(|&i| records[i].id.clone()).collect();
            ids.sort();
            Group { id: ids[0].clone(), label: label(records, &m), members: ids }
        })
        .collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    groups
}

/// The name most member records use as their own name; ties go to the highest-priority record,
/// then to the alphabetically first name.
fn label(records: &[Record], members: &[usize]) -> String {
    let mut votes: BTreeMap<String, (usize, i64, String)> = BTreeMap::new();
    for &i in members {
        let r = &records[i];
        let e = votes.entry(normalize_name(&r.name)).or_insert((0, i64::MIN, r.name.clone()));
        e.0 += 1;
        if r.priority > e.1 {
            e.1 = r.priority;
            e.2 = r.name.clone();
        }
    }
    votes
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)))
        .map(|v| v.2)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, catalogue: &str, names: &[&str], countries: &[&str]) -> Record {
        Record {
            id: id.into(),
            name: names[0].into(),
            catalogues: [catalogue.to_owned()].into_iter().filter(|c| !c.is_empty()).collect(),
            priority: 50,
            names: names.iter().enumerate().map(|(i, n)| (normalize_name(n), i == 0)).collect(),
            countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    /// Groups as sorted lists of member ids.
    fn check(
        records: &[Record],
        same: &[(&str, &str)],
        not_same: &[(&str, &str)],
        want: &[&[&str]],
    ) {
        let own = |v: &[(&str, &str)]| {
            v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect::<Vec<_>>()
        };
        let got: Vec<Vec<String>> =
            group(records, &own(same), &own(not_same)).into_iter().map(|g| g.members).collect();
        let want: Vec<Vec<String>> =
            want.iter().map(|g| g.iter().map(|s| (*s).to_owned()).collect()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn normalizes_case_space_punctuation() {
        assert_eq!(normalize_name(" Fancy-Bear "), "fancybear");
        assert_eq!(normalize_name("APT 28"), normalize_name("apt28"));
    }

    #[test]
    fn shared_names_link_records_of_different_sources() {
        let records = [
            rec("a1", "attack", &["APT28", "Fancy Bear", "STRONTIUM"], &[]),
            rec("m1", "misp", &["APT28", "Fancy Bear", "Sofacy"], &["RU"]),
            rec("x1", "microsoft", &["Forest Blizzard", "STRONTIUM"], &["RU"]),
        ];
        check(&records, &[], &[], &[&["a1", "m1", "x1"]]);
    }

    #[test]
    fn iridium_is_not_joined_across_conflicting_countries() {
        let records = [
            rec(
                "a2",
                "attack",
                &["Sandworm Team", "IRIDIUM", "Seashell Blizzard", "Voodoo Bear"],
                &[],
            ),
            rec("m2", "misp", &["Sandworm", "Sandworm Team", "IRIDIUM", "Voodoo Bear"], &["RU"]),
            rec("m3", "misp", &["IRIDIUM"], &["IR"]),
            rec("x2", "microsoft", &["Seashell Blizzard", "IRIDIUM", "Sandworm"], &["RU"]),
        ];
        check(&records, &[], &[], &[&["a2", "m2", "x2"], &["m3"]]);
    }

    #[test]
    fn a_catalogue_keeps_its_own_records_apart() {
        let records = [
            rec("m4", "misp", &["Lazarus Group", "Andariel"], &["KP"]),
            rec("m5", "misp", &["Silent Chollima", "Andariel"], &["KP"]),
            rec("a4", "attack", &["Andariel", "Silent Chollima"], &[]),
        ];
        // a4 shares two names with m5 and one with m4: it joins m5, and m4 stays apart.
        check(&records, &[], &[], &[&["a4", "m5"], &["m4"]]);
    }

    #[test]
    fn strong_links_survive_country_disagreement() {
        // FIN7: sources disagree on the country, but the records share their own name.
        let records =
            [rec("m6", "misp", &["FIN7"], &["RU"]), rec("x6", "microsoft", &["FIN7"], &["UA"])];
        check(&records, &[], &[], &[&["m6", "x6"]]);
    }

    #[test]
    fn explicit_links_and_contests() {
        let records = [rec("u1", "misp", &["Alpha"], &[]), rec("u2", "misp", &["Beta"], &[])];
        check(&records, &[("u1", "u2")], &[], &[&["u1", "u2"]]);
        check(&records, &[("u1", "u2")], &[("u2", "u1")], &[&["u1"], &["u2"]]);
        let shared = [rec("v1", "s1", &["Gamma"], &[]), rec("v2", "s2", &["Gamma"], &[])];
        check(&shared, &[], &[], &[&["v1", "v2"]]);
        check(&shared, &[], &[("v1", "v2")], &[&["v1"], &["v2"]]);
    }

    #[test]
    fn label_is_the_most_used_own_name() {
        let records = [
            rec("a1", "attack", &["APT28"], &[]),
            rec("m1", "misp", &["APT28", "Forest Blizzard"], &[]),
            rec("x1", "microsoft", &["Forest Blizzard", "APT28"], &[]),
        ];
        let groups = group(&records, &[], &[]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].label, "APT28");
    }
}
