//! Refanging: one pass that rewrites every defang style to its plain form and remembers each
//! edit, so spans found in the refanged text map back to the scanned text and know whether
//! they were defanged.

use std::borrow::Cow;

use aho_corasick::{Span, packed};

use super::domain::Tlds;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repl {
    Dot,
    Colon,
    SchemeSep,
    Slash,
    DoubleSlash,
    At,
    /// `hxxp`: only before `:`/`s:`/`[`.
    Http,
    /// `fxp`: only before `:`/`s:`/`[`.
    Ftp,
    /// ` dot `: only between host labels.
    WordDot,
    /// ` at `: only before a defanged domain.
    WordAt,
}

impl Repl {
    fn text(self) -> &'static str {
        match self {
            Repl::Dot | Repl::WordDot => ".",
            Repl::Colon => ":",
            Repl::SchemeSep => "://",
            Repl::Slash => "/",
            Repl::DoubleSlash => "//",
            Repl::At | Repl::WordAt => "@",
            Repl::Http => "http",
            Repl::Ftp => "ftp",
        }
    }
}

const PATTERNS: &[(&str, Repl)] = &[
    ("[.]", Repl::Dot),
    ("(.)", Repl::Dot),
    ("{.}", Repl::Dot),
    ("[dot]", Repl::Dot),
    ("(dot)", Repl::Dot),
    ("{dot}", Repl::Dot),
    (" [.] ", Repl::Dot),
    (" (.) ", Repl::Dot),
    (" [dot] ", Repl::Dot),
    (" (dot) ", Repl::Dot),
    ("\\.", Repl::Dot),
    (" dot ", Repl::WordDot),
    ("[:]", Repl::Colon),
    ("[://]", Repl::SchemeSep),
    ("[:]//", Repl::SchemeSep),
    ("[/]", Repl::Slash),
    ("[//]", Repl::DoubleSlash),
    ("[at]", Repl::At),
    ("(at)", Repl::At),
    ("{at}", Repl::At),
    ("[@]", Repl::At),
    ("(@)", Repl::At),
    ("{@}", Repl::At),
    (" [at] ", Repl::At),
    (" (at) ", Repl::At),
    (" [@] ", Repl::At),
    (" at ", Repl::WordAt),
];

/// One replacement: `slen` bytes at `src` in the scanned text became `rlen` bytes at `at` in
/// the refanged text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edit {
    at: usize,
    rlen: usize,
    src: usize,
    slen: usize,
}

/// The refanged text and its edits (sorted, non-overlapping).
#[derive(Debug)]
pub(crate) struct Refanged<'a> {
    pub(crate) text: Cow<'a, str>,
    edits: Vec<Edit>,
}

impl Refanged<'_> {
    /// Maps a span of the refanged text to the scanned text, and tells whether it covers an edit.
    pub(crate) fn map_span(&self, start: usize, end: usize) -> (usize, usize, bool) {
        if self.edits.is_empty() {
            return (start, end, false);
        }
        let s = {
            let i = self.edits.partition_point(|e| e.at <= start);
            match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
                None => start,
                Some(e) if start < e.at + e.rlen => e.src,
                Some(e) => e.src + e.slen + (start - e.at - e.rlen),
            }
        };
        let e = {
            let i = self.edits.partition_point(|e| e.at < end);
            match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
                None => end,
                Some(e) if end <= e.at + e.rlen => e.src + e.slen,
                Some(e) => e.src + e.slen + (end - e.at - e.rlen),
            }
        };
        let first = self.edits.partition_point(|e| e.at + e.rlen <= start);
        let defanged = self.edits.get(first).is_some_and(|e| e.at < end);
        (s, e, defanged)
    }
}

/// Finds defang patterns: SIMD searches for the few bytes that can start one (`[`, `(`, `{`,
/// `\`, the `x` of `hxxp`/`fxp`) and for ` dot `/` at `, then a comparison against the patterns
/// that start there. Faster than an automaton, for which no prefilter fits these bytes.
#[derive(Debug)]
pub(crate) struct Refanger {
    /// ` dot ` and ` at ` in their three cases, found in one SIMD pass (`None` where the CPU
    /// has no packed searcher: one pass per word then).
    words: Option<packed::Searcher>,
}

/// The spelled-out defangs searched for as whole strings.
const WORDS: [&str; 6] = [" dot ", " DOT ", " Dot ", " at ", " AT ", " At "];

