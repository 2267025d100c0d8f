//! Ingest benchmark on ATT&CK Enterprise (24,771 objects):
//! `cargo run --release -p kb --example bench_import [-- BUNDLE.json.gz]`.
//! Measures import into a fresh SQLite store, re-import, `actor` and `search` medians and
//! removal of the source; then the same on PostgreSQL (`CAIRN_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`, in a scratch schema) unless `--sqlite-only`.

use std::io::Read;
use std::time::{Duration, Instant};

use kb::{IngestOptions, Source, SourceKind, Store};

const DEFAULT_BUNDLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/mitre-attack/enterprise-attack-18.1.json.gz"
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sqlite_only = args.iter().any(|a| a == "--sqlite-only");
    // `--queries URL`: only the query medians, on an existing (e.g. fully synced) store.
    if let Some(i) = args.iter().position(|a| a == "--queries") {
        let url = args.get(i + 1).ok_or("--queries needs a store URL")?;
        return queries(&mut Store::open(url)?);
    }
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| DEFAULT_BUNDLE.to_owned());
    let t = Instant::now();
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_string(&mut text)?;
    let bundle: serde_json::Value = serde_json::from_str(&text)?;
    let objects = bundle["objects"].as_array().cloned().unwrap_or_default();
    println!(
        "read {} objects from {path} in {:.2?} (not counted below)",
        objects.len(),
        t.elapsed()
    );

    let dir = std::env::temp_dir().join(format!("kb-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite:{}", dir.join("bench.sqlite").display());
    run("SQLite", &url, &objects)?;
    std::fs::remove_dir_all(&dir)?;

    if !sqlite_only {
        let base = std::env::var("CAIRN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let schema = format!("kb_bench_{}", std::process::id());
        let mut admin = postgres::Client::connect(&base, postgres::NoTls)?;
        admin.batch_execute(&format!("CREATE SCHEMA {schema}"))?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let result =
            run("PostgreSQL", &format!("{base}{sep}options=-csearch_path%3D{schema}"), &objects);
        admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))?;
        result?;
    }
    Ok(())
}

fn run(
    label: &str,
    url: &str,
    objects: &[serde_json::Value],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open(url)?;
    let source = Source::new("attack:enterprise", SourceKind::Reference, "MITRE ATT&CK Enterprise");
    let opts = IngestOptions::default();

    let t = Instant::now();
    let first = store.ingest(&source, objects, &opts)?;
    let import = t.elapsed();
    let stats = store.stats()?;
    let t = Instant::now();
    let again = store.ingest(&source, objects, &opts)?;
    let reimport = t.elapsed();
    assert_eq!(again.new_versions + again.new_claims, 0, "re-import must be idempotent");
    assert_eq!(store.stats()?, stats, "re-import must not change counts");

    let actor = median(200, || store.actor("APT28").map(|_| ()).map_err(|e| e.to_string()))?;
    let actor_alias =
        median(200, || store.actor("Fancy Bear").map(|_| ()).map_err(|e| e.to_string()))?;
    let search = median(200, || {
        store.search("spearphishing attachment", 20).map(|_| ()).map_err(|e| e.to_string())
    })?;
    let search_common =
        median(100, || store.search("windows", 20).map(|_| ()).map_err(|e| e.to_string()))?;

    let t = Instant::now();
    let removed = store.remove_source("attack:enterprise")?;
    let remove = t.elapsed();
    println!(
        "{label}: import {:.3}s ({} versions, {} objects), re-import {:.3}s, remove-source {:.3}s ({} versions)",
        import.as_secs_f64(),
        first.new_versions,
        stats.objects,
        reimport.as_secs_f64(),
        remove.as_secs_f64(),
        removed.versions_removed
    );
    println!(
        "{label}: median actor(APT28) {:.2}ms, actor(Fancy Bear) {:.2}ms, search(spearphishing attachment) {:.2}ms, search(windows) {:.2}ms",
        ms(actor),
        ms(actor_alias),
        ms(search),
        ms(search_common)
    );
    Ok(())
}

fn queries(store: &mut Store) -> Result<(), Box<dyn std::error::Error>> {
    for name in ["Forest Blizzard", "Fancy Bear", "STRONTIUM", "IRIDIUM", "FIN7", "Lazarus Group"] {
        let m = median(101, || store.actor(name).map(|_| ()).map_err(|e| e.to_string()))?;
        println!("median actor({name}) {:.2}ms", ms(m));
    }
    for text in ["spearphishing attachment", "ransomware", "windows"] {
        let m = median(101, || store.search(text, 20).map(|_| ()).map_err(|e| e.to_string()))?;
        println!("median search({text}) {:.2}ms", ms(m));
    }
    Ok(())
}

fn median(n: usize, mut f: impl FnMut() -> Result<(), String>) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times[n / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
