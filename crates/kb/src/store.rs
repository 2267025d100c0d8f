//! Store operations written once over both backends: ingest, source removal, object queries,
//! search, listing, aggregates. Bulk work is set-based SQL over staging tables.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::derive::{self, Derived};
use crate::error::{Error, Rejection, Result};
use crate::model::*;
use crate::resolve;
use crate::sql::{Backend, Conn, Row, Val, schema};
use crate::{Store, now};

/// Rows staged per bulk-load call; progress is reported between chunks.
const CHUNK: usize = 2000;
/// Bulk changes after which PostgreSQL's planner statistics are refreshed.
const ANALYZE_AFTER: usize = 1000;
/// Largest page a listing returns.
pub const MAX_PAGE: usize = 10_000;

const ACTOR_TYPES_SQL: &str = "('intrusion-set', 'threat-actor')";

impl Store {
    /// Stores a batch of STIX objects as claims of `source`, in one transaction. A malformed
    /// object rejects the whole batch (`Error::Rejected`, nothing stored) unless
    /// `options.skip_invalid`. Re-ingesting the same objects changes nothing.
    pub fn ingest(
        &mut self,
        source: &Source,
        objects: &[Value],
        options: &IngestOptions,
    ) -> Result<IngestSummary> {
        self.ingest_with_progress(source, objects, options, &mut |_| {})
    }

    /// [`Store::ingest`], calling `progress(objects staged so far)` while the transaction runs.
    pub fn ingest_with_progress(
        &mut self,
        source: &Source,
        objects: &[Value],
        options: &IngestOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<IngestSummary> {
        if source.key.trim().is_empty() {
            return Err(Error::Rejected(vec![Rejection {
                index: 0,
                id: None,
                reason: "source key is empty".into(),
            }]));
        }
        let mut rejected = Vec::new();
        let mut derived: Vec<Derived> = Vec::with_capacity(objects.len());
        let mut seen = BTreeSet::new();
        for (index, result) in derive_all(objects).into_iter().enumerate() {
            let value = &objects[index];
            match result {
                Ok(d) => {
                    // The same version twice in one batch is one claim.
                    if seen.insert((d.id.clone(), d.mkey.clone())) {
                        derived.push(d);
                    }
                }
                Err(reason) => {
                    let id = value
                        .get("id")
                        .and_then(Value::as_str)
                        .map(|s| s.chars().take(200).collect());
                    rejected.push(Rejection { index, id, reason });
                }
            }
        }
        if !rejected.is_empty() && !options.skip_invalid {
            return Err(Error::Rejected(rejected));
        }
        let accepted = objects.len() - rejected.len();
        let mut summary = self
            .conn
            .write(|c| ingest_tx(c, source, &derived, options, progress))
            .map_err(|e| self.locate(e))?;
        summary.accepted = accepted;
        summary.rejected = rejected;
        if summary.new_versions >= ANALYZE_AFTER {
            self.refresh_statistics()?;
        }
        Ok(summary)
    }

    /// Removes everything `key` asserted: its claims, and the object versions no other source
    /// asserts. Views fall back to what the other sources say.
    pub fn remove_source(&mut self, key: &str) -> Result<RemoveSummary> {
        self.conn
            .write(|c| {
                let sid = source_id(c, key)?;
                c.batch("DELETE FROM s_seq")?;
                c.exec(
                    "INSERT INTO s_seq (seq) SELECT c.seq FROM claims c WHERE c.sid = $1 AND NOT EXISTS \
                     (SELECT 1 FROM claims c2 WHERE c2.seq = c.seq AND c2.sid <> $1)",
                    &[Val::Int(sid)],
                )?;
                let claims = c.exec("DELETE FROM claims WHERE sid = $1", &[Val::Int(sid)])?;
                let versions = remove_orphans(c)?;
                c.exec("DELETE FROM sources WHERE sid = $1", &[Val::Int(sid)])?;
                rebuild_actor_groups(c)?;
                Ok(RemoveSummary { claims_removed: claims as usize, versions_removed: versions })
            })
            .map_err(|e| self.locate(e))
            .and_then(|r| {
                if r.versions_removed >= ANALYZE_AFTER {
                    self.refresh_statistics()?;
                }
                Ok(r)
            })
    }

    /// PostgreSQL plans from table statistics, which lag behind a bulk load until autovacuum
    /// catches up: refresh them at once (SQLite needs nothing).
    fn refresh_statistics(&mut self) -> Result<()> {
        if self.conn.backend() == Backend::Postgres {
            self.conn.batch(
                "ANALYZE objects, latest, claims, rels, names, observables, fts, actor_groups",
            )?;
        }
        Ok(())
    }

    /// Withdraws one source's claims on every version of one object (e.g. undoing a user's
    /// `same-as` link). Returns the number of claims removed.
    pub fn retract(&mut self, source_key: &str, object_id: &str) -> Result<usize> {
        self.conn.write(|c| {
            let sid = source_id(c, source_key)?;
            c.batch("DELETE FROM s_seq")?;
            c.exec(
                "INSERT INTO s_seq (seq) SELECT c.seq FROM claims c JOIN objects o ON o.seq = c.seq \
                 WHERE c.sid = $1 AND o.id = $2 AND NOT EXISTS \
                 (SELECT 1 FROM claims c2 WHERE c2.seq = c.seq AND c2.sid <> $1)",
                &[Val::Int(sid), object_id.into()],
            )?;
            let n = c.exec(
                "DELETE FROM claims WHERE sid = $1 AND seq IN (SELECT seq FROM objects WHERE id = $2)",
                &[Val::Int(sid), object_id.into()],
            )?;
            remove_orphans(c)?;
            rebuild_actor_groups(c)?;
            Ok(n as usize)
        })
    }

    /// Asserts, as `user`, that two actor records describe the same actor.
    pub fn link_actors(
        &mut self,
        user: &Source,
        a: &str,
        b: &str,
        confidence: Option<i64>,
    ) -> Result<String> {
        self.assert_link(user, "same-as", a, b, confidence)
    }

    /// Contests, as `user`, that two actor records are the same actor: they are kept apart
    /// whatever links them. Undo with [`Store::retract`] on the returned relationship id.
    pub fn contest_link(&mut self, user: &Source, a: &str, b: &str) -> Result<String> {
        self.assert_link(user, "not-same-as", a, b, None)
    }

    fn assert_link(
        &mut self,
        user: &Source,
        kind: &str,
        a: &str,
        b: &str,
        confidence: Option<i64>,
    ) -> Result<String> {
        let id =
            stix::id::Identifier::cairn("relationship", &format!("{}|{a}|{kind}|{b}", user.key))
                .as_str()
                .to_owned();
        let ts = now();
        let mut rel = serde_json::json!({
            "type": "relationship", "spec_version": "2.1", "id": id, "created": ts, "modified": ts,
            "relationship_type": kind, "source_ref": a, "target_ref": b,
        });
        if let (Some(c), Some(o)) = (confidence, rel.as_object_mut()) {
            o.insert("confidence".into(), c.into());
        }
        self.ingest(user, &[rel], &IngestOptions::default())?;
        Ok(id)
    }

    /// Every source with the number of claims it makes.
    pub fn sources(&mut self) -> Result<Vec<SourceInfo>> {
        let rows = self.conn.query(
            "SELECT s.key, s.kind, s.name, s.url, s.version, s.published, s.priority, s.added_at, \
             (SELECT count(*) FROM claims c WHERE c.sid = s.sid) FROM sources s ORDER BY s.key",
            &[],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| SourceInfo {
                source: Source {
                    key: r[0].text(),
                    kind: SourceKind::parse(&r[1].text()).unwrap_or(SourceKind::Import),
                    name: r[2].text(),
                    url: r[3].opt_text(),
                    version: r[4].opt_text(),
                    published: r[5].opt_text(),
                    priority: r[6].int() as i32,
                },
                added_at: r[7].text(),
                claims: r[8].int(),
            })
            .collect())
    }

