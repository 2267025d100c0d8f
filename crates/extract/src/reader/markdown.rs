//! Markdown to text: heading and quote markers, emphasis markers and link syntax are removed;
//! link and image targets go to `links`; code blocks are kept (IOCs live there).

use std::collections::HashSet;

use super::{Document, push_link};
use crate::text::TextBuilder;

pub(super) fn read(src: &str) -> Document {
    let mut b = TextBuilder::with_capacity(src.len());
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    let mut title = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let mut skip = line.len() - trimmed.len();
        // Block markers: `#`, `>`, list bullets.
        let body = trimmed.trim_start_matches('>').trim_start();
        skip += trimmed.len() - body.len();
        let hashes = body.bytes().take_while(|&b| b == b'#').count();
        let body = if hashes > 0 && hashes <= 6 && body.as_bytes().get(hashes) == Some(&b' ') {
            skip += hashes + 1;
            if title.is_none() && hashes == 1 {
                title = Some(body.get(hashes + 1..).unwrap_or("").trim().to_owned());
            }
            body.get(hashes + 1..).unwrap_or("")
        } else {
            body
        };
        inline(&mut b, body, start + skip, &mut links, &mut seen);
    }
    Document {
        text: b.finish(),
        title: title.filter(|t| !t.is_empty()),
        links,
        ..Document::default()
    }
}

/// `[text](url)` → `text`, `![alt](url)` → `alt`, `**`/`__` dropped; the rest as written.
fn inline(
    b: &mut TextBuilder,
    s: &str,
    src: usize,
    links: &mut Vec<String>,
    seen: &mut HashSet<String>,
) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    // Position of the next `)`: `Some(0)` forces the first search; `None` means there is none.
    let mut next_close = Some(0);
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'!') if bytes.get(i + 1) == Some(&b'[') => {
                b.push(s.get(copied..i).unwrap_or(""), src + copied);
                i += 1;
                copied = i + 1;
                i += 1;
            }
            Some(b'[') => {
                b.push(s.get(copied..i).unwrap_or(""), src + copied);
                copied = i + 1;
                i += 1;
            }
            Some(b']') if bytes.get(i + 1) == Some(&b'(') => {
                // The next `)` is found once and reused, so `](](](` stays linear.
                if next_close.is_some_and(|c| c < i + 2) {
                    next_close =
                        bytes.get(i + 2..).and_then(|r| memchr::memchr(b')', r)).map(|p| i + 2 + p);
                }
                let close = next_close.map(|c| c - (i + 2)).filter(|&c| c <= 2048);
                if let Some(c) = close {
                    b.push(s.get(copied..i).unwrap_or(""), src + copied);
                    let url = s.get(i + 2..i + 2 + c).unwrap_or("");
                    let url = url.split_whitespace().next().unwrap_or("");
                    push_link(links, seen, url);
                    i = i + 2 + c + 1;
                    copied = i;
                } else {
                    i += 1;
                }
            }
            Some(b'*' | b'_') if matches!(bytes.get(i + 1), Some(b'*' | b'_')) => {
                b.push(s.get(copied..i).unwrap_or(""), src + copied);
                i += 2;
                copied = i;
            }
            _ => i += 1,
        }
    }
    b.push(s.get(copied..).unwrap_or(""), src + copied);
}
