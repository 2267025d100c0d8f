//! Log kinds, their detection, and the per-line parsers that hand mapped field values to the
//! index.

use crate::index::{self, IndicatorIndex, Matcher, classify, parse_ipv4, url_key};
use crate::json;
use crate::mapping::{Target, eve_field, generic_field, zeek_field};

/// The kinds of log the hunt reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogKind {
    /// Zeek's tab-separated logs with their `#separator`/`#fields` header.
    ZeekTsv,
    /// Zeek logs written as JSON lines (`LogAscii::use_json`).
    ZeekJson,
    /// Suricata EVE JSON.
    SuricataEve,
    /// Any other JSON lines, keys mapped by name.
    JsonLines,
    /// CSV with a header line, columns mapped by name.
    Csv,
    /// Plain text: IOCs found by a [`TextScanner`].
    Text,
}

impl LogKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::ZeekTsv => "zeek-tsv",
            LogKind::ZeekJson => "zeek-json",
            LogKind::SuricataEve => "suricata-eve",
            LogKind::JsonLines => "jsonl",
            LogKind::Csv => "csv",
            LogKind::Text => "text",
        }
    }
}

/// Tells the log kind from its first bytes (header or first line) and its name.
pub fn detect(name: &str, head: &[u8]) -> LogKind {
    let first = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = first else { return LogKind::Text };
    if first.starts_with(b"#separator") || first.starts_with(b"#fields") {
        return LogKind::ZeekTsv;
    }
    let trimmed = first.trim_ascii_start();
    if trimmed.first() == Some(&b'{') {
        let has = |key: &[u8]| memchr::memmem::find(first, key).is_some();
        if has(b"\"event_type\"") {
            return LogKind::SuricataEve;
        }
        if has(b"\"uid\"") || has(b"\"id.orig_h\"") || has(b"\"_path\"") || has(b"\"fuid\"") {
            return LogKind::ZeekJson;
        }
        return LogKind::JsonLines;
    }
    let lower = name.to_ascii_lowercase();
    let csv_name = lower.ends_with(".csv") || lower.ends_with(".csv.gz");
    // A header: comma-separated names, each a letter or `_` then letters, digits, `_ . -`.
    let header_like = first.contains(&b',')
        && first.strip_suffix(b"\r").unwrap_or(first).split(|&b| b == b',').all(|name| {
            let name = name.trim_ascii();
            let name = name.strip_prefix(b"\"").and_then(|n| n.strip_suffix(b"\"")).unwrap_or(name);
            name.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
                && name
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        });
    if csv_name || header_like {
        return LogKind::Csv;
    }
    LogKind::Text
}

/// Finds IOCs in a line of free text. Implement it over the extraction crate's scanner to get its
/// refanging and validation; [`SimpleTextScanner`] is the built-in.
pub trait TextScanner: Send + Sync + std::fmt::Debug {
    /// Appends `(STIX object path, value)` for each IOC in `line`.
    fn scan(&self, line: &str, out: &mut Vec<(&'static str, String)>);
}

/// Splits on separators and keeps the tokens [`classify`] types (addresses, CIDRs, URLs,
/// hashes, e-mail addresses, domains).
#[derive(Debug, Default, Clone, Copy)]
pub struct SimpleTextScanner;

impl TextScanner for SimpleTextScanner {
    fn scan(&self, line: &str, out: &mut Vec<(&'static str, String)>) {
        let separators = |c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '<' | '>' | '(' | ')' | '{' | '}' | ',' | ';' | '|' | '=' | '`'
                )
        };
        for token in line.split(separators) {
            let token =
                token.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '[' | ']'));
            if token.len() < 3 {
                continue;
            }
            if let Some((kind, value)) = classify(token) {
                out.push((kind.path(), value));
            }
        }
    }
}

/// A hit inside one work unit; `line` counts from the unit's first line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawHit {
    pub line: u64,
    pub field: String,
    pub value: String,
    pub indicator: u32,
    /// The record's event time (see [`crate::Hit::ts`]).
    pub ts: Option<String>,
}

