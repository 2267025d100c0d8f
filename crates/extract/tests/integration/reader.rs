//! Document readers: HTML, Markdown, text and PDF, and bounded handling of bad input.

use extract::ioc::Scanner;
use extract::reader::{DocKind, Limits, ReadError, detect, read, read_path};

const ARTICLE: &str = include_str!("../fixtures/ioc/article.html");

#[test]
fn html_keeps_the_article_and_drops_the_page_furniture() {
    let doc = read(ARTICLE.as_bytes(), DocKind::Html, &Limits::default()).expect("reads");
    let t = &doc.text.text;
    assert_eq!(doc.title.as_deref(), Some("Hackers abuse \"update\" servers"));
    assert_eq!(doc.published.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert!(doc.partial.is_none());
    for kept in
        ["The group used a loader", "technique was used", "45.9.148.108", "The campaign continues"]
    {
        assert!(t.contains(kept), "missing {kept:?} in {t:?}");
    }
    for dropped in [
        "Home",
        "News",
        "vpn-deals",
        "Jane Reporter",
        "tracker",
        "Unrelated ransomware",
        "North Korean hackers",
        "Another headline",
        "evil-sidebar",
        "Search",
        "Copyright",
        "display",
    ] {
        assert!(!t.contains(dropped), "kept {dropped:?} in {t:?}");
    }
    // Table cells stay separate, rows are lines.
    assert!(t.contains("IP 45.9.148.108\n"), "{t:?}");
    assert!(doc.links.contains(&"https://vendor.example.org/report".to_owned()));
    assert!(!doc.links.iter().any(|l| l == "/news"), "nav links are dropped: {:?}", doc.links);
    let iocs: Vec<String> =
        Scanner::new().scan(t).into_iter().map(|i| format!("{}={}", i.kind, i.value)).collect();
    assert_eq!(
        iocs,
        [
            "url=http://update-check.com/gate.php",
            "ipv4-addr=185.220.101.4",
            "ipv4-addr=45.9.148.108",
            "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ]
    );
}

#[test]
fn html_offsets_map_back_into_the_source() {
    let doc = read(ARTICLE.as_bytes(), DocKind::Html, &Limits::default()).expect("reads");
    let at = doc.text.text.find("45.9.148.108").expect("ip");
    let src = doc.text.source_offset(at);
    assert!(ARTICLE[src..].starts_with("45.9.148.108"));
}

#[test]
fn html_publication_date_from_json_ld_or_time() {
    let ld = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"LD title","datePublished":"2023-11-02T08:00:00+01:00"}</script></head><body><p>x</p></body></html>"#;
    let doc = read(ld.as_bytes(), DocKind::Html, &Limits::default()).expect("reads");
    assert_eq!(doc.published.as_deref(), Some("2023-11-02T08:00:00+01:00"));
    assert_eq!(doc.title.as_deref(), Some("LD title"));
    let time = r#"<p>Posted <time datetime="2022-07-01">July 1</time></p>"#;
    let doc = read(time.as_bytes(), DocKind::Html, &Limits::default()).expect("reads");
    assert_eq!(doc.published.as_deref(), Some("2022-07-01"));
}

#[test]
fn deeply_nested_html_is_bounded() {
    let depth = 100_000;
    let html = format!("{}<p>deep 10.9.8.7</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let doc = read(html.as_bytes(), DocKind::Html, &Limits::default()).expect("reads");
    assert!(doc.text.text.contains("deep 10.9.8.7"));
    assert!(doc.partial.as_deref().is_some_and(|p| p.contains("deeper")));
}

#[test]
fn markdown_strips_markup_and_collects_links() {
    let md = "# Report title\n\n> quoted **bold** [the loader](https://evil.example.com/x) and `1.2.3.4`\n![img](https://cdn.example.net/i.png)\n";
    let doc = read(md.as_bytes(), DocKind::Markdown, &Limits::default()).expect("reads");
    assert_eq!(doc.title.as_deref(), Some("Report title"));
    assert!(doc.text.text.contains("quoted bold the loader and `1.2.3.4`"), "{:?}", doc.text.text);
    assert_eq!(doc.links, ["https://evil.example.com/x", "https://cdn.example.net/i.png"]);
}

#[test]
fn pathological_markdown_and_html_are_linear() {
    let limits = Limits::default();
    for input in [
        "](".repeat(2 << 20),
        "<".repeat(4 << 20),
        "<a ".repeat(1 << 20),
        "&#".repeat(2 << 20),
        "<script>".repeat(1 << 19),
    ] {
        for kind in [DocKind::Markdown, DocKind::Html] {
            let doc = read(input.as_bytes(), kind, &limits).expect("reads");
            assert!(doc.text.text.len() <= input.len() * 3);
        }
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_flagged() {
    let doc = read(b"caf\xe9 at 8.8.8.8", DocKind::Text, &Limits::default()).expect("reads");
    assert!(doc.text.text.contains("8.8.8.8"));
    assert!(doc.partial.is_some());
}

#[test]
fn binary_junk_is_refused() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(matches!(
        read(&junk, DocKind::Text, &Limits::default()),
        Err(ReadError::Binary { .. })
    ));
    assert!(matches!(read(&junk, DocKind::Pdf, &Limits::default()), Err(ReadError::Pdf(_))));
}

#[test]
fn oversized_input_is_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("cairn-extract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("huge.txt");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(1 << 30).expect("sparse 1 GB file");
    let err = read_path(&path, &Limits::default()).expect_err("refused");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(err, ReadError::TooLarge { size, .. } if size == 1 << 30));
    assert!(err.to_string().contains("over the limit"));
}

#[test]
fn detects_kinds() {
    assert_eq!(detect("a.PDF", b""), DocKind::Pdf);
    assert_eq!(detect("x", b"%PDF-1.7"), DocKind::Pdf);
    assert_eq!(detect("x", b"  <!DOCTYPE html><html>"), DocKind::Html);
    assert_eq!(detect("notes.md", b"# x"), DocKind::Markdown);
    assert_eq!(detect("x", b"plain"), DocKind::Text);
}

fn pdf_with(pages: &[&str], extra_stream: Option<Vec<u8>>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc
        .add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier"});
    let resources_id = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font_id}});
    let mut kids = Vec::new();
    for text in pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id =
            doc.add_object(Stream::new(dictionary! {}, content.encode().expect("encode")));
        let page_id = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id},
        );
        kids.push(page_id.into());
    }
    if let Some(data) = extra_stream {
        doc.add_object(
            Stream::new(dictionary! {"Filter" => "FlateDecode"}, data).with_compression(false),
        );
    }
    let count = kids.len() as i64;
    let pages = dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()]};
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save");
    buf
}

