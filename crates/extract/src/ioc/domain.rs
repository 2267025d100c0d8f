//! Host names: the compiled-in TLD list, label rules, and what tells a domain from a file name,
//! an antivirus signature name or a code identifier.
//!
//! `tlds.txt` is generated, not fetched: the last label of every rule of the Public Suffix List
//! (Debian's `publicsuffix` package, `/usr/share/publicsuffix/public_suffix_list.dat`), IDNs in
//! punycode, sorted. Regenerate with:
//!
//! ```text
//! python3 -c "import sys; print('\n'.join(sorted({l.strip().lstrip('!*.').split('.')[-1].encode('idna').decode().lower() for l in open('/usr/share/publicsuffix/public_suffix_list.dat', encoding='utf-8') if l.strip() and not l.startswith('//')})))"
//! ```

use std::collections::HashSet;

use super::Flag;

const TLD_LIST: &str = include_str!("tlds.txt");

/// Special-use names (RFC 2606, RFC 6761, RFC 6762) that are not delegated but appear in
/// reports; accepted and flagged.
const SPECIAL_TLDS: &[&str] = &["example", "test", "invalid", "localhost", "local", "onion"];

/// The set of top-level domains.
#[derive(Debug)]
pub(crate) struct Tlds {
    set: HashSet<&'static str>,
}

impl Tlds {
    pub(crate) fn new() -> Tlds {
        let set = TLD_LIST
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .chain(SPECIAL_TLDS.iter().copied())
            .collect();
        Tlds { set }
    }

    /// Whether `label` (any case) is a top-level domain.
    pub(crate) fn contains(&self, label: &[u8]) -> bool {
        let mut buf = [0u8; 63];
        let Some(dst) = buf.get_mut(..label.len()) else { return false };
        dst.copy_from_slice(label);
        dst.make_ascii_lowercase();
        std::str::from_utf8(dst).is_ok_and(|s| self.set.contains(s))
    }
}

/// File extensions that are also TLDs: a bare `name.ext` with one of them is a file name unless
/// the context says otherwise.
pub(crate) const AMBIGUOUS_EXTS: &[&str] = &[
    "zip", "sh", "md", "py", "rs", "so", "mov", "app", "top", "pl", "ps", "cc", "cs", "js", "mp",
    "ai", "bz", "gz", "xz", "py", "rb", "go", "ts", "sc", "pm", "tk", "ml", "cab", "bat", "run",
    "bin", "dev", "lnk", "csv", "docs", "exe", "one", "pub", "apk", "img", "dat", "xml",
];

/// Extensions that make a dotted word a file name.
pub(crate) const FILE_EXTS: &[&str] = &[
    "exe",
    "dll",
    "sys",
    "scr",
    "bat",
    "cmd",
    "ps1",
    "psm1",
    "psd1",
    "vbs",
    "vbe",
    "js",
    "jse",
    "wsf",
    "wsh",
    "hta",
    "lnk",
    "doc",
    "docx",
    "docm",
    "dot",
    "dotm",
    "xls",
    "xlsx",
    "xlsm",
    "xlsb",
    "xll",
    "ppt",
    "pptx",
    "pptm",
    "pdf",
    "rtf",
    "iso",
    "img",
    "vhd",
    "vhdx",
    "msi",
    "msix",
    "jar",
    "apk",
    "ipa",
    "elf",
    "bin",
    "dat",
    "tmp",
    "log",
    "txt",
    "ini",
    "cfg",
    "conf",
    "json",
    "xml",
    "html",
    "htm",
    "php",
    "asp",
    "aspx",
    "ashx",
    "jsp",
    "py",
    "pyc",
    "sh",
    "zip",
    "rar",
    "7z",
    "gz",
    "tgz",
    "tar",
    "bz2",
    "xz",
    "cab",
    "dmg",
    "pkg",
    "deb",
    "rpm",
    "so",
    "dylib",
    "ko",
    "one",
    "eml",
    "msg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "bmp",
    "ico",
    "svg",
    "db",
    "sqlite",
    "sql",
    "csv",
    "c",
    "cpp",
    "h",
    "go",
    "rs",
    "rb",
    "pl",
    "md",
    "yml",
    "yaml",
    "app",
    "mov",
    "mp4",
    "mp3",
    "wav",
    "chm",
    "inf",
    "reg",
    "cpl",
    "ocx",
    "drv",
    "efi",
    "pif",
    "com",
    "gadget",
    "appx",
    "xpi",
    "crx",
    "vb",
    "cs",
    "ts",
    "war",
    "ear",
    "lua",
    "pem",
    "key",
    "crt",
    "cer",
    "pfx",
    "p12",
    "ovpn",
    "kdbx",
    "bak",
    "old",
    "dmp",
    "evtx",
    "pcap",
    "pcapng",
    "iqy",
    "slk",
    "url",
    "library-ms",
    "searchconnector-ms",
    "xsl",
    "wasm",
    "run",
    "out",
    "plist",
    "service",
    "timer",
    "desktop",
    "torrent",
    "7zip",
    "gpg",
    "asc",
    "enc",
    "locked",
    "encrypted",
];

