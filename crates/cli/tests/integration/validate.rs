use std::io::Write;

use crate::support::{cairn, repo, scratch, shared};

const EXAMPLE: &str = "examples/stix/forest-blizzard-report.json";

fn example() -> String {
    repo().join(EXAMPLE).display().to_string()
}

#[test]
fn valid_example_exits_zero() {
    let run = cairn(&["validate", &example()], b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
    assert!(run.stderr.contains("1 file(s), 14 object(s): 0 error(s)"), "{}", run.stderr);
}

#[test]
fn strict_turns_warnings_into_errors() {
    let run = cairn(&["validate", "--strict", &example()], b"");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains(": error[103]: "), "{}", run.stdout);
}

#[test]
fn reports_file_id_path_code_and_message() {
    let object = br#"{"type": "indicator", "spec_version": "2.1",
        "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
        "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix"}"#;
    let run = cairn(&["validate", "-"], object);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().find(|l| l.contains("valid_from")).expect(&run.stdout);
    assert!(line.starts_with("-: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: $"), "{line}");
    assert!(line.contains(": error["), "{line}");
}

#[test]
fn json_format_is_one_report_per_file() {
    let run = cairn(&["--format", "json", "validate", &example(), "-"], b"[]");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reports: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[0]["objects"], 14);
    assert_eq!(reports[1]["file"], "-");
}

#[test]
fn accepts_gzip() {
    let dir = scratch("validate-gzip");
    let path = dir.join("report.json.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(&std::fs::read(example()).unwrap()).unwrap();
    gz.finish().unwrap();
    let run = cairn(&["validate", path.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn oasis_examples_are_valid() {
    let dir = shared().join("conformance/stix-examples");
    let mut files: Vec<String> = Vec::new();
    for sub in [dir.clone(), dir.join("threat-reports")] {
        for entry in std::fs::read_dir(&sub).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json")
                && path.file_name().is_some_and(|n| n != "MANIFEST.json")
            {
                files.push(path.display().to_string());
            }
        }
    }
    assert_eq!(files.len(), 8);
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let run = cairn(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// Bad input: each gets a clear error naming the file and where, never a panic or a hang.
#[test]
fn bad_input_is_reported_not_fatal() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_number = format!("{{\"type\": \"x-a\", \"n\": {}}}", "9".repeat(10_000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("invalid JSON", b"{\"type\": ".to_vec(), "line 1, column 9: EOF while parsing"),
        ("non-UTF-8", b"{\"type\": \"\xff\xfe\"}".to_vec(), "line 1, column"),
        ("nested 100,000 deep", deep.into_bytes(), "nesting deeper than 64 levels"),
        (
            "duplicate keys",
            b"{\"type\": \"a\", \"type\": \"b\"}".to_vec(),
            "duplicate key \"type\"",
        ),
        ("10,000-digit number", huge_number.into_bytes(), "number out of range"),
        ("not an object", b"\"hello\"".to_vec(), "expected a STIX bundle"),
    ];
    for (what, input, expected) in cases {
        let run = cairn(&["validate", "-"], &input);
        assert_eq!(run.code, 1, "{what}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.starts_with("-: -: $: error[invalid-json]: ")
                && run.stdout.contains(expected),
            "{what}: {}",
            run.stdout
        );
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    }
}

#[test]
fn size_limit_applies_after_decompression() {
    let dir = scratch("validate-size");
    // A sparse 2 GB file costs no disk; reading stops at the limit.
    let big = dir.join("big.json");
    std::fs::File::create(&big).unwrap().set_len(2 << 30).unwrap();
    let run = cairn(&["validate", big.to_str().unwrap()], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("larger than the size limit of 268435456 bytes"), "{}", run.stderr);

    // A gzip bomb: 64 MiB of zeros compress to ~64 KiB.
    let bomb = dir.join("bomb.json.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&bomb).unwrap(),
        flate2::Compression::best(),
    );
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap();
    let run = cairn(&["validate", "--max-bytes", "1000000", bomb.to_str().unwrap()], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("larger than the decompressed size limit"), "{}", run.stderr);
}

#[test]
fn truncated_gzip_is_an_error_with_what_was_read() {
    let dir = scratch("validate-truncated");
    let path = dir.join("cut.json.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(example()).unwrap()).unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let run = cairn(&["validate", path.to_str().unwrap()], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read (after"), "{}", run.stderr);
}

#[test]
fn a_million_objects_stream_in_flat_memory() {
    let dir = scratch("validate-million");
    let path = dir.join("million.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(b"{\"type\": \"bundle\", \"id\": \"bundle--6d43f6c6-8b8f-4a36-9f1b-8a3e0e5e6a11\", \"objects\": [").unwrap();
    for i in 0..1_000_000u32 {
        let sep = if i == 0 { "" } else { "," };
        write!(
            out,
            "{sep}{{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--{:08x}-0000-4000-8000-000000000000\",\"value\":\"10.{}.{}.{}\"}}",
            i,
            i >> 16,
            (i >> 8) & 255,
            i & 255
        )
        .unwrap();
    }
    out.write_all(b"]}").unwrap();
    out.flush().unwrap();
    drop(out);
    let run = cairn(&["validate", "-q", path.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", &run.stdout[..run.stdout.len().min(2000)]);
    let run = cairn(&["validate", "--max-objects", "1000", path.to_str().unwrap()], b"");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("more than 1000 objects"),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
}

#[test]
fn missing_file_is_an_io_error_and_others_still_run() {
    let run = cairn(&["validate", "/nonexistent/x.json", &example()], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/nonexistent/x.json: cannot open"), "{}", run.stderr);
    assert!(run.stderr.contains("14 object(s)"), "{}", run.stderr);
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `cairn validate --strict … | head -c 1`: stdout closes early.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["validate", "--strict", &example(), &example(), &example()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Broken pipe") && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
