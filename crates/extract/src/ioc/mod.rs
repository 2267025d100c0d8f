//! IOC scanner.
//!
//! One [`Scanner`] is built once (defang automaton, TLD set, optional ATT&CK ids) and reused; it
//! is `Send + Sync`. [`Scanner::scan`] works in two linear passes:
//!
//! 1. **Refang**: an Aho-Corasick pass rewrites every defang style (`hxxp`, `[.]`, `(dot)`,
//!    `[:]`, `[at]`, ` dot ` between host labels, …) and keeps the edits, so each finding maps
//!    back to the scanned text and knows whether it was defanged. Text with no defang costs no
//!    copy.
//! 2. **Scan**: a byte-class walk over maximal runs of `[A-Za-z0-9._-]`. Each run is visited
//!    once and classified from its shape and the byte after it (`://` → URL, `@` → e-mail,
//!    `:\` → Windows path, `\` after a hive → registry key, `:` → IPv6, `/` → CIDR); the few
//!    matchers that read past a run (URLs, paths, IPv6) consume what they read or stop within a
//!    fixed window. Every byte is therefore looked at a bounded number of times: the scan is
//!    linear in the input on any input.
//!
//! Output is canonical: refanged, lower-case hosts, hashes and Ethereum addresses, upper-case
//! CVE and ATT&CK ids, compressed IPv6. Special-purpose addresses and example domains are kept
//! and flagged.

mod crypto;
mod domain;
mod net;
mod refang;

use std::collections::HashSet;

use domain::{Tlds, Verdict};
use refang::{Refanged, Refanger};

/// The type of an IOC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IocKind {
    Ipv4,
    Ipv6,
    Ipv4Cidr,
    Ipv6Cidr,
    Domain,
    Url,
    Email,
    Md5,
    Sha1,
    Sha256,
    Sha512,
    Cve,
    AttackTechnique,
    BtcAddress,
    EthAddress,
    XmrAddress,
    FileName,
    FilePath,
    RegistryKey,
}

impl IocKind {
    /// Every kind, in declaration order.
    pub const ALL: [IocKind; 19] = [
        IocKind::Ipv4,
        IocKind::Ipv6,
        IocKind::Ipv4Cidr,
        IocKind::Ipv6Cidr,
        IocKind::Domain,
        IocKind::Url,
        IocKind::Email,
        IocKind::Md5,
        IocKind::Sha1,
        IocKind::Sha256,
        IocKind::Sha512,
        IocKind::Cve,
        IocKind::AttackTechnique,
        IocKind::BtcAddress,
        IocKind::EthAddress,
        IocKind::XmrAddress,
        IocKind::FileName,
        IocKind::FilePath,
        IocKind::RegistryKey,
    ];

    /// The JSONL type name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IocKind::Ipv4 => "ipv4-addr",
            IocKind::Ipv6 => "ipv6-addr",
            IocKind::Ipv4Cidr => "ipv4-cidr",
            IocKind::Ipv6Cidr => "ipv6-cidr",
            IocKind::Domain => "domain-name",
            IocKind::Url => "url",
            IocKind::Email => "email-addr",
            IocKind::Md5 => "md5",
            IocKind::Sha1 => "sha1",
            IocKind::Sha256 => "sha256",
            IocKind::Sha512 => "sha512",
            IocKind::Cve => "cve",
            IocKind::AttackTechnique => "attack-technique",
            IocKind::BtcAddress => "btc-address",
            IocKind::EthAddress => "eth-address",
            IocKind::XmrAddress => "xmr-address",
            IocKind::FileName => "file-name",
            IocKind::FilePath => "file-path",
            IocKind::RegistryKey => "windows-registry-key",
        }
    }

    /// The kind with this JSONL type name.
    pub fn parse(s: &str) -> Option<IocKind> {
        IocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for IocKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an IOC deserves a second look: it is extracted, not dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// RFC 1918, RFC 6598 shared space, IPv6 unique local.
    Private,
    /// Reserved ranges and special-use names (`.test`, `.invalid`, `.local`).
    Reserved,
    /// Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and
    /// example domains (`example.com`, `.example`).
    Documentation,
    Loopback,
    LinkLocal,
    Multicast,
    Broadcast,
    Unspecified,
    /// A checksummed form whose checksum does not match (a mixed-case Ethereum address that
    /// breaks EIP-55): possibly mistyped or altered.
    BadChecksum,
}

