//! Integration tests of the hunt crate: one binary, one module per topic.

mod bad_input;
mod parallel;
mod readers;
mod recall;

use std::path::{Path, PathBuf};

use hunt::{HuntReport, Hunter, IndexBuilder};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The hunter over `tests/fixtures/indicators.txt`.
pub fn fixture_hunter() -> Hunter {
    let text = std::fs::read(fixture("indicators.txt")).unwrap_or_default();
    let mut builder = IndexBuilder::new();
    let skipped = hunt::indicators::load(&text, &mut builder).unwrap_or_default();
    assert!(skipped.is_empty(), "{skipped:?}");
    Hunter::new(builder.build())
}

/// Hits as `line\tfield\tvalue\tmatched`, then `bad N` per malformed line.
pub fn render(hunter: &Hunter, report: &HuntReport, file: usize) -> String {
    let mut out = String::new();
    for hit in report.hits.iter().filter(|h| h.file == file) {
        let matched = &hunter.indicator(hit.indicator).matched;
        let ts = hit.ts.as_deref().unwrap_or("-");
        out.push_str(&format!("{}\t{}\t{}\t{}\t{ts}\n", hit.line, hit.field, hit.value, matched));
    }
    if let Some(f) = report.files.get(file) {
        for bad in &f.bad_samples {
            out.push_str(&format!("bad {}\n", bad.line));
        }
    }
    out
}

/// A unique scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hunt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}
