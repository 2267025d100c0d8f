//! Entity recognition: one pass of the lexicon's matcher over the text for every name, country
//! form, sector keyword, activity word and cue, then cheap case and boundary rules on each match.
//!
//! The result is a sorted list of [`Mention`]s; the sentence rules in [`crate::relation`] turn
//! them into findings.

pub mod tables;

use std::sync::Arc;

use crate::lexicon::{Lexicon, Term};
use tables::{Activity, Convention, CountryForm, Cue};

/// A recognised span in the normalized text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

/// What a span is.
#[derive(Debug, Clone, PartialEq)]
pub enum MentionKind {
    /// A lexicon name with its candidate records (shared with the lexicon: a mention does not
    /// copy them); `common` names need sentence context.
    Name {
        records: Arc<[u32]>,
        common: bool,
        country_alt: Option<&'static str>,
    },
    /// An actor recognised by a vendor naming convention only.
    Convention(Convention),
    Country {
        iso: &'static str,
        form: CountryForm,
    },
    Sector {
        value: &'static str,
        tag: Option<&'static str>,
    },
    Activity(Activity),
    Cue(Cue),
    Currency(&'static str),
    Year(u16),
    Month(u8),
}

impl MentionKind {
    /// Whether this is the cue `c` (cheaper than comparing whole kinds).
    pub fn is_cue(&self, c: Cue) -> bool {
        matches!(self, MentionKind::Cue(x) if *x == c)
    }
}

pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn has_upper(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase())
}

fn first_upper(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
}

fn all_caps(s: &str) -> bool {
    has_upper(s) && !s.bytes().any(|b| b.is_ascii_lowercase())
}

/// The word (letters, digits, `'`, `.`) ending right before `pos` with exactly one space between.
fn prev_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    if pos < 2 || b.get(pos - 1) != Some(&b' ') {
        return None;
    }
    let end = pos - 1;
    let mut s = end;
    while s > 0 && b.get(s - 1).is_some_and(|&c| c.is_ascii_alphanumeric()) {
        s -= 1;
    }
    (s < end).then(|| (s, text.get(s..end).unwrap_or("")))
}

/// The word after `pos` with exactly one space between.
fn next_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    if b.get(pos) != Some(&b' ') {
        return None;
    }
    let s = pos + 1;
    let mut e = s;
    while b.get(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
        e += 1;
    }
    (e > s).then(|| (e, text.get(s..e).unwrap_or("")))
}

const FUNCTION_WORDS: &[&str] = &[
    "In",
    "The",
    "From",
    "To",
    "And",
    "Of",
    "By",
    "With",
    "For",
    "Against",
    "On",
    "At",
    "As",
    "But",
    "Both",
    "Neither",
    "Nor",
    "Or",
    "A",
    "An",
    "While",
    "After",
    "Before",
    "Since",
    "Targeting",
    "Like",
    "Including",
    "Said",
    "Than",
];

/// Finds every mention in `text`, sorted by start, non-overlapping.
pub fn recognize(text: &str, lexicon: &Lexicon) -> Vec<Mention> {
    // About one match per 80 bytes of report text: grow the list once or twice, not 20 times.
    let mut matches: Vec<(usize, usize, u32)> = Vec::with_capacity(text.len() / 64);
    lexicon.matcher.for_each(text.as_bytes(), |s, e, id| matches.push((s, e, id)));
    recognize_matches(text, lexicon, &matches)
}