/// Per-worker matching state: scratch buffers reused across lines, the hits found so far.
pub(crate) struct Ctx<'i> {
    pub index: &'i IndicatorIndex,
    pub text: &'i dyn TextScanner,
    pub hits: Vec<RawHit>,
    matches: Vec<u32>,
    lower: String,
    scratch: String,
    url: String,
    joined: String,
    host: String,
    host_field: String,
    uri: String,
    uri_field: String,
    text_out: Vec<(&'static str, String)>,
    want_urls: bool,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("hits", &self.hits.len()).finish_non_exhaustive()
    }
}

impl<'i> Ctx<'i> {
    pub fn new(index: &'i IndicatorIndex, text: &'i dyn TextScanner) -> Ctx<'i> {
        Ctx {
            index,
            text,
            hits: Vec::new(),
            matches: Vec::new(),
            lower: String::new(),
            scratch: String::new(),
            url: String::new(),
            joined: String::new(),
            host: String::new(),
            host_field: String::new(),
            uri: String::new(),
            uri_field: String::new(),
            text_out: Vec::new(),
            want_urls: index.has_urls() || index.has_patterns(),
        }
    }

    fn record(&mut self, line: u64, field: &[u8], value: &str) {
        for &indicator in &self.matches {
            self.hits.push(RawHit {
                line,
                field: String::from_utf8_lossy(field).into_owned(),
                value: value.to_string(),
                indicator,
                ts: None,
            });
        }
        self.matches.clear();
    }

    fn domain(&mut self, value: &str) {
        let value = value.strip_suffix('.').unwrap_or(value);
        if value.bytes().any(|b| b.is_ascii_uppercase()) {
            self.lower.clear();
            self.lower.push_str(value);
            self.lower.make_ascii_lowercase();
            self.index.match_domain(&self.lower, &mut self.matches);
        } else {
            self.index.match_domain(value, &mut self.matches);
        }
    }

    fn ip_or_domain(&mut self, value: &str) {
        if let Some(ip) = parse_ipv4(value.as_bytes()) {
            self.index.match_ipv4(ip, &mut self.matches);
        } else if crate::swar::contains(value.as_bytes(), b':') {
            self.index.match_ip(value, &mut self.matches);
        } else if self.index.has_domains() {
            self.domain(value);
        }
    }

    /// One field value (raw bytes of the log) of a known target.
    #[inline]
    pub fn value(&mut self, line: u64, field: &[u8], target: Target, raw: &[u8]) {
        // Addresses, the commonest field, go straight from bytes to the index (also in fields
        // that hold an address or a domain, such as DNS answers).
        if matches!(target, Target::Ip | Target::IpOrDomain)
            && !self.index.has_patterns()
            && let Some(ip) = parse_ipv4(raw)
        {
            self.index.match_ipv4(ip, &mut self.matches);
            if !self.matches.is_empty() {
                self.record(line, field, &String::from_utf8_lossy(raw));
            }
            return;
        }
        let Ok(value) = std::str::from_utf8(raw) else { return };
        if value.is_empty() {
            return;
        }
        match target {
            Target::Ip => self.index.match_ip(value, &mut self.matches),
            Target::Domain => {
                if self.index.has_domains() {
                    self.domain(value);
                }
            }
            Target::IpOrDomain => self.ip_or_domain(value),
            Target::UrlHost => {
                self.ip_or_domain(value);
                if self.want_urls {
                    self.host.clear();
                    self.host.push_str(value);
                    self.host_field.clear();
                    self.host_field.push_str(&String::from_utf8_lossy(field));
                }
            }
            Target::UrlPath => {
                if self.want_urls {
                    self.uri.clear();
                    self.uri.push_str(value);
                    self.uri_field.clear();
                    self.uri_field.push_str(&String::from_utf8_lossy(field));
                }
            }
            Target::Url => {
                if self.want_urls {
                    url_key(value, &mut self.url);
                    self.index.match_url_key(&self.url, &mut self.matches);
                }
            }
            Target::Hash => self.index.match_hash(value, &mut self.matches),
            Target::Email => self.index.match_email(value, &mut self.matches),
            Target::UserAgent => {
                if self.index.has_user_agents() {
                    self.index.match_user_agent(value, &mut self.matches);
                }
            }
            Target::Auto => {
                if let Some((kind, typed)) = classify(value) {
                    self.index.match_value(kind.path(), &typed, &mut self.matches);
                }
            }
        }
        if self.index.has_patterns() {
            let is_ip = || parse_ipv4(value.as_bytes()).is_some() || value.contains(':');
            let path = match target {
                Target::Ip | Target::IpOrDomain | Target::UrlHost if is_ip() => {
                    Some(if value.contains(':') { index::IPV6 } else { index::IPV4 })
                }
                Target::IpOrDomain | Target::UrlHost | Target::Domain => Some(index::DOMAIN),
                Target::Url => Some(index::URL),
                Target::Hash => match value.len() {
                    32 => Some(index::MD5),
                    40 => Some(index::SHA1),
                    64 => Some(index::SHA256),
                    _ => None,
                },
                Target::Email => Some(index::EMAIL),
                Target::UserAgent => Some(index::USER_AGENT),
                Target::Ip | Target::UrlPath | Target::Auto => None,
            };
            if let Some(path) = path {
                self.index.match_patterns(path, value, &mut self.matches);
            }
        }
        if !self.matches.is_empty() {
            self.record(line, field, value);
        }
    }

    /// A JSON string value: unescaped only when it has escapes.
    fn json_value(&mut self, line: u64, field: &[u8], target: Target, raw: &[u8], escaped: bool) {
        if escaped {
            let mut buf = std::mem::take(&mut self.scratch);
            if json::unescape(raw, &mut buf) {
                self.value(line, field, target, buf.as_bytes());
            }
            self.scratch = buf;
        } else {
            self.value(line, field, target, raw);
        }
    }

    /// Joins the line's host and request target into a URL and matches it. No allocation
    /// unless it hits: the joined URL is built in a reused buffer.
    pub fn end_line(&mut self, line: u64) {
        if !self.want_urls {
            return;
        }
        if !self.uri.is_empty() {
            let head = self.uri.as_bytes().get(..self.uri.len().min(16)).unwrap_or_default();
            let absolute = memchr::memmem::find(head, b"://").is_some();
            if absolute || !self.host.is_empty() {
                let mut full = std::mem::take(&mut self.joined);
                full.clear();
                if !absolute {
                    full.push_str(&self.host);
                    if !self.uri.starts_with('/') {
                        full.push('/');
                    }
                }
                full.push_str(&self.uri);
                url_key(&full, &mut self.url);
                self.index.match_url_key(&self.url, &mut self.matches);
                if self.index.has_patterns() {
                    // Patterns compare whole URLs: give the joined one its scheme back.
                    let with_scheme =
                        if absolute { full.clone() } else { format!("http://{full}") };
                    self.index.match_patterns(crate::index::URL, &with_scheme, &mut self.matches);
                }
                if !self.matches.is_empty() {
                    let field = if absolute {
                        self.uri_field.clone()
                    } else {
                        format!("{}+{}", self.host_field, self.uri_field)
                    };
                    self.record(line, field.as_bytes(), &full);
                }
                self.joined = full;
            }
        }
        self.host.clear();
        self.uri.clear();
    }

    fn text_line(&mut self, line: u64, text: &[u8]) {
        let text = String::from_utf8_lossy(text);
        let mut found = std::mem::take(&mut self.text_out);
        found.clear();
        self.text.scan(&text, &mut found);
        for (path, value) in found.drain(..) {
            self.index.match_value(path, &value, &mut self.matches);
            if !self.matches.is_empty() {
                self.record(line, b"text", &value);
            }
            // A URL's host is also checked against address and domain indicators.
            if path == index::URL
                && let Some(host) = url_host(&value)
            {
                self.ip_or_domain(host);
                if !self.matches.is_empty() {
                    let host = host.to_owned();
                    self.record(line, b"text", &host);
                }
            }
        }
        self.text_out = found;
    }
}

