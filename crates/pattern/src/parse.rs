//! Hand-written lexer and recursive-descent parser for STIX patterns (grammar in the crate docs).
//!
//! The lexer follows the reference ANTLR grammar's longest-match rules, so that e.g. `t'2020-13-01T00:00:00Z'`
//! is not a timestamp literal but the identifier `t` followed by a string (and then a syntax error).

use crate::Diagnostic;
use crate::ast::{ComparisonExpr, Literal, ObjectPath, ObservationExpr, Op, PropTest, Step};

/// Longest pattern text accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 1 << 20;
/// Deepest nesting of brackets and parentheses accepted.
pub const MAX_DEPTH: usize = 64;
/// Most observation-expression nodes (observations, operators, qualifiers) in one pattern: the
/// evaluator recurses over them. Long IOC lists belong inside one observation (`[a OR b OR …]`),
/// which has no such limit.
pub const MAX_OBSERVATION_NODES: usize = 512;
/// Largest `REPEATS` count evaluated (the search recurses once per repetition).
pub const MAX_REPEATS: u64 = 1000;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    LBrack,
    RBrack,
    LParen,
    RParen,
    Colon,
    Dot,
    Comma,
    Star,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Kw(&'static str),
    Ident { hyphen: bool },
    IntPos,
    IntNeg,
    FloatPos,
    FloatNeg,
    Str(String),
    Hex(Vec<u8>),
    Bin(Vec<u8>),
    Ts,
    Bool(bool),
    Other,
    Eof,
}

const KEYWORDS: &[&str] = &[
    "AND",
    "OR",
    "NOT",
    "FOLLOWEDBY",
    "LIKE",
    "MATCHES",
    "ISSUPERSET",
    "ISSUBSET",
    "EXISTS",
    "LAST",
    "IN",
    "START",
    "STOP",
    "SECONDS",
    "WITHIN",
    "REPEATS",
    "TIMES",
];

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    line: u32,
    column: u32,
}

fn is_ws(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\r'
            | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self, bytes: usize) {
        let end = (self.pos + bytes).min(self.src.len());
        for c in self.src.get(self.pos..end).unwrap_or("").chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.pos = end;
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            if let Some(c) = rest.chars().next()
                && is_ws(c)
            {
                self.bump(c.len_utf8());
            } else if rest.starts_with("/*") {
                let len = rest.get(2..).and_then(|r| r.find("*/")).map_or(rest.len(), |i| i + 4);
                self.bump(len);
            } else if rest.starts_with("//") {
                let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
                self.bump(len);
            } else {
                return;
            }
        }
    }

    fn next(&mut self) -> Token {
        self.skip_trivia();
        let (start, line, column) = (self.pos, self.line, self.column);
        let rest = self.rest();
        let (tok, len) = lex_one(rest);
        self.bump(len);
        Token { tok, start, end: self.pos, line, column }
    }
}

