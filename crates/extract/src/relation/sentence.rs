//! Sentence segmentation that knows abbreviations, initials and IOCs, and marks noise lines
//! ("Related:" headlines, "Read more", share bars) so no finding comes from them.

/// A sentence span and whether it is page noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub noise: bool,
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "corp", "co", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "st",
    "u.s", "u.k", "a.k.a", "approx", "fig", "al", "gov", "gen", "col", "lt", "sgt", "rep", "sen",
    "jr", "sr", "est", "vol", "ver", "v",
];

const NOISE_PREFIXES: &[&str] = &[
    "related:",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "read more",
    "read also",
    "also read",
    "see also",
    "recommended",
    "advertisement",
    "subscribe",
    "sign up",
    "share this",
    "follow us",
    "tags:",
    "copyright",
    "\u{a9}",
    "image:",
    "photo:",
    "click here",
    "more from",
    "trending",
    "most read",
    "you may also like",
    "newsletter",
    "cookie",
    "all rights reserved",
];

/// Headings after which every short line up to the next blank line is a headline list.
const NOISE_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "read more",
    "more stories",
    "most read",
    "trending",
    "recommended",
];

fn is_noise_line(line: &str) -> bool {
    // Navigation bars: "Home | World | Technology".
    if nav_bar(line) {
        return true;
    }
    let l = line.trim_start_matches(['-', '*', '#', ' ', '>', '|']).trim();
    // ASCII (nearly every line): compare in place, without building the lowercase head.
    let head = l.as_bytes().get(..l.len().min(30)).unwrap_or(&[]);
    if head.is_ascii() {
        let first = head.first().map(u8::to_ascii_lowercase);
        return NOISE_PREFIXES.iter().any(|p| {
            p.as_bytes().first() == first.as_ref()
                && head.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        });
    }
    let lower: String = l.chars().take(30).collect::<String>().to_lowercase();
    NOISE_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// Whether `line` is a navigation bar: three or more " | " or " · " separators (counted without
/// overlap, as `str::matches` counts). One SIMD pass counts the bytes they contain; most lines
/// have too few of those to look further.
fn nav_bar(line: &str) -> bool {
    let b = line.as_bytes();
    let (mut bars, mut dots) = (0, 0);
    for i in memchr::memchr2_iter(b'|', 0xb7, b) {
        if b.get(i) == Some(&b'|') {
            bars += 1;
        } else {
            dots += 1;
        }
    }
    (bars >= 3 && line.matches(" | ").count() >= 3)
        || (dots >= 3 && line.matches(" \u{b7} ").count() >= 3)
}

fn is_noise_heading(line: &str) -> bool {
    let l = line.trim_start_matches(['-', '*', '#', ' ']).trim().trim_end_matches(':');
    // Lowercasing shrinks a character at most threefold (the Kelvin sign): a longer line is
    // no heading, and a paragraph is not scanned.
    if l.len() > 3 * NOISE_HEADINGS.iter().map(|h| h.len()).max().unwrap_or(0) {
        return false;
    }
    if l.is_ascii() {
        return NOISE_HEADINGS.iter().any(|h| l.eq_ignore_ascii_case(h));
    }
    NOISE_HEADINGS.contains(&l.to_lowercase().as_str())
}

/// Splits `text` into sentences. `protected` are sorted, non-overlapping spans (IOCs) inside
/// which no sentence ends.
pub fn split(text: &str, protected: &[(usize, usize)]) -> Vec<Sentence> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Lines first: noise is decided per line, sentences never cross a noise line.
    let mut line_start = 0;
    let mut in_noise_block = false;
    let mut para_start = 0;
    while line_start <= b.len() {
        let line_end = memchr::memchr(b'\n', b.get(line_start..).unwrap_or(&[]))
            .map_or(b.len(), |i| line_start + i);
        let line = text.get(line_start..line_end).unwrap_or("");
        let blank = line.trim().is_empty();
        let heading = !blank && is_noise_heading(line);
        let noise = !blank
            && (is_noise_line(line)
                || heading
                || (in_noise_block
                    && line.len() < 160
                    && !line.trim_end().ends_with(['.', '!', '?'])));
        if blank {
            in_noise_block = false;
        } else if heading {
            in_noise_block = true;
        }
        // A paragraph ends at a blank line, a noise line, or a line break that is not a soft wrap.
        let soft_wrap = {
            let prev = line.trim_end().bytes().last();
            let next = b.get(line_end + 1).copied();
            prev.is_some_and(|c| c.is_ascii_lowercase() || c == b',' || c == b';')
                && next.is_some_and(|c| c.is_ascii_lowercase())
        };
        if noise {
            if para_start < line_start {
                split_paragraph(text, para_start, line_start, protected, &mut out);
            }
            out.push(Sentence { start: line_start, end: line_end, noise: true });
            para_start = line_end;
        } else if blank || !soft_wrap || line_end >= b.len() {
            split_paragraph(text, para_start, line_end, protected, &mut out);
            para_start = line_end;
        }
        if line_end >= b.len() {
            break;
        }
        line_start = line_end + 1;
    }
    out.retain(|s| text.get(s.start..s.end).is_some_and(|t| !t.trim().is_empty()));
    out
}

