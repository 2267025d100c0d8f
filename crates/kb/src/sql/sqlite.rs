//! SQLite backend: one file in WAL mode (readers never block the writer and see the last
//! committed state), FTS5 for search.

use std::time::Duration;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, params_from_iter};

use super::{Row, Val, to_sqlite_placeholders};
use crate::error::{Error, Result};

/// How long a writer waits for another writer's lock before reporting `Error::Locked`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) struct SqliteConn {
    conn: Connection,
}

impl SqliteConn {
    /// Opens (creating if needed) a store file, or an in-memory store for `:memory:`.
    pub(crate) fn open(path: &str) -> Result<Self> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()
        } else {
            if let Some(dir) = std::path::Path::new(path).parent()
                && !dir.as_os_str().is_empty()
                && !dir.exists()
            {
                return Err(Error::Unreachable {
                    url: format!("sqlite:{path}"),
                    reason: format!("directory {} does not exist", dir.display()),
                });
            }
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
        .map_err(|e| match map_err(e) {
            Error::Backend(reason) => Error::Unreachable { url: format!("sqlite:{path}"), reason },
            other => other,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(map_err)?;
        let mut c = SqliteConn { conn };
        // journal_mode must be read back: it fails (not a database) on a foreign file.
        c.query("PRAGMA journal_mode = WAL", &[])?;
        c.batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; \
             PRAGMA cache_size = -65536;",
        )?;
        c.conn.set_prepared_statement_cache_capacity(64);
        Ok(c)
    }

    pub(crate) fn set_busy_timeout(&mut self, timeout: Duration) -> Result<()> {
        self.conn.busy_timeout(timeout).map_err(map_err)
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(map_err)
    }

    pub(crate) fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let sql = to_sqlite_placeholders(sql);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(map_err)?;
        let n = stmt.execute(params_from_iter(params.iter())).map_err(map_err)?;
        Ok(n as u64)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let sql = to_sqlite_placeholders(sql);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(map_err)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(params_from_iter(params.iter())).map_err(map_err)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(map_err)? {
            let mut r = Vec::with_capacity(width);
            for i in 0..width {
                r.push(match row.get_ref(i).map_err(map_err)? {
                    ValueRef::Null => Val::Null,
                    ValueRef::Integer(i) => Val::Int(i),
                    ValueRef::Real(f) => Val::Int(f as i64),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Val::Text(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(r);
        }
        Ok(out)
    }

    pub(crate) fn load(&mut self, table: &str, columns: &[&str], rows: &[Row]) -> Result<()> {
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql =
            format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), marks.join(", "));
        let mut stmt = self.conn.prepare_cached(&sql).map_err(map_err)?;
        for row in rows {
            stmt.execute(params_from_iter(row.iter())).map_err(map_err)?;
        }
        Ok(())
    }
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Owned(Value::Null),
            Val::Int(i) => ToSqlOutput::Owned(Value::Integer(*i)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

pub(crate) fn map_err(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, ref msg) = e {
        let detail = msg.clone().unwrap_or_else(|| f.to_string());
        return match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::Locked(detail),
            ErrorCode::DiskFull => Error::Full(detail),
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => Error::Corrupt(detail),
            ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
                Error::Backend(detail)
            }
            _ => Error::Backend(detail),
        };
    }
    Error::Backend(e.to_string())
}
