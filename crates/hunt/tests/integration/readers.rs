//! Each reader on a small fixture: hits (line, field, value, indicator) and malformed lines are
//! compared with `<fixture>.expected`.

use hunt::LogKind;

use crate::{fixture, fixture_hunter, render};

fn check(name: &str, kind: LogKind) {
    let hunter = fixture_hunter();
    let report = hunter.hunt(&[fixture(name)]);
    let file = report.files.first().unwrap_or_else(|| panic!("{name}: no report"));
    assert_eq!(file.error, None, "{name}");
    assert_eq!(file.kind, Some(kind), "{name}");
    let expected =
        std::fs::read_to_string(fixture(&format!("{name}.expected"))).unwrap_or_default();
    assert_eq!(render(&hunter, &report, 0), expected, "{name}");
    let text = std::fs::read_to_string(fixture(name)).unwrap_or_default();
    assert_eq!(file.lines, text.lines().count() as u64, "{name}: lines");
    assert_eq!(file.bytes, text.len() as u64, "{name}: bytes");
}

#[test]
fn zeek_tsv_dns() {
    check("zeek-dns.log", LogKind::ZeekTsv);
}

#[test]
fn zeek_tsv_http_joins_host_and_uri() {
    check("zeek-http.log", LogKind::ZeekTsv);
}

#[test]
fn zeek_json_files() {
    check("zeek-files.json", LogKind::ZeekJson);
}

#[test]
fn suricata_eve() {
    check("eve.json", LogKind::SuricataEve);
}

#[test]
fn generic_json_lines() {
    check("generic.jsonl", LogKind::JsonLines);
}

#[test]
fn csv_with_header() {
    check("flows.csv", LogKind::Csv);
}

#[test]
fn plain_text() {
    check("report.txt", LogKind::Text);
}

#[test]
fn stdin_like_reader_and_gzip() {
    let hunter = fixture_hunter();
    let plain = std::fs::read(fixture("eve.json")).unwrap_or_default();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &plain).unwrap_or_default();
    let gz = gz.finish().unwrap_or_default();
    let report = hunter.hunt_reader("eve.json.gz", &mut gz.as_slice());
    let expected = std::fs::read_to_string(fixture("eve.json.expected")).unwrap_or_default();
    assert_eq!(render(&hunter, &report, 0), expected);
    assert_eq!(report.files.first().and_then(|f| f.kind), Some(LogKind::SuricataEve));
}
