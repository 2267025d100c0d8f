//! End-to-end tests of the `cairn` binary: exit codes, output and bounds on bad input.

mod hunt;
mod pattern;
mod reference;
mod support;
mod validate;
