//! Hand-written checks for the string formats STIX properties use. Each is a single pass over
//! the bytes: no regular expressions, no allocation.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::vocab;

/// The type part of a STIX identifier `type--UUID` (§2.9), or `None` if `s` is not one.
/// The UUID must be RFC 4122 (version 1–5, variant `10xx`); hex digits of either case.
pub(crate) fn identifier_type(s: &str) -> Option<&str> {
    let (ty, uuid) = s.rsplit_once("--")?;
    if !is_type_name(ty) || uuid_version(uuid).is_none() {
        return None;
    }
    Some(ty)
}

/// The version digit of an RFC 4122 UUID, or `None` when `s` is not one.
pub(crate) fn uuid_version(s: &str) -> Option<u8> {
    let b = s.as_bytes();
    if b.len() != 36 {
        return None;
    }
    for (i, &c) in b.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        };
        if !ok {
            return None;
        }
    }
    let version = b[14];
    let variant = b[19].to_ascii_lowercase();
    if !(b'1'..=b'5').contains(&version) || !matches!(variant, b'8' | b'9' | b'a' | b'b') {
        return None;
    }
    Some(version - b'0')
}

/// §3.1 object type names: 3–250 characters, starting with a letter, `a-z0-9` runs joined by
/// single hyphens (a trailing hyphen is tolerated, as the OASIS schema does).
pub(crate) fn is_type_name(s: &str) -> bool {
    let b = s.as_bytes();
    if !(3..=250).contains(&b.len()) || !b[0].is_ascii_lowercase() {
        return false;
    }
    let mut prev_hyphen = false;
    for &c in b {
        match c {
            b'-' if prev_hyphen => return false,
            b'-' => prev_hyphen = true,
            b'a'..=b'z' | b'0'..=b'9' => prev_hyphen = false,
            _ => return false,
        }
    }
    true
}

/// §3.1 property names: 3–250 characters of `a-z0-9_`, starting with a letter.
pub(crate) fn is_property_name(s: &str) -> bool {
    let b = s.as_bytes();
    (3..=250).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// Dictionary keys (§2.6): at most 250 ASCII letters, digits, `_` and `-`.
pub(crate) fn is_dictionary_key(s: &str) -> bool {
    s.len() <= 250 && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// Lower-case letters, digits and hyphens: the SHOULD format of open-vocabulary values.
pub(crate) fn is_vocab_format(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// RFC 4648 base64 with padding, non-empty.
pub(crate) fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !b.len().is_multiple_of(4) {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    b[..b.len() - pad].iter().all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// An even, non-zero number of hex digits.
pub(crate) fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(2) && s.bytes().all(|c| c.is_ascii_hexdigit())
}

fn is_decimal_in(s: &str, max: u32) -> bool {
    !s.is_empty()
        && s.len() <= 3
        && s.bytes().all(|c| c.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.parse::<u32>().is_ok_and(|n| n <= max)
}

/// An IPv4 address or CIDR block in dotted-quad form without leading zeros.
pub(crate) fn is_ipv4(s: &str) -> bool {
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    addr.split('.').count() == 4
        && addr.split('.').all(|octet| is_decimal_in(octet, 255))
        && addr.parse::<Ipv4Addr>().is_ok()
        && prefix.is_none_or(|p| is_decimal_in(p, 32))
}

/// An IPv6 address (with optional zone) or CIDR block.
pub(crate) fn is_ipv6(s: &str) -> bool {
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let addr = addr.split_once('%').map_or(addr, |(a, _)| a);
    addr.parse::<Ipv6Addr>().is_ok() && prefix.is_none_or(|p| is_decimal_in(p, 128))
}

/// A MAC address: six lower-case hex pairs separated by colons.
pub(crate) fn is_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b.iter().enumerate().all(|(i, &c)| {
            if i % 3 == 2 { c == b':' } else { c.is_ascii_digit() || (b'a'..=b'f').contains(&c) }
        })
}

/// An absolute URI (RFC 3986): a scheme, a colon, and no characters URIs cannot contain.
pub(crate) fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let sb = scheme.as_bytes();
    !sb.is_empty()
        && sb[0].is_ascii_alphabetic()
        && sb.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && rest.bytes().all(|c| c > 0x20 && c != 0x7f && !matches!(c, b'<' | b'>' | b'"' | b' '))
}

/// An addr-spec email address (`local@domain.tld`), without display name or angle brackets.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.bytes().all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        });
    local_ok && domain_ok
}

/// A MIME type whose top-level type is one IANA registers.
pub(crate) fn is_mime_type(s: &str) -> bool {
    let Some((top, sub)) = s.split_once('/') else { return false };
    matches!(
        top,
        "application"
            | "audio"
            | "font"
            | "image"
            | "message"
            | "model"
            | "multipart"
            | "text"
            | "video"
    ) && sub
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'_' | b'-'))
}

