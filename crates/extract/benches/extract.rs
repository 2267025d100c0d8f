//! Single-thread throughput of the extract front end on a generated report corpus (>= 20 MB):
//! normalization, the IOC scanner, and HTML and PDF conversion measured separately, and the full
//! extraction (IOCs, entities, relations) with Cairn's own tables and with the ATT&CK lexicon.
//!
//! `cargo bench -p extract --bench extract`

mod common;

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use extract::ioc::Scanner;
use extract::reader::{DocKind, Document, Limits, read};
use extract::text::Normalized;
use extract::{Lexicon, Options};

static CORPUS: LazyLock<String> = LazyLock::new(|| common::corpus(20 << 20));
static HTML: LazyLock<String> =
    LazyLock::new(|| common::html(&CORPUS[..CORPUS.len().min(4 << 20)]));
static PDF: LazyLock<Vec<u8>> = LazyLock::new(|| common::pdf(&CORPUS, 200));
static DOC: LazyLock<Document> =
    LazyLock::new(|| Document { text: Normalized::from_plain(&CORPUS), ..Document::default() });

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn ioc_scan(b: Bencher) {
    let scanner = Scanner::new();
    let text = CORPUS.as_str();
    b.counter(BytesCount::of_str(text)).bench(|| scanner.scan(divan::black_box(text)).len());
}

/// The whole pipeline with Cairn's own tables (an empty knowledge base).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn full(b: Bencher) {
    let lexicon = Lexicon::builtin();
    full_with(b, &lexicon);
}

/// The whole pipeline with every ATT&CK Enterprise name (groups, software, techniques).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn full_attack(b: Bencher) {
    let lexicon = common::lexicon("attack");
    full_with(b, &lexicon);
}

fn full_with(b: Bencher, lexicon: &Lexicon) {
    let doc = &*DOC;
    b.counter(BytesCount::of_str(doc.text.as_str()))
        .bench(|| extract::extract(divan::black_box(doc), lexicon, Options::default()).items.len());
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn normalize(b: Bencher) {
    let text = CORPUS.as_str();
    b.counter(BytesCount::of_str(text))
        .bench(|| Normalized::from_plain(divan::black_box(text)).text.len());
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn html_to_text(b: Bencher) {
    let html = HTML.as_bytes();
    let limits = Limits::default();
    b.counter(BytesCount::new(html.len())).bench(|| {
        read(divan::black_box(html), DocKind::Html, &limits).map(|d| d.text.text.len()).unwrap_or(0)
    });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn pdf_to_text(b: Bencher) {
    let pdf = PDF.as_slice();
    let limits = Limits::default();
    b.counter(BytesCount::new(pdf.len())).bench(|| {
        read(divan::black_box(pdf), DocKind::Pdf, &limits).map(|d| d.text.text.len()).unwrap_or(0)
    });
}
