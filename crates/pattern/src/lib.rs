//! The STIX 2.1 patterning language: a parser with positioned diagnostics, an evaluator over
//! observed-data, and [`IndicatorSet`], many patterns compiled into one fast matcher.
//!
//! ```
//! use pattern::{ObservedData, Pattern};
//! let p = Pattern::parse("[ipv4-addr:value ISSUBSET '198.51.100.0/24']").unwrap();
//! let bundle = serde_json::json!({"type": "bundle", "id": "bundle--1", "objects": [
//!     {"type": "observed-data", "id": "observed-data--1", "number_observed": 1,
//!      "first_observed": "2020-01-01T00:00:00Z", "last_observed": "2020-01-01T00:00:00Z",
//!      "object_refs": ["ipv4-addr--1"]},
//!     {"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "198.51.100.7"}]});
//! let data = ObservedData::from_json(&bundle).unwrap();
//! assert!(p.matches(&data).unwrap().matched);
//! ```
//!
//! # Grammar
//!
//! The language of STIX 2.1 §9 (and of the reference ANTLR grammar `STIXPattern.g4`), in EBNF.
//! Keywords are upper case and case-sensitive; `true`/`false` are lower case. Whitespace and
//! `/* */` or `//` comments separate tokens.
//!
//! ```text
//! pattern        = obs-followedby EOF ;
//! obs-followedby = obs-or { "FOLLOWEDBY" obs-or } ;            (* lowest precedence, left-assoc *)
//! obs-or         = obs-and { "OR" obs-and } ;
//! obs-and        = obs-qualified { "AND" obs-qualified } ;     (* highest *)
//! obs-qualified  = obs-primary { qualifier } ;
//! obs-primary    = "[" cmp-or "]" | "(" obs-followedby ")" ;
//! qualifier      = "WITHIN" ( int-pos | float-pos ) "SECONDS"
//!                | "REPEATS" int-pos "TIMES"
//!                | "START" timestamp "STOP" timestamp ;
//! cmp-or         = cmp-and { "OR" cmp-and } ;
//! cmp-and        = prop-test { "AND" prop-test } ;
//! prop-test      = "(" cmp-or ")"
//!                | "EXISTS" object-path
//!                | object-path [ "NOT" ] ( ( "=" | "==" | "!=" | "<>" ) primitive
//!                                       | ( "<" | "<=" | ">" | ">=" ) orderable
//!                                       | "IN" set
//!                                       | ( "LIKE" | "MATCHES" | "ISSUBSET" | "ISSUPERSET" ) string ) ;
//! set            = "(" [ primitive { "," primitive } ] ")" ;
//! object-path    = object-type ":" ( ident | string ) { "." ( ident | string ) | "[" ( int | "*" ) "]" } ;
//! object-type    = ident | ident-hyphen ;
//! primitive      = orderable | "true" | "false" ;
//! orderable      = int | float | string | binary | hex | timestamp ;
//! int            = [ "+" | "-" ] ( "0" | [1-9] [0-9]* ) ;
//! float          = [ "+" | "-" ] [0-9]* "." [0-9]+ ;
//! string         = "'" { any char but ' and \ | "\'" | "\\" } "'" ;
//! binary         = "b'" base64 "'" ;           hex = "h'" { hexdigit hexdigit } "'" ;
//! timestamp      = "t'" YYYY "-" MM "-" DD "T" hh ":" mm ":" ss [ "." [0-9]+ ] "Z'" ;
//! ident          = [A-Za-z_] [A-Za-z0-9_]* ;   ident-hyphen = [A-Za-z_] [A-Za-z0-9_-]* ;
//! ```
//!
//! Beyond the grammar, as the reference validator does: two qualifiers of one kind directly on a
//! bracketed observation (`[…] WITHIN 1 SECONDS WITHIN 2 SECONDS`) are rejected, and a literal
//! compared with `hashes.<ALGO>` must have the algorithm's format (e.g. 64 hex digits for SHA-256).
//!
//! Some errors the reference raises only when the pattern is evaluated (`WITHIN 0 SECONDS`,
//! `REPEATS 0 TIMES`, an impossible date such as `t'2024-02-30T00:00:00Z'`, a set mixing types,
//! a regex the engine cannot compile): the pattern parses, [`Pattern::evaluation_errors`] lists
//! them and every evaluation fails with [`MatchError::Pattern`].
//!
//! # Limits
//!
//! Patterns longer than [`MAX_PATTERN_LEN`] bytes, nested deeper than [`MAX_DEPTH`] or with more
//! than [`MAX_OBSERVATION_NODES`] observation expressions, operators and qualifiers are
//! rejected (comparisons inside one observation are not counted: `[a OR b OR …]` may be long);
//! `REPEATS` above [`MAX_REPEATS`] is an evaluation error; a `MATCHES`/`LIKE` regex is compiled
//! with a size limit of [`REGEX_SIZE_LIMIT`] bytes and runs in linear time (no backreferences or
//! look-around); one evaluation binds at most [`MAX_BINDING_SIZE`] observation instances and
//! makes at most [`MAX_SEARCH_STEPS`] binding attempts, else fails with
//! [`MatchError::TooComplex`].
//!
//! # Semantics
//!
//! Evaluation follows STIX 2.1 §9.9 as the reference matcher (`stix2-matcher`) implements it:
//! each observation expression binds to a distinct observed-data instance (an observed-data with
//! `number_observed` = n counts as n instances), comparisons joined by AND must hold on one
//! object, `[*]` means any element, `_ref`/`_refs` properties are resolved among the objects of
//! the same observed-data, values of `_hex`/`_bin` properties are binary, comparisons between
//! unrelated types are false (so `!=` is true), `LIKE` and `MATCHES` work on NFC-normalised
//! text, timestamps compare at microsecond precision. `ISSUBSET`/`ISSUPERSET` accept IPv6 as well
//! as IPv4 (the reference is IPv4-only).

