//! STIX timestamps: RFC 3339 in UTC with a `Z`, keeping the fractional precision they were
//! written with, so `2016-01-01T00:00:00.000Z` round-trips as three digits and `...00Z` as none.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time with the number of fractional-second digits it was written with (0–9).
///
/// Equality and ordering compare the instant only: `00.000Z` equals `00Z`.
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    /// Seconds since the Unix epoch. A leap second (`:60`) is stored as `:59` with `leap` set,
    /// so it sorts after `:59` and before the next minute, and is written back as `:60`.
    secs: i64,
    nanos: u32,
    precision: u8,
    leap: bool,
}

/// Why a string is not a STIX timestamp.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)")]
pub struct TimestampError(pub String);

impl Timestamp {
    /// Builds a timestamp from Unix seconds and nanoseconds with the given precision.
    /// Digits beyond `precision` are truncated.
    pub fn from_unix(secs: i64, nanos: u32, precision: u8) -> Self {
        let precision = precision.min(9);
        let nanos = nanos.min(999_999_999);
        let unit = 10u32.pow(9 - u32::from(precision));
        Timestamp { secs, nanos: nanos - nanos % unit, precision, leap: false }
    }

    /// Millisecond precision, as STIX producers usually write.
    pub fn from_unix_millis(millis: i64) -> Self {
        let secs = millis.div_euclid(1000);
        let nanos = (millis.rem_euclid(1000) * 1_000_000) as u32;
        Timestamp::from_unix(secs, nanos, 3)
    }

    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }

    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Number of fractional digits this timestamp is written with.
    pub fn precision(&self) -> u8 {
        self.precision
    }

    /// The same instant written with `precision` fractional digits (truncating).
    pub fn with_precision(self, precision: u8) -> Self {
        Timestamp { leap: self.leap, ..Timestamp::from_unix(self.secs, self.nanos, precision) }
    }

    /// Nanoseconds since the epoch, for arithmetic in the pattern evaluator.
    pub fn unix_nanos(&self) -> i128 {
        i128::from(self.secs + i64::from(self.leap)) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// Parses a STIX timestamp. Requires upper-case `T` and `Z`, two-digit fields and a valid
    /// calendar date; a leap second (`:60`) is accepted as RFC 3339 allows it.
    pub fn parse(s: &str) -> Result<Self, TimestampError> {
        parse(s).ok_or_else(|| TimestampError(s.chars().take(64).collect()))
    }

    /// The calendar fields in UTC: (year, month, day, hour, minute, second).
    pub fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem / 60 % 60, rem % 60 + u32::from(self.leap))
    }
}

impl Timestamp {
    fn key(&self) -> (i64, bool, u32) {
        (self.secs, self.leap, self.nanos)
    }
}

fn parse(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[range] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(i64::from(year), month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let rest = &b[19..];
    let (frac, tail) = match rest.first() {
        Some(b'.') => {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            (&rest[1..1 + digits], &rest[1 + digits..])
        }
        _ => (&rest[..0], rest),
    };
    if tail != b"Z" {
        return None;
    }
    let mut nanos = 0u32;
    for i in 0..9 {
        nanos = nanos * 10 + frac.get(i).map_or(0, |c| u32::from(c - b'0'));
    }
    let days = days_from_civil(i64::from(year), month, day);
    let leap = second == 60;
    let second = second.min(59);
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    Some(Timestamp { secs, nanos, precision: frac.len() as u8, leap })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")?;
        if self.precision > 0 {
            let digits = format!("{:09}", self.nanos);
            write!(f, ".{}", &digits[..usize::from(self.precision)])?;
        }
        f.write_str("Z")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Timestamp {}
impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}
impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = Timestamp::parse(input).ok().map(|t| t.to_string());
        assert_eq!(got.as_deref(), expected, "{input}");
    }

    #[test]
    fn parses_and_keeps_precision() {
        check("2016-05-12T08:17:27.000Z", Some("2016-05-12T08:17:27.000Z"));
        check("2016-05-12T08:17:27Z", Some("2016-05-12T08:17:27Z"));
        check("2016-05-12T08:17:27.123456789Z", Some("2016-05-12T08:17:27.123456789Z"));
        check("2016-05-12T08:17:27.1Z", Some("2016-05-12T08:17:27.1Z"));
        check("2020-02-29T00:00:00Z", Some("2020-02-29T00:00:00Z"));
        check("1969-12-31T23:59:59.5Z", Some("1969-12-31T23:59:59.5Z"));
        check("0001-01-01T00:00:00Z", Some("0001-01-01T00:00:00Z"));
        check("2016-12-31T23:59:60.5Z", Some("2016-12-31T23:59:60.5Z"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "2016-05-12T08:17:27",
            "2016-05-12 08:17:27Z",
            "2016-05-12T08:17:27+00:00",
            "2016-13-12T08:17:27Z",
            "2019-02-29T00:00:00Z",
            "2016-05-12T24:00:00Z",
            "2016-05-12T08:17:27.Z",
            "2016-05-12T08:17:27.1234567890Z",
            "2016-05-12t08:17:27z",
            "２016-05-12T08:17:27Z",
            "",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn equality_ignores_precision() {
        let a = Timestamp::parse("2016-05-12T08:17:27.000Z").unwrap();
        let b = Timestamp::parse("2016-05-12T08:17:27Z").unwrap();
        assert_eq!(a, b);
        assert!(Timestamp::parse("2016-05-12T08:17:27.001Z").unwrap() > b);
        let leap = Timestamp::parse("2016-12-31T23:59:60Z").unwrap();
        assert!(leap > Timestamp::parse("2016-12-31T23:59:59.999Z").unwrap());
        assert!(leap < Timestamp::parse("2017-01-01T00:00:00Z").unwrap());
    }

    #[test]
    fn round_trips_civil_dates() {
        for days in [-800_000i64, -1, 0, 1, 11_016, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
