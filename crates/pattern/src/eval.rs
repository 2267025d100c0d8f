//! The evaluator: observed-data, comparison expressions per observation, and the search for a
//! binding of observations to observation expressions (AND, OR, FOLLOWEDBY, qualifiers).

use std::borrow::Cow;
use std::cmp::Ordering;

use regex::{Regex, RegexBuilder};
use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::is_nfc_quick;

use crate::ast::{ComparisonExpr, Literal, ObjectPath, ObservationExpr, Op, Step};
use crate::net::Net;
use crate::parse::{decode_base64, decode_hex, parse_timestamp};
use crate::{Diagnostic, MatchError};

/// Compiled size limit of one `MATCHES` / `LIKE` regex (the `regex` crate runs in linear time).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Most observation instances one binding may hold: the search recurses once per instance bound.
pub const MAX_BINDING_SIZE: u64 = 256;
/// Most binding attempts one evaluation may make before giving up with [`MatchError::TooComplex`].
pub const MAX_SEARCH_STEPS: u64 = 2_000_000;

/// STIX 2.1 object types that are not cyber-observable objects: the reference matcher never
/// matches an object path's type against these.
const NON_SCO_TYPES: &[&str] = &[
    "attack-pattern",
    "bundle",
    "campaign",
    "course-of-action",
    "extension-definition",
    "grouping",
    "identity",
    "incident",
    "indicator",
    "infrastructure",
    "intrusion-set",
    "language-content",
    "location",
    "malware",
    "malware-analysis",
    "marking-definition",
    "note",
    "observed-data",
    "opinion",
    "relationship",
    "report",
    "threat-actor",
    "tool",
    "sighting",
    "vulnerability",
];

/// One observed-data object with its cyber-observable objects, ready for matching.
#[derive(Clone, Debug)]
pub struct ObservedData {
    id: Option<String>,
    /// first_observed / last_observed in nanoseconds since the epoch (microsecond precision).
    first: i128,
    last: i128,
    number_observed: u64,
    /// (key in `objects` for STIX 2.0, `id` for STIX 2.1 references, object, matchable)
    objects: Vec<(String, Value, bool)>,
}

impl ObservedData {
    /// Builds observed-data from JSON: a bundle, an array of objects and/or bundles, or one
    /// observed-data object. SCOs are taken from an embedded `objects` dictionary (STIX 2.0
    /// style) or resolved from `object_refs` among the other objects given (STIX 2.1).
    pub fn from_json(value: &Value) -> Result<Vec<ObservedData>, MatchError> {
        let mut all: Vec<&Map<String, Value>> = Vec::new();
        collect_objects(value, &mut all, 0)?;
        // STIX 2.0 consumers also pass containers of another type with embedded `objects`.
        let is_observed = |o: &Map<String, Value>| {
            o.get("type").and_then(Value::as_str) == Some("observed-data")
                || (o.get("objects").is_some_and(Value::is_object)
                    && o.contains_key("number_observed"))
        };
        let by_id: std::collections::HashMap<&str, &Map<String, Value>> = all
            .iter()
            .filter(|o| !is_observed(o))
            .filter_map(|o| Some((o.get("id")?.as_str()?, *o)))
            .collect();
        let mut out = Vec::new();
        for obj in all.iter().filter(|o| is_observed(o)) {
            out.push(ObservedData::from_object(obj, |id| by_id.get(id).copied())?);
        }
        Ok(out)
    }

