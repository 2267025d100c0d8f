//! The syntax tree of a STIX pattern, as the parser builds it.

/// An observation expression: what must be observed, across observed-data objects.
#[derive(Clone, Debug, PartialEq)]
pub enum ObservationExpr {
    /// `[ comparison ]`: one observed-data object satisfies the comparison expression.
    Observation(ComparisonExpr),
    And(Box<ObservationExpr>, Box<ObservationExpr>),
    Or(Box<ObservationExpr>, Box<ObservationExpr>),
    FollowedBy(Box<ObservationExpr>, Box<ObservationExpr>),
    /// `WITHIN n SECONDS`, the duration in nanoseconds.
    Within(Box<ObservationExpr>, Qualifier<i128>),
    /// `REPEATS n TIMES`.
    Repeats(Box<ObservationExpr>, Qualifier<u64>),
    /// `START t'…' STOP t'…'`, as nanoseconds since the Unix epoch.
    StartStop(Box<ObservationExpr>, Qualifier<(i128, i128)>),
}

/// A qualifier's value, or why the reference semantics reject it at evaluation time
/// (`WITHIN 0 SECONDS`, `REPEATS 0 TIMES`, an impossible calendar date in `START`).
pub type Qualifier<T> = Result<T, String>;

/// A comparison expression inside `[ ]`, evaluated against one observed-data object.
#[derive(Clone, Debug, PartialEq)]
pub enum ComparisonExpr {
    And(Vec<ComparisonExpr>),
    Or(Vec<ComparisonExpr>),
    Test(PropTest),
}

/// One property test: `path [NOT] op literal`, or `EXISTS path`.
#[derive(Clone, Debug, PartialEq)]
pub struct PropTest {
    pub path: ObjectPath,
    pub negated: bool,
    pub op: Op,
    /// 1-based line and column of the test, for messages.
    pub line: u32,
    pub column: u32,
}

/// Comparison operators with their operand.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Eq(Literal),
    Ne(Literal),
    Lt(Literal),
    Le(Literal),
    Gt(Literal),
    Ge(Literal),
    In(Vec<Literal>),
    Like(String),
    Matches(String),
    IsSubset(String),
    IsSuperset(String),
    Exists,
}

/// `type:step.step[0].step`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObjectPath {
    pub object_type: String,
    pub steps: Vec<Step>,
}

/// One step of an object path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(i64),
    /// `[*]`: any element of a list.
    AnyIndex,
}

/// A typed literal from the pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    /// `b'…'` or `h'…'`.
    Binary(Vec<u8>),
    /// `t'…'` as nanoseconds since the Unix epoch; an impossible calendar date is kept as an
    /// error message and fails at evaluation.
    Timestamp(Result<i128, String>),
}

impl std::fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.object_type)?;
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Key(k) => {
                    let plain =
                        k.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if plain {
                        f.write_str(k)?;
                    } else {
                        write!(f, "'{}'", k.replace('\\', "\\\\").replace('\'', "\\'"))?;
                    }
                }
                Step::Index(n) => write!(f, "[{n}]")?,
                Step::AnyIndex => f.write_str("[*]")?,
            }
        }
        Ok(())
    }
}
