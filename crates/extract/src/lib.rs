//! Text to intelligence: document readers, IOC scanner, entity recognition, relations.
//!
//! [`extract()`] runs the whole pipeline on a read [`reader::Document`] with a [`Lexicon`] the
//! caller built (from the knowledge base, or [`Lexicon::builtin`] when it is empty) and returns an
//! [`Extraction`]: findings with byte offsets into the normalized text, as JSONL lines, a STIX
//! bundle or a table for people.

pub mod entity;
pub mod eval;
pub mod finding;
pub mod ioc;
pub mod lexicon;
pub mod pipeline;
pub mod reader;
pub mod relation;
pub mod stix_out;
pub mod text;

pub use finding::{Extraction, Finding};
pub use lexicon::{EntityType, Lexicon, Record};
pub use pipeline::{Options, extract, extract_text};
