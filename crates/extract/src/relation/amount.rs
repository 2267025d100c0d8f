//! Money amounts, currency first ("$1.5bn", "over $3 billion", "USD 600 million", "€20m",
//! "£2.3 million", "$1.5-billion", "$3 billion-plus") or number first ("3 billion dollars",
//! "3bn US dollars", "600 million USD", "20 million euros"), in fiat money or cryptocurrency
//! ("1,000 BTC", "4,000 bitcoin", "150,000 ether", "2.3 million USDT").
//!
//! The lexicon recognises currency mentions from [`currency_patterns`]: symbols, codes followed
//! by a digit, and unit words as whole words (never inside "whether" or "European"). [`parse`]
//! reads the amount around one mention, or nothing when no number goes with it ("the bitcoin
//! price"), and [`merge_equivalents`] joins a crypto amount with the dollar figure the text
//! gives for it. A unit pattern ends with the character after the word; a unit word that ends
//! the text is found by [`unit_at_text_end`].

use crate::finding::Amount;

/// What a currency is worth in USD.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rate {
    /// Fiat money at a fixed rate: a reported figure is an estimate anyway, and extraction must
    /// be offline and deterministic.
    Fiat(f64),
    /// A stablecoin pegged to the dollar.
    Stable,
    /// A cryptocurrency: no rate is assumed; the USD value is known only when the text states it.
    Crypto,
}

fn rate(code: &str) -> Rate {
    match code {
        "EUR" => Rate::Fiat(1.08),
        "GBP" => Rate::Fiat(1.27),
        "CHF" => Rate::Fiat(1.13),
        "CAD" => Rate::Fiat(0.73),
        "AUD" => Rate::Fiat(0.66),
        "NZD" => Rate::Fiat(0.60),
        "HKD" => Rate::Fiat(0.128),
        "SGD" => Rate::Fiat(0.74),
        "JPY" => Rate::Fiat(0.0067),
        "CNY" => Rate::Fiat(0.14),
        "INR" => Rate::Fiat(0.012),
        "RUB" => Rate::Fiat(0.011),
        "KRW" => Rate::Fiat(0.00072),
        "BRL" => Rate::Fiat(0.18),
        "MXN" => Rate::Fiat(0.055),
        "USDT" | "USDC" | "DAI" | "BUSD" => Rate::Stable,
        "BTC" | "ETH" | "XMR" | "LTC" | "XRP" | "SOL" | "TRX" | "BNB" | "DOGE" => Rate::Crypto,
        _ => Rate::Fiat(1.0),
    }
}

/// Whether a currency mention (as [`currency_patterns`] names it) is a cryptocurrency.
pub fn is_crypto(written: &str) -> bool {
    unit(written).is_some_and(|u| !matches!(rate(u.code), Rate::Fiat(_)))
}

/// Whether `word` names a currency as a unit ("Bitcoin", "euros", "USDT"), in any case.
pub fn is_currency_word(word: &str) -> bool {
    UNITS.iter().any(|u| u.word.eq_ignore_ascii_case(word))
}

/// Written before the number: (as written, currency).
const PREFIXES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("¥", "JPY"),
    ("₩", "KRW"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("HK$", "HKD"),
    ("NZ$", "NZD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("MX$", "MXN"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("HKD", "HKD"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("INR", "INR"),
    ("RUB", "RUB"),
    ("RMB", "CNY"),
];

/// A unit written after the number.
#[derive(Debug, Clone, Copy)]
struct Unit {
    word: &'static str,
    code: &'static str,
    /// Short codes that are also words ("SOL", "DAI"): only as written.
    exact_case: bool,
    /// Also a unit of weight ("300 pounds"): money only with a multiplier or a currency sign.
    needs_multiplier: bool,
}

const fn u(word: &'static str, code: &'static str) -> Unit {
    Unit { word, code, exact_case: false, needs_multiplier: false }
}

const fn exact(word: &'static str, code: &'static str) -> Unit {
    Unit { word, code, exact_case: true, needs_multiplier: false }
}

const fn weight(word: &'static str, code: &'static str) -> Unit {
    Unit { word, code, exact_case: false, needs_multiplier: true }
}

const UNITS: &[Unit] = &[
    u("U.S. dollars", "USD"),
    u("US dollars", "USD"),
    u("U.S. dollar", "USD"),
    u("US dollar", "USD"),
    u("American dollars", "USD"),
    u("dollars", "USD"),
    u("dollar", "USD"),
    u("USD", "USD"),
    u("Canadian dollars", "CAD"),
    u("Australian dollars", "AUD"),
    u("Hong Kong dollars", "HKD"),
    u("Singapore dollars", "SGD"),
    u("New Zealand dollars", "NZD"),
    u("euros", "EUR"),
    u("euro", "EUR"),
    u("EUR", "EUR"),
    u("pounds sterling", "GBP"),
    u("British pounds", "GBP"),
    weight("pounds", "GBP"),
    weight("pound", "GBP"),
    weight("sterling", "GBP"),
    u("GBP", "GBP"),
    u("Swiss francs", "CHF"),
    u("CHF", "CHF"),
    u("CAD", "CAD"),
    u("AUD", "AUD"),
    u("HKD", "HKD"),
    u("SGD", "SGD"),
    u("yen", "JPY"),
    u("JPY", "JPY"),
    u("yuan", "CNY"),
    u("renminbi", "CNY"),
    u("CNY", "CNY"),
    u("RMB", "CNY"),
    u("rupees", "INR"),
    u("INR", "INR"),
    u("rubles", "RUB"),
    u("roubles", "RUB"),
    u("RUB", "RUB"),
    u("South Korean won", "KRW"),
    u("KRW", "KRW"),
    u("BTC", "BTC"),
    u("bitcoins", "BTC"),
    u("bitcoin", "BTC"),
    u("ETH", "ETH"),
    u("ether", "ETH"),
    u("Ethereum", "ETH"),
    u("XMR", "XMR"),
    u("Monero", "XMR"),
    u("USDT", "USDT"),
    u("Tether", "USDT"),
    u("USDC", "USDC"),
    exact("DAI", "DAI"),
    u("BUSD", "BUSD"),
    u("LTC", "LTC"),
    u("litecoins", "LTC"),
    u("litecoin", "LTC"),
    u("XRP", "XRP"),
    exact("SOL", "SOL"),
    u("TRX", "TRX"),
    u("BNB", "BNB"),
    u("DOGE", "DOGE"),
    u("dogecoin", "DOGE"),
];

fn unit(word: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.word == word)
}

