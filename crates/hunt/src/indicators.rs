//! Loading indicators: plain IOC lists (one a line) and STIX bundles (indicator patterns, with the
//! actor they indicate and the state that actor originates from).
//!
//! Patterns are read by a small reader that takes the hunt-able subset: observations joined by
//! OR, each a comparison (`=`, `IN`, `ISSUBSET`) or an OR of comparisons on one of the mapped
//! paths. Anything else (AND, FOLLOWEDBY, qualifiers, other operators or paths) is reported with
//! the indicator's id and position and left out; the other indicators still hunt.
//!
//! Observables (SCOs) of a bundle are hunted too when they are linked to an actor: by a
//! relationship between the two, or by a report that names both. Their hits name the SCO's id;
//! the actor (name and id) is the linked one when there is exactly one. Private, loopback, link-local,
//! multicast and unspecified addresses are not hunted from observables (a report that mentions
//! `10.0.0.1` does not make every internal host suspect).

use std::collections::HashMap;

use serde_json::Value;

use crate::index::{Batch, IndexBuilder, IocType, classify};

/// An indicator (or list line) that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The indicator id, or `line N` of a plain list.
    pub what: String,
    /// Byte offset in the pattern, for pattern errors.
    pub position: Option<usize>,
    pub reason: String,
}

/// Loads `bytes`: a STIX bundle (or array of objects) when it starts with `{` or `[`, else a
/// plain list. Returns what was skipped.
pub fn load(bytes: &[u8], builder: &mut IndexBuilder) -> Result<Vec<Skipped>, serde_json::Error> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| bytes.get(i));
    if matches!(start, Some(b'{' | b'[')) {
        let value: Value = serde_json::from_slice(bytes)?;
        Ok(load_stix(&value, builder))
    } else {
        // Checked as UTF-8 first: much faster than the lossy conversion when valid.
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(load_plain(text, builder)),
            Err(_) => Ok(load_plain(&String::from_utf8_lossy(bytes), builder)),
        }
    }
}

/// Lists longer than this (bytes) are classified on several threads.
const PARALLEL_BYTES: usize = 1 << 20;

/// One list line (trimmed) with its type and canonical value, when it has one.
type Classified<'a> = (&'a str, Option<(IocType, String)>);

/// Classifies one list line; `None` for blank and comment lines.
fn classify_line(line: &str) -> Option<Classified<'_>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let first = || line.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or(line);
    Some((line, classify(line).or_else(|| classify(first()))))
}

/// Pieces a long list is cut into, per core.
const PIECES_PER_CORE: usize = 8;

/// One piece of a list, classified and keyed: its values, the lines that are not IOCs (number
/// in the piece, line) and how many lines it has.
type Piece<'a> = (Batch, Vec<(usize, &'a str)>, usize);

/// Classifies and keys the lines of one piece of a list.
fn prepare(chunk: &str) -> Piece<'_> {
    let mut batch = Batch::default();
    let mut bad = Vec::new();
    let mut lines = 0;
    for (n, line) in chunk.lines().enumerate() {
        lines = n + 1;
        let Some((line, typed)) = classify_line(line) else { continue };
        if !typed.is_some_and(|(kind, value)| batch.push(kind, value)) {
            bad.push((n, line));
        }
    }
    (batch, bad, lines)
}

/// One IOC a line (refanged, typed by [`classify`]); `#` starts a comment line. A long list is
/// classified and keyed on all cores, and its tables are filled one table a core; the index is
/// the same as when the values are added one by one in list order.
pub fn load_plain(text: &str, builder: &mut IndexBuilder) -> Vec<Skipped> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // Several pieces a core, taken in turn: the cores finish together.
    let chunks = if text.len() > PARALLEL_BYTES && threads > 1 {
        split_lines(text, threads * PIECES_PER_CORE)
    } else {
        vec![text]
    };
    let taken = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = taken.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = chunks.get(k) else { break };
            done.push((k, prepare(chunk)));
        }
        done
    };
    let mut pieces: Vec<(usize, Piece<'_>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(chunks.len())).map(|_| scope.spawn(work)).collect();
        let mut pieces = work();
        for helper in helpers {
            pieces.extend(helper.join().unwrap_or_default());
        }
        pieces
    });
    pieces.sort_unstable_by_key(|p| p.0);
    let mut skipped = Vec::new();
    let mut batches = Vec::with_capacity(pieces.len());
    let mut offset = 0;
    for (_, (batch, bad, lines)) in pieces {
        skipped.extend(bad.into_iter().map(|(n, line)| Skipped {
            what: format!("line {}", offset + n + 1),
            position: None,
            reason: format!("not a recognisable IOC: {line:.80}"),
        }));
        offset += lines;
        batches.push(batch);
    }
    let added: usize = batches.iter().map(Batch::len).sum();
    let workers = if added > PARALLEL_BYTES / 64 { threads } else { 1 };
    if !builder.add_batches(batches, workers) {
        skipped.push(Skipped {
            what: format!("{added} values"),
            position: None,
            reason: "too many indicators for one index".into(),
        });
    }
    skipped
}

