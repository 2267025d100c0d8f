//! IP addresses: parsing dotted quads and IPv6 text, and flagging special-purpose ranges.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Flag;

/// Parses a dotted quad of exactly four decimal parts, each 0..=255 with at most three digits.
pub(crate) fn parse_ipv4(s: &[u8]) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let mut n = 0;
    for part in s.split(|&b| b == b'.') {
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v = part.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        let slot = parts.get_mut(n)?;
        *slot = u8::try_from(v).ok()?;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(parts))
}

/// Flags for an IPv4 address.
pub(crate) fn ipv4_flags(ip: Ipv4Addr) -> Vec<Flag> {
    let o = ip.octets();
    let mut f = Vec::new();
    if ip.is_private() || (o[0] == 100 && (o[1] & 0xC0) == 64) {
        f.push(Flag::Private);
    }
    if ip.is_loopback() {
        f.push(Flag::Loopback);
    }
    if ip.is_link_local() {
        f.push(Flag::LinkLocal);
    }
    if ip.is_multicast() {
        f.push(Flag::Multicast);
    }
    if ip.is_documentation() {
        f.push(Flag::Documentation);
    }
    if ip.is_broadcast() {
        f.push(Flag::Broadcast);
    } else if o[0] >= 240 || o[0] == 0 || (o[0] == 198 && (o[1] & 0xFE) == 18) {
        f.push(Flag::Reserved);
    }
    if ip.is_unspecified() {
        f.push(Flag::Unspecified);
    }
    f
}

/// Flags for an IPv6 address.
pub(crate) fn ipv6_flags(ip: Ipv6Addr) -> Vec<Flag> {
    let s = ip.segments();
    let mut f = Vec::new();
    if ip.is_unspecified() {
        f.push(Flag::Unspecified);
    }
    if ip.is_loopback() {
        f.push(Flag::Loopback);
    }
    if (s[0] & 0xFE00) == 0xFC00 {
        f.push(Flag::Private);
    }
    if (s[0] & 0xFFC0) == 0xFE80 {
        f.push(Flag::LinkLocal);
    }
    if ip.is_multicast() {
        f.push(Flag::Multicast);
    }
    if s[0] == 0x2001 && s[1] == 0x0DB8 || (s[0] == 0x3FFF && s[1] < 0x1000) {
        f.push(Flag::Documentation);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        f.extend(ipv4_flags(v4));
    }
    f
}

/// Parses IPv6 text that looks like an address someone wrote on purpose: eight groups, or a
/// `::` with at least two groups, or `::1`-style forms. Clock times (`12:30:45`) and MAC
/// addresses (six groups, no `::`) fail.
pub(crate) fn parse_ipv6(s: &[u8]) -> Option<Ipv6Addr> {
    let text = std::str::from_utf8(s).ok()?;
    let ip: Ipv6Addr = text.parse().ok()?;
    let groups = text.split(':').filter(|g| !g.is_empty()).count();
    let compressed = text.contains("::");
    let ok = if compressed {
        groups >= 2 || (text.starts_with("::") && groups == 1)
    } else {
        // Eight groups, or six plus an embedded IPv4 address.
        groups == 8 || text.contains('.')
    };
    ok.then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4() {
        assert_eq!(parse_ipv4(b"185.220.101.4"), Some(Ipv4Addr::new(185, 220, 101, 4)));
        for bad in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1234.1.1.1", ""] {
            assert_eq!(parse_ipv4(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(ipv4_flags(Ipv4Addr::new(192, 0, 2, 1)), vec![Flag::Documentation]);
        assert_eq!(ipv4_flags(Ipv4Addr::new(10, 0, 0, 1)), vec![Flag::Private]);
        assert_eq!(ipv4_flags(Ipv4Addr::new(8, 8, 8, 8)), vec![]);
    }

    #[test]
    fn ipv6() {
        assert!(parse_ipv6(b"2001:db8::1").is_some());
        assert!(parse_ipv6(b"::1").is_some());
        assert!(parse_ipv6(b"fe80:0:0:0:0:0:0:1").is_some());
        assert!(parse_ipv6(b"12:30:45").is_none());
        assert!(parse_ipv6(b"00:1a:2b:3c:4d:5e").is_none());
        assert_eq!(
            ipv6_flags(parse_ipv6(b"2001:db8::1").unwrap_or(Ipv6Addr::UNSPECIFIED)),
            vec![Flag::Documentation]
        );
    }
}
