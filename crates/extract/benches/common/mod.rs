//! The benchmark corpus: report-like prose from the `description` fields of the MISP galaxy
//! clusters (read in place from shared/), interleaved with generated tables of defanged and
//! plain IOCs, as a vendor report would have them. Deterministic.

#![allow(dead_code)]

use std::path::PathBuf;

pub fn shared_clusters() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/misp-galaxy/clusters"))
}

/// The ATT&CK Enterprise bundle's objects (read in place from shared/), or none when missing.
pub fn attack_objects() -> Vec<serde_json::Value> {
    use std::io::Read;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/mitre-attack/enterprise-attack-18.1.json.gz"
    );
    let Ok(file) = std::fs::File::open(path) else { return Vec::new() };
    let mut text = String::new();
    if flate2::read::GzDecoder::new(file).read_to_string(&mut text).is_err() {
        return Vec::new();
    }
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    match v.get_mut("objects").map(serde_json::Value::take) {
        Some(serde_json::Value::Array(a)) => a,
        _ => Vec::new(),
    }
}

/// The lexicon named by `name`: "builtin" (Cairn's tables only), "attack" (the ATT&CK
/// Enterprise bundle), or the path of a JSON array of STIX objects.
pub fn lexicon(name: &str) -> extract::Lexicon {
    match name {
        "" | "builtin" => extract::Lexicon::builtin(),
        "attack" => extract::Lexicon::from_stix(attack_objects()),
        path => {
            let objects: Vec<serde_json::Value> = std::fs::read_to_string(path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            extract::Lexicon::from_stix(objects)
        }
    }
}

/// Every cluster description, in file and value order.
pub fn descriptions() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared_clusters())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        for c in v["values"].as_array().into_iter().flatten() {
            if let Some(d) = c["description"].as_str()
                && !d.is_empty()
            {
                out.push(d.to_owned());
            }
        }
    }
    out
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn hex(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b"0123456789abcdef"[(self.next() % 16) as usize])).collect()
    }
    fn word(&mut self) -> &'static str {
        const W: &[&str] = &[
            "update", "cdn", "secure", "login", "mail", "static", "cloud", "sync", "api", "files",
        ];
        W[(self.next() % W.len() as u64) as usize]
    }
}

/// A table of IOCs like the appendix of a vendor report.
fn ioc_table(rng: &mut Lcg) -> String {
    let mut s =
        String::from("\nIndicators of compromise\n\n| Type | Indicator | Notes |\n|---|---|---|\n");
    for _ in 0..8 {
        let (a, b, c, d) =
            (rng.next() % 223 + 1, rng.next() % 256, rng.next() % 256, rng.next() % 254 + 1);
        let dom = format!("{}-{}{}", rng.word(), rng.word(), rng.next() % 100);
        let row = match rng.next() % 8 {
            0 => format!("| IPv4 | {a}[.]{b}[.]{c}[.]{d} | C2 server |"),
            1 => format!("| IPv4 | {a}.{b}.{c}.{d}:443 | staging |"),
            2 => format!("| Domain | {dom}[.]com | phishing |"),
            3 => format!(
                "| URL | hxxps://{dom}[.]net/{}/gate.php?id={} | loader |",
                rng.word(),
                rng.next() % 1000
            ),
            4 => format!("| SHA256 | {} | payload.exe |", rng.hex(64)),
            5 => format!("| MD5 | {} | dropper |", rng.hex(32)),
            6 => format!("| Path | C:\\Users\\Public\\{}.dll | side-loaded |", rng.word()),
            _ => format!("| Email | {}[at]{dom}[.]org | sender |", rng.word()),
        };
        s.push_str(&row);
        s.push('\n');
    }
    s.push('\n');
    s
}

/// At least `min_bytes` of report-like text.
pub fn corpus(min_bytes: usize) -> String {
    let desc = descriptions();
    let mut rng = Lcg(42);
    let mut out = String::with_capacity(min_bytes + (1 << 16));
    if desc.is_empty() {
        // shared/ missing: still measure on generated tables.
        while out.len() < min_bytes {
            out.push_str(&ioc_table(&mut rng));
        }
        return out;
    }
    let mut i = 0;
    while out.len() < min_bytes {
        out.push_str(&desc[i % desc.len()]);
        out.push_str("\n\n");
        i += 1;
        if i % 40 == 0 {
            out.push_str(&ioc_table(&mut rng));
        }
    }
    out
}

/// Splits `text` into pieces of about `size` bytes at paragraph boundaries.
pub fn split(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + size).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(p) = text.get(end..).and_then(|r| r.find("\n\n")) {
            end += p + 2;
        } else {
            end = text.len();
        }
        out.push(&text[start..end]);
        start = end;
    }
    out
}

/// The corpus as an HTML page: paragraphs, a navigation bar and an IOC table.
pub fn html(text: &str) -> String {
    let mut s = String::from(
        "<!DOCTYPE html><html><head><title>Report</title><meta property=\"article:published_time\" content=\"2024-01-01\"></head><body><nav><a href=\"/\">Home</a></nav><article>",
    );
    for para in text.split("\n\n") {
        if para.starts_with('|') {
            s.push_str("<table>");
            for row in para.lines() {
                s.push_str("<tr>");
                for cell in row.split('|').filter(|c| !c.trim().is_empty()) {
                    s.push_str("<td>");
                    s.push_str(cell.trim());
                    s.push_str("</td>");
                }
                s.push_str("</tr>");
            }
            s.push_str("</table>");
        } else {
            s.push_str("<p>");
            s.push_str(&para.replace('&', "&amp;").replace('<', "&lt;"));
            s.push_str("</p>\n");
        }
    }
    s.push_str("</article><footer>footer</footer></body></html>");
    s
}

/// The corpus as a PDF: one text line per `Tj`, 50 lines a page.
pub fn pdf(text: &str, max_pages: usize) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc
        .add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier"});
    let resources_id = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font_id}});
    let lines: Vec<String> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(12)
        .map(|w| w.join(" ").chars().filter(char::is_ascii).collect())
        .collect();
    let mut kids = Vec::new();
    for page in lines.chunks(50).take(max_pages) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 9.into()]),
            Operation::new("TL", vec![11.into()]),
            Operation::new("Td", vec![36.into(), 760.into()]),
        ];
        for l in page {
            ops.push(Operation::new("Tj", vec![Object::string_literal(l.as_str())]));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }.encode().unwrap_or_default();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id},
        );
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    let pages = dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()]};
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut buf = Vec::new();
    let _ = doc.save_to(&mut buf);
    buf
}