/// The host of a URL (`scheme://[user@]host[:port]/...`), brackets of IPv6 hosts removed.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host
            .rsplit_once(':')
            .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(h, _)| h),
    };
    (!host.is_empty()).then_some(host)
}

/// Zeek TSV header state.
#[derive(Debug, Clone)]
pub(crate) struct ZeekHeader {
    separator: u8,
    set_separator: u8,
    unset: Vec<u8>,
    empty: Vec<u8>,
    names: Vec<Vec<u8>>,
    targets: Vec<Option<Target>>,
    /// The mapped columns, in order: only these are sliced out of a line.
    mapped: Vec<(usize, Target)>,
    /// The `ts` column.
    time_col: Option<usize>,
}

impl Default for ZeekHeader {
    fn default() -> Self {
        ZeekHeader {
            separator: b'\t',
            set_separator: b',',
            unset: b"-".to_vec(),
            empty: b"(empty)".to_vec(),
            names: Vec::new(),
            targets: Vec::new(),
            mapped: Vec::new(),
            time_col: None,
        }
    }
}

/// Decodes Zeek's `\xHH` header escapes (the separator is written `\x09`).
fn zeek_unescape(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while let Some(&b) = value.get(i) {
        if b == b'\\'
            && value.get(i + 1) == Some(&b'x')
            && let Some(hex) = value.get(i + 2..i + 4)
            && let Some(byte) =
                std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 4;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

impl ZeekHeader {
    /// Applies one `#` header line; false when it is not a header directive Zeek writes.
    fn directive(&mut self, line: &[u8]) -> bool {
        if let Some(rest) = line.strip_prefix(b"#separator") {
            let value = zeek_unescape(rest.trim_ascii());
            if let [b] = value.as_slice() {
                self.separator = *b;
            }
            return true;
        }
        let mut parts = line.split(|&b| b == self.separator);
        let key = parts.next().unwrap_or_default();
        match key {
            b"#set_separator" => {
                if let Some(&[b]) = parts.next().map(zeek_unescape).as_deref() {
                    self.set_separator = b;
                }
            }
            b"#unset_field" => self.unset = parts.next().unwrap_or_default().to_vec(),
            b"#empty_field" => self.empty = parts.next().unwrap_or_default().to_vec(),
            b"#fields" => {
                self.names = parts.map(<[u8]>::to_vec).collect();
                self.targets = self.names.iter().map(|n| zeek_field(n)).collect();
                self.mapped = self
                    .targets
                    .iter()
                    .enumerate()
                    .filter_map(|(col, t)| t.map(|t| (col, t)))
                    .collect();
                self.time_col = self.names.iter().position(|n| n == b"ts");
            }
            _ => {}
        }
        true
    }

    fn from_head(head: &[u8]) -> ZeekHeader {
        let mut header = ZeekHeader::default();
        for line in head.split(|&b| b == b'\n') {
            if line.first() != Some(&b'#') {
                break;
            }
            header.directive(line.strip_suffix(b"\r").unwrap_or(line));
        }
        header
    }
}

/// The columns of a CSV header and what they map to.
#[derive(Debug, Clone, Default)]
pub(crate) struct CsvHeader {
    names: Vec<Vec<u8>>,
    targets: Vec<Option<Target>>,
    /// The event-time column (see [`crate::time::TIME_KEYS`]).
    time_col: Option<usize>,
}

/// Splits one CSV line into `fields` (quotes with `""` escapes); `None` when a quote is not closed.
fn split_csv(line: &[u8], fields: &mut Vec<Vec<u8>>) -> Option<()> {
    fields.clear();
    let mut i = 0;
    loop {
        let mut field = Vec::new();
        if line.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let rest = line.get(i..)?;
                let pos = memchr::memchr(b'"', rest)?;
                field.extend_from_slice(rest.get(..pos)?);
                i += pos + 1;
                if line.get(i) == Some(&b'"') {
                    field.push(b'"');
                    i += 1;
                } else {
                    break;
                }
            }
            match line.get(i) {
                None => {
                    fields.push(field);
                    return Some(());
                }
                Some(b',') => i += 1,
                Some(_) => return None,
            }
            fields.push(field);
        } else {
            let rest = line.get(i..).unwrap_or_default();
            match memchr::memchr(b',', rest) {
                Some(pos) => {
                    fields.push(rest.get(..pos).unwrap_or_default().to_vec());
                    i += pos + 1;
                }
                None => {
                    fields.push(rest.to_vec());
                    return Some(());
                }
            }
        }
    }
}