    fn from_object<'a>(
        obj: &Map<String, Value>,
        resolve: impl Fn(&str) -> Option<&'a Map<String, Value>>,
    ) -> Result<ObservedData, MatchError> {
        let field = |k: &str| {
            obj.get(k).ok_or_else(|| {
                MatchError::Data(format!(
                    "observed-data must have number_observed, first_observed and last_observed (missing {k})"
                ))
            })
        };
        let number_observed = field("number_observed")?;
        let number_observed = number_observed.as_u64().filter(|n| *n >= 1).ok_or_else(|| {
            MatchError::Data(format!("invalid number_observed (must be >= 1): {number_observed}"))
        })?;
        let ts = |k: &str| -> Result<i128, MatchError> {
            let v = field(k)?;
            v.as_str()
                .and_then(parse_timestamp)
                .ok_or_else(|| MatchError::Data(format!("invalid timestamp in {k}: {v}")))
        };
        let (first, last) = (ts("first_observed")?, ts("last_observed")?);
        if first > last {
            return Err(MatchError::Data("first_observed is later than last_observed".into()));
        }
        let mut objects = Vec::new();
        let embedded = obj.get("objects").and_then(Value::as_object);
        for (k, v) in embedded.into_iter().flatten() {
            objects.push((k.clone(), v.clone(), true));
        }
        if let Some(refs) = obj.get("object_refs").and_then(Value::as_array) {
            for r in refs.iter().filter_map(Value::as_str) {
                if let Some(sco) = resolve(r) {
                    let ty = sco.get("type").and_then(Value::as_str).unwrap_or("");
                    objects.push((
                        r.to_string(),
                        Value::Object(sco.clone()),
                        !NON_SCO_TYPES.contains(&ty),
                    ));
                }
            }
        } else if embedded.is_none() {
            return Err(MatchError::Data(
                "observed-data has neither objects nor object_refs".into(),
            ));
        }
        Ok(ObservedData {
            id: obj.get("id").and_then(Value::as_str).map(str::to_string),
            first,
            last,
            number_observed,
            objects,
        })
    }

    /// Observed-data from parts, for callers that already hold SCOs (e.g. one log event).
    /// `first`/`last` are nanoseconds since the epoch.
    pub fn new(
        id: Option<String>,
        first: i128,
        last: i128,
        number_observed: u64,
        objects: Vec<(String, Value)>,
    ) -> ObservedData {
        ObservedData {
            id,
            first,
            last: last.max(first),
            number_observed: number_observed.max(1),
            objects: objects.into_iter().map(|(k, v)| (k, v, true)).collect(),
        }
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The objects this observation holds, with their keys (or ids).
    pub fn objects(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.objects.iter().map(|(k, v, _)| (k.as_str(), v))
    }

    fn resolve(&self, reference: &str) -> Option<&Value> {
        self.objects.iter().find(|(k, _, _)| k == reference).map(|(_, v, _)| v)
    }
}

fn collect_objects<'a>(
    v: &'a Value,
    out: &mut Vec<&'a Map<String, Value>>,
    depth: u32,
) -> Result<(), MatchError> {
    if depth > 4 {
        return Ok(());
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1)?;
            }
        }
        Value::Object(map) if map.get("type").and_then(Value::as_str) == Some("bundle") => {
            if let Some(objs) = map.get("objects") {
                collect_objects(objs, out, depth + 1)?;
            }
        }
        Value::Object(map) => out.push(map),
        _ => {
            return Err(MatchError::Data(
                "expected a bundle, an object or an array of objects".into(),
            ));
        }
    }
    Ok(())
}

/// The outcome of matching a pattern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchResult {
    pub matched: bool,
    /// Indexes (into the slice given) of the observed-data of the first binding found, ascending.
    pub observed_data: Vec<usize>,
}

impl MatchResult {
    /// The ids of the matched observed-data (`None` where an object has no id).
    pub fn ids<'a>(&self, data: &'a [ObservedData]) -> Vec<Option<&'a str>> {
        self.observed_data.iter().map(|i| data.get(*i).and_then(ObservedData::id)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Compiled form

#[derive(Debug)]
pub(crate) enum CObs {
    Leaf(usize),
    And(Box<CObs>, Box<CObs>),
    Or(Box<CObs>, Box<CObs>),
    FollowedBy(Box<CObs>, Box<CObs>),
    Within(Box<CObs>, i128),
    Repeats(Box<CObs>, u64),
    StartStop(Box<CObs>, i128, i128),
}

#[derive(Debug)]
pub(crate) enum CComp {
    And(Vec<CComp>),
    Or(Vec<CComp>),
    Test(CTest),
}

#[derive(Debug)]
pub(crate) struct CTest {
    pub path: ObjectPath,
    pub negated: bool,
    pub pred: Pred,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum OrdOp {
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug)]
pub(crate) enum Pred {
    Eq(Literal),
    Ne(Literal),
    Order(OrdOp, Literal),
    In(Vec<Literal>),
    Like { re: Regex, binary_ok: bool },
    Matches { re: Regex, bytes: Option<regex::bytes::Regex> },
    Subset(String),
    Superset(String),
    Exists,
}

#[derive(Debug)]
pub(crate) struct Compiled {
    pub obs: CObs,
    pub leaves: Vec<CComp>,
}

fn nfc(s: &str) -> Cow<'_, str> {
    if is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

fn build_regex(p: &str) -> Result<Regex, String> {
    RegexBuilder::new(p)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("unsupported regular expression: {e}"))
}