/// Extensions that, before a last label, mean a renamed file rather than a subdomain.
const RENAMED_EXTS: &[&str] = &[
    "exe", "dll", "jpg", "jpeg", "png", "gif", "bmp", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "txt", "rar", "7z", "mp3", "mp4", "avi", "sql", "mdb", "psd", "csv",
];

/// Words that precede a file name.
const FILE_CONTEXT: &[&str] = &[
    "download",
    "downloads",
    "downloaded",
    "file",
    "files",
    "filename",
    "attachment",
    "attached",
    "execute",
    "executes",
    "executed",
    "executing",
    "run",
    "runs",
    "named",
    "drop",
    "drops",
    "dropped",
    "archive",
    "script",
    "scripts",
    "payload",
    "binary",
    "document",
    "launch",
    "launches",
    "save",
    "saves",
    "saved",
    "open",
    "opens",
    "called",
    "loader",
    "writes",
    "wrote",
    "creates",
    "created",
    "extracts",
    "extracted",
    "contains",
    "installer",
    "sample",
    "samples",
    "module",
    "library",
    "dll",
    "macro",
    "copy",
    "copies",
    "rename",
    "renamed",
    "delete",
    "deletes",
];

/// Labels of antivirus signature names (`Trojan.Win32.Agent`, `Backdoor.Win64.COBEACON.A`).
const AV_LABELS: &[&str] = &[
    "trojan",
    "backdoor",
    "worm",
    "virus",
    "ransom",
    "ransomware",
    "heur",
    "win32",
    "win64",
    "msil",
    "w32",
    "w64",
    "w97m",
    "x97m",
    "o97m",
    "linux",
    "androidos",
    "android",
    "osx",
    "macos",
    "pua",
    "pup",
    "riskware",
    "adware",
    "exploit",
    "hacktool",
    "trojandownloader",
    "trojanspy",
    "trojandropper",
    "downloader",
    "dropper",
    "generic",
    "agent",
    "gen",
    "variant",
    "malware",
    "spyware",
    "keylogger",
    "rootkit",
    "bitcoinminer",
    "coinminer",
    "miner",
    "vbs",
    "js",
    "script",
    "html",
    "doc",
    "pdf",
    "ps",
    "powershell",
    "phishing",
    "infostealer",
    "stealer",
    "rat",
    "apt",
    "heuristic",
    "suspicious",
    "behavior",
    "elf",
    "unix",
    "multi",
    "nsis",
    "injector",
    "crypt",
    "packed",
    "obfuscated",
    "tool",
    "application",
    "ml",
    "ai",
];

