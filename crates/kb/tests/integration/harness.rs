//! Test stores on both backends, and a small STIX world to load into them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use kb::{Source, SourceKind, Store};
use serde_json::{Value, json};
use stix::id::Identifier;

/// Runs each test body on both backends: `both!(name, |t: TestStore| { ... });`
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let f: fn($crate::harness::TestStore) = $body;
                f($crate::harness::TestStore::sqlite());
            }
            #[test]
            fn postgres() {
                let f: fn($crate::harness::TestStore) = $body;
                f($crate::harness::TestStore::postgres());
            }
        }
    };
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

pub fn postgres_base_url() -> String {
    std::env::var("CAIRN_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

enum Cleanup {
    Dir(PathBuf),
    Schema(String),
}

/// A fresh store that cleans up after itself; `url` opens more handles on it.
pub struct TestStore {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

impl TestStore {
    pub fn sqlite() -> TestStore {
        let dir = std::env::temp_dir().join(format!("kb-test-{}", unique()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let url = format!("sqlite:{}", dir.join("cairn.sqlite").display());
        let store = Store::open(&url).expect("open SQLite store");
        TestStore { store, url, cleanup: Cleanup::Dir(dir) }
    }

    pub fn postgres() -> TestStore {
        let base = postgres_base_url();
        let schema = format!("kb_test_{}", unique());
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is not reachable at {base} ({e}); the suite needs it (set CAIRN_TEST_POSTGRES_URL to \
                 point elsewhere)"
            )
        });
        admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create test schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        let store = Store::open(&url).expect("open PostgreSQL store");
        TestStore { store, url, cleanup: Cleanup::Schema(schema) }
    }

    pub fn reopen(&self) -> Store {
        Store::open(&self.url).expect("reopen store")
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        // Close the store first: an open transaction (a failed test) would block DROP SCHEMA.
        if let Ok(placeholder) = Store::open("sqlite::memory:") {
            drop(std::mem::replace(&mut self.store, placeholder));
        }
        match &self.cleanup {
            Cleanup::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Cleanup::Schema(s) => {
                if let Ok(mut admin) =
                    postgres::Client::connect(&postgres_base_url(), postgres::NoTls)
                {
                    let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {s} CASCADE"));
                }
            }
        }
    }
}

pub const T0: &str = "2020-01-01T00:00:00.000Z";
pub const EXT: &str = kb::CAIRN_ACTOR_EXTENSION;

pub fn id(ty: &str, name: &str) -> String {
    Identifier::cairn(ty, name).as_str().to_owned()
}

pub fn source(key: &str, kind: SourceKind, name: &str) -> Source {
    Source::new(key, kind, name)
}

pub fn country(code: &str, name: &str) -> Value {
    json!({"type": "location", "spec_version": "2.1", "id": id("location", &format!("country:{code}")),
           "created": T0, "modified": T0, "name": name, "country": code})
}

pub fn sector(value: &str, name: &str) -> Value {
    json!({"type": "identity", "spec_version": "2.1", "id": id("identity", &format!("sector:{value}")),
           "created": T0, "modified": T0, "name": name, "identity_class": "class", "sectors": [value]})
}

/// An actor record of one source: `vendors` says who uses which alias.
pub fn actor(
    src: &str,
    name: &str,
    aliases: &[&str],
    vendors: &[(&str, &str)],
    motivation: Option<&str>,
) -> Value {
    let mut v = json!({"type": "intrusion-set", "spec_version": "2.1", "id": id("intrusion-set", &format!("{src}:{name}")),
        "created": T0, "modified": T0, "name": name, "aliases": aliases});
    let o = v.as_object_mut().expect("object");
    if !vendors.is_empty() {
        let map: serde_json::Map<String, Value> =
            vendors.iter().map(|(a, v)| ((*a).to_owned(), json!(v))).collect();
        o.insert(
            "extensions".into(),
            json!({EXT: {"extension_type": "property-extension", "alias_vendors": map}}),
        );
    }
    if let Some(m) = motivation {
        o.insert("primary_motivation".into(), json!(m));
    }
    v
}

pub fn rel(src: &str, from: &str, ty: &str, to: &str) -> Value {
    json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", &format!("{src}|{from}|{ty}|{to}")),
           "created": T0, "modified": T0, "relationship_type": ty, "source_ref": from, "target_ref": to})
}

pub fn named(ty: &str, name: &str, extra: Value) -> Value {
    let mut v = json!({"type": ty, "spec_version": "2.1", "id": id(ty, name), "created": T0, "modified": T0, "name": name});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    v
}

/// A small world in three sources, modelled on the reference data's real conflicts.
pub struct World {
    pub attack: (Source, Vec<Value>),
    pub misp: (Source, Vec<Value>),
    pub microsoft: (Source, Vec<Value>),
}

