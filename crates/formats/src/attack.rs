//! STIX 2.1 documents, and MITRE ATT&CK bundles in particular.
//!
//! ATT&CK objects are already STIX 2.1, so they pass through unchanged (intrusion sets keep
//! their `aliases`, software its `x_mitre_aliases`). Revoked objects (`revoked: true`) and
//! deprecated ones (`x_mitre_deprecated: true`) are kept as they are and counted, because
//! ATT&CK ids in older reports still point at them. No `same-as` links are added: ATT&CK's
//! own `revoked-by` relationships say which object replaced which.
//!
//! The source key is `attack:<domain>` (`enterprise`, `mobile`, `ics`) from the objects'
//! `x_mitre_domains`, or from the file name; any other STIX document gets `stix:<bundle id>`.

use std::collections::HashMap;

use serde_json::Value;
use stix::Identifier;
use stix::json::{At, Limits, Shape};

use crate::{FormatError, Import, Options, RecordErrors, SourceInfo, SourceKind, truncate};

/// Upstream of the ATT&CK STIX 2.1 bundles: `<BASE>/<domain>-attack/<domain>-attack.json` is
/// the latest release, `<domain>-attack-<version>.json` a given one.
pub const ATTACK_STIX_DATA_BASE: &str =
    "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master";

/// The ATT&CK domains and their display names.
pub const DOMAINS: &[(&str, &str)] =
    &[("enterprise", "Enterprise"), ("mobile", "Mobile"), ("ics", "ICS")];

/// Loads a STIX document (bundle, object or array). `path_name` names the file (for the ATT&CK
/// domain and version when the objects do not say).
pub fn load_stix(bytes: &[u8], path_name: &str, options: &Options) -> Result<Import, FormatError> {
    let limits = Limits { max_depth: options.max_depth, max_objects: options.max_records };
    let mut errors = RecordErrors::new(options);
    let mut objects = Vec::new();
    let mut domains: HashMap<String, usize> = HashMap::new();
    let mut collection_version: Option<String> = None;
    let (mut revoked, mut deprecated) = (0, 0);
    let mut first_error: Option<FormatError> = None;
    let shape = stix::json::for_each_object(bytes, &limits, |at, object| {
        if first_error.is_some() {
            return;
        }
        match check_object(&object) {
            Ok(()) => {}
            Err(reason) => {
                if let Err(e) = errors.reject(describe_at(at, &object), reason) {
                    first_error = Some(e);
                }
                return;
            }
        }
        if object.get("revoked").and_then(Value::as_bool) == Some(true) {
            revoked += 1;
        }
        if object.get("x_mitre_deprecated").and_then(Value::as_bool) == Some(true) {
            deprecated += 1;
        }
        if let Some(list) = object.get("x_mitre_domains").and_then(Value::as_array) {
            for d in list.iter().filter_map(Value::as_str) {
                *domains.entry(d.to_owned()).or_default() += 1;
            }
        }
        if object.get("type").and_then(Value::as_str) == Some("x-mitre-collection") {
            collection_version =
                object.get("x_mitre_version").and_then(Value::as_str).map(str::to_owned);
        }
        objects.push(object);
    })?;
    if let Some(e) = first_error {
        return Err(e);
    }
    let bundle_id = match &shape {
        Shape::Bundle { envelope, .. } => {
            if let Some(t) = envelope.get("type").and_then(Value::as_str)
                && t != "bundle"
            {
                return Err(FormatError::shape(
                    "STIX bundle",
                    format!("has `objects` but its type is {:?}", truncate(t, 60)),
                ));
            }
            envelope.get("id").and_then(Value::as_str).map(str::to_owned)
        }
        _ => None,
    };
    let file_name = path_name.rsplit(['/', '\\']).next().unwrap_or(path_name);
    let domain = domains
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(d, _)| d.strip_suffix("-attack").unwrap_or(d).to_owned())
        .or_else(|| domain_from_file_name(file_name));
    let version = collection_version.or_else(|| version_from_file_name(file_name));
    let source = match domain {
        Some(domain) => attack_source(&domain, version),
        None => SourceInfo {
            key: format!("stix:{}", bundle_id.as_deref().unwrap_or(file_name)),
            kind: SourceKind::Import,
            name: format!("STIX document {file_name}"),
            url: None,
            version: None,
        },
    };
    Ok(Import {
        source,
        objects,
        warnings: Vec::new(),
        rejected: errors.rejected,
        revoked,
        deprecated,
    })
}

