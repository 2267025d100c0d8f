//! A syntax check of the STIX 2.1 patterning language (§9), enough to reject patterns that do
//! not parse and to list the object paths they compare. The full parser and evaluator live in
//! the `pattern` crate, which depends on this one; this check only says yes or no.
//!
//! Grammar (keywords upper-case, as the specification writes them):
//!
//! ```text
//! pattern      := obs_or (FOLLOWEDBY obs_or)*
//! obs_or       := obs_and (OR obs_and)*
//! obs_and      := obs (AND obs)*
//! obs          := ('[' cmp_or ']' | '(' pattern ')') qualifier*
//! qualifier    := WITHIN number SECONDS | REPEATS int TIMES | START t'..' STOP t'..'
//! cmp_or       := cmp_and (OR cmp_and)*
//! cmp_and      := test (AND test)*
//! test         := '(' cmp_or ')' | EXISTS path | path NOT? op literal
//! op           := = != < <= > >= | IN set | LIKE | MATCHES | ISSUBSET | ISSUPERSET
//! path         := type ':' (name | 'string') ('.' (name | 'string') | '[' (int | '*') ']')*
//! ```

/// Bounded so a hostile pattern cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Str(String),
    /// `t'...'`, `b'...'`, `h'...'`.
    Typed(u8, String),
    Int,
    Float,
    Punct(&'static str),
}

fn tokenize(s: &str) -> Result<Vec<Tok<'_>>, String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if (c == b't' || c == b'b' || c == b'h') && b.get(i + 1) == Some(&b'\'') {
            let (text, next) = string_literal(s, i + 1)?;
            out.push(Tok::Typed(c, text));
            i = next;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                i += 1;
            }
            out.push(Tok::Word(&s[start..i]));
            continue;
        }
        if c.is_ascii_digit()
            || ((c == b'-' || c == b'+') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                out.push(Tok::Float);
            } else {
                out.push(Tok::Int);
            }
            continue;
        }
        if c == b'\'' {
            let (text, next) = string_literal(s, i)?;
            out.push(Tok::Str(text));
            i = next;
            continue;
        }
        let two = s.get(i..i + 2).unwrap_or("");
        let punct: &'static str = match two {
            "!=" => "!=",
            "<=" => "<=",
            ">=" => ">=",
            "==" => "=",
            _ => match c {
                b'[' => "[",
                b']' => "]",
                b'(' => "(",
                b')' => ")",
                b':' => ":",
                b'.' => ".",
                b',' => ",",
                b'=' => "=",
                b'<' => "<",
                b'>' => ">",
                b'*' => "*",
                _ => return Err(format!("unexpected character {:?} at {i}", char::from(c))),
            },
        };
        i += punct.len().max(if two == "==" { 2 } else { 1 });
        out.push(Tok::Punct(punct));
    }
    Ok(out)
}

/// A single-quoted literal starting at `start` (the quote); `\'` and `\\` are the escapes.
fn string_literal(s: &str, start: usize) -> Result<(String, usize), String> {
    let b = s.as_bytes();
    let mut text = Vec::new();
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => match b.get(i + 1) {
                Some(&c @ (b'\'' | b'\\')) => {
                    text.push(c);
                    i += 2;
                }
                _ => return Err(format!("invalid escape at {i}")),
            },
            b'\'' => return Ok((String::from_utf8_lossy(&text).into_owned(), i + 1)),
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    Err("unterminated string literal".to_owned())
}

