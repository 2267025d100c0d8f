//! Reading outside data: files or stdin, gzip by magic number, every read bounded.

use std::fs::File;
use std::io::{self, Read};

use anyhow::{Context, bail};

/// Default cap on the bytes of one input after decompression.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads `path` (`-` is stdin), gunzipping when it starts with the gzip magic number, and refuses
/// more than `max_bytes` (after decompression) with an error that names the limit.
pub fn read_input(path: &str, max_bytes: u64) -> anyhow::Result<Vec<u8>> {
    let mut reader: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
        if let Ok(meta) = file.metadata()
            && meta.is_dir()
        {
            bail!("{path}: is a directory");
        }
        Box::new(file)
    };
    let mut head = [0u8; 2];
    let n = read_full(&mut reader, &mut head).with_context(|| format!("{path}: cannot read"))?;
    let head = &head[..n];
    let chained = head.chain(reader);
    let (mut body, what): (Box<dyn Read>, &str) = if head == [0x1f, 0x8b] {
        (Box::new(flate2::read::MultiGzDecoder::new(chained)), "decompressed ")
    } else {
        (Box::new(chained), "")
    };
    let mut out = Vec::new();
    body.by_ref()
        .take(max_bytes + 1)
        .read_to_end(&mut out)
        .with_context(|| format!("{path}: cannot read (after {} {what}bytes)", out.len()))?;
    if out.len() as u64 > max_bytes {
        bail!("{path}: larger than the {what}size limit of {max_bytes} bytes (see --max-bytes)");
    }
    Ok(out)
}

fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads and parses one JSON document with the default bounds (size, depth, duplicate keys).
pub fn read_json_document(path: &str) -> anyhow::Result<serde_json::Value> {
    let bytes = read_input(path, DEFAULT_MAX_BYTES)?;
    stix::json::parse_value(&bytes, &stix::json::Limits::default())
        .with_context(|| format!("{path}: not valid JSON"))
}
