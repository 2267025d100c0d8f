//! Migrations, failures, crashes and concurrent readers.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use kb::{Error, IngestOptions, SourceKind, Store};

use crate::both;
use crate::harness::*;

const CRASH_ENV: &str = "CAIRN_KB_CRASH_URL";

/// Child side of the crash test: does nothing in a normal run. With `CAIRN_KB_CRASH_URL` set it
/// starts a large ingest and stalls inside the transaction until it is killed.
#[test]
fn crash_child() {
    let Ok(url) = std::env::var(CRASH_ENV) else { return };
    let mut store = Store::open(&url).expect("child opens store");
    let src = source("feed:crash", SourceKind::Feed, "crash");
    let mut progress = |n: usize| {
        println!("STAGED {n}");
        std::thread::sleep(std::time::Duration::from_secs(120));
    };
    let _ = store.ingest_with_progress(
        &src,
        &many("crash", 5000),
        &IngestOptions::default(),
        &mut progress,
    );
    println!("FINISHED");
}

both!(a_killed_import_leaves_the_store_as_it_was, |mut t| {
    load_world(&mut t.store);
    let before = snapshot(&mut t.store);
    drop(std::mem::replace(&mut t.store, Store::open("sqlite::memory:").unwrap()));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["integrity::crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CRASH_ENV, &t.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    let staged = lines.by_ref().map_while(Result::ok).any(|l| l.contains("STAGED"));
    assert!(staged, "the child reached the middle of its import");
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let mut store = t.reopen();
    assert_eq!(snapshot(&mut store), before);
    // And the store still takes writes (no stale lock).
    store
        .ingest(
            &source("feed:after", SourceKind::Feed, "after"),
            &many("after", 2),
            &IngestOptions::default(),
        )
        .unwrap();
});

both!(readers_see_old_or_new_state_during_a_write, |mut t| {
    load_world(&mut t.store);
    let old = t.store.stats().unwrap().objects;
    let batch = many("concurrent", 3000);
    let new = old + batch.len() as i64;
    let mut reader = t.reopen();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let r = s.spawn(|| {
            let mut seen = std::collections::BTreeSet::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let n = reader.stats().unwrap().objects;
                assert!(
                    n == old || n == new,
                    "reader saw a partial write: {n} (old {old}, new {new})"
                );
                seen.insert(n);
            }
            seen
        });
        t.store
            .ingest(&source("feed:big", SourceKind::Feed, "big"), &batch, &IngestOptions::default())
            .unwrap();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let seen = r.join().unwrap();
        assert!(seen.contains(&old) || seen.contains(&new));
    });
    assert_eq!(t.store.stats().unwrap().objects, new);
});

both!(a_second_writer_gets_a_lock_error, |mut t| {
    let mut other = t.reopen();
    other.set_lock_timeout(std::time::Duration::from_millis(200)).unwrap();
    let mut progress = |_n: usize| {
        let r = other.ingest(
            &source("feed:b", SourceKind::Feed, "b"),
            &many("b", 1),
            &IngestOptions::default(),
        );
        assert!(matches!(r, Err(Error::Locked(_))), "{r:?}");
    };
    t.store
        .ingest_with_progress(
            &source("feed:a", SourceKind::Feed, "a"),
            &many("a", 10),
            &IngestOptions::default(),
            &mut progress,
        )
        .unwrap();
});

both!(a_newer_schema_is_refused, |mut t| {
    drop(std::mem::replace(&mut t.store, Store::open("sqlite::memory:").unwrap()));
    // Simulate a store written by a future Cairn.
    bump_schema(&t.url);
    match Store::open(&t.url) {
        Err(Error::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (99, kb::SCHEMA_VERSION))
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
});

fn bump_schema(url: &str) {
    const SQL: &str = "INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')";
    if let Some(path) = url.strip_prefix("sqlite:") {
        rusqlite::Connection::open(path).unwrap().execute_batch(SQL).unwrap();
    } else {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.batch_execute(SQL).unwrap();
    }
}

#[test]
fn unreachable_and_bad_urls_are_clear() {
    match Store::open("postgres://postgres@127.0.0.1:1/nothing") {
        Err(Error::Unreachable { url, .. }) => {
            assert_eq!(url, "postgres://postgres@127.0.0.1:1/nothing")
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    match Store::open("postgres://cairn:secret@127.0.0.1:1/x") {
        Err(e) => assert!(!e.to_string().contains("secret"), "{e}"),
        Ok(_) => panic!("port 1 accepted a connection"),
    }
    assert!(matches!(Store::open("mysql://x"), Err(Error::BadUrl(_))));
    assert!(matches!(
        Store::open("sqlite:/nonexistent-dir-kb/x.sqlite"),
        Err(Error::Unreachable { .. })
    ));
}

#[test]
fn a_foreign_file_is_reported_corrupt() {
    let dir = std::env::temp_dir().join(format!("kb-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let junk = dir.join("junk.sqlite");
    std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
    let r = Store::open(&format!("sqlite:{}", junk.display()));
    assert!(matches!(r, Err(Error::Corrupt(_))), "{r:?}");
    // A SQLite database of another application is not a Cairn store either.
    let other = dir.join("other.sqlite");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let r = Store::open(&format!("sqlite:{}", other.display()));
    assert!(matches!(r, Err(Error::Corrupt(_))), "{r:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A store written by schema version 1 (SQL text in `tests/fixtures/store-v1.sql`) still opens
/// and answers with this build.
#[test]
fn a_store_written_by_schema_1_still_opens() {
    let dump = include_str!("../fixtures/store-v1.sql");
    let dir = std::env::temp_dir().join(format!("kb-compat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v1.sqlite");
    let _ = std::fs::remove_file(&path);
    rusqlite::Connection::open(&path).unwrap().execute_batch(dump).unwrap();
    let mut store = Store::open(&format!("sqlite:{}", path.display())).unwrap();
    assert_eq!(store.schema_version().unwrap(), kb::SCHEMA_VERSION);
    let v = match store.actor("Fancy Bear").unwrap() {
        kb::ActorLookup::Resolved(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!((v.name.as_str(), v.records.len()), ("APT28", 3));
    assert!(!store.search("spearphishing", 5).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().sources, 3);
    // It takes new writes.
    store
        .ingest(
            &source("feed:new", SourceKind::Feed, "new"),
            &many("new", 2),
            &IngestOptions::default(),
        )
        .unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes the schema-1 fixture's source store when `CAIRN_KB_WRITE_FIXTURE=PATH` is set (then
/// `sqlite3 PATH .dump > tests/fixtures/store-v1.sql`); does nothing otherwise.
#[test]
fn write_fixture() {
    let Ok(path) = std::env::var("CAIRN_KB_WRITE_FIXTURE") else { return };
    let mut store = Store::open(&format!("sqlite:{path}")).unwrap();
    load_world(&mut store);
}
