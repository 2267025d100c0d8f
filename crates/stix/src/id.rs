//! STIX identifiers (`type--uuid`) and deterministic ids for cyber-observable objects.
//!
//! STIX 2.1 §2.9: an SCO's id is a UUIDv5 in the namespace
//! `00abedb4-aa42-466c-9c01-fed23315a9b7` over the JCS (RFC 8785) serialization of its
//! id-contributing properties. Only one hash takes part, chosen MD5, SHA-1, SHA-256, SHA-512
//! in that order. `process` has no id-contributing properties and uses UUIDv4.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::jcs;

/// The namespace of deterministic SCO identifiers (STIX 2.1 §2.9).
pub const SCO_NAMESPACE: Uuid = Uuid::from_u128(0x00abedb4_aa42_466c_9c01_fed23315a9b7);

/// The namespace of the deterministic ids Cairn gives to objects it derives (a country's
/// `location`, a sector's `identity`, one source's actor record, a relationship a source asserts),
/// so that importing the same data twice yields the same ids.
pub const CAIRN_NAMESPACE: Uuid = Uuid::from_u128(0x51aa0fce_f77a_4202_b5a1_ef2e338f1660);

/// A STIX identifier: `object-type--UUID`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identifier(String);

/// Why a string is not a STIX identifier.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    #[error("{0:?} is not of the form `type--UUID`")]
    Shape(String),
    #[error("{0:?}: the object type must be 3-250 lower-case letters, digits and hyphens")]
    Type(String),
    #[error("{0:?}: the part after `--` is not a UUID")]
    Uuid(String),
}

