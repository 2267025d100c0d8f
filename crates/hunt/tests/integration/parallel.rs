//! Splitting large files into ranges gives exactly the sequential results.

use hunt::HuntOptions;

use crate::scratch;

#[test]
fn chunked_equals_sequential() {
    let dir = scratch("parallel");
    let config = hunt::loggen::Config { seed: 11, bytes: 3 << 20, indicators: 2000, planted: 300 };
    hunt::loggen::generate(&dir, &config).unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<_> = ["conn.log", "dns.log", "http.log", "ssl.log", "files.log", "eve.json"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let index = || {
        let mut b = hunt::IndexBuilder::new();
        hunt::indicators::load(
            &std::fs::read(dir.join("indicators.txt")).unwrap_or_default(),
            &mut b,
        )
        .unwrap_or_default();
        b.build()
    };
    let sequential = hunt::Hunter::new(index())
        .with_options(HuntOptions { threads: 1, chunk_size: u64::MAX, ..HuntOptions::default() })
        .hunt(&files);
    for chunk in [4096u64, 65_537, 300_000] {
        let parallel = hunt::Hunter::new(index())
            .with_options(HuntOptions {
                threads: 3,
                chunk_size: chunk,
                block_size: 8192,
                ..HuntOptions::default()
            })
            .hunt(&files);
        assert_eq!(parallel.hits, sequential.hits, "chunk {chunk}");
        for (p, s) in parallel.files.iter().zip(&sequential.files) {
            assert_eq!(
                (p.lines, p.bytes, p.bad_lines, p.hits),
                (s.lines, s.bytes, s.bad_lines, s.hits),
                "{} chunk {chunk}",
                p.name
            );
        }
    }
    assert_eq!(sequential.bad_lines(), 0);
    assert!(sequential.hits.len() >= 300);
}