impl CsvHeader {
    fn parse(line: &[u8]) -> CsvHeader {
        let mut names = Vec::new();
        if split_csv(line, &mut names).is_none() {
            return CsvHeader::default();
        }
        for n in &mut names {
            let trimmed = n.trim_ascii().to_vec();
            *n = trimmed;
        }
        let targets = names.iter().map(|n| generic_field(n)).collect();
        let time_col = crate::time::TIME_KEYS
            .iter()
            .find_map(|k| names.iter().position(|n| n.eq_ignore_ascii_case(k.as_bytes())));
        CsvHeader { names, targets, time_col }
    }
}

/// Parses the lines of one log kind, keeping what the header said.
#[derive(Debug)]
pub(crate) enum LineParser {
    Zeek(ZeekHeader),
    Json { kind: LogKind, path: Vec<u8> },
    Csv { header: CsvHeader, fields: Vec<Vec<u8>> },
    Text,
}

impl LineParser {
    /// A parser for `kind`, primed with the file's header from `head` (the file's first bytes), so
    /// a work unit that starts in the middle of a file knows the columns.
    pub fn new(kind: LogKind, head: &[u8]) -> LineParser {
        match kind {
            LogKind::ZeekTsv => LineParser::Zeek(ZeekHeader::from_head(head)),
            LogKind::ZeekJson | LogKind::SuricataEve | LogKind::JsonLines => {
                LineParser::Json { kind, path: Vec::new() }
            }
            LogKind::Csv => {
                let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
                LineParser::Csv {
                    header: CsvHeader::parse(first.strip_suffix(b"\r").unwrap_or(first)),
                    fields: Vec::new(),
                }
            }
            LogKind::Text => LineParser::Text,
        }
    }