/// A character set name from the IANA registry.
pub(crate) fn is_charset(s: &str) -> bool {
    vocab::IANA_CHARSETS.binary_search(&s).is_ok()
        || vocab::IANA_CHARSETS.iter().any(|c| c.eq_ignore_ascii_case(s))
}

/// An RFC 5646 language tag whose primary language subtag is an ISO 639 code.
pub(crate) fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok = match primary.len() {
        2 => vocab::ISO_639_1.binary_search(&primary).is_ok(),
        3 => vocab::ISO_639_2.binary_search(&primary).is_ok(),
        _ => false,
    };
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

/// A CPE 2.3 formatted string: `cpe:2.3:part:vendor:product:version:update:edition:language:
/// sw_edition:target_sw:target_hw:other`, thirteen colon-separated fields (`\:` is escaped).
pub(crate) fn is_cpe23(s: &str) -> bool {
    let mut fields = Vec::with_capacity(13);
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b':' => {
                fields.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    fields.push(s.get(start..).unwrap_or(""));
    fields.len() == 13
        && fields[0] == "cpe"
        && fields[1] == "2.3"
        && matches!(fields[2], "a" | "h" | "o" | "*" | "-")
        && fields[3..].iter().all(|f| !f.is_empty())
}

/// §6.13: registry keys are written with full hive names, not `HKLM` and friends.
pub(crate) fn is_abbreviated_registry_key(s: &str) -> bool {
    let hive = s.split('\\').next().unwrap_or("");
    ["HKLM", "HKCC", "HKCR", "HKCU", "HKU"].iter().any(|a| hive.eq_ignore_ascii_case(a))
}

/// The expected hex length of the hash algorithms whose format the specification fixes.
pub(crate) fn hash_hex_len(algorithm: &str) -> Option<usize> {
    match algorithm {
        "MD5" => Some(32),
        "SHA-1" => Some(40),
        "SHA-256" | "SHA3-256" => Some(64),
        "SHA-512" | "SHA3-512" => Some(128),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&str) -> bool, good: &[&str], bad: &[&str]) {
        for s in good {
            assert!(f(s), "should accept {s:?}");
        }
        for s in bad {
            assert!(!f(s), "should reject {s:?}");
        }
    }

    #[test]
    fn formats() {
        check(
            is_ipv4,
            &["1.2.3.4", "192.168.0.0/16", "0.0.0.0/0", "255.255.255.255/32"],
            &[
                "999.999.999.999",
                "192.168.0.1/",
                "192.168.0.1/33",
                "192.168.0.1/a",
                "192.168.0.1/01",
                "01.2.3.4",
            ],
        );
        check(
            is_ipv6,
            &["::1", "fe80:0000:0000:0000:0204:61ff:fe9d:f156", "2001:db8::/32", "fe80::1%eth0"],
            &["foo", "fe80::1/", "fe80::1/129", "fe80::1/a", "fe80::1/00", "fe80::1/03"],
        );
        check(is_mac, &["d2:fb:49:24:37:18"], &["D2:FB:49:24:37:18", "d2-fb-49-24-37-18"]);
        check(
            is_uri,
            &["http://example.com/a?b=c", "mailto:a@b.c"],
            &["foo", "www.g.com", "http:// x"],
        );
        check(is_email, &["jdoe@example.com"], &["John Doe <jdoe@example.com>", "jdoe", "a@b"]);
        check(is_base64, &["iVBORw0KGgo=", "aGk="], &["failing test", "", "a==="]);
        check(is_hex, &["0aFF"], &["0", "xyz", ""]);
        check(
            is_language_tag,
            &["en", "en-US", "es", "zh-Hant-TW", "deu"],
            &["foo", "bbb", "español", ""],
        );
        check(is_charset, &["UTF-8", "utf-8", "ISO-8859-1"], &["bla.bla.bla"]);
        check(
            is_type_name,
            &["indicator", "x-foo-bar", "abc-"],
            &["ab", "corpo_ration", "X-foo", "a--b"],
        );
        check(is_property_name, &["name", "x_foo_bar"], &["mp", "x-something", "9ome", "Abc"]);
        check(
            is_cpe23,
            &["cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*"],
            &["invalid", "cpe:2.3:z:a:b:c:d:e:f:g:h:i:j", "cpe:/a:microsoft:word"],
        );
        check(
            is_abbreviated_registry_key,
            &["HKLM\\system", "hkcu"],
            &["HKEY_LOCAL_MACHINE\\System"],
        );
    }

    #[test]
    fn identifiers() {
        assert_eq!(
            identifier_type("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
            Some("indicator")
        );
        assert_eq!(identifier_type("tool--blablabla"), None);
        assert_eq!(identifier_type("indicator--a932fcc6-e032-176c-126f-cb970a5a1adf"), None);
        assert_eq!(uuid_version("fdd60b30-b67c-11e3-b0b9-f01faf20d111"), Some(1));
        assert_eq!(uuid_version("ff1e0780-358c-5808-a8c7-d0fca4ef6ef4"), Some(5));
    }
}
