//! Every reference file of ../shared/data, loaded in place.

use std::collections::HashSet;

use formats::{Options, attack, microsoft};
use serde_json::Value;

use crate::common::*;

/// Relationships MISP's `related` links give may point at values of other clusters.
const CROSS_SOURCE: &[&str] = &["uses", "targets", "subtechnique-of", "revoked-by", "variant-of"];

/// Relationships and extension uses of Cairn-built imports point at objects of the same import
/// (or, for `related` links, of another cluster).
fn check_closed(import: &formats::Import) {
    let ids: HashSet<&str> = import.objects.iter().filter_map(|o| o["id"].as_str()).collect();
    assert_eq!(ids.len(), import.objects.len(), "{}: duplicate ids", import.source.key);
    for o in &import.objects {
        assert_eq!(o["spec_version"], "2.1", "{}", o["id"]);
        if o["type"] == "relationship" {
            for end in ["source_ref", "target_ref"] {
                let r = o[end].as_str().unwrap();
                let cross = CROSS_SOURCE.iter().any(|t| o["relationship_type"] == *t);
                assert!(ids.contains(r) || cross, "{}: {end} {r} not in the import", o["id"]);
            }
        }
        if o.get("extensions").is_some() {
            assert!(
                ids.contains(formats::ACTOR_EXTENSION_ID),
                "{}: extension not declared",
                o["id"]
            );
        }
    }
}

fn load_attack(file: &str) -> formats::Import {
    let rel = format!("mitre-attack/{file}");
    attack::load_stix(&read(&rel), &rel, &Options::default()).unwrap()
}

#[test]
fn attack_bundles() {
    for (file, key, count) in [
        ("enterprise-attack-18.1.json.gz", "attack:enterprise", 24_771),
        ("mobile-attack-18.1.json.gz", "attack:mobile", 2_535),
        // ICS is MITRE's own file: 1,825 objects plus its x-mitre-collection manifest.
        ("ics-attack-18.1.json.gz", "attack:ics", 1_826),
    ] {
        let import = load_attack(file);
        assert_eq!(import.source.key, key);
        assert_eq!(import.source.version.as_deref(), Some("18.1"));
        assert_eq!(import.objects.len(), count, "{file}");
        assert!(import.rejected.is_empty());
        check_shapes(&import);
        assert!(import.revoked > 0, "{file}: revoked objects are kept");
        assert!(import.deprecated > 0, "{file}: deprecated objects are kept");
    }
}

#[test]
fn attack_groups_keep_their_aliases() {
    let import = load_attack("enterprise-attack-18.1.json.gz");
    let apt28 = one(&import, "intrusion-set", "APT28");
    let aliases = aliases(apt28);
    for a in ["APT28", "Fancy Bear", "STRONTIUM", "Forest Blizzard", "Sofacy"] {
        assert!(aliases.contains(&a), "{a} in {aliases:?}");
    }
    // Passed through unchanged: no Cairn extension added, own id kept.
    assert_eq!(apt28["id"], "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c");
    assert!(apt28.get("extensions").is_none());
    let revoked: Vec<&Value> = import.objects.iter().filter(|o| o["revoked"] == true).collect();
    assert_eq!(revoked.len(), import.revoked);
}

