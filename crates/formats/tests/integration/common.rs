use std::path::PathBuf;

use formats::{Import, Options};
use serde_json::Value;

pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(rel)
}

pub fn read(rel: &str) -> Vec<u8> {
    formats::read_file(&data(rel), formats::DEFAULT_MAX_BYTES)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A MISP context with producers and countries loaded from the shared data.
pub fn misp_context() -> formats::misp::Context {
    let mut context = formats::misp::Context::new();
    let options = Options::default();
    context.add_producers(&read("misp-galaxy/clusters/producer.json"), &options).unwrap();
    context.add_countries(&read("misp-galaxy/clusters/country.json"), &options).unwrap();
    context
}

pub fn load_misp(name: &str) -> Import {
    let bytes = read(&format!("misp-galaxy/clusters/{name}"));
    formats::misp::load_misp_cluster(&bytes, &misp_context(), &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn by_name<'a>(import: &'a Import, ty: &str, name: &str) -> Vec<&'a Value> {
    import.objects.iter().filter(|o| o["type"] == ty && o["name"] == name).collect()
}

pub fn one<'a>(import: &'a Import, ty: &str, name: &str) -> &'a Value {
    let found = by_name(import, ty, name);
    assert_eq!(found.len(), 1, "{ty} {name:?}: {} found", found.len());
    found[0]
}

pub fn one_by_id<'a>(import: &'a Import, id: &str) -> &'a Value {
    import.objects.iter().find(|o| o["id"] == id).unwrap_or_else(|| panic!("{id} not found"))
}

/// Targets (ISO2 of countries) of `rel_type` relationships from `id`.
pub fn related_countries(import: &Import, id: &str, rel_type: &str) -> Vec<String> {
    let mut out = Vec::new();
    for rel in import.objects.iter().filter(|o| {
        o["type"] == "relationship" && o["source_ref"] == id && o["relationship_type"] == rel_type
    }) {
        let target = rel["target_ref"].as_str().unwrap();
        if let Some(loc) = import.objects.iter().find(|o| o["id"] == target)
            && let Some(c) = loc["country"].as_str()
        {
            out.push(c.to_owned());
        }
    }
    out.sort();
    out
}

pub fn aliases(object: &Value) -> Vec<&str> {
    object["aliases"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

pub fn alias_vendor<'a>(object: &'a Value, alias: &str) -> Option<&'a str> {
    object["extensions"][formats::ACTOR_EXTENSION_ID]["alias_vendors"][alias].as_str()
}

/// Basic STIX shape: type, id prefix matching the type, created/modified on SDOs and SROs,
/// relationships pointing at objects of the right types.
pub fn check_shapes(import: &Import) {
    for (i, o) in import.objects.iter().enumerate() {
        let ty = o["type"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: object {i} has no type", import.source.key));
        let id = o["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: object {i} has no id", import.source.key));
        let parsed = stix::Identifier::parse(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(parsed.object_type(), ty, "{id}");
        if stix::id::id_contributing_properties(ty).is_none() {
            assert!(o["created"].is_string(), "{id}: no created");
            if ty != "marking-definition" {
                assert!(o["modified"].is_string(), "{id}: no modified");
            }
        }
        if ty == "relationship" {
            for end in ["source_ref", "target_ref"] {
                let r = o[end].as_str().unwrap_or_else(|| panic!("{id}: no {end}"));
                stix::Identifier::parse(r).unwrap_or_else(|e| panic!("{id} {end}: {e}"));
            }
        }
    }
}