/// The source description of an ATT&CK domain (`enterprise`, `mobile`, `ics`).
pub fn attack_source(domain: &str, version: Option<String>) -> SourceInfo {
    let display =
        DOMAINS.iter().find(|(d, _)| *d == domain).map_or(domain, |&(_, display)| display);
    let url = match &version {
        Some(v) => format!("{ATTACK_STIX_DATA_BASE}/{domain}-attack/{domain}-attack-{v}.json"),
        None => format!("{ATTACK_STIX_DATA_BASE}/{domain}-attack/{domain}-attack.json"),
    };
    SourceInfo {
        key: format!("attack:{domain}"),
        kind: SourceKind::Reference,
        name: format!("MITRE ATT&CK {display}"),
        url: Some(url),
        version,
    }
}

/// `enterprise-attack-18.1.json.gz` -> `enterprise`.
fn domain_from_file_name(file_name: &str) -> Option<String> {
    let lower = file_name.to_ascii_lowercase();
    DOMAINS
        .iter()
        .find(|(d, _)| lower.starts_with(&format!("{d}-attack")))
        .map(|(d, _)| (*d).to_owned())
}

/// `enterprise-attack-18.1.json.gz` -> `18.1`.
fn version_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name.strip_suffix(".gz").unwrap_or(file_name);
    let stem = stem.strip_suffix(".json")?;
    let (_, version) = stem.rsplit_once('-')?;
    let ok = !version.is_empty()
        && version.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| version.to_owned())
}

fn describe_at(at: At, object: &Value) -> String {
    let mut s = match at {
        At::Bundle(i) => format!("objects[{i}]"),
        At::Array(i) => format!("[{i}]"),
        At::Root => "object".to_owned(),
    };
    if let Some(id) = object.get("id").and_then(Value::as_str) {
        s.push_str(&format!(" (id {})", truncate(id, 120)));
    }
    s
}

/// The basic shape every STIX object must have: a valid type, an id of that type, and
/// `created`/`modified` on SDOs and SROs.
pub(crate) fn check_object(object: &Value) -> Result<(), String> {
    let map = object.as_object().ok_or("is not a JSON object")?;
    let ty = map.get("type").ok_or("has no `type`")?.as_str().ok_or("`type` is not a string")?;
    if !stix::id::is_valid_type_name(ty) {
        return Err(format!("`type` {:?} is not a valid STIX type name", truncate(ty, 60)));
    }
    let id = map.get("id").ok_or("has no `id`")?.as_str().ok_or("`id` is not a string")?;
    let parsed = Identifier::parse(id).map_err(|e| format!("`id`: {e}"))?;
    if parsed.object_type() != ty {
        return Err(format!("`id` {:?} does not start with its type {ty:?}", truncate(id, 120)));
    }
    let is_sco = stix::id::id_contributing_properties(ty).is_some();
    if !is_sco {
        for prop in ["created", "modified"] {
            if prop == "modified" && ty == "marking-definition" {
                continue;
            }
            match map.get(prop) {
                Some(Value::String(_)) => {}
                Some(_) => return Err(format!("`{prop}` is not a string")),
                None => return Err(format!("has no `{prop}`")),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            domain_from_file_name("enterprise-attack-18.1.json.gz").as_deref(),
            Some("enterprise")
        );
        assert_eq!(domain_from_file_name("ics-attack.json").as_deref(), Some("ics"));
        assert_eq!(domain_from_file_name("bundle.json"), None);
        assert_eq!(
            version_from_file_name("enterprise-attack-18.1.json.gz").as_deref(),
            Some("18.1")
        );
        assert_eq!(version_from_file_name("enterprise-attack.json"), None);
    }
}
