//! HTML to text: a small streaming tokenizer (no DOM, no recursion) that keeps the article and
//! drops page furniture.
//!
//! Dropped: `nav`, `header`, `footer`, `aside`, `form`, `script`, `style` and similar; elements
//! whose class or id says ad, sponsor, related, share, author box, comments, sidebar…; blocks
//! that start with "Related:", "Read more", "Related articles", and the link lists after such a
//! heading. Kept: table cells (separated by spaces, rows by lines) and `href` targets (in
//! `links`). Metadata: `<title>` / `og:title`, and the publication date from
//! `article:published_time` and similar meta tags, `<time datetime>`, or JSON-LD `datePublished`.
//! Elements nest at most `Limits::max_html_depth` deep; deeper ones are flattened.

use std::collections::HashSet;

use super::{Document, Limits, push_link, rfc3339_date};
use crate::text::TextBuilder;

/// Elements whose content is never text.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "noscript", "template", "svg", "math"];
/// Elements dropped with their content.
const SKIP: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "button", "select", "iframe", "object", "embed",
    "canvas", "video", "audio", "dialog", "menu",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dd",
    "dt",
    "dl",
    "hr",
    "main",
    "figure",
    "figcaption",
    "caption",
    "thead",
    "tbody",
    "details",
    "summary",
    "address",
];
const CELL: &[&str] = &["td", "th"];
/// Class or id words of page furniture.
const NOISE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsor",
    "sponsored",
    "promo",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "author",
    "byline",
    "bio",
    "comments",
    "comment",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "recommended",
    "popular",
    "trending",
    "readmore",
    "outbrain",
    "taboola",
    "banner",
    "masthead",
    "navbar",
    "menu",
    "tags",
    "paywall",
    "signup",
    "modal",
    "popup",
];
/// Block openings that mark "more stories" noise.
const RELATED_MARKERS: &[&str] = &[
    "related:",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related reading",
    "read more",
    "read also",
    "see also",
    "more from",
    "more stories",
    "you may also like",
    "recommended for you",
    "also read",
    "further reading:",
];

#[derive(Debug)]
struct Open {
    name: String,
    skip: bool,
}

#[derive(Default)]
struct State {
    b: TextBuilder,
    stack: Vec<Open>,
    skipping: usize,
    title: Option<String>,
    og_title: Option<String>,
    published: Option<String>,
    time_datetime: Option<String>,
    jsonld_date: Option<String>,
    links: Vec<String>,
    seen: HashSet<String>,
    in_title: bool,
    title_text: String,
    block_start: usize,
    block_link_chars: usize,
    in_link: usize,
    related_mode: bool,
    too_deep: bool,
}

pub(super) fn read(src: &str, limits: &Limits) -> Document {
    let mut st = State { b: TextBuilder::with_capacity(src.len() / 2), ..State::default() };
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(lt) = memchr::memchr(b'<', bytes.get(i..).unwrap_or(&[])).map(|p| i + p) else {
            text(&mut st, src, i, bytes.len());
            break;
        };
        if lt > i {
            text(&mut st, src, i, lt);
        }
        i = tag(&mut st, src, lt, limits);
    }
    end_block(&mut st, bytes.len());
    let title = st.og_title.or(st.title).map(|t| collapse(&t)).filter(|t| !t.is_empty());
    let published = st.published.or(st.jsonld_date).or(st.time_datetime);
    let partial = st.too_deep.then(|| {
        format!(
            "HTML nested deeper than {} elements; deeper structure flattened",
            limits.max_html_depth
        )
    });
    Document { text: st.b.finish(), title, published, links: st.links, partial }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(st: &mut State, src: &str, s: usize, e: usize) {
    let Some(raw) = src.get(s..e) else { return };
    if st.in_title {
        st.title_text.push_str(&decode_entities(raw));
        return;
    }
    if st.skipping > 0 {
        return;
    }
    if raw.bytes().all(|b| b.is_ascii_whitespace()) {
        if !st.b.is_empty() {
            st.b.separator(' ', s);
        }
        return;
    }
    let decoded = decode_entities(raw);
    // Collapse runs of whitespace the way a browser renders them.
    let collapsed: String = {
        let mut out = String::with_capacity(decoded.len());
        let mut space = false;
        let mut newline = false;
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{00A0}' {
                space = true;
                newline |= c == '\n';
            } else {
                // `tech-\nnique`: a word broken over a source line.
                let b = out.as_bytes();
                let broken = newline
                    && c.is_ascii_lowercase()
                    && b.last() == Some(&b'-')
                    && b.len() >= 2
                    && b.get(b.len() - 2).is_some_and(u8::is_ascii_lowercase);
                if broken {
                    out.pop();
                    space = false;
                }
                newline = false;
                if space && !out.is_empty() {
                    out.push(' ');
                }
                if space && out.is_empty() {
                    st.b.separator(' ', s);
                }
                space = false;
                out.push(c);
            }
        }
        if space {
            out.push(' ');
        }
        out
    };
    if st.in_link > 0 {
        st.block_link_chars += collapsed.trim().len();
    }
    st.b.push(&collapsed, s);
}

