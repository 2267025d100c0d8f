//! Single-thread throughput of the extract front end on a generated report corpus (>= 20 MB):
//! normalization, the IOC scanner, and HTML and PDF conversion measured separately.
//!
//! `cargo bench -p extract --bench extract`

mod common;

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use extract::ioc::Scanner;
use extract::reader::{DocKind, Limits, read};
use extract::text::Normalized;

static CORPUS: LazyLock<String> = LazyLock::new(|| common::corpus(20 << 20));
static HTML: LazyLock<String> =
    LazyLock::new(|| common::html(&CORPUS[..CORPUS.len().min(4 << 20)]));
static PDF: LazyLock<Vec<u8>> = LazyLock::new(|| common::pdf(&CORPUS, 200));

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn ioc_scan(b: Bencher) {
    let scanner = Scanner::new();
    let text = CORPUS.as_str();
    b.counter(BytesCount::of_str(text)).bench(|| scanner.scan(divan::black_box(text)).len());
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
