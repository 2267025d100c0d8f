//! Integration tests of the `formats` crate: every reference file in `../shared/data` is loaded
//! in place, and the facts the knowledge base relies on are checked; plus malformed input.

mod common;
mod malformed;
mod reference;
