//! Property-level rules shared by all object types: value kinds, references, timestamps,
//! external references, markings, hashes, kill chain phases, extensions.

use serde_json::{Map, Value};

use super::Ctx;
use super::formats;
use crate::Timestamp;
use crate::vocab;

/// What a reference property may point to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Refs {
    Any,
    Only(&'static [&'static str]),
    Not(&'static [&'static str]),
    /// Any cyber-observable object (a spec-defined SCO or a custom type).
    Sco,
    /// `observed-data.object_refs`: SCOs and SROs, no SDOs.
    ScoOrSro,
}

/// The JSON shape and rules of a property value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Any,
    Str,
    Bool,
    Int(i64, i64),
    Num(f64, f64),
    Ts,
    /// A timestamp with whole seconds only (PE `time_date_stamp`).
    TsSeconds,
    Ref(Refs),
    RefList(Refs),
    StrList,
    Closed(&'static [&'static str]),
    Open(&'static [&'static str], &'static str),
    OpenList(&'static [&'static str], &'static str),
    KillChainPhases,
    Hashes,
    Dict,
    Hex,
    Binary,
    Uri,
    Lang,
    Special(fn(&mut Ctx<'_>, &Value)),
}

const SDO_TYPES: &[&str] = &[
    "attack-pattern",
    "campaign",
    "course-of-action",
    "grouping",
    "identity",
    "incident",
    "indicator",
    "infrastructure",
    "intrusion-set",
    "location",
    "malware",
    "malware-analysis",
    "note",
    "observed-data",
    "opinion",
    "report",
    "threat-actor",
    "tool",
    "vulnerability",
];

pub(crate) const SCO_TYPES: &[&str] = &[
    "artifact",
    "autonomous-system",
    "directory",
    "domain-name",
    "email-addr",
    "email-message",
    "file",
    "ipv4-addr",
    "ipv6-addr",
    "mac-addr",
    "mutex",
    "network-traffic",
    "process",
    "software",
    "url",
    "user-account",
    "windows-registry-key",
    "x509-certificate",
];

const NON_SCO_TYPES: &[&str] = &[
    "relationship",
    "sighting",
    "marking-definition",
    "language-content",
    "extension-definition",
    "bundle",
];

fn type_allowed(refs: Refs, ty: &str) -> bool {
    match refs {
        Refs::Any => true,
        Refs::Only(types) => types.contains(&ty),
        Refs::Not(types) => !types.contains(&ty),
        Refs::Sco => !SDO_TYPES.contains(&ty) && !NON_SCO_TYPES.contains(&ty),
        Refs::ScoOrSro => {
            !SDO_TYPES.contains(&ty)
                && !matches!(
                    ty,
                    "marking-definition" | "language-content" | "extension-definition" | "bundle"
                )
        }
    }
}

fn describe(refs: Refs) -> String {
    match refs {
        Refs::Any => "any object".to_owned(),
        Refs::Only(types) => types.join(" or "),
        Refs::Not(types) => format!("an object that is not {}", types.join(", ")),
        Refs::Sco => "a cyber-observable object".to_owned(),
        Refs::ScoOrSro => "a cyber-observable object or a relationship or sighting".to_owned(),
    }
}

/// Checks `value` at the current path against `kind`.
pub(crate) fn check_kind(cx: &mut Ctx<'_>, value: &Value, kind: Kind) {
    match kind {
        Kind::Any => {}
        Kind::Str => {
            if !value.is_string() {
                cx.error("property-type", "must be a string");
            }
        }
        Kind::Bool => {
            if !value.is_boolean() {
                cx.error("property-type", "must be a boolean");
            }
        }
        Kind::Int(min, max) => match value.as_i64() {
            Some(n) if n < min => cx.error("property-type", format!("{n} is less than {min}")),
            Some(n) if n > max => cx.error("property-type", format!("{n} is greater than {max}")),
            Some(_) => {}
            None if value.is_u64() => cx.error("property-type", "integer out of range"),
            None => cx.error("property-type", "must be an integer"),
        },
        Kind::Num(min, max) => match value.as_f64() {
            Some(n) if n < min || n > max => {
                cx.error("property-type", format!("{n} is outside {min}..={max}"))
            }
            Some(_) => {}
            None => cx.error("property-type", "must be a number"),
        },
        Kind::Ts => {
            timestamp(cx, value);
        }
        Kind::TsSeconds => {
            if let Some(t) = timestamp(cx, value)
                && t.precision() != 0
            {
                cx.error("timestamp-precision", "must be precise to the second, without fractions");
            }
        }
        Kind::Ref(refs) => reference(cx, value, refs),
        Kind::RefList(refs) => {
            for_each_item(cx, value, |cx, item| reference(cx, item, refs));
        }
        Kind::StrList => {
            for_each_item(cx, value, |cx, item| check_kind(cx, item, Kind::Str));
        }
        Kind::Closed(values) => match value.as_str() {
            Some(s) if values.contains(&s) => {}
            Some(s) => {
                cx.error("closed-vocabulary", format!("{s:?} is not one of {}", values.join(", ")))
            }
            None => cx.error("property-type", "must be a string"),
        },
        Kind::Open(values, code) => match value.as_str() {
            Some(s) => open_vocab(cx, s, values, code),
            None => cx.error("property-type", "must be a string"),
        },
        Kind::OpenList(values, code) => for_each_item(cx, value, |cx, item| match item.as_str() {
            Some(s) => open_vocab(cx, s, values, code),
            None => cx.error("property-type", "must be a string"),
        }),
        Kind::KillChainPhases => for_each_item(cx, value, kill_chain_phase),
        Kind::Hashes => hashes(cx, value),
        Kind::Dict => dictionary(cx, value),
        Kind::Hex => match value.as_str() {
            Some(s) if formats::is_hex(s) => {}
            Some(_) => cx.error("invalid-value", "must be an even number of hex digits"),
            None => cx.error("property-type", "must be a string"),
        },
        Kind::Binary => match value.as_str() {
            Some(s) if formats::is_base64(s) => {}
            Some(_) => cx.error("invalid-value", "must be base64-encoded"),
            None => cx.error("property-type", "must be a string"),
        },
        Kind::Uri => match value.as_str() {
            Some(s) if formats::is_uri(s) => {}
            Some(s) => cx.error("invalid-value", format!("{s:?} is not a URL")),
            None => cx.error("property-type", "must be a string"),
        },
        Kind::Lang => match value.as_str() {
            Some(s) if formats::is_language_tag(s) => {}
            Some(s) => {
                cx.error("invalid-language", format!("{s:?} is not an RFC 5646 language code"))
            }
            None => cx.error("property-type", "must be a string"),
        },
        Kind::Special(f) => f(cx, value),
    }
}

/// Runs `f` on each item of a non-empty list.
pub(crate) fn for_each_item(
    cx: &mut Ctx<'_>,
    value: &Value,
    mut f: impl FnMut(&mut Ctx<'_>, &Value),
) {
    match value {
        Value::Array(items) if items.is_empty() => cx.error("property-type", "must not be empty"),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = cx.push_index(i);
                f(cx, item);
                cx.pop(len);
            }
        }
        _ => cx.error("property-type", "must be a list"),
    }
}