    /// The current version of an object.
    pub fn get(&mut self, id: &str) -> Result<Option<StoredObject>> {
        let rows = self.conn.query(
            "SELECT o.seq, o.added_at, o.json FROM latest l JOIN objects o ON o.seq = l.seq WHERE l.id = $1",
            &[id.into()],
        )?;
        self.stored(rows).map(|mut v| v.pop())
    }

    /// Every stored version of an object, oldest first.
    pub fn versions(&mut self, id: &str) -> Result<Vec<StoredObject>> {
        let rows = self.conn.query(
            "SELECT seq, added_at, json FROM objects WHERE id = $1 ORDER BY mkey",
            &[id.into()],
        )?;
        self.stored(rows)
    }

    /// One version of an object, by its `modified` timestamp (any precision).
    pub fn get_version(&mut self, id: &str, modified: &str) -> Result<Option<StoredObject>> {
        let Ok(mkey) = derive::version_key(modified) else { return Ok(None) };
        let rows = self.conn.query(
            "SELECT seq, added_at, json FROM objects WHERE id = $1 AND mkey = $2",
            &[id.into(), mkey.into()],
        )?;
        self.stored(rows).map(|mut v| v.pop())
    }

    /// Object versions stored after insertion sequence `after_seq`, in insertion order (TAXII
    /// `added_after` paging: pass the last `seq` seen).
    pub fn added_after(&mut self, after_seq: i64, limit: usize) -> Result<Vec<StoredObject>> {
        let rows = self.conn.query(
            "SELECT seq, added_at, json FROM objects WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[Val::Int(after_seq), Val::Int(limit.min(MAX_PAGE) as i64)],
        )?;
        self.stored(rows)
    }

