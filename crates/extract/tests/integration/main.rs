//! Integration tests of the extract crate.

mod eval;
mod ioc;
mod reader;
mod stix_out;