mod ast;
mod eval;
mod net;
mod parse;
mod set;

use std::fmt;

pub use ast::{
    ComparisonExpr, Literal, ObjectPath, ObservationExpr, Op, PropTest, Qualifier, Step,
};
pub use eval::{MAX_BINDING_SIZE, MAX_SEARCH_STEPS, MatchResult, ObservedData, REGEX_SIZE_LIMIT};
pub use net::Net;
pub use parse::{
    Comparison, Inspection, MAX_DEPTH, MAX_OBSERVATION_NODES, MAX_PATTERN_LEN, MAX_REPEATS,
};
pub use set::{IndicatorSet, IndicatorSetBuilder, MatchId, SetStats};

/// A problem in a pattern, at a 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct Diagnostic {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic { line, column, message: message.into() }
    }
}

/// Why an evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    /// The pattern parses but cannot be evaluated (see the crate docs).
    #[error("pattern cannot be evaluated: {0}")]
    Pattern(Diagnostic),
    /// The observed data is not usable (missing fields, bad timestamps, wrong reference types).
    #[error("bad observed data: {0}")]
    Data(String),
    /// The binding search exceeded its step budget.
    #[error(
        "pattern too complex to evaluate over this data (more than {MAX_SEARCH_STEPS} binding attempts)"
    )]
    TooComplex,
}

/// A parsed STIX pattern.
pub struct Pattern {
    root: ObservationExpr,
    inspection: Inspection,
    deferred: Vec<Diagnostic>,
    compiled: Result<eval::Compiled, Diagnostic>,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("root", &self.root)
            .field("deferred", &self.deferred)
            .finish()
    }
}

impl Pattern {
    /// Parses a pattern. Never panics; on error returns diagnostics with line and column.
    pub fn parse(text: &str) -> Result<Pattern, Vec<Diagnostic>> {
        Pattern::parse_with(text, false)
    }

    /// Parses with the STIX 2.0 rules, which allow two qualifiers of one kind on an observation
    /// (`[…] REPEATS 2 TIMES REPEATS 3 TIMES`); STIX 2.1 validators reject them.
    pub fn parse_stix20(text: &str) -> Result<Pattern, Vec<Diagnostic>> {
        Pattern::parse_with(text, true)
    }

    fn parse_with(text: &str, stix20: bool) -> Result<Pattern, Vec<Diagnostic>> {
        let parsed = parse::parse(text, stix20)?;
        let mut deferred = parsed.deferred;
        let compiled = match deferred.first() {
            Some(d) => Err(d.clone()),
            None => eval::compile(&parsed.root),
        };
        if let Err(d) = &compiled
            && deferred.is_empty()
        {
            deferred.push(d.clone());
        }
        Ok(Pattern { root: parsed.root, inspection: parsed.inspection, deferred, compiled })
    }

    /// The syntax tree.
    pub fn root(&self) -> &ObservationExpr {
        &self.root
    }

    /// The comparisons, observation operators and qualifiers the pattern is made of.
    pub fn inspect(&self) -> &Inspection {
        &self.inspection
    }

    /// Problems that make every evaluation fail although the syntax is valid.
    pub fn evaluation_errors(&self) -> &[Diagnostic] {
        &self.deferred
    }

    /// Matches the pattern against observed-data; returns the first binding's observed-data.
    pub fn matches(&self, data: &[ObservedData]) -> Result<MatchResult, MatchError> {
        match &self.compiled {
            Ok(c) => eval::evaluate(c, data),
            Err(d) => Err(MatchError::Pattern(d.clone())),
        }
    }
}

#[cfg(test)]
mod tests;