/// The longest pattern at `i`: `(start, end, replacement)`.
fn match_at(t: &[u8], i: usize) -> Option<(usize, usize, Repl)> {
    let b = *t.get(i)?;
    if b == b'x' || b == b'X' {
        // `hxxp` / `fxp`: the match starts one byte back.
        let s = i.checked_sub(1)?;
        let p = t.get(s)?.to_ascii_lowercase();
        if p == b'h' && starts_with_ci(t, i, b"xxp") {
            return Some((s, s + 4, Repl::Http));
        }
        if p == b'f' && starts_with_ci(t, i, b"xp") {
            return Some((s, s + 3, Repl::Ftp));
        }
        return None;
    }
    if b == b' ' {
        match t.get(i + 1) {
            Some(b'[' | b'(') => {}
            Some(b'd' | b'D') if starts_with_ci(t, i + 2, b"ot ") => {
                return Some((i, i + 5, Repl::WordDot));
            }
            Some(b'a' | b'A') if starts_with_ci(t, i + 2, b"t ") => {
                return Some((i, i + 4, Repl::WordAt));
            }
            _ => return None,
        }
    }
    PATTERNS
        .iter()
        .filter(|(p, _)| p.as_bytes().first() == Some(&b))
        .filter(|(p, _)| starts_with_ci(t, i, p.as_bytes()))
        .max_by_key(|(p, _)| p.len())
        .map(|&(p, r)| (i, i + p.len(), r))
}

impl Refanger {
    pub(crate) fn new() -> Refanger {
        let words = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(WORDS)
            .build();
        Refanger { words }
    }

    pub(crate) fn refang<'a>(&self, text: &'a str, tlds: &Tlds) -> Refanged<'a> {
        let t = text.as_bytes();
        let mut out: Option<String> = None;
        let mut edits = Vec::new();
        let mut copied = 0;
        // Candidate positions from SIMD searches (each far faster than a byte loop), in order.
        let mut cand: Vec<usize> = memchr::memchr3_iter(b'[', b'(', b'{', t).collect();
        cand.extend(memchr::memchr2_iter(b'\\', b'x', t));
        cand.extend(memchr::memchr_iter(b'X', t));
        match &self.words {
            // Every start of every word: the search resumes one byte after each match, so a
            // word that overlaps the one before ("x at at y") is a candidate too.
            Some(words) => {
                let mut pos = 0;
                while let Some(m) = words.find_in(t, Span::from(pos..t.len())) {
                    cand.push(m.start());
                    pos = m.start() + 1;
                }
            }
            None => {
                for p in WORDS {
                    cand.extend(memchr::memmem::find_iter(t, p.as_bytes()));
                }
            }
        }
        // A few sorted runs: the stable sort merges them in linear time.
        cand.sort();
        for i in cand {
            if i < copied {
                continue;
            }
            let Some((mut s, mut e, repl)) = match_at(t, i) else { continue };
            // `evil [.] com`: the spaces around a bracketed dot or at belong to it.
            if matches!(repl, Repl::Dot | Repl::At)
                && s > copied
                && t.get(s - 1) == Some(&b' ')
                && t.get(e) == Some(&b' ')
                && s.checked_sub(2).and_then(|k| t.get(k)).is_some_and(u8::is_ascii_alphanumeric)
                && t.get(e + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                s -= 1;
                e += 1;
            }
            if s < copied || !context_ok(repl, t, s, e, tlds) {
                continue;
            }
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(text.get(copied..s).unwrap_or(""));
            let r = repl.text();
            edits.push(Edit { at: o.len(), rlen: r.len(), src: s, slen: e - s });
            o.push_str(r);
            copied = e;
        }
        match out {
            None => Refanged { text: Cow::Borrowed(text), edits },
            Some(mut o) => {
                o.push_str(text.get(copied..).unwrap_or(""));
                Refanged { text: Cow::Owned(o), edits }
            }
        }
    }
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from", "is",
    "was", "it", "this", "that", "as", "be", "are", "not", "no",
];

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// The word of label bytes ending at `end` (exclusive), at most 63 bytes back.
fn word_before(t: &[u8], end: usize) -> &[u8] {
    let mut s = end;
    while s > 0 && end - s < 63 && t.get(s - 1).is_some_and(|&b| is_label_byte(b)) {
        s -= 1;
    }
    t.get(s..end).unwrap_or(&[])
}

/// The word of label bytes starting at `start`, at most 63 bytes.
fn word_after(t: &[u8], start: usize) -> &[u8] {
    let mut e = start;
    while e - start < 63 && t.get(e).is_some_and(|&b| is_label_byte(b)) {
        e += 1;
    }
    t.get(start..e).unwrap_or(&[])
}

fn starts_with_ci(t: &[u8], at: usize, p: &[u8]) -> bool {
    t.get(at..at + p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p))
}

