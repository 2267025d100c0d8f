//! The evaluation set: hand-labelled snippets and articles, scored per kind and type, with floors.

use std::path::{Path, PathBuf};

use extract::eval::{Label, Labels, Score, missing};
use extract::{Lexicon, extract_text};

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("eval")
}

fn lexicon() -> Lexicon {
    let text = std::fs::read_to_string(eval_dir().join("lexicon.json")).expect("eval lexicon");
    let objects: Vec<serde_json::Value> =
        serde_json::from_str(&text).expect("lexicon is a JSON array");
    Lexicon::from_stix(&objects)
}

/// Every `NAME.txt` with its `NAME.json` labels under `dir`.
fn documents(dir: &str) -> Vec<(String, String, Labels)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(eval_dir().join(dir))
        .expect("eval dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("document");
        let labels: Labels = serde_json::from_str(
            &std::fs::read_to_string(p.with_extension("json")).expect("labels"),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        out.push((p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned(), text, labels));
    }
    out
}

/// Snippets: one JSON array of {"text", "expected", "absent"} objects.
fn snippets() -> Vec<(String, String, Labels)> {
    #[derive(serde::Deserialize)]
    struct Snippet {
        id: String,
        text: String,
        #[serde(default)]
        expected: Vec<Label>,
        #[serde(default)]
        absent: Vec<Label>,
    }
    let text = std::fs::read_to_string(eval_dir().join("snippets.json")).expect("snippets");
    let items: Vec<Snippet> = serde_json::from_str(&text).expect("snippets are a JSON array");
    items
        .into_iter()
        .map(|s| (s.id, s.text, Labels { expected: s.expected, absent: s.absent }))
        .collect()
}

fn score(docs: &[(String, String, Labels)], lexicon: &Lexicon) -> Score {
    let mut score = Score::default();
    for (name, text, labels) in docs {
        let x = extract_text(text, lexicon);
        score.add(name, &x, labels);
    }
    score
}

fn print(title: &str, s: &Score) {
    println!("== {title}\n{}", s.report());
    for (doc, what, l) in &s.errors {
        println!("  {what} {doc}: {}/{}/{}", l.kind, l.ty, l.value);
    }
}

#[test]
fn issue_example_finds_everything_the_issue_lists() {
    let docs = documents("articles");
    let (_, text, labels) =
        docs.iter().find(|(n, _, _)| n.starts_with("01-")).expect("the issue's example");
    // With an empty knowledge base: everything here comes from Cairn's own tables.
    let x = extract_text(text, &Lexicon::builtin());
    let miss = missing(&x, &labels.expected);
    assert!(miss.is_empty(), "missing: {miss:#?}\n{}", x.to_table());
    // "Related:" headlines are noise: no airline (transportation) sector from them.
    assert!(
        !x.items.iter().any(
            |f| matches!(f, extract::Finding::Sector { value, .. } if value == "transportation")
        )
    );
}

#[test]
fn evaluation_set_meets_floors() {
    let lex = lexicon();
    let s_snip = score(&snippets(), &lex);
    print("snippets", &s_snip);
    let s_art = score(&documents("articles"), &lex);
    print("articles", &s_art);
    let mut all = s_snip.clone();
    for (k, c) in &s_art.by_type {
        let e = all.by_type.entry(k.clone()).or_default();
        e.tp += c.tp;
        e.fp += c.fp;
        e.fn_ += c.fn_;
    }
    print("all", &Score { by_type: all.by_type.clone(), errors: Vec::new() });
    let kinds = all.by_kind();
    for (kind, floor) in FLOORS {
        let c = kinds.get(*kind).copied().unwrap_or_default();
        assert!(c.f1() >= *floor, "{kind}: F1 {:.3} below the floor {floor}", c.f1());
    }
}

/// F1 floors per kind, a little below what the set gives today (1.000 for every kind): room for
/// a rule that generalises better to trade one labelled case, not for a regression.
const FLOORS: &[(&str, f64)] = &[
    ("observable", 0.98),
    ("entity", 0.97),
    ("location", 0.96),
    ("sector", 0.95),
    ("activity", 0.97),
    ("amount", 0.97),
    ("relation", 0.90),
];