/// Multipliers after the number, longest spellings first.
const MULTIPLIERS: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("bn", 1e9),
    ("mn", 1e6),
    ("m", 1e6),
    ("b", 1e9),
    ("k", 1e3),
];

/// Characters that end a unit word in a pattern.
const WORD_END: &[char] = &[' ', ',', '.', ')', ';', ':', '!', '?', '\n', '-', '/', '"', '\'', ']'];

/// The lexicon patterns for currency mentions: (pattern, currency as the mention names it).
///
/// Codes before the number carry the digit after them ("USD 6", "EUR2"), so "Europe" or
/// "audit" never match. Unit words are whole words with the space before them and the character
/// that ends them (" BTC,", " euros."): they never match inside a word ("whether", "either"),
/// and, as a leftmost-longest pattern, they never start before a name that merely begins like
/// them ("27 European states", "5 Ethiopian banks" keep their country mentions).
pub fn currency_patterns() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for &(p, _) in PREFIXES {
        if p.bytes().all(|b| b.is_ascii_alphabetic()) {
            // With the space before too: " USD 6" must win over the unit pattern " USD ".
            for d in '0'..='9' {
                for lead in ["", " "] {
                    out.push((format!("{lead}{p} {d}"), p));
                    out.push((format!("{lead}{p}{d}"), p));
                }
            }
        } else {
            out.push((p.to_owned(), p));
        }
    }
    for un in UNITS {
        for &t in WORD_END {
            out.push((format!(" {}{t}", un.word), un.word));
        }
    }
    out
}

/// The unit word that ends the text ("... stole 500 BTC"), which no pattern of
/// [`currency_patterns`] can match for want of a character after it: the mention such a pattern
/// would give with one, as (start, end, currency as the patterns name it). The start is the space
/// before the word, as in the patterns; among units that end the text, the longest (leftmost)
/// wins ("500 US dollars" is one mention), as in the lexicon.
pub fn unit_at_text_end(text: &str) -> Option<(usize, usize, &'static str)> {
    let b = text.as_bytes();
    UNITS
        .iter()
        .filter_map(|un| {
            let ws = text.len().checked_sub(un.word.len())?;
            let cs = ws.checked_sub(1)?;
            let ok = b.get(cs) == Some(&b' ')
                && text.get(ws..).is_some_and(|t| t.eq_ignore_ascii_case(un.word));
            ok.then_some((cs, un.word))
        })
        .min_by_key(|&(cs, _)| cs)
        .map(|(cs, word)| (cs, text.len(), word))
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
    "in excess of ",
    "upwards of ",
    "less than ",
    "under ",
];

/// Nouns after "<number> <unit>" that make the number a count of things ("15 bitcoin wallets").
const COUNTED: &[&str] = &[
    "wallets",
    "wallet",
    "addresses",
    "address",
    "accounts",
    "transactions",
    "payments",
    "transfers",
    "miners",
    "mining",
    "nodes",
    "ATMs",
    "exchanges",
    "users",
    "holders",
    "keys",
    "prices",
    "price",
    "blocks",
    "contracts",
    "scams",
    "apps",
    "platforms",
    "investors",
    "traders",
    "mixers",
    "drainers",
    "clients",
    "services",
    "stealers",
    "companies",
    "firms",
    "sites",
    "websites",
    "domains",
    "clippers",
    "halving",
    "network",
    "networks",
    "bills",
    "notes",
    "coins",
    "tokens",
    "projects",
    "startups",
    "funds",
];

/// The word that starts after `i` (after spaces), if any.
fn next_word(text: &str, i: usize) -> Option<&str> {
    let rest = text.get(i..)?;
    let rest = rest.trim_start_matches(' ');
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    rest.get(..end).filter(|w| !w.is_empty())
}