/// Cuts `text` into about `parts` pieces at line ends.
fn split_lines(text: &str, parts: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(parts);
    let mut rest = text;
    let target = text.len() / parts.max(1) + 1;
    while !rest.is_empty() {
        let cut = if rest.len() <= target {
            rest.len()
        } else {
            rest.as_bytes()
                .get(target..)
                .and_then(|tail| memchr::memchr(b'\n', tail))
                .map_or(rest.len(), |p| target + p + 1)
        };
        let (head, tail) = rest.split_at(cut);
        out.push(head);
        rest = tail;
    }
    out
}

/// The objects of a bundle, an array, or a single object.
fn objects(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => match map.get("objects") {
            Some(Value::Array(items))
                if map.get("type").and_then(Value::as_str) == Some("bundle") =>
            {
                items.iter().collect()
            }
            _ => vec![doc],
        },
        _ => Vec::new(),
    }
}

fn str_of<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// Loads the STIX indicators of a bundle.
pub fn load_stix(doc: &Value, builder: &mut IndexBuilder) -> Vec<Skipped> {
    let objects = objects(doc);
    let by_id: HashMap<&str, &Value> =
        objects.iter().filter_map(|o| str_of(o, "id").map(|id| (id, *o))).collect();
    // indicator -> actor (indicates), actor -> state (originates-from / attributed-to a location).
    let mut actor_of: HashMap<&str, &str> = HashMap::new();
    let mut state_of: HashMap<&str, &str> = HashMap::new();
    for rel in objects.iter().filter(|o| str_of(o, "type") == Some("relationship")) {
        let (Some(kind), Some(source), Some(target)) = (
            str_of(rel, "relationship_type"),
            str_of(rel, "source_ref"),
            str_of(rel, "target_ref"),
        ) else {
            continue;
        };
        match kind {
            "indicates"
                if source.starts_with("indicator--")
                    && ["intrusion-set--", "threat-actor--", "campaign--", "malware--"]
                        .iter()
                        .any(|p| target.starts_with(p)) =>
            {
                actor_of.entry(source).or_insert(target);
            }
            "originates-from" | "attributed-to" if target.starts_with("location--") => {
                if let Some(loc) = by_id.get(target) {
                    let state = str_of(loc, "country").or_else(|| str_of(loc, "name"));
                    if let Some(state) = state {
                        state_of.entry(source).or_insert(state);
                    }
                }
            }
            _ => {}
        }
    }
    let mut skipped = Vec::new();
    load_observables(&objects, &by_id, &state_of, builder);
    for ind in objects.iter().filter(|o| str_of(o, "type") == Some("indicator")) {
        let id = str_of(ind, "id").unwrap_or("indicator--?");
        let pattern_type = str_of(ind, "pattern_type").unwrap_or("stix");
        if pattern_type != "stix" {
            skipped.push(Skipped {
                what: id.to_string(),
                position: None,
                reason: format!("pattern_type {pattern_type} is not hunted"),
            });
            continue;
        }
        if str_of(ind, "revoked").is_some()
            || ind.get("revoked").and_then(Value::as_bool) == Some(true)
        {
            continue;
        }
        let Some(pattern) = str_of(ind, "pattern") else {
            skipped.push(Skipped {
                what: id.to_string(),
                position: None,
                reason: "no pattern".into(),
            });
            continue;
        };
        let actor_id = actor_of.get(id).copied();
        let actor =
            actor_id.and_then(|a| by_id.get(a)).and_then(|a| str_of(a, "name")).or(actor_id);
        let state = actor_id.and_then(|a| state_of.get(a)).copied();
        match comparisons(pattern) {
            Ok(list) => {
                for (kind, value) in list {
                    if builder.add(kind, &value, Some(id), actor, state)
                        && let Some(actor_id) = actor_id
                    {
                        builder.set_actor_id(actor_id);
                    }
                }
            }
            // Beyond plain values: the pattern crate's IndicatorSet takes it, unless it needs
            // several comparisons to hold together (no single log field can decide it).
            Err((position, reason))
                if reason.starts_with(MULTI) || reason.starts_with(NOT_HUNTED) =>
            {
                skipped.push(Skipped { what: id.to_string(), position: Some(position), reason });
            }
            Err((position, reason)) => match builder.add_pattern(id, pattern, actor, state) {
                Ok(()) => {}
                Err((line, column, message)) if line > 0 => {
                    skipped.push(Skipped {
                        what: id.to_string(),
                        position: Some(position),
                        reason: format!("line {line} column {column}: {message}"),
                    });
                }
                Err(_) => {
                    skipped.push(Skipped { what: id.to_string(), position: Some(position), reason })
                }
            },
        }
    }
    skipped
}

