//! Typed STIX 2.1 objects with a lossless JSON round-trip.
//!
//! Every object type of the specification is a struct: the common properties sit in a shared
//! struct ([`SdoCommon`] for SDOs, SROs, language-content and extension-definition,
//! [`ScoCommon`] for SCOs, [`MarkingCommon`] for marking-definition), the type's own properties
//! are fields, optional ones `Option<..>`, and everything else (custom `x_` properties, properties
//! of later spec versions, a `null` written for an optional property) is kept in `extra`.
//! [`Object`] is the enum over all types; a `type` Cairn does not model becomes
//! [`Object::Custom`], kept as written.
//!
//! The round-trip guarantee: for any object `v` that deserializes,
//! `serde_json::to_value(serde_json::from_value::<Object>(v.clone())?)? == v`. Serialization
//! writes `"type"` first.
//!
//! The typed layer rejects an object whose modelled property has the wrong JSON type or whose
//! required property is missing, naming the property ([`ObjectError`]); the validator
//! ([`crate::validate`]) is the place for a full list of problems.
//!
//! Deserialization does not go through `#[serde(flatten)]`: each struct takes its known
//! properties out of the JSON map one by one (see `stix_struct!`), which keeps numbers exact,
//! names the offending property in errors and leaves the rest for `extra`.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::{Identifier, Timestamp};

/// A JSON object, as the catch-all and extension maps hold it.
pub type JsonMap = Map<String, Value>;

/// Why a JSON value is not a typed STIX object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ObjectError {
    #[error("expected a JSON object")]
    NotAnObject,
    #[error("the object has no string `type` property")]
    NoType,
    #[error("expected an object of type `{expected}`, found `{found}`")]
    WrongType { expected: &'static str, found: String },
    #[error("{object_type}: required property `{property}` is missing")]
    Missing { object_type: String, property: String },
    #[error("{object_type}: property `{property}`: {message}")]
    Invalid { object_type: String, property: String, message: String },
}

/// A property that could not be taken from a JSON map; the caller adds the object type.
#[derive(Debug)]
#[doc(hidden)]
pub struct PropertyError {
    property: &'static str,
    /// `None`: the property is missing.
    message: Option<String>,
}

impl PropertyError {
    fn in_type(self, object_type: &str) -> ObjectError {
        let object_type = object_type.to_owned();
        let property = self.property.to_owned();
        match self.message {
            None => ObjectError::Missing { object_type, property },
            Some(message) => ObjectError::Invalid { object_type, property, message },
        }
    }
}

/// Conversion between a struct and the JSON properties it models. Implemented by `stix_struct!`.
#[doc(hidden)]
pub trait Props: Sized {
    /// Removes the modelled properties from `map` and builds the struct; structs with an `extra`
    /// catch-all take what is left as well.
    fn take(map: &mut JsonMap) -> Result<Self, PropertyError>;
    /// Writes the properties into `map`.
    fn put(&self, map: &mut JsonMap);
}

fn take_required<T: DeserializeOwned>(
    map: &mut JsonMap,
    property: &'static str,
) -> Result<T, PropertyError> {
    let value = map.remove(property).ok_or(PropertyError { property, message: None })?;
    serde_json::from_value(value)
        .map_err(|e| PropertyError { property, message: Some(e.to_string()) })
}

/// A missing property is `None`. A `null` is left in the map, so it lands in `extra` and is
/// written back: STIX forbids nulls, but the round-trip keeps what was written.
fn take_optional<T: DeserializeOwned>(
    map: &mut JsonMap,
    property: &'static str,
) -> Result<Option<T>, PropertyError> {
    match map.get(property) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => take_required(map, property).map(Some),
    }
}

fn put<T: Serialize>(map: &mut JsonMap, property: &str, value: &T) {
    // Our property types (strings, numbers, timestamps, string-keyed maps) always serialize.
    map.insert(property.to_owned(), serde_json::to_value(value).unwrap_or(Value::Null));
}

