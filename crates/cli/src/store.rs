//! Opening the knowledge base named by `--db` / `CAIRN_DB`, or the default SQLite file in the
//! user's data directory: `$XDG_DATA_HOME/cairn/cairn.sqlite`, else
//! `~/.local/share/cairn/cairn.sqlite`.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::Global;

/// The default store file, without creating anything.
pub fn default_path() -> anyhow::Result<PathBuf> {
    let data = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(h) => PathBuf::from(h).join(".local").join("share"),
            None => bail!(
                "cannot find a data directory (neither XDG_DATA_HOME nor HOME is set); pass --db"
            ),
        },
    };
    Ok(data.join("cairn").join("cairn.sqlite"))
}

/// The store URL to use: `--db` as given (a bare file path means SQLite), or the default file.
pub fn url(global: &Global) -> anyhow::Result<String> {
    match global.db.as_deref().map(str::trim) {
        Some(db)
            if db.starts_with("sqlite:")
                || db.starts_with("postgres://")
                || db.starts_with("postgresql://") =>
        {
            Ok(db.to_owned())
        }
        Some(db) if !db.is_empty() && !db.contains("://") => Ok(format!("sqlite:{db}")),
        Some(db) => bail!("--db {db:?}: expected sqlite:PATH, postgres://... or a file path"),
        None => {
            let path = default_path()?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            Ok(format!("sqlite:{}", path.display()))
        }
    }
}

/// Opens (creating and migrating if needed) the store.
pub fn open(global: &Global) -> anyhow::Result<kb::Store> {
    let url = url(global)?;
    let store = kb::Store::open(&url)
        .with_context(|| format!("cannot open the knowledge base {}", redact(&url)))?;
    if global.verbose > 0 {
        eprintln!("cairn: knowledge base {}", store.url());
    }
    Ok(store)
}

fn redact(url: &str) -> String {
    match url.split_once("://").and_then(|(s, rest)| rest.split_once('@').map(|(c, h)| (s, c, h))) {
        Some((scheme, creds, host)) if creds.contains(':') => {
            format!("{scheme}://{}:***@{host}", creds.split(':').next().unwrap_or(""))
        }
        _ => url.to_owned(),
    }
}