fn digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// One token at the start of `s` and its length in bytes.
fn lex_one(s: &str) -> (Tok, usize) {
    let b = s.as_bytes();
    let Some(&c) = b.first() else { return (Tok::Eof, 0) };
    let two = b.get(..2);
    match two {
        Some(b"<=") => return (Tok::Le, 2),
        Some(b">=") => return (Tok::Ge, 2),
        Some(b"==") => return (Tok::Eq, 2),
        Some(b"!=") | Some(b"<>") => return (Tok::Ne, 2),
        _ => {}
    }
    match c {
        b'[' => return (Tok::LBrack, 1),
        b']' => return (Tok::RBrack, 1),
        b'(' => return (Tok::LParen, 1),
        b')' => return (Tok::RParen, 1),
        b':' => return (Tok::Colon, 1),
        b',' => return (Tok::Comma, 1),
        b'*' => return (Tok::Star, 1),
        b'=' => return (Tok::Eq, 1),
        b'<' => return (Tok::Lt, 1),
        b'>' => return (Tok::Gt, 1),
        _ => {}
    }
    if c == b'\'' {
        return match lex_string(s) {
            Some((text, len)) => (Tok::Str(text), len),
            None => (Tok::Other, 1),
        };
    }
    if c == b'+' || c == b'-' || c == b'.' || c.is_ascii_digit() {
        let sign = usize::from(c == b'+' || c == b'-');
        let neg = c == b'-';
        let d1 = digits(&b[sign..]);
        let after = sign + d1;
        if b.get(after) == Some(&b'.') {
            let d2 = digits(b.get(after + 1..).unwrap_or(&[]));
            if d2 > 0 {
                let len = after + 1 + d2;
                return (if neg { Tok::FloatNeg } else { Tok::FloatPos }, len);
            }
        }
        if d1 > 0 {
            let len = if b[sign] == b'0' { sign + 1 } else { after };
            return (if neg { Tok::IntNeg } else { Tok::IntPos }, len);
        }
        return if c == b'.' { (Tok::Dot, 1) } else { (Tok::Other, 1) };
    }
    if c.is_ascii_alphabetic() || c == b'_' {
        if b.get(1) == Some(&b'\'') {
            let typed = match c {
                b't' => lex_timestamp(s).map(|len| (Tok::Ts, len)),
                b'h' => lex_hex(s),
                b'b' => lex_base64(s),
                _ => None,
            };
            if let Some(t) = typed {
                return t;
            }
        }
        let len = b
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
            .count();
        let word = &s[..len];
        if word == "true" {
            return (Tok::Bool(true), len);
        }
        if word == "false" {
            return (Tok::Bool(false), len);
        }
        if let Some(kw) = KEYWORDS.iter().find(|k| **k == word) {
            return (Tok::Kw(kw), len);
        }
        return (Tok::Ident { hyphen: word.contains('-') }, len);
    }
    (Tok::Other, s.chars().next().map_or(1, char::len_utf8))
}