#[test]
fn pdf_text_is_read() {
    let pdf = pdf_with(&["C2 server 185.220.101.4 seen", "second page evil-update.com"], None);
    let doc = read(&pdf, DocKind::Pdf, &Limits::default()).expect("reads");
    assert!(doc.text.text.contains("185.220.101.4"), "{:?}", doc.text.text);
    assert!(doc.text.text.contains("evil-update.com"));
    assert!(doc.partial.is_none());
}

#[test]
fn pdf_page_limit_gives_a_partial_result() {
    let pdf = pdf_with(&["one", "two", "three"], None);
    let limits = Limits { max_pdf_pages: 2, ..Limits::default() };
    let doc = read(&pdf, DocKind::Pdf, &limits).expect("reads");
    assert!(doc.text.text.contains("two") && !doc.text.text.contains("three"));
    assert!(doc.partial.is_some());
}

#[test]
fn pdf_bomb_is_refused_by_the_decompressed_size_cap() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 8 << 20]).expect("compress");
    let bomb = z.finish().expect("compress");
    assert!(bomb.len() < 64 << 10);
    let pdf = pdf_with(&["hello"], Some(bomb));
    let limits = Limits { max_decompressed: 1 << 20, ..Limits::default() };
    assert!(matches!(read(&pdf, DocKind::Pdf, &limits), Err(ReadError::PdfBomb { .. })));
}

#[test]
fn oversized_bytes_are_refused() {
    let limits = Limits { max_bytes: 10, ..Limits::default() };
    assert!(matches!(
        read(b"01234567890", DocKind::Text, &limits),
        Err(ReadError::TooLarge { .. })
    ));
}
