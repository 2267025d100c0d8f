//! `IndicatorSet`: many indicator patterns compiled into one matcher, cheapest test first.
//!
//! A pattern that is one observation whose comparison is an OR of positive tests on plain
//! property paths (`[url:value = 'x' OR url:value LIKE 'http://x/%']`) is *simple*: each test goes
//! into a per-path index — a hash map for `=`/`IN` on strings, per-prefix-length hash maps for
//! IP addresses and CIDR blocks (`=` and `ISSUBSET`), one Aho-Corasick automaton for `LIKE`
//! prefix/suffix/contains, and a regex list for `MATCHES` and other `LIKE` shapes. Everything
//! else is kept as a [`Pattern`] and run by the general evaluator in
//! [`IndicatorSet::match_observed`] only.
//!
//! Hunting conventions (not STIX equality): domain names and hex hashes are compared case-
//! insensitively, IP addresses numerically (so `::1` equals `0:0::1`), `=` with a CIDR block
//! matches addresses inside it, and [`IndicatorSet::match_value`] on `domain-name:value` also
//! matches subdomains of an indicator's domain unless turned off.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde_json::Value;

use crate::ast::{ComparisonExpr, Literal, ObservationExpr, Op, Step};
use crate::eval::{REGEX_SIZE_LIMIT, like_to_regex};
use crate::net::Net;
use crate::{Diagnostic, ObservedData, Pattern};

/// Identifies an indicator inside an [`IndicatorSet`]: the order it was added in.
pub type MatchId = u32;

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Plain,
    Domain,
    Hash,
    Ip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    Prefix,
    Suffix,
    Contains,
}

/// The index of one object path.
#[derive(Debug)]
struct PathIndex {
    object_type: String,
    keys: Vec<String>,
    kind: Kind,
    /// value -> head of a posting list in `IndicatorSet::postings`.
    exact: HashMap<Box<str>, u32>,
    /// (prefix length, family) -> network bits -> head of a posting list.
    nets: HashMap<(u8, bool), HashMap<u128, u32>>,
    literals: Vec<(String, Anchor, MatchId)>,
    automaton: Option<AhoCorasick>,
    regexes: Vec<(Regex, MatchId)>,
}

/// Counts and the structural size of a built set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetStats {
    pub indicators: usize,
    pub simple: usize,
    pub complex: usize,
    /// Bytes held by the set's tables, counted from their capacities and element sizes.
    pub heap_bytes: usize,
}

/// Collects indicators, then [`build`](IndicatorSetBuilder::build)s an [`IndicatorSet`].
#[derive(Debug, Default)]
pub struct IndicatorSetBuilder {
    set: IndicatorSet,
}

/// Many compiled patterns; see the module docs.
#[derive(Debug)]
pub struct IndicatorSet {
    id_text: String,
    id_ends: Vec<u32>,
    paths: Vec<PathIndex>,
    path_ids: HashMap<String, u16>,
    /// Posting lists: (indicator, next node or NONE).
    postings: Vec<(MatchId, u32)>,
    complex: Vec<(MatchId, Pattern)>,
    simple: usize,
    subdomains: bool,
}

impl Default for IndicatorSet {
    fn default() -> Self {
        IndicatorSet {
            id_text: String::new(),
            id_ends: Vec::new(),
            paths: Vec::new(),
            path_ids: HashMap::new(),
            postings: Vec::new(),
            complex: Vec::new(),
            simple: 0,
            subdomains: true,
        }
    }
}

enum Entry {
    Exact(String),
    Net(Net),
    Literal(String, Anchor),
    Regex(String),
}