pub fn world() -> World {
    let (ru, ir, ua) = (country("RU", "Russia"), country("IR", "Iran"), country("UA", "Ukraine"));
    let gov = sector("government", "Government sector");
    let energy = sector("energy", "Energy sector");
    let xagent = named(
        "malware",
        "X-Agent",
        json!({"is_family": true, "description": "Modular backdoor used by APT28."}),
    );
    let phishing = named(
        "attack-pattern",
        "Spearphishing Attachment",
        json!({"external_references": [{"source_name": "mitre-attack", "external_id": "T1566.001"}],
               "description": "Adversaries may send spearphishing emails with a malicious attachment."}),
    );

    // ATT&CK-like: groups without countries.
    let a28 = actor(
        "attack",
        "APT28",
        &["APT28", "Fancy Bear", "STRONTIUM", "Sofacy"],
        &[],
        Some("organizational-gain"),
    );
    let asw = actor(
        "attack",
        "Sandworm Team",
        &["Sandworm Team", "IRIDIUM", "Voodoo Bear", "Seashell Blizzard"],
        &[],
        None,
    );
    let a28_id = a28["id"].as_str().unwrap_or_default().to_owned();
    let attack = vec![
        a28.clone(),
        asw,
        xagent.clone(),
        phishing.clone(),
        rel("attack", &a28_id, "uses", xagent["id"].as_str().unwrap_or_default()),
        rel("attack", &a28_id, "uses", phishing["id"].as_str().unwrap_or_default()),
    ];

    // MISP-like: countries, sectors, and two clusters sharing a name.
    let m28 = actor(
        "misp",
        "APT28",
        &["Fancy Bear", "Sednit", "STRONTIUM", "Forest Blizzard"],
        &[
            ("Fancy Bear", "CrowdStrike"),
            ("STRONTIUM", "Microsoft"),
            ("Forest Blizzard", "Microsoft"),
        ],
        Some("ideology"),
    );
    let msw = actor(
        "misp",
        "Sandworm",
        &["Sandworm Team", "IRIDIUM", "Voodoo Bear"],
        &[("Voodoo Bear", "CrowdStrike")],
        None,
    );
    let mir = actor("misp", "IRIDIUM", &[], &[], None);
    let mfin7 = actor(
        "misp",
        "FIN7",
        &["Carbon Spider"],
        &[("Carbon Spider", "CrowdStrike")],
        Some("personal-gain"),
    );
    let id_of = |v: &Value| v["id"].as_str().unwrap_or_default().to_owned();
    let misp = vec![
        ru.clone(),
        ir.clone(),
        ua.clone(),
        gov.clone(),
        energy.clone(),
        m28.clone(),
        msw.clone(),
        mir.clone(),
        mfin7.clone(),
        rel("misp", &id_of(&m28), "attributed-to", &id_of(&ru)),
        rel("misp", &id_of(&m28), "targets", &id_of(&gov)),
        rel("misp", &id_of(&m28), "targets", &id_of(&ua)),
        rel("misp", &id_of(&msw), "attributed-to", &id_of(&ru)),
        rel("misp", &id_of(&msw), "targets", &id_of(&energy)),
        rel("misp", &id_of(&mir), "originates-from", &id_of(&ir)),
        rel("misp", &id_of(&mfin7), "originates-from", &id_of(&ru)),
    ];

    // Microsoft-like: weather names, old names as aliases, origins.
    let xfb = actor(
        "microsoft",
        "Forest Blizzard",
        &["STRONTIUM", "APT28"],
        &[("STRONTIUM", "Microsoft")],
        None,
    );
    let xsb =
        actor("microsoft", "Seashell Blizzard", &["IRIDIUM"], &[("IRIDIUM", "Microsoft")], None);
    let xst = actor(
        "microsoft",
        "Sangria Tempest",
        &["FIN7", "Carbon Spider"],
        &[],
        Some("personal-gain"),
    );
    let microsoft = vec![
        ru.clone(),
        ua.clone(),
        xfb.clone(),
        xsb.clone(),
        xst.clone(),
        rel("microsoft", &id_of(&xfb), "attributed-to", &id_of(&ru)),
        rel("microsoft", &id_of(&xsb), "attributed-to", &id_of(&ru)),
        rel("microsoft", &id_of(&xst), "originates-from", &id_of(&ua)),
    ];

    World {
        attack: (source("attack:enterprise", SourceKind::Reference, "MITRE ATT&CK"), attack),
        misp: (source("misp-galaxy:threat-actor", SourceKind::Reference, "MISP galaxy"), misp),
        microsoft: (source("microsoft:naming", SourceKind::Reference, "Microsoft"), microsoft),
    }
}

/// Loads the whole world.
pub fn load_world(store: &mut Store) -> World {
    let w = world();
    for (s, objs) in [&w.attack, &w.misp, &w.microsoft] {
        store.ingest(s, objs, &kb::IngestOptions::default()).expect("ingest world");
    }
    w
}

/// Everything observable about a store's content, to compare before/after.
pub fn snapshot(store: &mut Store) -> (kb::Stats, Vec<String>, Vec<String>) {
    let stats = store.stats().expect("stats");
    let sources = store
        .sources()
        .expect("sources")
        .into_iter()
        .map(|s| format!("{}:{}", s.source.key, s.claims))
        .collect();
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.list(None, after.as_deref(), 500).expect("list");
        ids.extend(
            page.items.iter().map(|o| format!("{}@{}", o.object["id"], o.object["modified"])),
        );
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    (stats, sources, ids)
}

/// `n` distinct malware objects, for bulk tests.
pub fn many(prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| named("malware", &format!("{prefix} {i}"), json!({"is_family": false, "description": format!("bulk object number {i} of {prefix}")})))
        .collect()
}
