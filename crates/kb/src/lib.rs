//! `kb`: Cairn's knowledge base, and the only crate that speaks SQL.
//!
//! A [`Store`] keeps every version of every STIX object together with *claims*: which source
//! asserted which object version, when, with what confidence and evidence. Views (latest object,
//! actor, search, aggregates) are computed from the claims, so removing a source removes exactly
//! what it said, and two sources that disagree are both kept.
//!
//! Two backends behave identically behind one API, chosen by URL:
//! `sqlite:PATH` (one file, WAL, FTS5), `sqlite::memory:`, and `postgres://…`/`postgresql://…`.
//!
//! **View policy** where sources compete (sponsor, origin, motivation): the fact backed by the
//! highest source priority wins, then the highest confidence, then the most recent claim. Object
//! versions follow STIX: the greatest `modified` still asserted by some source is current.
//!
//! Layout: [`model`] (values in and out), [`resolve`] (alias resolution, no SQL), `derive`
//! (per-object index rows), `sql` (connection, schema migrations, backends), `store`/`actor`
//! (the operations).

mod actor;
mod derive;
pub mod error;
pub mod model;
pub mod resolve;
mod sql;
mod store;

pub use actor::OTHER_NAMES;
pub use derive::{ACTOR_TYPES, CAIRN_ACTOR_EXTENSION};
pub use error::{Error, Rejection, Result};
pub use model::*;
pub use sql::Backend;
pub use sql::schema::CURRENT_VERSION as SCHEMA_VERSION;

use sql::Conn;

/// A handle on a knowledge base. Cheap operations take `&mut self` because a connection is not
/// shared; open one `Store` per thread (SQLite readers in WAL mode and PostgreSQL connections
/// run in parallel with a writer and see the last committed state).
#[derive(Debug)]
pub struct Store {
    conn: Conn,
    url: String,
}

impl Store {
    /// Opens the store at `url`, creating and migrating the schema as needed.
    pub fn open(url: &str) -> Result<Store> {
        let conn = if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(Error::BadUrl(url.to_owned()));
            }
            Conn::Sqlite(sql::sqlite::SqliteConn::open(path)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Conn::Postgres(Box::new(sql::postgres::PgConn::open(url)?))
        } else {
            return Err(Error::BadUrl(url.to_owned()));
        };
        let mut store = Store { conn, url: sql::postgres::redact(url) };
        sql::schema::migrate(&mut store.conn).map_err(|e| store.locate(e))?;
        Ok(store)
    }

    /// The URL the store was opened with (password hidden).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        self.conn.backend()
    }

    /// The schema version recorded in the store.
    pub fn schema_version(&mut self) -> Result<i64> {
        Ok(self.conn.scalar("SELECT max(version) FROM schema_version", &[])?.int())
    }

    /// How long a write waits for another writer before failing with [`Error::Locked`]
    /// (default 5 s on SQLite; PostgreSQL's server setting otherwise).
    pub fn set_lock_timeout(&mut self, timeout: std::time::Duration) -> Result<()> {
        match &mut self.conn {
            Conn::Sqlite(c) => c.set_busy_timeout(timeout),
            Conn::Postgres(c) => {
                c.batch(&format!("SET lock_timeout = '{}ms'", timeout.as_millis().max(1)))
            }
        }
    }

    /// Fills in the store URL of connection-level errors.
    fn locate(&self, e: Error) -> Error {
        match e {
            Error::Unreachable { url, reason } if url == "postgres" => {
                Error::Unreachable { url: self.url.clone(), reason }
            }
            other => other,
        }
    }
}

/// Now, as a STIX timestamp with millisecond precision.
pub(crate) fn now() -> String {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    stix::timestamp::Timestamp::from_unix_millis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .to_string()
}