impl Flag {
    /// The JSONL flag name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Flag::Private => "private",
            Flag::Reserved => "reserved",
            Flag::Documentation => "documentation",
            Flag::Loopback => "loopback",
            Flag::LinkLocal => "link-local",
            Flag::Multicast => "multicast",
            Flag::Broadcast => "broadcast",
            Flag::Unspecified => "unspecified",
            Flag::BadChecksum => "bad-checksum",
        }
    }
}

/// One IOC found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ioc {
    pub kind: IocKind,
    /// Canonical value: refanged, lower-case hosts and hashes, upper-case CVE, compressed IPv6.
    pub value: String,
    /// Byte offsets into the scanned text (the span as written, defanged or not).
    pub start: usize,
    pub end: usize,
    /// The source wrote it defanged.
    pub defanged: bool,
    pub flags: Vec<Flag>,
}

impl Ioc {
    /// The JSONL observable line as a JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": "observable",
            "type": self.kind.as_str(),
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "defanged": self.defanged,
            "flags": self.flags.iter().map(Flag::as_str).collect::<Vec<_>>(),
        })
    }
}

/// Finds IOCs in text. Build once, reuse; `Send + Sync`.
#[derive(Debug)]
pub struct Scanner {
    refanger: Refanger,
    tlds: Tlds,
    attack_ids: Option<HashSet<String>>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

/// A finding in refanged coordinates.
struct Raw {
    kind: IocKind,
    value: String,
    start: usize,
    end: usize,
    flags: Vec<Flag>,
}

// Byte classes.
const SEP: u8 = 0;
const WORD: u8 = 1;
const OTHER: u8 = 2;

const CLASS: [u8; 256] = {
    let mut c = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        c[i] = if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_' {
            WORD
        } else if b <= b' ' || b >= 0x7F || matches!(b, b'"' | b'<' | b'>' | b'`' | b'|' | b'\'') {
            SEP
        } else {
            OTHER
        };
        i += 1;
    }
    c
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

fn is_word(b: u8) -> bool {
    class(b) == WORD
}

fn run_end(t: &[u8], from: usize) -> usize {
    let mut e = from;
    while t.get(e).is_some_and(|&b| is_word(b)) {
        e += 1;
    }
    e
}

fn starts_with_ci(t: &[u8], at: usize, p: &[u8]) -> bool {
    t.get(at..at + p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p))
}

fn lower(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_ascii_lowercase()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SCHEMES: &[&str] = &[
    "http", "https", "ftp", "ftps", "sftp", "ws", "wss", "tcp", "udp", "smb", "rdp", "ssh",
    "telnet", "ldap", "ldaps", "file", "tftp", "irc", "socks5", "socks4",
];

const HIVES: &[&str] = &[
    "HKLM",
    "HKCU",
    "HKCR",
    "HKU",
    "HKCC",
    "HKEY_LOCAL_MACHINE",
    "HKEY_CURRENT_USER",
    "HKEY_CLASSES_ROOT",
    "HKEY_USERS",
    "HKEY_CURRENT_CONFIG",
];

const POSIX_ROOTS: &[&str] = &[
    "/etc/",
    "/tmp/",
    "/var/",
    "/usr/",
    "/bin/",
    "/sbin/",
    "/home/",
    "/root/",
    "/dev/",
    "/opt/",
    "/lib/",
    "/lib64/",
    "/proc/",
    "/sys/",
    "/boot/",
    "/mnt/",
    "/media/",
    "/srv/",
    "/run/",
    "/Library/",
    "/Users/",
    "/System/",
    "/Applications/",
    "/private/",
    "/Volumes/",
];

const VERSION_WORDS: &[&str] = &[
    "version", "versions", "ver", "v", "build", "release", "firmware", "rev", "revision", "update",
    "patch", "vers", "kb", "sp", "driver", "agent", "sdk", "api", "edition",
];

const IP_CONTEXT_WORDS: &[&str] = &[
    "ip",
    "ips",
    "ipv4",
    "address",
    "addresses",
    "server",
    "servers",
    "host",
    "hosts",
    "c2",
    "source",
    "destination",
    "remote",
    "gateway",
    "proxy",
    "node",
    "domain",
    "resolves",
    "resolved",
    "connects",
    "beacon",
    "beacons",
    "indicator",
    "indicators",
    "infrastructure",
];

/// Bytes that can sit inside a Windows path or registry key.
fn is_win_path_byte(b: u8) -> bool {
    b > b' ' && b < 0x7F && !matches!(b, b'"' | b'<' | b'>' | b'|' | b'*' | b'?' | b'\'' | b'`')
}

fn is_posix_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b'.' | b'_' | b'-' | b'/' | b'~' | b'+' | b'@' | b'%' | b'$')
}

