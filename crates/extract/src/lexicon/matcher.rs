//! Finds the lexicon's patterns in a text by looking words up, not by running an automaton
//! over every byte.
//!
//! Every pattern the entity rules can accept starts where a word starts (the byte before is not
//! a word byte), starts one space before a word (the currency unit patterns, " BTC,"), or starts
//! with a symbol ("$", "€"). So the text is walked word by word: each word's ASCII-lower-case
//! hash selects, from one open table, the few patterns whose first word it is, and those are
//! compared byte for byte. Symbol-led patterns are tried wherever their first byte occurs.
//!
//! The matches are the ones a leftmost-longest Aho-Corasick search over the lower-cased text
//! gives, restricted to those starts: the leftmost start wins, then the longest pattern, and a
//! match hides every later one that would overlap it. A pattern that stands for a code or a
//! currency (`apt2`, `usd6`) may end inside a word ("APT28", "USD600"); it is filed under the
//! letters it starts with, which a word such as "apt28" also looks up.
//!
//! Against the automaton this walk touches a small table once per word instead of a large
//! transition table once per byte, which is what made the automaton the costliest step of an
//! extraction once a knowledge-base lexicon was loaded.

/// One pattern: its bytes (ASCII lower case, after the optional leading space) in `bytes`.
#[derive(Debug, Clone)]
struct Pattern {
    start: u32,
    len: u32,
}

/// A pattern as a bucket lists it: enough to reject most candidates without touching
/// [`Pattern`]. 16 bytes, so a bucket's candidates share a cache line or two.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The pattern's first 8 bytes (little-endian, zero-padded).
    probe: u64,
    id: u32,
    /// The length in the low 31 bits; the top bit is set when the pattern begins with one space
    /// before its first word.
    len_lead: u32,
}

const LEAD: u32 = 1 << 31;

impl Entry {
    fn len(self) -> usize {
        (self.len_lead & !LEAD) as usize
    }

    fn probe_mask(self) -> u64 {
        low_bytes(self.len())
    }
}

/// The compiled patterns. Pattern ids are the indexes of the list given to [`Matcher::new`].
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    patterns: Vec<Pattern>,
    bytes: Vec<u8>,
    /// Open table by word hash: the candidates for slot `k` are
    /// `entries[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    mask: u64,
    /// One bit per word hash that some pattern is filed under, small enough to stay in the
    /// first-level cache: most words are not the first word of any pattern.
    filter: Vec<u64>,
    filter_mask: u64,
    /// The patterns led by a symbol, by their first byte.
    symbols: Vec<Vec<Entry>>,
}

/// How the walk treats a byte.
const OTHER: u8 = 0;
const ALNUM: u8 = 1;
const LETTER: u8 = 2 | ALNUM;
/// Part of a word without being ASCII alphanumeric (`_`, bytes of non-ASCII letters).
const WORD: u8 = 4;

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            ALNUM
        } else if c == b'_' || c >= 0x80 {
            WORD
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

const MUL: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED: u64 = 0x243f_6a88_85a3_08d3;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * ONES;

/// The low `n` bytes (all 8 from `n = 8` on).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 }
}

fn mix(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(MUL).rotate_left(29)
}

fn finish(h: u64) -> u64 {
    let h = h.wrapping_mul(MUL);
    h ^ (h >> 32)
}

/// The hash of the `len` bytes of `text` at `at`, ASCII letters lower-cased: 8 bytes at a time.
fn word_hash(text: &[u8], at: usize, len: usize) -> u64 {
    let mut h = SEED ^ len as u64;
    let mut k = 0;
    while k < len {
        h = mix(h, lower8(text, at + k) & low_bytes(len - k));
        k += 8;
    }
    finish(h)
}

/// The 8 bytes of `text` from `at`, little-endian, zero past its end.
#[inline]
fn load8(text: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    if let Some(s) = text.get(at..at + 8) {
        b.copy_from_slice(s);
    } else if let Some(s) = text.get(at..) {
        b[..s.len()].copy_from_slice(s);
    }
    u64::from_le_bytes(b)
}