/// Defines a struct of STIX properties and its [`Props`] implementation.
///
/// Each field is `req name: T` (a required property, type `T`) or `opt name: T` (optional,
/// type `Option<T>`); `opt name = "json": T` names a property that is a Rust keyword. A leading `@common C,` includes the common properties as field `common`; a trailing
/// `..extra` adds the catch-all.
macro_rules! stix_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( @common $cty:ty, )?
            $( $(#[$fmeta:meta])* $kind:ident $field:ident $(= $json:literal)? : $fty:ty, )*
            $( ..$extra:ident )?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( pub common: $cty, )?
            $( $(#[$fmeta])* pub $field: field_ty!($kind $fty), )*
            $(
                /// Properties this type does not model (custom `x_` properties and others),
                /// kept as written.
                pub $extra: $crate::object::JsonMap,
            )?
        }

        impl $crate::object::Props for $name {
            fn take(map: &mut $crate::object::JsonMap) -> Result<Self, $crate::object::PropertyError> {
                $( let common = <$cty as $crate::object::Props>::take(map)?; )?
                $( let $field = take_field!($kind, map, json_name!($field $(, $json)?))?; )*
                Ok(Self {
                    $( common: std::convert::identity::<$cty>(common), )?
                    $( $field, )*
                    $( $extra: std::mem::take(map), )?
                })
            }

            fn put(&self, map: &mut $crate::object::JsonMap) {
                $( for (k, v) in &self.$extra { map.insert(k.clone(), v.clone()); } )?
                $( <$cty as $crate::object::Props>::put(&self.common, map); )?
                $( put_field!($kind, map, json_name!($field $(, $json)?), &self.$field); )*
            }
        }
    };
}

macro_rules! field_ty {
    (req $t:ty) => { $t };
    (opt $t:ty) => { Option<$t> };
}

macro_rules! json_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $json:literal) => {
        $json
    };
}

macro_rules! take_field {
    (req, $map:expr, $name:expr) => {
        $crate::object::take_required($map, $name)
    };
    (opt, $map:expr, $name:expr) => {
        $crate::object::take_optional($map, $name)
    };
}

macro_rules! put_field {
    (req, $map:expr, $name:expr, $value:expr) => {
        $crate::object::put($map, $name, $value)
    };
    (opt, $map:expr, $name:expr, $value:expr) => {
        if let Some(v) = $value {
            $crate::object::put($map, $name, v)
        }
    };
}

/// Serialize and Deserialize for a component (a nested type such as an external reference or
/// a file extension) through its JSON map.
macro_rules! component_serde {
    ($name:ident, $label:literal) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = $crate::object::JsonMap::new();
                $crate::object::Props::put(self, &mut map);
                map.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut map = $crate::object::JsonMap::deserialize(deserializer)?;
                <Self as $crate::object::Props>::take(&mut map)
                    .map_err(|e| serde::de::Error::custom(e.in_type($label)))
            }
        }

        impl $name {
            /// Reads this type from a JSON value, naming the property that does not fit.
            pub fn from_value(
                value: serde_json::Value,
            ) -> Result<Self, $crate::object::ObjectError> {
                let serde_json::Value::Object(mut map) = value else {
                    return Err($crate::object::ObjectError::NotAnObject);
                };
                <Self as $crate::object::Props>::take(&mut map).map_err(|e| e.in_type($label))
            }
        }
    };
}

/// A typed STIX object: its `type` name, common properties and JSON conversion.
pub trait StixObject: Props {
    /// The value of `type`.
    const TYPE: &'static str;

    fn id(&self) -> &Identifier;
    /// `created`, for the types that have it (not SCOs).
    fn created(&self) -> Option<&Timestamp>;
    /// `modified`, for the types that have it (not SCOs, not marking definitions).
    fn modified(&self) -> Option<&Timestamp>;

