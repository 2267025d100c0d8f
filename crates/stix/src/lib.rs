//! The STIX 2.1 object model that all of Cairn's data passes through.
//!
//! - [`object`]: every STIX 2.1 object type as a typed struct, with lossless JSON round-trip
//!   (custom properties, extensions and unknown object types are kept).
//! - [`json`]: bounded, strict parsing of untrusted JSON documents (size, depth, duplicate keys).
//! - [`validate`]: MUST rules as errors and SHOULD rules as warnings, each with a stable code and
//!   a JSON path.
//! - [`id`]: identifiers and deterministic SCO ids (UUIDv5 over JCS, §2.9).
//! - [`Timestamp`]: RFC 3339 timestamps that keep the precision they were written with.
//!
//! Architecture invariant: this crate is pure. It does no I/O and knows nothing about storage,
//! HTTP or files; callers hand it bytes or values.

pub mod cairn;
pub mod id;
pub mod jcs;
pub mod json;
pub mod object;
pub mod timestamp;
pub mod validate;
pub mod vocab;

pub use id::{Identifier, IdentifierError};
pub use object::{Bundle, Object};
pub use timestamp::{Timestamp, TimestampError};