/// Handles the markup at `lt` (a `<`); returns where text resumes.
fn tag(st: &mut State, src: &str, lt: usize, limits: &Limits) -> usize {
    let bytes = src.as_bytes();
    let rest = bytes.get(lt..).unwrap_or(&[]);
    if rest.starts_with(b"<!--") {
        return find(bytes, lt + 4, b"-->").map_or(bytes.len(), |p| p + 3);
    }
    if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
        return memchr::memchr(b'>', rest).map_or(bytes.len(), |p| lt + p + 1);
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = lt + 1 + usize::from(closing);
    let mut j = name_start;
    while bytes.get(j).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':') {
        j += 1;
    }
    if j == name_start {
        // A lone `<` is text.
        text(st, src, lt, lt + 1);
        return lt + 1;
    }
    let name = src.get(name_start..j).unwrap_or("").to_ascii_lowercase();
    let (attrs, end) = attributes(src, j);
    if closing {
        close(st, &name, lt);
        return end;
    }
    open(st, src, &name, &attrs, lt, end, limits)
}

/// Parses attributes from `from` to the closing `>`; returns them and the byte after `>`.
fn attributes(src: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = src.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (attrs, bytes.len()),
            Some(b'>') => return (attrs, i + 1),
            _ => {}
        }
        let ns = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == ns {
            i += 1;
            continue;
        }
        let name = src.get(ns..i).unwrap_or("").to_ascii_lowercase();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let vs = i + 1;
                    let ve = memchr::memchr(q, bytes.get(vs..).unwrap_or(&[]))
                        .map_or(bytes.len(), |p| vs + p);
                    value = decode_entities(src.get(vs..ve).unwrap_or(""));
                    i = ve + 1;
                }
                _ => {
                    let vs = i;
                    while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                        i += 1;
                    }
                    value = decode_entities(src.get(vs..i).unwrap_or(""));
                }
            }
        }
        if attrs.len() < 64 {
            attrs.push((name, value));
        }
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn is_noise(attrs: &[(String, String)]) -> bool {
    ["class", "id", "role"].iter().filter_map(|a| attr(attrs, a)).any(|v| {
        let v = v.to_ascii_lowercase();
        if v == "navigation" || v == "complementary" || v == "banner" || v == "contentinfo" {
            return true;
        }
        v.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| NOISE_WORDS.contains(&w))
    })
}

