//! Cryptocurrency addresses: Bitcoin base58check and bech32/bech32m checksums, Monero shape.

use sha2::{Digest, Sha256};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58_value(b: u8) -> Option<u8> {
    BASE58.iter().position(|&c| c == b).and_then(|p| u8::try_from(p).ok())
}

pub(crate) fn is_base58(s: &[u8]) -> bool {
    s.iter().all(|&b| base58_value(b).is_some())
}

/// Decodes base58 into at most `max` bytes (leading `1`s become leading zero bytes).
fn base58_decode(s: &[u8], max: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(max);
    for &c in s {
        let mut carry = u32::from(base58_value(c)?);
        for byte in out.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xFF) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.insert(0, (carry & 0xFF) as u8);
            carry >>= 8;
        }
        if out.len() > max {
            return None;
        }
    }
    let zeros = s.iter().take_while(|&&c| c == b'1').count();
    let mut full = vec![0u8; zeros];
    full.extend(out);
    (full.len() <= max).then_some(full)
}

/// A legacy (P2PKH `1…`) or script (P2SH `3…`) address with a valid double-SHA256 checksum.
pub(crate) fn is_btc_base58(s: &[u8]) -> bool {
    if !(26..=35).contains(&s.len()) || !matches!(s.first(), Some(b'1' | b'3')) {
        return false;
    }
    let Some(raw) = base58_decode(s, 25) else { return false };
    if raw.len() != 25 || !matches!(raw.first(), Some(0x00 | 0x05)) {
        return false;
    }
    let (payload, check) = raw.split_at(21);
    let digest = Sha256::digest(Sha256::digest(payload));
    digest.get(..4) == Some(check)
}

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GEN: [u32; 5] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// A segwit address (`bc1…`): bech32 for witness version 0, bech32m for versions 1 to 16.
pub(crate) fn is_btc_bech32(s: &[u8]) -> bool {
    if !(14..=74).contains(&s.len()) {
        return false;
    }
    let lower = s.iter().all(|b| !b.is_ascii_uppercase());
    let upper = s.iter().all(|b| !b.is_ascii_lowercase());
    if !lower && !upper {
        return false;
    }
    let s: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
    let Some(sep) = s.iter().rposition(|&b| b == b'1') else { return false };
    let (hrp, data) = (s.get(..sep).unwrap_or(&[]), s.get(sep + 1..).unwrap_or(&[]));
    if hrp != b"bc" || data.len() < 6 + 1 {
        return false;
    }
    let mut values = Vec::with_capacity(data.len());
    for &c in data {
        let Some(v) = BECH32_CHARSET.iter().position(|&x| x == c) else { return false };
        values.push(v as u8);
    }
    let expanded = hrp.iter().map(|c| c >> 5).chain([0]).chain(hrp.iter().map(|c| c & 31));
    let check = polymod(expanded.chain(values.iter().copied()));
    let version = values.first().copied().unwrap_or(255);
    let program_len = (values.len() - 1 - 6) * 5 / 8;
    match version {
        0 => check == 1 && (program_len == 20 || program_len == 32),
        1..=16 => check == 0x2bc8_30a3 && (2..=40).contains(&program_len),
        _ => false,
    }
}

/// A Monero standard (95 characters) or integrated (106) address starting with 4 or 8.
pub(crate) fn is_xmr(s: &[u8]) -> bool {
    (s.len() == 95 || s.len() == 106) && matches!(s.first(), Some(b'4' | b'8')) && is_base58(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitcoin() {
        assert!(is_btc_base58(b"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(is_btc_base58(b"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(!is_btc_base58(b"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(is_btc_bech32(b"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
        assert!(is_btc_bech32(b"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
        assert!(is_btc_bech32(b"bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"));
        assert!(!is_btc_bech32(b"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"));
    }
}