/// Whether a defanged dot follows at `at`.
fn dot_follows(t: &[u8], at: usize) -> bool {
    ["[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", " dot ", " [.] ", "\\."]
        .iter()
        .any(|p| starts_with_ci(t, at, p.as_bytes()))
}

fn context_ok(repl: Repl, t: &[u8], s: usize, e: usize, tlds: &Tlds) -> bool {
    match repl {
        Repl::Http | Repl::Ftp => {
            let mut j = e;
            if t.get(j).is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
                j += 1;
            }
            let starts_word = s == 0 || !t.get(s - 1).is_some_and(|b| b.is_ascii_alphanumeric());
            starts_word && matches!(t.get(j), Some(b':' | b'['))
        }
        Repl::WordDot => {
            let before = word_before(t, s);
            let after = word_after(t, e);
            if before.is_empty() || after.is_empty() {
                return false;
            }
            let stop = STOPWORDS.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(before));
            if stop {
                return false;
            }
            let next = e + after.len();
            tlds.contains(after) || dot_follows(t, next) || t.get(next) == Some(&b'.')
        }
        Repl::WordAt => {
            let local_ok = s > 0
                && t.get(s - 1)
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
            let after = word_after(t, e);
            local_ok && !after.is_empty() && dot_follows(t, e + after.len())
        }
        Repl::Dot => {
            // `\.` is only a defang between two host characters (not `C:\.hidden`).
            if t.get(s) == Some(&b'\\') {
                let prev = s.checked_sub(1).and_then(|i| t.get(i));
                // In a Windows path (`C:\Users\x\.ssh`) a backslash before a dot is a separator.
                let word = t.get(s.saturating_sub(64)..s).unwrap_or(&[]);
                let word = word.rsplit(|b| b.is_ascii_whitespace()).next().unwrap_or(&[]);
                let in_path =
                    word.windows(2).any(|w| w.first() == Some(&b'\\') && w.get(1) != Some(&b'.'))
                        || word.last() == Some(&b'\\');
                return !in_path
                    && prev.is_some_and(|b| b.is_ascii_alphanumeric())
                    && t.get(e).is_some_and(|b| b.is_ascii_alphanumeric());
            }
            true
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let tlds = Tlds::new();
        let r = Refanger::new().refang(input, &tlds);
        assert_eq!(r.text, expected, "input {input:?}");
    }

    #[test]
    fn refangs() {
        check("evil[.]com", "evil.com");
        check("hxxps[://]evil(.)com", "https://evil.com");
        check("hXXp[:]//a{.}b", "http://a.b");
        check("user[at]evil[dot]com", "user@evil.com");
        check("user at evil[.]com", "user@evil.com");
        check("meet at noon. look at example.com", "meet at noon. look at example.com");
        check("evil dot com", "evil.com");
        check("the dot com bubble", "the dot com bubble");
        check("a polka dot dress", "a polka dot dress");
        check("evil\\.com", "evil.com");
        check("C:\\.hidden", "C:\\.hidden");
        check("fxp://files", "ftp://files");
        check("the hxxp protocol", "the hxxp protocol");
    }

    /// The one-pass word search and the one-pass-per-word fallback refang alike, overlapping
    /// words included.
    #[test]
    fn word_search_matches_the_fallback() {
        let tlds = Tlds::new();
        let packed = Refanger::new();
        assert!(packed.words.is_some(), "no packed searcher on this CPU: the test is moot");
        let fallback = Refanger { words: None };
        for input in [
            "user at evil dot com",
            "user AT evil DOT com and admin At corp Dot org",
            "meet at at noon, look at example dot com dot at",
            "x dot at y at dot z",
            "evil dot dot com; a at b at c dot io",
            "hxxp://a at b dot com [.] c",
        ] {
            let (a, b) = (packed.refang(input, &tlds), fallback.refang(input, &tlds));
            assert_eq!(a.text, b.text, "input {input:?}");
            assert_eq!(a.edits, b.edits, "input {input:?}");
        }
    }

    #[test]
    fn maps_spans() {
        let tlds = Tlds::new();
        let input = "see hxxp://evil[.]com/x and 1.2.3.4";
        let r = Refanger::new().refang(input, &tlds);
        let url = r.text.find("http").unwrap();
        let end = r.text.find(" and").unwrap();
        let (s, e, d) = r.map_span(url, end);
        assert_eq!(&input[s..e], "hxxp://evil[.]com/x");
        assert!(d);
        let ip = r.text.find("1.2.3.4").unwrap();
        let (s, e, d) = r.map_span(ip, ip + 7);
        assert_eq!(&input[s..e], "1.2.3.4");
        assert!(!d);
    }
}
