//! Finding one byte in a short line eight bytes at a time (SIMD within a register): log fields
//! are a few bytes long, so a per-byte loop mispredicts on every separator and `memchr` pays its
//! set-up per field. Here each 8-byte word gives a mask of the separator's positions, and the
//! positions come out of the mask with `trailing_zeros`.

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit set in each byte of `x` that is zero, and only there (exact, no carries across
/// bytes).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    !(((x & LO7).wrapping_add(LO7)) | x | LO7)
}

/// Whether `hay` holds `needle` (for short values, where `memchr`'s set-up costs more than the
/// search).
#[inline]
pub fn contains(hay: &[u8], needle: u8) -> bool {
    Positions::new(hay, needle).next().is_some()
}

/// How many times `needle` occurs in `hay`.
#[inline]
pub fn count(hay: &[u8], needle: u8) -> usize {
    Positions::new(hay, needle).count_rest()
}

/// The positions of `needle` in `hay`, in order.
#[derive(Debug, Clone)]
pub struct Positions<'a> {
    hay: &'a [u8],
    broadcast: u64,
    filler: u8,
    /// Offset of the word `mask` came from.
    base: usize,
    /// Offset of the next word to load.
    next: usize,
    mask: u64,
}

impl<'a> Positions<'a> {
    pub fn new(hay: &'a [u8], needle: u8) -> Positions<'a> {
        Positions {
            hay,
            broadcast: ONES.wrapping_mul(u64::from(needle)),
            filler: !needle,
            base: 0,
            next: 0,
            mask: 0,
        }
    }

    #[inline]
    fn load(&self, at: usize) -> u64 {
        match self.hay.get(at..at + 8) {
            Some(chunk) => {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                u64::from_le_bytes(word)
            }
            None => {
                // The tail: padded with a byte that is not the needle.
                let mut word = [self.filler; 8];
                let tail = self.hay.get(at..).unwrap_or_default();
                if let Some(dst) = word.get_mut(..tail.len()) {
                    dst.copy_from_slice(tail);
                }
                u64::from_le_bytes(word)
            }
        }
    }

    /// Skips the next `n` positions, a word at a time where it can (`count_ones` on each word's
    /// mask). False when fewer than `n` were left (the iterator is then exhausted).
    pub fn skip_n(&mut self, mut n: usize) -> bool {
        loop {
            let in_mask = self.mask.count_ones() as usize;
            if n < in_mask {
                for _ in 0..n {
                    self.mask &= self.mask - 1;
                }
                return true;
            }
            n -= in_mask;
            self.mask = 0;
            if n == 0 {
                return true;
            }
            if self.next >= self.hay.len() {
                return false;
            }
            self.base = self.next;
            self.mask = zero_bytes(self.load(self.next) ^ self.broadcast);
            self.next += 8;
        }
    }

    /// How many positions are left (the rest of the iterator, counted a word at a time).
    pub fn count_rest(mut self) -> usize {
        let mut count = self.mask.count_ones() as usize;
        while self.next < self.hay.len() {
            count += zero_bytes(self.load(self.next) ^ self.broadcast).count_ones() as usize;
            self.next += 8;
        }
        count
    }
}

impl Iterator for Positions<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.mask != 0 {
                let bit = self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                return Some(self.base + bit / 8);
            }
            if self.next >= self.hay.len() {
                return None;
            }
            self.base = self.next;
            self.mask = zero_bytes(self.load(self.next) ^ self.broadcast);
            self.next += 8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn same_positions_as_a_plain_scan() {
        let mut lines: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\t".to_vec(),
            b"a\tb".to_vec(),
            b"\t\t\t\t\t\t\t\t\t".to_vec(),
            b"1700000000.1\tCx\t10.0.0.1\t53\t\xff\x80\x09\x89\t-\t(empty)".to_vec(),
            b"no separators at all in this line".to_vec(),
        ];
        // Every length up to three words, with separators at every phase.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..=24 {
            for _ in 0..20 {
                let line: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        [b'\t', b'a', 0x89, 0xf6, b'\t', 0x00, b'.'][(state % 7) as usize]
                    })
                    .collect();
                lines.push(line);
            }
        }
        for line in &lines {
            for needle in [b'\t', b',', 0x89, 0x00, 0xff] {
                let expected: Vec<usize> = line
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == needle)
                    .map(|(i, _)| i)
                    .collect();
                let got: Vec<usize> = Positions::new(line, needle).collect();
                assert_eq!(got, expected, "{line:?} {needle}");
                assert_eq!(super::contains(line, needle), !expected.is_empty());
                assert_eq!(super::count(line, needle), expected.len());
                for skip in 0..=expected.len() + 1 {
                    let mut it = Positions::new(line, needle);
                    for _ in 0..skip {
                        it.next();
                    }
                    let left = expected.len().saturating_sub(skip);
                    assert_eq!(it.count_rest(), left, "{line:?} {needle} {skip}");
                    // Skipping gives the same as stepping.
                    let mut it = Positions::new(line, needle);
                    assert_eq!(it.skip_n(skip), skip <= expected.len(), "{line:?} {needle} {skip}");
                    assert_eq!(it.next(), expected.get(skip).copied(), "{line:?} {needle} {skip}");
                    let mut it = Positions::new(line, needle);
                    it.next();
                    if it.skip_n(skip) {
                        assert_eq!(it.next(), expected.get(skip + 1).copied(), "{line:?} {skip}");
                    }
                }
            }
        }
    }
}