struct Parser<'a> {
    toks: Vec<Tok<'a>>,
    pos: usize,
    depth: usize,
    /// (object type, first property name) of every comparison.
    paths: Vec<(String, String)>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.pos)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if *x == w)
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(x)) if *x == p)
    }

    fn expect_punct(&mut self, p: &str) -> Result<(), String> {
        if self.is_punct(p) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected {p:?} at token {}", self.pos))
        }
    }

    fn expect_word(&mut self, w: &str) -> Result<(), String> {
        if self.is_word(w) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected {w} at token {}", self.pos))
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err("pattern nested too deeply".to_owned()) } else { Ok(()) }
    }

    fn pattern(&mut self) -> Result<(), String> {
        self.enter()?;
        self.obs_or()?;
        while self.is_word("FOLLOWEDBY") {
            self.pos += 1;
            self.obs_or()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn obs_or(&mut self) -> Result<(), String> {
        self.obs_and()?;
        while self.is_word("OR") {
            self.pos += 1;
            self.obs_and()?;
        }
        Ok(())
    }

    fn obs_and(&mut self) -> Result<(), String> {
        self.obs()?;
        while self.is_word("AND") {
            self.pos += 1;
            self.obs()?;
        }
        Ok(())
    }

    fn obs(&mut self) -> Result<(), String> {
        if self.is_punct("[") {
            self.pos += 1;
            self.cmp_or()?;
            self.expect_punct("]")?;
        } else if self.is_punct("(") {
            self.pos += 1;
            self.pattern()?;
            self.expect_punct(")")?;
        } else {
            return Err(format!("expected '[' or '(' at token {}", self.pos));
        }
        loop {
            if self.is_word("WITHIN") {
                self.pos += 1;
                match self.peek() {
                    Some(Tok::Int | Tok::Float) => self.pos += 1,
                    _ => return Err("WITHIN needs a number".to_owned()),
                }
                self.expect_word("SECONDS")?;
            } else if self.is_word("REPEATS") {
                self.pos += 1;
                match self.peek() {
                    Some(Tok::Int) => self.pos += 1,
                    _ => return Err("REPEATS needs an integer".to_owned()),
                }
                self.expect_word("TIMES")?;
            } else if self.is_word("START") {
                self.pos += 1;
                self.timestamp()?;
                self.expect_word("STOP")?;
                self.timestamp()?;
            } else {
                return Ok(());
            }
        }
    }

    fn timestamp(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(Tok::Typed(b't', text)) if crate::Timestamp::parse(text).is_ok() => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(format!("expected a timestamp literal at token {}", self.pos)),
        }
    }

    fn cmp_or(&mut self) -> Result<(), String> {
        self.enter()?;
        self.cmp_and()?;
        while self.is_word("OR") {
            self.pos += 1;
            self.cmp_and()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn cmp_and(&mut self) -> Result<(), String> {
        self.test()?;
        while self.is_word("AND") {
            self.pos += 1;
            self.test()?;
        }
        Ok(())
    }

    fn test(&mut self) -> Result<(), String> {
        if self.is_punct("(") {
            self.pos += 1;
            self.cmp_or()?;
            return self.expect_punct(")");
        }
        if self.is_word("EXISTS") {
            self.pos += 1;
            return self.path();
        }
        self.path()?;
        if self.is_word("NOT") {
            self.pos += 1;
        }
        let tok = self.peek().cloned();
        self.pos += 1;
        match tok {
            Some(Tok::Punct("=" | "!=" | "<" | "<=" | ">" | ">=")) => self.literal(),
            Some(Tok::Word("IN")) => self.set(),
            Some(Tok::Word("LIKE" | "MATCHES" | "ISSUBSET" | "ISSUPERSET")) => match self.peek() {
                Some(Tok::Str(_)) => {
                    self.pos += 1;
                    Ok(())
                }
                _ => Err(format!("expected a string literal at token {}", self.pos)),
            },
            _ => Err(format!("expected a comparison operator at token {}", self.pos - 1)),
        }
    }

    fn literal(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(Tok::Str(_) | Tok::Int | Tok::Float | Tok::Word("true" | "false")) => {
                self.pos += 1;
                Ok(())
            }
            Some(Tok::Typed(b't', _)) => self.timestamp(),
            Some(Tok::Typed(b'h', text))
                if text.len().is_multiple_of(2) && text.bytes().all(|c| c.is_ascii_hexdigit()) =>
            {
                self.pos += 1;
                Ok(())
            }
            Some(Tok::Typed(b'b', text)) if text.is_empty() || super::formats::is_base64(text) => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(format!("expected a literal at token {}", self.pos)),
        }
    }

    fn set(&mut self) -> Result<(), String> {
        self.expect_punct("(")?;
        if self.is_punct(")") {
            self.pos += 1;
            return Ok(());
        }
        self.literal()?;
        while self.is_punct(",") {
            self.pos += 1;
            self.literal()?;
        }
        self.expect_punct(")")
    }

    fn path(&mut self) -> Result<(), String> {
        let object_type = match self.peek() {
            Some(Tok::Word(w)) => w.to_string(),
            _ => return Err(format!("expected an object type at token {}", self.pos)),
        };
        self.pos += 1;
        self.expect_punct(":")?;
        let first = match self.peek() {
            Some(Tok::Word(w)) if !w.contains('-') => w.to_string(),
            Some(Tok::Str(s)) => s.clone(),
            _ => return Err(format!("expected a property name at token {}", self.pos)),
        };
        self.pos += 1;
        loop {
            if self.is_punct(".") {
                self.pos += 1;
                match self.peek() {
                    Some(Tok::Word(w)) if !w.contains('-') => self.pos += 1,
                    Some(Tok::Str(_)) => self.pos += 1,
                    _ => return Err(format!("expected a property name at token {}", self.pos)),
                }
            } else if self.is_punct("[") {
                self.pos += 1;
                match self.peek() {
                    Some(Tok::Int | Tok::Punct("*")) => self.pos += 1,
                    _ => return Err(format!("expected an index or '*' at token {}", self.pos)),
                }
                self.expect_punct("]")?;
            } else {
                break;
            }
        }
        self.paths.push((object_type, first));
        Ok(())
    }
}

/// Parses `pattern`; on success returns the (object type, first property) of each comparison.
pub(crate) fn check(pattern: &str) -> Result<Vec<(String, String)>, String> {
    let toks = tokenize(pattern)?;
    let mut parser = Parser { toks, pos: 0, depth: 0, paths: Vec::new() };
    parser.pattern()?;
    if parser.pos != parser.toks.len() {
        return Err(format!("unexpected input at token {}", parser.pos));
    }
    Ok(parser.paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_patterns() {
        for ok in [
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[ ipv4-addr:value = '10.0.0.0' ]",
            "[windows-registry-key:values[*].data='badstuff']",
            "[windows-registry-key:key LIKE 'HKEY_LOCAL_MACHINE\\\\Foo\\\\Bar%']",
            "[x-foo-bar:bizz MATCHES 'buzz']",
            "([ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'x.com']) WITHIN 300 SECONDS",
            "[network-traffic:dst_port IN (80, 443) AND network-traffic:src_port NOT > 1024]",
            "[file:size > 10] REPEATS 5 TIMES START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'",
            "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']",
            "[artifact:payload_bin = b'aGk=' OR file:magic_number_hex = h'ffd8']",
            "[EXISTS file:name]",
        ] {
            assert!(check(ok).is_ok(), "{ok}: {:?}", check(ok));
        }
        for bad in [
            "[file:hashes.\"SHA-256\" = 'aec']",
            "file:name = 'a'",
            "[file:name = 'a'",
            "[file:name 'a']",
            "[file:name = 'a'] WITHIN SECONDS",
            "[file:name = 'a' AND]",
            "",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check("[ab:yz = 'something']").unwrap(),
            vec![("ab".to_owned(), "yz".to_owned())]
        );
    }
}
