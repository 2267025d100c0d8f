//! The SQL layer: one connection type over both backends, so the store logic (ingest, removal,
//! queries) is written once. Statements use `$1`-style placeholders (PostgreSQL's); the SQLite
//! side rewrites them to `?1`. Only DDL, full-text search and bulk loading differ per backend.

pub(crate) mod postgres;
pub(crate) mod schema;
pub(crate) mod sqlite;

use crate::error::Result;

/// A value crossing the SQL boundary. Both backends store only integers and text (JSON is kept
/// as text so objects come back byte-identical).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Text(String),
}

impl Val {
    pub(crate) fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Text(s) => s.parse().unwrap_or(0),
            Val::Null => 0,
        }
    }

    pub(crate) fn text(&self) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Null => String::new(),
        }
    }

    pub(crate) fn opt_text(&self) -> Option<String> {
        match self {
            Val::Null => None,
            other => Some(other.text()),
        }
    }

    pub(crate) fn opt_int(&self) -> Option<i64> {
        match self {
            Val::Null => None,
            other => Some(other.int()),
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(s.to_owned())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(s)
    }
}
impl From<i64> for Val {
    fn from(i: i64) -> Self {
        Val::Int(i)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

pub(crate) type Row = Vec<Val>;

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open connection to either backend.
pub(crate) enum Conn {
    Sqlite(sqlite::SqliteConn),
    Postgres(Box<postgres::PgConn>),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conn::Sqlite(_) => "Conn::Sqlite",
            Conn::Postgres(_) => "Conn::Postgres",
        })
    }
}

impl Conn {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs statements without parameters (DDL, transaction control).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => c.batch(sql),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    pub(crate) fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => c.exec(sql, params),
            Conn::Postgres(c) => c.exec(sql, params),
        }
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => c.query(sql, params),
            Conn::Postgres(c) => c.query(sql, params),
        }
    }

    /// First column of the first row, or `Val::Null`.
    pub(crate) fn scalar(&mut self, sql: &str, params: &[Val]) -> Result<Val> {
        Ok(self
            .query(sql, params)?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .unwrap_or(Val::Null))
    }

    /// Bulk-loads rows into a (staging) table: prepared inserts on SQLite, COPY on PostgreSQL.
    pub(crate) fn load(&mut self, table: &str, columns: &[&str], rows: &[Row]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        match self {
            Conn::Sqlite(c) => c.load(table, columns, rows),
            Conn::Postgres(c) => c.load(table, columns, rows),
        }
    }

    /// Starts the write transaction. SQLite takes the write lock at once (`BEGIN IMMEDIATE`);
    /// PostgreSQL serialises writers with an advisory lock so insertion sequence numbers grow in
    /// commit order (TAXII `added_after` paging depends on it).
    pub(crate) fn begin_write(&mut self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => c.batch("BEGIN IMMEDIATE"),
            Conn::Postgres(c) => {
                c.batch("BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            }
        }
    }

    pub(crate) fn commit(&mut self) -> Result<()> {
        self.batch("COMMIT")
    }

    pub(crate) fn rollback(&mut self) {
        // A failed rollback leaves nothing to undo: the transaction is gone with the connection.
        let _ = self.batch("ROLLBACK");
    }

    /// Runs `f` inside one write transaction: committed if it returns Ok, rolled back otherwise.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
        if let Err(e) = self.begin_write() {
            // PostgreSQL: a lock timeout leaves the transaction open and aborted.
            self.rollback();
            return Err(e);
        }
        match f(self) {
            Ok(v) => {
                self.commit()?;
                Ok(v)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }
}

/// `$1` → `?1` for SQLite. Placeholders never occur inside our string literals.
pub(crate) fn to_sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten() {
        assert_eq!(to_sqlite_placeholders("a = $1 AND b = $12"), "a = ?1 AND b = ?12");
        assert_eq!(to_sqlite_placeholders("'$' || x"), "'$' || x");
    }
}