fn open_vocab(cx: &mut Ctx<'_>, s: &str, values: &[&str], code: &'static str) {
    if values.contains(&s) {
        return;
    }
    if cx.should_runs(code) {
        cx.warn(code, format!("{s:?} is not in the vocabulary ({})", values.join(", ")));
    }
    if code != "241" && !formats::is_vocab_format(s) && cx.should_runs("111") {
        cx.warn("111", format!("{s:?}: open-vocabulary values should be lower-case with hyphens"));
    }
}

/// A timestamp string; returns it parsed when valid.
pub(crate) fn timestamp(cx: &mut Ctx<'_>, value: &Value) -> Option<Timestamp> {
    match value.as_str() {
        Some(s) => match Timestamp::parse(s) {
            Ok(t) => Some(t),
            Err(_) => {
                cx.error(
                    "invalid-timestamp",
                    format!("{s:?} is not a valid timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)"),
                );
                None
            }
        },
        None => {
            cx.error("property-type", "must be a timestamp string");
            None
        }
    }
}

/// An identifier of an allowed type, or in `observed-data.objects` a key of that dictionary.
pub(crate) fn reference(cx: &mut Ctx<'_>, value: &Value, refs: Refs) {
    let Some(s) = value.as_str() else {
        cx.error("property-type", "must be an identifier string");
        return;
    };
    if let Some(objects) = cx.embedded {
        match objects.get(s) {
            None => cx.error("unresolved-reference", format!("{s:?} is not a key of `objects`")),
            Some(target) => {
                if let Some(ty) = target.get("type").and_then(Value::as_str)
                    && !type_allowed(refs, ty)
                {
                    cx.error(
                        "invalid-reference-type",
                        format!("must refer to {}, not {ty}", describe(refs)),
                    );
                }
            }
        }
        return;
    }
    match formats::identifier_type(s) {
        None => cx.error("invalid-identifier", format!("{s:?} is not an identifier (type--UUID)")),
        Some(ty) if !type_allowed(refs, ty) => cx
            .error("invalid-reference-type", format!("must refer to {}, not {ty}", describe(refs))),
        Some(_) => {
            if cx.enforces_refs() {
                let path = cx.path.clone();
                cx.refs.push((path, s.to_owned()));
            }
        }
    }
}

