//! A borrowing JSON walker for one log line: it visits string values with their key path and
//! builds nothing. Log lines are hunted on a handful of keys, so a full `serde_json::Value` per
//! line would be most of the cost.

/// Deepest nesting walked; deeper lines are malformed (bounded recursion on untrusted input).
const MAX_DEPTH: usize = 64;

/// The visitor of string values: `(path, raw, escaped)`.
pub type Visit<'a> = dyn FnMut(&[u8], &[u8], bool) + 'a;

/// Why a line is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError(pub &'static str);

/// Walks one JSON object. For every string value, calls `visit(path, raw, escaped)`: `path` is the
/// keys from the root joined with `.` (arrays are transparent), `raw` the bytes between the
/// quotes, `escaped` whether they hold a backslash escape (see [`unescape`]).
pub fn walk(line: &[u8], path: &mut Vec<u8>, visit: &mut Visit<'_>) -> Result<(), JsonError> {
    path.clear();
    let mut p = Parser { s: line, i: 0 };
    p.ws();
    if p.peek() != Some(b'{') {
        return Err(JsonError("not a JSON object"));
    }
    p.value(path, visit, 0)?;
    p.ws();
    if p.i < line.len() {
        return Err(JsonError("text after the JSON object"));
    }
    Ok(())
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.i += 1;
        }
    }

    /// At an opening quote: returns the raw content and whether it has escapes.
    #[inline]
    fn string(&mut self) -> Result<(&'a [u8], bool), JsonError> {
        let start = self.i + 1;
        let mut at = start;
        let mut escaped = false;
        loop {
            let rest = self.s.get(at..).ok_or(JsonError("unterminated string"))?;
            match memchr::memchr2(b'"', b'\\', rest) {
                Some(pos) => {
                    let found = at + pos;
                    if self.s.get(found) == Some(&b'\\') {
                        escaped = true;
                        at = found + 2;
                    } else {
                        self.i = found + 1;
                        return Ok((self.s.get(start..found).unwrap_or_default(), escaped));
                    }
                }
                None => return Err(JsonError("unterminated string")),
            }
        }
    }

    fn value(
        &mut self,
        path: &mut Vec<u8>,
        visit: &mut Visit<'_>,
        depth: usize,
    ) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError("nested too deeply"));
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let base = path.len();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(JsonError("expected a key"));
                    }
                    let (key, _) = self.string()?;
                    path.truncate(base);
                    if base > 0 {
                        path.push(b'.');
                    }
                    path.extend_from_slice(key);
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(JsonError("expected ':'"));
                    }
                    self.i += 1;
                    self.value(path, visit, depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            path.truncate(base);
                            return Ok(());
                        }
                        _ => return Err(JsonError("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.value(path, visit, depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(JsonError("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => {
                let (raw, escaped) = self.string()?;
                visit(path, raw, escaped);
                Ok(())
            }
            Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                let start = self.i;
                while let Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.') =
                    self.peek()
                {
                    self.i += 1;
                }
                let word = self.s.get(start..self.i).unwrap_or_default();
                let ok = match word.first() {
                    Some(b't') => word == b"true",
                    Some(b'f') => word == b"false",
                    Some(b'n') => word == b"null",
                    _ => word
                        .iter()
                        .all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E')),
                };
                if ok { Ok(()) } else { Err(JsonError("bad literal")) }
            }
            _ => Err(JsonError("expected a value")),
        }
    }
}

/// Decodes JSON escapes of `raw` into `out`; false when an escape is invalid.
pub fn unescape(raw: &[u8], out: &mut String) -> bool {
    out.clear();
    let Ok(text) = std::str::from_utf8(raw) else { return false };
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => c,
                    // Lone surrogates are not hunted values; keep a replacement.
                    None if hex.len() == 4 => char::REPLACEMENT_CHARACTER,
                    None => return false,
                }
            }
            _ => return false,
        };
        out.push(decoded);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: &[(&str, &str)]) {
        let mut path = Vec::new();
        let mut got = Vec::new();
        walk(line.as_bytes(), &mut path, &mut |p, v, _| {
            got.push((
                String::from_utf8_lossy(p).into_owned(),
                String::from_utf8_lossy(v).into_owned(),
            ))
        })
        .unwrap_or_else(|e| panic!("{line}: {e:?}"));
        let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn paths() {
        check(
            r#"{"a":"x","b":{"c":"y","d":[{"e":"z"},"w"]},"n":1.5e3,"t":true,"z":null}"#,
            &[("a", "x"), ("b.c", "y"), ("b.d.e", "z"), ("b.d", "w")],
        );
        check(r#" { "k\"q" : "v\"1" , "e" : {} , "f": [] } "#, &[(r#"k\"q"#, r#"v\"1"#)]);
    }

    #[test]
    fn errors() {
        let mut path = Vec::new();
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a":}"#,
            r#"{"a":"b"} x"#,
            r#"{"a":"b"#,
            r#"{"a":tru}"#,
            &"[".repeat(100),
        ] {
            assert!(walk(bad.as_bytes(), &mut path, &mut |_, _, _| {}).is_err(), "{bad}");
        }
        let deep = format!("{}{}", r#"{"a":"#.repeat(100), "}".repeat(100));
        assert!(walk(deep.as_bytes(), &mut path, &mut |_, _, _| {}).is_err());
    }

    #[test]
    fn unescapes() {
        let mut out = String::new();
        assert!(unescape(br#"a\"b\\c\/d\u0041"#, &mut out));
        assert_eq!(out, "a\"b\\c/dA");
        assert!(!unescape(br"\q", &mut out));
    }
}