/// The tests of a simple pattern, or `None` when it needs the general evaluator.
fn simple_tests(p: &Pattern) -> Option<Vec<(String, Vec<String>, Entry)>> {
    let ObservationExpr::Observation(cmp) = p.root() else { return None };
    let mut out = Vec::new();
    let mut stack = vec![cmp];
    while let Some(c) = stack.pop() {
        match c {
            ComparisonExpr::Or(v) => stack.extend(v.iter()),
            ComparisonExpr::And(_) => return None,
            ComparisonExpr::Test(t) => {
                if t.negated {
                    return None;
                }
                let mut keys = Vec::with_capacity(t.path.steps.len());
                for s in &t.path.steps {
                    let Step::Key(k) = s else { return None };
                    if ["_ref", "_refs", "_hex", "_bin"].iter().any(|x| k.ends_with(x)) {
                        return None;
                    }
                    keys.push(k.clone());
                }
                let path = t.path.to_string();
                let push_eq = |out: &mut Vec<_>, s: &str| {
                    let e = match Net::parse_strict(s) {
                        Some(n) if is_ip_path(&path) => Entry::Net(n),
                        _ => Entry::Exact(s.to_string()),
                    };
                    out.push((path.clone(), keys.clone(), e));
                };
                match &t.op {
                    Op::Eq(Literal::Str(s)) => push_eq(&mut out, s),
                    Op::In(v) if v.iter().all(|l| matches!(l, Literal::Str(_))) => {
                        for l in v {
                            if let Literal::Str(s) = l {
                                push_eq(&mut out, s);
                            }
                        }
                    }
                    Op::IsSubset(s) => {
                        out.push((path.clone(), keys, Entry::Net(Net::parse_strict(s)?)))
                    }
                    Op::Like(s) => {
                        let inner = s.trim_start_matches('%').trim_end_matches('%');
                        let (starts, ends) = (s.starts_with('%'), s.ends_with('%') && s.len() > 1);
                        let e = if inner.contains(['%', '_']) || inner.is_empty() {
                            Entry::Regex(like_to_regex(s))
                        } else {
                            match (starts, ends) {
                                (false, false) => Entry::Exact(inner.to_string()),
                                (false, true) => Entry::Literal(inner.to_string(), Anchor::Prefix),
                                (true, false) => Entry::Literal(inner.to_string(), Anchor::Suffix),
                                (true, true) => Entry::Literal(inner.to_string(), Anchor::Contains),
                            }
                        };
                        out.push((path.clone(), keys, e));
                    }
                    Op::Matches(s) => out.push((path.clone(), keys, Entry::Regex(s.clone()))),
                    _ => return None,
                }
            }
        }
    }
    Some(out)
}

fn is_ip_path(path: &str) -> bool {
    path == "ipv4-addr:value" || path == "ipv6-addr:value"
}

fn kind_of(path: &str) -> Kind {
    if is_ip_path(path) {
        Kind::Ip
    } else if path == "domain-name:value" || path.ends_with(":hostname") {
        Kind::Domain
    } else if path.contains(":hashes.") || path.starts_with("file:hashes") {
        Kind::Hash
    } else {
        Kind::Plain
    }
}

fn normalize(kind: Kind, v: &str) -> std::borrow::Cow<'_, str> {
    match kind {
        Kind::Domain => {
            let v = v.strip_suffix('.').unwrap_or(v);
            if v.bytes().any(|c| c.is_ascii_uppercase()) {
                v.to_ascii_lowercase().into()
            } else {
                v.into()
            }
        }
        Kind::Hash if v.bytes().any(|c| c.is_ascii_uppercase()) => v.to_ascii_lowercase().into(),
        _ => v.into(),
    }
}

impl IndicatorSet {
    pub fn builder() -> IndicatorSetBuilder {
        IndicatorSetBuilder::default()
    }

