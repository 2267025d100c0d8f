//! The bundle (§8): a collection of objects, not itself a STIX object.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::Identifier;

use super::{JsonMap, Object, ObjectError};

/// A STIX bundle.
///
/// A bundle without `objects` reads as an empty list, and an empty list is written as no
/// `objects` (the spec forbids empty lists), so `"objects": []` does not round-trip.
#[derive(Clone, Debug, PartialEq)]
pub struct Bundle {
    pub id: Identifier,
    pub objects: Vec<Object>,
    /// Other properties (`spec_version` of STIX 2.0 bundles, custom ones), kept as written.
    pub extra: JsonMap,
}

impl Bundle {
    /// A bundle of `objects`; bundles are transient, so the caller gives the UUID.
    pub fn new(objects: Vec<Object>, uuid: uuid::Uuid) -> Self {
        Bundle { id: Identifier::new("bundle", uuid), objects, extra: JsonMap::new() }
    }

    /// Reads a bundle; an error names the object (`objects[3]`) and its property.
    pub fn from_value(value: Value) -> Result<Self, ObjectError> {
        let Value::Object(map) = value else { return Err(ObjectError::NotAnObject) };
        Bundle::from_map(map)
    }

    pub fn from_map(mut map: JsonMap) -> Result<Self, ObjectError> {
        let invalid = |property: String, message: String| ObjectError::Invalid {
            object_type: "bundle".to_owned(),
            property,
            message,
        };
        match map.remove("type") {
            Some(Value::String(t)) if t == "bundle" => {}
            Some(Value::String(found)) => {
                return Err(ObjectError::WrongType { expected: "bundle", found });
            }
            _ => return Err(ObjectError::NoType),
        }
        let id = match map.remove("id") {
            None => {
                return Err(ObjectError::Missing {
                    object_type: "bundle".to_owned(),
                    property: "id".to_owned(),
                });
            }
            Some(v) => {
                serde_json::from_value(v).map_err(|e| invalid("id".to_owned(), e.to_string()))?
            }
        };
        let objects = match map.remove("objects") {
            None => Vec::new(),
            Some(Value::Array(values)) => {
                let mut objects = Vec::with_capacity(values.len());
                for (i, value) in values.into_iter().enumerate() {
                    let object = Object::from_value(value)
                        .map_err(|e| invalid(format!("objects[{i}]"), e.to_string()))?;
                    objects.push(object);
                }
                objects
            }
            Some(other) => {
                return Err(invalid(
                    "objects".to_owned(),
                    format!("expected an array, found {other}"),
                ));
            }
        };
        Ok(Bundle { id, objects, extra: map })
    }

    /// The bundle as a JSON value, `type` first when written as text.
    pub fn to_value(&self) -> Value {
        let mut map = self.extra.clone();
        map.insert("type".to_owned(), Value::String("bundle".to_owned()));
        map.insert("id".to_owned(), Value::String(self.id.to_string()));
        if !self.objects.is_empty() {
            map.insert("objects".to_owned(), self.objects.iter().map(Object::to_value).collect());
        }
        Value::Object(map)
    }
}

impl Serialize for Bundle {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut out = serializer.serialize_map(None)?;
        out.serialize_entry("type", "bundle")?;
        out.serialize_entry("id", &self.id)?;
        for (k, v) in &self.extra {
            if !matches!(k.as_str(), "type" | "id" | "objects") {
                out.serialize_entry(k, v)?;
            }
        }
        if !self.objects.is_empty() {
            out.serialize_entry("objects", &self.objects)?;
        }
        out.end()
    }
}

impl<'de> Deserialize<'de> for Bundle {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = JsonMap::deserialize(deserializer)?;
        Bundle::from_map(map).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_and_names_the_bad_object() {
        let v = json!({
            "type": "bundle", "id": "bundle--44af6c39-c09b-49c5-9de2-394224b04982",
            "x_note": "kept",
            "objects": [
                {"type": "ipv4-addr", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                 "value": "198.51.100.3"},
                {"type": "x-custom", "id": "x-custom--44af6c39-c09b-49c5-9de2-394224b04982"}
            ]
        });
        let bundle: Bundle = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(bundle.objects.len(), 2);
        assert_eq!(serde_json::to_value(&bundle).unwrap(), v);
        assert_eq!(bundle.to_value(), v);
        let text = serde_json::to_string(&bundle).unwrap();
        assert!(text.starts_with(r#"{"type":"bundle","id":"bundle--"#), "{text}");

        let mut bad = v;
        bad["objects"][1] =
            json!({"type": "ipv4-addr", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"});
        let err = Bundle::from_value(bad).unwrap_err().to_string();
        assert_eq!(
            err,
            "bundle: property `objects[1]`: ipv4-addr: required property `value` is missing"
        );
    }
}
