//! On generated logs, every planted hit is found and nothing else is.

use std::collections::BTreeSet;

use crate::scratch;

#[test]
fn recall_is_total_and_there_are_no_false_hits() {
    let dir = scratch("recall");
    let config = hunt::loggen::Config { seed: 5, bytes: 2 << 20, indicators: 5000, planted: 500 };
    let planted = hunt::loggen::generate(&dir, &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(planted.len(), 500);
    let mut b = hunt::IndexBuilder::new();
    let skipped = hunt::indicators::load(
        &std::fs::read(dir.join("indicators.txt")).unwrap_or_default(),
        &mut b,
    )
    .unwrap_or_default();
    assert!(skipped.is_empty());
    let hunter = hunt::Hunter::new(b.build());
    let names = ["conn.log", "dns.log", "http.log", "ssl.log", "files.log", "eve.json"];
    let files: Vec<_> = names.iter().map(|f| dir.join(f)).collect();
    let report = hunter.hunt(&files);
    let found: BTreeSet<(String, u64, String, String, String)> = report
        .hits
        .iter()
        .map(|h| {
            (
                names.get(h.file).copied().unwrap_or("").to_string(),
                h.line,
                h.field.clone(),
                h.value.clone(),
                hunter.indicator(h.indicator).matched.to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, u64, String, String, String)> = planted
        .iter()
        .map(|p| (p.file.clone(), p.line, p.field.clone(), p.value.clone(), p.matched.clone()))
        .collect();
    assert_eq!(found.len(), report.hits.len(), "duplicate hits");
    let missed: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(missed.is_empty() && extra.is_empty(), "missed {missed:?}\nextra {extra:?}");
    assert_eq!(report.bad_lines(), 0);
}