/// Words before a number that make it a label, not a quantity.
const NOT_QUANTITY: &[&str] = &["version ", "release ", "build ", "no. ", "number ", "#"];

/// A number as written: `[start, end)` and its value.
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    value: f64,
    /// Plain digits: no thousands separator, no decimals ("2017").
    plain: bool,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Reads "4,400,000", "1.5", "70000" at `i`. Separators must group three digits.
fn number(text: &str, i: usize) -> Option<Number> {
    let b = text.as_bytes();
    let digits = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let mut j = digits(i);
    if j == i {
        return None;
    }
    let mut plain = true;
    while b.get(j) == Some(&b',')
        && digits(j + 1) == j + 4
        && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
    {
        j += 4;
        plain = false;
    }
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j = digits(j + 1);
        plain = false;
        // "1.5.3" is a version.
        if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
    }
    let clean: String = text.get(i..j)?.chars().filter(|&c| c != ',').collect();
    Some(Number { start: i, end: j, value: clean.parse().ok()?, plain })
}

/// A multiplier at `i`: ("billion", "-billion", " bn", "m"): (factor, bytes used).
fn multiplier(text: &str, i: usize) -> (f64, usize) {
    let rest = text.get(i..).unwrap_or("");
    for &(w, m) in MULTIPLIERS {
        let long = w.len() > 2;
        for sep in ["", " ", "-"] {
            if sep == "-" && !long {
                continue;
            }
            let n = sep.len() + w.len();
            if rest.get(..sep.len()) == Some(sep)
                && rest.get(sep.len()..n).is_some_and(|t| t.eq_ignore_ascii_case(w))
                && !rest.as_bytes().get(n).is_some_and(|&c| is_word(c))
            {
                return (m, n);
            }
        }
    }
    (1.0, 0)
}

/// The longest unit word at `i` (after one optional space), with its end.
fn unit_at(text: &str, i: usize) -> Option<(&'static Unit, usize)> {
    let b = text.as_bytes();
    let i = if b.get(i) == Some(&b' ') { i + 1 } else { i };
    let rest = text.get(i..)?;
    UNITS
        .iter()
        .filter(|un| {
            let w = un.word;
            rest.get(..w.len())
                .is_some_and(|t| if un.exact_case { t == w } else { t.eq_ignore_ascii_case(w) })
                && !b.get(i + w.len()).is_some_and(|&c| is_word(c))
        })
        .max_by_key(|un| un.word.len())
        .map(|un| (un, i + un.word.len()))
}

/// The currency sign or code right before `i` (a number's start): (currency, its start).
fn prefix_before(text: &str, i: usize) -> Option<(&'static str, usize)> {
    let before = text.get(..i)?;
    let b = text.as_bytes();
    PREFIXES
        .iter()
        .filter_map(|&(p, code)| {
            let alpha = p.bytes().all(|c| c.is_ascii_alphabetic());
            let t = if alpha { before.strip_suffix(' ').unwrap_or(before) } else { before };
            let cs = t.len().checked_sub(p.len())?;
            // Codes and lettered signs ("A$", "HK$") start a word: "DATA$5" is dollars.
            let lettered = p.bytes().next().is_some_and(|c| c.is_ascii_alphabetic());
            let ok = t.get(cs..).is_some_and(|s| s.eq_ignore_ascii_case(p))
                && (!lettered || cs == 0 || !b.get(cs - 1).is_some_and(|&c| is_word(c)));
            ok.then_some((code, cs, p.len()))
        })
        .max_by_key(|&(_, _, len)| len)
        .map(|(code, cs, _)| (code, cs))
}

/// Separators of a range ("10-15 million", "$10 to $15 million").
const RANGE: &[&str] = &[" to ", " - ", "-", "–"];

/// The lower bound of a range that ends right before `i` (the upper bound's start, sign
/// included): its number. "$10 to " before "$15 million", "10-" before "15 million dollars".
fn range_before(text: &str, i: usize) -> Option<Number> {
    let before = text.get(..i)?;
    let sep = RANGE.iter().find(|s| before.ends_with(*s))?;
    let ne = i - sep.len();
    let b = text.as_bytes();
    let mut ns = ne;
    while ns > 0 && b.get(ns - 1).is_some_and(|&c| c.is_ascii_digit() || c == b',' || c == b'.') {
        ns -= 1;
    }
    let n = number(text, ns).filter(|n| n.end == ne)?;
    // Not part of a word or of a longer figure ("CVE-2024-", "1.2-").
    let prev = ns.checked_sub(1).and_then(|p| b.get(p));
    (!prev.is_some_and(|&c| is_word(c) || matches!(c, b'.' | b',' | b'-'))).then_some(n)
}

