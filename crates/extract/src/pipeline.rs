//! The whole extraction: IOCs, mentions, sentences, sentence rules.

use std::sync::OnceLock;

use crate::finding::{Extraction, Finding};
use crate::ioc::Scanner;
use crate::lexicon::Lexicon;
use crate::reader::Document;
use crate::relation::{self, sentence};

/// What to extract.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// A scanner to reuse (built once; e.g. validated against ATT&CK ids). `None`: a shared
    /// default scanner.
    pub scanner: Option<&'a Scanner>,
    /// Scan for IOCs.
    pub iocs: bool,
    /// Recognise entities and relations.
    pub entities: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { scanner: None, iocs: true, entities: true }
    }
}

fn default_scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(Scanner::new)
}

/// Extracts everything from a read document.
pub fn extract(doc: &Document, lexicon: &Lexicon, options: Options<'_>) -> Extraction {
    let text = doc.text.as_str();
    let scanner: &Scanner = match options.scanner {
        Some(s) => s,
        None => default_scanner(),
    };
    let iocs = if options.iocs { scanner.scan(text) } else { Vec::new() };
    let mut protected: Vec<(usize, usize)> = iocs.iter().map(|i| (i.start, i.end)).collect();
    protected.sort_unstable();
    let sentences = sentence::split(text, &protected);
    // IOCs on noise lines ("Related:" headlines) are page furniture too.
    let noise: Vec<(usize, usize)> =
        sentences.iter().filter(|s| s.noise).map(|s| (s.start, s.end)).collect();
    let in_noise = |p: usize| {
        let k = noise.partition_point(|&(_, e)| e <= p);
        noise.get(k).is_some_and(|&(s, e)| s <= p && p < e)
    };
    let items = if options.entities {
        let mut mentions = crate::entity::recognize(text, lexicon);
        // A name inside an IOC (a domain, a file name) is not a mention. Both lists are in text
        // order: one cursor walks the IOCs.
        let mut k = 0;
        mentions.retain(|m| {
            while protected.get(k).is_some_and(|&(_, e)| e <= m.start) {
                k += 1;
            }
            !protected.get(k).is_some_and(|&(s, e)| s < m.end && m.start < e)
        });
        relation::analyze(text, mentions, &sentences, lexicon)
    } else {
        Vec::new()
    };
    // Both lists are sorted: merge them (sorting half a million large findings costs more
    // than the rules that made them).
    let mut observables: Vec<Finding> =
        iocs.into_iter().filter(|i| !in_noise(i.start)).map(Finding::Observable).collect();
    observables.sort_by_key(|f| f.span());
    let items = merge_sorted(items, observables);
    Extraction {
        text: text.to_owned(),
        title: doc.title.clone(),
        published: doc.published.clone(),
        sentences: sentences.iter().map(|s| (s.start, s.end)).collect(),
        items,
        partial: doc.partial.clone(),
    }
}

fn merge_sorted(a: Vec<Finding>, b: Vec<Finding>) -> Vec<Finding> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for f in a {
        while b.peek().is_some_and(|x| x.span() < f.span()) {
            out.extend(b.next());
        }
        out.push(f);
    }
    out.extend(b);
    out
}

/// Extracts from plain text (tests, snippets).
pub fn extract_text(text: &str, lexicon: &Lexicon) -> Extraction {
    let doc = Document { text: crate::text::Normalized::from_plain(text), ..Document::default() };
    extract(&doc, lexicon, Options::default())
}
