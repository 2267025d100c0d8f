//! One integration-test binary for the `pattern` crate.

mod conformance;
mod indicator_set;