/// Reads the amount around a currency mention `[cs, ce)` that the lexicon found; `written` is
/// the currency as [`currency_patterns`] names it.
pub fn parse(text: &str, cs: usize, ce: usize, written: &str) -> Option<Amount> {
    let b = text.as_bytes();
    let cs = if b.get(cs) == Some(&b' ') { cs + 1 } else { cs };
    // Codes are both: "USD 600 million" (the pattern ends with the digit after the code) and
    // "600 million USD" (it ends with the character after the code).
    let unit_pattern = UNITS.iter().any(|u| u.word == written)
        && !b.get(ce.wrapping_sub(1)).is_some_and(u8::is_ascii_digit);
    if let Some(&(p, _)) = PREFIXES.iter().find(|(p, _)| *p == written).filter(|_| !unit_pattern) {
        // A sign or code before the number: "$3 billion", "USD 600 million".
        let mut ns = cs + p.len();
        if p.bytes().all(|c| c.is_ascii_alphabetic()) && b.get(ns) == Some(&b' ') {
            ns += 1;
        }
        let (code, pcs) = prefix_before(text, ns)?;
        let n = number(text, ns)?;
        // "$10 to $15 million": this sign opens the upper bound, read with the lower one.
        if range_before(text, pcs)
            .is_some_and(|low| low.value < n.value && prefix_before(text, low.start).is_some())
        {
            return None;
        }
        return build(text, Some((code, pcs)), n);
    }
    unit(written)?;
    // A unit after the number: find the number (and multiplier) that ends right before it.
    let mut ne = cs;
    while ne > 0 && b.get(ne - 1) == Some(&b' ') {
        ne -= 1;
    }
    let mut ws = ne;
    while ws > 0 && b.get(ws - 1).is_some_and(u8::is_ascii_alphabetic) {
        ws -= 1;
    }
    if ws < ne {
        // "3 billion dollars", "5m USDC", "a 1.5-billion dollar": only a multiplier may stand
        // between the number and the unit.
        let (factor, used) = multiplier(text, ws);
        if factor <= 1.0 || used != ne - ws {
            return None;
        }
        ne = ws;
        while ne > 0 && matches!(b.get(ne - 1), Some(b' ' | b'-')) {
            ne -= 1;
        }
    }
    let mut ns = ne;
    while ns > 0 && b.get(ns - 1).is_some_and(|&c| c.is_ascii_digit() || c == b',' || c == b'.') {
        ns -= 1;
    }
    while ns < ne && b.get(ns).is_some_and(|&c| !c.is_ascii_digit()) {
        ns += 1;
    }
    // A range: "10-15 million dollars", "10 to 15 million dollars" read from the lower bound.
    if let (Some(low), Some(high)) = (range_before(text, ns), number(text, ns))
        && low.value < high.value
    {
        ns = low.start;
    }
    if ns >= ne {
        // "a billion dollars", "half a million euros", "two billion dollars".
        return spelled(text, ne).and_then(|n| build(text, None, n));
    }
    // A sign before the number makes it that mention's amount.
    if prefix_before(text, ns).is_some() {
        return None;
    }
    build(text, None, number(text, ns)?)
}

/// Numbers written as words before a multiplier.
const SPELLED: &[(&str, f64)] = &[
    ("half a", 0.5),
    ("a", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
];

/// A number written as words that ends at `ne` (right before " billion", " million", ...).
fn spelled(text: &str, ne: usize) -> Option<Number> {
    if multiplier(text, ne).0 < 1e3 {
        return None;
    }
    let before = text.get(..ne)?;
    let b = text.as_bytes();
    SPELLED.iter().find_map(|&(w, v)| {
        let start = ne.checked_sub(w.len())?;
        let ok = before.get(start..).is_some_and(|t| t.eq_ignore_ascii_case(w))
            && (start == 0 || !b.get(start - 1).is_some_and(|&c| is_word(c)));
        ok.then_some(Number { start, end: ne, value: v, plain: false })
    })
}

/// Words right before a number that make it a year ("in 2021", "since 2017", "early 2018"); a
/// month name does too ("March 2023"). "the" makes it a year only before a noun the year
/// qualifies ("the 2024 BTC halving", but "the 2000 BTC ransom").
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "from", "until", "till", "through", "by", "during", "before", "after", "early",
    "mid", "late", "circa", "year",
];

/// Words right before a year-like number that make it a sum even before a fiat unit, which
/// reports otherwise write with a sign or a separator: "paid 2000 dollars", "stole 1999 euros",
/// "about 2000 dollars" (but "in 2017 dollars", "constant 2019 dollars").
const SUM_BEFORE: &[&str] = &[
    "paid",
    "pay",
    "pays",
    "paying",
    "demanded",
    "demanding",
    "demands",
    "stole",
    "stolen",
    "steal",
    "stealing",
    "lost",
    "lose",
    "losing",
    "sent",
    "send",
    "transferred",
    "wired",
    "received",
    "laundered",
    "extorted",
    "charged",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "some",
    "over",
    "than",
];

/// Nouns after "<year> <crypto unit>" that make the number a year ("a 2021 bitcoin rally", "the
/// 2017 BTC bubble").
const YEAR_AFTER: &[&str] = &[
    "rally", "crash", "bubble", "boom", "bull", "bear", "market", "markets", "winter", "peak",
    "surge", "slump", "merge", "fork", "upgrade", "halving", "hack", "hacks", "heist", "heists",
    "theft", "thefts", "crime", "report", "figures",
];