/// The mentions that the case and boundary rules accept among the lexicon matches `matches`
/// (start, end, pattern id; in text order, non-overlapping).
fn recognize_matches(
    text: &str,
    lexicon: &Lexicon,
    matches: &[(usize, usize, u32)],
) -> Vec<Mention> {
    let bytes = text.as_bytes();
    let mut out: Vec<Mention> = Vec::with_capacity(matches.len());
    for &(s, e, id) in matches {
        let Some(terms) = lexicon.terms.get(id as usize) else { continue };
        let Some(span) = text.get(s..e) else { continue };
        let before_ok = s == 0 || !bytes.get(s - 1).is_some_and(|&b| is_word_byte(b));
        let after_ok = !bytes.get(e).is_some_and(|&b| is_word_byte(b));
        for term in terms {
            let found = match term {
                Term::Currency(_) => Some((s, e, classify(term, span))),
                Term::Code(prefix, conv) => {
                    if !before_ok {
                        None
                    } else {
                        code(text, s, e, prefix, *conv)
                    }
                }
                _ if !(before_ok && after_ok) => None,
                Term::Suffix(word, conv) => suffix(text, s, e, span, word, *conv, &mut out),
                Term::Prefix(word, conv) => {
                    if span != *word {
                        None
                    } else {
                        next_word(text, e)
                            .filter(|(_, w)| {
                                w.len() >= 3
                                    && all_caps(w)
                                    && w.bytes().all(|b| b.is_ascii_uppercase())
                            })
                            .map(|(ne, _)| (s, ne, MentionKind::Convention(*conv)))
                    }
                }
                Term::Name { records, spellings, common, any_upper, technique } => {
                    let common = *common;
                    let exact = || spellings.iter().any(|sp| sp == span);
                    let ok = if *technique {
                        true
                    } else if common {
                        first_upper(span) && exact()
                    } else {
                        !any_upper || (first_upper(span) || exact())
                    };
                    let country_alt = terms.iter().find_map(|t| match t {
                        Term::Country { iso, .. } => Some(*iso),
                        _ => None,
                    });
                    ok.then(|| {
                        (s, e, MentionKind::Name { records: records.clone(), common, country_alt })
                    })
                }
                Term::Country { iso, form, spelling } => {
                    let ok = match form {
                        CountryForm::Abbreviation => span == *spelling,
                        _ => first_upper(span) && (span == *spelling || all_caps(span)),
                    } && !(tables::AMBIGUOUS_COUNTRY_FORMS.contains(spelling)
                        && ambiguous_rejected(text, s, e));
                    ok.then_some((s, e, MentionKind::Country { iso, form: *form }))
                }
                Term::Cue(Cue::ActorNoun { .. }) if span.eq_ignore_ascii_case("apt") => {
                    (span == "APT").then(|| (s, e, classify(term, span)))
                }
                Term::Month(_) => first_upper(span).then(|| (s, e, classify(term, span))),
                _ => Some((s, e, classify(term, span))),
            };
            if let Some((s, e, kind)) = found {
                out.push(Mention { start: s, end: e, kind });
                break;
            }
        }
    }
    out
}

fn classify(term: &Term, _span: &str) -> MentionKind {
    match term {
        Term::Sector { value, tag } => MentionKind::Sector { value, tag: *tag },
        Term::Activity(a) => MentionKind::Activity(*a),
        Term::Cue(c) => MentionKind::Cue(*c),
        Term::Currency(c) => MentionKind::Currency(c),
        Term::Year(y) => MentionKind::Year(*y),
        Term::Month(m) => MentionKind::Month(*m),
        Term::Country { iso, form, .. } => MentionKind::Country { iso, form: *form },
        Term::Name { records, .. } => {
            MentionKind::Name { records: records.clone(), common: false, country_alt: None }
        }
        Term::Code(_, c) | Term::Suffix(_, c) | Term::Prefix(_, c) => MentionKind::Convention(*c),
    }
}

fn ambiguous_rejected(text: &str, s: usize, e: usize) -> bool {
    if next_word(text, e).is_some_and(|(_, w)| first_upper(w)) {
        return true;
    }
    prev_word(text, s).is_some_and(|(ps, w)| {
        first_upper(w) && !FUNCTION_WORDS.contains(&w) && {
            // A capitalised word that opens a sentence says nothing.
            let before = text.get(..ps).unwrap_or("").trim_end();
            !(before.is_empty() || before.ends_with(['.', '\n', ':', '!', '?']))
        }
    })
}

/// `APT28`, `UNC2452`, `TA505`, `FIN7`, `Storm-0558`: the prefix as vendors write it and a
/// plausible number of digits.
fn code(
    text: &str,
    s: usize,
    e: usize,
    prefix: &str,
    conv: Convention,
) -> Option<(usize, usize, MentionKind)> {
    let bytes = text.as_bytes();
    let written = text.get(s..e.saturating_sub(1))?;
    let case_ok = written == prefix || written == prefix.to_ascii_uppercase();
    if !case_ok {
        return None;
    }
    let mut end = e;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    if bytes.get(end).is_some_and(|&b| is_word_byte(b)) {
        return None;
    }
    let digits = end - (e - 1);
    let ok = match prefix {
        "APT" => (1..=3).contains(&digits),
        "FIN" => (1..=2).contains(&digits),
        "TA" => (3..=4).contains(&digits),
        "UNC" => (3..=4).contains(&digits),
        "TAG-" => (2..=3).contains(&digits),
        _ => (3..=5).contains(&digits),
    };
    ok.then_some((s, end, MentionKind::Convention(conv)))
}

