//! Scoring extractions against hand labels: precision, recall and F1 per kind and per type.
//!
//! Labels name findings as `(kind, type, value)`, compared per document as sets (case-insensitive
//! values): observables by IOC type and canonical value, entities by STIX type and name, countries
//! by role (`sponsor`, `origin`, `victim`, `located`; `mentioned` is not scored), sectors,
//! activities, amounts by currency and rounded USD value, and relations (only in documents whose
//! labels list relations).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::finding::{Extraction, Finding, Role};

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Label {
    pub kind: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub value: String,
}

/// A labels file: what a document must give (and, optionally, what it must not).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Labels {
    #[serde(default)]
    pub expected: Vec<Label>,
    /// Findings that must not appear (hard negatives); each one found counts as a false positive.
    #[serde(default)]
    pub absent: Vec<Label>,
}

/// True/false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Scores over many documents, per (kind, type), with the misses for debugging.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub by_type: BTreeMap<(String, String), Counts>,
    /// `(document, "FP"|"FN", label)`.
    pub errors: Vec<(String, &'static str, Label)>,
}

fn key(l: &Label) -> (String, String, String) {
    let v = if l.kind == "entity" || l.kind == "observable" || l.kind == "relation" {
        l.value.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        l.value.to_lowercase()
    };
    (l.kind.clone(), l.ty.clone(), v)
}

/// The labels an extraction yields (deduplicated per document).
pub fn predicted(x: &Extraction, with_relations: bool) -> BTreeSet<Label> {
    let mut out = BTreeSet::new();
    for f in &x.items {
        match f {
            Finding::Location { .. } | Finding::Date { .. } => continue,
            Finding::Relation { .. } if !with_relations => continue,
            _ => {}
        }
        let (kind, ty, value) = f.label();
        out.insert(Label { kind, ty, value });
    }
    for (c, r) in x.country_roles() {
        if r != Role::Mentioned {
            out.insert(Label { kind: "location".into(), ty: r.as_str().into(), value: c });
        }
    }
    out
}

impl Score {
    /// Adds one document.
    pub fn add(&mut self, doc: &str, x: &Extraction, labels: &Labels) {
        let with_rel = labels.expected.iter().any(|l| l.kind == "relation");
        let got: BTreeMap<_, Label> =
            predicted(x, with_rel).into_iter().map(|l| (key(&l), l)).collect();
        let want: BTreeMap<_, Label> =
            labels.expected.iter().map(|l| (key(l), l.clone())).collect();
        for (k, l) in &want {
            let c = self.by_type.entry((k.0.clone(), k.1.clone())).or_default();
            if got.contains_key(k) {
                c.add(Counts { tp: 1, ..Counts::default() });
            } else {
                c.add(Counts { fn_: 1, ..Counts::default() });
                self.errors.push((doc.to_owned(), "FN", l.clone()));
            }
        }
        for (k, l) in &got {
            if !want.contains_key(k) {
                self.by_type
                    .entry((k.0.clone(), k.1.clone()))
                    .or_default()
                    .add(Counts { fp: 1, ..Counts::default() });
                self.errors.push((doc.to_owned(), "FP", l.clone()));
            }
        }
    }

    /// Totals per kind.
    pub fn by_kind(&self) -> BTreeMap<String, Counts> {
        let mut m: BTreeMap<String, Counts> = BTreeMap::new();
        for ((k, _), c) in &self.by_type {
            m.entry(k.clone()).or_default().add(*c);
        }
        m
    }

    /// Totals over everything.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.by_type.values() {
            t.add(*c);
        }
        t
    }

    /// A printable table: per kind, then per (kind, type).
    pub fn report(&self) -> String {
        let mut s = format!(
            "{:<34} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}\n",
            "kind / type", "tp", "fp", "fn", "P", "R", "F1"
        );
        let row = |name: &str, c: &Counts| {
            format!(
                "{name:<34} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}\n",
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (k, c) in self.by_kind() {
            s.push_str(&row(&k, &c));
        }
        s.push('\n');
        for ((k, t), c) in &self.by_type {
            s.push_str(&row(&format!("{k}/{t}"), c));
        }
        s.push_str(&row("TOTAL", &self.total()));
        s
    }
}

/// Checks that a document yields every label in `must` (used for the example).
pub fn missing(x: &Extraction, must: &[Label]) -> Vec<Label> {
    let got: BTreeSet<_> = predicted(x, true).iter().map(key).collect();
    must.iter().filter(|l| !got.contains(&key(l))).cloned().collect()
}
