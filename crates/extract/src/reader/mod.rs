//! Document readers: plain text, Markdown, HTML, PDF.
//!
//! Every reader is bounded by [`Limits`] (input size, PDF pages, decompressed bytes, HTML depth,
//! time) and returns one [`Document`]: normalized text with a map back to the source, plus the
//! title, publication date and link targets it found. Input it cannot read fully gives either a
//! [`ReadError`] or a document whose `partial` says what was left out.

mod html;
mod markdown;
mod pdf;

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use crate::text::{Normalized, TextBuilder};

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Text,
    Markdown,
    Html,
    Pdf,
}

/// Bounds on what a reader accepts and does.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input in bytes.
    pub max_bytes: usize,
    /// PDF pages read; later pages are left out (partial).
    pub max_pdf_pages: usize,
    /// Total bytes all PDF streams may decompress to (PDF bombs).
    pub max_decompressed: usize,
    /// HTML elements deeper than this are flattened (partial).
    pub max_html_depth: usize,
    /// Wall-clock budget for one PDF; pages after it are left out (partial).
    pub max_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_pdf_pages: 1000,
            max_decompressed: 256 << 20,
            max_html_depth: 512,
            max_time: Duration::from_secs(30),
        }
    }
}

/// A read document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub text: Normalized,
    pub title: Option<String>,
    /// RFC 3339 date or date-time, as the document states it.
    pub published: Option<String>,
    /// Link targets (HTML `href`, Markdown link URLs), in document order, deduplicated.
    pub links: Vec<String>,
    /// Why the result is partial, when it is.
    pub partial: Option<String>,
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("input is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: usize },
    #[error("input looks binary, not text ({reason})")]
    Binary { reason: String },
    #[error("PDF streams decompress to more than {limit} bytes (decompression bomb)")]
    PdfBomb { limit: usize },
    #[error("unreadable PDF: {0}")]
    Pdf(String),
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
}

/// Guesses the kind from the file name, then from the first bytes.
pub fn detect(name: &str, head: &[u8]) -> DocKind {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return DocKind::Html,
        "pdf" => return DocKind::Pdf,
        "md" | "markdown" | "mdown" => return DocKind::Markdown,
        "txt" | "text" => return DocKind::Text,
        _ => {}
    }
    if head.starts_with(b"%PDF-") {
        return DocKind::Pdf;
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    let h = start.and_then(|s| head.get(s..s.saturating_add(15).min(head.len()))).unwrap_or(&[]);
    let h = h.to_ascii_lowercase();
    if h.starts_with(b"<!doctype html")
        || h.starts_with(b"<html")
        || h.starts_with(b"<head")
        || h.starts_with(b"<body")
    {
        return DocKind::Html;
    }
    DocKind::Text
}

/// Reads a document from memory.
pub fn read(bytes: &[u8], kind: DocKind, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit: limits.max_bytes });
    }
    match kind {
        DocKind::Pdf => pdf::read(bytes, limits),
        DocKind::Html => {
            let (s, lossy) = decode(bytes)?;
            let mut d = html::read(&s, limits);
            mark_lossy(&mut d, lossy);
            Ok(d)
        }
        DocKind::Markdown => {
            let (s, lossy) = decode(bytes)?;
            let mut d = markdown::read(&s);
            mark_lossy(&mut d, lossy);
            Ok(d)
        }
        DocKind::Text => {
            let (s, lossy) = decode(bytes)?;
            let mut b = TextBuilder::with_capacity(s.len());
            b.push(&s, 0);
            let mut d = Document { text: b.finish(), ..Document::default() };
            mark_lossy(&mut d, lossy);
            Ok(d)
        }
    }
}

/// Reads a file, refusing it before reading when it is over the size limit.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Document, ReadError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_bytes as u64 {
        return Err(ReadError::TooLarge { size, limit: limits.max_bytes });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::fs::File::open(path)?.take(limits.max_bytes as u64 + 1).read_to_end(&mut bytes)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let head = bytes.get(..bytes.len().min(512)).unwrap_or(&[]);
    read(&bytes, detect(&name, head), limits)
}

fn mark_lossy(d: &mut Document, lossy: bool) {
    if lossy && d.partial.is_none() {
        d.partial = Some("invalid UTF-8 replaced with U+FFFD".to_owned());
    }
}

/// UTF-8 decode (lossy, with a flag); refuses input that is mostly control bytes.
fn decode(bytes: &[u8]) -> Result<(String, bool), ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(&[]);
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    if nul > 0 || control * 10 > head.len() {
        return Err(ReadError::Binary {
            reason: format!(
                "{nul} NUL and {control} control bytes in the first {} bytes",
                head.len()
            ),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), false)),
        Err(_) => Ok((String::from_utf8_lossy(bytes).into_owned(), true)),
    }
}

/// A date or date-time that starts `YYYY-MM-DD`, trimmed; `None` otherwise.
fn rfc3339_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let ok = b.len() >= 10
        && b.get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && b.get(4) == Some(&b'-')
        && b.get(5..7).is_some_and(|m| m.iter().all(u8::is_ascii_digit))
        && b.get(7) == Some(&b'-')
        && b.get(8..10).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    ok.then(|| s.chars().take(40).collect())
}

fn push_link(links: &mut Vec<String>, seen: &mut std::collections::HashSet<String>, href: &str) {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.len() > 4096 {
        return;
    }
    let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("mailto:") && href.len() < 8 {
        return;
    }
    if seen.insert(href.to_owned()) {
        links.push(href.to_owned());
    }
}
