//! STIX 2.1 validation: MUST rules are errors, SHOULD rules are warnings.
//!
//! Every diagnostic has a stable code and the JSON path of the offending value, e.g.
//! `$.objects[3].external_references[0].source_name`. The rules are encoded by hand from the
//! STIX 2.1 specification (and cross-checked against the OASIS JSON schemas); nothing is loaded
//! at run time and no regular expression is compiled, so a typical object validates in a few
//! microseconds.
//!
//! Two entry points:
//! - [`validate_value`] for a document already in memory: a bundle, an array of objects or one
//!   object;
//! - [`Validator`] for huge bundles read one object at a time: [`Validator::object`] per object,
//!   then [`Validator::finish`] for the cross-object checks (duplicate ids, `enforce_refs`).
//!   Objects whose path starts with `$.objects[` are treated as members of a bundle (§3.2: an
//!   SDO or SRO without `spec_version` in a bundle is STIX 2.0 content and is not required to
//!   carry one).
//!
//! # MUST codes (errors)
//!
//! | code | rule |
//! |---|---|
//! | `not-an-object` | a STIX object must be a JSON object |
//! | `required-property` | a required property is missing (per type, §4–§8; with `interop`, the interoperability profile's too) |
//! | `property-type` | a property has the wrong JSON type, is an empty list, or is out of range |
//! | `invalid-type-name` | `type` is not 3–250 characters of `a-z`, `0-9`, `-` (§3.1) |
//! | `invalid-identifier` | an `id` or `*_ref(s)` value is not `type--UUID` (§2.9) |
//! | `id-type-mismatch` | the type in `id` is not the object's `type` |
//! | `invalid-timestamp` | not `YYYY-MM-DDTHH:MM:SS[.s+]Z`, or not a calendar date (§2.14) |
//! | `timestamp-precision` | `created`/`modified` not precise to the millisecond, or a PE `time_date_stamp` with fractions |
//! | `modified-before-created` | `modified` is earlier than `created` (§3.2) |
//! | `timestamp-order` | `last_seen < first_seen`, `valid_until <= valid_from`, `stop_time <= start_time`, `end < start`, ... |
//! | `invalid-property-name` | a property name is not 3–250 characters of `a-z0-9_` starting with a letter (§3.1) |
//! | `reserved-property` | `severity`, `action`, `username` or `phone_numbers` is used (§3.1) |
//! | `invalid-spec-version` | `spec_version` is not `2.1` (or `2.0` for older content) |
//! | `invalid-reference-type` | a `*_ref(s)` points to a type the property does not allow |
//! | `unresolved-reference` | with `enforce_refs`, a reference names no object of the bundle; in `observed-data.objects`, a key that does not exist |
//! | `closed-vocabulary` | a value outside a closed enumeration |
//! | `invalid-marking-reference` | `object_marking_refs`/`marking_ref` is not a `marking-definition` id, or a marking definition marks itself (§7.2) |
//! | `invalid-selector` | a granular-marking selector is malformed or does not select anything (§7.2.3) |
//! | `invalid-marking-definition` | a `tlp` marking that is not one of the four predefined, a statement without text, or no definition and no extension (§7.2.1) |
//! | `invalid-external-reference` | CVE/CAPEC `external_id` format, or no `external_id`/`url`/`description` (§2.5) |
//! | `invalid-hash` | a hash of a spec-defined algorithm with the wrong length or alphabet, or a bad hash key (§2.7) |
//! | `invalid-kill-chain-phase` | a kill chain phase without `kill_chain_name`/`phase_name` strings (§2.8) |
//! | `extension-name` | an `extensions` key that is neither `extension-definition--UUID` nor a `...-ext` name (§7.3) |
//! | `extension-type` | an extension-definition extension without a valid `extension_type` |
//! | `extension-content` | an empty or malformed predefined SCO extension (§6) |
//! | `extension-definition` | `extension_properties` given without `toplevel-property-extension` |
//! | `invalid-pattern` | an indicator's STIX pattern does not parse, or names invalid object types/properties (§9) |
//! | `invalid-language` | `lang`, `languages` or `contents` keys that are not RFC 5646 tags |
//! | `invalid-value` | a value outside the format a property requires (IP address, MAC, URL, email, hex, base64, MIME type, charset, CPE, registry key, dictionary key, ...) |
//! | `constraint` | a co-occurrence rule (`is_family` needs `name`, `is_active` excludes `end`, one of `payload_bin`/`url`, location coordinates, ...) |
//! | `uuid-version` | `process`, or an SCO without id-contributing properties, not identified by a UUIDv4 (§6) |
//! | `observed-data-objects` | `objects` is not a dictionary of SCOs, or both/neither of `objects` and `object_refs` |
//! | `bundle` | a bundle envelope that is not `type: bundle` with a `bundle--` id and a list of objects |
//! | `unknown-check` | [`Options::enabled`]/[`Options::disabled`] names no SHOULD check (reported by [`Validator::finish`]) |
//! | `custom-type` | with `strict_types`, an object type the specification does not define |
//! | `custom-property` | with `strict_properties`, a property the specification does not define |
//!
//! # SHOULD codes (warnings; errors with `strict`)
//!
//! Numbered as in the reference `stix2-validator`, so its users recognise them; each can be
//! named in [`Options::disabled`] / [`Options::enabled`] by code or by name.
//!
//! | code | name | rule |
//! |---|---|---|
//! | `101` | custom-prefix | custom names SHOULD be `x_source_name` / `x-source-name` (only with 401 off) |
//! | `102` | custom-prefix-lax | custom names SHOULD start with `x_` / `x-` (only with 401 and 101 off) |
//! | `103` | uuid-check | SDO/SRO/SMO and bundle ids SHOULD use UUIDv4, SCOs with id-contributing properties UUIDv5 |
//! | `111` | open-vocab-format | open-vocabulary values SHOULD be lower-case with hyphens |
//! | `121` | kill-chain-names | kill chain and phase names SHOULD be lower-case with hyphens |
//! | `141` | observable-object-keys | `observed-data.objects` keys SHOULD be non-negative integers |
//! | `142` | observable-dictionary-keys | dictionary keys inside SCOs SHOULD be lower-case |
//! | `143` | malware-analysis-product | `product` SHOULD be lower-case with hyphens |
//! | `149` | windows-process-priority-format | `priority` SHOULD end in `_CLASS` |
//! | `150` | hash-length | custom hash names SHOULD be ≤ 30 characters |
//! | `201` | marking-definition-type | `definition_type` SHOULD be `statement` or `tlp` |
//! | `202` | relationship-types | relationship types SHOULD be the ones §4 suggests for the source and target types |
//! | `203` | duplicate-ids | the same id and `modified` SHOULD NOT appear twice |
//! | `211`–`245` | attack-motivation, ... | open-vocabulary values SHOULD come from the vocabulary (hash names, PE types, account types, pattern types included) |
//! | `271` | mime-type | a file's `mime_type` SHOULD be an IANA media type |
//! | `276` | pdf-doc-info | `document_info_dict` keys SHOULD be PDF information dictionary keys |
//! | `277` | countries | `country` SHOULD be an ISO 3166-1 alpha-2 code |
//! | `301` | network-traffic-ports | network traffic SHOULD have both `src_port` and `dst_port` |
//! | `302` | extref-hashes | external references with a `url` SHOULD have `hashes` |
//! | `303` | indicator-properties | indicators SHOULD have a `name` and a `description` |
//! | `304` | deprecated-properties | `observed-data.objects` is deprecated |
//! | `305` | extension-description | extension definitions SHOULD have a `description` |
//! | `306` | extension-properties | `toplevel-property-extension` definitions SHOULD list `extension_properties` |
//! | `401` | extensions-use | custom objects, properties, extensions and marking definitions SHOULD be defined by an extension definition |
//!
//! The groups `1` (format-checks), `2` (approved-values), `210` (all-vocabs) and `270`
//! (all-external-sources) select their members in [`Options::enabled`]/[`Options::disabled`].
//! Checks 272–275 (IANA protocol, IPFIX, header and socket-option registries) are accepted as
//! names but not run: Cairn does not embed those registries.