fn kill_chain_phase(cx: &mut Ctx<'_>, value: &Value) {
    let Some(map) = value.as_object() else {
        cx.error("invalid-kill-chain-phase", "a kill chain phase must be an object");
        return;
    };
    for key in ["kill_chain_name", "phase_name"] {
        match map.get(key) {
            Some(Value::String(s)) => {
                if !formats::is_vocab_format(s) && cx.should_runs("121") {
                    cx.warn_at(key, "121", format!("{s:?} should be lower-case with hyphens"));
                }
            }
            Some(_) => cx.error_at(key, "property-type", "must be a string"),
            None => cx.error("invalid-kill-chain-phase", format!("{key:?} is required")),
        }
    }
}

/// §2.7 hashes: a non-empty dictionary of algorithm name to hash value.
pub(crate) fn hashes(cx: &mut Ctx<'_>, value: &Value) {
    let Some(map) = value.as_object() else {
        cx.error("property-type", "hashes must be a dictionary");
        return;
    };
    if map.is_empty() {
        cx.error("property-type", "hashes must not be empty");
    }
    for (algorithm, hash) in map {
        let len = cx.push_key(algorithm);
        match hash.as_str() {
            None => cx.error("property-type", "a hash must be a string"),
            Some(h) => {
                let ok = match algorithm.as_str() {
                    "SSDEEP" => {
                        (1..=128).contains(&h.len())
                            && h.bytes().all(|c| c.is_ascii_alphanumeric() || b"/+:.".contains(&c))
                    }
                    "TLSH" => h.len() == 70 && h.bytes().all(|c| c.is_ascii_alphanumeric()),
                    other => match formats::hash_hex_len(other) {
                        Some(n) => h.len() == n && h.bytes().all(|c| c.is_ascii_hexdigit()),
                        None => {
                            let name_ok = (3..=250).contains(&other.len())
                                && other
                                    .bytes()
                                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
                            if !name_ok {
                                cx.error(
                                    "invalid-hash",
                                    format!("{other:?} is not a valid hash algorithm name"),
                                );
                            } else {
                                if !other.starts_with("x_") && cx.should_runs("241") {
                                    cx.warn(
                                        "241",
                                        format!("{other:?} is not in hash-algorithm-ov"),
                                    );
                                }
                                if other.len() > 30 && cx.should_runs("150") {
                                    cx.warn(
                                        "150",
                                        "custom hash names should be at most 30 characters",
                                    );
                                }
                            }
                            true
                        }
                    },
                };
                if !ok {
                    cx.error("invalid-hash", format!("{h:?} is not a valid {algorithm} hash"));
                }
            }
        }
        cx.pop(len);
    }
}