/// `LIKE` to an anchored regex: `%` any run, `_` one character.
pub(crate) fn like_to_regex(like: &str) -> String {
    let mut out = String::from("^");
    for c in like.chars() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    // Python's `$` also matches before a final newline.
    out.push_str("\n?$");
    out
}

pub(crate) fn compile(root: &ObservationExpr) -> Result<Compiled, Diagnostic> {
    let mut leaves = Vec::new();
    let obs = compile_obs(root, &mut leaves)?;
    Ok(Compiled { obs, leaves })
}

fn compile_obs(e: &ObservationExpr, leaves: &mut Vec<CComp>) -> Result<CObs, Diagnostic> {
    let err = |m: &String| Diagnostic::new(1, 1, m.clone());
    Ok(match e {
        ObservationExpr::Observation(c) => {
            leaves.push(compile_comp(c)?);
            CObs::Leaf(leaves.len() - 1)
        }
        ObservationExpr::And(a, b) => {
            CObs::And(Box::new(compile_obs(a, leaves)?), Box::new(compile_obs(b, leaves)?))
        }
        ObservationExpr::Or(a, b) => {
            CObs::Or(Box::new(compile_obs(a, leaves)?), Box::new(compile_obs(b, leaves)?))
        }
        ObservationExpr::FollowedBy(a, b) => {
            CObs::FollowedBy(Box::new(compile_obs(a, leaves)?), Box::new(compile_obs(b, leaves)?))
        }
        ObservationExpr::Within(a, d) => {
            CObs::Within(Box::new(compile_obs(a, leaves)?), *d.as_ref().map_err(err)?)
        }
        ObservationExpr::Repeats(a, n) => {
            CObs::Repeats(Box::new(compile_obs(a, leaves)?), *n.as_ref().map_err(err)?)
        }
        ObservationExpr::StartStop(a, q) => {
            let (s, t) = q.as_ref().map_err(err)?;
            CObs::StartStop(Box::new(compile_obs(a, leaves)?), *s, *t)
        }
    })
}