mod formats;
mod objects;
mod pattern;
mod rules;
mod sco;

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

/// Which rules apply.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// SHOULD rules become errors.
    pub strict: bool,
    /// No custom object types.
    pub strict_types: bool,
    /// No custom properties.
    pub strict_properties: bool,
    /// References from objects of a bundle must resolve to an object of the same bundle
    /// (the four predefined TLP marking definitions excepted).
    pub enforce_refs: bool,
    /// The extra MUSTs of the STIX interoperability profile.
    pub interop: bool,
    /// SHOULD check codes (or names) to skip.
    pub disabled: Vec<String>,
    /// If non-empty, run only these SHOULD checks.
    pub enabled: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `required-property` for a MUST or `201` for a SHOULD.
    pub code: &'static str,
    /// The `id` of the object the problem is in, when it has one.
    pub object_id: Option<String>,
    /// JSON path from the document root, e.g. `$.objects[3].external_references[0]`.
    pub path: String,
    pub message: String,
}

/// The SHOULD checks: code, name, and the group codes that also select it (as in the reference
/// validator: `1` format checks, `2` approved values, `210` all vocabularies, `270` all
/// external registries).
const SHOULD_CHECKS: &[(&str, &str, &[&str])] = &[
    ("101", "custom-prefix", &["1"]),
    ("102", "custom-prefix-lax", &["1"]),
    ("103", "uuid-check", &["1"]),
    ("111", "open-vocab-format", &["1"]),
    ("121", "kill-chain-names", &["1"]),
    ("141", "observable-object-keys", &["1"]),
    ("142", "observable-dictionary-keys", &["1"]),
    ("143", "malware-analysis-product", &["1"]),
    ("149", "windows-process-priority-format", &["1"]),
    ("150", "hash-length", &["1"]),
    ("201", "marking-definition-type", &["2"]),
    ("202", "relationship-types", &["2"]),
    ("203", "duplicate-ids", &["2"]),
    ("211", "attack-motivation", &["2", "210"]),
    ("212", "attack-resource-level", &["2", "210"]),
    ("213", "identity-class", &["2", "210"]),
    ("214", "indicator-types", &["2", "210"]),
    ("215", "industry-sector", &["2", "210"]),
    ("216", "malware-types", &["2", "210"]),
    ("218", "report-types", &["2", "210"]),
    ("219", "threat-actor-types", &["2", "210"]),
    ("220", "threat-actor-role", &["2", "210"]),
    ("221", "threat-actor-sophistication", &["2", "210"]),
    ("222", "tool-types", &["2", "210"]),
    ("223", "region", &["2", "210"]),
    ("225", "grouping-context", &["2", "210"]),
    ("226", "implementation-languages", &["2", "210"]),
    ("227", "infrastructure-types", &["2", "210"]),
    ("228", "malware-capabilities", &["2", "210"]),
    ("230", "processor-architecture", &["2", "210"]),
    ("231", "malware-result", &["2", "210"]),
    ("241", "hash-algo", &["2", "210"]),
    ("243", "windows-pebinary-type", &["2", "210"]),
    ("244", "account-type", &["2", "210"]),
    ("245", "indicator-pattern-types", &["2", "210"]),
    ("271", "mime-type", &["2", "270"]),
    ("272", "protocols", &["2", "270"]),
    ("273", "ipfix", &["2", "270"]),
    ("274", "http-request-headers", &["2", "270"]),
    ("275", "socket-options", &["2", "270"]),
    ("276", "pdf-doc-info", &["2", "270"]),
    ("277", "countries", &["2", "270"]),
    ("301", "network-traffic-ports", &[]),
    ("302", "extref-hashes", &[]),
    ("303", "indicator-properties", &[]),
    ("304", "deprecated-properties", &[]),
    ("305", "extension-description", &[]),
    ("306", "extension-properties", &[]),
    ("401", "extensions-use", &[]),
];

