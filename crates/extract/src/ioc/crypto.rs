//! Cryptocurrency addresses: Bitcoin base58check and bech32/bech32m checksums, Monero base58
//! with its Keccak-256 checksum, Ethereum EIP-55 mixed-case checksums.

use sha2::{Digest, Sha256};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58_value(b: u8) -> Option<u8> {
    BASE58.iter().position(|&c| c == b).and_then(|p| u8::try_from(p).ok())
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

/// Keccak-f[1600] round constants.
const KECCAK_RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// Rotation offsets of the rho step, in the order the pi step visits the lanes.
const KECCAK_ROTC: [u32; 24] =
    [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
/// Lane visiting order of the pi step.
const KECCAK_PILN: [usize; 24] =
    [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

/// The Keccak-f[1600] permutation over 25 little-endian lanes.
fn keccak_f(a: &mut [u64; 25]) {
    for rc in KECCAK_RC {
        // Theta.
        let mut c = [0u64; 5];
        for (x, cx) in c.iter_mut().enumerate() {
            *cx = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[x + 5 * y] ^= d;
            }
        }
        // Rho and pi.
        let mut t = a[1];
        for (&j, &r) in KECCAK_PILN.iter().zip(KECCAK_ROTC.iter()) {
            let next = a[j];
            a[j] = t.rotate_left(r);
            t = next;
        }
        // Chi.
        for y in 0..5 {
            let row = [a[5 * y], a[5 * y + 1], a[5 * y + 2], a[5 * y + 3], a[5 * y + 4]];
            for x in 0..5 {
                a[5 * y + x] = row[x] ^ (!row[(x + 1) % 5] & row[(x + 2) % 5]);
            }
        }
        // Iota.
        a[0] ^= rc;
    }
}

/// Keccak-256 as Monero and Ethereum use it: the original Keccak padding (`0x01`), not the
/// SHA-3 one (`0x06`).
pub(crate) fn keccak256(data: &[u8]) -> [u8; 32] {
    sponge256(data, 0x01)
}

/// The Keccak sponge at rate 136 with 256 bits out; `pad` is the domain byte (0x01 Keccak,
/// 0x06 SHA3-256).
fn sponge256(data: &[u8], pad: u8) -> [u8; 32] {
    const RATE: usize = 136;
    let mut state = [0u64; 25];
    let absorb = |state: &mut [u64; 25], block: &[u8]| {
        for (lane, chunk) in state.iter_mut().zip(block.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *lane ^= u64::from_le_bytes(b);
        }
        keccak_f(state);
    };
    let mut blocks = data.chunks_exact(RATE);
    for block in blocks.by_ref() {
        absorb(&mut state, block);
    }
    let rest = blocks.remainder();
    let mut last = [0u8; RATE];
    last[..rest.len()].copy_from_slice(rest);
    last[rest.len()] ^= pad;
    last[RATE - 1] ^= 0x80;
    absorb(&mut state, &last);
    let mut out = [0u8; 32];
    for (chunk, lane) in out.chunks_exact_mut(8).zip(state.iter()) {
        chunk.copy_from_slice(&lane.to_le_bytes());
    }
    out
}

/// Characters per Monero base58 block, indexed by the block's byte count (a full block is 8
/// bytes in 11 characters).
const XMR_BLOCK_CHARS: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];

/// Monero's block-wise base58: each 8-byte block is encoded on its own, big-endian, in 11
/// characters; the last block is shorter.
fn xmr_base58_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 11 * 8 + 8);
    for block in s.chunks(11) {
        let bytes = XMR_BLOCK_CHARS.iter().position(|&n| n == block.len())?;
        let mut v: u128 = 0;
        for &c in block {
            v = v * 58 + u128::from(base58_value(c)?);
        }
        if bytes < 8 && v >> (8 * bytes) != 0 {
            return None;
        }
        if v > u128::from(u64::MAX) {
            return None;
        }
        let be = (v as u64).to_be_bytes();
        out.extend_from_slice(be.get(8 - bytes..)?);
    }
    Some(out)
}

/// A Monero main-network address: standard (95 characters, `4…`), subaddress (95, `8…`) or
/// integrated (106, `4…`), whose last 4 decoded bytes are the first 4 bytes of the Keccak-256
/// of the rest.
pub(crate) fn is_xmr(s: &[u8]) -> bool {
    if !((s.len() == 95 || s.len() == 106) && matches!(s.first(), Some(b'4' | b'8'))) {
        return false;
    }
    let Some(raw) = xmr_base58_decode(s) else { return false };
    // Network prefixes (one-byte varints): 18 standard, 19 integrated, 42 subaddress.
    let prefix_ok = matches!((raw.len(), raw.first()), (69, Some(18 | 42)) | (77, Some(19)));
    if !prefix_ok {
        return false;
    }
    let (body, check) = raw.split_at(raw.len() - 4);
    keccak256(body).get(..4) == Some(check)
}