fn compile_comp(c: &ComparisonExpr) -> Result<CComp, Diagnostic> {
    Ok(match c {
        ComparisonExpr::And(v) => CComp::And(v.iter().map(compile_comp).collect::<Result<_, _>>()?),
        ComparisonExpr::Or(v) => CComp::Or(v.iter().map(compile_comp).collect::<Result<_, _>>()?),
        ComparisonExpr::Test(t) => {
            let err = |m: String| Diagnostic::new(t.line, t.column, m);
            let pred = match &t.op {
                Op::Eq(l) => Pred::Eq(l.clone()),
                Op::Ne(l) => Pred::Ne(l.clone()),
                Op::Lt(l) => Pred::Order(OrdOp::Lt, l.clone()),
                Op::Le(l) => Pred::Order(OrdOp::Le, l.clone()),
                Op::Gt(l) => Pred::Order(OrdOp::Gt, l.clone()),
                Op::Ge(l) => Pred::Order(OrdOp::Ge, l.clone()),
                Op::In(v) => Pred::In(v.clone()),
                Op::Like(s) => {
                    let s = nfc(s);
                    let re = like_to_regex(&s);
                    let binary_ok = re.chars().all(|c| (c as u32) < 256);
                    Pred::Like { re: build_regex(&re).map_err(err)?, binary_ok }
                }
                Op::Matches(s) => {
                    let s = nfc(s);
                    let re = build_regex(&s).map_err(err)?;
                    let bytes = if s.chars().all(|c| (c as u32) < 256) {
                        // Characters 0x80-0xFF stand for the byte of that value, as the reference
                        // does when it matches binary data.
                        let mut p = String::from("(?-u)");
                        for ch in s.chars() {
                            if ch.is_ascii() {
                                p.push(ch);
                            } else {
                                p.push_str(&format!("\\x{:02X}", ch as u32));
                            }
                        }
                        regex::bytes::RegexBuilder::new(&p)
                            .size_limit(REGEX_SIZE_LIMIT)
                            .dfa_size_limit(REGEX_SIZE_LIMIT)
                            .build()
                            .ok()
                    } else {
                        None
                    };
                    Pred::Matches { re, bytes }
                }
                Op::IsSubset(s) => Pred::Subset(s.clone()),
                Op::IsSuperset(s) => Pred::Superset(s.clone()),
                Op::Exists => Pred::Exists,
            };
            CComp::Test(CTest { path: t.path.clone(), negated: t.negated, pred })
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Values and comparisons

/// A value reached by an object path: JSON, bytes decoded from a `_hex`/`_bin` property, or the
/// objects a `_refs` list resolved to.
enum Item<'a> {
    J(&'a Value),
    B(Vec<u8>),
    Refs(Vec<&'a Value>),
}

#[derive(Clone, Copy)]
enum Num {
    I(i128),
    F(f64),
}

fn json_num(n: &serde_json::Number) -> Num {
    if let Some(i) = n.as_i64() {
        Num::I(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Num::I(i128::from(u))
    } else {
        Num::F(n.as_f64().unwrap_or(f64::NAN))
    }
}

fn lit_num(l: &Literal) -> Option<Num> {
    match l {
        Literal::Int(i) => Some(Num::I(*i)),
        Literal::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(&y)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
        (Num::I(x), Num::F(y)) => int_float_cmp(x, y),
        (Num::F(x), Num::I(y)) => int_float_cmp(y, x).map(Ordering::reverse),
    }
}

/// Exact comparison of an integer with a float, as Python does it.
fn int_float_cmp(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 1.7e38 {
        return Some(Ordering::Less);
    }
    if f <= -1.7e38 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i128)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

/// A string as bytes when every code point is below 256 (the spec's rule for comparing strings
/// with binary values).
fn latin1(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(c as u32).ok()).collect()
}

fn json_ts(s: &str) -> Result<i128, MatchError> {
    parse_timestamp(s).ok_or_else(|| {
        MatchError::Data(format!(
            "invalid timestamp in JSON: {}",
            s.chars().take(64).collect::<String>()
        ))
    })
}

fn lit_ts(l: &Literal) -> Option<i128> {
    match l {
        Literal::Timestamp(Ok(t)) => Some(*t),
        _ => None,
    }
}

/// `=`: values of types that cannot be compared are unequal.
fn equals(item: &Item, lit: &Literal) -> Result<bool, MatchError> {
    Ok(match (item, lit) {
        (Item::J(Value::String(s)), Literal::Timestamp(_)) => Some(json_ts(s)?) == lit_ts(lit),
        (Item::J(Value::Number(n)), Literal::Int(_) | Literal::Float(_)) => {
            let a = json_num(n);
            // A JSON float never equals an integer literal in the reference tables only when it
            // is not integral; exact comparison gives the same answer.
            lit_num(lit).and_then(|b| num_cmp(a, b)) == Some(Ordering::Equal)
        }
        (Item::J(Value::String(s)), Literal::Str(t)) => s == t,
        (Item::J(Value::String(s)), Literal::Binary(b)) => latin1(s).is_some_and(|x| x == *b),
        (Item::J(Value::Bool(a)), Literal::Bool(b)) => a == b,
        (Item::B(a), Literal::Binary(b)) => a == b,
        (Item::B(a), Literal::Str(s)) => latin1(s).is_some_and(|x| x == *a),
        _ => false,
    })
}

enum OrderOutcome {
    Cmp(Ordering),
    /// Types not comparable: the test is false, even under NOT.
    Incomparable,
    /// A string with code points above 255 against binary: false, NOT applies.
    False,
}

fn order(item: &Item, lit: &Literal) -> Result<OrderOutcome, MatchError> {
    use OrderOutcome::*;
    Ok(match (item, lit) {
        (Item::J(Value::String(s)), Literal::Timestamp(_)) => match lit_ts(lit) {
            Some(t) => Cmp(json_ts(s)?.cmp(&t)),
            None => Incomparable,
        },
        (Item::J(Value::Number(n)), Literal::Int(_) | Literal::Float(_)) => {
            match lit_num(lit).and_then(|b| num_cmp(json_num(n), b)) {
                Some(o) => Cmp(o),
                None => Incomparable,
            }
        }
        (Item::J(Value::String(s)), Literal::Str(t)) => Cmp(s.as_str().cmp(t.as_str())),
        (Item::J(Value::String(s)), Literal::Binary(b)) => match latin1(s) {
            Some(x) => Cmp(x.as_slice().cmp(b.as_slice())),
            None => False,
        },
        (Item::B(a), Literal::Binary(b)) => Cmp(a.as_slice().cmp(b.as_slice())),
        (Item::B(a), Literal::Str(s)) => match latin1(s) {
            Some(x) => Cmp(a.as_slice().cmp(x.as_slice())),
            None => False,
        },
        _ => Incomparable,
    })
}

/// Python `==` between a JSON value and a set member (booleans equal 0 and 1).
fn set_member_eq(item: &Item, lit: &Literal, ts_value: Option<i128>) -> bool {
    let as_num = |v: &Value| match v {
        Value::Number(n) => Some(json_num(n)),
        Value::Bool(b) => Some(Num::I(i128::from(*b))),
        _ => None,
    };
    let lit_as_num = match lit {
        Literal::Bool(b) => Some(Num::I(i128::from(*b))),
        l => lit_num(l),
    };
    match (item, lit) {
        (_, Literal::Timestamp(_)) => ts_value.is_some() && ts_value == lit_ts(lit),
        (Item::J(Value::String(s)), Literal::Str(t)) => s == t,
        (Item::B(a), Literal::Binary(b)) => a == b,
        (Item::J(v), _) => match (as_num(v), lit_as_num) {
            (Some(a), Some(b)) => num_cmp(a, b) == Some(Ordering::Equal),
            _ => false,
        },
        _ => false,
    }
}

fn in_subnet(ip_or_cidr: &str, subnet: &str) -> Result<bool, MatchError> {
    let a = Net::parse(ip_or_cidr).ok_or_else(|| {
        MatchError::Data(format!("invalid IP address or CIDR block: {ip_or_cidr}"))
    })?;
    let b = Net::parse(subnet)
        .filter(|_| subnet.contains('/'))
        .ok_or_else(|| MatchError::Data(format!("invalid CIDR subnet: {subnet}")))?;
    Ok(a.within(&b))
}

fn test_value(pred: &Pred, negated: bool, item: &Item) -> Result<bool, MatchError> {
    let r = match pred {
        Pred::Exists => return Ok(true),
        Pred::Eq(l) => equals(item, l)?,
        Pred::Ne(l) => !equals(item, l)?,
        Pred::Order(op, l) => match order(item, l)? {
            OrderOutcome::Incomparable => return Ok(false),
            OrderOutcome::False => false,
            OrderOutcome::Cmp(o) => match op {
                OrdOp::Lt => o == Ordering::Less,
                OrdOp::Le => o != Ordering::Greater,
                OrdOp::Gt => o == Ordering::Greater,
                OrdOp::Ge => o != Ordering::Less,
            },
        },
        Pred::In(set) => {
            let ts_set = matches!(set.first(), Some(Literal::Timestamp(_)));
            let ts_value = match item {
                Item::J(Value::String(s)) if ts_set => Some(json_ts(s)?),
                _ => None,
            };
            if ts_set && ts_value.is_none() {
                false
            } else {
                set.iter().any(|l| set_member_eq(item, l, ts_value))
            }
        }
        Pred::Like { re, binary_ok } => match item {
            Item::J(Value::String(s)) => re.is_match(&nfc(s)),
            Item::B(b) if *binary_ok => match std::str::from_utf8(b) {
                Ok(s) => re.is_match(&nfc(s)),
                Err(_) => false,
            },
            _ => false,
        },
        Pred::Matches { re, bytes } => match item {
            Item::J(Value::String(s)) => re.is_match(&nfc(s)),
            Item::B(b) => bytes.as_ref().is_some_and(|re| re.is_match(b)),
            _ => false,
        },
        Pred::Subset(subnet) => match item {
            Item::J(Value::String(s)) => in_subnet(s, subnet)?,
            _ => false,
        },
        Pred::Superset(ip) => match item {
            Item::J(Value::String(s)) => in_subnet(ip, s)?,
            _ => false,
        },
    };
    Ok(r != negated)
}

/// Walks `steps` from `item`, calling `f` on every value reached; stops at the first `true`.
fn walk<'a>(
    obs: &'a ObservedData,
    item: Item<'a>,
    steps: &[Step],
    f: &mut dyn FnMut(&Item<'a>) -> Result<bool, MatchError>,
) -> Result<bool, MatchError> {
    let Some((step, rest)) = steps.split_first() else { return f(&item) };
    match step {
        Step::Key(k) => {
            let Item::J(Value::Object(map)) = item else { return Ok(false) };
            let Some(v) = map.get(k) else { return Ok(false) };
            let next = if k.ends_with("_hex") {
                let s =
                    v.as_str().ok_or_else(|| MatchError::Data(format!("{k} is not a string")))?;
                Item::B(
                    decode_hex(s.as_bytes())
                        .ok_or_else(|| MatchError::Data(format!("{k} is not hex")))?,
                )
            } else if k.ends_with("_bin") {
                let s =
                    v.as_str().ok_or_else(|| MatchError::Data(format!("{k} is not a string")))?;
                Item::B(
                    decode_base64(s.as_bytes())
                        .ok_or_else(|| MatchError::Data(format!("{k} is not base64")))?,
                )
            } else if k.ends_with("_ref") {
                let r = v.as_str().ok_or_else(|| {
                    MatchError::Data(format!(
                        "the value of reference property '{k}' is not a string"
                    ))
                })?;
                match obs.resolve(r) {
                    Some(o) => Item::J(o),
                    None => return Ok(false),
                }
            } else if k.ends_with("_refs") {
                let list = v.as_array().ok_or_else(|| {
                    MatchError::Data(format!(
                        "the value of reference list property '{k}' is not a list"
                    ))
                })?;
                let mut objs = Vec::with_capacity(list.len());
                for r in list {
                    let r = r.as_str().ok_or_else(|| {
                        MatchError::Data(format!(
                            "a value of reference property '{k}' is not a string"
                        ))
                    })?;
                    if let Some(o) = obs.resolve(r) {
                        objs.push(o);
                    }
                }
                if objs.is_empty() {
                    return Ok(false);
                }
                Item::Refs(objs)
            } else {
                Item::J(v)
            };
            walk(obs, next, rest, f)
        }
        Step::Index(n) => {
            let Ok(i) = usize::try_from(*n) else { return Ok(false) };
            match item {
                Item::J(Value::Array(a)) => match a.get(i) {
                    Some(v) => walk(obs, Item::J(v), rest, f),
                    None => Ok(false),
                },
                Item::Refs(objs) => match objs.get(i) {
                    Some(v) => walk(obs, Item::J(v), rest, f),
                    None => Ok(false),
                },
                _ => Ok(false),
            }
        }
        Step::AnyIndex => {
            let elems: Vec<&Value> = match item {
                Item::J(Value::Array(a)) => a.iter().collect(),
                Item::Refs(objs) => objs,
                _ => return Ok(false),
            };
            for v in elems {
                if walk(obs, Item::J(v), rest, f)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn eval_test(t: &CTest, obs: &ObservedData, root: &Value) -> Result<bool, MatchError> {
    if root.get("type").and_then(Value::as_str) != Some(t.path.object_type.as_str()) {
        return Ok(false);
    }
    walk(obs, Item::J(root), &t.path.steps, &mut |item| test_value(&t.pred, t.negated, item))
}

fn eval_comp(c: &CComp, obs: &ObservedData, root: &Value) -> Result<bool, MatchError> {
    match c {
        CComp::Test(t) => eval_test(t, obs, root),
        CComp::And(v) => {
            for c in v {
                if !eval_comp(c, obs, root)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        CComp::Or(v) => {
            for c in v {
                if eval_comp(c, obs, root)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// Does one observation satisfy a comparison expression (some one of its objects does)?
pub(crate) fn observation_matches(c: &CComp, obs: &ObservedData) -> Result<bool, MatchError> {
    for (_, root, matchable) in &obs.objects {
        if *matchable && eval_comp(c, obs, root)? {
            return Ok(true);
        }
    }
    Ok(false)
}

// ---------------------------------------------------------------------------------------------
// The binding search

type Cont<'k, 's> = &'k mut dyn FnMut(&mut Search<'s>) -> Result<bool, MatchError>;

struct Search<'s> {
    leaf_sets: Vec<Vec<usize>>,
    data: &'s [ObservedData],
    used: Vec<usize>,
    counts: Vec<u64>,
    steps: u64,
    /// WITHIN constraints in scope: (start of their binding in `used`, duration). Checked at
    /// every binding so that hopeless partial bindings are cut early (the test is monotone).
    active: Vec<(usize, i128)>,
    total_instances: u64,
}

fn max_size(e: &CObs) -> u64 {
    match e {
        CObs::Leaf(_) => 1,
        CObs::And(a, b) | CObs::FollowedBy(a, b) => max_size(a).saturating_add(max_size(b)),
        CObs::Or(a, b) => max_size(a).max(max_size(b)),
        CObs::Within(a, _) | CObs::StartStop(a, _, _) => max_size(a),
        CObs::Repeats(a, n) => max_size(a).saturating_mul(*n),
    }
}

fn min_size(e: &CObs) -> u64 {
    match e {
        CObs::Leaf(_) => 1,
        CObs::And(a, b) | CObs::FollowedBy(a, b) => min_size(a).saturating_add(min_size(b)),
        CObs::Or(a, b) => min_size(a).min(min_size(b)),
        CObs::Within(a, _) | CObs::StartStop(a, _, _) => min_size(a),
        CObs::Repeats(a, n) => min_size(a).saturating_mul(*n),
    }
}

fn within_ok(s: &Search<'_>, start: usize, d: i128) -> bool {
    let bound = s.used.get(start..).unwrap_or(&[]);
    let earliest_last = bound.iter().map(|o| s.data[*o].last).min().unwrap_or(0);
    bound.iter().all(|o| s.data[*o].first <= earliest_last + d)
}

impl<'s> Search<'s> {
    fn solve(&mut self, e: &CObs, k: Cont<'_, 's>) -> Result<bool, MatchError> {
        match e {
            CObs::Leaf(id) => {
                let n = self.leaf_sets.get(*id).map_or(0, Vec::len);
                for j in 0..n {
                    let o = self.leaf_sets[*id][j];
                    if self.counts[o] >= self.data[o].number_observed {
                        continue;
                    }
                    self.steps += 1;
                    if self.steps > MAX_SEARCH_STEPS {
                        return Err(MatchError::TooComplex);
                    }
                    self.counts[o] += 1;
                    self.used.push(o);
                    let ok = self.active.iter().all(|(start, d)| within_ok(self, *start, *d))
                        && k(self)?;
                    self.used.pop();
                    self.counts[o] -= 1;
                    if ok {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            CObs::And(a, b) => self.solve(a, &mut |s: &mut Search<'s>| s.solve(b, &mut *k)),
            CObs::Or(a, b) => Ok(self.solve(a, &mut *k)? || self.solve(b, k)?),
            CObs::FollowedBy(a, b) => {
                let start = self.used.len();
                self.solve(a, &mut |s: &mut Search<'s>| {
                    let mid = s.used.len();
                    let latest_first = s.used[start..mid].iter().map(|o| s.data[*o].first).max();
                    s.solve(b, &mut |s: &mut Search<'s>| {
                        let earliest_last = s.used[mid..].iter().map(|o| s.data[*o].last).min();
                        if latest_first <= earliest_last { k(s) } else { Ok(false) }
                    })
                })
            }
            CObs::Within(a, d) => {
                let start = self.used.len();
                self.active.push((start, *d));
                let r = self.solve(a, &mut |s: &mut Search<'s>| {
                    if !within_ok(s, start, *d) {
                        return Ok(false);
                    }
                    // The rest of the pattern is outside this WITHIN's scope.
                    let mine = s.active.pop();
                    let r = k(s);
                    s.active.extend(mine);
                    r
                });
                self.active.pop();
                r
            }
            CObs::StartStop(a, start_t, stop_t) => {
                if start_t >= stop_t {
                    return Ok(false);
                }
                let start = self.used.len();
                self.solve(a, &mut |s: &mut Search<'s>| {
                    let ok = s.used[start..]
                        .iter()
                        .all(|o| s.data[*o].first < *stop_t && *start_t <= s.data[*o].last);
                    if ok { k(s) } else { Ok(false) }
                })
            }
            CObs::Repeats(a, n) => self.repeat(a, *n, 0, None, k),
        }
    }

    /// Binds `a` `n` times to disjoint observations; the bindings are searched in ascending order
    /// only, since any set of them can be ordered so.
    fn repeat(
        &mut self,
        a: &CObs,
        n: u64,
        done: u64,
        prev: Option<(usize, usize)>,
        k: Cont<'_, 's>,
    ) -> Result<bool, MatchError> {
        if done == n {
            return k(self);
        }
        let needed = (n - done).saturating_mul(min_size(a));
        if (self.used.len() as u64).saturating_add(needed) > self.total_instances {
            return Ok(false);
        }
        let start = self.used.len();
        self.solve(a, &mut |s: &mut Search<'s>| {
            let end = s.used.len();
            if let Some((ps, pe)) = prev
                && s.used[start..end] < s.used[ps..pe]
            {
                return Ok(false);
            }
            s.repeat(a, n, done + 1, Some((start, end)), &mut *k)
        })
    }
}

/// Evaluates a compiled pattern over observed-data.
pub(crate) fn evaluate(c: &Compiled, data: &[ObservedData]) -> Result<MatchResult, MatchError> {
    let mut leaf_sets = Vec::with_capacity(c.leaves.len());
    for leaf in &c.leaves {
        let mut set = Vec::new();
        for (i, obs) in data.iter().enumerate() {
            if observation_matches(leaf, obs)? {
                set.push(i);
            }
        }
        leaf_sets.push(set);
    }
    let total_instances = data.iter().fold(0u64, |acc, o| acc.saturating_add(o.number_observed));
    if min_size(&c.obs) > total_instances {
        return Ok(MatchResult::default());
    }
    // A binding never holds more instances than exist, so the recursion depth is bounded by
    // the smaller of the two.
    if max_size(&c.obs).min(total_instances) > MAX_BINDING_SIZE {
        return Err(MatchError::TooComplex);
    }
    let mut search = Search {
        leaf_sets,
        data,
        used: Vec::new(),
        counts: vec![0; data.len()],
        steps: 0,
        active: Vec::new(),
        total_instances,
    };
    let mut found: Option<Vec<usize>> = None;
    let matched = search.solve(&c.obs, &mut |s: &mut Search<'_>| {
        found = Some(s.used.clone());
        Ok(true)
    })?;
    let mut observed_data = found.unwrap_or_default();
    observed_data.sort_unstable();
    observed_data.dedup();
    Ok(MatchResult { matched, observed_data })
}