/// §2.6 dictionary: a non-empty object with ASCII keys.
pub(crate) fn dictionary(cx: &mut Ctx<'_>, value: &Value) {
    let Some(map) = value.as_object() else {
        cx.error("property-type", "must be a dictionary");
        return;
    };
    if map.is_empty() {
        cx.error("property-type", "a dictionary must not be empty");
    }
    for (key, v) in map {
        if !formats::is_dictionary_key(key) {
            cx.error_at(
                key,
                "invalid-value",
                "dictionary keys must be at most 250 ASCII letters, digits, '_' or '-'",
            );
        }
        if v.is_null() || v.as_array().is_some_and(Vec::is_empty) {
            cx.error_at(key, "property-type", "dictionary values must not be null or empty lists");
        }
    }
}

/// §2.5 external references, including the CVE and CAPEC rules.
pub(crate) fn external_references(cx: &mut Ctx<'_>, value: &Value) {
    for_each_item(cx, value, |cx, item| {
        let Some(map) = item.as_object() else {
            cx.error("property-type", "an external reference must be an object");
            return;
        };
        for (key, kind) in [
            ("source_name", Kind::Str),
            ("description", Kind::Str),
            ("url", Kind::Uri),
            ("external_id", Kind::Str),
            ("hashes", Kind::Hashes),
        ] {
            if let Some(v) = map.get(key) {
                let len = cx.push_key(key);
                check_kind(cx, v, kind);
                cx.pop(len);
            }
        }
        let source = map.get("source_name").and_then(Value::as_str);
        let external_id = map.get("external_id").and_then(Value::as_str);
        let problem = match (source, external_id) {
            (None, _) => Some("'source_name' is required"),
            (Some("cve"), Some(id)) if is_cve(id) => None,
            (Some("cve"), _) => {
                Some("a CVE reference needs an external_id of the form CVE-YYYY-NNNN+")
            }
            (Some("capec"), Some(id)) if is_capec(id) => None,
            (Some("capec"), _) => {
                Some("a CAPEC reference needs an external_id of the form CAPEC-N+")
            }
            (Some(_), Some(id)) if is_cve(id) || is_capec(id) => {
                Some("a CVE or CAPEC external_id needs source_name 'cve' or 'capec'")
            }
            (Some(_), _) => {
                if ["external_id", "url", "description"].iter().any(|k| map.contains_key(*k)) {
                    None
                } else {
                    Some("needs at least one of 'external_id', 'url' or 'description'")
                }
            }
        };
        if let Some(problem) = problem {
            cx.error("invalid-external-reference", problem);
        }
        if map.contains_key("url") && !map.contains_key("hashes") && cx.should_runs("302") {
            cx.warn("302", "an external reference with a url should also have hashes");
        }
    });
}

fn is_cve(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("CVE-") else { return false };
    let Some((year, num)) = rest.split_once('-') else { return false };
    year.len() == 4
        && year.bytes().all(|c| c.is_ascii_digit())
        && num.len() >= 4
        && num.bytes().all(|c| c.is_ascii_digit())
        && (num.len() == 4 || !num.starts_with('0'))
}