/// Per byte of `x`, the high bit set where the byte is an ASCII letter, and where it is an
/// ASCII digit. No sum below carries into the next byte.
#[inline]
fn letters_digits(x: u64) -> (u64, u64) {
    let low7 = x & (0x7f * ONES);
    let folded = low7 | (0x20 * ONES);
    let in_range = |v: u64, lo: u8, hi: u8| {
        (v + (0x80 - u64::from(lo)) * ONES) & !(v + (0x80 - u64::from(hi) - 1) * ONES)
    };
    let letters = in_range(folded, b'a', b'z') & !x & HIGH;
    let digits = in_range(low7, b'0', b'9') & !x & HIGH;
    (letters, digits)
}

/// `x` with its ASCII upper-case letters lower-cased, given its letter bits.
fn fold(x: u64, letters: u64) -> u64 {
    x | (letters >> 2)
}

/// The 8 bytes of `text` from `at` (zero past its end), ASCII letters lower-cased.
#[inline]
fn lower8(text: &[u8], at: usize) -> u64 {
    let x = load8(text, at);
    fold(x, letters_digits(x).0)
}

/// The number of leading bytes whose bit is set in `bits` (one high bit per byte).
fn leading(bits: u64) -> usize {
    ((!bits & HIGH).trailing_zeros() / 8) as usize
}

impl Matcher {
    /// Compiles `patterns` (ASCII lower case). `may_end_in_word[i]` says that pattern `i` stands
    /// for something that may be followed by more letters or digits (a code prefix, a currency
    /// before its number): it is filed under its leading letters.
    pub(crate) fn new(patterns: &[String], may_end_in_word: &[bool]) -> Matcher {
        let mut m = Matcher {
            patterns: Vec::with_capacity(patterns.len()),
            bytes: Vec::new(),
            offsets: Vec::new(),
            entries: Vec::new(),
            mask: 0,
            filter: Vec::new(),
            filter_mask: 0,
            symbols: vec![Vec::new(); 256],
        };
        let mut keyed: Vec<(u64, Entry)> = Vec::new();
        for (id, p) in patterns.iter().enumerate() {
            let lead_space = p.len() > 1 && p.starts_with(' ');
            let rest = p.as_bytes().get(usize::from(lead_space)..).unwrap_or_default();
            let entry = Entry {
                probe: lower8(rest, 0),
                id: id as u32,
                len_lead: rest.len() as u32 | if lead_space { LEAD } else { 0 },
            };
            m.patterns.push(Pattern { start: m.bytes.len() as u32, len: rest.len() as u32 });
            m.bytes.extend_from_slice(rest);
            let Some(&first) = rest.first() else { continue };
            if !first.is_ascii_alphanumeric() {
                if let Some(list) = m.symbols.get_mut(usize::from(first)) {
                    list.push(entry);
                }
                continue;
            }
            let word = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            let letters = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let key = if may_end_in_word.get(id) == Some(&true) && word == rest.len() && letters > 0
            {
                letters
            } else {
                word
            };
            keyed.push((word_hash(rest, 0, key), entry));
        }
        let slots = (keyed.len() * 2).next_power_of_two().max(1024);
        m.mask = slots as u64 - 1;
        let slot = |h: u64| (h & (slots as u64 - 1)) as usize;
        keyed.sort_by_key(|&(h, e)| (slot(h), e.id));
        m.offsets = vec![0; slots + 1];
        for &(h, _) in &keyed {
            if let Some(c) = m.offsets.get_mut(slot(h) + 1) {
                *c += 1;
            }
        }
        for k in 1..=slots {
            m.offsets[k] += m.offsets[k - 1];
        }
        // 2^17 bits (16 KiB) at most; several per key for a small lexicon.
        let bits = (keyed.len() * 16).next_power_of_two().clamp(4096, 1 << 17);
        m.filter = vec![0; bits / 64];
        m.filter_mask = bits as u64 - 1;
        for &(h, _) in &keyed {
            let b = m.filter_bit(h);
            if let Some(w) = m.filter.get_mut(b / 64) {
                *w |= 1 << (b % 64);
            }
        }
        m.entries = keyed.into_iter().map(|(_, e)| e).collect();
        m
    }