/// First labels of code identifiers (`os.path.join`, `document.write`, `window.location`).
const CODE_OBJECTS: &[&str] = &[
    "system",
    "document",
    "window",
    "os",
    "sys",
    "self",
    "this",
    "math",
    "console",
    "json",
    "string",
    "object",
    "array",
    "process",
    "request",
    "response",
    "navigator",
    "location",
    "wscript",
    "shell",
    "microsoft",
    "net",
    "java",
    "javax",
    "android",
    "com",
    "org",
    "std",
    "kernel32",
    "ntdll",
    "user32",
    "advapi32",
    "ws2_32",
    "wininet",
    "urlmon",
    "shell32",
    "crypt32",
    "subprocess",
    "socket",
    "base64",
    "ctypes",
    "urllib",
    "requests",
    "np",
    "pd",
    "torch",
    "re",
    "exports",
    "module",
    "require",
    "err",
    "ctx",
    "args",
    "config",
    "settings",
    "app",
    "client",
    "server",
    "http",
    "event",
    "e",
    "req",
    "res",
    "db",
    "logger",
    "log",
    "str",
    "obj",
    "data",
    "result",
    "node",
    "element",
    "el",
    "file",
    "path",
    "fs",
    "url",
    "uri",
    "activexobject",
    "scripting",
    "adodb",
    "msxml2",
    "winhttp",
    "powershell",
    "invoke",
    "convert",
    "environment",
    "io",
    "threading",
    "reflection",
    "runtime",
    "assembly",
    "marshal",
    "type",
    "tf",
    "cv2",
];

pub(crate) fn in_list(list: &[&str], word: &[u8]) -> bool {
    list.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// Checks label syntax and the TLD; `s` is a candidate with no leading/trailing dot. Returns
/// the number of labels.
pub(crate) fn host_shape(s: &[u8], tlds: &Tlds) -> Option<usize> {
    if s.len() > 253 || s.len() < 3 {
        return None;
    }
    let mut labels = 0;
    for label in s.split(|&b| b == b'.') {
        let n = label.len();
        if n == 0 || n > 63 {
            return None;
        }
        if label.first() == Some(&b'-') || label.last() == Some(&b'-') {
            return None;
        }
        if !label.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        labels += 1;
    }
    if labels < 2 {
        return None;
    }
    let tld_at = s.iter().rposition(|&b| b == b'.').map_or(0, |i| i + 1);
    let tld = s.get(tld_at..).unwrap_or(&[]);
    let tld_ok = tld.starts_with(b"xn--") || tld.iter().all(u8::is_ascii_alphabetic);
    if !tld_ok || !tlds.contains(tld) {
        return None;
    }
    Some(labels)
}

/// Flags for a canonical (lower-case) domain.
pub(crate) fn domain_flags(d: &str) -> Vec<Flag> {
    let tld = d.rsplit('.').next().unwrap_or("");
    let example = ["example.com", "example.org", "example.net"]
        .iter()
        .any(|e| d == *e || d.strip_suffix(e).is_some_and(|p| p.ends_with('.')));
    if example || tld == "example" {
        return vec![Flag::Documentation];
    }
    match tld {
        "test" | "invalid" | "local" => vec![Flag::Reserved],
        "localhost" => vec![Flag::Loopback],
        _ => Vec::new(),
    }
}

/// What a dotted word that passes the host-name rules is, judged from its look and context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Domain,
    FileName,
    Neither,
}