/// Whether the number `n`, written before the unit `un` (which ends at `ue`) without a
/// multiplier, is a year rather than a sum.
///
/// Before a fiat unit a year-like number is a year ("in 2017 dollars", "constant 2019 dollars"):
/// reports write fiat sums with a sign or a thousands separator ("$2,000"). Crypto sums are often
/// bare digits ("stole 2000 BTC", "laundered 1500 ETH"), so before a crypto unit (stablecoins
/// included) the number is a year only after a word that introduces a year, or before a noun
/// that the year qualifies.
fn is_year(text: &str, n: Number, un: &Unit, ue: usize) -> bool {
    if !(n.plain && (1900.0..=2100.0).contains(&n.value)) {
        return false;
    }
    let before = text.get(..n.start).unwrap_or("").trim_end_matches([' ', '-']);
    let start = before.rfind(|c: char| !c.is_ascii_alphabetic()).map_or(0, |i| i + 1);
    let word = before.get(start..).unwrap_or("");
    let listed = |list: &[&str]| list.iter().any(|w| word.eq_ignore_ascii_case(w));
    if matches!(rate(un.code), Rate::Fiat(_)) {
        return !listed(SUM_BEFORE);
    }
    let qualifies =
        next_word(text, ue).is_some_and(|w| YEAR_AFTER.iter().any(|y| w.eq_ignore_ascii_case(y)));
    listed(YEAR_BEFORE) || crate::entity::tables::MONTHS.contains(&word) || qualifies
}