fn open(
    st: &mut State,
    src: &str,
    name: &str,
    attrs: &[(String, String)],
    lt: usize,
    end: usize,
    limits: &Limits,
) -> usize {
    let bytes = src.as_bytes();
    match name {
        "meta" => {
            let key = attr(attrs, "property")
                .or_else(|| attr(attrs, "name"))
                .or_else(|| attr(attrs, "itemprop"));
            let content = attr(attrs, "content");
            if let (Some(k), Some(c)) = (key, content) {
                let k = k.to_ascii_lowercase();
                match k.as_str() {
                    "og:title" | "twitter:title" if st.og_title.is_none() => {
                        st.og_title = Some(c.to_owned())
                    }
                    "article:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "og:published_time"
                        if st.published.is_none() =>
                    {
                        st.published = rfc3339_date(c);
                    }
                    _ => {}
                }
            }
            return end;
        }
        "title" => {
            st.in_title = true;
            st.title_text.clear();
            return end;
        }
        "time" if st.time_datetime.is_none() && st.skipping == 0 => {
            st.time_datetime = attr(attrs, "datetime").and_then(rfc3339_date);
        }
        "a" => {
            if st.skipping == 0
                && let Some(h) = attr(attrs, "href")
            {
                push_link(&mut st.links, &mut st.seen, h);
            }
            st.in_link += 1;
        }
        _ => {}
    }
    if RAW_TEXT.contains(&name) {
        // Skip to the matching end tag; keep JSON-LD for the publication date.
        let close = format!("</{name}");
        let body_end = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
        if name == "script"
            && attr(attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
            && let Some(body) = src.get(end..body_end)
        {
            json_ld(st, body);
        }
        return memchr::memchr(b'>', bytes.get(body_end..).unwrap_or(&[]))
            .map_or(bytes.len(), |p| body_end + p + 1);
    }
    if BLOCK.contains(&name) {
        end_block(st, lt);
    } else if CELL.contains(&name) {
        st.b.separator(' ', lt);
    }
    if VOID.contains(&name) {
        return end;
    }
    // Class hints never drop the article itself (`<article class="post has-sidebar">`).
    let container = matches!(name, "article" | "main" | "body" | "html");
    let skip = SKIP.contains(&name) || (!container && is_noise(attrs));
    if st.stack.len() >= limits.max_html_depth {
        st.too_deep = true;
        return end;
    }
    if skip {
        st.skipping += 1;
    }
    st.stack.push(Open { name: name.to_owned(), skip });
    end
}

fn close(st: &mut State, name: &str, lt: usize) {
    if name == "title" {
        if st.in_title && st.title.is_none() {
            st.title = Some(std::mem::take(&mut st.title_text));
        }
        st.in_title = false;
        return;
    }
    if name == "a" {
        st.in_link = st.in_link.saturating_sub(1);
    }
    // Pop up to the matching element (implicitly closing `p`, `li`, `td`…); ignore strays.
    if let Some(pos) = st.stack.iter().rposition(|o| o.name == name) {
        for o in st.stack.drain(pos..) {
            if o.skip {
                st.skipping = st.skipping.saturating_sub(1);
            }
        }
    }
    if BLOCK.contains(&name) {
        end_block(st, lt);
    } else if CELL.contains(&name) {
        st.b.separator(' ', lt);
    }
}

/// Ends the current block: drops it when it is "Related:" noise, then starts a new line.
fn end_block(st: &mut State, at: usize) {
    let block = st.b.as_str().get(st.block_start..).unwrap_or("").trim();
    let (text_len, lower) =
        (block.len(), block.chars().take(40).collect::<String>().to_lowercase());
    if text_len > 0 {
        let marker = RELATED_MARKERS.iter().any(|m| lower.starts_with(m));
        let all_link = st.block_link_chars * 10 >= text_len * 8;
        if marker {
            st.b.truncate(st.block_start);
            // A bare heading ("Related articles") announces a list of links after it.
            st.related_mode = text_len < 60 || all_link;
        } else if st.related_mode && all_link {
            st.b.truncate(st.block_start);
        } else {
            st.related_mode = false;
        }
    }
    st.b.separator('\n', at);
    st.block_start = st.b.len();
    st.block_link_chars = 0;
}

fn json_ld(st: &mut State, body: &str) {
    if body.len() > 1 << 20 {
        return;
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else { return };
    let mut todo = vec![(&v, 0usize)];
    while let Some((v, depth)) = todo.pop() {
        if depth > 16 {
            continue;
        }
        match v {
            serde_json::Value::Object(m) => {
                if st.jsonld_date.is_none()
                    && let Some(d) = m.get("datePublished").and_then(|d| d.as_str())
                {
                    st.jsonld_date = rfc3339_date(d);
                }
                if st.og_title.is_none()
                    && let Some(h) = m.get("headline").and_then(|d| d.as_str())
                {
                    st.og_title = Some(h.to_owned());
                }
                todo.extend(m.values().map(|x| (x, depth + 1)));
            }
            serde_json::Value::Array(a) => todo.extend(a.iter().map(|x| (x, depth + 1))),
            _ => {}
        }
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| from + p)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(hay, i, b"</") {
        if hay.get(p..p + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle)) {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

/// Decodes character references: numeric ones and the named ones articles use.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(rest.get(..p).unwrap_or(""));
        let after = rest.get(p + 1..).unwrap_or("");
        let semi = after.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|q| {
            let ent = after.get(..q)?;
            let c = if let Some(num) = ent.strip_prefix('#') {
                let v = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                    Some(h) => u32::from_str_radix(h, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(v)?
            } else {
                match ent {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{00A0}',
                    "ndash" => '\u{2013}',
                    "mdash" => '\u{2014}',
                    "lsquo" => '\u{2018}',
                    "rsquo" => '\u{2019}',
                    "ldquo" => '\u{201C}',
                    "rdquo" => '\u{201D}',
                    "hellip" => '\u{2026}',
                    "copy" => '\u{00A9}',
                    "reg" => '\u{00AE}',
                    "trade" => '\u{2122}',
                    "shy" => '\u{00AD}',
                    "zwsp" | "ZeroWidthSpace" => '\u{200B}',
                    "euro" => '\u{20AC}',
                    "pound" => '\u{00A3}',
                    _ => return None,
                }
            };
            Some((c, q))
        });
        match decoded {
            Some((c, q)) => {
                out.push(c);
                rest = after.get(q + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