fn is_capec(s: &str) -> bool {
    s.strip_prefix("CAPEC-").is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

/// `object_marking_refs`: marking-definition identifiers, none naming the object itself.
pub(crate) fn object_marking_refs(cx: &mut Ctx<'_>, value: &Value) {
    let own_id = cx.object_id;
    for_each_item(cx, value, |cx, item| marking_ref(cx, item, own_id));
}

fn marking_ref(cx: &mut Ctx<'_>, item: &Value, own_id: Option<&str>) {
    match item.as_str() {
        None => cx.error("property-type", "must be an identifier string"),
        Some(s) => match formats::identifier_type(s) {
            None => cx.error("invalid-identifier", format!("{s:?} is not an identifier")),
            Some("marking-definition") if Some(s) == own_id => cx.error(
                "invalid-marking-reference",
                "a marking definition must not mark itself (no circular references)",
            ),
            // TLP definitions are known by id (see `is_predefined_tlp`).
            Some("marking-definition") if is_predefined_tlp(s) => {}
            Some("marking-definition") => {
                if cx.enforces_refs() {
                    let path = cx.path.clone();
                    cx.refs.push((path, s.to_owned()));
                }
            }
            Some(ty) => cx.error(
                "invalid-marking-reference",
                format!("must refer to a marking-definition, not {ty}"),
            ),
        },
    }
}

/// `granular_markings` (§7.2.3): each has selectors that select something in `object`, and
/// either a `marking_ref` or a `lang`.
pub(crate) fn granular_markings(cx: &mut Ctx<'_>, value: &Value, object: &Map<String, Value>) {
    let own_id = cx.object_id;
    for_each_item(cx, value, |cx, item| {
        let Some(map) = item.as_object() else {
            cx.error("property-type", "a granular marking must be an object");
            return;
        };
        match (map.get("marking_ref"), map.get("lang")) {
            (Some(r), _) => {
                let len = cx.push_key("marking_ref");
                marking_ref(cx, r, own_id);
                cx.pop(len);
            }
            (None, Some(lang)) => {
                let len = cx.push_key("lang");
                check_kind(cx, lang, Kind::Lang);
                cx.pop(len);
            }
            (None, None) => cx.error("required-property", "needs 'marking_ref' or 'lang'"),
        }
        match map.get("selectors") {
            None => cx.error("required-property", "'selectors' is required"),
            Some(selectors) => {
                let len = cx.push_key("selectors");
                for_each_item(cx, selectors, |cx, selector| match selector.as_str() {
                    None => cx.error("property-type", "a selector must be a string"),
                    Some(s) => {
                        if let Err(why) = resolve_selector(object, s) {
                            cx.error("invalid-selector", format!("{s:?}: {why}"));
                        }
                    }
                });
                cx.pop(len);
            }
        }
    });
}

fn resolve_selector(object: &Map<String, Value>, selector: &str) -> Result<(), String> {
    if selector == "id" {
        return Ok(());
    }
    let mut segments = selector.split('.');
    let first = segments.next().unwrap_or("");
    if !(3..=249).contains(&first.len()) || !formats::is_dictionary_key(first) {
        return Err("the first segment must be a property name".to_owned());
    }
    let mut current = object.get(first).ok_or_else(|| format!("{first} is not a property"))?;
    for segment in segments {
        if let Some(index) = segment.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let i: usize = index.parse().map_err(|_| format!("{segment} is not an index"))?;
            current = current
                .as_array()
                .ok_or_else(|| "not a list".to_owned())?
                .get(i)
                .ok_or_else(|| format!("{i} is not a valid index"))?;
        } else {
            if segment.is_empty() || !formats::is_dictionary_key(segment) {
                return Err(format!("{segment:?} is not a valid segment"));
            }
            current = current
                .as_object()
                .and_then(|m| m.get(segment))
                .ok_or_else(|| format!("{segment} is not a property"))?;
        }
    }
    Ok(())
}

/// Checks the property names (and `_bin`/`_hex` values) of an extension or custom object.
pub(crate) fn custom_property(cx: &mut Ctx<'_>, name: &str, value: &Value) {
    let len = cx.push_key(name);
    if !formats::is_property_name(name) && name != "id" {
        cx.error(
            "invalid-property-name",
            format!("{name:?}: property names are 3-250 characters of a-z, 0-9 and _"),
        );
    }
    match value {
        Value::Null => cx.error("property-type", "properties must not be null"),
        Value::Array(a) if a.is_empty() => cx.error("property-type", "empty lists are not allowed"),
        _ => {}
    }
    if name.ends_with("_bin") {
        check_kind(cx, value, Kind::Binary);
    } else if name.ends_with("_hex") {
        check_kind(cx, value, Kind::Hex);
    }
    cx.pop(len);
}

/// What a custom name names, for the prefix conventions of checks 101 and 102.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Naming {
    Property,
    Type,
    Extension,
}

/// Whether `rest` is `source<sep>name` with both parts non-empty.
fn has_source(rest: Option<&str>, sep: char) -> bool {
    rest.is_some_and(|r| r.len() > 2 && r[1..r.len() - 1].contains(sep))
}

