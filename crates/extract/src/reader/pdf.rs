//! PDF to text with `lopdf`, bounded: before parsing, every stream is inflated through a capped
//! decoder so a decompression bomb is refused without allocating it; pages past
//! `max_pdf_pages` or past the time budget are left out (partial).

use std::io::Read;
use std::time::Instant;

use super::{Document, Limits, ReadError};
use crate::text::TextBuilder;

pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(ReadError::Pdf("missing %PDF- header".to_owned()));
    }
    check_streams(bytes, limits.max_decompressed)?;
    let started = Instant::now();
    let doc = std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes))
        .map_err(|_| ReadError::Pdf("parser failed".to_owned()))?
        .map_err(|e| ReadError::Pdf(e.to_string()))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut b = TextBuilder::new();
    let mut partial = None;
    for (n, &page) in pages.iter().enumerate() {
        if n >= limits.max_pdf_pages {
            partial = Some(format!(
                "only the first {} of {} pages read",
                limits.max_pdf_pages,
                pages.len()
            ));
            break;
        }
        if started.elapsed() > limits.max_time {
            partial = Some(format!("time budget spent after {n} of {} pages", pages.len()));
            break;
        }
        let text =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.extract_text(&[page])));
        match text {
            Ok(Ok(t)) => {
                b.push(&t, 0);
                b.separator('\n', 0);
            }
            _ => {
                partial.get_or_insert_with(|| format!("page {page} could not be read"));
            }
        }
    }
    let title = info_string(&doc, b"Title");
    let published = info_string(&doc, b"CreationDate").and_then(|d| pdf_date(&d));
    Ok(Document { text: b.finish(), title, published, links: Vec::new(), partial })
}

/// Inflates every `stream … endstream` through a capped decoder; errs when the total output
/// would pass `cap`.
fn check_streams(bytes: &[u8], cap: usize) -> Result<(), ReadError> {
    let mut total: u64 = 0;
    let mut from = 0;
    let finder = memchr::memmem::Finder::new(b"stream");
    let end_finder = memchr::memmem::Finder::new(b"endstream");
    while let Some(p) = finder.find(bytes.get(from..).unwrap_or(&[])).map(|p| from + p) {
        // Skip the `stream` inside `endstream`.
        if p >= 3 && bytes.get(p - 3..p) == Some(b"end") {
            from = p + 6;
            continue;
        }
        let mut s = p + 6;
        if bytes.get(s) == Some(&b'\r') {
            s += 1;
        }
        if bytes.get(s) == Some(&b'\n') {
            s += 1;
        }
        let e = end_finder.find(bytes.get(s..).unwrap_or(&[])).map_or(bytes.len(), |q| s + q);
        let data = bytes.get(s..e).unwrap_or(&[]);
        if data.first() == Some(&0x78) {
            let budget = (cap as u64).saturating_sub(total) + 1;
            let mut sink = std::io::sink();
            let n =
                std::io::copy(&mut flate2::read::ZlibDecoder::new(data).take(budget), &mut sink)
                    .unwrap_or(0);
            total += n;
            if total > cap as u64 {
                return Err(ReadError::PdfBomb { limit: cap });
            }
        }
        from = e.max(p + 6);
    }
    Ok(())
}

fn info_string(doc: &lopdf::Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let dict = match info {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        lopdf::Object::Dictionary(d) => d,
        _ => return None,
    };
    let v = dict.get(key).ok()?;
    let raw = v.as_str().ok()?;
    let s = if raw.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            raw.get(2..)?.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(raw).into_owned()
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// `D:20240115093000Z` → `2024-01-15`.
fn pdf_date(s: &str) -> Option<String> {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let digits = d.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}-{}-{}", digits.get(..4)?, digits.get(4..6)?, digits.get(6..8)?))
}
