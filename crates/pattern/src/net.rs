//! IPv4 and IPv6 addresses and CIDR blocks for `ISSUBSET` / `ISSUPERSET` and the CIDR index.

use std::net::Ipv6Addr;

/// An address or block: the address bits left-aligned in a `u128`, the family and prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Net {
    pub v6: bool,
    /// Address bits, left-aligned (an IPv4 address occupies the top 32 bits).
    pub bits: u128,
    pub prefix: u8,
}

impl Net {
    /// Parses `addr` or `addr/prefix`. IPv4 addresses are accepted in the forms `inet_aton`
    /// accepts (the reference matcher's parser), e.g. `10.1` = `10.0.0.1`.
    /// As in the reference, a block's prefix must be at least 1.
    pub fn parse(s: &str) -> Option<Net> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => {
                if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                (a, Some(p.parse::<u8>().ok()?))
            }
            None => (s, None),
        };
        if addr.contains(':') {
            let ip: Ipv6Addr = addr.parse().ok()?;
            let prefix = prefix.unwrap_or(128);
            if prefix == 0 || prefix > 128 {
                return None;
            }
            return Some(Net { v6: true, bits: u128::from(ip), prefix });
        }
        let ip = inet_aton(addr)?;
        let prefix = prefix.unwrap_or(32);
        if prefix == 0 || prefix > 32 {
            return None;
        }
        Some(Net { v6: false, bits: u128::from(ip) << 96, prefix })
    }

    /// Parses a plain dotted-quad IPv4 or an IPv6 address, strictly (for indexing log values).
    pub fn parse_strict(s: &str) -> Option<Net> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (s, None),
        };
        if let Ok(ip) = addr.parse::<std::net::Ipv4Addr>() {
            let prefix = prefix.unwrap_or(32);
            (prefix <= 32).then(|| Net { v6: false, bits: u128::from(u32::from(ip)) << 96, prefix })
        } else {
            let ip: Ipv6Addr = addr.parse().ok()?;
            let prefix = prefix.unwrap_or(128);
            (prefix <= 128).then(|| Net { v6: true, bits: u128::from(ip), prefix })
        }
    }

    fn mask(prefix: u8) -> u128 {
        if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) }
    }

    /// The network address (host bits cleared).
    pub fn network(&self) -> u128 {
        self.bits & Net::mask(self.prefix)
    }

    /// Is `self` (an address or block) inside `container`? Different families never are.
    pub fn within(&self, container: &Net) -> bool {
        self.v6 == container.v6
            && container.prefix <= self.prefix
            && (self.bits & Net::mask(container.prefix)) == container.network()
    }
}

/// `inet_aton`: one to four parts in decimal, octal (`0` prefix) or hex (`0x`); the last part
/// fills the remaining bytes.
fn inet_aton(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut nums = Vec::with_capacity(4);
    for p in &parts {
        let (digits, radix) = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X"))
        {
            (h, 16)
        } else if p.len() > 1 && p.starts_with('0') {
            (&p[1..], 8)
        } else {
            (*p, 10)
        };
        if p.is_empty() || (digits.is_empty() && radix != 16) {
            return None;
        }
        let v = if digits.is_empty() { 0 } else { u64::from_str_radix(digits, radix).ok()? };
        nums.push(v);
    }
    let (last, head) = nums.split_last()?;
    let mut acc: u64 = 0;
    for (i, v) in head.iter().enumerate() {
        if *v > 255 {
            return None;
        }
        acc |= v << (24 - 8 * i);
    }
    let room = 32 - 8 * head.len() as u32;
    if *last >= 1u64 << room {
        return None;
    }
    Some((acc | last) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &str, b: &str, expected: Option<bool>) {
        let got = Net::parse(a).zip(Net::parse(b)).map(|(a, b)| a.within(&b));
        assert_eq!(got, expected, "{a} within {b}");
    }

    #[test]
    fn subsets() {
        check("11.22.33.44", "11.22.33.44/20", Some(true));
        check("11.22.63.44", "11.22.33.44/20", Some(false));
        check("11.22.33.44/24", "11.22.33.44/20", Some(true));
        check("11.22.33.44/16", "11.22.33.44/20", Some(false));
        check("10.1", "10.0.0.0/8", Some(true));
        check("2001:db8::1", "2001:db8::/32", Some(true));
        check("2001:db9::1", "2001:db8::/32", Some(false));
        check("10.0.0.1", "2001:db8::/32", Some(false));
        check("10.0.0.1", "10.0.0.0/0", None);
        check("300.0.0.1", "10.0.0.0/8", None);
        check("foo", "10.0.0.0/8", None);
    }
}
