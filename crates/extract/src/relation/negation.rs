//! Negated statements: "no data was stolen", "the group did not deploy ransomware", "there is no
//! evidence of espionage". A cue word whose clause is negated before it states nothing.
//!
//! The rule is local and deliberately narrow: a negator among the few words before the cue, in
//! the same clause (no comma, semicolon or contrastive "but" in between), and not one of the
//! phrases that only look negative ("not only", "no doubt", "nothing but").

/// Words before the cue that are looked at.
const WINDOW_WORDS: usize = 5;

/// The last few words before the cue, lower-cased, within its clause (after the last comma,
/// semicolon, colon, dash or parenthesis) and after any contrastive "but"/"yet": "not the usual
/// ransomware but a wiper" negates nothing after "but".
fn clause_window(text: &str, sentence_start: usize, cue_start: usize) -> Vec<String> {
    let Some(before) = text.get(sentence_start.min(cue_start)..cue_start) else {
        return Vec::new();
    };
    let clause = before.rsplit([',', ';', ':', '—', '–', '(']).next().unwrap_or(before);
    let mut words: Vec<String> = clause
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .to_lowercase()
                .replace('’', "'")
        })
        .collect();
    words.drain(..words.len().saturating_sub(WINDOW_WORDS));
    if let Some(p) = words.iter().rposition(|w| w == "but" || w == "yet") {
        words.drain(..=p);
    }
    words
}

/// Whether the cue at `cue_start` in `text` is negated within its clause, looking back no
/// further than `sentence_start`.
pub fn negated(text: &str, sentence_start: usize, cue_start: usize) -> bool {
    let window = clause_window(text, sentence_start, cue_start);
    window.iter().enumerate().any(|(i, w)| {
        let next = window.get(i + 1).map(String::as_str);
        match w.as_str() {
            "not" => next != Some("only") && next != Some("just"),
            "no" => !matches!(next, Some("doubt" | "longer" | "matter" | "less")),
            "never" | "nor" | "neither" | "without" | "none" => true,
            "nothing" => next != Some("but"),
            _ => w.ends_with("n't"),
        }
    })
}

/// Whether a victim named at `cue_start` is negated: [`negated`], or a verb of sparing before it
/// in its clause ("avoided targets inside Russia", "spared Russian companies").
pub fn target_negated(text: &str, sentence_start: usize, cue_start: usize) -> bool {
    negated(text, sentence_start, cue_start)
        || clause_window(text, sentence_start, cue_start).iter().any(|w| {
            matches!(
                w.as_str(),
                "avoid"
                    | "avoids"
                    | "avoided"
                    | "avoiding"
                    | "spare"
                    | "spares"
                    | "spared"
                    | "sparing"
                    | "exclude"
                    | "excludes"
                    | "excluded"
                    | "excluding"
                    | "except"
            )
        })
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