/// Builds the amount that starts with the number `n`, with the currency sign `prefix` before it.
fn build(text: &str, prefix: Option<(&'static str, usize)>, n: Number) -> Option<Amount> {
    let b = text.as_bytes();
    if n.value <= 0.0 {
        return None;
    }
    let before = text.get(..prefix.map_or(n.start, |p| p.1)).unwrap_or("");
    if prefix.is_none() {
        // Part of a word, a version or an identifier: "v3", "1.2.3", "CVE-2024-1".
        if before.as_bytes().last().is_some_and(|&c| is_word(c) || matches!(c, b'.' | b',' | b'-'))
        {
            return None;
        }
        let tail = before.get(before.len().saturating_sub(10)..).unwrap_or(before);
        let tail = tail.to_ascii_lowercase();
        if NOT_QUANTITY.iter().any(|w| tail.ends_with(w)) {
            return None;
        }
        // A ratio: "1 in 3 dollars", "9 out of 10 dollars".
        let t = tail.trim_end();
        if (t.ends_with(" in") || t.ends_with(" out of"))
            && t.trim_end_matches(" in")
                .trim_end_matches(" out of")
                .ends_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
    }
    let mut i = n.end;
    // A range: "$10-15 million", "$10 to $15 million", "10 to 15 million dollars": the lower
    // bound counts, with the multiplier after the upper one.
    for sep in RANGE {
        let after = i + sep.len();
        if text.get(i..after) != Some(*sep) {
            continue;
        }
        let sign = prefix.and_then(|(_, pcs)| text.get(pcs..n.start)).filter(|s| !s.is_empty());
        let at = match sign {
            Some(s) if text.get(after..).is_some_and(|t| t.starts_with(s)) => after + s.len(),
            _ => after,
        };
        if let Some(m) = number(text, at)
            && m.value > n.value
            && multiplier(text, m.end).1 > 0
        {
            i = m.end;
        }
        break;
    }
    let (mult, used) = multiplier(text, i);
    let value = n.value * mult;
    i += used;
    for plus in ["-plus", "+"] {
        if text.get(i..i + plus.len()).is_some_and(|t| t.eq_ignore_ascii_case(plus))
            && !b.get(i + plus.len()).is_some_and(|&c| is_word(c))
        {
            i += plus.len();
            break;
        }
    }
    let suffix = unit_at(text, i);
    let (code, end) = match (prefix, suffix) {
        (Some((pc, _)), Some((un, ue)))
            if un.code == pc || (un.word.starts_with("dollar") && pc.ends_with('D')) =>
        {
            (pc, ue)
        }
        (Some((pc, _)), _) => (pc, i),
        (None, Some((un, ue))) => {
            if un.needs_multiplier && used == 0 {
                return None;
            }
            if used == 0 && is_year(text, n, un, ue) {
                return None;
            }
            // "15 bitcoin wallets", "3 BTC addresses": a count of things, not a sum.
            if next_word(text, ue)
                .is_some_and(|w| COUNTED.iter().any(|c| c.eq_ignore_ascii_case(w)))
            {
                return None;
            }
            (un.code, ue)
        }
        (None, None) => return None,
    };
    let mut start = prefix.map_or(n.start, |p| p.1);
    let before = text.get(..start).unwrap_or("");
    for q in QUALIFIERS {
        if before.len() >= q.len()
            && before.get(before.len() - q.len()..).is_some_and(|t| t.eq_ignore_ascii_case(q))
        {
            start -= q.len();
            break;
        }
    }
    let (usd, usd_known) = match rate(code) {
        Rate::Fiat(r) => (value * r, true),
        Rate::Stable => (value, true),
        Rate::Crypto => (0.0, false),
    };
    Some(Amount {
        value,
        currency: code.to_owned(),
        usd,
        usd_known,
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

/// Words between a crypto amount and the dollar figure the text gives for it ("1,000 BTC (about
/// $60 million)", "4,000 bitcoin worth $240 million", "$60 million in 1,000 BTC").
const EQUIVALENT: &[&str] =
    &["", "worth", "valued at", "then worth", "now worth", "or", "equivalent to", "i.e."];

/// Joins each crypto amount without a USD value to an adjacent dollar (or other fiat) amount that
/// the text gives as its equivalent: one amount, in the crypto currency, with the stated USD.
/// `amounts` are in text order.
pub fn merge_equivalents(text: &str, amounts: &mut Vec<Amount>) {
    let mut i = 0;
    while i + 1 < amounts.len() {
        let (Some(a), Some(b)) = (amounts.get(i), amounts.get(i + 1)) else { break };
        let crypto_first =
            !a.usd_known && b.usd_known && matches!(rate(&b.currency), Rate::Fiat(_));
        let fiat_first = a.usd_known && !b.usd_known && matches!(rate(&a.currency), Rate::Fiat(_));
        let gap = text.get(a.end..b.start).unwrap_or("");
        let paren = gap.trim_start().starts_with('(');
        let dash = gap.contains('—') || gap.contains('–') || gap.contains(" - ");
        let words = gap
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '(' | ',' | '—' | '–' | '-' | ':')
            })
            .to_ascii_lowercase();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let linked = EQUIVALENT.contains(&words.as_str()) && (!words.is_empty() || paren || dash)
            || (fiat_first && words == "in");
        if (crypto_first || fiat_first) && linked {
            let (crypto, fiat) = if crypto_first { (a, b) } else { (b, a) };
            let mut end = b.end;
            if paren && text.as_bytes().get(end) == Some(&b')') {
                end += 1;
            }
            let merged = Amount {
                usd: fiat.usd,
                usd_known: true,
                mention: text.get(a.start..end).unwrap_or("").to_owned(),
                start: a.start,
                end,
                ..crypto.clone()
            };
            amounts.splice(i..i + 2, [merged]);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds the amounts in `text` the way the pipeline does: each lexicon currency pattern
    /// (leftmost-longest, case-insensitive) is a mention, then equivalents are merged.
    fn amounts(text: &str) -> Vec<Amount> {
        let pats = currency_patterns();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(pats.iter().map(|p| p.0.as_str()))
            .unwrap();
        let mut found: Vec<(usize, usize, &str)> = ac
            .find_iter(text)
            .map(|m| (m.start(), m.end(), pats[m.pattern().as_usize()].1))
            .collect();
        // A unit word that ends the text, as the sentence rules add it.
        if let Some((cs, ce, w)) = unit_at_text_end(text)
            && !found.iter().any(|&(s, e, _)| s < cs && e > cs)
        {
            found.retain(|&(s, _, _)| s < cs);
            found.push((cs, ce, w));
        }
        let mut out: Vec<Amount> =
            found.into_iter().filter_map(|(s, e, w)| parse(text, s, e, w)).collect();
        merge_equivalents(text, &mut out);
        out
    }

    /// (text, [(currency, value, usd or None when unknown, mention)]).
    type Case = (&'static str, &'static [(&'static str, f64, Option<f64>, &'static str)]);

    const CASES: &[Case] = &[
        // Currency first.
        ("stole over $3 billion in crypto", &[("USD", 3e9, Some(3e9), "over $3 billion")]),
        ("a $1.5bn heist", &[("USD", 1.5e9, Some(1.5e9), "$1.5bn")]),
        ("paid USD 600 million.", &[("USD", 6e8, Some(6e8), "USD 600 million")]),
        ("lost €20m to", &[("EUR", 20e6, Some(20e6 * 1.08), "€20m")]),
        ("a ransom of $4,400,000.", &[("USD", 4.4e6, Some(4.4e6), "$4,400,000")]),
        ("a $1.5-billion theft", &[("USD", 1.5e9, Some(1.5e9), "$1.5-billion")]),
        ("a $3 billion-plus haul", &[("USD", 3e9, Some(3e9), "$3 billion-plus")]),
        ("fined £5m pounds", &[("GBP", 5e6, Some(5e6 * 1.27), "£5m pounds")]),
        ("took US$25 million", &[("USD", 25e6, Some(25e6), "US$25 million")]),
        ("demanded $10-15 million", &[("USD", 10e6, Some(10e6), "$10-15 million")]),
        ("demanded $10 to $15 million", &[("USD", 10e6, Some(10e6), "$10 to $15 million")]),
        ("10 to 15 million dollars", &[("USD", 10e6, Some(10e6), "10 to 15 million dollars")]),
        (
            "rose from $5 million in 2022 to $10 million",
            &[("USD", 5e6, Some(5e6), "$5 million"), ("USD", 10e6, Some(10e6), "$10 million")],
        ),
        ("from 2019 to 15 million dollars", &[("USD", 15e6, Some(15e6), "15 million dollars")]),
        ("about A$2m in losses", &[("AUD", 2e6, Some(2e6 * 0.66), "about A$2m")]),
        // Number first.
        ("stole 3 billion dollars", &[("USD", 3e9, Some(3e9), "3 billion dollars")]),
        ("some 3bn US dollars", &[("USD", 3e9, Some(3e9), "some 3bn US dollars")]),
        ("paid 600 million USD", &[("USD", 6e8, Some(6e8), "600 million USD")]),
        ("lost 20 million euros", &[("EUR", 20e6, Some(20e6 * 1.08), "20 million euros")]),
        ("a 1.5 million dollar ransom", &[("USD", 1.5e6, Some(1.5e6), "1.5 million dollar")]),
        ("wired 500 dollars", &[("USD", 500.0, Some(500.0), "500 dollars")]),
        ("10-15 million dollars", &[("USD", 10e6, Some(10e6), "10-15 million dollars")]),
        (
            "2 million pounds sterling",
            &[("GBP", 2e6, Some(2e6 * 1.27), "2 million pounds sterling")],
        ),
        ("stole half a billion dollars", &[("USD", 5e8, Some(5e8), "half a billion dollars")]),
        ("nearly a million dollars", &[("USD", 1e6, Some(1e6), "nearly a million dollars")]),
        ("two billion US dollars", &[("USD", 2e9, Some(2e9), "two billion US dollars")]),
        ("lost ¥48.2 billion", &[("JPY", 48.2e9, Some(48.2e9 * 0.0067), "¥48.2 billion")]),
        ("R$3 million in fraud", &[("BRL", 3e6, Some(3e6 * 0.18), "R$3 million")]),
        ("DATA$5 paid", &[("USD", 5.0, Some(5.0), "$5")]),
        ("RMB 10 million", &[("CNY", 10e6, Some(10e6 * 0.14), "RMB 10 million")]),
        // Cryptocurrency: no USD value unless the text gives one; stablecoins are dollars.
        ("moved 1,000 BTC to", &[("BTC", 1000.0, None, "1,000 BTC")]),
        ("stole 4,000 bitcoin", &[("BTC", 4000.0, None, "4,000 bitcoin")]),
        ("drained 70,000 ETH", &[("ETH", 70000.0, None, "70,000 ETH")]),
        ("over 150,000 ether", &[("ETH", 150000.0, None, "over 150,000 ether")]),
        ("2.3 million USDT", &[("USDT", 2.3e6, Some(2.3e6), "2.3 million USDT")]),
        ("5m USDC", &[("USDC", 5e6, Some(5e6), "5m USDC")]),
        ("mined 12.5 XMR", &[("XMR", 12.5, None, "12.5 XMR")]),
        (
            "stole 1,000 BTC (about $60 million) from",
            &[("BTC", 1000.0, Some(60e6), "1,000 BTC (about $60 million)")],
        ),
        (
            "4,000 bitcoin worth $240 million",
            &[("BTC", 4000.0, Some(240e6), "4,000 bitcoin worth $240 million")],
        ),
        (
            "$60 million (1,000 BTC) was taken",
            &[("BTC", 1000.0, Some(60e6), "$60 million (1,000 BTC)")],
        ),
        // Two amounts that are not equivalents.
        (
            "$5 million and 200 BTC",
            &[("USD", 5e6, Some(5e6), "$5 million"), ("BTC", 200.0, None, "200 BTC")],
        ),
        // Not amounts.
        ("3 billion devices", &[]),
        ("in 2017 dollars", &[]),
        ("version 3 dollars", &[]),
        ("a 300 pounds bomb", &[]),
        ("whether Ethereum is safe", &[]),
        ("audit the Europe office", &[]),
        ("call 555-0100 today", &[]),
        ("the 3rd dollar", &[]),
        ("v2 dollars", &[]),
        ("1.2.3 BTC", &[]),
        ("several billion dollars", &[]),
        ("hundreds of millions of dollars", &[]),
        ("Ransomware is a billion-dollar business", &[]),
        ("The 2024 BTC halving", &[]),
        ("27 European states and 5 Ethiopian banks", &[]),
        ("either way, whether ether", &[]),
        ("targets 10 Ethereum wallets and 15 bitcoin wallets", &[]),
        ("checks for 3 BTC addresses", &[]),
        ("1 in 3 dollars paid", &[]),
        ("paid a 0.5 BTC ransom", &[("BTC", 0.5, None, "0.5 BTC")]),
        ("10 sol", &[]),
        // Crypto sums in bare digits that look like years.
        ("the group stole 2000 BTC", &[("BTC", 2000.0, None, "2000 BTC")]),
        ("laundered 1500 ETH through mixers", &[("ETH", 1500.0, None, "1500 ETH")]),
        ("a haul of about 1999 bitcoin.", &[("BTC", 1999.0, None, "about 1999 bitcoin")]),
        ("2024 USDT went missing", &[("USDT", 2024.0, Some(2024.0), "2024 USDT")]),
        (
            "sent 1,000 BTC and 2020 ETH",
            &[("BTC", 1000.0, None, "1,000 BTC"), ("ETH", 2020.0, None, "2020 ETH")],
        ),
        ("demanded the 2000 BTC ransom", &[("BTC", 2000.0, None, "2000 BTC")]),
        ("The 2100 ETH payment", &[("ETH", 2100.0, None, "2100 ETH")]),
        // Year-like sums before a fiat unit, after a word that takes a sum.
        ("the hospital paid 2000 dollars", &[("USD", 2000.0, Some(2000.0), "2000 dollars")]),
        ("the crew stole 1999 euros", &[("EUR", 1999.0, Some(2158.92), "1999 euros")]),
        ("worth about 2000 dollars", &[("USD", 2000.0, Some(2000.0), "about 2000 dollars")]),
        ("losses in 2019 dollars", &[]),
        ("In 2000 dollars were worth more", &[]),
        // ... and years before a crypto unit.
        ("in 2021 BTC fell", &[]),
        ("since 2017 ETH has", &[]),
        ("the 2021 bitcoin rally", &[]),
        ("until mid-2022 Ethereum was", &[]),
        ("In March 2022 ETH dropped", &[]),
        ("constant 2019 dollars", &[]),
        ("2021 BTC thefts topped $3 billion", &[("USD", 3e9, Some(3e9), "$3 billion")]),
        ("a 2017 bitcoin bubble", &[]),
        // A unit word that ends the text.
        ("stole 500 BTC", &[("BTC", 500.0, None, "500 BTC")]),
        ("wired 500 US dollars", &[("USD", 500.0, Some(500.0), "500 US dollars")]),
        ("lost 12 SOL", &[("SOL", 12.0, None, "12 SOL")]),
        (
            "$5 million in 2023 and 20 million euros",
            &[
                ("USD", 5e6, Some(5e6), "$5 million"),
                ("EUR", 20e6, Some(20e6 * 1.08), "20 million euros"),
            ],
        ),
        ("the bitcoin", &[]),
    ];

    #[test]
    fn amounts_table() {
        for (text, want) in CASES {
            let got: Vec<(String, f64, Option<f64>, String)> = amounts(text)
                .into_iter()
                .map(|a| (a.currency, a.value, a.usd_known.then_some(a.usd), a.mention))
                .collect();
            let want: Vec<(String, f64, Option<f64>, String)> =
                want.iter().map(|&(c, v, u, m)| (c.to_owned(), v, u, m.to_owned())).collect();
            assert_eq!(got.len(), want.len(), "{text}: {got:?}");
            for (g, w) in got.iter().zip(&want) {
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
                assert!(
                    g.0 == w.0
                        && close(g.1, w.1)
                        && g.2.zip(w.2).is_none_or(|(a, b)| close(a, b))
                        && g.2.is_some() == w.2.is_some()
                        && g.3 == w.3,
                    "{text}: got {g:?}, want {w:?}"
                );
            }
        }
    }

    #[test]
    fn unknown_usd_is_null_and_labelled_in_its_own_currency() {
        use crate::finding::Finding;
        let cases: &[(&str, serde_json::Value, (&str, &str))] = &[
            ("moved 1,000 BTC to", serde_json::Value::Null, ("BTC", "1000")),
            ("took 0.5 BTC (about $30,000)", serde_json::json!(30000), ("BTC", "30000")),
            ("paid 2.3 million USDT", serde_json::json!(2300000), ("USDT", "2300000")),
        ];
        for (text, usd, (cur, value)) in cases {
            let a = amounts(text).pop().unwrap();
            let f = Finding::Amount(a);
            assert_eq!(&f.to_json()["usd"], usd, "{text}");
            let (_, ty, v) = f.label();
            assert_eq!((ty.as_str(), v.as_str()), (*cur, *value), "{text}");
        }
    }

    #[test]
    fn unit_word_ending_the_text() {
        // (text, the mention as the text writes it, or None).
        let cases: &[(&str, Option<&str>)] = &[
            ("stole 500 BTC", Some(" BTC")),
            ("moved 500 US dollars", Some(" US dollars")),
            ("stole 20 million euros", Some(" euros")),
            ("lost 12 sol", Some(" sol")),
            ("BTC", None),
            ("a SUBTC", None),
            ("stole 500 BTC.", None),
            ("stole 500 BTC\n", None),
            ("", None),
        ];
        for &(text, want) in cases {
            let got = unit_at_text_end(text);
            assert_eq!(got.map(|(s, e, _)| &text[s..e]), want, "{text:?}");
            if let Some((_, e, w)) = got {
                assert_eq!(e, text.len(), "{text:?}");
                assert!(unit(w).is_some(), "{text:?}: {w}");
            }
        }
    }

    #[test]
    fn spans_point_at_the_mention() {
        for (text, _) in CASES {
            for a in amounts(text) {
                assert_eq!(text.get(a.start..a.end), Some(a.mention.as_str()), "{text}");
            }
        }
    }
}