#[test]
fn misp_threat_actors() {
    let import = load_misp("threat-actor.json");
    assert_eq!(import.source.key, "misp-galaxy:threat-actor");
    assert_eq!(import.source.version.as_deref(), Some("349"));
    let actors = import.objects.iter().filter(|o| o["type"] == "intrusion-set").count();
    assert_eq!(actors, 1041);
    check_shapes(&import);
    check_closed(&import);

    let apt28 = one(&import, "intrusion-set", "APT28");
    let id = apt28["id"].as_str().unwrap();
    assert!(id.starts_with("intrusion-set--"));
    assert_eq!(related_countries(&import, id, "originates-from"), ["RU"]);
    assert_eq!(related_countries(&import, id, "attributed-to"), ["RU"]);
    let victims = related_countries(&import, id, "targets");
    for c in ["US", "GE", "FR", "UA", "DE"] {
        assert!(victims.contains(&c.to_owned()), "APT28 targets {c}");
    }
    assert_eq!(alias_vendor(apt28, "STRONTIUM"), Some("Microsoft"));
    assert_eq!(alias_vendor(apt28, "Forest Blizzard"), Some("Microsoft"));
    assert_eq!(alias_vendor(apt28, "APT28"), Some("Mandiant"));
    assert!(aliases(apt28).contains(&"Fighting Ursa"));
    let ext = &apt28["extensions"][formats::ACTOR_EXTENSION_ID];
    assert_eq!(ext["actor_kind"], "state");
    assert_eq!(ext["activity"], serde_json::json!(["espionage"]));
    assert_eq!(apt28["primary_motivation"], "organizational-gain");
    // ATT&CK ids in name-attribution are references, not aliases.
    assert!(!aliases(apt28).contains(&"G0007"));
    assert!(
        apt28["external_references"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["external_id"] == "G0007")
    );
    // Sectors from cfr-target-category.
    let sectors: Vec<&str> = import
        .objects
        .iter()
        .filter(|o| {
            o["type"] == "relationship"
                && o["source_ref"] == id
                && o["relationship_type"] == "targets"
        })
        .filter_map(|r| import.objects.iter().find(|o| o["id"] == r["target_ref"]))
        .filter(|o| o["type"] == "identity")
        .filter_map(|o| o["sectors"][0].as_str())
        .collect();
    assert!(sectors.contains(&"government") && sectors.contains(&"defense"), "{sectors:?}");

    let iridium = one(&import, "intrusion-set", "IRIDIUM");
    let id = iridium["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "originates-from"), ["IR"]);
    assert!(related_countries(&import, id, "attributed-to").is_empty());
}

#[test]
fn misp_fin7_is_criminal_from_russia() {
    let import = load_misp("threat-actor.json");
    let fin7 = one(&import, "intrusion-set", "FIN7");
    let id = fin7["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "originates-from"), ["RU"]);
    assert!(
        related_countries(&import, id, "attributed-to").is_empty(),
        "no sponsor for a criminal group"
    );
    assert_eq!(fin7["extensions"][formats::ACTOR_EXTENSION_ID]["actor_kind"], "criminal");
    assert_eq!(alias_vendor(fin7, "Sangria Tempest"), Some("Microsoft"));
    assert_eq!(alias_vendor(fin7, "GOLD NIAGARA"), Some("Secureworks"));
}

fn load_microsoft() -> formats::Import {
    let bytes = read("microsoft-mstic/MicrosoftMapping.json");
    microsoft::load_microsoft_naming(&bytes, &Options::default()).unwrap()
}

#[test]
fn microsoft_map() {
    let import = load_microsoft();
    assert_eq!(import.source.key, "microsoft:naming");
    let actors: Vec<&Value> =
        import.objects.iter().filter(|o| o["type"] == "intrusion-set").collect();
    assert_eq!(actors.len(), 166);
    check_shapes(&import);
    check_closed(&import);

    let forest = one(&import, "intrusion-set", "Forest Blizzard");
    assert_eq!(
        forest["id"],
        stix::Identifier::cairn("intrusion-set", "microsoft:Forest Blizzard").as_str()
    );
    let a = aliases(forest);
    for alias in ["STRONTIUM", "APT28", "FANCY BEAR", "Sofacy"] {
        assert!(a.contains(&alias), "{alias} in {a:?}");
    }
    assert_eq!(alias_vendor(forest, "Forest Blizzard"), Some("Microsoft"));
    assert_eq!(alias_vendor(forest, "STRONTIUM"), Some("Microsoft"));
    assert_eq!(alias_vendor(forest, "APT28"), None);
    let id = forest["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "originates-from"), ["RU"]);
    assert_eq!(related_countries(&import, id, "attributed-to"), ["RU"]);
    assert_eq!(forest["extensions"][formats::ACTOR_EXTENSION_ID]["actor_kind"], "state");

    let seashell = one(&import, "intrusion-set", "Seashell Blizzard");
    assert!(aliases(seashell).contains(&"IRIDIUM"));
    let id = seashell["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "originates-from"), ["RU"]);
    assert_eq!(related_countries(&import, id, "attributed-to"), ["RU"]);

    // Tempest: financially motivated, an origin but no sponsor.
    let sangria = one(&import, "intrusion-set", "Sangria Tempest");
    let id = sangria["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "originates-from"), ["UA"]);
    assert!(related_countries(&import, id, "attributed-to").is_empty());
    assert_eq!(sangria["primary_motivation"], "personal-gain");
    assert_eq!(sangria["extensions"][formats::ACTOR_EXTENSION_ID]["actor_kind"], "criminal");
}

#[test]
fn microsoft_families_fill_blank_origins() {
    let import = load_microsoft();
    // Every nation-state family member with a country gets origin = sponsor; no other actor
    // gets a sponsor.
    for actor in import.objects.iter().filter(|o| o["type"] == "intrusion-set") {
        let name = actor["name"].as_str().unwrap();
        let id = actor["id"].as_str().unwrap();
        let origin = related_countries(&import, id, "originates-from");
        let sponsor = related_countries(&import, id, "attributed-to");
        match microsoft::family_of(name) {
            Some(f) if f.category == microsoft::Category::NationState => {
                assert_eq!(origin, sponsor, "{name}");
                if let Some(c) = f.country {
                    assert_eq!(origin, [c], "{name}");
                }
            }
            _ => assert!(sponsor.is_empty(), "{name}: no sponsor outside nation-state families"),
        }
    }
}

#[test]
fn fin7_origin_differs_between_microsoft_and_misp() {
    // Microsoft: Sangria Tempest (= FIN7 per MISP's name-attribution), Ukraine.
    // MISP threat-actor FIN7: Russia. Both claims are kept, each in its own source.
    let ms = load_microsoft();
    let sangria = one(&ms, "intrusion-set", "Sangria Tempest");
    let ms_origin = related_countries(&ms, sangria["id"].as_str().unwrap(), "originates-from");
    let misp = load_misp("threat-actor.json");
    let fin7 = one(&misp, "intrusion-set", "FIN7");
    let misp_origin = related_countries(&misp, fin7["id"].as_str().unwrap(), "originates-from");
    assert_eq!(ms_origin, ["UA"]);
    assert_eq!(misp_origin, ["RU"]);
}

#[test]
fn misp_microsoft_activity_group() {
    let import = load_misp("microsoft-activity-group.json");
    assert_eq!(import.objects.iter().filter(|o| o["type"] == "intrusion-set").count(), 179);
    check_shapes(&import);
    check_closed(&import);
    let seashell = one(&import, "intrusion-set", "Seashell Blizzard");
    let id = seashell["id"].as_str().unwrap();
    assert_eq!(related_countries(&import, id, "attributed-to"), ["RU"]);
    assert_eq!(alias_vendor(seashell, "IRIDIUM"), Some("Microsoft"));
    // Microsoft's renaming, as MISP records it, is the only same-as.
    let forest = one(&import, "intrusion-set", "Forest Blizzard")["id"].as_str().unwrap();
    let strontium = one(&import, "intrusion-set", "STRONTIUM")["id"].as_str().unwrap();
    let same_as: Vec<(&str, &str)> = import
        .objects
        .iter()
        .filter(|o| o["relationship_type"] == "same-as")
        .map(|o| (o["source_ref"].as_str().unwrap(), o["target_ref"].as_str().unwrap()))
        .collect();
    assert!(same_as.contains(&(forest, strontium)), "{same_as:?}");
    let names = |id: &str| one_by_id(&import, id)["name"].as_str().unwrap().to_owned();
    for (a, b) in &same_as {
        assert!(microsoft::family_of(&names(a)).is_some(), "{}", names(a));
        assert!(microsoft::is_microsoft_name(&names(b)), "{}", names(b));
    }
    // No same-as anywhere else in MISP.
    let actors = load_misp("threat-actor.json");
    assert!(!actors.objects.iter().any(|o| o["relationship_type"] == "same-as"));
}

#[test]
fn every_misp_cluster_loads() {
    let context = misp_context();
    let dir = data("misp-galaxy/clusters");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 27);
    for name in names {
        let bytes = read(&format!("misp-galaxy/clusters/{name}"));
        assert_eq!(formats::detect(&name, &bytes), Some(formats::Kind::MispCluster), "{name}");
        let import = formats::misp::load_misp_cluster(&bytes, &context, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(import.source.key.starts_with("misp-galaxy:"));
        assert!(!import.objects.is_empty(), "{name}");
        check_shapes(&import);
        check_closed(&import);
        let expected =
            serde_json::from_slice::<Value>(&bytes).unwrap()["values"].as_array().unwrap().len();
        let records = import
            .objects
            .iter()
            .filter(|o| o["type"] != "relationship" && o["type"] != "extension-definition")
            .filter(|o| o["id"] != formats::cairn_identity_id().as_str())
            .count();
        match name.as_str() {
            // Countries and regions are Cairn's own location objects; actor files add the
            // countries and sectors their relationships point at.
            "country.json" => assert_eq!(records, 252, "{name}: one location per ISO code"),
            "region.json" => assert!(records > 10, "{name}"),
            _ => assert!(records >= expected, "{name}: {records} objects for {expected} values"),
        }
    }
}

#[test]
fn malware_and_tools() {
    let ransomware = load_misp("ransomware.json");
    let m = ransomware.objects.iter().find(|o| o["type"] == "malware").unwrap();
    assert_eq!(m["malware_types"], serde_json::json!(["ransomware"]));
    assert_eq!(m["is_family"], true);
    let tools = load_misp("tool.json");
    assert!(tools.objects.iter().all(|o| o["type"] == "tool" || o["type"] == "relationship"));
    let plugx = one(&tools, "tool", "PlugX");
    assert!(aliases(plugx).contains(&"Korplug"));
    // mitre-* clusters reuse ATT&CK's uuids: MISP's copies get their own ids.
    let mitre = load_misp("mitre-intrusion-set.json");
    let apt28 = one(&mitre, "intrusion-set", "APT28");
    assert_ne!(apt28["id"], "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c");
}

#[test]
fn sync_plan_of_shared_data() {
    let plan = formats::sync::plan(&data("")).unwrap();
    let count = |role| plan.iter().filter(|i| i.role == role).count();
    assert_eq!(count(formats::sync::Role::Attack), 3);
    assert_eq!(count(formats::sync::Role::MicrosoftNaming), 1);
    assert_eq!(count(formats::sync::Role::MispProducers), 1);
    assert_eq!(plan[0].role, formats::sync::Role::MispProducers);
    assert_eq!(count(formats::sync::Role::MispCluster), 25);
    assert!(formats::sync::plan(&data("PROVENANCE.md")).is_err());
    let (context, warnings) =
        formats::sync::misp_context(&plan, formats::DEFAULT_MAX_BYTES, &Options::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(context.producer("d0c33595-b684-45ef-91c3-e2f5ce1a8191"), Some("Microsoft"));
    let (beside, warnings) = formats::sync::misp_context_for_dir(
        &data("misp-galaxy/clusters"),
        formats::DEFAULT_MAX_BYTES,
        &Options::default(),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(beside.producer("d0c33595-b684-45ef-91c3-e2f5ce1a8191"), Some("Microsoft"));
    assert_eq!(formats::sync::downloads().len(), 3 + 27 + 1);
}

#[test]
fn detect_every_file() {
    use formats::Kind;
    use formats::detect::StixShape;
    let check = |rel: &str, kind: Kind| {
        assert_eq!(formats::detect_file(&data(rel)).unwrap(), Some(kind), "{rel}");
    };
    check("mitre-attack/enterprise-attack-18.1.json.gz", Kind::Stix(StixShape::Bundle));
    check("mitre-attack/ics-attack-18.1.json.gz", Kind::Stix(StixShape::Bundle));
    check("microsoft-mstic/MicrosoftMapping.json", Kind::MicrosoftNamingMap);
    check("misp-galaxy/clusters/threat-actor.json", Kind::MispCluster);
    check("misp-galaxy/galaxies/threat-actor.json", Kind::MispGalaxyDefinition);
    check("misp-galaxy/galaxies/mitre-attack-pattern.json", Kind::MispGalaxyDefinition);
    assert_eq!(
        formats::detect_file(&data("sectors/stix21-industry-sector-ov.json")).unwrap(),
        None
    );
}

#[test]
fn load_any_of_everything_in_sync_plan() {
    let plan = formats::sync::plan(&data("")).unwrap();
    let context = misp_context();
    let mut total = 0;
    for item in &plan {
        let bytes = formats::read_file(&item.path, formats::DEFAULT_MAX_BYTES).unwrap();
        let import =
            formats::load_any(&item.path.to_string_lossy(), &bytes, &context, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", item.path.display()));
        total += import.objects.len();
    }
    assert!(total > 50_000, "{total}");
}

#[test]
fn reimport_is_identical() {
    let a = load_misp("threat-actor.json");
    let b = load_misp("threat-actor.json");
    assert_eq!(a.objects, b.objects);
}

#[test]
fn misp_related_links_become_relationships() {
    let count = |import: &formats::Import, rel: &str| {
        import.objects.iter().filter(|o| o["relationship_type"] == rel).count()
    };
    // Without the other clusters indexed, links to them are counted, not emitted.
    let bytes = read("misp-galaxy/clusters/threat-actor.json");
    let alone =
        formats::misp::load_misp_cluster(&bytes, &misp_context(), &Options::default()).unwrap();
    assert_eq!(count(&alone, "uses"), 0);
    assert!(alone.warnings.iter().any(|w| w.contains("related links")), "{:?}", alone.warnings);

    let mut context = misp_context();
    let dir = data("misp-galaxy/clusters");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = formats::read_file(&entry.unwrap().path(), formats::DEFAULT_MAX_BYTES).unwrap();
        context.add_index(&bytes, &Options::default()).unwrap();
    }
    let actors = formats::misp::load_misp_cluster(&bytes, &context, &Options::default()).unwrap();
    let uses = count(&actors, "uses");
    assert!(uses > 50, "{uses}");
    // Every end of a uses link is an actor, malware, tool or technique id.
    for rel in actors.objects.iter().filter(|o| o["relationship_type"] == "uses") {
        assert!(rel["source_ref"].as_str().unwrap().starts_with("intrusion-set--"));
        let target = rel["target_ref"].as_str().unwrap();
        assert!(
            ["malware--", "tool--", "attack-pattern--"].iter().any(|p| target.starts_with(p)),
            "{target}"
        );
    }
    let mitre = formats::misp::load_misp_cluster(
        &read("misp-galaxy/clusters/mitre-intrusion-set.json"),
        &context,
        &Options::default(),
    )
    .unwrap();
    assert!(count(&mitre, "uses") > 5000, "{}", count(&mitre, "uses"));
    let techniques = formats::misp::load_misp_cluster(
        &read("misp-galaxy/clusters/mitre-attack-pattern.json"),
        &context,
        &Options::default(),
    )
    .unwrap();
    assert!(count(&techniques, "subtechnique-of") > 400);
    // Tidal's "used-by" is turned around: the group uses the software.
    let tidal = formats::misp::load_misp_cluster(
        &read("misp-galaxy/clusters/tidal-software.json"),
        &context,
        &Options::default(),
    )
    .unwrap();
    let rel = tidal.objects.iter().find(|o| o["relationship_type"] == "uses").unwrap();
    assert!(rel["source_ref"].as_str().unwrap().starts_with("intrusion-set--"));
}
