//! Event times of log records, normalized to STIX timestamps (RFC 3339 UTC with `Z`).
//!
//! | Source | Written as | Example |
//! |---|---|---|
//! | Zeek TSV, Zeek JSON | Unix seconds with a fraction | `1700000000.123456` |
//! | Zeek JSON (`use_json` with ISO 8601 times) | RFC 3339 | `2023-11-14T22:13:20.123456Z` |
//! | Suricata EVE | ISO 8601 with a numeric offset | `2023-11-14T23:13:20.123456+0100` |
//! | JSON lines, CSV | any of the above, or Unix milliseconds | `1700000000123` |
//!
//! Keys looked at, in order: `ts`, `timestamp`, `@timestamp`, `time`, `event_time`, `date`.

use stix::Timestamp;

/// Record keys (JSON) and column names (CSV) that hold the event time, most specific first.
pub const TIME_KEYS: [&str; 6] = ["ts", "timestamp", "@timestamp", "time", "event_time", "date"];

/// Parses an event time as logs write it; `None` when it is not one.
pub fn parse(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 64 {
        return None;
    }
    if raw.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return unix(raw);
    }
    iso(raw)
}

/// A time as the STIX timestamp string a [`crate::Hit`] carries.
pub fn normalize(raw: &str) -> Option<String> {
    parse(raw).map(|t| t.to_string())
}

/// Unix seconds (9 or 10 digits: 1973 to 2286) with an optional fraction; a bare 13-digit
/// integer is milliseconds. Shorter numbers (counts, ports) are not times.
fn unix(raw: &str) -> Option<Timestamp> {
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    let millis = frac.is_empty() && int.len() == 13;
    if !(matches!(int.len(), 9 | 10) || millis) || frac.contains('.') {
        return None;
    }
    let value: i64 = int.parse().ok()?;
    if millis {
        return Some(Timestamp::from_unix_millis(value));
    }
    let digits = frac.get(..frac.len().min(9))?;
    let precision = digits.len() as u8;
    let nanos = if digits.is_empty() {
        0
    } else {
        digits.parse::<u32>().ok()? * 10u32.pow(9 - u32::from(precision))
    };
    Some(Timestamp::from_unix(value, nanos, precision))
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]`; no zone is taken as UTC.
fn iso(raw: &str) -> Option<Timestamp> {
    let b = raw.as_bytes();
    if b.len() < 19 || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let date = raw.get(..10)?;
    let clock = raw.get(11..19)?;
    let mut i = 19;
    let mut frac = "";
    if b.get(i) == Some(&b'.') {
        let end =
            b.get(i + 1..)?.iter().position(|c| !c.is_ascii_digit()).map_or(b.len(), |p| p + i + 1);
        frac = raw.get(i + 1..end)?;
        if frac.is_empty() {
            return None;
        }
        i = end;
    }
    let zone = raw.get(i..)?;
    let offset: i64 = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let digits: String = zone.get(1..)?.chars().filter(|&c| c != ':').collect();
            if !matches!(digits.len(), 2 | 4) || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let hours: i64 = digits.get(..2)?.parse().ok()?;
            let minutes: i64 =
                digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let frac = frac.get(..frac.len().min(9))?;
    let text = if frac.is_empty() {
        format!("{date}T{clock}Z")
    } else {
        format!("{date}T{clock}.{frac}Z")
    };
    let t = Timestamp::parse(&text).ok()?;
    if offset == 0 {
        return Some(t);
    }
    Some(Timestamp::from_unix(t.unix_seconds() - offset, t.subsec_nanos(), t.precision()))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn times() {
        let cases: &[(&str, Option<&str>)] = &[
            ("1700000000.123456", Some("2023-11-14T22:13:20.123456Z")),
            ("1700000000", Some("2023-11-14T22:13:20Z")),
            ("1700000000123", Some("2023-11-14T22:13:20.123Z")),
            ("2023-11-14T23:13:20.123456+0100", Some("2023-11-14T22:13:20.123456Z")),
            ("2023-11-14T20:13:20.5-02:00", Some("2023-11-14T22:13:20.5Z")),
            ("2023-11-14 22:13:20", Some("2023-11-14T22:13:20Z")),
            ("2023-11-14T22:13:20Z", Some("2023-11-14T22:13:20Z")),
            ("2023-11-14T22:13:20.123456789123Z", Some("2023-11-14T22:13:20.123456789Z")),
            ("2023-11-14T23:13:20+01", Some("2023-11-14T22:13:20Z")),
            // Not times.
            ("", None),
            ("-", None),
            ("1.2.3", None),
            ("443", None),
            ("80.5", None),
            ("99999999999999", None),
            ("2023-13-14T22:13:20Z", None),
            ("2023-11-14T22:13:20+2500", None),
            ("2023-11-14T22:13:20.Z", None),
            ("2023-11-14", None),
            ("yesterday", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize(raw).as_deref(), *expected, "{raw:?}");
        }
    }
}
