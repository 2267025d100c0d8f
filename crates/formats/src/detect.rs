//! Which upstream format a file is, from its name and first bytes.
//!
//! Detection reads the top-level keys of the document (or of the first element of a top-level
//! array) with a small scanner that tolerates a truncated head, so the caller can pass the first
//! few kilobytes of a large file. Gzip data is reported as [`Kind::Gzip`]: decompress it (with
//! [`crate::read_bounded`]) and detect again.

use std::path::Path;

/// The shape of a STIX document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StixShape {
    Bundle,
    Object,
    Array,
}

/// A recognised format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A STIX 2.x document (ATT&CK bundles are STIX bundles).
    Stix(StixShape),
    /// A MISP galaxy cluster file: `{type, uuid, values: [...]}`.
    MispCluster,
    /// A MISP galaxy definition (`galaxies/*.json`): describes a cluster, holds no records.
    MispGalaxyDefinition,
    /// Microsoft's threat-actor naming map: an array of `{"Threat actor name", ...}`.
    MicrosoftNamingMap,
    /// Gzip-compressed data: decompress and detect again.
    Gzip,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Stix(StixShape::Bundle) => "STIX bundle",
            Kind::Stix(StixShape::Object) => "STIX object",
            Kind::Stix(StixShape::Array) => "array of STIX objects",
            Kind::MispCluster => "MISP galaxy cluster",
            Kind::MispGalaxyDefinition => "MISP galaxy definition",
            Kind::MicrosoftNamingMap => "Microsoft threat-actor naming map",
            Kind::Gzip => "gzip data",
        }
    }
}

/// Detects the format of a file named `path_name` whose (decompressed) content starts with
/// `head`. `None` when nothing matches.
pub fn detect(path_name: &str, head: &[u8]) -> Option<Kind> {
    if head.starts_with(&[0x1f, 0x8b]) {
        return Some(Kind::Gzip);
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let file_name = path_name.rsplit(['/', '\\']).next().unwrap_or(path_name);
    let scan = Scanner::new(head).top();
    match scan {
        Some(Top { array: false, keys, complete }) => {
            let has = |k: &str| keys.iter().any(|(key, _)| key == k);
            let value =
                |k: &str| keys.iter().find(|(key, _)| key == k).and_then(|(_, v)| v.as_deref());
            if value("type") == Some("bundle") || (has("objects") && has("type") && !has("values"))
            {
                return Some(Kind::Stix(StixShape::Bundle));
            }
            if has("values") && (has("uuid") || has("type")) {
                return Some(Kind::MispCluster);
            }
            if let (Some(ty), Some(id)) = (value("type"), value("id"))
                && id.strip_prefix(ty).is_some_and(|rest| rest.starts_with("--"))
            {
                return Some(Kind::Stix(StixShape::Object));
            }
            if has("type") && has("uuid") && (has("namespace") || has("icon")) && !has("values") {
                return Some(Kind::MispGalaxyDefinition);
            }
            if complete && has("type") && has("uuid") && in_dir(path_name, "galaxies") {
                return Some(Kind::MispGalaxyDefinition);
            }
            None
        }
        Some(Top { array: true, keys, .. }) => {
            let has = |k: &str| keys.iter().any(|(key, _)| key == k);
            if has("Threat actor name") {
                return Some(Kind::MicrosoftNamingMap);
            }
            if has("type") && (has("id") || has("spec_version")) {
                return Some(Kind::Stix(StixShape::Array));
            }
            if file_name.eq_ignore_ascii_case("MicrosoftMapping.json") {
                return Some(Kind::MicrosoftNamingMap);
            }
            if keys.is_empty() {
                // `[]`: an empty list of STIX objects is the least surprising reading.
                return Some(Kind::Stix(StixShape::Array));
            }
            None
        }
        None => None,
    }
}

/// Reads at most 64 KiB of a file (decompressing gzip within the same cap) and detects it.
pub fn detect_file(path: &Path) -> Result<Option<Kind>, crate::FormatError> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut head = Vec::new();
    file.take(64 * 1024).read_to_end(&mut head)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut decoder = flate2::read::MultiGzDecoder::new(&head[..]);
        let mut inner = Vec::new();
        // The head is cut mid-stream: keep whatever decompressed before the cut.
        let _ = decoder.by_ref().take(64 * 1024).read_to_end(&mut inner);
        let name = path.to_string_lossy();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        return Ok(detect(name, &inner));
    }
    Ok(detect(&path.to_string_lossy(), &head))
}

fn in_dir(path_name: &str, dir: &str) -> bool {
    path_name.split(['/', '\\']).rev().nth(1) == Some(dir)
}

struct Top {
    array: bool,
    /// Top-level keys (of the first array element for arrays) and their string values.
    keys: Vec<(String, Option<String>)>,
    /// The object was read to its closing brace.
    complete: bool,
}

/// A forgiving JSON scanner over a possibly truncated head.
struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

const MAX_KEYS: usize = 256;

