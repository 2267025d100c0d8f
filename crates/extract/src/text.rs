//! Normalized text with a map back to the source.
//!
//! Readers push pieces of decoded text with the byte offset where each piece starts in the source
//! document; [`TextBuilder`] normalizes them on the way in:
//!
//! - Unicode dashes, hyphens and the minus sign become ASCII `-`; the soft hyphen is removed;
//! - zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) are removed;
//! - no-break and other Unicode spaces become ASCII space; line and paragraph separators and
//!   `\r\n` / `\r` become `\n`;
//! - smart quotes become `'` and `"`; full-width and ideographic full stops become `.`;
//! - a word broken over a line (`exam-\nple`) is joined (`example`).
//!
//! The map is a sorted list of anchors `(normalized byte, source byte)`, one per piece and per
//! edit, so its size is proportional to the number of edits, not to the text.

/// Normalized text and its map back to the source document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text. Finding offsets are byte offsets into this string.
    pub text: String,
    /// `(normalized byte, source byte)` anchors, sorted and strictly increasing on the first.
    map: Vec<(usize, usize)>,
}

impl Normalized {
    /// Normalizes plain text; source offsets are byte offsets into `raw`.
    pub fn from_plain(raw: &str) -> Normalized {
        let mut b = TextBuilder::with_capacity(raw.len());
        b.push(raw, 0);
        b.finish()
    }

