//! The indicator index: every hunted value compiled into hash lookups, cheapest first.
//!
//! Exact values (addresses, URLs, hashes, e-mail addresses, user agents) are hash-set members;
//! domains are looked up with a suffix walk (`a.b.evil.example` tries itself, `b.evil.example`,
//! `evil.example`, `example`), so an indicator domain matches its subdomains; CIDR indicators are
//! kept in one hash map per prefix length, and an address is masked once per length present.
//!
//! Plain values (the bulk of any feed: a 1,000,000-line list compiles in about a third of a
//! second on two cores, see [`IndexBuilder::add_batches`]) live in these tables, each string
//! table behind a Bloom filter and IPv4 behind a /24 bitmap, so the usual log value is turned
//! away without touching the big tables. Patterns beyond plain values
//! (`LIKE`, `MATCHES`, other comparisons) go to the pattern crate's `IndicatorSet`, asked per field
//! with the same `(path, value)` as here; see [`IndexBuilder::add_pattern`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::Ipv6Addr;

/// STIX object path of an IPv4 address.
pub const IPV4: &str = "ipv4-addr:value";
/// STIX object path of an IPv6 address.
pub const IPV6: &str = "ipv6-addr:value";
/// STIX object path of a domain name.
pub const DOMAIN: &str = "domain-name:value";
/// STIX object path of a URL.
pub const URL: &str = "url:value";
/// STIX object path of an MD5 file hash.
pub const MD5: &str = "file:hashes.'MD5'";
/// STIX object path of a SHA-1 file hash.
pub const SHA1: &str = "file:hashes.'SHA-1'";
/// STIX object path of a SHA-256 file hash.
pub const SHA256: &str = "file:hashes.'SHA-256'";
/// STIX object path of an e-mail address.
pub const EMAIL: &str = "email-addr:value";
/// STIX object path of an HTTP user agent.
pub const USER_AGENT: &str =
    "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'";

/// Something a hunt can look for, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// The STIX indicator id, or `None` for an entry of a plain list (then `matched` names it).
    pub id: Option<Box<str>>,
    /// The indicator's value as hunted: `evil.example`, `10.0.0.0/8`, a hash, a URL.
    pub matched: Box<str>,
    /// The actor behind the indicator, when known.
    pub actor: Option<Box<str>>,
    /// The STIX id of that actor, when the indicators came from STIX.
    pub actor_id: Option<Box<str>>,
    /// The state behind that actor, when known.
    pub state: Option<Box<str>>,
}

impl Indicator {
    /// How a hit names this indicator: its id, or the list entry.
    pub fn name(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.matched)
    }
}

/// What a value is, for the index: the STIX path family it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IocType {
    Ipv4,
    Ipv4Cidr,
    Ipv6,
    Ipv6Cidr,
    Domain,
    Url,
    Md5,
    Sha1,
    Sha256,
    Email,
    UserAgent,
}

impl IocType {
    /// The STIX object path values of this type are compared on.
    pub fn path(self) -> &'static str {
        match self {
            IocType::Ipv4 | IocType::Ipv4Cidr => IPV4,
            IocType::Ipv6 | IocType::Ipv6Cidr => IPV6,
            IocType::Domain => DOMAIN,
            IocType::Url => URL,
            IocType::Md5 => MD5,
            IocType::Sha1 => SHA1,
            IocType::Sha256 => SHA256,
            IocType::Email => EMAIL,
            IocType::UserAgent => USER_AGENT,
        }
    }

    /// Short name used by exports and `--type`.
    pub fn as_str(self) -> &'static str {
        match self {
            IocType::Ipv4 => "ipv4-addr",
            IocType::Ipv4Cidr => "ipv4-cidr",
            IocType::Ipv6 => "ipv6-addr",
            IocType::Ipv6Cidr => "ipv6-cidr",
            IocType::Domain => "domain-name",
            IocType::Url => "url",
            IocType::Md5 => "md5",
            IocType::Sha1 => "sha1",
            IocType::Sha256 => "sha256",
            IocType::Email => "email-addr",
            IocType::UserAgent => "user-agent",
        }
    }
}

/// Types a value by simple rules (refanged first): URL, e-mail, address or CIDR, hash, domain.
pub fn classify(raw: &str) -> Option<(IocType, String)> {
    let refanged = refang_cow(raw.trim());
    let value = refanged.as_ref();
    if value.is_empty() {
        return None;
    }
    if let Some(pos) = find_scheme_end(value.as_bytes()) {
        let scheme = &value[..pos];
        if !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
            && value.len() > pos + 3
        {
            return Some((IocType::Url, refanged.into_owned()));
        }
        return None;
    }
    if let Some((local, host)) = value.split_once('@') {
        if !local.is_empty() && is_domain(host) && !local.contains(char::is_whitespace) {
            return Some((IocType::Email, value.to_ascii_lowercase()));
        }
        return None;
    }
    if let Some((addr, len)) = value.split_once('/') {
        let len: u8 = len.parse().ok()?;
        if let Some(ip) = parse_ipv4(addr.as_bytes()) {
            if len > 32 {
                return None;
            }
            if len == 32 {
                return Some((IocType::Ipv4, addr.to_string()));
            }
            let net = ip & mask4(len);
            return Some((IocType::Ipv4Cidr, format!("{}/{len}", std::net::Ipv4Addr::from(net))));
        }
        if let Ok(ip) = addr.parse::<Ipv6Addr>() {
            if len > 128 {
                return None;
            }
            if len == 128 {
                return Some((IocType::Ipv6, ip.to_string()));
            }
            let net = u128::from(ip) & mask6(len);
            return Some((IocType::Ipv6Cidr, format!("{}/{len}", Ipv6Addr::from(net))));
        }
        return None;
    }
    if parse_ipv4(value.as_bytes()).is_some() {
        return Some((IocType::Ipv4, refanged.into_owned()));
    }
    if value.contains(':') {
        return value.parse::<Ipv6Addr>().ok().map(|ip| (IocType::Ipv6, ip.to_string()));
    }
    if value.bytes().all(|b| b.is_ascii_hexdigit()) {
        let kind = match value.len() {
            32 => IocType::Md5,
            40 => IocType::Sha1,
            64 => IocType::Sha256,
            _ => return None,
        };
        return Some((kind, value.to_ascii_lowercase()));
    }
    if is_domain(value) {
        return Some((IocType::Domain, value.trim_end_matches('.').to_ascii_lowercase()));
    }
    None
}

/// Where the first `://` of `value` starts.
fn find_scheme_end(value: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b':', value).find(|&p| value.get(p + 1..p + 3) == Some(b"//"))
}

/// Undoes the usual defanging: `[.]`, `(.)`, `[dot]`, `hxxp`, `[:]`, `[@]`.
pub fn refang(value: &str) -> String {
    refang_cow(value).into_owned()
}