/// Id prefixes of the objects an observable can be linked to.
const ACTOR_PREFIXES: [&str; 3] = ["intrusion-set--", "threat-actor--", "campaign--"];

/// Id prefixes of the observables hunted.
const SCO_PREFIXES: [&str; 6] =
    ["ipv4-addr--", "ipv6-addr--", "domain-name--", "url--", "email-addr--", "file--"];

fn is_actor(id: &str) -> bool {
    ACTOR_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Whether `id` names an observable kind the hunt takes from a bundle.
pub fn is_observable(id: &str) -> bool {
    SCO_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Addresses that are everywhere inside a network: hunting them from a report's mention would
/// flag every internal host.
fn internal_address(kind: IocType, value: &str) -> bool {
    let addr = value.split('/').next().unwrap_or(value);
    match kind {
        IocType::Ipv4 | IocType::Ipv4Cidr => addr.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| {
            ip.is_private()
                || ip.is_loopback()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_multicast()
                || ip.octets()[0] == 0
        }),
        IocType::Ipv6 | IocType::Ipv6Cidr => addr.parse::<std::net::Ipv6Addr>().is_ok_and(|ip| {
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
        }),
        _ => false,
    }
}

/// The hunt-able values of an observable.
fn observable_values(sco: &Value) -> Vec<(IocType, String)> {
    let family = match str_of(sco, "type") {
        Some("ipv4-addr" | "ipv6-addr") => Family::Address,
        Some("domain-name") => Family::Domain,
        Some("url") => Family::Url,
        Some("email-addr") => Family::Email,
        Some("file") => {
            let Some(hashes) = sco.get("hashes").and_then(Value::as_object) else {
                return Vec::new();
            };
            return hashes
                .iter()
                .filter_map(|(algo, v)| {
                    let family = path_family(&format!("file:hashes.'{algo}'"))?;
                    typed(family, v.as_str()?)
                })
                .collect();
        }
        _ => return Vec::new(),
    };
    str_of(sco, "value")
        .and_then(|v| typed(family, v))
        .filter(|(kind, v)| !internal_address(*kind, v))
        .into_iter()
        .collect()
}

/// Adds the observables linked to actors (see the module docs).
fn load_observables(
    objects: &[&Value],
    by_id: &HashMap<&str, &Value>,
    state_of: &HashMap<&str, &str>,
    builder: &mut IndexBuilder,
) {
    let mut actors_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for o in objects {
        match str_of(o, "type") {
            Some("relationship") => {
                let (Some(a), Some(b)) = (str_of(o, "source_ref"), str_of(o, "target_ref")) else {
                    continue;
                };
                if is_observable(a) && is_actor(b) {
                    pairs.push((a, b));
                } else if is_observable(b) && is_actor(a) {
                    pairs.push((b, a));
                }
            }
            Some("report" | "grouping") => {
                let refs: Vec<&str> = o
                    .get("object_refs")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let actors: Vec<&str> = refs.iter().copied().filter(|r| is_actor(r)).collect();
                for sco in refs.iter().copied().filter(|r| is_observable(r)) {
                    pairs.extend(actors.iter().map(|a| (sco, *a)));
                }
            }
            _ => {}
        }
    }
    for (sco, actor) in pairs {
        let list = actors_of.entry(sco).or_default();
        if !list.contains(&actor) {
            list.push(actor);
        }
    }
    let mut ids: Vec<&&str> = actors_of.keys().collect();
    ids.sort_unstable();
    for id in ids {
        let (Some(sco), Some(actors)) = (by_id.get(*id), actors_of.get(*id)) else { continue };
        // One actor: it is named on the hits; several: the observable hunts without a name.
        let (actor, state) = match actors.as_slice() {
            [one] => (
                Some(by_id.get(one).and_then(|a| str_of(a, "name")).unwrap_or(one)),
                state_of.get(one).copied(),
            ),
            _ => (None, None),
        };
        let actor_id = match actors.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        for (kind, value) in observable_values(sco) {
            if builder.add(kind, &value, Some(id), actor, state)
                && let Some(actor_id) = actor_id
            {
                builder.set_actor_id(actor_id);
            }
        }
    }
}

/// Why a pattern is not hunted: no log field maps to its object path.
const NOT_HUNTED: &str = "no log field maps to this object path";

/// Why a pattern is not hunted: it needs several comparisons to hold at once.
const MULTI: &str = "needs several comparisons together";

/// The typed values of a hunt-able pattern, or the position and reason it is not hunt-able.
pub fn comparisons(pattern: &str) -> Result<Vec<(IocType, String)>, (usize, String)> {
    let mut lexer = Lexer { s: pattern, i: 0 };
    let mut out = Vec::new();
    loop {
        lexer.ws();
        if !lexer.eat("[") {
            return Err((lexer.i, "expected '['".into()));
        }
        loop {
            lexer.ws();
            let at = lexer.i;
            let path = lexer.path();
            if path.is_empty() {
                return Err((at, "expected an object path".into()));
            }
            let family = path_family(path).ok_or_else(|| (at, format!("{NOT_HUNTED}: {path}")))?;
            lexer.ws();
            let op_at = lexer.i;
            let values = if lexer.eat("=") || lexer.eat_word("ISSUBSET") {
                vec![lexer.literal()?]
            } else if lexer.eat_word("IN") {
                lexer.ws();
                if !lexer.eat("(") {
                    return Err((lexer.i, "expected '('".into()));
                }
                let mut values = Vec::new();
                loop {
                    values.push(lexer.literal()?);
                    lexer.ws();
                    if lexer.eat(",") {
                        continue;
                    }
                    if lexer.eat(")") {
                        break;
                    }
                    return Err((lexer.i, "expected ',' or ')'".into()));
                }
                values
            } else {
                return Err((op_at, "only =, IN and ISSUBSET comparisons are hunted".into()));
            };
            for v in values {
                let typed = typed(family, &v)
                    .ok_or_else(|| (op_at, format!("{v:.80} is not a valid value for {path}")))?;
                out.push(typed);
            }
            lexer.ws();
            if lexer.eat_word("OR") {
                continue;
            }
            if lexer.eat("]") {
                break;
            }
            return Err((lexer.i, format!("{MULTI}: only OR inside an observation is hunted")));
        }
        lexer.ws();
        if lexer.i >= pattern.len() {
            return Ok(out);
        }
        if !lexer.eat_word("OR") {
            return Err((
                lexer.i,
                format!(
                    "{MULTI}: only OR between observations is hunted (no AND, FOLLOWEDBY or qualifiers)"
                ),
            ));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Address,
    Domain,
    Url,
    Hash(IocType),
    Email,
    UserAgent,
}

fn path_family(path: &str) -> Option<Family> {
    let unquote = |s: &str| s.replace('\'', "").to_ascii_uppercase();
    Some(match path {
        "ipv4-addr:value"
        | "ipv6-addr:value"
        | "network-traffic:src_ref.value"
        | "network-traffic:dst_ref.value" => Family::Address,
        "domain-name:value" => Family::Domain,
        "url:value" => Family::Url,
        "email-addr:value" | "email-message:from_ref.value" | "email-message:sender_ref.value" => {
            Family::Email
        }
        p if p.starts_with("network-traffic:extensions.'http-request-ext'.request_header.")
            && unquote(p).ends_with("USER-AGENT") =>
        {
            Family::UserAgent
        }
        p if p.starts_with("file:hashes.") || p.starts_with("artifact:hashes.") => {
            let algo = unquote(p.split_once("hashes.").map_or("", |(_, a)| a));
            match algo.as_str() {
                "MD5" => Family::Hash(IocType::Md5),
                "SHA-1" | "SHA1" => Family::Hash(IocType::Sha1),
                "SHA-256" | "SHA256" => Family::Hash(IocType::Sha256),
                _ => return None,
            }
        }
        _ => return None,
    })
}

fn typed(family: Family, value: &str) -> Option<(IocType, String)> {
    match family {
        Family::UserAgent => Some((IocType::UserAgent, value.to_string())),
        Family::Url => Some((IocType::Url, value.to_string())),
        _ => {
            let (kind, v) = classify(value)?;
            let fits = match family {
                Family::Address => matches!(
                    kind,
                    IocType::Ipv4 | IocType::Ipv4Cidr | IocType::Ipv6 | IocType::Ipv6Cidr
                ),
                Family::Domain => kind == IocType::Domain,
                Family::Hash(h) => kind == h,
                Family::Email => kind == IocType::Email,
                _ => false,
            };
            fits.then_some((kind, v))
        }
    }
}

struct Lexer<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or("")
    }
    fn ws(&mut self) {
        let rest = self.rest();
        self.i += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.i += token.len();
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, word: &str) -> bool {
        let rest = self.rest();
        if rest.starts_with(word)
            && !rest[word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    /// An object path: up to whitespace or an operator, quoted keys kept whole.
    fn path(&mut self) -> &'a str {
        let start = self.i;
        let mut quoted = false;
        for (off, c) in self.rest().char_indices() {
            if c == '\'' {
                quoted = !quoted;
            } else if !quoted && (c.is_whitespace() || matches!(c, '=' | '!' | '<' | '>' | ']')) {
                self.i = start + off;
                return self.s.get(start..self.i).unwrap_or("");
            }
        }
        self.i = self.s.len();
        self.s.get(start..).unwrap_or("")
    }
    /// A `'...'` string literal with `\'` and `\\` escapes.
    fn literal(&mut self) -> Result<String, (usize, String)> {
        self.ws();
        if !self.eat("'") {
            return Err((self.i, "expected a string literal".into()));
        }
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((off, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, e @ ('\'' | '\\'))) => out.push(e),
                    _ => return Err((self.i + off, "bad escape in string literal".into())),
                },
                '\'' => {
                    self.i += off + 1;
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
        Err((self.s.len(), "unterminated string literal".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, expected: Result<&[(IocType, &str)], usize>) {
        let got = comparisons(pattern);
        match expected {
            Ok(list) => {
                let want: Vec<(IocType, String)> =
                    list.iter().map(|(k, v)| (*k, v.to_string())).collect();
                assert_eq!(got, Ok(want), "{pattern}");
            }
            Err(pos) => assert_eq!(got.map_err(|e| e.0), Err(pos), "{pattern}"),
        }
    }

    #[test]
    fn patterns() {
        check("[domain-name:value = 'Evil.example']", Ok(&[(IocType::Domain, "evil.example")]));
        check(
            "[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value ISSUBSET '10.0.0.0/8'] OR [file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
            Ok(&[
                (IocType::Ipv4, "1.2.3.4"),
                (IocType::Ipv4Cidr, "10.0.0.0/8"),
                (
                    IocType::Sha256,
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ),
            ]),
        );
        check(
            "[url:value IN ('http://a.example/x', 'http://b.example/\\'q')]",
            Ok(&[(IocType::Url, "http://a.example/x"), (IocType::Url, "http://b.example/'q")]),
        );
        check(
            "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']",
            Ok(&[(IocType::Md5, "d41d8cd98f00b204e9800998ecf8427e")]),
        );
        check("[domain-name:value = 'a.example' AND domain-name:value = 'b.example']", Err(33));
        check("[process:name = 'x']", Err(1));
        check("[domain-name:value = 'a.example'] WITHIN 5 SECONDS", Err(34));
        check("[domain-name:value LIKE 'a%']", Err(19));
        check("[domain-name:value = 'a.example", Err(31));
    }

    #[test]
    fn bundle_with_actor_and_state() {
        let bundle = serde_json::json!({"type": "bundle", "id": "bundle--1", "objects": [
            {"type": "indicator", "id": "indicator--a", "pattern": "[domain-name:value = 'evil.example']", "pattern_type": "stix"},
            {"type": "indicator", "id": "indicator--b", "pattern": "[x:y = 'z']", "pattern_type": "stix"},
            {"type": "indicator", "id": "indicator--c", "pattern": "rule x {}", "pattern_type": "yara"},
            {"type": "intrusion-set", "id": "intrusion-set--x", "name": "APT Example"},
            {"type": "location", "id": "location--ru", "country": "RU"},
            {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates", "source_ref": "indicator--a", "target_ref": "intrusion-set--x"},
            {"type": "relationship", "id": "relationship--2", "relationship_type": "originates-from", "source_ref": "intrusion-set--x", "target_ref": "location--ru"}
        ]});
        let mut b = IndexBuilder::new();
        let skipped = load_stix(&bundle, &mut b);
        assert_eq!(
            skipped.iter().map(|s| s.what.as_str()).collect::<Vec<_>>(),
            ["indicator--b", "indicator--c"]
        );
        let index = b.build();
        let (kind, ind) = index.iter().next().unwrap_or_else(|| panic!("one indicator"));
        assert_eq!(kind, IocType::Domain);
        assert_eq!(
            (ind.name(), ind.actor.as_deref(), ind.state.as_deref()),
            ("indicator--a", Some("APT Example"), Some("RU"))
        );
    }

    #[test]
    fn patterns_beyond_values_go_to_the_pattern_crate() {
        use crate::index::{DOMAIN, Matcher, URL};
        let bundle = serde_json::json!([
            {"type": "indicator", "id": "indicator--like", "pattern": "[url:value LIKE 'http://evil.example/%']", "pattern_type": "stix"},
            {"type": "indicator", "id": "indicator--re", "pattern": "[domain-name:value MATCHES '^dga[0-9]+[.]example$']", "pattern_type": "stix"},
            {"type": "indicator", "id": "indicator--bad", "pattern": "[url:value LIKE ]", "pattern_type": "stix"}
        ]);
        let mut b = IndexBuilder::new();
        let skipped = load_stix(&bundle, &mut b);
        assert_eq!(
            skipped.iter().map(|s| s.what.as_str()).collect::<Vec<_>>(),
            ["indicator--bad"],
            "{skipped:?}"
        );
        let index = b.build();
        let names = |path: &str, value: &str| {
            let mut out = Vec::new();
            index.match_value(path, value, &mut out);
            out.iter().map(|&i| index.indicator(i).name().to_string()).collect::<Vec<_>>()
        };
        assert_eq!(names(URL, "http://evil.example/x/y"), ["indicator--like"]);
        assert_eq!(names(URL, "http://good.example/x"), Vec::<String>::new());
        assert_eq!(names(DOMAIN, "dga42.example"), ["indicator--re"]);
        assert_eq!(index.iter().count(), 0);
    }

    #[test]
    fn plain_list() {
        let mut b = IndexBuilder::new();
        let skipped =
            load_plain("# comment\nevil[.]example\n1.2.3.0/24 some note\n\nnot an ioc\n", &mut b);
        assert_eq!(b.len(), 2);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped.first().map(|s| s.what.as_str()), Some("line 5"));
    }

    #[test]
    fn long_lists_load_in_parallel_with_the_same_result() {
        use crate::Matcher;
        // Long enough to be cut into pieces; a bad line every 1000 lines, comments and blanks.
        let mut text = String::new();
        let mut bad = Vec::new();
        for n in 0..120_000u32 {
            match n % 1000 {
                0 => text.push_str("# comment\n"),
                1 => text.push('\n'),
                2 => {
                    text.push_str("not an ioc\n");
                    bad.push(format!("line {}", n + 1));
                }
                _ => text.push_str(&format!(
                    "{}.{}.{}.{}\n",
                    10 + n % 7,
                    (n >> 16) & 255,
                    (n >> 8) & 255,
                    n & 255
                )),
            }
        }
        assert!(text.len() > PARALLEL_BYTES);
        let mut b = IndexBuilder::new();
        let skipped = load_plain(&text, &mut b);
        assert_eq!(skipped.iter().map(|s| s.what.clone()).collect::<Vec<_>>(), bad);
        assert_eq!(b.len(), 120_000 - 3 * 120);
        let index = b.build();
        let mut out = Vec::new();
        index.match_value(crate::index::IPV4, "11.1.134.163", &mut out);
        assert_eq!(out.len(), 1, "line 100004's address");
        assert_eq!(index.indicator(out[0]).matched.as_ref(), "11.1.134.163");
    }
}