    /// The id an indicator was added with.
    pub fn id(&self, m: MatchId) -> &str {
        let i = m as usize;
        let start = if i == 0 { 0 } else { self.id_ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.id_ends.get(i).copied().unwrap_or(0) as usize;
        self.id_text.get(start..end).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.id_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id_ends.is_empty()
    }

    /// The index handle of an object path (`ipv4-addr:value`, `file:hashes.'SHA-256'`), to look
    /// it up once and call [`match_value_at`](Self::match_value_at) per value.
    pub fn path_id(&self, path: &str) -> Option<u16> {
        if let Some(id) = self.path_ids.get(path) {
            return Some(*id);
        }
        // Accept `file:hashes.SHA-256` for `file:hashes.'SHA-256'` (plain keys only).
        let (object_type, rest) = path.split_once(':')?;
        let steps = rest.split('.').map(|k| Step::Key(k.trim_matches('\'').to_string())).collect();
        let canonical =
            crate::ObjectPath { object_type: object_type.to_string(), steps }.to_string();
        self.path_ids.get(&canonical).copied()
    }

    /// Indicators whose simple tests on `path` match `value`, appended to `out` (unsorted, may
    /// repeat when several tests of one indicator match).
    pub fn match_value(&self, path: &str, value: &str, out: &mut Vec<MatchId>) {
        if let Some(p) = self.path_id(path) {
            self.match_value_at(p, value, out);
        }
    }

    /// [`match_value`](Self::match_value) with a handle from [`path_id`](Self::path_id).
    pub fn match_value_at(&self, path: u16, value: &str, out: &mut Vec<MatchId>) {
        let Some(ix) = self.paths.get(path as usize) else { return };
        let v = normalize(ix.kind, value);
        if let Some(head) = ix.exact.get(v.as_ref()) {
            self.collect(*head, out);
        }
        if ix.kind == Kind::Domain && self.subdomains {
            let mut rest: &str = &v;
            while let Some(dot) = rest.find('.') {
                rest = &rest[dot + 1..];
                if let Some(head) = ix.exact.get(rest) {
                    self.collect(*head, out);
                }
            }
        }
        if !ix.nets.is_empty()
            && let Some(n) = Net::parse_strict(value)
        {
            for ((prefix, v6), table) in &ix.nets {
                if *v6 == n.v6 && *prefix <= n.prefix {
                    let masked = Net { v6: *v6, bits: n.bits, prefix: *prefix }.network();
                    if let Some(head) = table.get(&masked) {
                        self.collect(*head, out);
                    }
                }
            }
        }
        if let Some(ac) = &ix.automaton {
            for m in ac.find_overlapping_iter(v.as_ref()) {
                if let Some((_, anchor, id)) = ix.literals.get(m.pattern().as_usize()) {
                    let ok = match anchor {
                        Anchor::Prefix => m.start() == 0,
                        Anchor::Suffix => m.end() == v.len(),
                        Anchor::Contains => true,
                    };
                    if ok {
                        out.push(*id);
                    }
                }
            }
        }
        for (re, id) in &ix.regexes {
            if re.is_match(value) {
                out.push(*id);
            }
        }
    }

    fn collect(&self, mut node: u32, out: &mut Vec<MatchId>) {
        while let Some((id, next)) = self.postings.get(node as usize) {
            out.push(*id);
            node = *next;
        }
    }

    /// All indicators matching one observed-data: index lookups for the simple ones, the
    /// general evaluator for the rest. Sorted, without duplicates. Evaluation errors of a
    /// complex pattern count as no match.
    pub fn match_observed(&self, obs: &ObservedData) -> Vec<MatchId> {
        let mut out = Vec::new();
        for (_, obj) in obs.objects() {
            let Some(ty) = obj.get("type").and_then(Value::as_str) else { continue };
            for (i, ix) in self.paths.iter().enumerate() {
                if ix.object_type != ty {
                    continue;
                }
                let mut v = obj;
                for k in &ix.keys {
                    match v.get(k) {
                        Some(next) => v = next,
                        None => break,
                    }
                }
                if let Value::String(s) = v
                    && !std::ptr::eq(v, obj)
                {
                    self.match_value_at(i as u16, s, &mut out);
                }
            }
        }
        for (id, p) in &self.complex {
            if p.matches(std::slice::from_ref(obs)).is_ok_and(|r| r.matched) {
                out.push(*id);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn stats(&self) -> SetStats {
        use std::mem::size_of;
        let mut bytes = self.id_text.capacity() + self.id_ends.capacity() * 4;
        bytes += self.postings.capacity() * size_of::<(MatchId, u32)>();
        bytes += self.paths.capacity() * size_of::<PathIndex>();
        for ix in &self.paths {
            bytes += ix.exact.capacity() * (size_of::<(Box<str>, u32)>() + 1);
            bytes += ix.exact.keys().map(|k| k.len()).sum::<usize>();
            for t in ix.nets.values() {
                bytes += t.capacity() * (size_of::<(u128, u32)>() + 1);
            }
            bytes += ix
                .literals
                .iter()
                .map(|l| l.0.capacity() + size_of::<(String, Anchor, MatchId)>())
                .sum::<usize>();
            bytes += ix.automaton.as_ref().map_or(0, AhoCorasick::memory_usage);
            bytes += ix.regexes.len() * 1024;
        }
        bytes += self.complex.len() * 2048;
        SetStats {
            indicators: self.len(),
            simple: self.simple,
            complex: self.complex.len(),
            heap_bytes: bytes,
        }
    }
}

impl IndicatorSetBuilder {
    /// Whether `match_value` on `domain-name:value` also matches subdomains (default true).
    pub fn match_subdomains(mut self, yes: bool) -> Self {
        self.set.subdomains = yes;
        self
    }

    /// Adds one indicator. A pattern that does not parse is refused with its first diagnostic
    /// (the set stays usable); so is one that can never be evaluated.
    pub fn add(&mut self, id: &str, pattern: &str) -> Result<MatchId, Diagnostic> {
        let p = Pattern::parse(pattern).map_err(|mut d| d.swap_remove(0))?;
        if let Some(d) = p.evaluation_errors().first() {
            return Err(d.clone());
        }
        let s = &mut self.set;
        let m = s.id_ends.len() as MatchId;
        s.id_text.push_str(id);
        s.id_ends.push(s.id_text.len() as u32);
        match simple_tests(&p) {
            Some(tests) => {
                let mut indexed = true;
                for (path, keys, entry) in tests {
                    indexed &= s.insert(m, path, keys, entry).is_ok();
                }
                if indexed {
                    s.simple += 1;
                } else {
                    // Not indexable after all (a regex over the size limit, too many paths):
                    // the general evaluator still answers `match_observed`.
                    s.complex.push((m, p));
                }
            }
            None => s.complex.push((m, p)),
        }
        Ok(m)
    }

    pub fn build(mut self) -> IndicatorSet {
        for ix in &mut self.set.paths {
            if !ix.literals.is_empty() {
                ix.automaton = AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .build(ix.literals.iter().map(|l| l.0.as_str()))
                    .ok();
            }
            ix.exact.shrink_to_fit();
        }
        self.set.postings.shrink_to_fit();
        self.set.id_text.shrink_to_fit();
        self.set.id_ends.shrink_to_fit();
        self.set
    }
}

impl IndicatorSet {
    fn insert(
        &mut self,
        m: MatchId,
        path: String,
        keys: Vec<String>,
        entry: Entry,
    ) -> Result<(), String> {
        let pid = match self.path_ids.get(&path) {
            Some(p) => *p as usize,
            None if self.paths.len() >= usize::from(u16::MAX) => {
                return Err("too many paths".into());
            }
            None => {
                let object_type = path.split(':').next().unwrap_or("").to_string();
                self.paths.push(PathIndex {
                    object_type,
                    keys,
                    kind: kind_of(&path),
                    exact: HashMap::new(),
                    nets: HashMap::new(),
                    literals: Vec::new(),
                    automaton: None,
                    regexes: Vec::new(),
                });
                let pid = self.paths.len() - 1;
                self.path_ids.insert(path, pid as u16);
                pid
            }
        };
        let node = self.postings.len() as u32;
        let ix = &mut self.paths[pid];
        let head = match entry {
            Entry::Exact(v) => {
                let v = normalize(ix.kind, &v).into_owned().into_boxed_str();
                Some(ix.exact.entry(v).or_insert(NONE))
            }
            Entry::Net(n) => Some(
                ix.nets.entry((n.prefix, n.v6)).or_default().entry(n.network()).or_insert(NONE),
            ),
            Entry::Literal(v, a) => {
                let v = normalize(ix.kind, &v).into_owned();
                ix.literals.push((v, a, m));
                None
            }
            Entry::Regex(r) => {
                let re = regex::RegexBuilder::new(&r)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| e.to_string())?;
                ix.regexes.push((re, m));
                None
            }
        };
        if let Some(head) = head {
            let next = *head;
            *head = node;
            self.postings.push((m, next));
        }
        Ok(())
    }
}