    /// All properties as a JSON map, `type` included.
    fn to_map(&self) -> JsonMap {
        let mut map = JsonMap::new();
        self.put(&mut map);
        map.insert("type".to_owned(), Value::String(Self::TYPE.to_owned()));
        map
    }

    /// Builds the object from a JSON map; a `type` present must be [`Self::TYPE`].
    fn from_map(mut map: JsonMap) -> Result<Self, ObjectError> {
        match map.remove("type") {
            None => {}
            Some(Value::String(found)) if found == Self::TYPE => {}
            Some(found) => {
                let found = match found {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                return Err(ObjectError::WrongType { expected: Self::TYPE, found });
            }
        }
        Self::take(&mut map).map_err(|e| e.in_type(Self::TYPE))
    }
}

/// Writes a map with `"type"` first, then the other properties.
fn serialize_type_first<S: Serializer>(map: &JsonMap, serializer: S) -> Result<S::Ok, S::Error> {
    let mut out = serializer.serialize_map(Some(map.len()))?;
    if let Some(ty) = map.get("type") {
        out.serialize_entry("type", ty)?;
    }
    for (k, v) in map {
        if k != "type" {
            out.serialize_entry(k, v)?;
        }
    }
    out.end()
}

/// Defines a top-level object type: the struct, [`StixObject`], serde and `From<T> for Object`.
macro_rules! stix_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $type_name:literal {
            @common $cty:ty,
            $( $(#[$fmeta:meta])* $kind:ident $field:ident $(= $json:literal)? : $fty:ty, )*
        }
    ) => {
        stix_struct! {
            $(#[$meta])*
            pub struct $name {
                @common $cty,
                $( $(#[$fmeta])* $kind $field $(= $json)? : $fty, )*
                ..extra
            }
        }

        impl $crate::object::StixObject for $name {
            const TYPE: &'static str = $type_name;

            fn id(&self) -> &$crate::Identifier {
                &self.common.id
            }
            fn created(&self) -> Option<&$crate::Timestamp> {
                $crate::object::CommonProperties::created(&self.common)
            }
            fn modified(&self) -> Option<&$crate::Timestamp> {
                $crate::object::CommonProperties::modified(&self.common)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let map = $crate::object::StixObject::to_map(self);
                $crate::object::serialize_type_first(&map, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let map = $crate::object::JsonMap::deserialize(deserializer)?;
                <Self as $crate::object::StixObject>::from_map(map).map_err(serde::de::Error::custom)
            }
        }

        impl From<$name> for $crate::object::Object {
            fn from(object: $name) -> Self {
                $crate::object::Object::$name(object)
            }
        }
    };
}

mod builder;
mod bundle;
mod common;
pub mod marking;
mod sco;
mod sdo;
mod smo;
mod sro;

pub use builder::Common;
pub use bundle::Bundle;
pub use common::{
    CommonProperties, ExternalReference, GranularMarking, Hashes, KillChainPhase, MarkingCommon,
    SPEC_VERSION, ScoCommon, SdoCommon,
};
pub use marking::{MarkingDefinition, Tlp};
pub use sco::*;
pub use sdo::*;
pub use smo::{ExtensionDefinition, LanguageContent};
pub use sro::{Relationship, Sighting};

/// An object whose `type` Cairn does not model (a custom object such as `x-mitre-tactic`, or a
/// type from a later specification). Its `id`, `created` and `modified` are read when they are
/// well formed, so custom objects can be stored and referenced like the others; everything else
/// is kept as written.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomObject {
    pub object_type: String,
    pub id: Option<Identifier>,
    pub created: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    /// All other properties, kept as written (also an `id` or timestamp that does not parse).
    pub extra: JsonMap,
}

impl CustomObject {
    /// Splits a JSON map with a string `type`.
    fn from_map(object_type: String, mut map: JsonMap) -> Self {
        fn take_parsed<T>(
            map: &mut JsonMap,
            key: &str,
            parse: impl Fn(&str) -> Option<T>,
        ) -> Option<T> {
            let parsed = parse(map.get(key)?.as_str()?)?;
            map.remove(key);
            Some(parsed)
        }
        map.remove("type");
        let id = take_parsed(&mut map, "id", |s| Identifier::parse(s).ok());
        // Only a timestamp that writes back exactly as read is taken; anything else stays in `extra`.
        let timestamp = |s: &str| Timestamp::parse(s).ok().filter(|t| t.to_string() == s);
        let created = take_parsed(&mut map, "created", timestamp);
        let modified = take_parsed(&mut map, "modified", timestamp);
        CustomObject { object_type, id, created, modified, extra: map }
    }

    /// All properties as a JSON map, `type` included.
    pub fn to_map(&self) -> JsonMap {
        let mut map = self.extra.clone();
        map.insert("type".to_owned(), Value::String(self.object_type.clone()));
        if let Some(id) = &self.id {
            put(&mut map, "id", id);
        }
        if let Some(t) = &self.created {
            put(&mut map, "created", t);
        }
        if let Some(t) = &self.modified {
            put(&mut map, "modified", t);
        }
        map
    }
}

/// Defines [`Object`] over the typed structs, with dispatch on `type`.
macro_rules! object_enum {
    ( $( $variant:ident = $type_name:literal, )* ) => {
        /// Any STIX object: one variant per type of the specification, and
        /// [`Object::Custom`] for every other `type`.
        ///
        /// Deserializing dispatches on `type`; serializing writes `type` first.
        // Most variants are a few hundred bytes and objects are usually handled one at a time
        // or in a `Vec`; boxing each would cost an allocation per object for little gain.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        pub enum Object {
            $( $variant($variant), )*
            Custom(CustomObject),
        }

        impl Object {
            /// Builds an object from a JSON map, dispatching on its `type`.
            pub fn from_map(map: JsonMap) -> Result<Self, ObjectError> {
                let object_type = match map.get("type") {
                    Some(Value::String(s)) => s.as_str(),
                    _ => return Err(ObjectError::NoType),
                };
                Ok(match object_type {
                    $( $type_name => Object::$variant($variant::from_map(map)?), )*
                    _ => {
                        let object_type = object_type.to_owned();
                        Object::Custom(CustomObject::from_map(object_type, map))
                    }
                })
            }

            /// All properties as a JSON map, `type` included.
            pub fn to_map(&self) -> JsonMap {
                match self {
                    $( Object::$variant(o) => o.to_map(), )*
                    Object::Custom(o) => o.to_map(),
                }
            }

            /// The value of `type`.
            pub fn type_name(&self) -> &str {
                match self {
                    $( Object::$variant(_) => $type_name, )*
                    Object::Custom(o) => &o.object_type,
                }
            }

            /// The object's `id`; `None` only for a custom object without a well-formed one.
            pub fn id(&self) -> Option<&Identifier> {
                match self {
                    $( Object::$variant(o) => Some(o.id()), )*
                    Object::Custom(o) => o.id.as_ref(),
                }
            }

            /// `created`; `None` for SCOs and objects without it.
            pub fn created(&self) -> Option<&Timestamp> {
                match self {
                    $( Object::$variant(o) => StixObject::created(o), )*
                    Object::Custom(o) => o.created.as_ref(),
                }
            }

            /// `modified`; `None` for SCOs, marking definitions and objects without it.
            pub fn modified(&self) -> Option<&Timestamp> {
                match self {
                    $( Object::$variant(o) => StixObject::modified(o), )*
                    Object::Custom(o) => o.modified.as_ref(),
                }
            }

            /// `object_marking_refs`, empty when absent (also for custom objects, whose markings
            /// stay in [`CustomObject::extra`]).
            pub fn object_marking_refs(&self) -> &[Identifier] {
                let refs = match self {
                    $( Object::$variant(o) => o.common.object_marking_refs.as_ref(), )*
                    Object::Custom(_) => None,
                };
                refs.map_or(&[], Vec::as_slice)
            }

            /// The properties the typed struct does not model, kept as written.
            pub fn extra(&self) -> &JsonMap {
                match self {
                    $( Object::$variant(o) => &o.extra, )*
                    Object::Custom(o) => &o.extra,
                }
            }

            pub fn extra_mut(&mut self) -> &mut JsonMap {
                match self {
                    $( Object::$variant(o) => &mut o.extra, )*
                    Object::Custom(o) => &mut o.extra,
                }
            }

            /// `(type in the enum, StixObject::TYPE)` for every variant, to test they agree.
            #[cfg(test)]
            fn type_names() -> Vec<(&'static str, &'static str)> {
                vec![ $( ($type_name, <$variant as StixObject>::TYPE), )* ]
            }
        }
    };
}

object_enum! {
    AttackPattern = "attack-pattern",
    Campaign = "campaign",
    CourseOfAction = "course-of-action",
    Grouping = "grouping",
    Identity = "identity",
    Incident = "incident",
    Indicator = "indicator",
    Infrastructure = "infrastructure",
    IntrusionSet = "intrusion-set",
    Location = "location",
    Malware = "malware",
    MalwareAnalysis = "malware-analysis",
    Note = "note",
    ObservedData = "observed-data",
    Opinion = "opinion",
    Report = "report",
    ThreatActor = "threat-actor",
    Tool = "tool",
    Vulnerability = "vulnerability",
    Relationship = "relationship",
    Sighting = "sighting",
    Artifact = "artifact",
    AutonomousSystem = "autonomous-system",
    Directory = "directory",
    DomainName = "domain-name",
    EmailAddr = "email-addr",
    EmailMessage = "email-message",
    File = "file",
    Ipv4Addr = "ipv4-addr",
    Ipv6Addr = "ipv6-addr",
    MacAddr = "mac-addr",
    Mutex = "mutex",
    NetworkTraffic = "network-traffic",
    Process = "process",
    Software = "software",
    Url = "url",
    UserAccount = "user-account",
    WindowsRegistryKey = "windows-registry-key",
    X509Certificate = "x509-certificate",
    MarkingDefinition = "marking-definition",
    LanguageContent = "language-content",
    ExtensionDefinition = "extension-definition",
}

/// A `match` over `$object` with one arm per listed variant, each binding `$o`; others give
/// `$default`.
macro_rules! match_variants {
    ($object:expr, [$($variant:ident),* $(,)?], $o:ident => $arm:expr, _ => $default:expr) => {
        match $object {
            $( Object::$variant($o) => $arm, )*
            #[allow(unreachable_patterns)]
            _ => $default,
        }
    };
}

/// Everything with [`SdoCommon`].
macro_rules! with_sdo_common {
    ($object:expr, $o:ident => $arm:expr, _ => $default:expr) => {
        match_variants!($object, [
            AttackPattern, Campaign, CourseOfAction, Grouping, Identity, Incident, Indicator,
            Infrastructure, IntrusionSet, Location, Malware, MalwareAnalysis, Note, ObservedData,
            Opinion, Report, ThreatActor, Tool, Vulnerability, Relationship, Sighting,
            LanguageContent, ExtensionDefinition,
        ], $o => $arm, _ => $default)
    };
}

/// Every SCO.
macro_rules! with_sco_common {
    ($object:expr, $o:ident => $arm:expr, _ => $default:expr) => {
        match_variants!($object, [
            Artifact, AutonomousSystem, Directory, DomainName, EmailAddr, EmailMessage, File,
            Ipv4Addr, Ipv6Addr, MacAddr, Mutex, NetworkTraffic, Process, Software, Url,
            UserAccount, WindowsRegistryKey, X509Certificate,
        ], $o => $arm, _ => $default)
    };
}

impl Object {
    /// The common properties of an SDO, SRO, language-content or extension-definition.
    pub fn sdo_common(&self) -> Option<&SdoCommon> {
        with_sdo_common!(self, o => Some(&o.common), _ => None)
    }

    pub fn sdo_common_mut(&mut self) -> Option<&mut SdoCommon> {
        with_sdo_common!(self, o => Some(&mut o.common), _ => None)
    }

    /// The common properties of an SCO.
    pub fn sco_common(&self) -> Option<&ScoCommon> {
        with_sco_common!(self, o => Some(&o.common), _ => None)
    }

    /// Whether the object is an SCO of the specification.
    pub fn is_sco(&self) -> bool {
        self.sco_common().is_some()
    }

    /// The `name` property of the types that have one (and of custom objects with a string
    /// `name`), e.g. an intrusion set's or a malware family's name.
    pub fn name(&self) -> Option<&str> {
        match_variants!(self, [
            AttackPattern, Campaign, CourseOfAction, Identity, Incident, Infrastructure,
            IntrusionSet, ThreatActor, Tool, Vulnerability, ExtensionDefinition, Mutex, Software,
        ], o => Some(o.name.as_str()), _ => match_variants!(self, [
            Grouping, Location, Malware, MarkingDefinition, AutonomousSystem,
        ], o => o.name.as_deref(), _ => match self {
            Object::Custom(o) => o.extra.get("name").and_then(Value::as_str),
            _ => None,
        }))
    }

    /// Builds an object from a JSON value, dispatching on its `type`.
    pub fn from_value(value: Value) -> Result<Self, ObjectError> {
        match value {
            Value::Object(map) => Object::from_map(map),
            _ => Err(ObjectError::NotAnObject),
        }
    }

    /// The object as a JSON value.
    pub fn to_value(&self) -> Value {
        Value::Object(self.to_map())
    }

    /// Every identifier the object points to: the values of `*_ref` and `*_refs` properties at
    /// any depth (granular markings, extensions, email parts included), in property-name order,
    /// without its own `id`. Values that are not identifiers are skipped.
    pub fn references(&self) -> Vec<Identifier> {
        fn walk(map: &JsonMap, out: &mut Vec<Identifier>) {
            for (key, value) in map {
                let is_ref = key.ends_with("_ref") || key.ends_with("_refs");
                match value {
                    Value::String(s) if is_ref => out.extend(Identifier::parse(s).ok()),
                    Value::Array(items) => {
                        for item in items {
                            match item {
                                Value::String(s) if is_ref => out.extend(Identifier::parse(s).ok()),
                                Value::Object(m) => walk(m, out),
                                _ => {}
                            }
                        }
                    }
                    Value::Object(m) => walk(m, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.to_map(), &mut out);
        out
    }
}

impl From<CustomObject> for Object {
    fn from(object: CustomObject) -> Self {
        Object::Custom(object)
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_type_first(&self.to_map(), serializer)
    }
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = JsonMap::deserialize(deserializer)?;
        Object::from_map(map).map_err(serde::de::Error::custom)
    }
}

impl Serialize for CustomObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_type_first(&self.to_map(), serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn enum_and_struct_type_names_agree() {
        for (in_enum, in_struct) in Object::type_names() {
            assert_eq!(in_enum, in_struct);
        }
        assert_eq!(Object::type_names().len(), 42);
    }

    fn check_error(value: Value, expected: &str) {
        let err = Object::from_value(value).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn errors_name_the_property() {
        let base = json!({
            "type": "campaign", "spec_version": "2.1",
            "id": "campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
            "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
            "name": "Spear Phishing"
        });
        assert!(Object::from_value(base.clone()).is_ok());

        let mut wrong_name = base.clone();
        wrong_name["name"] = json!(3);
        check_error(
            wrong_name,
            "campaign: property `name`: invalid type: integer `3`, expected a string",
        );

        let mut no_name = base.clone();
        no_name.as_object_mut().unwrap().remove("name");
        check_error(no_name, "campaign: required property `name` is missing");

        let mut bad_created = base.clone();
        bad_created["created"] = json!("yesterday");
        let err = Object::from_value(bad_created).unwrap_err().to_string();
        assert!(err.starts_with("campaign: property `created`: "), "{err}");

        let mut bad_reference = base;
        bad_reference["external_references"] = json!([{"url": "https://example.com"}]);
        let err = Object::from_value(bad_reference).unwrap_err().to_string();
        assert!(err.contains("`external_references`") && err.contains("`source_name`"), "{err}");

        check_error(json!([1]), "expected a JSON object");
        check_error(json!({"id": "x"}), "the object has no string `type` property");
    }

    #[test]
    fn typed_struct_checks_the_type() {
        let v = json!({"type": "url", "id": "url--47c3cf9a-5027-5bf0-997a-017c7edc7c55",
                       "value": "https://example.com/"});
        let err = serde_json::from_value::<DomainName>(v.clone()).unwrap_err().to_string();
        assert!(err.contains("expected an object of type `domain-name`, found `url`"), "{err}");
        let url: Url = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&url).unwrap(), v);
    }

    #[test]
    fn serializes_type_first() {
        let v = json!({"value": "example.com", "id": "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
                       "type": "domain-name", "x_abc": 1});
        let object: Object = serde_json::from_value(v).unwrap();
        let text = serde_json::to_string(&object).unwrap();
        assert!(text.starts_with(r#"{"type":"domain-name","#), "{text}");
        let custom = Object::from_value(json!({"b": 1, "type": "x-thing", "a": 2})).unwrap();
        let text = serde_json::to_string(&custom).unwrap();
        assert!(text.starts_with(r#"{"type":"x-thing","#), "{text}");
    }

    #[test]
    fn helpers_read_common_properties() {
        let marking = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
        let set = Object::from_value(json!({
            "type": "intrusion-set", "spec_version": "2.1",
            "id": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
            "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
            "name": "Bobcat Breakin", "object_marking_refs": [marking], "x_a": 1
        }))
        .unwrap();
        assert_eq!(set.name(), Some("Bobcat Breakin"));
        assert_eq!(set.type_name(), "intrusion-set");
        assert_eq!(set.object_marking_refs()[0].as_str(), marking);
        assert_eq!(set.extra()["x_a"], 1);
        assert!(set.sdo_common().is_some() && !set.is_sco());
        assert_eq!(set.created(), set.modified());

        let mut ip = Object::from_value(json!({"type": "ipv4-addr", "value": "198.51.100.3",
            "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}))
        .unwrap();
        assert!(ip.is_sco() && ip.created().is_none() && ip.object_marking_refs().is_empty());
        assert_eq!(ip.name(), None);
        ip.extra_mut().insert("x_b".into(), json!(2));
        assert_eq!(ip.to_value()["x_b"], 2);

        let custom =
            Object::from_value(json!({"type": "x-mitre-tactic", "name": "Execution"})).unwrap();
        assert_eq!((custom.name(), custom.id()), (Some("Execution"), None));
    }

    #[test]
    fn lists_references() {
        let relationship = Object::from_value(json!({
            "type": "relationship", "spec_version": "2.1",
            "id": "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",
            "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z",
            "relationship_type": "indicates",
            "source_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "target_ref": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
            "object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
            "granular_markings": [{"selectors": ["description"],
                "marking_ref": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"}],
            "x_other_ref": "not an id"
        }))
        .unwrap();
        let refs: Vec<String> = relationship.references().iter().map(|r| r.to_string()).collect();
        assert_eq!(
            refs,
            [
                "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
            ]
        );
    }

    #[test]
    fn nulls_and_unknown_properties_are_kept() {
        let v = json!({"type": "domain-name", "id": "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
                       "value": "example.com", "resolves_to_refs": null, "x_seen": {"a": [1, 2.5]}});
        let object = Object::from_value(v.clone()).unwrap();
        assert_eq!(object.to_value(), v);
    }
}
