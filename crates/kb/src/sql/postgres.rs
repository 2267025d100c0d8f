//! PostgreSQL backend (synchronous `postgres` client): statements are prepared once per
//! connection, bulk loads go through `COPY … FROM STDIN`, search through `tsvector` + GIN.

use std::collections::HashMap;
use std::io::Write;

use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::{Row, Val};
use crate::error::{Error, Result};

pub(crate) struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    pub(crate) fn open(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls)
            .map_err(|e| Error::Unreachable { url: redact(url), reason: error_text(&e) })?;
        let mut c = PgConn { client, statements: HashMap::new() };
        // Warnings such as "relation already exists, skipping" are noise for a CLI.
        c.batch("SET client_min_messages = warning; SET temp_buffers = '128MB'")?;
        // lz4 is much faster than the default pglz for the objects' JSON; not every build has it.
        let _ = c.batch("SET default_toast_compression = 'lz4'");
        Ok(c)
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(map_err)
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(map_err)?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    pub(crate) fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        self.client.execute(&stmt, &refs).map_err(map_err)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.client.query(&stmt, &refs).map_err(map_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut r = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let v = match *col.type_() {
                    Type::INT8 => row.try_get::<_, Option<i64>>(i).map(|v| v.map(Val::Int)),
                    Type::INT4 => {
                        row.try_get::<_, Option<i32>>(i).map(|v| v.map(|x| Val::Int(x.into())))
                    }
                    Type::INT2 => {
                        row.try_get::<_, Option<i16>>(i).map(|v| v.map(|x| Val::Int(x.into())))
                    }
                    Type::BOOL => {
                        row.try_get::<_, Option<bool>>(i).map(|v| v.map(|x| Val::Int(x.into())))
                    }
                    _ => row.try_get::<_, Option<String>>(i).map(|v| v.map(Val::Text)),
                }
                .map_err(map_err)?;
                r.push(v.unwrap_or(Val::Null));
            }
            out.push(r);
        }
        Ok(out)
    }

    pub(crate) fn load(&mut self, table: &str, columns: &[&str], rows: &[Row]) -> Result<()> {
        let sql = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
        let mut writer = self.client.copy_in(&sql).map_err(map_err)?;
        let mut buf = Vec::with_capacity(1 << 16);
        for row in rows {
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    buf.push(b'\t');
                }
                match v {
                    Val::Null => buf.extend_from_slice(b"\\N"),
                    Val::Int(n) => buf.extend_from_slice(n.to_string().as_bytes()),
                    Val::Text(s) => copy_escape(s, &mut buf),
                }
            }
            buf.push(b'\n');
            if buf.len() >= 1 << 16 {
                writer.write_all(&buf).map_err(|e| Error::Backend(e.to_string()))?;
                buf.clear();
            }
        }
        writer.write_all(&buf).map_err(|e| Error::Backend(e.to_string()))?;
        writer.finish().map_err(map_err)?;
        Ok(())
    }
}

/// COPY text format: backslash, tab, newline and carriage return are escaped; NUL cannot be stored
/// in PostgreSQL text at all, so it is dropped.
fn copy_escape(s: &str, out: &mut Vec<u8>) {
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => {}
            _ => out.push(b),
        }
    }
}

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(i) => match *ty {
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Val::Text(s) => {
                // NUL is not storable in PostgreSQL text.
                if s.contains('\0') {
                    s.replace('\0', "").to_sql(ty, out)
                } else {
                    s.as_str().to_sql(ty, out)
                }
            }
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// The URL without its password, for error messages.
pub(crate) fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((creds, host)) = rest.split_once('@')
        && let Some((user, _)) = creds.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}

fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(": ");
                s.push_str(&inner.to_string());
                src = inner.source();
            }
            s
        }
    }
}

pub(crate) fn map_err(e: postgres::Error) -> Error {
    let text = error_text(&e);
    if e.is_closed() {
        return Error::Unreachable { url: "postgres".into(), reason: text };
    }
    match e.code().map(|c| c.code()) {
        // disk_full, insufficient_resources, out_of_memory, program_limit_exceeded
        Some("53100" | "53000" | "53200" | "54000") => Error::Full(text),
        // lock_not_available, deadlock_detected
        Some("55P03" | "40P01") => Error::Locked(text),
        // data_corrupted, index_corrupted
        Some("XX001" | "XX002") => Error::Corrupt(text),
        // connection exceptions
        Some(c) if c.starts_with("08") => {
            Error::Unreachable { url: "postgres".into(), reason: text }
        }
        _ => Error::Backend(text),
    }
}