    /// Maps a byte offset in the normalized text back to a byte offset in the source.
    ///
    /// Inside a piece the offset advances byte for byte from the last anchor, so offsets inside
    /// a replaced character map to (or just after) that character.
    pub fn source_offset(&self, normalized_byte: usize) -> usize {
        let i = self.map.partition_point(|&(n, _)| n <= normalized_byte);
        match i.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some(&(n, s)) => s + (normalized_byte - n),
            None => normalized_byte,
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// What normalization does with one non-ASCII character.
enum Map {
    Keep,
    Drop,
    To(char),
}

fn map_char(c: char) -> Map {
    match c {
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => Map::Drop,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Map::To(' '),
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{2E3A}'
        | '\u{2E3B}' => Map::To('-'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => {
            Map::To('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => Map::To('"'),
        '\u{FF0E}' | '\u{3002}' | '\u{2024}' => Map::To('.'),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Map::To('\n'),
        _ => Map::Keep,
    }
}

/// Builds a [`Normalized`] text from pieces that each know where they start in the source.
#[derive(Debug, Default)]
pub struct TextBuilder {
    out: String,
    map: Vec<(usize, usize)>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// An empty builder with room for about `n` bytes of text.
    pub fn with_capacity(n: usize) -> TextBuilder {
        TextBuilder { out: String::with_capacity(n), map: Vec::new() }
    }

    /// Bytes of normalized text so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when nothing has been pushed.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The normalized text so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    fn anchor(&mut self, src: usize) {
        let n = self.out.len();
        match self.map.last_mut() {
            Some(last) if last.0 == n => last.1 = src,
            _ => self.map.push((n, src)),
        }
    }

    /// Appends a separator the reader made up (a newline between blocks, a space between table
    /// cells) unless the text already ends with whitespace. It maps to `src`.
    pub fn separator(&mut self, sep: char, src: usize) {
        if sep == '\n' && self.out.ends_with(' ') {
            self.truncate(self.out.len() - 1);
        }
        match self.out.as_bytes().last() {
            None => {}
            Some(b'\n') => {}
            Some(b' ' | b'\t') if sep != '\n' => {}
            Some(_) => {
                self.anchor(src);
                self.out.push(sep);
            }
        }
    }

    /// Appends `piece`, which starts at byte `src` of the source, normalizing it.
    pub fn push(&mut self, piece: &str, src: usize) {
        self.anchor(src);
        let bytes = piece.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && b != b'-' && b != b'\r' {
                i += 1;
                continue;
            }
            if b == b'-' {
                if let Some(next) = self.line_break_join(bytes, i + 1, piece, copied, i) {
                    i = next;
                    copied = next;
                    self.anchor(src + next);
                } else {
                    i += 1;
                }
                continue;
            }
            self.out.push_str(piece.get(copied..i).unwrap_or(""));
            if b == b'\r' {
                if bytes.get(i + 1) != Some(&b'\n') {
                    self.out.push('\n');
                }
                i += 1;
                copied = i;
                self.anchor(src + i);
                continue;
            }
            let Some(c) = piece.get(i..).and_then(|s| s.chars().next()) else { break };
            let len = c.len_utf8();
            match map_char(c) {
                Map::Keep => {
                    self.out.push(c);
                    i += len;
                    copied = i;
                }
                Map::Drop => {
                    i += len;
                    copied = i;
                    self.anchor(src + i);
                }
                Map::To('-') => {
                    self.out.push('-');
                    i += len;
                    copied = i;
                    self.anchor(src + i);
                    if let Some(next) = self.line_break_join(bytes, i, piece, i, i) {
                        self.out.pop();
                        i = next;
                        copied = next;
                        self.anchor(src + next);
                    }
                }
                Map::To(r) => {
                    self.out.push(r);
                    i += len;
                    copied = i;
                    self.anchor(src + i);
                }
            }
        }
        self.out.push_str(piece.get(copied..).unwrap_or(""));
    }

    /// At a hyphen: if a lower-case letter precedes it and a line break then a lower-case
    /// letter follow (`exam-\nple`), flushes the text before the hyphen and returns where the
    /// second half of the word starts. `after` is the byte after the hyphen.
    fn line_break_join(
        &mut self,
        bytes: &[u8],
        after: usize,
        piece: &str,
        copied: usize,
        hyphen: usize,
    ) -> Option<usize> {
        let before = if hyphen > copied {
            bytes.get(hyphen - 1).copied()
        } else {
            // The hyphen starts the unflushed part: look at the output.
            let o = self.out.as_bytes();
            let last = o.last().copied();
            // A hyphen already pushed by the caller sits last; look before it.
            if last == Some(b'-') {
                o.len().checked_sub(2).and_then(|k| o.get(k)).copied()
            } else {
                last
            }
        };
        if !before.is_some_and(|c| c.is_ascii_lowercase()) {
            return None;
        }
        let mut j = after;
        while bytes.get(j).is_some_and(|&c| c == b' ' || c == b'\t') {
            j += 1;
        }
        if bytes.get(j) == Some(&b'\r') {
            j += 1;
        }
        if bytes.get(j) != Some(&b'\n') {
            return None;
        }
        j += 1;
        while bytes.get(j).is_some_and(|&c| c == b' ' || c == b'\t') {
            j += 1;
        }
        if !bytes.get(j).is_some_and(|c| c.is_ascii_lowercase()) {
            return None;
        }
        if hyphen > copied {
            self.out.push_str(piece.get(copied..hyphen).unwrap_or(""));
        }
        Some(j)
    }

    /// Drops the text after byte `len` (a reader discarding a block it decided is noise).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.out.len() || !self.out.is_char_boundary(len) {
            return;
        }
        self.out.truncate(len);
        while self.map.last().is_some_and(|&(n, _)| n > len) {
            self.map.pop();
        }
    }

    /// The normalized text and its map.
    pub fn finish(self) -> Normalized {
        Normalized { text: self.out, map: self.map }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &str) {
        let n = Normalized::from_plain(raw);
        assert_eq!(n.text, expected, "input {raw:?}");
    }

    #[test]
    fn normalizes() {
        check("plain ascii", "plain ascii");
        check("a\u{2013}b \u{2014} c\u{2212}d", "a-b - c-d");
        check("zero\u{200B}width\u{FEFF}", "zerowidth");
        check("no\u{00A0}break\u{202F}x", "no break x");
        check("\u{201C}quoted\u{201D} it\u{2019}s", "\"quoted\" it's");
        check("exam-\nple", "example");
        check("exam-  \r\n  ple", "example");
        check("exam\u{2010}\nple", "example");
        check("Well-\nKnown", "Well-\nKnown");
        check("10-\n20", "10-\n20");
        check("a\r\nb\rc", "a\nb\nc");
        check("soft\u{00AD}hyphen", "softhyphen");
        check("evil\u{3002}com", "evil.com");
        check("caf\u{e9} ok", "caf\u{e9} ok");
        check("trailing-", "trailing-");
    }

    #[test]
    fn maps_back_to_source() {
        let raw = "a\u{200B}b exam-\nple \u{201C}x\u{201D}";
        let n = Normalized::from_plain(raw);
        assert_eq!(n.text, "ab example \"x\"");
        for (needle, src_needle) in [("b", "b"), ("ple", "ple"), ("x", "x"), ("exam", "exam")] {
            let at = n.text.find(needle).unwrap();
            let src = n.source_offset(at);
            assert!(raw[src..].starts_with(src_needle), "{needle} -> {src}");
        }
    }

    #[test]
    fn builder_pieces_map_to_their_source() {
        let mut b = TextBuilder::new();
        b.push("Title", 100);
        b.separator('\n', 105);
        b.push("body\u{2014}text", 200);
        let n = b.finish();
        assert_eq!(n.text, "Title\nbody-text");
        assert_eq!(n.source_offset(0), 100);
        assert_eq!(n.source_offset(6), 200);
        assert_eq!(n.source_offset(11), 200 + "body\u{2014}".len());
    }
}