/// `Forest Blizzard`, `FANCY BEAR`, `Fighting Ursa`: a capitalised word before a family word.
fn suffix(
    text: &str,
    s: usize,
    e: usize,
    span: &str,
    word: &str,
    conv: Convention,
    out: &mut Vec<Mention>,
) -> Option<(usize, usize, MentionKind)> {
    let caps_family = all_caps(word);
    let title = {
        let mut t = word.to_ascii_lowercase();
        if let Some(f) = t.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        t
    };
    let caps = span == word.to_ascii_uppercase();
    if !(span == word || span == title || caps) {
        return None;
    }
    let _ = e;
    let (ps, w) = prev_word(text, s)?;
    if w.len() < 3
        || !w.bytes().all(|b| b.is_ascii_alphabetic())
        || tables::FAMILY_STOPWORDS.contains(&w)
    {
        return None;
    }
    let ok = if caps {
        all_caps(w) && (caps_family || w.len() >= 3)
    } else {
        first_upper(w) && !all_caps(w)
    };
    if !ok || tables::FAMILY_STOPWORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
        return None;
    }
    // The word before may have been taken for something else ("Void", a country adjective).
    while out.last().is_some_and(|m| m.start >= ps) {
        let last = out.last().map(|m| m.kind.clone());
        if matches!(last, Some(MentionKind::Country { .. })) {
            return None;
        }
        out.pop();
    }
    Some((ps, e, MentionKind::Convention(conv)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leftmost-longest non-overlapping matches of `patterns` that start where a word
    /// starts (or, for a pattern led by a symbol, anywhere): the reference for the matcher,
    /// from every overlapping match of an Aho-Corasick automaton over the lower-cased text.
    fn reference(patterns: &[String], text: &str) -> Vec<(usize, usize, u32)> {
        let ac = aho_corasick::AhoCorasick::new(patterns).unwrap();
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut all: Vec<(usize, usize, u32)> = ac
            .find_overlapping_iter(&lower)
            .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
            .filter(|&(s, _, id)| {
                let symbol = !patterns[id as usize].as_bytes()[0].is_ascii_alphanumeric();
                symbol || s == 0 || !is_word_byte(text.as_bytes()[s - 1])
            })
            .collect();
        all.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out: Vec<(usize, usize, u32)> = Vec::new();
        for m in all {
            if out.last().is_none_or(|p| m.0 >= p.1) {
                out.push(m);
            }
        }
        out
    }

    /// The word-by-word matcher gives the mentions the reference search gives: checked on
    /// every text of the evaluation set with Cairn's own tables, the evaluation lexicon and
    /// the ATT&CK lexicon (read in place from shared/).
    #[test]
    fn matcher_agrees_with_an_automaton() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
        let read = |p: std::path::PathBuf| {
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let mut texts: Vec<String> = Vec::new();
        let snippets: serde_json::Value =
            serde_json::from_str(&read(dir.join("snippets.json"))).unwrap();
        for s in snippets.as_array().unwrap() {
            texts.push(s["text"].as_str().unwrap().to_owned());
        }
        for entry in std::fs::read_dir(dir.join("articles")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(read(path));
            }
        }
        texts.push("US$5m, USD600, 5 BTC, €3 and TA505 or APT28 at the Kremlin.".to_owned());
        assert!(texts.len() > 50, "evaluation texts missing");
        let eval: Vec<serde_json::Value> =
            serde_json::from_str(&read(dir.join("lexicon.json"))).unwrap();
        let attack = {
            use std::io::Read;
            let path =
                dir.join("../../../../shared/data/mitre-attack/enterprise-attack-18.1.json.gz");
            let file = std::fs::File::open(&path)
                .unwrap_or_else(|e| panic!("ATT&CK bundle {}: {e}", path.display()));
            let mut json = String::new();
            flate2::read::GzDecoder::new(file).read_to_string(&mut json).unwrap();
            let mut bundle: serde_json::Value = serde_json::from_str(&json).unwrap();
            bundle["objects"].take().as_array().cloned().unwrap()
        };
        for lexicon in [Lexicon::builtin(), Lexicon::from_stix(&eval), Lexicon::from_stix(&attack)]
        {
            let patterns = lexicon.matcher.patterns();
            for text in &texts {
                let want = recognize_matches(text, &lexicon, &reference(&patterns, text));
                assert_eq!(recognize(text, &lexicon), want, "{text}");
            }
        }
    }

    fn spans(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        recognize(text, &lex)
            .into_iter()
            .filter(|m| matches!(m.kind, MentionKind::Convention(_) | MentionKind::Country { .. }))
            .map(|m| text[m.start..m.end].to_owned())
            .collect()
    }

    #[test]
    fn conventions_and_countries() {
        assert_eq!(
            spans("Forest Blizzard and APT28 hit Ukraine."),
            ["Forest Blizzard", "APT28", "Ukraine"]
        );
        assert_eq!(
            spans("FANCY BEAR, Storm-0558 and TA505 and UNC2452."),
            ["FANCY BEAR", "Storm-0558", "TA505", "UNC2452"]
        );
        assert_eq!(
            spans("The Blizzard hit. Super Typhoon Haiyan. TA50 APT12345"),
            Vec::<String>::new()
        );
        assert_eq!(spans("Jordan Smith of Georgia Tech said"), Vec::<String>::new());
        assert_eq!(spans("attacks in Jordan and Georgia."), ["Jordan", "Georgia"]);
        assert_eq!(spans("let us go, the US and the DPRK"), ["US", "DPRK"]);
        assert_eq!(spans("North Korean hackers in Pyongyang"), ["North Korean", "Pyongyang"]);
    }
}
