//! Checking one incoming object and computing what the store indexes about it: the version key,
//! relationship edges, actor names, observables and searchable text. Pure: no SQL here.

use serde_json::{Map, Value};

use crate::resolve::normalize_name;

/// The Cairn actor property-extension (which vendor uses which alias, actor kind).
pub const CAIRN_ACTOR_EXTENSION: &str = stix::cairn::ACTOR_EXTENSION;

/// Object types whose records take part in alias resolution.
pub const ACTOR_TYPES: &[&str] = &["intrusion-set", "threat-actor"];

/// Largest object accepted, serialized.
const MAX_OBJECT_BYTES: usize = 16 << 20;
/// Searchable text kept per object (PostgreSQL's tsvector is limited to 1 MB).
const MAX_TEXT_BYTES: usize = 256 << 10;
/// Names kept per actor record.
const MAX_NAMES: usize = 512;

/// An actor name row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameRow {
    pub norm: String,
    pub name: String,
    pub vendor: Option<String>,
    pub primary: bool,
}

/// Everything the store keeps about one object version.
#[derive(Debug, Clone)]
pub(crate) struct Derived {
    pub id: String,
    /// Sortable version key: `modified` (or `created`) normalised to nanoseconds; "" when the
    /// object has neither (SCOs).
    pub mkey: String,
    pub modified: Option<String>,
    pub object_type: String,
    pub name: Option<String>,
    pub ext_id: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub activity: Option<String>,
    pub when_at: Option<String>,
    pub json: String,
    pub confidence: Option<i64>,
    /// (relationship_type, source_ref, target_ref)
    pub rels: Vec<(String, String, String)>,
    pub names: Vec<NameRow>,
    /// (type key, value)
    pub observables: Vec<(String, String)>,
    pub text: Option<String>,
}

fn str_prop<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

fn valid_ref(s: &str) -> bool {
    stix::id::Identifier::parse(s).is_ok()
}

/// `2020-01-01T00:00:00Z` and `2020-01-01T00:00:00.000Z` are the same instant: the key makes
/// them equal and keeps text order = time order.
pub(crate) fn version_key(ts: &str) -> Result<String, String> {
    let t = stix::timestamp::Timestamp::parse(ts)
        .map_err(|_| format!("{ts:?} is not a STIX timestamp"))?;
    let (y, mo, d, h, mi, s) = t.civil();
    Ok(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:09}Z", t.subsec_nanos()))
}

/// Checks an object and computes its index rows; the error is the reason it is rejected.
pub(crate) fn derive(value: &Value) -> Result<Derived, String> {
    let o = value.as_object().ok_or("not a JSON object")?;
    let object_type = str_prop(o, "type").ok_or("missing or non-string `type`")?;
    if !stix::id::is_valid_type_name(object_type) {
        return Err(format!("invalid type name {object_type:?}"));
    }
    let id = str_prop(o, "id").ok_or("missing or non-string `id`")?;
    let ident = stix::id::Identifier::parse(id).map_err(|e| format!("invalid id: {e}"))?;
    if ident.object_type() != object_type {
        return Err(format!("id type {:?} differs from type {object_type:?}", ident.object_type()));
    }
    let modified = str_prop(o, "modified");
    let created = str_prop(o, "created");
    if let Some(c) = created {
        version_key(c).map_err(|e| format!("created: {e}"))?;
    }
    let mkey = match modified.or(created) {
        Some(ts) => version_key(ts).map_err(|e| format!("modified: {e}"))?,
        None => String::new(),
    };
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    if json.len() > MAX_OBJECT_BYTES {
        return Err(format!(
            "object is {} bytes, more than the {MAX_OBJECT_BYTES} accepted",
            json.len()
        ));
    }
    let confidence = match o.get("confidence") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(c) if (0..=100).contains(&c) => Some(c),
            _ => return Err("`confidence` must be an integer 0..=100".into()),
        },
    };

    let mut rels = Vec::new();
    match object_type {
        "relationship" => {
            let rt = str_prop(o, "relationship_type")
                .ok_or("relationship without `relationship_type`")?;
            let s = str_prop(o, "source_ref").ok_or("relationship without `source_ref`")?;
            let t = str_prop(o, "target_ref").ok_or("relationship without `target_ref`")?;
            if !valid_ref(s) || !valid_ref(t) {
                return Err(
                    "relationship `source_ref`/`target_ref` is not a STIX identifier".into()
                );
            }
            rels.push((rt.to_owned(), s.to_owned(), t.to_owned()));
        }
        "sighting" => {
            let s = str_prop(o, "sighting_of_ref").ok_or("sighting without `sighting_of_ref`")?;
            if !valid_ref(s) {
                return Err("sighting `sighting_of_ref` is not a STIX identifier".into());
            }
            rels.push(("sighting-of".to_owned(), id.to_owned(), s.to_owned()));
        }
        _ => {}
    }
    // Containers (report, grouping, note, opinion) point at what they are about.
    if let Some(refs) = o.get("object_refs").and_then(Value::as_array) {
        for r in refs.iter().filter_map(Value::as_str).filter(|r| valid_ref(r)) {
            rels.push(("object-ref".to_owned(), id.to_owned(), r.to_owned()));
        }
    }

    let name = str_prop(o, "name").map(str::to_owned);
    let ext_id = external_id(o);
    let inactive = o.get("revoked").and_then(Value::as_bool).unwrap_or(false)
        || o.get("x_mitre_deprecated").and_then(Value::as_bool).unwrap_or(false);
    let names =
        if ACTOR_TYPES.contains(&object_type) && !inactive { actor_names(o) } else { Vec::new() };
    let country = if object_type == "location" {
        str_prop(o, "country").map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty())
    } else {
        None
    };
    let sector = if object_type == "identity" {
        o.get("sectors")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(Value::as_str)
            .map(str::to_owned)
    } else {
        None
    };
    let activity = match object_type {
        "intrusion-set" | "threat-actor" | "campaign" => {
            str_prop(o, "primary_motivation").map(str::to_owned)
        }
        "report" => first_str(o, "report_types"),
        "incident" => first_str(o, "incident_types"),
        _ => None,
    };
    let when_at = match object_type {
        "report" => str_prop(o, "published"),
        "observed-data" => str_prop(o, "first_observed"),
        _ => str_prop(o, "first_seen"),
    }
    .map(str::to_owned);

    Ok(Derived {
        id: id.to_owned(),
        mkey,
        modified: modified.or(created).map(str::to_owned),
        object_type: object_type.to_owned(),
        text: searchable_text(o, object_type, ext_id.as_deref()),
        name,
        ext_id,
        country,
        sector,
        activity,
        when_at,
        json,
        confidence,
        rels,
        names,
        observables: observables(o, object_type),
    })
}

