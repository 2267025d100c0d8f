//! Strict, bounded parsing of untrusted JSON documents.
//!
//! STIX documents come from outside, so parsing is bounded and strict:
//! - nesting depth is limited ([`Limits::max_depth`]); serde_json's own recursion guard backs it up;
//! - duplicate keys in an object are an error (RFC 8259 leaves them undefined; STIX gives them no
//!   meaning, and silently keeping one would hide tampering);
//! - the number of top-level objects is limited ([`Limits::max_objects`]);
//! - numbers that do not fit a 64-bit integer or a finite double are an error;
//! - invalid UTF-8 is an error with its position.
//!
//! A bundle's `objects` are handed to a callback one at a time, so a bundle of a million objects
//! never holds more than one parsed object in memory. The size of the input itself is the
//! caller's to bound (it reads the bytes).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Bounds on what a document may contain.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of arrays and objects, counting the document root as 1.
    pub max_depth: usize,
    /// Most objects in one document (bundle `objects` or a top-level array).
    pub max_objects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 64, max_objects: 5_000_000 }
    }
}

/// Where a parse failed and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct JsonError {
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Where an object sits in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// `$.objects[i]` of a bundle.
    Bundle(usize),
    /// `$[i]` of a top-level array.
    Array(usize),
    /// The document is this one object.
    Root,
}

impl At {
    /// The JSON path of the object.
    pub fn path(self) -> String {
        match self {
            At::Bundle(i) => format!("$.objects[{i}]"),
            At::Array(i) => format!("$[{i}]"),
            At::Root => "$".to_owned(),
        }
    }

    pub fn index(self) -> Option<usize> {
        match self {
            At::Bundle(i) | At::Array(i) => Some(i),
            At::Root => None,
        }
    }
}

/// The shape of a parsed document, after its objects went to the callback.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A JSON object with an `objects` array: its other properties, and how many objects it had.
    Bundle { envelope: Map<String, Value>, objects: usize },
    /// A top-level array of objects.
    Array { objects: usize },
    /// A single object, handed to the callback at [`At::Root`].
    Object,
}

/// Parses `bytes` as a STIX document (a bundle, an array of objects or one object) and hands each
/// object to `on_object` with where it sits.
pub fn for_each_object<F>(
    bytes: &[u8],
    limits: &Limits,
    mut on_object: F,
) -> Result<Shape, JsonError>
where
    F: FnMut(At, Value),
{
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = TopSeed { limits, on_object: &mut on_object };
    let shape = seed.deserialize(&mut de).map_err(from_serde)?;
    de.end().map_err(from_serde)?;
    Ok(shape)
}

/// Parses one JSON value with the same strictness (duplicate keys, depth).
pub fn parse_value(bytes: &[u8], limits: &Limits) -> Result<Value, JsonError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue { depth: 1, max_depth: limits.max_depth }
        .deserialize(&mut de)
        .map_err(from_serde)?;
    de.end().map_err(from_serde)?;
    Ok(value)
}

fn from_serde(err: serde_json::Error) -> JsonError {
    let text = err.to_string();
    // serde_json appends " at line L column C"; keep the message without it.
    let message = match text.rfind(" at line ") {
        Some(i) if err.line() > 0 => text[..i].to_owned(),
        _ => text,
    };
    JsonError { line: err.line(), column: err.column(), message }
}

struct TopSeed<'a, F> {
    limits: &'a Limits,
    on_object: &'a mut F,
}

impl<'de, F: FnMut(At, Value)> DeserializeSeed<'de> for TopSeed<'_, F> {
    type Value = Shape;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: FnMut(At, Value)> Visitor<'de> for TopSeed<'_, F> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a STIX bundle, a STIX object or an array of STIX objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape, A::Error> {
        let objects = stream_objects(seq, self.limits, 2, At::Array, self.on_object)?;
        Ok(Shape::Array { objects })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut envelope = Map::new();
        let mut objects = None;
        while let Some(key) = map.next_key::<String>()? {
            if envelope.contains_key(&key) || (key == "objects" && objects.is_some()) {
                return Err(de::Error::custom(format_args!("duplicate key {key:?}")));
            }
            if key == "objects" {
                let seed = ObjectsSeed { limits: self.limits, on_object: &mut *self.on_object };
                match map.next_value_seed(seed)? {
                    ObjectsValue::Streamed(n) => objects = Some(n),
                    ObjectsValue::Other(v) => {
                        envelope.insert(key, v);
                    }
                }
            } else {
                let value = map.next_value_seed(StrictValue::child(1, self.limits))?;
                envelope.insert(key, value);
            }
        }
        match objects {
            Some(objects) => Ok(Shape::Bundle { envelope, objects }),
            None => {
                (self.on_object)(At::Root, Value::Object(envelope));
                Ok(Shape::Object)
            }
        }
    }
}

fn stream_objects<'de, A: SeqAccess<'de>, F: FnMut(At, Value)>(
    mut seq: A,
    limits: &Limits,
    depth: usize,
    at: fn(usize) -> At,
    on_object: &mut F,
) -> Result<usize, A::Error> {
    let mut n = 0;
    while let Some(value) =
        seq.next_element_seed(StrictValue { depth, max_depth: limits.max_depth })?
    {
        if n == limits.max_objects {
            return Err(de::Error::custom(format_args!(
                "more than {} objects (the limit can be raised)",
                limits.max_objects
            )));
        }
        on_object(at(n), value);
        n += 1;
    }
    Ok(n)
}