const SHOULD_GROUPS: &[(&str, &str)] = &[
    ("1", "format-checks"),
    ("2", "approved-values"),
    ("210", "all-vocabs"),
    ("270", "all-external-sources"),
];

/// A SHOULD code as a bit index (all codes are below 512).
fn check_number(code: &str) -> Option<usize> {
    code.parse::<usize>().ok().filter(|&n| n < 512)
}

/// Which SHOULD codes run under `options`: computed once per [`Validator`].
#[derive(Clone, Debug)]
struct ShouldFilter {
    /// Bit `n` is set when check `n` runs: a lookup per rule without hashing.
    active: [u64; 8],
    /// Names in `enabled`/`disabled` that are no check: a usage error.
    unknown: Vec<String>,
}

impl ShouldFilter {
    fn runs(&self, code: &str) -> bool {
        check_number(code).is_some_and(|n| self.active[n / 64] & (1 << (n % 64)) != 0)
    }

    fn new(options: &Options) -> Self {
        let selects = |s: &str, code: &str, name: &str, groups: &[&str]| {
            s == "all"
                || s == code
                || s == name
                || SHOULD_GROUPS.iter().any(|(g, n)| groups.contains(g) && (s == *g || s == *n))
        };
        let named = |list: &[String], code: &str, name: &str, groups: &[&str]| {
            list.iter().any(|s| selects(s, code, name, groups))
        };
        let mut active = [0u64; 8];
        for (code, name, groups) in SHOULD_CHECKS {
            if !named(&options.disabled, code, name, groups)
                && (options.enabled.is_empty() || named(&options.enabled, code, name, groups))
                && let Some(n) = check_number(code)
            {
                active[n / 64] |= 1 << (n % 64);
            }
        }
        let unknown = options
            .enabled
            .iter()
            .chain(&options.disabled)
            .filter(|s| {
                !SHOULD_CHECKS.iter().any(|(code, name, groups)| selects(s, code, name, groups))
            })
            .cloned()
            .collect();
        ShouldFilter { active, unknown }
    }
}