    /// Current objects of one type (all types with `None`), ordered by id. `after` is the cursor
    /// from the previous page: pages stay stable while objects are added or removed.
    pub fn list(
        &mut self,
        object_type: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page> {
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after.unwrap_or("");
        let rows = match object_type {
            Some(t) => self.conn.query(
                "SELECT o.seq, o.added_at, o.json FROM latest l JOIN objects o ON o.seq = l.seq \
                 WHERE l.type = $1 AND l.id > $2 ORDER BY l.id LIMIT $3",
                &[t.into(), after.into(), Val::Int(limit as i64)],
            )?,
            None => self.conn.query(
                "SELECT o.seq, o.added_at, o.json FROM latest l JOIN objects o ON o.seq = l.seq \
                 WHERE l.id > $1 ORDER BY l.id LIMIT $2",
                &[after.into(), Val::Int(limit as i64)],
            )?,
        };
        let items = self.stored(rows)?;
        let next = (items.len() == limit)
            .then(|| {
                items
                    .last()
                    .and_then(|o| o.object.get("id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .flatten();
        Ok(Page { items, next })
    }

    /// Full-text search over names, aliases, descriptions and report text: every word must
    /// occur. Objects whose name is the query come first, then by type, name and id.
    pub fn search(&mut self, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let words = derive::search_words(text);
        let tokens: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).take(32).collect();
        if tokens.is_empty() {
            return Ok(Vec::new());
        }
        let exact = text.trim().to_lowercase();
        let limit = Val::Int(limit.clamp(1, MAX_PAGE) as i64);
        let rows = match self.conn.backend() {
            Backend::Sqlite => {
                let expr = tokens.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" ");
                self.conn.query(
                    "SELECT l.id, l.type, o.name, o.ext_id FROM fts JOIN latest l ON l.seq = fts.rowid \
                     JOIN objects o ON o.seq = l.seq WHERE fts MATCH $1 \
                     ORDER BY CASE WHEN lower(o.name) = $2 THEN 0 ELSE 1 END, l.type, coalesce(o.name, ''), l.id \
                     LIMIT $3",
                    &[expr.into(), exact.into(), limit],
                )?
            }
            Backend::Postgres => self.conn.query(
                "SELECT l.id, l.type, o.name, o.ext_id FROM fts JOIN latest l ON l.seq = fts.seq \
                 JOIN objects o ON o.seq = l.seq WHERE fts.body @@ CAST(CAST($1 AS TEXT) AS tsquery) \
                 ORDER BY CASE WHEN lower(o.name) = $2 THEN 0 ELSE 1 END, l.type, coalesce(o.name, ''), l.id \
                 LIMIT $3",
                &[tokens.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(" & ").into(), exact.into(), limit],
            )?,
        };
        Ok(rows
            .into_iter()
            .map(|r| SearchHit {
                id: r[0].text(),
                object_type: r[1].text(),
                name: r[2].opt_text(),
                external_id: r[3].opt_text(),
            })
            .collect())
    }

    /// Current relationships from and to an object (both directions; `object-ref` for reports
    /// and other containers that reference it, `sighting-of` for sightings).
    pub fn relationships(&mut self, id: &str) -> Result<Vec<RelationshipRef>> {
        let rows = self.conn.query(
            "SELECT lr.id, r.rel_type, r.source_ref, r.target_ref FROM rels r JOIN latest lr ON lr.seq = r.seq \
             WHERE r.source_ref = $1 \
             UNION SELECT lr.id, r.rel_type, r.source_ref, r.target_ref FROM rels r JOIN latest lr ON lr.seq = r.seq \
             WHERE r.target_ref = $1 ORDER BY 2, 3, 4, 1",
            &[id.into()],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| RelationshipRef {
                id: r[0].text(),
                relationship_type: r[1].text(),
                source_ref: r[2].text(),
                target_ref: r[3].text(),
            })
            .collect())
    }

    /// Ids of current observables with this (type, value): `ipv4-addr`, `domain-name`, `url`,
    /// `email-addr`, `file:hashes.SHA-256`, `file:name`, ...
    pub fn observables(&mut self, key: &str, value: &str) -> Result<Vec<String>> {
        let rows = self.conn.query(
            "SELECT DISTINCT l.id FROM observables ob JOIN latest l ON l.seq = ob.seq \
             WHERE ob.type = $1 AND (ob.value = $2 OR ob.value = $3) ORDER BY l.id",
            &[key.into(), value.trim().into(), value.trim().to_lowercase().into()],
        )?;
        Ok(rows.into_iter().map(|r| r[0].text()).collect())
    }

    /// Store-wide counts.
    pub fn stats(&mut self) -> Result<Stats> {
        let mut one = |sql: &str| -> Result<i64> { Ok(self.conn.scalar(sql, &[])?.int()) };
        let mut stats = Stats {
            schema_version: one("SELECT max(version) FROM schema_version")?,
            sources: one("SELECT count(*) FROM sources")?,
            objects: one("SELECT count(*) FROM latest")?,
            versions: one("SELECT count(*) FROM objects")?,
            claims: one("SELECT count(*) FROM claims")?,
            relationships: one("SELECT count(*) FROM latest WHERE type = 'relationship'")?,
            actor_records: one("SELECT count(*) FROM actor_groups")?,
            actors: one("SELECT count(DISTINCT group_id) FROM actor_groups")?,
            by_type: Vec::new(),
        };
        let rows = self.conn.query("SELECT type, count(*) FROM latest GROUP BY type", &[])?;
        stats.by_type = counts(rows.into_iter().map(|r| (r[0].text(), r[0].text(), r[1].int())));
        Ok(stats)
    }

    /// Aggregates for the landscape (definitions on [`Aggregates`]).
    pub fn aggregates(&mut self, bucket: Bucket) -> Result<Aggregates> {
        let c = &mut self.conn;
        let mut by_actor: BTreeMap<String, (String, i64)> = BTreeMap::new();
        for sql in [
            "SELECT g.group_id, g.label, count(*) FROM actor_groups g JOIN rels r ON r.source_ref = g.record_id \
             JOIN latest l ON l.seq = r.seq WHERE r.rel_type NOT IN ('same-as', 'not-same-as') GROUP BY g.group_id, g.label",
            "SELECT g.group_id, g.label, count(*) FROM actor_groups g JOIN rels r ON r.target_ref = g.record_id \
             JOIN latest l ON l.seq = r.seq WHERE r.rel_type NOT IN ('same-as', 'not-same-as') GROUP BY g.group_id, g.label",
        ] {
            for r in c.query(sql, &[])? {
                let e = by_actor.entry(r[0].text()).or_insert((r[1].text(), 0));
                e.1 += r[2].int();
            }
        }
        let by_actor = counts(by_actor.into_iter().map(|(k, (l, n))| (k, l, n)));
        let country_of = |rel: &str| {
            format!(
                "SELECT t.country, max(t.name), count(DISTINCT g.group_id) FROM actor_groups g \
                 JOIN rels r ON r.source_ref = g.record_id AND r.rel_type = '{rel}' JOIN latest l ON l.seq = r.seq \
                 JOIN latest lt ON lt.id = r.target_ref JOIN objects t ON t.seq = lt.seq \
                 WHERE t.country IS NOT NULL GROUP BY t.country"
            )
        };
        let by_sponsor =
            counts(c.query(&country_of("attributed-to"), &[])?.into_iter().map(triple));
        let by_origin =
            counts(c.query(&country_of("originates-from"), &[])?.into_iter().map(triple));
        let targets = |col: &str| {
            format!(
                "SELECT t.{col}, max(t.name), count(DISTINCT coalesce(g.group_id, r.source_ref)) FROM rels r \
                 JOIN latest l ON l.seq = r.seq JOIN latest lt ON lt.id = r.target_ref JOIN objects t ON t.seq = lt.seq \
                 LEFT JOIN actor_groups g ON g.record_id = r.source_ref \
                 WHERE r.rel_type = 'targets' AND t.{col} IS NOT NULL GROUP BY t.{col}"
            )
        };
        let by_sector = counts(c.query(&targets("sector"), &[])?.into_iter().map(triple));
        let by_victim_country = counts(c.query(&targets("country"), &[])?.into_iter().map(triple));
        let by_activity_type = counts(
            c.query(
                "SELECT o.activity, o.activity, count(DISTINCT coalesce(g.group_id, l.id)) FROM latest l \
                 JOIN objects o ON o.seq = l.seq LEFT JOIN actor_groups g ON g.record_id = l.id \
                 WHERE o.activity IS NOT NULL GROUP BY o.activity",
                &[],
            )?
            .into_iter()
            .map(triple),
        );
        let width = match bucket {
            Bucket::Year => 4,
            Bucket::Month => 7,
        };
        let rows = c.query(
            "SELECT substr(o.when_at, 1, $1), count(*) FROM latest l JOIN objects o ON o.seq = l.seq \
             WHERE o.when_at IS NOT NULL GROUP BY substr(o.when_at, 1, $1)",
            &[Val::Int(width)],
        )?;
        let mut by_time: Vec<Count> = rows
            .into_iter()
            .map(|r| Count { key: r[0].text(), label: r[0].text(), count: r[1].int() })
            .collect();
        by_time.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Aggregates {
            by_actor,
            by_sponsor,
            by_origin,
            by_sector,
            by_victim_country,
            by_activity_type,
            by_time,
        })
    }

    /// Rows of (seq, added_at, json) with their claims.
    pub(crate) fn stored(&mut self, rows: Vec<Row>) -> Result<Vec<StoredObject>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let seq = r[0].int();
            let object: Value = serde_json::from_str(&r[2].text())
                .map_err(|e| Error::Corrupt(format!("object version {seq}: {e}")))?;
            let claims = claims_of(&mut self.conn, seq)?;
            out.push(StoredObject { seq, added_at: r[1].text(), object, claims });
        }
        Ok(out)
    }
}

