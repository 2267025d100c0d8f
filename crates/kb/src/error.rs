//! Store-level errors: typed, so callers (CLI exit codes, HTTP status) can tell a locked store
//! from a corrupt one or a rejected batch.

use std::fmt;

/// Result of every store operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong in the knowledge base.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store URL is not one of `sqlite:PATH`, `sqlite::memory:`, `postgres://…`, `postgresql://…`.
    #[error(
        "unsupported store URL {0:?} (expected sqlite:PATH, sqlite::memory: or postgres://...)"
    )]
    BadUrl(String),
    /// Another process holds the write lock for longer than the busy timeout.
    #[error("the store is locked by another writer: {0}")]
    Locked(String),
    /// The disk or the database quota is full; nothing was written.
    #[error("the store is full (disk or quota): {0}")]
    Full(String),
    /// The file is not a Cairn store, or its content is damaged.
    #[error("the store is corrupt or not a Cairn store: {0}")]
    Corrupt(String),
    /// The store was written by a newer Cairn: its schema version is above the one this build knows.
    #[error(
        "the store has schema version {found}, newer than this build supports ({supported}); upgrade Cairn"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    /// The database server (or file) cannot be reached or opened.
    #[error("cannot reach the store at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// A batch was rejected because of malformed objects; nothing was stored.
    #[error("batch rejected: {}", RejectedList(.0))]
    Rejected(Vec<Rejection>),
    /// The named thing (source, object) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Any other database error, with the backend's message.
    #[error("database error: {0}")]
    Backend(String),
}

/// One object a batch could not take: where it is, what it is and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rejection {
    /// Position of the object in the batch (0-based).
    pub index: usize,
    /// The object's `id` when it has a readable one.
    pub id: Option<String>,
    /// Why it was rejected.
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "object {} ({}): {}",
            self.index,
            self.id.as_deref().unwrap_or("no id"),
            self.reason
        )
    }
}

struct RejectedList<'a>(&'a [Rejection]);

impl fmt::Display for RejectedList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 5;
        for (i, r) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{r}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "; and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}