/// For a `0x` + 40 hex digits Ethereum address: whether its letters' case follows EIP-55.
/// All-lower and all-upper addresses carry no checksum and pass.
pub(crate) fn eth_checksum_ok(s: &[u8]) -> bool {
    let Some(hex) = s.get(2..) else { return false };
    let has_lower = hex.iter().any(u8::is_ascii_lowercase);
    let has_upper = hex.iter().any(u8::is_ascii_uppercase);
    if !(has_lower && has_upper) {
        return true;
    }
    let lower: Vec<u8> = hex.iter().map(u8::to_ascii_lowercase).collect();
    let hash = keccak256(&lower);
    hex.iter().enumerate().all(|(i, &c)| {
        if !c.is_ascii_alphabetic() {
            return true;
        }
        let nibble = hash.get(i / 2).map_or(0, |b| if i % 2 == 0 { b >> 4 } else { b & 0x0f });
        c.is_ascii_uppercase() == (nibble >= 8)
    })
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

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn keccak_vectors() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            (b"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ];
        for (input, want) in cases {
            assert_eq!(hex(&keccak256(input)), *want);
        }
        // The same permutation with SHA3's domain byte gives SHA3-256: inputs at and around the
        // 136-byte rate check the padding and multi-block paths.
        let sha3: &[(usize, &str)] = &[
            (135, "8094bb53c44cfb1e67b7c30447f9a1c33696d2463ecc1d9c92538913392843c9"),
            (136, "3fc5559f14db8e453a0a3091edbd2bc25e11528d81c66fa570a4efdcc2695ee1"),
            (137, "f8d6846cedd2ccfadf15c5879ef95af724d799eed7391fb1c91f95344e738614"),
            (300, "8a5720b2ca0cae7b89ad399c5daab22c29f5c72bcf30ab81e807d9bda95b4580"),
        ];
        for (n, want) in sha3 {
            assert_eq!(hex(&sponge256(&vec![b'a'; *n], 0x06)), *want, "{n}");
        }
    }

    const XMR: &str = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";

    #[test]
    fn monero() {
        assert!(is_xmr(XMR.as_bytes()));
        // Every single-character substitution breaks the checksum (or the block sizes).
        for i in 0..XMR.len() {
            let mut b = XMR.as_bytes().to_vec();
            b[i] = if b[i] == b'2' { b'3' } else { b'2' };
            assert!(!is_xmr(&b), "position {i}");
        }
        // The right shape but random characters: not an address.
        assert!(!is_xmr(&[b'4'; 95]));
        assert!(!is_xmr(&XMR.as_bytes()[..94]));
    }

    /// Monero base58 encoding, to build integrated addresses and subaddresses from known keys.
    fn xmr_encode(raw: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for block in raw.chunks(8) {
            let mut v = block.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b));
            let n = XMR_BLOCK_CHARS[block.len()];
            let mut chars = vec![b'1'; n];
            for c in chars.iter_mut().rev() {
                *c = BASE58[(v % 58) as usize];
                v /= 58;
            }
            out.extend(chars);
        }
        out
    }

    fn with_checksum(mut body: Vec<u8>) -> Vec<u8> {
        let h = keccak256(&body);
        body.extend_from_slice(&h[..4]);
        xmr_encode(&body)
    }

    #[test]
    fn monero_integrated_and_subaddress() {
        let raw = xmr_base58_decode(XMR.as_bytes()).unwrap();
        assert_eq!(xmr_encode(&raw), XMR.as_bytes());
        let keys = &raw[1..65];
        // Integrated: prefix 19, both keys, an 8-byte payment id.
        let mut body = vec![19u8];
        body.extend_from_slice(keys);
        body.extend_from_slice(&[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
        let integrated = with_checksum(body.clone());
        assert_eq!(integrated.len(), 106);
        assert!(is_xmr(&integrated));
        let mut broken = integrated.clone();
        broken[50] = if broken[50] == b'2' { b'3' } else { b'2' };
        assert!(!is_xmr(&broken));
        // Subaddress: prefix 42, starts with 8.
        let mut body = vec![42u8];
        body.extend_from_slice(keys);
        let sub = with_checksum(body);
        assert_eq!((sub.len(), sub[0]), (95, b'8'));
        assert!(is_xmr(&sub));
        // A standard address whose checksum does not match its body.
        let mut body = vec![18u8];
        body.extend_from_slice(keys);
        let mut bad = body.clone();
        bad.extend_from_slice(&[0, 0, 0, 0]);
        assert!(!is_xmr(&xmr_encode(&bad)));
    }

    #[test]
    fn scanner_flags_a_broken_eip55_checksum() {
        let scanner = crate::ioc::Scanner::new();
        let cases: &[(&str, &[&str])] = &[
            ("to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed now", &[]),
            ("to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD now", &["bad-checksum"]),
            ("to 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed now", &[]),
        ];
        for (text, want) in cases {
            let found = scanner.scan(text);
            let eth: Vec<_> =
                found.iter().filter(|i| i.kind == crate::ioc::IocKind::EthAddress).collect();
            assert_eq!(eth.len(), 1, "{text}");
            let flags: Vec<&str> = eth[0].flags.iter().map(crate::ioc::Flag::as_str).collect();
            assert_eq!(flags, *want, "{text}");
        }
    }

    #[test]
    fn ethereum_eip55() {
        let ok = [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
        ];
        for a in ok {
            assert!(eth_checksum_ok(a.as_bytes()), "{a}");
        }
        let bad = [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        ];
        for a in bad {
            assert!(!eth_checksum_ok(a.as_bytes()), "{a}");
        }
    }
}