/// Checks and derives every object, on all cores for large batches.
fn derive_all(objects: &[Value]) -> Vec<std::result::Result<Derived, String>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || objects.len() < 2 * CHUNK {
        return objects.iter().map(derive::derive).collect();
    }
    let per = objects.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = objects
            .chunks(per)
            .map(|part| s.spawn(move || part.iter().map(derive::derive).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn triple(r: Row) -> (String, String, i64) {
    let label = r[1].opt_text().unwrap_or_else(|| r[0].text());
    (r[0].text(), label, r[2].int())
}

fn counts(it: impl Iterator<Item = (String, String, i64)>) -> Vec<Count> {
    let mut v: Vec<Count> = it.map(|(key, label, count)| Count { key, label, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v
}

pub(crate) fn claims_of(c: &mut Conn, seq: i64) -> Result<Vec<ClaimInfo>> {
    let rows = c.query(
        "SELECT s.key, s.name, s.kind, s.priority, c.confidence, c.claimed_at, c.ev_report, c.ev_start, c.ev_end, \
         c.ev_sentence FROM claims c JOIN sources s ON s.sid = c.sid WHERE c.seq = $1 ORDER BY s.priority DESC, s.key",
        &[Val::Int(seq)],
    )?;
    Ok(rows
        .into_iter()
        .map(|r| ClaimInfo {
            source: r[0].text(),
            source_name: r[1].text(),
            kind: SourceKind::parse(&r[2].text()).unwrap_or(SourceKind::Import),
            priority: r[3].int() as i32,
            confidence: r[4].opt_int(),
            claimed_at: r[5].text(),
            evidence: r[6].opt_text().map(|report| Evidence {
                report,
                start: r[7].int(),
                end: r[8].int(),
                sentence: r[9].opt_text(),
            }),
        })
        .collect())
}

fn source_id(c: &mut Conn, key: &str) -> Result<i64> {
    c.scalar("SELECT sid FROM sources WHERE key = $1", &[key.into()])?
        .opt_int()
        .ok_or_else(|| Error::NotFound(format!("source {key:?}")))
}

/// Phase timings on stderr when `CAIRN_KB_TRACE` is set (for benchmarking).
struct Trace(Option<std::time::Instant>);

impl Trace {
    fn new() -> Self {
        Trace(std::env::var_os("CAIRN_KB_TRACE").map(|_| std::time::Instant::now()))
    }
    fn mark(&mut self, what: &str) {
        if let Some(t) = self.0 {
            eprintln!("kb: {what}: {:.1?}", t.elapsed());
            self.0 = Some(std::time::Instant::now());
        }
    }
}

fn ingest_tx(
    c: &mut Conn,
    source: &Source,
    derived: &[Derived],
    options: &IngestOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<IngestSummary> {
    let backend = c.backend();
    let ts = now();
    let mut trace = Trace::new();
    c.exec(
        "INSERT INTO sources (key, kind, name, url, version, published, priority, added_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, \
         name = excluded.name, url = excluded.url, version = excluded.version, published = excluded.published, \
         priority = excluded.priority",
        &[
            source.key.as_str().into(),
            source.kind.as_str().into(),
            source.name.as_str().into(),
            source.url.clone().into(),
            source.version.clone().into(),
            source.published.clone().into(),
            Val::Int(source.priority.into()),
            ts.as_str().into(),
        ],
    )?;
    let sid = source_id(c, &source.key)?;
    for t in schema::STAGING_TABLES {
        c.batch(&format!("DELETE FROM {t}"))?;
    }
    let watermark = c.scalar("SELECT coalesce(max(seq), 0) FROM objects", &[])?.int();

    // 1. Stage the claims (keys only: small).
    for (chunk_no, chunk) in derived.chunks(CHUNK).enumerate() {
        let rows: Vec<Row> = chunk
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let ev = options.evidence.get(&d.id);
                vec![
                    Val::Int((chunk_no * CHUNK + k) as i64),
                    d.id.as_str().into(),
                    d.mkey.as_str().into(),
                    d.object_type.as_str().into(),
                    d.confidence.or(options.default_confidence).into(),
                    ev.map(|e| e.report.clone()).into(),
                    ev.map(|e| e.start).into(),
                    ev.map(|e| e.end).into(),
                    ev.and_then(|e| e.sentence.clone()).into(),
                ]
            })
            .collect();
        c.load(
            "s_obj",
            &[
                "idx",
                "id",
                "mkey",
                "type",
                "confidence",
                "ev_report",
                "ev_start",
                "ev_end",
                "ev_sentence",
            ],
            &rows,
        )?;
        progress(chunk_no * CHUNK + chunk.len());
    }
    if backend == Backend::Postgres {
        // Temporary tables have no statistics until analysed; the joins below need them.
        c.batch("ANALYZE s_obj")?;
    }
    trace.mark("stage claims");

    // 2. Versions already stored need nothing but the claim.
    let existing: std::collections::HashSet<i64> = c
        .query("SELECT s.idx FROM s_obj s JOIN objects o ON o.id = s.id AND o.mkey = s.mkey", &[])?
        .into_iter()
        .map(|r| r[0].int())
        .collect();
    let fresh: Vec<(i64, &Derived)> = derived
        .iter()
        .enumerate()
        .map(|(i, d)| (i as i64, d))
        .filter(|(i, _)| !existing.contains(i))
        .collect();
    trace.mark("existing");

    // 3. New versions go straight into `objects` (the write lock is held: no conflicts), their
    //    index rows into staging, keyed by batch index.
    let (mut rels, mut names, mut obs, mut texts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for chunk in fresh.chunks(CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        for &(idx, d) in chunk {
            rows.push(vec![
                d.id.as_str().into(),
                d.mkey.as_str().into(),
                d.modified.clone().into(),
                d.object_type.as_str().into(),
                d.name.clone().into(),
                d.ext_id.clone().into(),
                d.country.clone().into(),
                d.sector.clone().into(),
                d.activity.clone().into(),
                d.when_at.clone().into(),
                d.json.as_str().into(),
                ts.as_str().into(),
            ]);
            let idx = Val::Int(idx);
            for (t, s, tr) in &d.rels {
                rels.push(vec![
                    idx.clone(),
                    t.as_str().into(),
                    s.as_str().into(),
                    tr.as_str().into(),
                ]);
            }
            for n in &d.names {
                names.push(vec![
                    idx.clone(),
                    n.norm.as_str().into(),
                    n.name.as_str().into(),
                    n.vendor.clone().into(),
                    Val::Int(n.primary.into()),
                ]);
            }
            for (t, v) in &d.observables {
                obs.push(vec![idx.clone(), t.as_str().into(), v.as_str().into()]);
            }
            if let Some(t) = &d.text {
                let body = match backend {
                    Backend::Sqlite => t.clone(),
                    Backend::Postgres => tsvector_literal(t),
                };
                texts.push(vec![idx.clone(), body.into()]);
            }
        }
        c.load(
            "objects",
            &[
                "id", "mkey", "modified", "type", "name", "ext_id", "country", "sector",
                "activity", "when_at", "json", "added_at",
            ],
            &rows,
        )?;
        progress(derived.len());
    }
    let new_versions = fresh.len();
    trace.mark("objects");
    if new_versions > 0 {
        c.load("s_rel", &["idx", "rel_type", "source_ref", "target_ref"], &rels)?;
        c.load("s_name", &["idx", "norm", "name", "vendor", "is_primary"], &names)?;
        c.load("s_obs", &["idx", "type", "value"], &obs)?;
        c.load("s_text", &["idx", "body"], &texts)?;
        if backend == Backend::Postgres {
            c.batch("ANALYZE s_rel; ANALYZE s_name; ANALYZE s_obs; ANALYZE s_text")?;
        }
        trace.mark("stage index rows");
        let join = "JOIN s_obj s ON s.idx = x.idx JOIN objects o ON o.id = s.id AND o.mkey = s.mkey WHERE o.seq > $1";
        let w = [Val::Int(watermark)];
        c.exec(
            &format!(
                "INSERT INTO rels (seq, rel_type, source_ref, target_ref) \
                 SELECT o.seq, x.rel_type, x.source_ref, x.target_ref FROM s_rel x {join}"
            ),
            &w,
        )?;
        c.exec(
            &format!(
                "INSERT INTO names (seq, norm, name, vendor, is_primary) \
                 SELECT o.seq, x.norm, x.name, x.vendor, x.is_primary FROM s_name x {join}"
            ),
            &w,
        )?;
        c.exec(
            &format!("INSERT INTO observables (seq, type, value) SELECT o.seq, x.type, x.value FROM s_obs x {join}"),
            &w,
        )?;
        trace.mark("rels names observables");
        let fts = match backend {
            Backend::Sqlite => {
                format!("INSERT INTO fts (rowid, body) SELECT o.seq, x.body FROM s_text x {join}")
            }
            Backend::Postgres => {
                format!(
                    "INSERT INTO fts (seq, body) SELECT o.seq, CAST(x.body AS tsvector) FROM s_text x {join}"
                )
            }
        };
        c.exec(&fts, &w)?;
        trace.mark("fts");
    }
    let new_claims = c.exec(
        "INSERT INTO claims (sid, seq, confidence, claimed_at, ev_report, ev_start, ev_end, ev_sentence) \
         SELECT CAST($1 AS BIGINT), o.seq, s.confidence, CAST($2 AS TEXT), s.ev_report, s.ev_start, s.ev_end, s.ev_sentence \
         FROM s_obj s JOIN objects o ON o.id = s.id AND o.mkey = s.mkey WHERE true \
         ON CONFLICT (sid, seq) DO UPDATE SET confidence = excluded.confidence, ev_report = excluded.ev_report, \
         ev_start = excluded.ev_start, ev_end = excluded.ev_end, ev_sentence = excluded.ev_sentence \
         WHERE claims.confidence IS DISTINCT FROM excluded.confidence \
         OR claims.ev_report IS DISTINCT FROM excluded.ev_report \
         OR claims.ev_start IS DISTINCT FROM excluded.ev_start \
         OR claims.ev_end IS DISTINCT FROM excluded.ev_end \
         OR claims.ev_sentence IS DISTINCT FROM excluded.ev_sentence",
        &[Val::Int(sid), ts.as_str().into()],
    )? as usize;
    trace.mark("claims");
    // A new version becomes current when no stored version of its id is newer.
    let updated_latest = if new_versions > 0 {
        c.exec(
            "INSERT INTO latest (id, seq, type) SELECT o.id, o.seq, o.type FROM objects o WHERE o.seq > $1 \
             AND NOT EXISTS (SELECT 1 FROM objects o2 WHERE o2.id = o.id AND o2.mkey > o.mkey) \
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, type = excluded.type WHERE latest.seq <> excluded.seq",
            &[Val::Int(watermark)],
        )? as usize
    } else {
        0
    };
    trace.mark("latest");
    // Only actor records, their names, links and countries change the canonical actors.
    let actor_related = derived.iter().any(|d| {
        matches!(d.object_type.as_str(), "intrusion-set" | "threat-actor")
            || d.country.is_some()
            || d.rels.iter().any(|(t, _, _)| {
                matches!(
                    t.as_str(),
                    "same-as" | "not-same-as" | "attributed-to" | "originates-from"
                )
            })
    });
    if actor_related && (new_claims > 0 || updated_latest > 0) {
        rebuild_actor_groups(c)?;
        trace.mark("actor groups");
    }
    Ok(IngestSummary {
        accepted: 0,
        new_versions,
        new_claims,
        updated_latest,
        rejected: Vec::new(),
    })
}

/// A PostgreSQL `tsvector` literal of already-normalised words (lower-case letters and digits
/// separated by single spaces): the lexemes, sorted and unique, quoted. Building it here keeps
/// the server's text parser out of the bulk path and tokenisation identical to SQLite's.
fn tsvector_literal(words: &str) -> String {
    let mut lexemes: Vec<&str> =
        words.split(' ').filter(|w| !w.is_empty() && w.len() < 2048).collect();
    lexemes.sort_unstable();
    lexemes.dedup();
    let mut out = String::with_capacity(words.len() + lexemes.len() * 3);
    for (i, l) in lexemes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('\'');
        out.push_str(l);
        out.push('\'');
    }
    out
}

/// Points `latest` at the greatest remaining version of every id in `s_id`.
fn refresh_latest(c: &mut Conn) -> Result<usize> {
    if c.backend() == Backend::Postgres {
        c.batch("ANALYZE s_id")?;
    }
    c.exec(
        "DELETE FROM latest WHERE id IN (SELECT id FROM s_id) AND NOT EXISTS \
         (SELECT 1 FROM objects o WHERE o.id = latest.id)",
        &[],
    )?;
    Ok(c.exec(
        "INSERT INTO latest (id, seq, type) SELECT o.id, o.seq, o.type FROM objects o \
         WHERE o.id IN (SELECT id FROM s_id) AND o.mkey = (SELECT max(o2.mkey) FROM objects o2 WHERE o2.id = o.id) \
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, type = excluded.type WHERE latest.seq <> excluded.seq",
        &[],
    )? as usize)
}

/// Deletes the object versions listed in `s_seq` (nobody asserts them any more) with their
/// index rows, and repoints `latest`. Returns the number of versions removed.
fn remove_orphans(c: &mut Conn) -> Result<usize> {
    let backend = c.backend();
    if backend == Backend::Postgres {
        c.batch("ANALYZE s_seq")?;
    }
    c.batch("DELETE FROM s_id")?;
    c.exec("INSERT INTO s_id (id) SELECT DISTINCT id FROM objects WHERE seq IN (SELECT seq FROM s_seq)", &[])?;
    for t in ["rels", "names", "observables"] {
        c.exec(&format!("DELETE FROM {t} WHERE seq IN (SELECT seq FROM s_seq)"), &[])?;
    }
    match backend {
        Backend::Sqlite => c.exec("DELETE FROM fts WHERE rowid IN (SELECT seq FROM s_seq)", &[])?,
        Backend::Postgres => c.exec("DELETE FROM fts WHERE seq IN (SELECT seq FROM s_seq)", &[])?,
    };
    // `latest` must let go of a version before it can be deleted.
    c.exec("DELETE FROM latest WHERE seq IN (SELECT seq FROM s_seq)", &[])?;
    let n = c.exec("DELETE FROM objects WHERE seq IN (SELECT seq FROM s_seq)", &[])? as usize;
    refresh_latest(c)?;
    Ok(n)
}

/// Recomputes the canonical actors (`actor_groups`) from the current claims.
pub(crate) fn rebuild_actor_groups(c: &mut Conn) -> Result<()> {
    let mut records: BTreeMap<String, resolve::Record> = BTreeMap::new();
    for r in c.query(
        &format!(
            "SELECT l.id, o.name FROM latest l JOIN objects o ON o.seq = l.seq WHERE l.type IN {ACTOR_TYPES_SQL} \
             AND EXISTS (SELECT 1 FROM names n WHERE n.seq = l.seq)"
        ),
        &[],
    )? {
        let id = r[0].text();
        records.insert(
            id.clone(),
            resolve::Record { id, name: r[1].text(), priority: i64::MIN, ..resolve::Record::default() },
        );
    }
    for r in c.query(
        &format!(
            "SELECT l.id, s.key, s.kind, s.priority FROM latest l JOIN claims c ON c.seq = l.seq \
             JOIN sources s ON s.sid = c.sid WHERE l.type IN {ACTOR_TYPES_SQL}"
        ),
        &[],
    )? {
        if let Some(rec) = records.get_mut(&r[0].text()) {
            if SourceKind::parse(&r[2].text()).is_some_and(SourceKind::is_catalogue) {
                rec.catalogues.insert(r[1].text());
            }
            rec.priority = rec.priority.max(r[3].int());
        }
    }
    for r in c.query(
        "SELECT l.id, n.norm, n.is_primary FROM latest l JOIN names n ON n.seq = l.seq",
        &[],
    )? {
        if let Some(rec) = records.get_mut(&r[0].text()) {
            rec.names.push((r[1].text(), r[2].int() != 0));
        }
    }
    for r in c.query(
        "SELECT r.source_ref, t.country FROM rels r JOIN latest lr ON lr.seq = r.seq \
         JOIN latest lt ON lt.id = r.target_ref JOIN objects t ON t.seq = lt.seq \
         WHERE r.rel_type IN ('attributed-to', 'originates-from') AND t.country IS NOT NULL",
        &[],
    )? {
        if let Some(rec) = records.get_mut(&r[0].text()) {
            rec.countries.insert(r[1].text());
        }
    }
    let (mut same, mut not_same) = (Vec::new(), Vec::new());
    for r in c.query(
        "SELECT r.rel_type, r.source_ref, r.target_ref FROM rels r JOIN latest lr ON lr.seq = r.seq \
         WHERE r.rel_type IN ('same-as', 'not-same-as')",
        &[],
    )? {
        let pair = (r[1].text(), r[2].text());
        if r[0].text() == "same-as" { same.push(pair) } else { not_same.push(pair) }
    }
    let records: Vec<resolve::Record> = records.into_values().collect();
    let groups = resolve::group(&records, &same, &not_same);
    let rows: Vec<Row> = groups
        .iter()
        .flat_map(|g| {
            g.members
                .iter()
                .map(|m| vec![m.as_str().into(), g.id.as_str().into(), g.label.as_str().into()])
        })
        .collect();
    c.batch("DELETE FROM actor_groups")?;
    c.load("actor_groups", &["record_id", "group_id", "label"], &rows)?;
    Ok(())
}
