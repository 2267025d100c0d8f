//! Money amounts: "$1.5bn", "over $3 billion", "USD 600 million", "€20m", "£2.3 million".

use crate::finding::Amount;

/// Fixed conversion rates to USD: a reported figure is an estimate anyway, and extraction must
/// be offline and deterministic.
fn usd_rate(currency: &str) -> f64 {
    match currency {
        "EUR" => 1.08,
        "GBP" => 1.27,
        _ => 1.0,
    }
}

const QUALIFIERS: &[&str] = &[
    "more than ",
    "over ",
    "nearly ",
    "almost ",
    "about ",
    "around ",
    "approximately ",
    "at least ",
    "up to ",
    "roughly ",
    "some ",
    "an estimated ",
    "as much as ",
];

/// Parses the number after the currency mention `[cs, ce)`.
pub fn parse(text: &str, cs: usize, ce: usize, written: &str) -> Option<Amount> {
    let b = text.as_bytes();
    let currency = match written.to_ascii_uppercase().as_str() {
        "EUR" | "€" => "EUR",
        "GBP" | "£" => "GBP",
        _ => "USD",
    };
    // "US$" is matched as its own pattern; a bare "$" right after "US" is the same.
    let mut i = ce;
    if written.len() == 3 && written.bytes().all(|c| c.is_ascii_alphabetic()) {
        // "USD 600 million": needs a space then a digit.
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    let ns = i;
    while b.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b',' || c == b'.') {
        i += 1;
    }
    while i > ns && matches!(b.get(i - 1), Some(b',' | b'.')) {
        i -= 1;
    }
    let num = text.get(ns..i)?;
    if num.is_empty() || !num.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    // Thousands separators vs decimals: "3,000,000" and "1.5".
    let clean: String = num.chars().filter(|&c| c != ',').collect();
    let mut value: f64 = clean.parse().ok()?;
    let rest = text.get(i..).unwrap_or("");
    let (mult, used) = multiplier(rest);
    value *= mult;
    let end = i + used;
    let mut start = cs;
    let before = text.get(..cs).unwrap_or("");
    for q in QUALIFIERS {
        if before.len() >= q.len()
            && before.get(before.len() - q.len()..).is_some_and(|t| t.eq_ignore_ascii_case(q))
        {
            start = cs - q.len();
            break;
        }
    }
    Some(Amount {
        value,
        currency: currency.to_owned(),
        usd: value * usd_rate(currency),
        asset: None,
        mention: text.get(start..end).unwrap_or("").to_owned(),
        since: None,
        period: None,
        actor: None,
        country: None,
        start,
        end,
    })
}

fn multiplier(rest: &str) -> (f64, usize) {
    const WORDS: &[(&str, f64)] = &[
        (" billion", 1e9),
        (" million", 1e6),
        (" thousand", 1e3),
        (" trillion", 1e12),
        ("billion", 1e9),
        ("million", 1e6),
        ("bn", 1e9),
        (" bn", 1e9),
        ("mn", 1e6),
        (" mn", 1e6),
        ("m", 1e6),
        ("b", 1e9),
        ("k", 1e3),
    ];
    for &(w, m) in WORDS {
        if rest.len() >= w.len()
            && rest.get(..w.len()).is_some_and(|t| t.eq_ignore_ascii_case(w))
            && !rest.as_bytes().get(w.len()).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return (m, w.len());
        }
    }
    (1.0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, usd: f64, mention: &str) {
        let cs = text.find(['$', '€', '£']).or_else(|| text.find("USD")).unwrap_or(0);
        let w = if text[cs..].starts_with("USD") {
            "USD"
        } else {
            &text[cs..cs + text[cs..].chars().next().unwrap().len_utf8()]
        };
        let a = parse(text, cs, cs + w.len(), w).unwrap();
        assert_eq!((a.usd, a.mention.as_str()), (usd, mention), "{text}");
    }

    #[test]
    fn amounts() {
        check("stole over $3 billion in crypto", 3e9, "over $3 billion");
        check("a $1.5bn heist", 1.5e9, "$1.5bn");
        check("paid USD 600 million.", 6e8, "USD 600 million");
        check("lost €20m to", 20e6 * 1.08, "€20m");
        check("a ransom of $4,400,000.", 4.4e6, "$4,400,000");
    }
}
