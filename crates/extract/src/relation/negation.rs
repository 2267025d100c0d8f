//! Negated statements: "no data was stolen", "the group did not deploy ransomware", "there is no
//! evidence of espionage". A cue word whose clause is negated before it states nothing.
//!
//! The rule is local and deliberately narrow: a negator among the few words before the cue, in
//! the same clause (no comma, semicolon or contrastive "but" in between), and not one of the
//! phrases that only look negative ("not only", "no doubt", "nothing but").

use super::listed;

/// Words before the cue that are looked at.
const WINDOW_WORDS: usize = 5;

/// Bytes before the cue in which those words are looked for.
const LOOK_BACK: usize = 240;

/// The last few words before the cue, within its clause (after the last comma, semicolon,
/// colon, dash or parenthesis) and after any contrastive "but"/"yet": "not the usual ransomware
/// but a wiper" negates nothing after "but". Kept on the stack: this runs for many cues.
struct Window<'a> {
    words: [&'a str; WINDOW_WORDS + 1],
    from: usize,
    to: usize,
}

impl<'a> std::ops::Deref for Window<'a> {
    type Target = [&'a str];

    fn deref(&self) -> &[&'a str] {
        self.words.get(self.from..self.to).unwrap_or(&[])
    }
}

fn clause_window(text: &str, sentence_start: usize, cue_start: usize) -> Window<'_> {
    // Only the last few words matter, and a sentence can be long (a table row, a list): the
    // clause is looked for in the last `LOOK_BACK` bytes first, and in the whole sentence only
    // when those do not hold the window's words.
    let start = sentence_start.min(cue_start);
    let mut from = start.max(cue_start.saturating_sub(LOOK_BACK));
    while from < cue_start && !text.is_char_boundary(from) {
        from += 1;
    }
    // The words from the last one back, one more than the window: then the window's words are
    // whole even if the look-back cut the one before them.
    let last_words = |from: usize| {
        let before = text.get(from..cue_start).unwrap_or("");
        let clause = before.rsplit([',', ';', ':', '—', '–', '(']).next().unwrap_or(before);
        let mut words = [""; WINDOW_WORDS + 1];
        let mut n = 0;
        for (slot, w) in words.iter_mut().zip(clause.split_whitespace().rev()) {
            *slot = w;
            n += 1;
        }
        (words, n, clause.len() == before.len())
    };
    let (mut words, mut n, whole) = last_words(from);
    if from > start && whole && n <= WINDOW_WORDS {
        (words, n, _) = last_words(start);
    }
    let n = n.min(WINDOW_WORDS);
    let mut window = Window { words, from: 0, to: n };
    if let Some(ws) = window.words.get_mut(..n) {
        ws.reverse();
        for w in ws.iter_mut() {
            *w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        }
    }
    if let Some(p) = window.iter().rposition(|w| listed(&["but", "yet"], w)) {
        window.from = p + 1;
    }
    window
}

/// A contraction with "not": "didn't", "isn’t".
fn ends_nt(word: &str) -> bool {
    let tail = |t: &str| {
        word.len() >= t.len()
            && word.get(word.len() - t.len()..).is_some_and(|end| end.eq_ignore_ascii_case(t))
    };
    tail("n't") || tail("n’t")
}

/// Whether the cue at `cue_start` in `text` is negated within its clause, looking back no
/// further than `sentence_start`.
pub fn negated(text: &str, sentence_start: usize, cue_start: usize) -> bool {
    negates(&clause_window(text, sentence_start, cue_start))
}

fn negates(window: &[&str]) -> bool {
    window.iter().enumerate().any(|(i, w)| {
        let next = window.get(i + 1).copied().unwrap_or("");
        if w.eq_ignore_ascii_case("not") {
            !listed(&["only", "just"], next)
        } else if w.eq_ignore_ascii_case("no") {
            !listed(&["doubt", "longer", "matter", "less"], next)
        } else if w.eq_ignore_ascii_case("nothing") {
            !next.eq_ignore_ascii_case("but")
        } else {
            listed(&["never", "nor", "neither", "without", "none"], w) || ends_nt(w)
        }
    })
}

/// Verbs of sparing: "avoided targets inside Russia", "spared Russian companies".
const SPARING: &[&str] = &[
    "avoid",
    "avoids",
    "avoided",
    "avoiding",
    "spare",
    "spares",
    "spared",
    "sparing",
    "exclude",
    "excludes",
    "excluded",
    "excluding",
    "except",
];

/// Whether a victim named at `cue_start` is negated: [`negated`], or a verb of sparing before it
/// in its clause ("avoided targets inside Russia", "spared Russian companies").
pub fn target_negated(text: &str, sentence_start: usize, cue_start: usize) -> bool {
    let window = clause_window(text, sentence_start, cue_start);
    negates(&window) || window.iter().any(|w| listed(SPARING, w))
}

#[cfg(test)]
mod tests {
    use super::negated;

    #[test]
    fn negation_cases() {
        // (sentence, cue word, negated)
        let cases: &[(&str, &str, bool)] = &[
            ("No data was stolen in the incident.", "stolen", true),
            ("The group did not deploy ransomware.", "ransomware", true),
            ("The group didn't deploy ransomware this time.", "ransomware", true),
            ("There is no evidence of espionage.", "espionage", true),
            ("Investigators found no sign of data theft.", "data theft", true),
            ("The attack was never attributed to ransomware.", "ransomware", true),
            ("They encrypted servers without stealing data.", "stealing", true),
            // Not negations.
            ("The gang stole data and deployed ransomware.", "ransomware", false),
            ("Not only did they steal data, they deployed ransomware.", "ransomware", false),
            ("Not only ransomware: the crew also ran espionage.", "espionage", false),
            ("It was not a wiper but ransomware.", "ransomware", false),
            ("No victims paid, but data was stolen from 40 firms.", "stolen", false),
            ("There is no doubt the espionage campaign continues.", "espionage", false),
            ("The actor, not known before, ran an espionage campaign.", "espionage", false),
            ("Officials said nothing about it; the ransomware spread.", "ransomware", false),
        ];
        for (text, cue, expected) in cases {
            let at = text.find(cue).unwrap_or(0);
            assert_eq!(negated(text, 0, at), *expected, "{text}");
        }
        // In a long sentence only the last words count; long words before the cue push the
        // look-back further.
        let long = format!("{} then did not deploy ransomware", "row ".repeat(100));
        assert!(negated(&long, 0, long.find("ransomware").unwrap_or(0)));
        let long = format!("It isn't {} ransomware", "y".repeat(super::LOOK_BACK - 4));
        assert!(negated(&long, 0, long.find(" ransomware").unwrap_or(0) + 1));
    }

    #[test]
    fn target_negation_cases() {
        let cases: &[(&str, &str, bool)] = &[
            ("They tolerated gangs as long as they avoided targets inside Russia.", "Russia", true),
            ("as long as they do not attack Russian companies", "Russian", true),
            ("The malware spared machines with a Russian keyboard layout.", "Russian", true),
            ("The gang attacked Russian companies.", "Russian", false),
            ("After avoiding detection for months, they hit German hospitals.", "German", false),
        ];
        for (text, cue, expected) in cases {
            let at = text.find(cue).unwrap_or(0);
            assert_eq!(super::target_negated(text, 0, at), *expected, "{text}");
        }
    }
}