/// Per-object state while the rules run: where we are and what was found.
pub(crate) struct Ctx<'a> {
    options: &'a Options,
    filter: &'a ShouldFilter,
    pub(crate) object_id: Option<&'a str>,
    pub(crate) path: String,
    pub(crate) diags: Vec<Diagnostic>,
    /// The `objects` dictionary of the observed-data being checked: SCO references inside it
    /// are its keys, not identifiers.
    pub(crate) embedded: Option<&'a Map<String, Value>>,
    /// A member of a bundle (an SDO without `spec_version` is STIX 2.0 content there).
    pub(crate) in_bundle: bool,
    /// Identifiers referenced by the object, collected for `enforce_refs`.
    pub(crate) refs: Vec<(String, String)>,
}

impl<'a> Ctx<'a> {
    fn new(options: &'a Options, filter: &'a ShouldFilter, path: &str) -> Self {
        Ctx {
            options,
            filter,
            object_id: None,
            path: path.to_owned(),
            diags: Vec::new(),
            embedded: None,
            in_bundle: false,
            refs: Vec::new(),
        }
    }

    pub(crate) fn options(&self) -> &Options {
        self.options
    }

    /// References are collected for `enforce_refs` only inside a bundle, where they can resolve.
    pub(crate) fn enforces_refs(&self) -> bool {
        self.options.enforce_refs && self.in_bundle && self.embedded.is_none()
    }

    /// Appends `.key` (or `['key']` when it is not a plain name) and returns the length to
    /// restore with [`Ctx::pop`].
    pub(crate) fn push_key(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            self.path.push('.');
            self.path.push_str(key);
        } else {
            self.path.push_str("['");
            self.path.push_str(&key.replace('\\', "\\\\").replace('\'', "\\'"));
            self.path.push_str("']");
        }
        len
    }

    pub(crate) fn push_index(&mut self, index: usize) -> usize {
        use std::fmt::Write;
        let len = self.path.len();
        let _ = write!(self.path, "[{index}]");
        len
    }

    pub(crate) fn pop(&mut self, len: usize) {
        self.path.truncate(len);
    }

    fn emit(&mut self, severity: Severity, code: &'static str, message: String) {
        self.diags.push(Diagnostic {
            severity,
            code,
            object_id: self.object_id.map(str::to_owned),
            path: self.path.clone(),
            message,
        });
    }

    /// A MUST violation at the current path.
    pub(crate) fn error(&mut self, code: &'static str, message: impl Into<String>) {
        self.emit(Severity::Error, code, message.into());
    }

    /// A MUST violation at the current path plus `.key`.
    pub(crate) fn error_at(&mut self, key: &str, code: &'static str, message: impl Into<String>) {
        let len = self.push_key(key);
        self.error(code, message);
        self.pop(len);
    }

    /// Whether the SHOULD check `code` runs; callers test it before building a message.
    pub(crate) fn should_runs(&self, code: &str) -> bool {
        self.filter.runs(code)
    }

    /// A SHOULD violation at the current path (an error under `strict`).
    pub(crate) fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        if self.should_runs(code) {
            let severity = if self.options.strict { Severity::Error } else { Severity::Warning };
            self.emit(severity, code, message.into());
        }
    }

    pub(crate) fn warn_at(&mut self, key: &str, code: &'static str, message: impl Into<String>) {
        if self.should_runs(code) {
            let len = self.push_key(key);
            self.warn(code, message);
            self.pop(len);
        }
    }
}