/// Decides domain vs file name vs neither for a word that is a syntactically valid host.
///
/// `word` is the candidate as written (after refanging), `before` the text before it (a bounded
/// window), `after` the byte after it, `defanged` whether any part was defanged.
pub(crate) fn judge_host(word: &[u8], before: &[u8], after: Option<u8>, defanged: bool) -> Verdict {
    if defanged {
        return Verdict::Domain;
    }
    let labels: Vec<&[u8]> = word.split(|&b| b == b'.').collect();
    let (Some(first), Some(tld)) = (labels.first(), labels.last()) else { return Verdict::Neither };
    // Code: a call (`os.path.join(`), a known object, CamelCase labels.
    if after == Some(b'(') || after == Some(b'[') {
        return Verdict::Neither;
    }
    if labels.len() >= 2 && in_list(CODE_OBJECTS, first) && !is_common_domain_tld(tld) {
        return Verdict::Neither;
    }
    if labels.iter().any(|l| is_camel(l)) {
        return Verdict::Neither;
    }
    // Antivirus signature names: a known label with upper-case letters, or after `Family:`.
    let has_upper = word.iter().any(u8::is_ascii_uppercase);
    if has_upper && labels.iter().any(|l| in_list(AV_LABELS, l)) {
        return Verdict::Neither;
    }
    if before.last() == Some(&b':')
        && before.iter().rev().nth(1).is_some_and(u8::is_ascii_alphabetic)
    {
        return Verdict::Neither;
    }
    // `word.Word`: a missing space after a full stop, or `ASP.NET`.
    let capitalized_tld = tld.first().is_some_and(u8::is_ascii_uppercase)
        && tld.iter().skip(1).any(u8::is_ascii_lowercase);
    let all_caps = !word.iter().any(u8::is_ascii_lowercase);
    if labels.len() == 2 && (capitalized_tld || all_caps) {
        return Verdict::Neither;
    }
    // `ASP.NET`, `VB.Net`: products.
    if labels.len() == 2
        && tld.eq_ignore_ascii_case(b"net")
        && in_list(&["asp", "vb", "ado"], first)
    {
        return Verdict::Neither;
    }
    // `1.jpg.PLAY`, `report.pdf.locked`: a file renamed by ransomware.
    if labels.len() >= 3 && labels.iter().rev().nth(1).is_some_and(|l| in_list(RENAMED_EXTS, l)) {
        return Verdict::FileName;
    }
    // File name or domain.
    if in_list(AMBIGUOUS_EXTS, tld) {
        if labels.len() == 2 || file_context(before) {
            return Verdict::FileName;
        }
        return Verdict::Domain;
    }
    if in_list(FILE_EXTS, tld) && file_context(before) && !is_common_domain_tld(tld) {
        return Verdict::FileName;
    }
    Verdict::Domain
}

fn is_common_domain_tld(tld: &[u8]) -> bool {
    in_list(&["com", "net", "org", "ru", "cn", "info", "biz", "io", "xyz", "top", "uk", "de"], tld)
}

/// `WebClient`, `getElementById`: an upper-case letter after a lower-case one.
fn is_camel(label: &[u8]) -> bool {
    label
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.is_ascii_lowercase() && b.is_ascii_uppercase()))
}

/// Whether one of the few words before the candidate says "file".
pub(crate) fn file_context(before: &[u8]) -> bool {
    if matches!(before.last(), Some(b'"' | b'`' | b'\'' | b'\\' | b'/')) {
        return true;
    }
    let mut words = 0;
    for w in before.rsplit(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if in_list(FILE_CONTEXT, w) {
            return true;
        }
        words += 1;
        if words >= 4 {
            break;
        }
    }
    false
}

/// Whether a dotted word with no TLD is a file name: `name.ext` with a known extension.
pub(crate) fn is_file_name(word: &[u8]) -> bool {
    let Some(dot) = word.iter().rposition(|&b| b == b'.') else { return false };
    let (base, ext) = (word.get(..dot).unwrap_or(&[]), word.get(dot + 1..).unwrap_or(&[]));
    if base.is_empty() || !in_list(FILE_EXTS, ext) {
        return false;
    }
    // `Node.js`, `Vue.js`: product names.
    if ext.eq_ignore_ascii_case(b"js")
        && base.first().is_some_and(u8::is_ascii_uppercase)
        && base.iter().all(u8::is_ascii_alphabetic)
    {
        return false;
    }
    base.iter().any(u8::is_ascii_alphanumeric)
}