/// Trims trailing punctuation that ends a sentence rather than an IOC.
fn trim_end(t: &[u8], s: usize, mut e: usize, extra: &[u8]) -> usize {
    while e > s
        && t.get(e - 1)
            .is_some_and(|b| matches!(b, b'.' | b',' | b';' | b':' | b'!') || extra.contains(b))
    {
        e -= 1;
    }
    e
}

/// The previous word (letters and digits) before `s`, skipping spaces and `:`.
fn prev_word(t: &[u8], s: usize) -> &[u8] {
    let mut e = s;
    while e > 0 && s - e < 8 && t.get(e - 1).is_some_and(|&b| b == b' ' || b == b':' || b == b'\t')
    {
        e -= 1;
    }
    let mut b = e;
    while b > 0 && e - b < 32 && t.get(b - 1).is_some_and(u8::is_ascii_alphanumeric) {
        b -= 1;
    }
    t.get(b..e).unwrap_or(&[])
}

impl Scanner {
    /// A scanner with the compiled-in TLD list and no ATT&CK validation (any `T1nnn` id).
    pub fn new() -> Scanner {
        Scanner { refanger: Refanger::new(), tlds: Tlds::new(), attack_ids: None }
    }

    /// Only reports ATT&CK technique ids in `known` (e.g. `T1059`, `T1059.001`, any case).
    pub fn with_attack_ids(mut self, known: HashSet<String>) -> Scanner {
        self.attack_ids = Some(known.into_iter().map(|k| k.to_ascii_uppercase()).collect());
        self
    }

    /// All IOCs in `text`, in order of position, not overlapping.
    pub fn scan(&self, text: &str) -> Vec<Ioc> {
        let r = self.refanger.refang(text, &self.tlds);
        let t = r.text.as_bytes();
        let mut raw = Vec::new();
        self.scan_refanged(&r, t, &mut raw);
        raw.into_iter()
            .map(|f| {
                let (start, end, defanged) = r.map_span(f.start, f.end);
                Ioc { kind: f.kind, value: f.value, start, end, defanged, flags: f.flags }
            })
            .collect()
    }

    fn scan_refanged(&self, r: &Refanged<'_>, t: &[u8], out: &mut Vec<Raw>) {
        let n = t.len();
        let mut i = 0;
        while i < n {
            let Some(&b) = t.get(i) else { break };
            match class(b) {
                SEP => i += 1,
                WORD => {
                    // One pass finds the run's end and whether it is a plain word: letters,
                    // maybe one sentence-ending dot. Plain words followed by nothing that
                    // starts a URL, e-mail, path or IPv6 address cannot be IOCs.
                    let mut e = i;
                    let mut letters_only = true;
                    while let Some(&c) = t.get(e) {
                        if !is_word(c) {
                            break;
                        }
                        letters_only &= c.is_ascii_alphabetic();
                        e += 1;
                    }
                    let plain = letters_only
                        || (t.get(e - 1) == Some(&b'.')
                            && t.get(i..e - 1)
                                .is_some_and(|w| w.iter().all(u8::is_ascii_alphabetic)));
                    if plain && !matches!(t.get(e), Some(b':' | b'@' | b'\\')) {
                        i = e;
                        continue;
                    }
                    i = self.word(r, t, i, e, out).max(e);
                }
                _ => {
                    let prev = i.checked_sub(1).and_then(|p| t.get(p)).copied().unwrap_or(b' ');
                    let boundary = !prev.is_ascii_alphanumeric()
                        && !matches!(prev, b'/' | b'\\' | b':' | b'%');
                    let next = match b {
                        b'/' if boundary => self.posix_path(t, i, out),
                        b'\\' if boundary && t.get(i + 1) == Some(&b'\\') => {
                            self.win_path(t, i, i + 2, IocKind::FilePath, out)
                        }
                        b'%' if boundary => self.env_path(t, i, out),
                        b':' if boundary && t.get(i + 1) == Some(&b':') => self.ipv6(t, i, out),
                        b'~' if boundary && t.get(i + 1) == Some(&b'/') => {
                            self.tilde_path(t, i, out)
                        }
                        _ => None,
                    };
                    i = next.unwrap_or(i + 1).max(i + 1);
                }
            }
        }
    }