fn first_str(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key)
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The ATT&CK id (or the first external id) of an object.
fn external_id(o: &Map<String, Value>) -> Option<String> {
    let refs = o.get("external_references")?.as_array()?;
    let with_id =
        || refs.iter().filter_map(Value::as_object).filter(|r| r.contains_key("external_id"));
    with_id()
        .find(|r| str_prop(r, "source_name").is_some_and(|s| s.starts_with("mitre")))
        .or_else(|| with_id().next())
        .and_then(|r| str_prop(r, "external_id"))
        .map(str::to_owned)
}

/// An actor record's names: its own name first, then `aliases` and ATT&CK's `x_mitre_aliases`,
/// each with the vendor the Cairn actor extension says uses it.
fn actor_names(o: &Map<String, Value>) -> Vec<NameRow> {
    let vendors = o
        .get("extensions")
        .and_then(|e| e.get(CAIRN_ACTOR_EXTENSION))
        .and_then(|e| e.get("alias_vendors"))
        .and_then(Value::as_object);
    let vendor_of = |name: &str| -> Option<String> {
        let v = vendors?;
        v.get(name)
            .or_else(|| {
                let norm = normalize_name(name);
                v.iter().find(|(k, _)| normalize_name(k) == norm).map(|(_, v)| v)
            })?
            .as_str()
            .map(str::to_owned)
    };
    let mut out: Vec<NameRow> = Vec::new();
    let mut push = |name: &str, primary: bool| {
        let norm = normalize_name(name);
        if norm.is_empty() || out.len() >= MAX_NAMES || out.iter().any(|n| n.norm == norm) {
            return;
        }
        out.push(NameRow { norm, name: name.trim().to_owned(), vendor: vendor_of(name), primary });
    };
    if let Some(n) = str_prop(o, "name") {
        push(n, true);
    }
    for key in ["aliases", "x_mitre_aliases"] {
        for a in
            o.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
        {
            push(a, false);
        }
    }
    out
}