fn split_paragraph(
    text: &str,
    start: usize,
    end: usize,
    protected: &[(usize, usize)],
    out: &mut Vec<Sentence>,
) {
    let b = text.as_bytes();
    let mut s = start;
    let mut i = start;
    while i < end {
        // Jump to the next sentence-ending mark.
        let Some(k) = b.get(i..end).and_then(|r| memchr::memchr3(b'.', b'!', b'?', r)) else {
            break;
        };
        i += k;
        if is_boundary(text, i, protected) {
            let mut e = i + 1;
            while e < end && matches!(b.get(e), Some(b'"' | b'\'' | b')')) {
                e += 1;
            }
            out.push(Sentence { start: s, end: e, noise: false });
            s = e;
            i = e;
            continue;
        }
        i += 1;
    }
    if s < end {
        out.push(Sentence { start: s, end, noise: false });
    }
}

fn is_boundary(text: &str, i: usize, protected: &[(usize, usize)]) -> bool {
    let b = text.as_bytes();
    // Followed by space (or quote/paren then space) then something that opens a sentence. Most
    // marks (the dots of domains, addresses and numbers) fail this first, cheapest test.
    let mut j = i + 1;
    while matches!(b.get(j), Some(b'"' | b'\'' | b')')) {
        j += 1;
    }
    if b.get(j).is_some_and(|c| !c.is_ascii_whitespace()) {
        return false;
    }
    // Inside an IOC (a domain, an IP, a file name).
    let k = protected.partition_point(|&(_, e)| e <= i);
    if protected.get(k).is_some_and(|&(s, e)| s <= i && i < e) {
        return false;
    }
    match b.get(j) {
        None => return true,
        Some(c) if c.is_ascii_whitespace() => {}
        _ => return false,
    }
    while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
        j += 1;
    }
    let opens = b.get(j).is_none_or(|&c| {
        c.is_ascii_uppercase()
            || c.is_ascii_digit()
            || matches!(c, b'"' | b'(' | b'[' | b'\'' | b'-' | b'*')
            || c >= 0x80
    });
    if !opens {
        return false;
    }
    if b.get(i) != Some(&b'.') {
        return true;
    }
    // The word before the full stop: abbreviations and initials do not end sentences.
    let mut w = i;
    while w > 0 && b.get(w - 1).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.') {
        w -= 1;
    }
    let word = b.get(w..i).unwrap_or(&[]);
    if word.len() == 1 && word.iter().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    !ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text, &[])
            .iter()
            .filter(|s| !s.noise)
            .map(|s| text[s.start..s.end].trim())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn abbreviations_and_wraps() {
        check(
            "The U.S. said so. E.g. this is fine. Dr. Smith left.",
            &["The U.S. said so.", "E.g. this is fine.", "Dr. Smith left."],
        );
        check(
            "hackers stole\nmoney from banks. Next one",
            &["hackers stole\nmoney from banks.", "Next one"],
        );
        check("Title line\nBody text here.", &["Title line", "Body text here."]);
        check("Body.\nRelated: Something else happened\nMore body.", &["Body.", "More body."]);
        check("Read more\nA headline\nAnother headline\n\nReal text.", &["Real text."]);
        // Navigation bars, with either separator; two separators make no bar.
        check("Home | World | Tech | Security\n\nReal text.", &["Real text."]);
        check("Home \u{b7} World \u{b7} Tech \u{b7} Security\n\nReal text.", &["Real text."]);
        check("Either A | B | C\n\nReal text.", &["Either A | B | C", "Real text."]);
    }
}