    /// Hunts one line (without its newline). `file_first_line` is true for the first line of
    /// the file (a CSV header). Returns why the line is malformed, if it is. The hits the line
    /// gave carry its event time.
    pub fn line(
        &mut self,
        ctx: &mut Ctx<'_>,
        lineno: u64,
        line: &[u8],
        file_first_line: bool,
    ) -> Result<(), &'static str> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let before = ctx.hits.len();
        let result = self.hunt_line(ctx, lineno, line, file_first_line);
        if let Some(new) = ctx.hits.get_mut(before..)
            && !new.is_empty()
        {
            // Only lines that hit pay for reading their time.
            let ts = self.event_time(line);
            for hit in new {
                hit.ts.clone_from(&ts);
            }
        }
        result
    }

    /// The event time of a line (see [`crate::time`]).
    fn event_time(&self, line: &[u8]) -> Option<String> {
        let raw: Option<Vec<u8>> = match self {
            LineParser::Zeek(header) => {
                let col = header.time_col?;
                line.split(|&b| b == header.separator).nth(col).map(<[u8]>::to_vec)
            }
            LineParser::Json { .. } => {
                let value: serde_json::Value = serde_json::from_slice(line).ok()?;
                let object = value.as_object()?;
                crate::time::TIME_KEYS.iter().find_map(|k| match object.get(*k)? {
                    serde_json::Value::String(s) => Some(s.clone().into_bytes()),
                    serde_json::Value::Number(n) => Some(n.to_string().into_bytes()),
                    _ => None,
                })
            }
            LineParser::Csv { header, .. } => {
                let col = header.time_col?;
                let mut fields = Vec::new();
                split_csv(line, &mut fields)?;
                fields.into_iter().nth(col)
            }
            LineParser::Text => {
                // A leading timestamp (`2026-11-24T01:02:03Z`, `1700000000.1`,
                // `2026-11-24 01:02:03`), possibly glued to what follows
                // (`2026-11-24T01:02:03Z;user;...`): the longest prefix of timestamp characters,
                // a space allowed only between the date and the clock.
                let head = line.get(..line.len().min(40))?;
                let len = head
                    .iter()
                    .enumerate()
                    .position(|(i, &b)| {
                        !(b.is_ascii_digit()
                            || matches!(b, b'-' | b':' | b'T' | b'Z' | b'.' | b'+')
                            || (b == b' ' && i == 10))
                    })
                    .unwrap_or(head.len());
                let prefix = std::str::from_utf8(head.get(..len)?).ok()?;
                return crate::time::normalize(prefix.trim_end_matches(['.', ':', '-']));
            }
        };
        crate::time::normalize(std::str::from_utf8(&raw?).ok()?)
    }

    fn hunt_line(
        &mut self,
        ctx: &mut Ctx<'_>,
        lineno: u64,
        line: &[u8],
        file_first_line: bool,
    ) -> Result<(), &'static str> {
        match self {
            LineParser::Zeek(header) => {
                if line.first() == Some(&b'#') {
                    header.directive(line);
                    return Ok(());
                }
                if line.is_empty() {
                    return Ok(());
                }
                if header.names.is_empty() {
                    return Err("Zeek data line before a #fields header");
                }
                // Only mapped columns are sliced out; the separators between them are skipped a
                // word at a time, and the rest of the line is only counted.
                let mut seps = crate::swar::Positions::new(line, header.separator);
                // Separators consumed so far, and where the column after the last one starts;
                // `columns` is `Some(n)` once the line is known to have n columns.
                let mut consumed = 0usize;
                let mut cursor = 0usize;
                let mut columns: Option<usize> = None;
                for &(col, target) in &header.mapped {
                    // Reach the start of column `col` (the one after separator number col).
                    if col > consumed {
                        let reached = seps.skip_n(col - consumed - 1)
                            && seps.next().map(|pos| cursor = pos + 1).is_some();
                        if !reached {
                            columns = Some(0);
                            break;
                        }
                    }
                    let start = cursor;
                    let next = seps.next();
                    consumed = col + usize::from(next.is_some());
                    let end = next.unwrap_or(line.len());
                    cursor = end + 1;
                    let value = line.get(start..end).unwrap_or_default();
                    if value != header.unset.as_slice() && value != header.empty.as_slice() {
                        let name = header.names.get(col).map(Vec::as_slice).unwrap_or_default();
                        if matches!(target, Target::IpOrDomain | Target::Ip | Target::Domain)
                            && crate::swar::contains(value, header.set_separator)
                        {
                            for part in value.split(|&b| b == header.set_separator) {
                                ctx.value(lineno, name, target, part);
                            }
                        } else {
                            ctx.value(lineno, name, target, value);
                        }
                    }
                    if next.is_none() {
                        columns = Some(col + 1);
                        break;
                    }
                }
                // Columns not reached by the loop (`Some(0)`: the line ended before a mapped
                // column) are counted from the separators left.
                let columns = match columns {
                    Some(n) => n,
                    None => consumed + seps.count_rest() + 1,
                };
                ctx.end_line(lineno);
                if columns != header.names.len() {
                    // Hits already taken from the line stay: the mapped columns were well formed.
                    return Err("Zeek line with the wrong number of columns");
                }
                Ok(())
            }
            LineParser::Json { kind, path } => {
                if line.trim_ascii().is_empty() {
                    return Ok(());
                }
                let map: fn(&[u8]) -> Option<Target> = match kind {
                    LogKind::SuricataEve => eve_field,
                    LogKind::ZeekJson => zeek_field,
                    _ => generic_field,
                };
                // Values found before a syntax error are hunted too: they were well formed.
                let walked = json::walk(line, path, &mut |p, raw, escaped| {
                    if let Some(target) = map(p) {
                        ctx.json_value(lineno, p, target, raw, escaped);
                    }
                });
                ctx.end_line(lineno);
                walked.map_err(|e| e.0)
            }
            LineParser::Csv { header, fields } => {
                if file_first_line || line.is_empty() {
                    return Ok(());
                }
                if split_csv(line, fields).is_none() {
                    return Err("CSV line with an unclosed quote");
                }
                if fields.len() != header.names.len() {
                    return Err("CSV line with the wrong number of columns");
                }
                for (col, value) in fields.iter().enumerate() {
                    if let (Some(Some(target)), Some(name)) =
                        (header.targets.get(col), header.names.get(col))
                    {
                        ctx.value(lineno, name, *target, value.trim_ascii());
                    }
                }
                ctx.end_line(lineno);
                Ok(())
            }
            LineParser::Text => {
                ctx.text_line(lineno, line);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        let cases = [
            ("conn.log", "#separator \\x09\n#fields\tts\n", LogKind::ZeekTsv),
            ("eve.json", "{\"timestamp\":\"x\",\"event_type\":\"dns\"}\n", LogKind::SuricataEve),
            ("dns.log", "{\"ts\":1,\"uid\":\"C1\",\"query\":\"a.example\"}\n", LogKind::ZeekJson),
            ("x.jsonl", "\n{\"ip\":\"1.2.3.4\"}\n", LogKind::JsonLines),
            ("x.csv", "a;b\n", LogKind::Csv),
            ("x.txt", "src_ip,domain\n1.2.3.4,a.example\n", LogKind::Csv),
            ("x.txt", "we saw 1.2.3.4, then evil.example\n", LogKind::Text),
            ("empty", "", LogKind::Text),
        ];
        for (name, head, expected) in cases {
            assert_eq!(detect(name, head.as_bytes()), expected, "{name}: {head:?}");
        }
    }

    #[test]
    fn csv_split() {
        let cases: [(&str, Option<Vec<&str>>); 5] = [
            ("a,b,c", Some(vec!["a", "b", "c"])),
            ("\"a,1\",\"b\"\"q\"\"\",", Some(vec!["a,1", "b\"q\"", ""])),
            ("", Some(vec![""])),
            ("\"open", None),
            ("\"a\"x,b", None),
        ];
        let mut fields = Vec::new();
        for (line, expected) in cases {
            let got = split_csv(line.as_bytes(), &mut fields).map(|()| {
                fields.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect::<Vec<_>>()
            });
            assert_eq!(got, expected.map(|v| v.into_iter().map(String::from).collect()), "{line}");
        }
    }

    #[test]
    fn url_hosts() {
        for (url, host) in [
            ("http://evil.example/a", Some("evil.example")),
            ("https://user@evil.example:8443/a?b#c", Some("evil.example")),
            ("http://[2001:db8::1]:80/x", Some("2001:db8::1")),
            ("http://203.0.113.7", Some("203.0.113.7")),
            ("evil.example/a", None),
            ("http:///a", None),
        ] {
            assert_eq!(url_host(url), host, "{url}");
        }
    }

    #[test]
    fn text_scanner() {
        let mut out = Vec::new();
        SimpleTextScanner
            .scan("beacon to evil[.]example (10.1.2.3) then hxxp://evil.example/x.", &mut out);
        let values: Vec<&str> = out.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["evil.example", "10.1.2.3", "http://evil.example/x"]);
    }
}