/// `'…'` with `\'` and `\\` escapes only, as the reference grammar has it.
fn lex_string(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some((out, i + 1)),
            '\\' => match chars.next() {
                Some((_, e @ ('\'' | '\\'))) => out.push(e),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

fn lex_timestamp(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let body = b.get(2..)?;
    let d = |i: usize| body.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, c: u8| body.get(i) == Some(&c);
    let ok = (0..4).all(d)
        && at(4, b'-')
        && matches!(
            (body.get(5), body.get(6)),
            (Some(b'0'), Some(b'1'..=b'9')) | (Some(b'1'), Some(b'0'..=b'2'))
        )
        && at(7, b'-')
        && matches!(
            (body.get(8), body.get(9)),
            (Some(b'0'), Some(b'1'..=b'9'))
                | (Some(b'1' | b'2'), Some(b'0'..=b'9'))
                | (Some(b'3'), Some(b'0' | b'1'))
        )
        && at(10, b'T')
        && matches!(
            (body.get(11), body.get(12)),
            (Some(b'0' | b'1'), Some(b'0'..=b'9')) | (Some(b'2'), Some(b'0'..=b'3'))
        )
        && at(13, b':')
        && matches!(body.get(14), Some(b'0'..=b'5'))
        && d(15)
        && at(16, b':')
        && matches!(
            (body.get(17), body.get(18)),
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) | (Some(b'6'), Some(b'0'))
        );
    if !ok {
        return None;
    }
    let mut i = 19;
    if at(i, b'.') {
        let n = digits(body.get(i + 1..).unwrap_or(&[]));
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    (at(i, b'Z') && at(i + 1, b'\'')).then_some(2 + i + 2)
}

fn lex_hex(s: &str) -> Option<(Tok, usize)> {
    let body = s.as_bytes().get(2..)?;
    let n = body.iter().take_while(|c| c.is_ascii_hexdigit()).count();
    if n % 2 != 0 || body.get(n) != Some(&b'\'') {
        return None;
    }
    let bytes = decode_hex(body.get(..n)?)?;
    Some((Tok::Hex(bytes), 2 + n + 1))
}

fn lex_base64(s: &str) -> Option<(Tok, usize)> {
    let body = s.as_bytes().get(2..)?;
    let is_b64 = |c: &u8| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/';
    let n = body.iter().take_while(|c| is_b64(c)).count();
    let pad = body.get(n..).unwrap_or(&[]).iter().take_while(|c| **c == b'=').count();
    // Grammar: groups of four, the last may be `xxx=` or `xx==`; at least one group.
    let valid = match pad {
        0 => n % 4 == 0 && n > 0,
        1 => n % 4 == 3,
        2 => n % 4 == 2,
        _ => false,
    };
    if !valid || body.get(n + pad) != Some(&b'\'') {
        return None;
    }
    let bytes = decode_base64(body.get(..n)?)?;
    Some((Tok::Bin(bytes), 2 + n + pad + 1))
}

/// Decodes hex digits (even length, no prefix).
pub(crate) fn decode_hex(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let val = |c: u8| (c as char).to_digit(16).map(|v| v as u8);
    s.chunks(2).map(|p| Some(val(*p.first()?)? << 4 | val(*p.get(1)?)?)).collect()
}

/// Decodes standard base64; padding optional, other characters rejected.
pub(crate) fn decode_base64(s: &[u8]) -> Option<Vec<u8>> {
    let s = s.strip_suffix(b"==").or_else(|| s.strip_suffix(b"=")).unwrap_or(s);
    if s.len() % 4 == 1 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    for chunk in s.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= val(*c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// Parses a timestamp the way the reference matcher does: strict `YYYY-MM-DDTHH:MM:SS[.s+]Z`
/// (upper-case `T` and `Z`, a real calendar date, no leap second), compared at microsecond
/// precision (digits beyond the sixth are dropped, however many there are). Returns nanoseconds
/// since the Unix epoch.
pub(crate) fn parse_timestamp(text: &str) -> Option<i128> {
    // `stix::Timestamp` keeps at most nine digits; cut the fraction to six first.
    let cut = match text.find('.') {
        Some(dot) if text.len() > dot + 8 => {
            let digits = digits(&text.as_bytes()[dot + 1..]);
            format!("{}{}", &text[..dot + 7], &text[dot + 1 + digits..])
        }
        _ => text.to_owned(),
    };
    let t = stix::Timestamp::parse(&cut).ok()?;
    if t.civil().5 == 60 {
        return None;
    }
    Some(t.with_precision(6).unix_nanos())
}

/// The outcome of parsing: the tree plus errors that the reference semantics raise only when the
/// pattern is evaluated (they make every evaluation fail).
pub(crate) struct Parsed {
    pub root: ObservationExpr,
    pub deferred: Vec<Diagnostic>,
    pub inspection: Inspection,
}

/// What a pattern is made of, as the reference `Pattern.inspect()` reports it: useful to export
/// an indicator's comparisons to tools that are not STIX-aware.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspection {
    /// Every property test except `EXISTS`, in order of appearance.
    pub comparisons: Vec<Comparison>,
    /// The operators used between observations: `AND`, `OR`, `FOLLOWEDBY` (sorted, unique).
    pub observation_operators: Vec<&'static str>,
    /// Each qualifier as text, e.g. `WITHIN 5 SECONDS` (sorted, unique).
    pub qualifiers: Vec<String>,
}

/// One property test: object type, path, operator (with `NOT ` when negated) and the literal as
/// written (sets without whitespace).
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub object_type: String,
    pub path: Vec<Step>,
    pub operator: String,
    pub literal: String,
}

pub(crate) fn parse(src: &str, stix20: bool) -> Result<Parsed, Vec<Diagnostic>> {
    if src.len() > MAX_PATTERN_LEN {
        return Err(vec![Diagnostic::new(
            1,
            1,
            format!("pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}", src.len()),
        )]);
    }
    let mut p = Parser {
        src,
        lexer: Lexer { src, pos: 0, line: 1, column: 1 },
        tok: Token { tok: Tok::Eof, start: 0, end: 0, line: 1, column: 1 },
        depth: 0,
        deferred: Vec::new(),
        stix20,
        nodes: 0,
        inspection: Inspection::default(),
    };
    p.advance();
    let root = p.observation_expressions().map_err(|d| vec![d])?;
    if p.tok.tok != Tok::Eof {
        return Err(vec![
            p.error("expected AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern"),
        ]);
    }
    let mut inspection = p.inspection;
    inspection.observation_operators.sort_unstable();
    inspection.observation_operators.dedup();
    inspection.qualifiers.sort();
    inspection.qualifiers.dedup();
    Ok(Parsed { root, deferred: p.deferred, inspection })
}

struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    tok: Token,
    depth: usize,
    deferred: Vec<Diagnostic>,
    /// STIX 2.0 rules: duplicate qualifiers are allowed.
    stix20: bool,
    nodes: usize,
    inspection: Inspection,
}

type PResult<T> = Result<T, Diagnostic>;

impl Parser<'_> {
    fn advance(&mut self) -> Token {
        let next = self.lexer.next();
        std::mem::replace(&mut self.tok, next)
    }

    fn text(&self, t: &Token) -> &str {
        self.src.get(t.start..t.end).unwrap_or("")
    }

    fn error(&self, expected: &str) -> Diagnostic {
        let found = match self.tok.tok {
            Tok::Eof => "the end of the pattern".to_string(),
            _ => format!("'{}'", self.text(&self.tok).chars().take(40).collect::<String>()),
        };
        Diagnostic::new(self.tok.line, self.tok.column, format!("{expected}, found {found}"))
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok.tok, Tok::Kw(k) if k == kw)
    }

    fn expect(&mut self, tok: Tok, what: &str) -> PResult<Token> {
        if self.tok.tok == tok {
            Ok(self.advance())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<Token> {
        if self.is_kw(kw) { Ok(self.advance()) } else { Err(self.error(&format!("expected {kw}"))) }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::new(
                self.tok.line,
                self.tok.column,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn count_node(&mut self) -> PResult<()> {
        self.nodes += 1;
        if self.nodes > MAX_OBSERVATION_NODES {
            return Err(Diagnostic::new(
                self.tok.line,
                self.tok.column,
                format!(
                    "more than {MAX_OBSERVATION_NODES} observation expressions, operators and qualifiers"
                ),
            ));
        }
        Ok(())
    }

    fn defer(&mut self, t: &Token, message: String) {
        self.deferred.push(Diagnostic::new(t.line, t.column, message));
    }

    fn observation_expressions(&mut self) -> PResult<ObservationExpr> {
        let mut lhs = self.observation_or()?;
        while self.is_kw("FOLLOWEDBY") {
            self.count_node()?;
            self.advance();
            let rhs = self.observation_or()?;
            self.inspection.observation_operators.push("FOLLOWEDBY");
            lhs = ObservationExpr::FollowedBy(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn observation_or(&mut self) -> PResult<ObservationExpr> {
        let mut lhs = self.observation_and()?;
        while self.is_kw("OR") {
            self.count_node()?;
            self.advance();
            let rhs = self.observation_and()?;
            self.inspection.observation_operators.push("OR");
            lhs = ObservationExpr::Or(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn observation_and(&mut self) -> PResult<ObservationExpr> {
        let mut lhs = self.observation_qualified()?;
        while self.is_kw("AND") {
            self.count_node()?;
            self.advance();
            let rhs = self.observation_qualified()?;
            self.inspection.observation_operators.push("AND");
            lhs = ObservationExpr::And(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn observation_qualified(&mut self) -> PResult<ObservationExpr> {
        self.enter()?;
        let (mut expr, simple) = match self.tok.tok {
            Tok::LBrack => {
                self.count_node()?;
                self.advance();
                let cmp = self.comparison_or()?;
                self.expect(Tok::RBrack, "']' or AND/OR")?;
                (ObservationExpr::Observation(cmp), true)
            }
            Tok::LParen => {
                self.advance();
                let inner = self.observation_expressions()?;
                self.expect(Tok::RParen, "')'")?;
                (inner, false)
            }
            _ => return Err(self.error("expected '[' or '(' to start an observation expression")),
        };
        // The reference validator rejects two qualifiers of one kind applied directly to a
        // bracketed observation, but allows them on a parenthesized group.
        let mut seen: Vec<&str> = Vec::new();
        while let Tok::Kw(kw @ ("WITHIN" | "REPEATS" | "START")) = self.tok.tok {
            let qual_tok = self.tok.clone();
            if simple && !self.stix20 && seen.contains(&kw) {
                return Err(Diagnostic::new(
                    qual_tok.line,
                    qual_tok.column,
                    format!("duplicate {kw} qualifier on one observation expression"),
                ));
            }
            seen.push(kw);
            self.count_node()?;
            self.advance();
            expr = match kw {
                "WITHIN" => {
                    let t = self.tok.clone();
                    let secs: f64 = match t.tok {
                        Tok::IntPos | Tok::FloatPos => {
                            self.text(&t).parse().unwrap_or(f64::INFINITY)
                        }
                        _ => {
                            return Err(
                                self.error("expected a positive number of seconds after WITHIN")
                            );
                        }
                    };
                    self.advance();
                    self.expect_kw("SECONDS")?;
                    let value = if secs > 0.0 && secs.is_finite() {
                        Ok(((secs * 1e6).round() as i128) * 1000)
                    } else {
                        let msg = format!("WITHIN must be positive, got {}", self.text(&t));
                        self.defer(&t, msg.clone());
                        Err(msg)
                    };
                    self.inspection.qualifiers.push(format!("WITHIN {} SECONDS", self.text(&t)));
                    ObservationExpr::Within(Box::new(expr), value)
                }
                "REPEATS" => {
                    let t = self.tok.clone();
                    if t.tok != Tok::IntPos {
                        return Err(self.error("expected a positive integer after REPEATS"));
                    }
                    let n: u64 = self.text(&t).trim_start_matches('+').parse().unwrap_or(u64::MAX);
                    self.advance();
                    self.expect_kw("TIMES")?;
                    let value = if n == 0 {
                        let msg = "REPEATS count must be at least 1".to_string();
                        self.defer(&t, msg.clone());
                        Err(msg)
                    } else if n > MAX_REPEATS {
                        let msg = format!("REPEATS count {n} is above the supported {MAX_REPEATS}");
                        self.defer(&t, msg.clone());
                        Err(msg)
                    } else {
                        Ok(n)
                    };
                    self.inspection.qualifiers.push(format!("REPEATS {} TIMES", self.text(&t)));
                    ObservationExpr::Repeats(Box::new(expr), value)
                }
                _ => {
                    let start_text = self.text(&self.tok).to_string();
                    let start = self.timestamp_literal()?;
                    self.expect_kw("STOP")?;
                    let stop_text = self.text(&self.tok).to_string();
                    let stop = self.timestamp_literal()?;
                    self.inspection.qualifiers.push(format!("START {start_text} STOP {stop_text}"));
                    let value = match (start, stop) {
                        (Ok(a), Ok(b)) => Ok((a, b)),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    };
                    ObservationExpr::StartStop(Box::new(expr), value)
                }
            };
        }
        self.depth -= 1;
        Ok(expr)
    }

    fn timestamp_literal(&mut self) -> PResult<Result<i128, String>> {
        if self.tok.tok != Tok::Ts {
            return Err(self.error("expected a timestamp literal t'…'"));
        }
        let t = self.advance();
        let text = self.text(&t);
        let inner = text.get(2..text.len() - 1).unwrap_or("");
        Ok(match parse_timestamp(inner) {
            Some(ts) => Ok(ts),
            None => {
                let msg = format!("invalid timestamp {text}");
                self.defer(&t, msg.clone());
                Err(msg)
            }
        })
    }

    fn comparison_or(&mut self) -> PResult<ComparisonExpr> {
        let first = self.comparison_and()?;
        if !self.is_kw("OR") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.is_kw("OR") {
            self.advance();
            items.push(self.comparison_and()?);
        }
        Ok(ComparisonExpr::Or(items))
    }

    fn comparison_and(&mut self) -> PResult<ComparisonExpr> {
        let first = self.prop_test()?;
        if !self.is_kw("AND") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.is_kw("AND") {
            self.advance();
            items.push(self.prop_test()?);
        }
        Ok(ComparisonExpr::And(items))
    }

    fn prop_test(&mut self) -> PResult<ComparisonExpr> {
        let (line, column) = (self.tok.line, self.tok.column);
        if self.tok.tok == Tok::LParen {
            self.enter()?;
            self.advance();
            let inner = self.comparison_or()?;
            self.expect(Tok::RParen, "')' or AND/OR")?;
            self.depth -= 1;
            return Ok(inner);
        }
        if self.is_kw("EXISTS") {
            self.advance();
            let path = self.object_path()?;
            return Ok(ComparisonExpr::Test(PropTest {
                path,
                negated: false,
                op: Op::Exists,
                line,
                column,
            }));
        }
        let path = self.object_path()?;
        let negated = self.is_kw("NOT");
        if negated {
            self.advance();
        }
        let op_tok = self.tok.clone();
        let literal_text;
        let op = match &op_tok.tok {
            Tok::Eq | Tok::Ne => {
                self.advance();
                let at = self.tok.clone();
                let lit = self.literal(true)?;
                self.check_hash(&path, &lit, &at)?;
                literal_text = lit.1.clone();
                if op_tok.tok == Tok::Eq { Op::Eq(lit.0) } else { Op::Ne(lit.0) }
            }
            Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => {
                self.advance();
                let at = self.tok.clone();
                let lit = self.literal(false)?;
                self.check_hash(&path, &lit, &at)?;
                literal_text = lit.1.clone();
                match op_tok.tok {
                    Tok::Lt => Op::Lt(lit.0),
                    Tok::Le => Op::Le(lit.0),
                    Tok::Gt => Op::Gt(lit.0),
                    _ => Op::Ge(lit.0),
                }
            }
            Tok::Kw("IN") => {
                self.advance();
                let (items, text) = self.set_literal()?;
                literal_text = text;
                Op::In(items)
            }
            Tok::Kw(kw @ ("LIKE" | "MATCHES" | "ISSUBSET" | "ISSUPERSET")) => {
                let kw = *kw;
                self.advance();
                let Tok::Str(s) = self.tok.tok.clone() else {
                    return Err(self.error(&format!("expected a string literal after {kw}")));
                };
                let t = self.advance();
                let raw = self.text(&t).to_string();
                self.check_hash(&path, &(Literal::Str(s.clone()), raw.clone()), &t)?;
                literal_text = raw;
                match kw {
                    "LIKE" => Op::Like(s),
                    "MATCHES" => Op::Matches(s),
                    "ISSUBSET" => Op::IsSubset(s),
                    _ => Op::IsSuperset(s),
                }
            }
            _ => {
                return Err(self.error(
                    "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)",
                ));
            }
        };
        let op_text = self.text(&op_tok);
        self.inspection.comparisons.push(Comparison {
            object_type: path.object_type.clone(),
            path: path.steps.clone(),
            operator: if negated { format!("NOT {op_text}") } else { op_text.to_string() },
            literal: literal_text,
        });
        Ok(ComparisonExpr::Test(PropTest { path, negated, op, line, column }))
    }

    /// The reference validator checks literals compared with `hashes.<ALGO>` against the
    /// algorithm's format; a mismatch makes the pattern invalid.
    fn check_hash(&self, path: &ObjectPath, lit: &(Literal, String), at: &Token) -> PResult<()> {
        let Some(Step::Key(algo)) = path.steps.last() else { return Ok(()) };
        if !path.steps.iter().any(|s| *s == Step::Key("hashes".into())) {
            return Ok(());
        }
        let algo: String =
            algo.to_uppercase().chars().filter(|c| *c != '-' && *c != '\'').collect();
        let value: String = lit.1.chars().filter(|c| *c != '\'').collect();
        if hash_format_ok(&algo, &value) {
            Ok(())
        } else {
            Err(Diagnostic::new(
                at.line,
                at.column,
                format!("{value:?} is not a valid {algo} hash"),
            ))
        }
    }

    fn object_path(&mut self) -> PResult<ObjectPath> {
        let object_type = match self.tok.tok {
            Tok::Ident { .. } => {
                let t = self.advance();
                self.text(&t).to_string()
            }
            _ => return Err(self.error("expected an object type")),
        };
        self.expect(Tok::Colon, "':' after the object type")?;
        let mut steps = Vec::new();
        steps.push(Step::Key(self.path_key()?));
        loop {
            match self.tok.tok {
                Tok::Dot => {
                    self.advance();
                    steps.push(Step::Key(self.path_key()?));
                }
                Tok::LBrack => {
                    self.advance();
                    let step = match self.tok.tok {
                        Tok::Star => Step::AnyIndex,
                        Tok::IntPos | Tok::IntNeg => {
                            let text = self.text(&self.tok).trim_start_matches('+');
                            Step::Index(text.parse().unwrap_or(i64::MAX))
                        }
                        _ => return Err(self.error("expected a list index or '*'")),
                    };
                    self.advance();
                    self.expect(Tok::RBrack, "']'")?;
                    steps.push(step);
                }
                _ => break,
            }
        }
        Ok(ObjectPath { object_type, steps })
    }

    fn path_key(&mut self) -> PResult<String> {
        match &self.tok.tok {
            Tok::Ident { hyphen: false } => {
                let t = self.advance();
                Ok(self.text(&t).to_string())
            }
            Tok::Str(s) => {
                let s = s.clone();
                self.advance();
                Ok(s)
            }
            _ => Err(self.error("expected a property name (quote names with hyphens)")),
        }
    }

    /// A literal and its source text.
    fn literal(&mut self, allow_bool: bool) -> PResult<(Literal, String)> {
        let t = self.tok.clone();
        let text = self.text(&t).to_string();
        let lit = match &t.tok {
            Tok::IntPos | Tok::IntNeg => match text.trim_start_matches('+').parse::<i128>() {
                Ok(n) => Literal::Int(n),
                Err(_) => return Err(self.error("integer literal out of range")),
            },
            Tok::FloatPos | Tok::FloatNeg => Literal::Float(text.parse().unwrap_or(f64::NAN)),
            Tok::Str(s) => Literal::Str(s.clone()),
            Tok::Bool(b) if allow_bool => Literal::Bool(*b),
            Tok::Hex(b) | Tok::Bin(b) => Literal::Binary(b.clone()),
            Tok::Ts => {
                let inner = text.get(2..text.len() - 1).unwrap_or("");
                match parse_timestamp(inner) {
                    Some(ts) => Literal::Timestamp(Ok(ts)),
                    None => {
                        let msg = format!("invalid timestamp {text}");
                        self.defer(&t, msg.clone());
                        Literal::Timestamp(Err(msg))
                    }
                }
            }
            _ => return Err(self.error("expected a literal")),
        };
        self.advance();
        Ok((lit, text))
    }

    fn set_literal(&mut self) -> PResult<(Vec<Literal>, String)> {
        let open = self.expect(Tok::LParen, "'(' to start a set")?;
        let mut items = Vec::new();
        let mut text = String::from("(");
        if self.tok.tok != Tok::RParen {
            loop {
                let (lit, t) = self.literal(true)?;
                items.push(lit);
                text.push_str(&t);
                if self.tok.tok == Tok::Comma {
                    text.push(',');
                    self.advance();
                } else {
                    break;
                }
            }
        }
        self.expect(Tok::RParen, "',' or ')'")?;
        text.push(')');
        let kind = |l: &Literal| match l {
            Literal::Int(_) | Literal::Float(_) => 0,
            Literal::Str(_) => 1,
            Literal::Bool(_) => 2,
            Literal::Binary(_) => 3,
            Literal::Timestamp(_) => 4,
        };
        if let Some(first) = items.first()
            && items.iter().any(|l| kind(l) != kind(first))
        {
            self.defer(&open, "set literal mixes types".to_string());
        }
        Ok((items, text))
    }
}

/// Formats of hash values per algorithm (upper case, hyphens removed), as the reference
/// validator checks them. Unknown algorithms are not checked.
fn hash_format_ok(algo: &str, value: &str) -> bool {
    let hex = |lens: &[usize]| {
        lens.contains(&value.len()) && value.bytes().all(|c| c.is_ascii_hexdigit())
    };
    match algo {
        "MD5" => hex(&[32]),
        // The reference's MD6 expression is unanchored after its first alternative: it accepts
        // any value that starts with 32 hex digits.
        "MD6" => value.len() >= 32 && value.bytes().take(32).all(|c| c.is_ascii_hexdigit()),
        "RIPEMD160" | "SHA1" => hex(&[40]),
        "SHA224" | "SHA3224" => hex(&[56]),
        "SHA256" | "SHA3256" => hex(&[64]),
        "SHA384" | "SHA3384" => hex(&[96]),
        "SHA512" | "SHA3512" | "WHIRLPOOL" => hex(&[128]),
        "SSDEEP" => {
            (1..=128).contains(&value.len())
                && value.bytes().all(|c| c.is_ascii_alphanumeric() || b"/+:.".contains(&c))
        }
        _ => true,
    }
}