/// Checks 101/102: custom names SHOULD carry the `x_`/`x-` prefix (strict: followed by a
/// source identifier). The 2.1 way is an extension definition (check 401); the prefix rules
/// apply only when 401 is turned off, as in the reference validator.
pub(crate) fn custom_naming(cx: &mut Ctx<'_>, naming: Naming, name: &str) {
    if cx.should_runs("401") {
        return;
    }
    let (rest, sep, what) = match naming {
        Naming::Property => (name.strip_prefix("x_"), '_', "property"),
        Naming::Type => (name.strip_prefix("x-"), '-', "object type"),
        Naming::Extension => {
            (name.strip_prefix("x-").and_then(|r| r.strip_suffix("-ext")), '-', "extension")
        }
    };
    let prefix = if sep == '_' { "x_" } else { "x-" };
    if cx.should_runs("101") {
        if !has_source(rest, sep) {
            cx.warn(
                "101",
                format!(
                    "custom {what} {name:?} should start with '{prefix}', a source and '{sep}'"
                ),
            );
        }
    } else if cx.should_runs("102") && rest.is_none_or(str::is_empty) {
        cx.warn("102", format!("custom {what} {name:?} should start with '{prefix}'"));
    }
}

/// A property the specification does not define where it appears: its name and value rules,
/// `strict_properties`, and the SHOULDs about custom content.
pub(crate) fn undefined_property(cx: &mut Ctx<'_>, key: &str, value: &Value, by_extension: bool) {
    custom_property(cx, key, value);
    let len = cx.push_key(key);
    if cx.options().strict_properties {
        cx.error(
            "custom-property",
            format!("{key:?} is not a property the specification defines here"),
        );
    }
    if !by_extension && cx.should_runs("401") {
        cx.warn(
            "401",
            format!("custom property {key:?} should be defined by an extension-definition"),
        );
    }
    custom_naming(cx, Naming::Property, key);
    cx.pop(len);
}

/// A predefined SCO extension: its properties, which are required, and "at least one of".
#[derive(Debug)]
pub(crate) struct ExtSpec {
    pub props: &'static [(&'static str, Kind)],
    pub required: &'static [&'static str],
    pub any_of: &'static [&'static str],
}

/// `extensions` (§7.3): `extension-definition--UUID` keys with an `extension_type`, or the
/// predefined `...-ext` names of SCOs.
pub(crate) fn extensions(
    cx: &mut Ctx<'_>,
    value: &Value,
    object_type: &str,
    predefined: fn(&str, &str) -> Option<&'static ExtSpec>,
) {
    let Some(map) = value.as_object() else {
        cx.error("property-type", "extensions must be a dictionary");
        return;
    };
    if map.is_empty() {
        cx.error("property-type", "extensions must not be empty");
    }
    for (name, ext) in map {
        let len = cx.push_key(name);
        if let Some(uuid) = name.strip_prefix("extension-definition--") {
            if formats::uuid_version(uuid).is_none() {
                cx.error("extension-name", format!("{name:?} is not an extension-definition id"));
            }
            match ext.as_object() {
                None => cx.error("property-type", "an extension must be an object"),
                Some(ext) => {
                    match ext.get("extension_type") {
                        None => cx.error("extension-type", "'extension_type' is required"),
                        Some(t) => {
                            let l = cx.push_key("extension_type");
                            check_kind(cx, t, Kind::Closed(vocab::EXTENSION_TYPE_ENUM));
                            cx.pop(l);
                        }
                    }
                    for (k, v) in ext {
                        if k != "extension_type" {
                            custom_property(cx, k, v);
                        }
                    }
                }
            }
        } else if is_ext_name(name) && object_type != "marking-definition" {
            match ext.as_object() {
                None => cx.error("property-type", "an extension must be an object"),
                Some(ext) if ext.is_empty() => {
                    cx.error("extension-content", "an extension must not be empty")
                }
                Some(ext) => match predefined(object_type, name) {
                    Some(spec) => predefined_extension(cx, ext, spec),
                    None => {
                        for (k, v) in ext {
                            custom_property(cx, k, v);
                        }
                        if cx.should_runs("401") {
                            cx.warn(
                                "401",
                                format!("custom extension {name:?} should be defined by an extension-definition"),
                            );
                        }
                        custom_naming(cx, Naming::Extension, name);
                    }
                },
            }
        } else {
            cx.error(
                "extension-name",
                format!(
                    "{name:?} is neither an extension-definition id nor a predefined extension"
                ),
            );
        }
        cx.pop(len);
    }
}