/// [`refang`], borrowing `value` when there is nothing to undo (the usual case).
fn refang_cow(value: &str) -> std::borrow::Cow<'_, str> {
    let b = value.as_bytes();
    let hxxp = b.len() > 4 && b.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"hxxp"));
    if !hxxp && memchr::memchr2(b'[', b'(', b).is_none() {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = value
        .replace("[.]", ".")
        .replace("(.)", ".")
        .replace("[dot]", ".")
        .replace("[:]", ":")
        .replace("[@]", "@");
    for (from, to) in [
        ("hxxps://", "https://"),
        ("hxxp://", "http://"),
        ("hXXps://", "https://"),
        ("hXXp://", "http://"),
    ] {
        if let Some(rest) = out.strip_prefix(from) {
            out = format!("{to}{rest}");
        }
    }
    out.into()
}

/// A host name as DNS spells it: labels of letters, digits, `-` and `_`, at least two, the last
/// one not all digits.
pub fn is_domain(value: &str) -> bool {
    let value = value.strip_suffix('.').unwrap_or(value);
    if value.len() < 3 || value.len() > 253 {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in value.split('.') {
        if label.is_empty()
            || label.len() > 63
            || !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Fast dotted-quad parser on bytes; no allocation, no leading `+`, at most three digits a part.
pub fn parse_ipv4(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < 7 || bytes.len() > 15 {
        return None;
    }
    let mut out: u32 = 0;
    let mut part: u32 = 0;
    let mut digits = 0;
    let mut dots = 0;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                part = part * 10 + u32::from(b - b'0');
                digits += 1;
                if digits > 3 || part > 255 {
                    return None;
                }
            }
            b'.' => {
                if digits == 0 || dots == 3 {
                    return None;
                }
                out = (out << 8) | part;
                part = 0;
                digits = 0;
                dots += 1;
            }
            _ => return None,
        }
    }
    if digits == 0 || dots != 3 {
        return None;
    }
    Some((out << 8) | part)
}

fn mask4(len: u8) -> u32 {
    if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len.min(32))) }
}

fn mask6(len: u8) -> u128 {
    if len == 0 { 0 } else { u128::MAX << (128 - u32::from(len.min(128))) }
}

/// Normalised URL key: no scheme, lower-case host, no fragment, an empty path is `/`.
pub fn url_key(url: &str, out: &mut String) {
    out.clear();
    let head = url.as_bytes().get(..url.len().min(16)).unwrap_or_default();
    let rest = match memchr::memmem::find(head, b"://") {
        Some(pos) => url.get(pos + 3..).unwrap_or(url),
        None => url,
    };
    let rest = rest.split('#').next().unwrap_or(rest);
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    for c in host.chars() {
        out.push(c.to_ascii_lowercase());
    }
    if path.is_empty() {
        out.push('/');
    } else {
        if path.starts_with('?') {
            out.push('/');
        }
        out.push_str(path);
    }
}

/// A small, fast, non-cryptographic hasher (the Fx hash of rustc): the index's keys are not
/// chosen by an attacker in a way that could hurt more than speed.
#[derive(Default, Clone, Copy, Debug)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The last step is a multiply, whose low bits depend only on the key's low bits: rotated,
    /// the well-mixed high bits pick the table slot and the filter bits. Without it every /24
    /// network (low byte zero) fell into 1 of 128 slot groups and every /16 into the first slot,
    /// and a lookup walked long clusters.
    #[inline]
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Answers "which indicators does this value match?" for one STIX object path.
pub trait Matcher: Sync {
    /// Appends to `out` the index of every indicator `value` (found at `path`) matches.
    fn match_value(&self, path: &str, value: &str, out: &mut Vec<u32>);
    /// The indicator behind an index `match_value` returned.
    fn indicator(&self, index: u32) -> &Indicator;
}

/// A string-keyed map with a blocked Bloom filter in front: most log values are not indicators,
/// and the filter (16 bits a key, two bits in one word) turns them away without touching the big
/// table.
#[derive(Debug, Default)]
struct StrMap {
    map: FxMap<Box<str>, u32>,
    bloom: Vec<u64>,
    mask: u64,
    /// How many keys the filter was built for (the map only grows, so equal means up to date).
    filtered: usize,
}

/// The Fx state after a key's bytes: the Bloom filter probes its finished form, and the map's
/// hash of the key continues from it ([`map_hash`]).
#[inline]
fn bytes_hash(key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.0
}

/// The hash the map gives a key whose [`bytes_hash`] is `h`: hashing a `str` writes its bytes,
/// then the byte `0xff`.
#[inline]
fn map_hash(h: u64) -> u64 {
    let mut h = FxHasher(h);
    h.write_u8(0xff);
    h.finish()
}

impl StrMap {
    /// Word index and a two-bit mask: both bits in one word, so one cache line per probe.
    #[inline]
    fn probe(&self, key: &str) -> (usize, u64) {
        self.probe_hash(bytes_hash(key))
    }

