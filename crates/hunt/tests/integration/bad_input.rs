//! Malformed lines, long lines and truncated gzip: counted, reported with line numbers, and the
//! run goes on.

use std::io::Write;

use hunt::{HuntOptions, LogKind};

use crate::{fixture_hunter, render, scratch};

#[test]
fn long_lines_are_counted_and_skipped() {
    let dir = scratch("long");
    let path = dir.join("long.jsonl");
    let mut text = String::from("{\"ip\":\"203.0.113.7\"}\n");
    text.push_str(&format!("{{\"ip\":\"203.0.113.7\",\"pad\":\"{}\"}}\n", "x".repeat(100_000)));
    text.push_str("{\"ip\":\"203.0.113.7\"}\n");
    std::fs::write(&path, &text).unwrap_or_default();
    let hunter = fixture_hunter().with_options(HuntOptions {
        max_line: 1000,
        block_size: 4096,
        ..HuntOptions::default()
    });
    let report = hunter.hunt(&[path]);
    assert_eq!(
        render(&hunter, &report, 0),
        "1\tip\t203.0.113.7\t203.0.113.7\t-\n3\tip\t203.0.113.7\t203.0.113.7\t-\nbad 2\n"
    );
    assert_eq!(
        report.files.first().map(|f| (f.lines, f.bytes, f.bad_lines)),
        Some((3, text.len() as u64, 1))
    );
}

#[test]
fn truncated_gzip_reports_what_was_read() {
    let dir = scratch("gz");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!("{{\"n\":{i},\"ip\":\"203.0.113.7\"}}\n"));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap_or_default();
    let gz = gz.finish().unwrap_or_default();
    let path = dir.join("cut.jsonl.gz");
    std::fs::write(&path, gz.get(..gz.len() / 2).unwrap_or_default()).unwrap_or_default();
    let report = fixture_hunter().hunt(&[path]);
    let file = report.files.first().unwrap_or_else(|| panic!("no report"));
    let error = file.error.clone().unwrap_or_default();
    assert!(error.contains("gzip stream truncated or corrupt after"), "{error}");
    assert_eq!(file.kind, Some(LogKind::JsonLines));
    // Every complete line before the cut was hunted, and each has its hit.
    assert!(file.lines > 1000 && file.lines < 20_000, "{}", file.lines);
    assert_eq!(report.hits.len() as u64 + file.bad_lines, file.lines);
    assert!(report.hits.iter().enumerate().all(|(i, h)| h.line == i as u64 + 1));
}

#[test]
fn missing_file_is_reported_and_others_still_hunt() {
    let hunter = fixture_hunter();
    let report = hunter.hunt(&["/nonexistent/x.log".into(), crate::fixture("eve.json")]);
    assert!(
        report
            .files
            .first()
            .and_then(|f| f.error.as_deref())
            .is_some_and(|e| e.starts_with("cannot read"))
    );
    assert_eq!(report.hits.iter().filter(|h| h.file == 1).count(), 6);
}

#[test]
fn garbage_never_panics() {
    let hunter = fixture_hunter();
    let mut seed = 7u64;
    let mut data = Vec::new();
    for _ in 0..200_000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let b = (seed >> 56) as u8;
        data.push(match b % 8 {
            0 => b'\n',
            1 => b'\t',
            2 => b'"',
            3 => b'{',
            _ => b,
        });
    }
    for kind in [
        LogKind::ZeekTsv,
        LogKind::ZeekJson,
        LogKind::SuricataEve,
        LogKind::JsonLines,
        LogKind::Csv,
        LogKind::Text,
    ] {
        let h = fixture_hunter().with_options(HuntOptions {
            kind: Some(kind),
            max_line: 512,
            block_size: 4096,
            ..HuntOptions::default()
        });
        let report = h.hunt_reader("garbage", &mut data.as_slice());
        assert!(report.files.first().is_some_and(|f| f.bytes == data.len() as u64), "{kind:?}");
    }
    let _ = hunter;
}
