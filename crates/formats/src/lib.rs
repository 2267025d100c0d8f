//! Loaders for the upstream formats of Cairn's reference data, each turning its input into STIX
//! 2.1 objects (`serde_json::Value`) that follow Cairn's knowledge-model conventions:
//!
//! - [`attack`]: MITRE ATT&CK STIX 2.1 bundles (enterprise, mobile, ICS), passed through;
//! - [`misp`]: MISP galaxy cluster files (threat actors, malware, tools, sectors, countries, ...);
//! - [`microsoft`]: Microsoft's threat-actor naming map, with the weather-family rule;
//! - [`detect`] tells which of these a file is; [`read_bounded`] reads (and gunzips) it within a
//!   size cap; [`sync`] plans the loading of a directory laid out like the upstream mirrors.
//!
//! **API boundary:** this crate never touches the database. An [`Import`] is a source description
//! plus the objects that source asserts; the `kb` crate stores them with their provenance.
//!
//! Every loader is bounded (input size, JSON depth, record count) and never panics on malformed
//! input: a bad record is an error naming it (index, uuid or name) and the reason, or, with
//! [`Options::skip_invalid`], a [`Rejected`] entry while the good records load.

use std::io::{self, Read};

use serde_json::Value;

pub mod attack;
pub mod countries;
pub mod detect;
mod emit;
pub mod microsoft;
pub mod misp;
pub mod regions;
pub mod sectors;
pub mod sync;

pub use detect::{Kind, detect, detect_file};
pub use emit::{
    ACTOR_EXTENSION_ID, FIXED_TIMESTAMP, actor_extension_definition, cairn_identity,
    cairn_identity_id, country_id, region_id, sector_id,
};

/// Default cap on the decompressed size of one input (the largest reference file, ATT&CK
/// Enterprise, is 34 MB uncompressed).
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// What kind of source an import comes from (the `kb` gives each kind a default priority).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Reference,
    Feed,
    Report,
    Import,
    User,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Reference => "reference",
            SourceKind::Feed => "feed",
            SourceKind::Report => "report",
            SourceKind::Import => "import",
            SourceKind::User => "user",
        }
    }
}

/// Who asserts the objects of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    /// Stable key: `attack:enterprise`, `misp-galaxy:threat-actor`, `microsoft:naming`, ...
    pub key: String,
    pub kind: SourceKind,
    /// Human-readable name ("MITRE ATT&CK Enterprise").
    pub name: String,
    /// Where the upstream data lives.
    pub url: Option<String>,
    /// The upstream version when the data says it (ATT&CK "18.1", MISP cluster version).
    pub version: Option<String>,
}

/// A record a loader refused, with where it was and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Index, uuid and/or name of the record: `values[12] (uuid 5e0f…, "APT28")`.
    pub at: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// The result of loading one file.
#[derive(Clone, Debug)]
pub struct Import {
    pub source: SourceInfo,
    /// STIX 2.1 objects: supporting objects (identities, extension definition, locations,
    /// sectors) first, then the records, then relationships.
    pub objects: Vec<Value>,
    /// Things worth telling the user that did not stop the load (unmapped names, ...).
    pub warnings: Vec<String>,
    /// Records left out because they were invalid (only with [`Options::skip_invalid`]).
    pub rejected: Vec<Rejected>,
    /// Objects marked `revoked: true` (kept).
    pub revoked: usize,
    /// Objects marked `x_mitre_deprecated: true` (kept).
    pub deprecated: usize,
}