    /// Handles the word run `t[s..e]`; returns where scanning resumes.
    fn word(&self, r: &Refanged<'_>, t: &[u8], s: usize, e: usize, out: &mut Vec<Raw>) -> usize {
        let w = t.get(s..e).unwrap_or(&[]);
        let next = t.get(e).copied();
        match next {
            Some(b':') => {
                if t.get(e..e + 3) == Some(b"://")
                    && SCHEMES.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(w))
                {
                    if let Some(end) = self.url(t, s, e + 3, out) {
                        return end;
                    }
                    return e + 3;
                }
                if w.len() == 1
                    && w.first().is_some_and(u8::is_ascii_alphabetic)
                    && t.get(e + 1) == Some(&b'\\')
                    && let Some(end) = self.win_path(t, s, e + 2, IocKind::FilePath, out)
                {
                    return end;
                }
                if t.get(e + 1) == Some(&b'\\')
                    && domain::in_list(HIVES, w)
                    && let Some(end) = self.win_path(t, s, e + 2, IocKind::RegistryKey, out)
                {
                    return end;
                }
                if w.len() <= 4
                    && w.iter().all(u8::is_ascii_hexdigit)
                    && let Some(end) = self.ipv6(t, s, out)
                {
                    return end;
                }
            }
            Some(b'\\') if domain::in_list(HIVES, w) => {
                if let Some(end) = self.win_path(t, s, e + 1, IocKind::RegistryKey, out) {
                    return end;
                }
            }
            Some(b'@') => {
                if let Some(end) = self.email(t, s, e, out) {
                    return end;
                }
            }
            _ => {}
        }
        // Trim a leading `.`/`-` (`.NET`, `-v`) and sentence punctuation at the end.
        let mut s2 = s;
        while s2 < e && t.get(s2).is_some_and(|&b| b == b'.' || b == b'-') {
            s2 += 1;
        }
        let e2 = trim_end(t, s2, e, b"-_");
        if e2 <= s2 {
            return e;
        }
        let w = t.get(s2..e2).unwrap_or(&[]);
        if let Some(end) = self.classify(r, t, s2, e2, w, out) {
            return end;
        }
        e
    }

    fn push(
        out: &mut Vec<Raw>,
        kind: IocKind,
        value: String,
        start: usize,
        end: usize,
        flags: Vec<Flag>,
    ) {
        out.push(Raw { kind, value, start, end, flags });
    }

    /// A word with no special byte after it. Returns where to resume when it read further.
    fn classify(
        &self,
        r: &Refanged<'_>,
        t: &[u8],
        s: usize,
        e: usize,
        w: &[u8],
        out: &mut Vec<Raw>,
    ) -> Option<usize> {
        let has_dot = w.contains(&b'.');
        let len = w.len();
        if !has_dot {
            // Fast reject for plain words.
            if w.iter().all(u8::is_ascii_alphabetic) && len < 32 {
                return None;
            }
            if w.iter().all(u8::is_ascii_hexdigit) {
                let kind = match len {
                    32 => Some(IocKind::Md5),
                    40 => Some(IocKind::Sha1),
                    64 => Some(IocKind::Sha256),
                    128 => Some(IocKind::Sha512),
                    _ => None,
                };
                if let Some(kind) = kind {
                    Self::push(out, kind, lower(w), s, e, Vec::new());
                }
                return None;
            }
            if len == 42
                && (w.starts_with(b"0x") || w.starts_with(b"0X"))
                && w.get(2..).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            {
                let flags =
                    if crypto::eth_checksum_ok(w) { Vec::new() } else { vec![Flag::BadChecksum] };
                Self::push(out, IocKind::EthAddress, lower(w), s, e, flags);
                return None;
            }
            if starts_with_ci(w, 0, b"cve-") {
                if let Some(v) = parse_cve(w) {
                    Self::push(out, IocKind::Cve, v, s, e, Vec::new());
                }
                return None;
            }
            if len == 5 && self.attack_ok(w) {
                Self::push(
                    out,
                    IocKind::AttackTechnique,
                    text(w).to_ascii_uppercase(),
                    s,
                    e,
                    Vec::new(),
                );
                return None;
            }
            if crypto::is_btc_base58(w)
                || (starts_with_ci(w, 0, b"bc1") && crypto::is_btc_bech32(w))
            {
                let v = if starts_with_ci(w, 0, b"bc1") { lower(w) } else { text(w) };
                Self::push(out, IocKind::BtcAddress, v, s, e, Vec::new());
                return None;
            }
            if crypto::is_xmr(w) {
                Self::push(out, IocKind::XmrAddress, text(w), s, e, Vec::new());
            }
            return None;
        }
        if len == 9 && w.get(5) == Some(&b'.') && self.attack_ok(w) {
            Self::push(
                out,
                IocKind::AttackTechnique,
                text(w).to_ascii_uppercase(),
                s,
                e,
                Vec::new(),
            );
            return None;
        }
        if w.iter().all(|&b| b.is_ascii_digit() || b == b'.') {
            return self.ipv4(t, s, e, w, out);
        }
        // Host name, file name or neither.
        if domain::host_shape(w, &self.tlds).is_some() {
            let before = t.get(s.saturating_sub(48)..s).unwrap_or(&[]);
            let defanged = r.map_span(s, e).2;
            match domain::judge_host(w, before, t.get(e).copied(), defanged) {
                Verdict::Domain => {
                    let v = lower(w);
                    let flags = domain::domain_flags(&v);
                    Self::push(out, IocKind::Domain, v, s, e, flags);
                    // A schemeless URL's path is part of the host mention, not a new IOC.
                    if t.get(e) == Some(&b'/') {
                        let mut j = e;
                        while t.get(j).is_some_and(|&b| class(b) != SEP) {
                            j += 1;
                        }
                        return Some(j);
                    }
                    return None;
                }
                Verdict::FileName => {
                    Self::push(out, IocKind::FileName, text(w), s, e, Vec::new());
                    return None;
                }
                Verdict::Neither => return None,
            }
        }
        if domain::is_file_name(w) {
            Self::push(out, IocKind::FileName, text(w), s, e, Vec::new());
        }
        None
    }

    /// `T1234` or `T1234.001`, and in the known set when one was given.
    fn attack_ok(&self, w: &[u8]) -> bool {
        let shape = w.first().is_some_and(|&b| b == b'T' || b == b't')
            && w.get(1) == Some(&b'1')
            && w.get(1..5).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && (w.len() == 5
                || (w.len() == 9 && w.get(6..9).is_some_and(|d| d.iter().all(u8::is_ascii_digit))));
        if !shape {
            return false;
        }
        match &self.attack_ids {
            None => true,
            Some(known) => known.contains(&text(w).to_ascii_uppercase()),
        }
    }

    fn ipv4(&self, t: &[u8], s: usize, e: usize, w: &[u8], out: &mut Vec<Raw>) -> Option<usize> {
        let ip = net::parse_ipv4(w)?;
        // Versions: `version 1.2.3.4`, `Chrome 10.2.3.4`.
        let pw = prev_word(t, s);
        if domain::in_list(VERSION_WORDS, pw) {
            return None;
        }
        let product = pw.len() >= 3
            && pw.first().is_some_and(u8::is_ascii_uppercase)
            && pw.iter().any(u8::is_ascii_lowercase)
            && !domain::in_list(IP_CONTEXT_WORDS, pw);
        if product && ip.octets()[0] <= 30 {
            return None;
        }
        let flags = net::ipv4_flags(ip);
        // CIDR suffix.
        if t.get(e) == Some(&b'/') {
            let mut j = e + 1;
            while j < e + 3 && t.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            let bits = t.get(e + 1..j).unwrap_or(&[]);
            let after_ok = !t.get(j).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.');
            let v = bits.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
            if !bits.is_empty() && v <= 32 && after_ok {
                Self::push(out, IocKind::Ipv4Cidr, format!("{ip}/{v}"), s, j, flags);
                return Some(j);
            }
        }
        Self::push(out, IocKind::Ipv4, ip.to_string(), s, e, flags);
        None
    }

    fn ipv6(&self, t: &[u8], s: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let mut e = s;
        while e - s < 46
            && t.get(e).is_some_and(|&b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            e += 1;
        }
        // Longer than any IPv6 text or glued to a word: not an address.
        if t.get(e).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b':') {
            return None;
        }
        let mut end = e;
        while end > s
            && t.get(end - 1).is_some_and(|&b| b == b'.' || b == b':')
            && !t.get(s..end).is_some_and(|w| w.ends_with(b"::"))
        {
            end -= 1;
        }
        let ip = net::parse_ipv6(t.get(s..end)?)?;
        let flags = net::ipv6_flags(ip);
        if t.get(end) == Some(&b'/') {
            let mut j = end + 1;
            while j < end + 4 && t.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            let bits = t.get(end + 1..j).unwrap_or(&[]);
            let v = bits.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
            if !bits.is_empty() && v <= 128 && !t.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                Self::push(out, IocKind::Ipv6Cidr, format!("{ip}/{v}"), s, j, flags);
                return Some(j);
            }
        }
        Self::push(out, IocKind::Ipv6, ip.to_string(), s, end, flags);
        Some(end)
    }

    /// `scheme://authority/path?query#fragment`, `body` is after `://`.
    fn url(&self, t: &[u8], s: usize, body: usize, out: &mut Vec<Raw>) -> Option<usize> {
        // Authority: optional userinfo, host (name, IPv4, [IPv6]), optional port.
        let mut h = body;
        let auth_end = {
            let mut j = body;
            while t.get(j).is_some_and(|&b| {
                class(b) != SEP && !matches!(b, b'/' | b'?' | b'#' | b')' | b']' | b',' | b'\\')
            }) {
                j += 1;
                if j - body > 300 {
                    return None;
                }
            }
            // `[v6]` authority contains `]`.
            if t.get(body) == Some(&b'[') {
                while t.get(j).is_some_and(|&b| b != b']' && class(b) != SEP) && j - body < 60 {
                    j += 1;
                }
                if t.get(j) == Some(&b']') {
                    j += 1;
                    while t.get(j).is_some_and(|&b| b == b':' || b.is_ascii_digit()) {
                        j += 1;
                    }
                }
            }
            j
        };
        if let Some(at) = t.get(body..auth_end).and_then(|a| a.iter().rposition(|&b| b == b'@')) {
            h = body + at + 1;
        }
        let host_end = if t.get(h) == Some(&b'[') {
            t.get(h..auth_end).and_then(|a| a.iter().position(|&b| b == b']')).map(|p| h + p + 1)?
        } else {
            t.get(h..auth_end)
                .and_then(|a| a.iter().position(|&b| b == b':'))
                .map_or(auth_end, |p| h + p)
        };
        let host = t.get(h..host_end)?;
        let host = host.strip_suffix(b".").unwrap_or(host);
        let host_ok = if host.first() == Some(&b'[') {
            host.get(1..host.len().saturating_sub(1)).and_then(net::parse_ipv6).is_some()
        } else {
            net::parse_ipv4(host).is_some()
                || domain::host_shape(host, &self.tlds).is_some()
                || host.eq_ignore_ascii_case(b"localhost")
        };
        if !host_ok {
            return None;
        }
        let flags = if let Some(ip) = net::parse_ipv4(host) {
            net::ipv4_flags(ip)
        } else if let Some(ip) = host.get(1..host.len().saturating_sub(1)).and_then(net::parse_ipv6)
        {
            net::ipv6_flags(ip)
        } else {
            domain::domain_flags(&lower(host))
        };
        // Path, query, fragment: up to a separator; an unbalanced closing bracket ends the URL.
        let mut j = auth_end;
        let (mut paren, mut square, mut curly) = (0i32, 0i32, 0i32);
        while let Some(&b) = t.get(j) {
            if class(b) == SEP {
                break;
            }
            match b {
                b'(' => paren += 1,
                b')' if paren == 0 => break,
                b')' => paren -= 1,
                b'[' => square += 1,
                b']' if square == 0 => break,
                b']' => square -= 1,
                b'{' => curly += 1,
                b'}' if curly == 0 => break,
                b'}' => curly -= 1,
                _ => {}
            }
            j += 1;
        }
        let end = trim_end(t, s, j, b"?*");
        let end = end.max(host_end.min(j));
        let url = t.get(s..end)?;
        // Canonical: lower-case scheme and authority, path as written.
        let mut v = lower(t.get(s..auth_end.min(end))?);
        v.push_str(&text(t.get(auth_end.min(end)..end)?));
        Self::push(out, IocKind::Url, v, s, s + url.len(), flags);
        Some(end)
    }

    /// `local@domain`: `t[s..e]` is the run before `@`.
    fn email(&self, t: &[u8], s: usize, e: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let mut ls = s;
        while ls > 0
            && s - ls < 64
            && t.get(ls - 1).is_some_and(|&b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
            })
        {
            ls -= 1;
        }
        while ls < e && t.get(ls).is_some_and(|&b| b == b'.' || b == b'-') {
            ls += 1;
        }
        if ls >= e || e - ls > 64 {
            return None;
        }
        let ds = e + 1;
        let de = trim_end(t, ds, run_end(t, ds), b"-_");
        let dom = t.get(ds..de)?;
        domain::host_shape(dom, &self.tlds)?;
        let mut v = text(t.get(ls..e)?);
        v.push('@');
        let d = lower(dom);
        let flags = domain::domain_flags(&d);
        v.push_str(&d);
        Self::push(out, IocKind::Email, v, ls, de, flags);
        Some(de)
    }

    /// A Windows path or registry key from `s`; `body` is after the root (`C:\`, `\\`, `HKLM\`).
    /// Crosses a space only when the next chunk continues the path (`Program Files\…`).
    fn win_path(
        &self,
        t: &[u8],
        s: usize,
        body: usize,
        kind: IocKind,
        out: &mut Vec<Raw>,
    ) -> Option<usize> {
        let mut j = body;
        loop {
            while j - s < 1024 && t.get(j).is_some_and(|&b| is_win_path_byte(b)) {
                j += 1;
            }
            if t.get(j) != Some(&b' ') || j - s >= 1024 {
                break;
            }
            // Up to three space-separated chunks (`Program Files (x86)\`), each capitalized or
            // parenthesized, then a backslash.
            let mut k = j;
            let mut chunks = 0;
            while t.get(k) == Some(&b' ') && chunks < 3 {
                k += 1;
                if !t
                    .get(k)
                    .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'(')
                {
                    break;
                }
                let c0 = k;
                while k - c0 < 64 && t.get(k).is_some_and(|&b| is_win_path_byte(b) && b != b'\\') {
                    k += 1;
                }
                chunks += 1;
            }
            if t.get(k) == Some(&b'\\') {
                j = k;
            } else {
                break;
            }
        }
        let mut end = trim_end(t, s, j, b")]}");
        // Keep `(x86)`-style balanced parentheses; drop an unbalanced closing one.
        let seg = t.get(s..end)?;
        let opens = seg.iter().filter(|&&b| b == b'(').count();
        let closes = seg.iter().filter(|&&b| b == b')').count();
        if closes > opens && seg.last() == Some(&b')') {
            end -= 1;
        }
        if end <= body {
            return None;
        }
        Self::push(out, kind, text(t.get(s..end)?), s, end, Vec::new());
        Some(end)
    }

    /// `%APPDATA%\…`
    fn env_path(&self, t: &[u8], s: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let mut j = s + 1;
        while j - s < 40
            && t.get(j)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b')'))
        {
            j += 1;
        }
        if j == s + 1 || t.get(j) != Some(&b'%') || t.get(j + 1) != Some(&b'\\') {
            return None;
        }
        self.win_path(t, s, j + 2, IocKind::FilePath, out)
    }

    fn posix_path(&self, t: &[u8], s: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let root = POSIX_ROOTS.iter().find(|r| t.get(s..s + r.len()) == Some(r.as_bytes()))?;
        let mut j = s;
        while j - s < 1024 && t.get(j).is_some_and(|&b| is_posix_path_byte(b)) {
            j += 1;
        }
        let end = trim_end(t, s, j, b"");
        if end <= s + root.len() {
            return None;
        }
        Self::push(out, IocKind::FilePath, text(t.get(s..end)?), s, end, Vec::new());
        Some(end)
    }

    /// `~/.ssh/authorized_keys`
    fn tilde_path(&self, t: &[u8], s: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let mut j = s + 2;
        while j - s < 1024 && t.get(j).is_some_and(|&b| is_posix_path_byte(b)) {
            j += 1;
        }
        let end = trim_end(t, s, j, b"");
        if end <= s + 3 {
            return None;
        }
        Self::push(out, IocKind::FilePath, text(t.get(s..end)?), s, end, Vec::new());
        Some(end)
    }
}

fn parse_cve(w: &[u8]) -> Option<String> {
    let rest = w.get(4..)?;
    let year = rest.get(..4)?;
    if !year.iter().all(u8::is_ascii_digit) || rest.get(4) != Some(&b'-') {
        return None;
    }
    let num = rest.get(5..)?;
    if !(4..=7).contains(&num.len()) || !num.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text(w).to_ascii_uppercase())
}
