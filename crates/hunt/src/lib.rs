//! Retro-hunt: a network's own logs matched against indicators, field by field, in parallel and
//! streaming.
//!
//! ```text
//! log files ─► engine (work units: streams, newline-aligned ranges; scoped threads; 2 MiB blocks)
//!          ─► scan (per-kind line parser: Zeek TSV/JSON, Suricata EVE, JSON lines, CSV, text)
//!          ─► mapping (field → STIX object path) ─► index (hash lookups, suffix walk, CIDR) ─► hits
//! ```
//!
//! The crate never touches the database: indicators come in as an [`IndicatorIndex`] (built from a
//! plain list or a STIX bundle by [`indicators`], or by the caller from the knowledge base), hits go
//! out as a [`HuntReport`].
//!
//! # Field mapping
//!
//! | source | field | STIX object path |
//! |---|---|---|
//! | Zeek (any log, TSV or JSON) | `id.orig_h`, `id.resp_h`, `tx_hosts`, `rx_hosts`, `src`, `dst`, `host_ip`, `assigned_addr` | `ipv4-addr:value` / `ipv6-addr:value` by address family |
//! | Zeek dns | `query` | `domain-name:value` (subdomains of an indicator domain match) |
//! | Zeek dns | `answers` (a set) | addresses as `ipv4-addr`/`ipv6-addr`, names as `domain-name` |
//! | Zeek http | `host` | `domain-name:value` (or an address) |
//! | Zeek http | `host` + `uri` | `url:value` (scheme, host case and fragment ignored) |
//! | Zeek http | `referrer` | `url:value` |
//! | Zeek http | `user_agent` | `network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'` |
//! | Zeek ssl | `server_name` | `domain-name:value` |
//! | Zeek x509 | `san.dns` | `domain-name:value` |
//! | Zeek files, x509 | `md5`, `sha1`, `sha256` | `file:hashes.'MD5'`, `'SHA-1'`, `'SHA-256'` |
//! | Zeek smtp | `mailfrom`, `rcptto` | `email-addr:value` |
//! | Suricata EVE | `src_ip`, `dest_ip` | `ipv4-addr:value` / `ipv6-addr:value` |
//! | Suricata EVE | `dns.rrname`, `dns.query[].rrname`, `dns.queries[].rrname`, `tls.sni` | `domain-name:value` |
//! | Suricata EVE | `dns.answers[].rdata`, `dns.rdata`, `dns.grouped.{A,AAAA,CNAME}` | address or `domain-name:value` |
//! | Suricata EVE | `http.hostname` (+ `http.url`) | `domain-name:value` (and `url:value`) |
//! | Suricata EVE | `http.http_refer` | `url:value` |
//! | Suricata EVE | `http.http_user_agent` | the User-Agent path above |
//! | Suricata EVE | `fileinfo.md5`, `fileinfo.sha1`, `fileinfo.sha256` | `file:hashes.*` |
//! | Suricata EVE | `smtp.mail_from`, `smtp.rcpt_to` | `email-addr:value` |
//! | JSON lines, CSV | keys/columns named `url`, `referrer` | `url:value` |
//! | JSON lines, CSV | named `md5`, `sha1`, `sha256`, `hash` | `file:hashes.*` by length |
//! | JSON lines, CSV | named `email`, `sender`, `recipient`, ... | `email-addr:value` |
//! | JSON lines, CSV | names containing `ip`, `addr`, `src`, `dst`, `dest`, `source`, `destination`, `host`, `domain`, `query`, `qname`, `rrname`, `fqdn`, `sni`, `server`, `client`, `remote` | typed by the value's shape |
//! | plain text | IOCs found by the [`TextScanner`] | the path of the IOC's type |
//!
//! Zeek unset (`-`) and empty (`(empty)`) values are skipped; set fields are split on the
//! `#set_separator`. The table is [`mapping`] in code.
//!
//! # Line numbers and bad input
//!
//! A hit's line is the 1-based line of the file, header lines included. Malformed lines (wrong
//! column count, bad JSON, an unclosed CSV quote, lines over [`HuntOptions::max_line`]) are
//! counted and the first few reported with their line numbers; the run goes on. A truncated or
//! corrupt `.gz` is reported in [`FileReport::error`] with the number of bytes read; the lines
//! before the damage are hunted.

pub mod engine;
pub mod export;
pub mod index;
pub mod indicators;
pub mod json;
pub mod loggen;
pub mod mapping;
pub mod scan;
pub mod sighting;
mod swar;
pub mod time;

pub use engine::{BadLine, FileReport, Hit, HuntOptions, HuntReport, Hunter};
pub use index::{IndexBuilder, Indicator, IndicatorIndex, IocType, Matcher};
pub use scan::{LogKind, SimpleTextScanner, TextScanner, detect};