enum ObjectsValue {
    Streamed(usize),
    Other(Value),
}

struct ObjectsSeed<'a, F> {
    limits: &'a Limits,
    on_object: &'a mut F,
}

impl<'de, F: FnMut(At, Value)> DeserializeSeed<'de> for ObjectsSeed<'_, F> {
    type Value = ObjectsValue;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ObjectsValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: FnMut(At, Value)> Visitor<'de> for ObjectsSeed<'_, F> {
    type Value = ObjectsValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ObjectsValue, A::Error> {
        stream_objects(seq, self.limits, 3, At::Bundle, self.on_object).map(ObjectsValue::Streamed)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ObjectsValue, A::Error> {
        StrictValue::child(1, self.limits).visit_map(map).map(ObjectsValue::Other)
    }

    fn visit_bool<E>(self, v: bool) -> Result<ObjectsValue, E> {
        Ok(ObjectsValue::Other(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<ObjectsValue, E> {
        Ok(ObjectsValue::Other(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<ObjectsValue, E> {
        Ok(ObjectsValue::Other(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ObjectsValue, E> {
        finite(v).map(ObjectsValue::Other)
    }
    fn visit_str<E>(self, v: &str) -> Result<ObjectsValue, E> {
        Ok(ObjectsValue::Other(Value::String(v.to_owned())))
    }
    fn visit_unit<E>(self) -> Result<ObjectsValue, E> {
        Ok(ObjectsValue::Other(Value::Null))
    }
}

/// A `serde_json::Value` builder that rejects duplicate keys and nesting beyond a limit.
#[derive(Clone, Copy)]
struct StrictValue {
    /// Depth of the value being built (the root is 1).
    depth: usize,
    max_depth: usize,
}

impl StrictValue {
    fn child(parent_depth: usize, limits: &Limits) -> Self {
        StrictValue { depth: parent_depth + 1, max_depth: limits.max_depth }
    }

    fn nested<E: de::Error>(self) -> Result<StrictValue, E> {
        if self.depth >= self.max_depth {
            return Err(E::custom(format_args!(
                "nesting deeper than {} levels (the limit can be raised)",
                self.max_depth
            )));
        }
        Ok(StrictValue { depth: self.depth + 1, max_depth: self.max_depth })
    }
}

fn finite<E: de::Error>(v: f64) -> Result<Value, E> {
    serde_json::Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| E::custom("number out of range"))
}

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        finite(v)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let child = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(child)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let child = self.nested()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key {key:?}")));
            }
            let value = map.next_value_seed(child)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(input: &[u8]) -> Result<(Shape, Vec<(At, Value)>), JsonError> {
        let mut seen = Vec::new();
        let shape = for_each_object(input, &Limits::default(), |i, v| seen.push((i, v)))?;
        Ok((shape, seen))
    }

    fn error(input: &[u8]) -> String {
        objects(input).unwrap_err().to_string()
    }

    #[test]
    fn streams_bundle_objects() {
        let (shape, seen) =
            objects(br#"{"objects":[{"type":"a"},{"type":"b"}],"type":"bundle","id":"x"}"#)
                .unwrap();
        let Shape::Bundle { envelope, objects } = shape else { panic!("{shape:?}") };
        assert_eq!(objects, 2);
        assert_eq!(envelope["type"], "bundle");
        assert_eq!(seen[1].0, At::Bundle(1));
        assert_eq!(seen[1].1["type"], "b");
    }

    #[test]
    fn single_object_and_array() {
        let (shape, seen) = objects(br#"{"type":"x"}"#).unwrap();
        assert_eq!(shape, Shape::Object);
        assert_eq!(seen[0].0, At::Root);
        let (shape, seen) = objects(b"\xEF\xBB\xBF[{}, {}]").unwrap();
        assert_eq!(shape, Shape::Array { objects: 2 });
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn observed_data_objects_dict_is_not_a_bundle() {
        let (shape, seen) = objects(br#"{"type":"observed-data","objects":{"0":{}}}"#).unwrap();
        assert_eq!(shape, Shape::Object);
        assert!(seen[0].1["objects"].is_object());
    }

    #[test]
    fn rejects_bad_input_with_position() {
        assert_eq!(error(br#"{"a":1,"a":2}"#), "line 1, column 10: duplicate key \"a\"");
        assert!(error(br#"{"objects":[{"b":1,"b":1}]}"#).contains("duplicate key \"b\""));
        assert!(error(b"{\"a\": \"\xff\"}").starts_with("line 1"));
        assert!(error(b"{\"a\": 1").contains("EOF"));
        assert!(error(b"{} x").contains("trailing"));
        assert!(error(b"42").contains("expected a STIX bundle"));
        let huge = format!("{{\"n\": {}}}", "9".repeat(10_000));
        assert!(error(huge.as_bytes()).contains("number out of range"));
    }

    #[test]
    fn depth_is_bounded_without_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(error(deep.as_bytes()).contains("nesting deeper than 64"));
        let limits = Limits { max_depth: 3, ..Limits::default() };
        assert!(parse_value(br#"{"a":{"b":1}}"#, &limits).is_ok());
        assert!(parse_value(br#"{"a":{"b":[1]}}"#, &limits).is_err());
    }

    #[test]
    fn object_count_is_bounded() {
        let limits = Limits { max_objects: 2, ..Limits::default() };
        let err = for_each_object(b"[{},{},{}]", &limits, |_, _| {}).unwrap_err();
        assert!(err.message.contains("more than 2 objects"), "{err}");
    }
}