/// Validates a stream of top-level objects, keeping what the cross-object checks need.
///
/// Memory per object is two 64-bit hashes (of the id, and of id plus `modified`), so a bundle
/// of millions of objects stays small; a hash collision (odds about n²/2⁶⁵) could at worst hide
/// an unresolved reference or report a false duplicate warning. References that already
/// resolve when their object is seen are not kept.
#[derive(Debug)]
pub struct Validator {
    options: Options,
    filter: ShouldFilter,
    /// Hashes of the ids seen.
    ids: HashSet<u64>,
    /// Hashes of (id, `modified`) seen, for duplicate ids (check 203).
    versions: HashSet<u64>,
    /// (path, referenced id, referencing object) not resolved when seen, for `enforce_refs`.
    pending: Vec<(String, String, Option<String>)>,
}

fn hash_of(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    // Fixed keys: results only need to be consistent within one run.
    let mut hasher = std::hash::DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

impl Validator {
    pub fn new(options: Options) -> Self {
        let filter = ShouldFilter::new(&options);
        Validator {
            options,
            filter,
            ids: HashSet::new(),
            versions: HashSet::new(),
            pending: Vec::new(),
        }
    }

    /// Validates one top-level object; `path` is its JSON path, e.g. `$.objects[12]` or `$`.
    pub fn object(&mut self, object: &Value, path: &str) -> Vec<Diagnostic> {
        let mut cx = Ctx::new(&self.options, &self.filter, path);
        cx.in_bundle = path.starts_with("$.objects[");
        let Some(map) = object.as_object() else {
            cx.error("not-an-object", "a STIX object must be a JSON object");
            return cx.diags;
        };
        objects::check_object(&mut cx, map);
        let id = map.get("id").and_then(Value::as_str);
        if let Some(id) = id {
            let version = map.get("modified").and_then(Value::as_str).unwrap_or("");
            self.ids.insert(hash_of(&[id]));
            if !self.versions.insert(hash_of(&[id, version])) {
                cx.warn_at(
                    "id",
                    "203",
                    format!("duplicate object {id:?} (same id and modified) in this document"),
                );
            }
        }
        for (path, target) in cx.refs.drain(..) {
            if !self.ids.contains(&hash_of(&[&target])) {
                self.pending.push((path, target, id.map(str::to_owned)));
            }
        }
        cx.diags
    }

    /// Cross-object checks after the last object (duplicate ids, `enforce_refs`).
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for name in &self.filter.unknown {
            diags.push(Diagnostic {
                severity: Severity::Error,
                code: "unknown-check",
                object_id: None,
                path: "$".to_owned(),
                message: format!("{name:?} is not a SHOULD check code or name"),
            });
        }
        for (path, target, object_id) in self.pending {
            if !self.ids.contains(&hash_of(&[&target])) {
                diags.push(Diagnostic {
                    severity: Severity::Error,
                    code: "unresolved-reference",
                    object_id,
                    path,
                    message: format!("{target:?} is not an object of this bundle"),
                });
            }
        }
        diags
    }
}

/// Validates a bundle envelope's own properties (`type`, `id`, ...) except `objects`.
pub fn validate_bundle_envelope(
    envelope: &Map<String, Value>,
    path: &str,
    options: &Options,
) -> Vec<Diagnostic> {
    let filter = ShouldFilter::new(options);
    let mut cx = Ctx::new(options, &filter, path);
    cx.object_id = envelope.get("id").and_then(Value::as_str);
    rules::bundle_envelope(&mut cx, envelope);
    cx.diags
}

/// Validates a single object, an array of objects or a bundle given as JSON.
pub fn validate_value(document: &Value, options: &Options) -> Vec<Diagnostic> {
    let mut validator = Validator::new(options.clone());
    let mut diags = Vec::new();
    match document {
        Value::Object(map) if map.get("type").and_then(Value::as_str) == Some("bundle") => {
            diags.extend(validate_bundle_envelope(map, "$", options));
            if let Some(Value::Array(objects)) = map.get("objects") {
                let mut path = String::from("$.objects[");
                for (i, object) in objects.iter().enumerate() {
                    path.truncate("$.objects[".len());
                    path.push_str(&i.to_string());
                    path.push(']');
                    diags.extend(validator.object(object, &path));
                }
            }
        }
        Value::Array(objects) => {
            for (i, object) in objects.iter().enumerate() {
                diags.extend(validator.object(object, &format!("$[{i}]")));
            }
        }
        other => diags.extend(validator.object(other, "$")),
    }
    diags.extend(validator.finish());
    diags
}

#[cfg(test)]
mod tests;