impl Identifier {
    /// Parses and checks `type--uuid`; the UUID must be in hyphenated RFC 4122 form (hex digits
    /// of either case, as RFC 4122 reads them and the OASIS schema allows).
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        let short = || s.chars().take(300).collect::<String>();
        let (ty, uuid) = s.split_once("--").ok_or_else(|| IdentifierError::Shape(short()))?;
        if !is_valid_type_name(ty) {
            return Err(IdentifierError::Type(short()));
        }
        if !is_uuid(uuid) {
            return Err(IdentifierError::Uuid(short()));
        }
        Ok(Identifier(s.to_owned()))
    }

    /// A new identifier from a type and a UUID.
    pub fn new(object_type: &str, uuid: Uuid) -> Self {
        Identifier(format!("{object_type}--{}", uuid.hyphenated()))
    }

    /// A deterministic identifier in [`CAIRN_NAMESPACE`].
    pub fn cairn(object_type: &str, name: &str) -> Self {
        Identifier::v5(object_type, CAIRN_NAMESPACE, name)
    }

    /// A deterministic identifier: UUIDv5 of `name` in `namespace`. Cairn uses it for objects
    /// it derives from a source (one id per actor per source, so re-imports are idempotent).
    pub fn v5(object_type: &str, namespace: Uuid, name: &str) -> Self {
        Identifier::new(object_type, Uuid::new_v5(&namespace, name.as_bytes()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The object type named by the identifier.
    pub fn object_type(&self) -> &str {
        self.0.split_once("--").map_or("", |(t, _)| t)
    }

    pub fn uuid(&self) -> Uuid {
        self.0.split_once("--").and_then(|(_, u)| Uuid::parse_str(u).ok()).unwrap_or_default()
    }
}

/// STIX 2.1 §3.1: type names are 3–250 characters of `a-z`, `0-9` and `-`, with no leading or
/// doubled hyphen issues checked elsewhere as SHOULDs.
pub fn is_valid_type_name(ty: &str) -> bool {
    (3..=250).contains(&ty.len())
        && ty.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A hyphenated, 36-character UUID (hex digits of either case).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Identifier {
    type Err = IdentifierError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Identifier::parse(s)
    }
}

impl AsRef<str> for Identifier {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for Identifier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Identifier::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The id-contributing properties of each SCO type (STIX 2.1 §6), or `None` for types that are
/// not SCOs defined by the specification.
pub fn id_contributing_properties(object_type: &str) -> Option<&'static [&'static str]> {
    Some(match object_type {
        "artifact" => &["hashes", "payload_bin"],
        "autonomous-system" => &["number"],
        "directory" => &["path"],
        "domain-name" | "email-addr" | "ipv4-addr" | "ipv6-addr" | "mac-addr" | "url" => &["value"],
        "email-message" => &["from_ref", "subject", "body"],
        "file" => &["hashes", "name", "extensions", "parent_directory_ref"],
        "mutex" => &["name"],
        "network-traffic" => &[
            "start",
            "end",
            "src_ref",
            "dst_ref",
            "src_port",
            "dst_port",
            "protocols",
            "extensions",
        ],
        "process" => &[],
        "software" => &["name", "cpe", "swid", "vendor", "version"],
        "user-account" => &["account_type", "user_id", "account_login"],
        "windows-registry-key" => &["key", "values"],
        "x509-certificate" => &["hashes", "serial_number"],
        _ => return None,
    })
}

/// The deterministic id of an SCO given as JSON properties (its `type` included), or `None`
/// when the type has no id-contributing properties or none of them is present; the caller then
/// uses a UUIDv4.
pub fn sco_id(object: &Map<String, Value>) -> Option<Identifier> {
    let ty = object.get("type")?.as_str()?;
    let props = id_contributing_properties(ty)?;
    let mut contributing = Map::new();
    for &name in props {
        let Some(value) = object.get(name) else { continue };
        let value = if name == "hashes" { choose_one_hash(value)? } else { value.clone() };
        contributing.insert(name.to_owned(), value);
    }
    if contributing.is_empty() {
        return None;
    }
    let canonical = jcs::to_string(&Value::Object(contributing));
    Some(Identifier::new(ty, Uuid::new_v5(&SCO_NAMESPACE, canonical.as_bytes())))
}

fn choose_one_hash(hashes: &Value) -> Option<Value> {
    let map = hashes.as_object()?;
    let key = ["MD5", "SHA-1", "SHA-256", "SHA-512"]
        .into_iter()
        .find(|k| map.contains_key(*k))
        .or_else(|| map.keys().next().map(String::as_str))?;
    let mut one = Map::new();
    one.insert(key.to_owned(), map[key].clone());
    Some(Value::Object(one))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_sco(object: Value, expected: &str) {
        let id = sco_id(object.as_object().unwrap()).map(|i| i.to_string());
        assert_eq!(id.as_deref(), Some(expected), "{object}");
    }

    // Ids computed by the OASIS reference implementation (cti-python-stix2 3.x) for the same
    // properties; the spec's own examples carry placeholder UUIDs, not computed ones.
    #[test]
    fn agrees_with_the_reference_implementation() {
        let cases = [
            (
                json!({"type": "ipv4-addr", "value": "198.51.100.3"}),
                "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
            ),
            (
                json!({"type": "email-addr", "value": "john@example.com"}),
                "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
            ),
            (
                json!({"type": "email-addr", "value": "jöhn@exämple.com"}),
                "email-addr--d6712295-0e42-524c-aacf-380ca7ea108b",
            ),
            (
                json!({"type": "file", "name": "foo.exe", "hashes": {
                "SHA-256": "35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f",
                "MD5": "cead3f77f6cda6ec00f57d76c9a6879f"}}),
                "file--1910ca30-1dd9-57f3-9d48-0c64b19f0d5c",
            ),
            (
                json!({"type": "domain-name", "value": "example.com"}),
                "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
            ),
            (
                json!({"type": "url", "value": "https://example.com/research/index.html"}),
                "url--47c3cf9a-5027-5bf0-997a-017c7edc7c55",
            ),
            (
                json!({"type": "windows-registry-key", "key": "hkey_local_machine\\system\\bar\\foo",
                    "values": [{"name": "Foo", "data": "qwerty", "data_type": "REG_SZ"}]}),
                "windows-registry-key--5f15b061-9c3d-5ea8-93b8-72468f206c1a",
            ),
            (
                json!({"type": "network-traffic", "src_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
                    "dst_port": 443, "protocols": ["tcp"], "src_port": 1234}),
                "network-traffic--4850e7b3-8e2d-5aa7-9b22-ba3b563793e0",
            ),
            (
                json!({"type": "software", "name": "Word", "version": "2002", "vendor": "Microsoft",
                    "cpe": "cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*"}),
                "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc",
            ),
            (
                json!({"type": "autonomous-system", "number": 15139}),
                "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
            ),
            (
                json!({"type": "user-account", "user_id": "1001", "account_login": "jdoe",
                    "account_type": "unix"}),
                "user-account--f94d689e-707d-58c3-b803-c720bb6ed096",
            ),
            (
                json!({"type": "directory", "path": "C:\\Windows\\System32"}),
                "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622",
            ),
        ];
        for (object, expected) in cases {
            check_sco(object, expected);
        }
    }

    #[test]
    fn process_has_no_deterministic_id() {
        assert_eq!(sco_id(json!({"type": "process", "pid": 1}).as_object().unwrap()), None);
        assert_eq!(sco_id(json!({"type": "file", "size": 3}).as_object().unwrap()), None);
    }

    #[test]
    fn only_one_hash_contributes() {
        let md5_only = json!({"type": "file", "hashes": {"MD5": "aa"}});
        let both = json!({"type": "file", "hashes": {"SHA-256": "bb", "MD5": "aa"}});
        assert_eq!(sco_id(md5_only.as_object().unwrap()), sco_id(both.as_object().unwrap()));
    }

    #[test]
    fn parses_identifiers() {
        assert!(Identifier::parse("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f").is_ok());
        // Upper-case hex occurs in the OASIS examples (infrastructure.json).
        assert!(Identifier::parse("relationship--81f12913-1372-4c36-b8a4-E9034ac98aba").is_ok());
        for bad in [
            "indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "indicator--8e2e2d2b17d44cbf938f98ee46b3cd3f",
            "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3",
            "ab--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        ] {
            assert!(Identifier::parse(bad).is_err(), "{bad}");
        }
    }
}