/// Words only: punctuation becomes a space so both backends tokenise the same way (PostgreSQL's
/// parser would otherwise keep `example.com` whole where FTS5 splits it).
pub(crate) fn search_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_BYTES));
    let mut last_space = true;
    for c in text.chars() {
        if out.len() >= MAX_TEXT_BYTES {
            break;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn searchable_text(
    o: &Map<String, Value>,
    object_type: &str,
    ext_id: Option<&str>,
) -> Option<String> {
    if matches!(
        object_type,
        "relationship" | "sighting" | "marking-definition" | "extension-definition"
    ) {
        return None;
    }
    let mut text = String::new();
    let mut add = |s: &str| {
        if !s.is_empty() {
            text.push_str(s);
            text.push('\n');
        }
    };
    for key in ["name", "description", "abstract", "content", "explanation", "x_cairn_text"] {
        if let Some(s) = str_prop(o, key) {
            add(s);
        }
    }
    for key in ["aliases", "x_mitre_aliases"] {
        for a in
            o.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
        {
            add(a);
        }
    }
    if let Some(x) = ext_id {
        add(x);
    }
    let words = search_words(&text);
    (!words.is_empty()).then_some(words)
}

/// (type key, value) pairs by which a cyber observable is looked up.
fn observables(o: &Map<String, Value>, object_type: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |key: String, v: &str, lower: bool| {
        let v = v.trim();
        if !v.is_empty() {
            out.push((key, if lower { v.to_lowercase() } else { v.to_owned() }));
        }
    };
    match object_type {
        "ipv4-addr" | "ipv6-addr" | "domain-name" | "email-addr" | "mac-addr" => {
            if let Some(v) = str_prop(o, "value") {
                add(object_type.to_owned(), v, true);
            }
        }
        "url" => {
            if let Some(v) = str_prop(o, "value") {
                add(object_type.to_owned(), v, false);
            }
        }
        "autonomous-system" => {
            if let Some(n) = o.get("number").and_then(Value::as_i64) {
                add(object_type.to_owned(), &n.to_string(), false);
            }
        }
        "mutex" | "software" => {
            if let Some(v) = str_prop(o, "name") {
                add(object_type.to_owned(), v, false);
            }
        }
        "windows-registry-key" => {
            if let Some(v) = str_prop(o, "key") {
                add(object_type.to_owned(), v, true);
            }
        }
        "directory" => {
            if let Some(v) = str_prop(o, "path") {
                add(object_type.to_owned(), v, false);
            }
        }
        "user-account" => {
            for k in ["account_login", "user_id"] {
                if let Some(v) = str_prop(o, k) {
                    add(format!("user-account:{k}"), v, false);
                }
            }
        }
        _ => {}
    }
    if matches!(object_type, "file" | "artifact" | "x509-certificate")
        && let Some(h) = o.get("hashes").and_then(Value::as_object)
    {
        for (alg, v) in h {
            if let Some(v) = v.as_str() {
                add(format!("{object_type}:hashes.{}", alg.to_ascii_uppercase()), v, true);
            }
        }
    }
    if object_type == "file"
        && let Some(v) = str_prop(o, "name")
    {
        add("file:name".to_owned(), v, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reason(v: Value) -> String {
        derive(&v).err().unwrap_or_default()
    }

    #[test]
    fn rejects_malformed_objects() {
        let cases = [
            (json!([]), "not a JSON object"),
            (json!({"id": "x--1"}), "missing or non-string `type`"),
            (json!({"type": "malware"}), "missing or non-string `id`"),
            (
                json!({"type": "malware", "id": "tool--6a2e693f-24e5-451a-9f88-b36a108e5662"}),
                "differs from type",
            ),
            (
                json!({"type": "malware", "id": "malware--6a2e693f-24e5-451a-9f88-b36a108e5662", "modified": "yesterday"}),
                "not a STIX timestamp",
            ),
            (
                json!({"type": "relationship", "id": "relationship--6a2e693f-24e5-451a-9f88-b36a108e5662",
                       "relationship_type": "uses", "source_ref": "x"}),
                "without `target_ref`",
            ),
        ];
        for (v, want) in cases {
            let got = reason(v.clone());
            assert!(got.contains(want), "{v}: got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn version_keys_ignore_precision() {
        assert_eq!(version_key("2020-01-01T00:00:00Z"), version_key("2020-01-01T00:00:00.000Z"));
        assert!(
            version_key("2020-01-01T00:00:00.5Z").unwrap()
                > version_key("2020-01-01T00:00:00.01Z").unwrap()
        );
    }

    #[test]
    fn actor_names_carry_vendors() {
        let v = json!({"type": "intrusion-set", "id": "intrusion-set--6a2e693f-24e5-451a-9f88-b36a108e5662",
            "name": "APT28", "aliases": ["APT28", "Fancy Bear", "fancy-bear", "STRONTIUM"],
            "extensions": {CAIRN_ACTOR_EXTENSION: {"extension_type": "property-extension",
                "alias_vendors": {"Fancy Bear": "CrowdStrike", "strontium": "Microsoft"}}}});
        let d = derive(&v).unwrap();
        let got: Vec<_> =
            d.names.iter().map(|n| (n.name.as_str(), n.vendor.as_deref(), n.primary)).collect();
        assert_eq!(
            got,
            [
                ("APT28", None, true),
                ("Fancy Bear", Some("CrowdStrike"), false),
                ("STRONTIUM", Some("Microsoft"), false)
            ]
        );
    }

    #[test]
    fn search_words_split_punctuation() {
        assert_eq!(
            search_words("Spear-phishing via example.com, APT28!"),
            "spear phishing via example com apt28"
        );
    }
}