/// How a loader treats its input.
#[derive(Clone, Debug)]
pub struct Options {
    /// Keep the good records and list the bad ones instead of rejecting the whole file.
    pub skip_invalid: bool,
    /// Deepest JSON nesting accepted.
    pub max_depth: usize,
    /// Most records (bundle objects, cluster values, map rows) accepted in one file.
    pub max_records: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { skip_invalid: false, max_depth: 64, max_records: 5_000_000 }
    }
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    #[error("not valid JSON: {0}")]
    Json(#[from] stix::json::JsonError),
    /// The document as a whole is not what the loader reads.
    #[error("not a {expected}: {reason}")]
    Shape { expected: &'static str, reason: String },
    /// One record is bad (and `skip_invalid` was off).
    #[error("{at}: {reason}")]
    Record { at: String, reason: String },
    #[error("more than {limit} records")]
    TooManyRecords { limit: usize },
    #[error("larger than the {what}size limit of {limit} bytes")]
    TooLarge { what: &'static str, limit: u64 },
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    #[error("unrecognised format{0}")]
    Unknown(String),
}

impl FormatError {
    pub(crate) fn shape(expected: &'static str, reason: impl Into<String>) -> Self {
        FormatError::Shape { expected, reason: reason.into() }
    }
}

/// Collects rejected records or fails on the first one, per [`Options::skip_invalid`].
pub(crate) struct RecordErrors {
    skip: bool,
    pub(crate) rejected: Vec<Rejected>,
}

impl RecordErrors {
    pub(crate) fn new(options: &Options) -> Self {
        RecordErrors { skip: options.skip_invalid, rejected: Vec::new() }
    }

    pub(crate) fn reject(&mut self, at: String, reason: String) -> Result<(), FormatError> {
        if self.skip {
            self.rejected.push(Rejected { at, reason });
            Ok(())
        } else {
            Err(FormatError::Record { at, reason })
        }
    }
}

/// Reads all of `reader`, gunzipping when the data starts with the gzip magic number, and fails
/// with [`FormatError::TooLarge`] past `limit` bytes (after decompression).
pub fn read_bounded<R: Read>(reader: R, limit: u64) -> Result<Vec<u8>, FormatError> {
    let mut reader = reader;
    let mut head = [0u8; 2];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let head = &head[..filled];
    let chained = head.chain(reader);
    let gzip = head == [0x1f, 0x8b];
    let mut body: Box<dyn Read> =
        if gzip { Box::new(flate2::read::MultiGzDecoder::new(chained)) } else { Box::new(chained) };
    let mut out = Vec::new();
    body.by_ref().take(limit.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(FormatError::TooLarge { what: if gzip { "decompressed " } else { "" }, limit });
    }
    Ok(out)
}

/// Reads a file with [`read_bounded`].
pub fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, FormatError> {
    read_bounded(std::fs::File::open(path)?, limit)
}

/// Loads `bytes` (already decompressed) whatever its format, as told by [`detect`].
/// `context` carries side files a MISP threat-actor cluster uses (producers, countries).
pub fn load_any(
    path_name: &str,
    bytes: &[u8],
    context: &misp::Context,
    options: &Options,
) -> Result<Import, FormatError> {
    match detect(path_name, bytes) {
        Some(Kind::Stix(_)) => attack::load_stix(bytes, path_name, options),
        Some(Kind::MispCluster) => misp::load_misp_cluster(bytes, context, options),
        Some(Kind::MicrosoftNamingMap) => microsoft::load_microsoft_naming(bytes, options),
        Some(Kind::MispGalaxyDefinition) => Err(FormatError::Unknown(
            ": a MISP galaxy definition (it describes a cluster file and holds no records)"
                .to_owned(),
        )),
        Some(Kind::Gzip) => {
            let inner = read_bounded(bytes, DEFAULT_MAX_BYTES)?;
            if inner.starts_with(&[0x1f, 0x8b]) {
                return Err(FormatError::Unknown(": gzip inside gzip".to_owned()));
            }
            let name = path_name.strip_suffix(".gz").unwrap_or(path_name);
            load_any(name, &inner, context, options)
        }
        None => Err(FormatError::Unknown(
            " (expected a STIX document, a MISP galaxy cluster or Microsoft's naming map)"
                .to_owned(),
        )),
    }
}

/// Short description of a record for error messages: `values[3] (uuid …, "name")`.
pub(crate) fn record_at(
    prefix: &str,
    index: usize,
    uuid: Option<&str>,
    name: Option<&str>,
) -> String {
    let mut at = format!("{prefix}[{index}]");
    let mut parts = Vec::new();
    if let Some(u) = uuid {
        parts.push(format!("uuid {}", truncate(u, 64)));
    }
    if let Some(n) = name {
        parts.push(format!("{:?}", truncate(n, 80)));
    }
    if !parts.is_empty() {
        at.push_str(&format!(" ({})", parts.join(", ")));
    }
    at
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_bounded_plain_and_gzip() {
        use std::io::Write;
        let plain = b"{\"a\": 1}".to_vec();
        assert_eq!(read_bounded(&plain[..], 100).unwrap(), plain);
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&plain).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(read_bounded(&gz[..], 100).unwrap(), plain);
        assert!(matches!(read_bounded(&gz[..], 3), Err(FormatError::TooLarge { .. })));
        assert!(matches!(read_bounded(&plain[..], 3), Err(FormatError::TooLarge { .. })));
        assert_eq!(read_bounded(&b""[..], 3).unwrap(), b"");
        // A truncated gzip stream is an error, not a panic.
        assert!(read_bounded(&gz[..gz.len() / 2], 100).is_err());
    }
}