    /// Every pattern as given to [`Matcher::new`], by id.
    #[cfg(test)]
    pub(crate) fn patterns(&self) -> Vec<String> {
        let mut lead = vec![false; self.patterns.len()];
        for e in self.entries.iter().chain(self.symbols.iter().flatten()) {
            lead[e.id as usize] = e.len_lead & LEAD != 0;
        }
        let text = |p: &Pattern| {
            let bytes = self.bytes.get(p.start as usize..(p.start + p.len) as usize);
            String::from_utf8_lossy(bytes.unwrap_or_default()).into_owned()
        };
        let space = |id: usize| if lead[id] { " " } else { "" };
        self.patterns
            .iter()
            .enumerate()
            .map(|(id, p)| format!("{}{}", space(id), text(p)))
            .collect()
    }

    /// The filter bit of a word hash (from its high bits: the slot comes from the low ones).
    fn filter_bit(&self, h: u64) -> usize {
        ((h >> 40) & self.filter_mask) as usize
    }

    fn bucket(&self, h: u64) -> &[Entry] {
        let b = self.filter_bit(h);
        if self.filter.get(b / 64).is_none_or(|w| w & (1 << (b % 64)) == 0) {
            return &[];
        }
        let k = (h & self.mask) as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Whether the pattern of `e` is written at `at` (after its leading space): the (start, end)
    /// of the match, leading space included.
    fn compare(
        &self,
        text: &[u8],
        at: usize,
        e: Entry,
        not_before: usize,
    ) -> Option<(usize, usize)> {
        let start = if e.len_lead & LEAD != 0 {
            let s = at.checked_sub(1)?;
            (text.get(s) == Some(&b' ')).then_some(s)?
        } else {
            at
        };
        let end = at + e.len();
        if start < not_before
            || end > text.len()
            || (lower8(text, at) ^ e.probe) & e.probe_mask() != 0
        {
            return None;
        }
        if e.len() > 8 {
            let p = self.patterns.get(e.id as usize)?;
            let want = self.bytes.get(p.start as usize + 8..(p.start + p.len) as usize)?;
            if !text.get(at + 8..end)?.eq_ignore_ascii_case(want) {
                return None;
            }
        }
        Some((start, end))
    }

    /// The leftmost-longest of the candidates written at `at`.
    fn best<'a>(
        &self,
        text: &[u8],
        at: usize,
        candidates: impl Iterator<Item = &'a Entry>,
        not_before: usize,
    ) -> Option<(usize, usize, u32)> {
        let mut best: Option<(usize, usize, u32)> = None;
        for &e in candidates {
            if let Some((s, end)) = self.compare(text, at, e, not_before)
                && best.is_none_or(|(bs, be, _)| s < bs || (s == bs && end > be))
            {
                best = Some((s, end, e.id));
            }
        }
        best
    }