fn is_ext_name(name: &str) -> bool {
    name.strip_suffix("-ext").is_some_and(|stem| {
        let b = stem.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_lowercase()
            && !stem.contains("--")
            && !stem.ends_with('-')
            && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    })
}

pub(crate) fn predefined_extension(cx: &mut Ctx<'_>, ext: &Map<String, Value>, spec: &ExtSpec) {
    for (key, v) in ext {
        match spec.props.iter().find(|(name, _)| name == key) {
            Some((_, kind)) => {
                let len = cx.push_key(key);
                check_kind(cx, v, *kind);
                cx.pop(len);
            }
            None => undefined_property(cx, key, v, false),
        }
    }
    for req in spec.required {
        if !ext.contains_key(*req) {
            cx.error("required-property", format!("{req:?} is required"));
        }
    }
    if !spec.any_of.is_empty() && !spec.any_of.iter().any(|k| ext.contains_key(*k)) {
        cx.error("extension-content", format!("needs at least one of {}", spec.any_of.join(", ")));
    }
}

/// The bundle's own properties (§8).
pub(crate) fn bundle_envelope(cx: &mut Ctx<'_>, envelope: &Map<String, Value>) {
    if envelope.get("type").and_then(Value::as_str) != Some("bundle") {
        cx.error_at("type", "bundle", "a bundle's type must be 'bundle'");
    }
    match envelope.get("id") {
        None => cx.error("required-property", "a bundle needs an 'id'"),
        Some(id) => {
            let len = cx.push_key("id");
            match id.as_str().map(formats::identifier_type) {
                Some(Some("bundle")) => {
                    let uuid = id.as_str().and_then(|i| i.rsplit_once("--")).map(|(_, u)| u);
                    if uuid.and_then(formats::uuid_version) != Some(4) {
                        cx.warn("103", "bundle identifiers should use UUIDv4");
                    }
                }
                Some(Some(_)) => {
                    cx.error("id-type-mismatch", "a bundle id must start with 'bundle--'")
                }
                _ => cx.error("invalid-identifier", "not an identifier (bundle--UUID)"),
            }
            cx.pop(len);
        }
    }
    if let Some(objects) = envelope.get("objects") {
        match objects {
            Value::Array(a) if a.is_empty() => {
                cx.error_at("objects", "property-type", "objects must not be empty")
            }
            Value::Array(_) => {}
            _ => cx.error_at("objects", "bundle", "objects must be a list"),
        }
    }
    for (key, v) in envelope {
        if matches!(key.as_str(), "type" | "id" | "objects") {
            continue;
        }
        if key == "spec_version" && !v.is_string() {
            cx.error_at(key, "property-type", "must be a string");
        }
        custom_property(cx, key, v);
        if cx.should_runs("401") {
            cx.warn_at(
                key,
                "401",
                format!("custom property {key:?} should be defined by an extension-definition"),
            );
        }
    }
}

/// The ids of the TLP 1.0 marking definitions (§7.2.1.4).
pub(crate) const TLP: &[(&str, &str)] = &[
    ("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
    ("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
    ("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
    ("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
];

/// The TLP 2.0 property extension on marking definitions (OASIS cti-stix-common-objects).
pub(crate) const TLP_2_EXTENSION: &str =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The five TLP 2.0 marking definitions OASIS publishes with that extension.
pub(crate) const TLP_2: &[(&str, &str)] = &[
    ("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"),
    ("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green"),
    ("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber"),
    ("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"),
    ("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red"),
];

/// Marking definitions everyone knows by id, so bundles need not carry them: TLP 1.0 (defined
/// by the specification) and TLP 2.0.
pub(crate) fn is_predefined_tlp(id: &str) -> bool {
    TLP.iter().chain(TLP_2).any(|(tlp, _)| *tlp == id)
}