impl<'a> Scanner<'a> {
    fn new(b: &'a [u8]) -> Self {
        Scanner { b, i: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn top(mut self) -> Option<Top> {
        self.ws();
        match self.peek()? {
            b'{' => {
                let (keys, complete) = self.object_keys();
                Some(Top { array: false, keys, complete })
            }
            b'[' => {
                self.i += 1;
                self.ws();
                match self.peek() {
                    Some(b'{') => {
                        let (keys, complete) = self.object_keys();
                        Some(Top { array: true, keys, complete })
                    }
                    Some(b']') => Some(Top { array: true, keys: Vec::new(), complete: true }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// At `{`: the keys of this object, until its end or the end of the head.
    fn object_keys(&mut self) -> (Vec<(String, Option<String>)>, bool) {
        self.i += 1;
        let mut keys = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b'}') => return (keys, true),
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => {}
                _ => return (keys, false),
            }
            let Some(key) = self.string() else { return (keys, false) };
            self.ws();
            if self.peek() != Some(b':') {
                return (keys, false);
            }
            self.i += 1;
            self.ws();
            let value = if self.peek() == Some(b'"') {
                let v = self.string();
                if v.is_none() {
                    keys.push((key, None));
                    return (keys, false);
                }
                v
            } else {
                let skipped = self.skip_value();
                keys.push((key, None));
                if !skipped || keys.len() >= MAX_KEYS {
                    return (keys, false);
                }
                continue;
            };
            keys.push((key, value));
            if keys.len() >= MAX_KEYS {
                return (keys, false);
            }
        }
    }

    /// At `"`: the decoded string (escapes other than `\"` and `\\` kept raw: keys and type
    /// names never need them), or `None` when the head ends inside it.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let start = self.i;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'"' => return Some(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let next = self.peek()?;
                    self.i += 1;
                    match next {
                        b'"' | b'\\' | b'/' => out.push(next),
                        other => {
                            out.push(b'\\');
                            out.push(other);
                        }
                    }
                }
                _ => out.push(c),
            }
            if self.i - start > 1 << 20 {
                return None;
            }
        }
        None
    }

    /// Skips a non-string value (number, literal, object, array); false when the head ends.
    fn skip_value(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    if self.string().is_none() {
                        return false;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return true;
                    }
                }
                b',' if depth == 0 => return true,
                _ => {}
            }
            self.i += 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, head: &str, expected: Option<Kind>) {
        assert_eq!(detect(name, head.as_bytes()), expected, "{name}: {head}");
    }

    #[test]
    fn formats() {
        check(
            "b.json",
            r#"{"type": "bundle", "id": "bundle--x", "objects": []}"#,
            Some(Kind::Stix(StixShape::Bundle)),
        );
        check(
            "b.json",
            r#"{"id": "bundle--x", "objects": [{"type": "x"}], "type": "bundle"}"#,
            Some(Kind::Stix(StixShape::Bundle)),
        );
        check(
            "o.json",
            r#"{"type": "malware", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"}"#,
            Some(Kind::Stix(StixShape::Object)),
        );
        check(
            "a.json",
            r#"[{"type": "malware", "id": "malware--1"}]"#,
            Some(Kind::Stix(StixShape::Array)),
        );
        check("a.json", "  []", Some(Kind::Stix(StixShape::Array)));
        check(
            "clusters/x.json",
            r#"{"authors": ["a"], "category": "actor", "description": "d", "name": "n", "source": "s", "type": "threat-actor", "uuid": "u", "values": [{"value": "APT"#,
            Some(Kind::MispCluster),
        );
        check(
            "galaxies/x.json",
            r#"{"description": "d", "icon": "user-secret", "name": "Threat Actor", "namespace": "misp", "type": "threat-actor", "uuid": "u", "version": 3}"#,
            Some(Kind::MispGalaxyDefinition),
        );
        check(
            "m.json",
            "\u{feff}[\n\t{\n\t\t\"Threat actor name\": \"Amethyst Rain\",",
            Some(Kind::MicrosoftNamingMap),
        );
        check("x.json", r#"{"hello": "world"}"#, None);
        check("x.json", "not json", None);
        check("x.json", "", None);
        check("x.json", r#"{"a": {"b": [1, 2, {"c": "}"}]}, "type": "bundle"#, None);
        check(
            "x.json",
            r#"{"a": {"b": [1, 2, {"c": "}"}]}, "type": "bundle", "#,
            Some(Kind::Stix(StixShape::Bundle)),
        );
        assert_eq!(detect("x.gz", &[0x1f, 0x8b, 8, 0]), Some(Kind::Gzip));
    }

    #[test]
    fn never_panics_on_prefixes() {
        let doc =
            r#"{"type": "bundle", "objects": [{"a": "\"\\", "b": [1, {"c": null}]}], "id": "x"}"#;
        for i in 0..=doc.len() {
            let _ = detect("x", &doc.as_bytes()[..i]);
        }
    }
}