    /// Calls `found(start, end, pattern id)` for every match, in text order, non-overlapping.
    pub(crate) fn for_each(&self, text: &[u8], mut found: impl FnMut(usize, usize, u32)) {
        let n = text.len();
        let mut last_end = 0;
        let mut i = 0;
        while i < n {
            let class = CLASS[usize::from(text[i])];
            if class & ALNUM == 0 {
                if let Some(symbols) = self.symbols.get(usize::from(text[i]))
                    && !symbols.is_empty()
                    && let Some((s, e, id)) = self.best(text, i, symbols.iter(), last_end)
                {
                    found(s, e, id);
                    last_end = e;
                    i = e.max(i + 1);
                    continue;
                }
                i += 1;
                continue;
            }
            // A run of ASCII letters and digits, looked up whole and, when digits follow its
            // leading letters, by those letters. Most words fit in the first 8 bytes.
            let word_start = i == 0 || CLASS[usize::from(text[i - 1])] == OTHER;
            let x = load8(text, i);
            let (letters8, digits8) = letters_digits(x);
            let mut j = i + leading(letters8 | digits8);
            let mut letters = match leading(letters8) {
                k if k < j - i || k < 8 => Some(k),
                _ => None,
            };
            while j - i >= 8 && j < n {
                let c = CLASS[usize::from(text[j])];
                if c & ALNUM == 0 {
                    break;
                }
                if letters.is_none() && c != LETTER {
                    letters = Some(j - i);
                }
                j += 1;
            }
            let len = j - i;
            if word_start {
                let by_letters = match letters {
                    Some(k) if k > 0 && k < len => self.bucket(word_hash(text, i, k)),
                    _ => &[],
                };
                let h = if len <= 8 {
                    finish(mix(SEED ^ len as u64, fold(x, letters8) & low_bytes(len)))
                } else {
                    word_hash(text, i, len)
                };
                let candidates = self.bucket(h).iter().chain(by_letters);
                if let Some((s, e, id)) = self.best(text, i, candidates, last_end) {
                    found(s, e, id);
                    last_end = e;
                    i = e.max(j);
                    continue;
                }
            }
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &[&str], prefix: &[&str], text: &str) -> Vec<String> {
        let list: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let flags: Vec<bool> = patterns.iter().map(|p| prefix.contains(p)).collect();
        let m = Matcher::new(&list, &flags);
        let mut out = Vec::new();
        m.for_each(text.as_bytes(), |s, e, _| out.push(text[s..e].to_owned()));
        out
    }

    #[test]
    fn words_phrases_codes_and_symbols() {
        let pats =
            ["north korea", "north korean", "korea", "apt2", "usd6", " btc,", "$", "us$", "€"];
        let prefix = ["apt2", "usd6"];
        let cases: &[(&str, &[&str])] = &[
            ("North Korean hackers", &["North Korean"]),
            ("in NORTH KOREA.", &["NORTH KOREA"]),
            ("South Korea", &["Korea"]),
            // Only at word starts.
            ("southkorea koreas", &[]),
            ("APT28 and xapt28", &["APT2"]),
            ("USD600m", &["USD6"]),
            ("stole 5 BTC, then", &[" BTC,"]),
            ("stole 5BTC, then", &[]),
            ("US$5 and $3 and 4€", &["US$", "$", "€"]),
            ("", &[]),
            ("ends in nort", &[]),
            ("a verylongwordbeforenorth korea", &["korea"]),
            ("NorthKorea north korean", &["north korean"]),
        ];
        for (text, want) in cases {
            assert_eq!(matches(&pats, &prefix, text), *want, "{text}");
        }
    }

    #[test]
    fn lower8_lowercases_ascii_letters_only() {
        let text = b"AZaz@[`{09\xc3\x89Q";
        for at in 0..text.len() {
            let mut want = [0u8; 8];
            for (k, b) in text.iter().skip(at).take(8).enumerate() {
                want[k] = b.to_ascii_lowercase();
            }
            assert_eq!(lower8(text, at), u64::from_le_bytes(want), "at {at}");
        }
    }

    #[test]
    fn letters_and_digits_of_every_byte_value() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let x = (u64::from(b) << (8 * pos)) | 0x2e2e_2e2e_2e2e_2e2e & !(0xff << (8 * pos));
                let (letters, digits) = letters_digits(x);
                let bit = 0x80u64 << (8 * pos);
                assert_eq!(letters & bit != 0, b.is_ascii_alphabetic(), "{b:#x} at {pos}");
                assert_eq!(digits & bit != 0, b.is_ascii_digit(), "{b:#x} at {pos}");
                assert_eq!((letters | digits) & !bit, 0, "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn no_match_runs_past_the_end_of_the_text() {
        // A name may hold any byte, NUL too: the zeros read past the end must not match it.
        assert_eq!(matches(&["ab\0"], &[], "x ab"), Vec::<String>::new());
        assert_eq!(matches(&["ab\0"], &[], "x ab\0"), ["ab\0"]);
    }

    #[test]
    fn leftmost_then_longest_and_no_overlap() {
        let pats = ["ab cd", "ab", "cd ef", "cd"];
        assert_eq!(matches(&pats, &[], "ab cd ef"), ["ab cd"]);
        assert_eq!(matches(&pats, &[], "xab cd ef"), ["cd ef"]);
        let pats = [" ab", "ab cd"];
        assert_eq!(matches(&pats, &[], "x ab cd"), [" ab"]);
    }
}