    #[inline]
    fn probe_hash(&self, h: u64) -> (usize, u64) {
        let h = FxHasher(h).finish();
        let word = ((h >> 12) & self.mask) as usize;
        let bits = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63));
        (word, bits)
    }

    /// Sizes the filter for the keys now in the map and sets the bits of `hashes`
    /// ([`bytes_hash`] of every key).
    fn filter(&mut self, hashes: impl Iterator<Item = u64>) {
        let words = (self.map.len() * 16 / 64).next_power_of_two().max(16);
        self.bloom = vec![0u64; words];
        self.mask = words as u64 - 1;
        for h in hashes {
            let (word, bits) = self.probe_hash(h);
            if let Some(w) = self.bloom.get_mut(word) {
                *w |= bits;
            }
        }
        self.filtered = self.map.len();
    }

    fn finish(&mut self) {
        if self.map.is_empty() || (self.filtered == self.map.len() && !self.bloom.is_empty()) {
            return;
        }
        let hashes: Vec<u64> = self.map.keys().map(|k| bytes_hash(k)).collect();
        self.filter(hashes.into_iter());
    }

    /// [`fill`] for a string table, hashing each key once (in list order, where the keys lie
    /// one after another in memory) for both the slot order and the filter, built here
    /// when the table starts empty.
    fn fill(&mut self, parts: Parts<Box<str>>) -> Vec<(u32, u32)> {
        let fresh = self.map.is_empty();
        let (len, entries) = numbered(parts);
        let mut hashes: Vec<u64> = Vec::with_capacity(if fresh { len } else { 0 });
        let entries = entries.map(|(k, i)| {
            let h = bytes_hash(&k);
            if fresh {
                hashes.push(h);
            }
            (map_hash(h), k, i)
        });
        let links =
            fill(&mut self.map, len, entries, |k| k.as_bytes().first().copied().unwrap_or(0));
        if fresh && !self.map.is_empty() {
            self.filter(hashes.into_iter());
        }
        links
    }

    #[inline]
    fn get(&self, key: &str) -> Option<&u32> {
        if !self.bloom.is_empty() {
            let (word, bits) = self.probe(key);
            match self.bloom.get(word) {
                Some(w) if w & bits == bits => {}
                _ => return None,
            }
        }
        self.map.get(key)
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// End of a chain of indicators sharing one key.
const NONE: u32 = u32::MAX;

/// Many indicators compiled into hash lookups. Build with [`IndexBuilder`].
#[derive(Debug, Default)]
pub struct IndicatorIndex {
    indicators: Vec<Indicator>,
    /// Per indicator, its value type; `None` for a pattern held by the pattern crate's set.
    types: Vec<Option<IocType>>,
    /// Per indicator, the next indicator with the same key (or `NONE`).
    next: Vec<u32>,
    ipv4: FxMap<u32, u32>,
    /// One bit per IPv4 /24 covered by an indicator (empty: no IPv4 indicators).
    v4_filter: Vec<u64>,
    /// Prefix lengths present, longest first, with their masked networks.
    ipv4_cidr: Vec<(u8, FxMap<u32, u32>)>,
    ipv6: FxMap<u128, u32>,
    ipv6_cidr: Vec<(u8, FxMap<u128, u32>)>,
    domains: StrMap,
    /// Fewest labels of any indicator domain: shorter suffixes are not looked up.
    min_labels: usize,
    /// Keys: `url_key` of the URL.
    urls: StrMap,
    /// Keys: lower-case hex; the length tells MD5, SHA-1 and SHA-256 apart.
    hashes: StrMap,
    emails: StrMap,
    user_agents: StrMap,
    /// Patterns beyond plain values (LIKE, MATCHES, other comparisons), matched per field by
    /// the pattern crate's `IndicatorSet`.
    patterns: Option<PatternSide>,
}

/// The pattern crate's set and how its match ids map to this index.
#[derive(Debug)]
struct PatternSide {
    set: pattern::IndicatorSet,
    /// Path handle in `set` for each of [`PATH_SLOTS`].
    slots: [Option<u16>; PATH_SLOTS.len()],
    /// `MatchId` -> indicator index here.
    ids: Vec<u32>,
}

/// The paths the hunt produces values for, in a fixed order.
const PATH_SLOTS: [&str; 9] = [IPV4, IPV6, DOMAIN, URL, MD5, SHA1, SHA256, EMAIL, USER_AGENT];

/// Collects indicators, then [`IndexBuilder::build`]s the index.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    index: IndicatorIndex,
    patterns: Option<pattern::IndicatorSetBuilder>,
    pattern_ids: Vec<u32>,
}

fn link<K: std::hash::Hash + Eq>(map: &mut FxMap<K, u32>, next: &mut [u32], key: K, i: u32) {
    let head = map.entry(key).or_insert(NONE);
    if let Some(slot) = next.get_mut(i as usize) {
        *slot = *head;
    }
    *head = i;
}

/// Where an indicator value is filed in the index, computed before anything is added.
enum Key {
    V4(u32),
    V4Net(u8, u32),
    V6(u128),
    V6Net(u8, u128),
    /// Which string table (`DOMAINS`, `URLS`, ...) and the key in it.
    Str(usize, Box<str>),
}

/// Validates `value` as `kind` and computes its key; `None` when it does not parse.
/// `scratch` is reused for URL keys, so each key is allocated once at its final size.
fn key_of(kind: IocType, value: &str, scratch: &mut String) -> Option<Key> {
    Some(match kind {
        IocType::Ipv4 => Key::V4(parse_ipv4(value.as_bytes())?),
        IocType::Ipv4Cidr => {
            let (a, l) = value.split_once('/')?;
            match (parse_ipv4(a.as_bytes()), l.parse::<u8>()) {
                (Some(ip), Ok(len)) if len <= 32 => Key::V4Net(len, ip & mask4(len)),
                _ => return None,
            }
        }
        IocType::Ipv6 => Key::V6(u128::from(value.parse::<Ipv6Addr>().ok()?)),
        IocType::Ipv6Cidr => {
            let (a, l) = value.split_once('/')?;
            match (a.parse::<Ipv6Addr>(), l.parse::<u8>()) {
                (Ok(ip), Ok(len)) if len <= 128 => Key::V6Net(len, u128::from(ip) & mask6(len)),
                _ => return None,
            }
        }
        IocType::Domain => {
            let key = value.trim_end_matches('.');
            if key.is_empty() {
                return None;
            }
            Key::Str(DOMAINS, lower_box(key))
        }
        IocType::Url => {
            url_key(value, scratch);
            Key::Str(URLS, scratch.as_str().into())
        }
        IocType::Md5 | IocType::Sha1 | IocType::Sha256 => Key::Str(HASHES, lower_box(value)),
        IocType::Email => Key::Str(EMAILS, lower_box(value)),
        IocType::UserAgent => Key::Str(USER_AGENTS, value.into()),
    })
}

/// How many labels a domain has.
fn label_count(domain: &str) -> usize {
    memchr::memchr_iter(b'.', domain.as_bytes()).count() + 1
}

/// `value` lower-cased (ASCII) as a key: one allocation, and none spent on a value that is
/// already lower case (a classified list value always is).
fn lower_box(value: &str) -> Box<str> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        value.to_ascii_lowercase().into_boxed_str()
    } else {
        value.into()
    }
}

/// The string tables, as numbered in [`Key::Str`].
const DOMAINS: usize = 0;
const URLS: usize = 1;
const HASHES: usize = 2;
const EMAILS: usize = 3;
const USER_AGENTS: usize = 4;

/// Part of a plain list, typed and keyed (on any thread) ahead of [`IndexBuilder::add_batches`]:
/// a million-line list is prepared on all cores, then filed into the tables one table a thread.
#[derive(Debug, Default)]
pub struct Batch {
    /// Per value, in list order: its type and canonical value (the indicator's `matched`).
    values: Vec<(IocType, Box<str>)>,
    /// Keys of each table with the value's position in `values`.
    v4: Vec<(u32, u32)>,
    v4_nets: Vec<((u8, u32), u32)>,
    v6: Vec<(u128, u32)>,
    v6_nets: Vec<((u8, u128), u32)>,
    strs: [Vec<(Box<str>, u32)>; 5],
    /// Fewest labels of a domain key here (0: no domain).
    min_labels: usize,
    scratch: String,
}

impl Batch {
    /// Adds one classified value (see [`classify`]); false (and nothing added) when it does not
    /// parse as `kind`, as with [`IndexBuilder::add`].
    pub fn push(&mut self, kind: IocType, value: String) -> bool {
        let Ok(at) = u32::try_from(self.values.len()) else { return false };
        let Some(key) = key_of(kind, &value, &mut self.scratch) else { return false };
        match key {
            Key::V4(ip) | Key::V4Net(32, ip) => self.v4.push((ip, at)),
            Key::V4Net(len, net) => self.v4_nets.push(((len, net), at)),
            Key::V6(ip) => self.v6.push((ip, at)),
            Key::V6Net(len, net) => self.v6_nets.push(((len, net), at)),
            Key::Str(which, key) => {
                let labels = if which == DOMAINS { label_count(&key) } else { 0 };
                let Some(list) = self.strs.get_mut(which) else { return false };
                list.push((key, at));
                if labels > 0 && (self.min_labels == 0 || labels < self.min_labels) {
                    self.min_labels = labels;
                }
            }
        }
        self.values.push((kind, value.into_boxed_str()));
        true
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Files `entries` (key, indicator number) into `map` as [`link`] would one by one in number
/// order, and returns the `(indicator, next)` links of keys met before.
///
/// The entries are inserted in the order of the table slots they hash to, so a million inserts
/// walk the table once instead of missing the cache on every one; keys met more than once are
/// still chained newest first, because equal keys sort by number.
fn fill_keys<K: std::hash::Hash + Eq>(
    map: &mut FxMap<K, u32>,
    len: usize,
    entries: impl Iterator<Item = (K, u32)>,
) -> Vec<(u32, u32)> {
    use std::hash::BuildHasher;
    let hasher = map.hasher().clone();
    fill(map, len, entries.map(|(k, i)| (hasher.hash_one(&k), k, i)), |_| 0)
}

/// Per batch: the number of its first value, and its entries `(key, position in the batch)`.
type Parts<K> = Vec<(u32, Vec<(K, u32)>)>;

/// How many entries `parts` has, and the entries with their indicator numbers.
fn numbered<K>(parts: Parts<K>) -> (usize, impl Iterator<Item = (K, u32)>) {
    let len = parts.iter().map(|(_, list)| list.len()).sum();
    let entries = parts
        .into_iter()
        .flat_map(|(first, list)| list.into_iter().map(move |(k, at)| (k, first + at)));
    (len, entries)
}

/// Keys read ahead of their inserts by [`fill`]: a few kilobytes, well inside the cache.
const BLOCK: usize = 256;

/// [`fill_keys`] with each key's hash (as the map computes it) given; `touch` reads a byte of
/// what a key points to (nothing for a number).
fn fill<K: std::hash::Hash + Eq>(
    map: &mut FxMap<K, u32>,
    len: usize,
    entries: impl Iterator<Item = (u64, K, u32)>,
    touch: impl Fn(&K) -> u8,
) -> Vec<(u32, u32)> {
    map.reserve(len);
    // The table's slot count: its capacity is 7/8 of it (hashbrown), a power of two. Were it
    // otherwise, the inserts would only be slower.
    let slots = (map.capacity().saturating_mul(8) / 7).next_power_of_two() as u64;
    let mut order: Vec<(u64, K)> =
        entries.map(|(h, key, i)| (((h & (slots - 1)) << 32) | u64::from(i), key)).collect();
    order.sort_unstable_by_key(|e| e.0);
    let mut links = Vec::new();
    let mut order = order.into_iter();
    let mut block = Vec::with_capacity(BLOCK);
    loop {
        block.extend(order.by_ref().take(BLOCK));
        if block.is_empty() {
            break;
        }
        // The map hashes every key again, reading it from wherever it lies: a block's keys are
        // read first, all at once (their cache misses overlap), then inserted from the cache.
        let mut sum = 0u8;
        for (_, key) in &block {
            sum ^= touch(key);
        }
        std::hint::black_box(sum);
        for (sort, key) in block.drain(..) {
            let i = sort as u32;
            let head = map.entry(key).or_insert(NONE);
            if *head != NONE {
                links.push((i, *head));
            }
            *head = i;
        }
    }
    links
}

/// One table's share of [`IndexBuilder::add_batches`], run on whichever thread is free.
enum Job<'a> {
    Indicators(&'a mut Vec<Indicator>, &'a mut Vec<Option<IocType>>, Vec<Vec<(IocType, Box<str>)>>),
    V4(&'a mut FxMap<u32, u32>, Parts<u32>),
    V4Nets(&'a mut Vec<(u8, FxMap<u32, u32>)>, Parts<(u8, u32)>),
    V6(&'a mut FxMap<u128, u32>, Parts<u128>),
    V6Nets(&'a mut Vec<(u8, FxMap<u128, u32>)>, Parts<(u8, u128)>),
    Str(&'a mut StrMap, Parts<Box<str>>),
}

impl Job<'_> {
    /// Rough cost, to start the biggest jobs first.
    fn weight(&self) -> usize {
        match self {
            Job::Indicators(_, _, v) => v.iter().map(Vec::len).sum::<usize>().div_ceil(2),
            Job::V4(_, e) => size(e),
            Job::V4Nets(_, e) => size(e),
            Job::V6(_, e) => size(e),
            Job::V6Nets(_, e) => size(e),
            Job::Str(_, e) => size(e) * 2,
        }
    }

    /// Does the job; returns its `(indicator, next)` links.
    fn run(self) -> Vec<(u32, u32)> {
        match self {
            Job::Indicators(indicators, types, values) => {
                for (kind, value) in values.into_iter().flatten() {
                    indicators.push(Indicator {
                        id: None,
                        matched: value,
                        actor: None,
                        actor_id: None,
                        state: None,
                    });
                    types.push(Some(kind));
                }
                Vec::new()
            }
            Job::V4(map, parts) => {
                let (len, entries) = numbered(parts);
                fill_keys(map, len, entries)
            }
            Job::V4Nets(maps, parts) => fill_nets(maps, parts),
            Job::V6(map, parts) => {
                let (len, entries) = numbered(parts);
                fill_keys(map, len, entries)
            }
            Job::V6Nets(maps, parts) => fill_nets(maps, parts),
            Job::Str(map, parts) => map.fill(parts),
        }
    }
}

/// How many entries `parts` has.
fn size<K>(parts: &Parts<K>) -> usize {
    parts.iter().map(|(_, list)| list.len()).sum()
}

/// [`fill_keys`] for CIDR tables: one table a prefix length, created when first met.
fn fill_nets<K: std::hash::Hash + Eq + Copy>(
    maps: &mut Vec<(u8, FxMap<K, u32>)>,
    parts: Parts<(u8, K)>,
) -> Vec<(u32, u32)> {
    let mut by_len: Vec<(u8, Vec<(K, u32)>)> = Vec::new();
    for ((len, net), i) in numbered(parts).1 {
        match by_len.iter_mut().find(|(l, _)| *l == len) {
            Some((_, list)) => list.push((net, i)),
            None => by_len.push((len, vec![(net, i)])),
        }
    }
    let mut links = Vec::new();
    for (len, list) in by_len {
        links.extend(fill_keys(net_table(maps, len), list.len(), list.into_iter()));
    }
    links
}

/// The table of networks of prefix length `len`, created when first met.
fn net_table<K>(maps: &mut Vec<(u8, FxMap<K, u32>)>, len: u8) -> &mut FxMap<K, u32> {
    let pos = match maps.iter().position(|(l, _)| *l == len) {
        Some(pos) => pos,
        None => {
            maps.push((len, FxMap::default()));
            maps.len() - 1
        }
    };
    &mut maps[pos].1
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Makes room for `additional` more values of `kind` (a list whose types are known up
    /// front loads without rehashing).
    pub fn reserve(&mut self, kind: IocType, additional: usize) {
        let idx = &mut self.index;
        idx.indicators.reserve(additional);
        idx.types.reserve(additional);
        idx.next.reserve(additional);
        match kind {
            IocType::Ipv4 => idx.ipv4.reserve(additional),
            IocType::Ipv6 => idx.ipv6.reserve(additional),
            IocType::Ipv4Cidr | IocType::Ipv6Cidr => {}
            IocType::Domain => idx.domains.map.reserve(additional),
            IocType::Url => idx.urls.map.reserve(additional),
            IocType::Md5 | IocType::Sha1 | IocType::Sha256 => idx.hashes.map.reserve(additional),
            IocType::Email => idx.emails.map.reserve(additional),
            IocType::UserAgent => idx.user_agents.map.reserve(additional),
        }
    }

    /// Adds one indicator value of a known type. `value` must already be classified (see
    /// [`classify`]); returns false (and adds nothing) when it does not parse as that type.
    pub fn add(
        &mut self,
        kind: IocType,
        value: &str,
        id: Option<&str>,
        actor: Option<&str>,
        state: Option<&str>,
    ) -> bool {
        let idx = &mut self.index;
        let Ok(i) = u32::try_from(idx.indicators.len()) else { return false };
        if i == NONE {
            return false;
        }
        // Validate and compute the key before anything is pushed.
        let Some(key) = key_of(kind, value, &mut String::new()) else { return false };
        idx.indicators.push(Indicator {
            id: id.map(Into::into),
            matched: value.into(),
            actor: actor.map(Into::into),
            actor_id: None,
            state: state.map(Into::into),
        });
        idx.types.push(Some(kind));
        idx.next.push(NONE);
        match key {
            Key::V4(ip) | Key::V4Net(32, ip) => link(&mut idx.ipv4, &mut idx.next, ip, i),
            Key::V4Net(len, net) => {
                link(net_table(&mut idx.ipv4_cidr, len), &mut idx.next, net, i);
            }
            Key::V6(ip) => link(&mut idx.ipv6, &mut idx.next, ip, i),
            Key::V6Net(len, net) => {
                link(net_table(&mut idx.ipv6_cidr, len), &mut idx.next, net, i);
            }
            Key::Str(which, key) => {
                if which == DOMAINS {
                    let labels = label_count(&key);
                    idx.min_labels =
                        if idx.domains.is_empty() { labels } else { idx.min_labels.min(labels) };
                }
                let map = match which {
                    DOMAINS => &mut idx.domains,
                    URLS => &mut idx.urls,
                    HASHES => &mut idx.hashes,
                    EMAILS => &mut idx.emails,
                    _ => &mut idx.user_agents,
                };
                link(&mut map.map, &mut idx.next, key, i);
            }
        }
        true
    }

    /// Adds prepared batches in order, as [`IndexBuilder::add`] would value by value (same
    /// numbering, same chains), the tables filled on `threads` threads. False (and nothing
    /// added) when the numbering would overflow.
    pub fn add_batches(&mut self, batches: Vec<Batch>, threads: usize) -> bool {
        let idx = &mut self.index;
        let base = idx.indicators.len();
        let total: usize = batches.iter().map(Batch::len).sum();
        let Some(end) = base.checked_add(total) else { return false };
        // The last number must stay below `NONE`, which ends chains.
        if u32::try_from(end).is_err() {
            return false;
        }
        let mut values = Vec::with_capacity(batches.len());
        let mut v4 = Vec::new();
        let mut v4_nets = Vec::new();
        let mut v6 = Vec::new();
        let mut v6_nets = Vec::new();
        let mut strs: [Parts<Box<str>>; 5] = Default::default();
        let mut offset = base as u32;
        if let Some(labels) = batches.iter().map(|b| b.min_labels).filter(|&l| l > 0).min() {
            idx.min_labels =
                if idx.domains.is_empty() { labels } else { idx.min_labels.min(labels) };
        }
        for batch in batches {
            let n = batch.values.len() as u32;
            // Moved as they are: each job numbers its entries.
            values.push(batch.values);
            v4.push((offset, batch.v4));
            v4_nets.push((offset, batch.v4_nets));
            v6.push((offset, batch.v6));
            v6_nets.push((offset, batch.v6_nets));
            for (all, list) in strs.iter_mut().zip(batch.strs) {
                all.push((offset, list));
            }
            offset += n;
        }
        idx.indicators.reserve(total);
        idx.types.reserve(total);
        idx.next.resize(end, NONE);
        let [domains, urls, hashes, emails, user_agents] = strs;
        let mut jobs = vec![
            Job::Indicators(&mut idx.indicators, &mut idx.types, values),
            Job::V4(&mut idx.ipv4, v4),
            Job::V4Nets(&mut idx.ipv4_cidr, v4_nets),
            Job::V6(&mut idx.ipv6, v6),
            Job::V6Nets(&mut idx.ipv6_cidr, v6_nets),
            Job::Str(&mut idx.domains, domains),
            Job::Str(&mut idx.urls, urls),
            Job::Str(&mut idx.hashes, hashes),
            Job::Str(&mut idx.emails, emails),
            Job::Str(&mut idx.user_agents, user_agents),
        ];
        jobs.retain(|j| j.weight() > 0);
        // Biggest first; each thread takes the next job when it is done with one.
        jobs.sort_by_key(|j| std::cmp::Reverse(j.weight()));
        let jobs_count = jobs.len();
        let queue = std::sync::Mutex::new(jobs);
        let take = || queue.lock().ok().and_then(|mut q| (!q.is_empty()).then(|| q.remove(0)));
        let links: Vec<Vec<(u32, u32)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads.min(jobs_count))
                .map(|_| {
                    scope.spawn(|| {
                        let mut links = Vec::new();
                        while let Some(job) = take() {
                            links.extend(job.run());
                        }
                        links
                    })
                })
                .collect();
            let mut links = Vec::new();
            while let Some(job) = take() {
                links.extend(job.run());
            }
            let mut all = vec![links];
            // A worker that panicked (a bug) must not leave a table silently half filled.
            all.extend(
                workers
                    .into_iter()
                    .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            );
            all
        });
        for (i, next) in links.into_iter().flatten() {
            if let Some(slot) = idx.next.get_mut(i as usize) {
                *slot = next;
            }
        }
        true
    }

    /// Names the STIX object of the actor behind the value added last (a sighting of an
    /// observable is recorded as a sighting of its actor).
    pub fn set_actor_id(&mut self, actor_id: &str) {
        if let Some(last) = self.index.indicators.last_mut() {
            last.actor_id = Some(actor_id.into());
        }
    }

    /// Classifies `raw` with [`classify`] and adds it; false when it is not a recognisable IOC.
    pub fn add_raw(
        &mut self,
        raw: &str,
        id: Option<&str>,
        actor: Option<&str>,
        state: Option<&str>,
    ) -> bool {
        match classify(raw) {
            Some((kind, value)) => self.add(kind, &value, id, actor, state),
            None => false,
        }
    }

    /// Adds a STIX pattern to the pattern crate's `IndicatorSet`, for patterns beyond plain
    /// values. Only patterns whose comparisons can be decided one field at a time ever match in a
    /// hunt. Err: the pattern's diagnostic as `(line, column, message)`.
    pub fn add_pattern(
        &mut self,
        id: &str,
        pattern: &str,
        actor: Option<&str>,
        state: Option<&str>,
    ) -> Result<(), (u32, u32, String)> {
        let Ok(i) = u32::try_from(self.index.indicators.len()) else {
            return Err((0, 0, "too many indicators".into()));
        };
        let set = self.patterns.get_or_insert_with(pattern::IndicatorSet::builder);
        let m = set.add(id, pattern).map_err(|d| (d.line, d.column, d.message))?;
        if m as usize != self.pattern_ids.len() {
            return Err((0, 0, "pattern set out of step".into()));
        }
        self.pattern_ids.push(i);
        let idx = &mut self.index;
        idx.indicators.push(Indicator {
            id: Some(id.into()),
            matched: pattern.into(),
            actor: actor.map(Into::into),
            actor_id: None,
            state: state.map(Into::into),
        });
        idx.types.push(None);
        idx.next.push(NONE);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.index.indicators.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.indicators.is_empty()
    }

    pub fn build(mut self) -> IndicatorIndex {
        self.index.ipv4_cidr.sort_by_key(|c| std::cmp::Reverse(c.0));
        for map in [
            &mut self.index.domains,
            &mut self.index.urls,
            &mut self.index.hashes,
            &mut self.index.emails,
            &mut self.index.user_agents,
        ] {
            map.finish();
        }
        self.index.build_v4_filter();
        self.index.ipv6_cidr.sort_by_key(|c| std::cmp::Reverse(c.0));
        if let Some(builder) = self.patterns {
            let set = builder.build();
            let slots = PATH_SLOTS.map(|p| set.path_id(p));
            self.index.patterns = Some(PatternSide { set, slots, ids: self.pattern_ids });
        }
        self.index
    }
}

impl IndicatorIndex {
    pub fn len(&self) -> usize {
        self.indicators.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty()
    }

    /// Every plain-value indicator with its type, in insertion order (patterns held by the
    /// pattern crate's set are left out).
    pub fn iter(&self) -> impl Iterator<Item = (IocType, &Indicator)> {
        self.types.iter().zip(self.indicators.iter()).filter_map(|(t, i)| t.map(|t| (t, i)))
    }

    /// Whether any pattern beyond plain values is loaded.
    pub fn has_patterns(&self) -> bool {
        self.patterns.is_some()
    }

    /// Matches `value` at `path` against the patterns beyond plain values.
    pub fn match_patterns(&self, path: &str, value: &str, out: &mut Vec<u32>) {
        let Some(side) = &self.patterns else { return };
        let Some(slot) = PATH_SLOTS
            .iter()
            .position(|p| *p == path)
            .and_then(|i| side.slots.get(i).copied().flatten())
        else {
            return;
        };
        let mut found = Vec::new();
        side.set.match_value_at(slot, value, &mut found);
        found.sort_unstable();
        found.dedup();
        out.extend(found.into_iter().filter_map(|m| side.ids.get(m as usize).copied()));
    }

    fn chain(&self, mut i: u32, out: &mut Vec<u32>) {
        while i != NONE {
            out.push(i);
            i = self.next.get(i as usize).copied().unwrap_or(NONE);
        }
    }

    fn build_v4_filter(&mut self) {
        if self.ipv4.is_empty() && self.ipv4_cidr.is_empty() {
            return;
        }
        let mut bits = vec![0u64; (1 << 24) / 64];
        let mut set = |slot: u32| {
            if let Some(word) = bits.get_mut(slot as usize / 64) {
                *word |= 1 << (slot % 64);
            }
        };
        for ip in self.ipv4.keys() {
            set(ip >> 8);
        }
        for (len, map) in &self.ipv4_cidr {
            let span = if *len >= 24 { 1 } else { 1u32 << (24 - u32::from(*len)) };
            for net in map.keys() {
                let first = net >> 8;
                for slot in first..first.saturating_add(span) {
                    set(slot);
                }
            }
        }
        self.v4_filter = bits;
    }

    /// Matches an IPv4 address given as a number: exact, then every CIDR containing it.
    #[inline]
    pub fn match_ipv4(&self, ip: u32, out: &mut Vec<u32>) {
        // One bit per /24 that any IPv4 indicator touches: most log addresses stop here.
        let slot = (ip >> 8) as usize;
        match self.v4_filter.get(slot / 64) {
            Some(word) if word & (1 << (slot % 64)) != 0 => {}
            _ => return,
        }
        if let Some(&i) = self.ipv4.get(&ip) {
            self.chain(i, out);
        }
        for (len, map) in &self.ipv4_cidr {
            if let Some(&i) = map.get(&(ip & mask4(*len))) {
                self.chain(i, out);
            }
        }
    }

    pub fn match_ipv6(&self, ip: u128, out: &mut Vec<u32>) {
        if let Some(&i) = self.ipv6.get(&ip) {
            self.chain(i, out);
        }
        for (len, map) in &self.ipv6_cidr {
            if let Some(&i) = map.get(&(ip & mask6(*len))) {
                self.chain(i, out);
            }
        }
    }

    /// Matches an address of either family given as text; not an address: nothing.
    #[inline]
    pub fn match_ip(&self, value: &str, out: &mut Vec<u32>) {
        if let Some(ip) = parse_ipv4(value.as_bytes()) {
            self.match_ipv4(ip, out);
        } else if value.contains(':')
            && (!self.ipv6.is_empty() || !self.ipv6_cidr.is_empty())
            && let Ok(ip) = value.parse::<Ipv6Addr>()
        {
            self.match_ipv6(u128::from(ip), out);
        }
    }

    /// Matches a domain and all its parent domains. `value` must be lower case without a
    /// trailing dot (see [`crate::scan`] which normalises log values).
    #[inline]
    pub fn match_domain(&self, value: &str, out: &mut Vec<u32>) {
        if self.domains.is_empty() {
            return;
        }
        let mut rest = value;
        let mut labels = crate::swar::count(value.as_bytes(), b'.') + 1;
        while labels >= self.min_labels {
            if let Some(&i) = self.domains.get(rest) {
                self.chain(i, out);
            }
            match rest.bytes().position(|b| b == b'.') {
                Some(pos) => rest = rest.get(pos + 1..).unwrap_or(""),
                None => break,
            }
            if rest.is_empty() {
                break;
            }
            labels -= 1;
        }
    }

    /// Matches a URL already normalised with [`url_key`].
    #[inline]
    pub fn match_url_key(&self, key: &str, out: &mut Vec<u32>) {
        if let Some(&i) = self.urls.get(key) {
            self.chain(i, out);
        }
    }

    /// Matches a hex hash (any case: lower-cased only when needed).
    #[inline]
    pub fn match_hash(&self, value: &str, out: &mut Vec<u32>) {
        if self.hashes.is_empty() || !matches!(value.len(), 32 | 40 | 64) {
            return;
        }
        if value.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = value.to_ascii_lowercase();
            if let Some(&i) = self.hashes.get(lower.as_str()) {
                self.chain(i, out);
            }
        } else if let Some(&i) = self.hashes.get(value) {
            self.chain(i, out);
        }
    }

    pub fn match_email(&self, value: &str, out: &mut Vec<u32>) {
        if self.emails.is_empty() {
            return;
        }
        let lower = value.trim_matches(['<', '>']).to_ascii_lowercase();
        if let Some(&i) = self.emails.get(lower.as_str()) {
            self.chain(i, out);
        }
    }

    pub fn match_user_agent(&self, value: &str, out: &mut Vec<u32>) {
        if let Some(&i) = self.user_agents.get(value) {
            self.chain(i, out);
        }
    }

    /// Whether any indicator of this family exists (lets scanners skip work).
    pub fn has_urls(&self) -> bool {
        !self.urls.is_empty()
    }
    pub fn has_domains(&self) -> bool {
        !self.domains.is_empty()
    }
    pub fn has_user_agents(&self) -> bool {
        !self.user_agents.is_empty()
    }
}

impl Matcher for IndicatorIndex {
    fn match_value(&self, path: &str, value: &str, out: &mut Vec<u32>) {
        match path {
            IPV4 | IPV6 => self.match_ip(value, out),
            DOMAIN => {
                let lower = value.trim_end_matches('.').to_ascii_lowercase();
                self.match_domain(&lower, out);
            }
            URL => {
                let mut key = String::new();
                url_key(value, &mut key);
                self.match_url_key(&key, out);
            }
            MD5 | SHA1 | SHA256 => self.match_hash(value, out),
            EMAIL => self.match_email(value, out),
            USER_AGENT => self.match_user_agent(value, out),
            _ => {}
        }
        self.match_patterns(path, value, out);
    }

    fn indicator(&self, index: u32) -> &Indicator {
        static MISSING: std::sync::OnceLock<Indicator> = std::sync::OnceLock::new();
        self.indicators.get(index as usize).unwrap_or_else(|| {
            MISSING.get_or_init(|| Indicator {
                id: None,
                matched: "".into(),
                actor: None,
                actor_id: None,
                state: None,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(values: &[&str]) -> IndicatorIndex {
        let mut b = IndexBuilder::new();
        for v in values {
            assert!(b.add_raw(v, None, None, None), "{v}");
        }
        b.build()
    }

    fn check(values: &[&str], path: &str, value: &str, expected: &[&str]) {
        let idx = index(values);
        let mut out = Vec::new();
        idx.match_value(path, value, &mut out);
        let mut got: Vec<&str> = out.iter().map(|&i| idx.indicator(i).name()).collect();
        got.sort_unstable();
        assert_eq!(got, expected, "{path} {value}");
    }

    #[test]
    fn domains_match_subdomains_only_on_label_boundaries() {
        check(&["evil.example"], DOMAIN, "evil.example", &["evil.example"]);
        check(&["evil.example"], DOMAIN, "www.EVIL.example.", &["evil.example"]);
        check(&["evil.example"], DOMAIN, "notevil.example", &[]);
        check(&["evil.example"], DOMAIN, "evil.example.com", &[]);
        check(
            &["evil.example", "a.evil.example"],
            DOMAIN,
            "x.a.evil.example",
            &["a.evil.example", "evil.example"],
        );
    }

    #[test]
    fn addresses_honour_cidr() {
        check(
            &["10.0.0.0/8", "10.1.2.3", "10.1.0.0/16"],
            IPV4,
            "10.1.2.3",
            &["10.0.0.0/8", "10.1.0.0/16", "10.1.2.3"],
        );
        check(&["10.0.0.0/8"], IPV4, "11.0.0.1", &[]);
        check(&["0.0.0.0/0"], IPV4, "8.8.8.8", &["0.0.0.0/0"]);
        check(&["2001:db8::/32"], IPV6, "2001:db8::1", &["2001:db8::/32"]);
        check(&["2001:db8::1"], IPV6, "2001:0db8:0:0::1", &["2001:db8::1"]);
    }

    #[test]
    fn urls_hashes_and_more() {
        check(
            &["http://Evil.example/a?b=1"],
            URL,
            "https://evil.example/a?b=1",
            &["http://Evil.example/a?b=1"],
        );
        check(&["http://evil.example"], URL, "evil.example/", &["http://evil.example"]);
        check(
            &["D41D8CD98F00B204E9800998ECF8427E"],
            MD5,
            "d41d8cd98f00b204e9800998ecf8427e",
            &["d41d8cd98f00b204e9800998ecf8427e"],
        );
        check(&["bad@evil.example"], EMAIL, "<Bad@Evil.example>", &["bad@evil.example"]);
    }

    /// Index of `values` in order: those before `range` added one by one with
    /// [`IndexBuilder::add`], those in it in `pieces` batches filled on `threads` threads, the
    /// rest one by one again.
    fn batched(
        values: &[String],
        range: std::ops::Range<usize>,
        pieces: usize,
        threads: usize,
    ) -> IndicatorIndex {
        let mut b = IndexBuilder::new();
        for v in &values[..range.start] {
            b.add_raw(v, None, None, None);
        }
        let middle = &values[range.clone()];
        let per = middle.len().div_ceil(pieces.max(1)).max(1);
        let batches = middle
            .chunks(per)
            .map(|chunk| {
                let mut batch = Batch::default();
                for v in chunk {
                    if let Some((kind, value)) = classify(v) {
                        batch.push(kind, value);
                    }
                }
                batch
            })
            .collect();
        assert!(b.add_batches(batches, threads));
        for v in &values[range.end..] {
            b.add_raw(v, None, None, None);
        }
        b.build()
    }

    #[test]
    fn batches_index_exactly_like_one_by_one() {
        // Repeats (chained newest first), shuffled, of every type; CIDRs of several lengths.
        let kinds = [
            "10.0.0.0/8",
            "10.1.2.3",
            "10.1.0.0/16",
            "10.1.2.3/32",
            "Evil.example",
            "a.evil.example",
            "http://Evil.example/a?b=1",
            "https://evil.example/a?b=1",
            "D41D8CD98F00B204E9800998ECF8427E",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "bad@evil.example",
            "2001:db8::/32",
            "2001:db8::1",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut values = Vec::new();
        for n in 0..4000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let r = (seed >> 16) as u32;
            values.push(match r % 5 {
                0 => kinds[r as usize / 5 % kinds.len()].to_string(),
                1 => format!("host{}.Example", r % 700),
                2 => format!(
                    "192.0.{}.{}/{}",
                    r % 3,
                    (r >> 8) % 256,
                    [16, 24, 28][(r >> 4) as usize % 3]
                ),
                3 => format!("198.51.{}.{}", r % 40, n % 256),
                _ => format!("http://h{}.example/p{}", r % 50, r % 9),
            });
        }
        let one_by_one = index(&values.iter().map(String::as_str).collect::<Vec<_>>());
        for (range, pieces, threads) in [
            (0..4000, 1, 1),
            (0..4000, 3, 2),
            (100..4000, 4, 3),
            (3999..4000, 2, 2),
            (0..3000, 2, 2),
        ] {
            let idx = batched(&values, range.clone(), pieces, threads);
            assert!(idx.iter().eq(one_by_one.iter()), "{range:?} {pieces} {threads}");
            assert_eq!(idx.next, one_by_one.next, "{range:?} {pieces} {threads}");
            assert_eq!(idx.min_labels, one_by_one.min_labels);
            let mut lens: Vec<u8> = idx.ipv4_cidr.iter().map(|c| c.0).collect();
            lens.dedup();
            assert_eq!(lens, one_by_one.ipv4_cidr.iter().map(|c| c.0).collect::<Vec<_>>());
            // Every listed value looked up as a log value of its type, and a few more.
            let listed = values.iter().filter_map(|v| {
                let (kind, value) = classify(v)?;
                let value = match kind {
                    IocType::Ipv4Cidr | IocType::Ipv6Cidr => {
                        value.split('/').next().unwrap_or_default().to_string()
                    }
                    _ => value,
                };
                Some((kind.path(), value, true))
            });
            let more = [
                (IPV4, "10.1.2.3"),
                (IPV4, "192.0.1.77"),
                (IPV4, "198.51.7.7"),
                (IPV6, "2001:db8::1"),
                (DOMAIN, "x.a.evil.example"),
                (DOMAIN, "www.host7.example"),
                (URL, "http://h3.example/p4"),
                (URL, "evil.example/a?b=1"),
                (MD5, "d41d8cd98f00b204e9800998ecf8427e"),
                (EMAIL, "Bad@evil.example"),
            ]
            .map(|(path, value)| (path, value.to_string(), false));
            for (path, value, is_listed) in listed.chain(more) {
                let (mut got, mut want) = (Vec::new(), Vec::new());
                idx.match_value(path, &value, &mut got);
                one_by_one.match_value(path, &value, &mut want);
                assert_eq!(got, want, "{path} {value}");
                assert!(!is_listed || !want.is_empty(), "{path} {value}");
            }
        }
    }

    #[test]
    fn a_string_key_is_hashed_once_for_its_slot_and_its_filter() {
        use std::hash::BuildHasher;
        let hasher = BuildHasherDefault::<FxHasher>::default();
        for key in ["", "a", "evil.example", "0123456789abcdef0123456789abcdef", "x/y?z"] {
            let boxed: Box<str> = key.into();
            assert_eq!(map_hash(bytes_hash(key)), hasher.hash_one(&boxed), "{key}");
        }
        // The filter built while filling a table is the one `finish` builds from its keys.
        let values: Vec<String> = (0..500).map(|n| format!("h{n}.example")).collect();
        let idx = batched(&values, 0..500, 2, 2);
        let mut again = StrMap { map: idx.domains.map.clone(), ..StrMap::default() };
        again.finish();
        assert_eq!((again.bloom, again.mask), (idx.domains.bloom.clone(), idx.domains.mask));
        // Values added one by one after a batch are in the filter too.
        let mut late = values.clone();
        late.extend((0..500).map(|n| format!("late{n}.example")));
        let idx = batched(&late, 0..500, 2, 2);
        for value in &late {
            let mut out = Vec::new();
            idx.match_value(DOMAIN, value, &mut out);
            assert_eq!(out.len(), 1, "{value}");
        }
    }

    #[test]
    fn classify_by_rules() {
        let cases = [
            ("1.2.3.4", Some(IocType::Ipv4)),
            ("1.2.3.4/24", Some(IocType::Ipv4Cidr)),
            ("1.2.3.4/32", Some(IocType::Ipv4)),
            ("1.2.3.256", None),
            ("evil[.]example", Some(IocType::Domain)),
            ("hxxp://evil[.]example/x", Some(IocType::Url)),
            ("::1", Some(IocType::Ipv6)),
            ("d41d8cd98f00b204e9800998ecf8427e", Some(IocType::Md5)),
            ("da39a3ee5e6b4b0d3255bfef95601890afd80709", Some(IocType::Sha1)),
            (
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Some(IocType::Sha256),
            ),
            ("a@b.example", Some(IocType::Email)),
            ("hello", None),
            ("1.2.3", None),
            ("x:y://z", None),
            ("a.b:c", None),
            ("ftp://h:21//x", Some(IocType::Url)),
        ];
        for (input, expected) in cases {
            assert_eq!(classify(input).map(|c| c.0), expected, "{input}");
        }
        assert_eq!(classify("10.1.2.3/8").map(|c| c.1), Some("10.0.0.0/8".to_string()));
    }
}
