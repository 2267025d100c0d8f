//! Sentence-local rules that turn mentions into findings: entity resolution, unnamed actors,
//! country roles (sponsor, origin, victim, located), sectors, activities, amounts, activity dates
//! and relations (attributed-to, targets, uses, the state-crime nexus).
//!
//! Every rule looks only at the mentions of one sentence (plus document-level context for
//! ambiguous names), so the cost is linear in the number of mentions.

pub mod amount;
pub mod negation;
pub mod sentence;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, OnceLock};

use aho_corasick::{Span, packed};

use crate::entity::tables::{
    AGENT_SECTORS, Activity, BASED_SUFFIXES, Collab, Convention, CountryForm, Cue,
    FAMILY_STOPWORDS, IDIOM_SECTORS, NOT_RANSOM_WORDS, PAYMENT_WORDS, PRODUCT_SECTORS,
    QUANTITY_SECTORS, REPORTER_MODIFIERS, REPORTER_NOUNS, SECTOR_CONTEXT, SELF_REPORT_VERBS,
    SPEECH_VERBS, SectorContext, TAMPERED_WORDS,
};
use crate::entity::{Mention, MentionKind, is_word_byte};
use crate::finding::{Candidate, EntityFinding, Finding, Role};
use crate::lexicon::{EntityType, Lexicon};
use sentence::Sentence;

/// An actor (or other entity) as the sentence rules see it.
#[derive(Debug, Clone)]
struct Ent {
    finding: EntityFinding,
    criminal: bool,
    /// How the country was learned: true when the sentence says it, false from the lexicon.
    explicit_country: bool,
    /// The country is a sponsor (attributed-to), not just an origin.
    sponsor: bool,
}

/// Runs the sentence rules over the mentions of `text`. Returns sentence spans and findings.
pub fn analyze(
    text: &str,
    mut mentions: Vec<Mention>,
    sentences: &[Sentence],
    lexicon: &Lexicon,
) -> Vec<Finding> {
    add_unit_at_text_end(text, &mut mentions);
    // A keyword without the context it needs is no mention at all: "exchange" in "an exchange of
    // fire" must not make a country beside it a victim either.
    mentions.retain(|m| {
        !matches!(m.kind, MentionKind::Sector { .. })
            || sector_context(text, m).is_none_or(|c| context_met(text, m, c))
    });
    let doc = DocContext::new(text, &mentions);
    // Names introduced by "dubbed X" / "tracked as X" are then recognised everywhere.
    let introduced = introduced_names(text, &mentions, sentences, lexicon);
    if !introduced.is_empty() {
        add_occurrences(text, &introduced, &mut mentions);
    }
    // Reports make about one finding per two mentions: reserve that once (findings are large,
    // regrowing the list copies them all).
    let mut out = Vec::with_capacity(mentions.len() / 2);
    // Relations already given, as "source\0type\0target".
    let mut seen_attrib: HashSet<String> = HashSet::new();
    let mut mi = 0;
    for s in sentences {
        while mentions.get(mi).is_some_and(|m| m.start < s.start) {
            mi += 1;
        }
        let mut mj = mi;
        while mentions.get(mj).is_some_and(|m| m.start < s.end) {
            mj += 1;
        }
        if s.noise {
            mi = mj;
            continue;
        }
        let ms = mentions.get(mi..mj).unwrap_or(&[]);
        mi = mj;
        // Cue words alone make no finding.
        if !ms.iter().any(|m| !matches!(m.kind, MentionKind::Cue(_))) {
            continue;
        }
        let before = out.len();
        sentence_rules(text, s, ms, lexicon, &doc, &introduced, &mut seen_attrib, &mut out);
        // Findings stay inside their sentence: sorting each sentence sorts the whole list.
        if let Some(chunk) = out.get_mut(before..) {
            chunk.sort_by_key(|f| f.span());
        }
    }
    out
}

/// Adds the currency mention of a unit word that ends the text ("... stole 500 BTC"), which the
/// lexicon's unit patterns miss for want of a character after the word. It is the mention their
/// leftmost-longest search would give: it replaces the mentions that start inside it ("US" in
/// "500 US dollars"), and a mention that starts before it and runs into it keeps its place.
fn add_unit_at_text_end(text: &str, mentions: &mut Vec<Mention>) {
    let Some((cs, ce, unit)) = amount::unit_at_text_end(text) else { return };
    let k = mentions.partition_point(|m| m.start < cs);
    if k > 0 && mentions.get(k - 1).is_some_and(|m| m.end > cs) {
        return;
    }
    mentions.truncate(k);
    mentions.push(Mention { start: cs, end: ce, kind: MentionKind::Currency(unit) });
}

/// Document-wide cues for resolving ambiguous names.
struct DocContext {
    countries: BTreeSet<&'static str>,
    /// The report talks about ransomware or extortion: a sum paid out is likely a ransom.
    extortion: bool,
}

impl DocContext {
    fn new(text: &str, mentions: &[Mention]) -> DocContext {
        let countries = mentions
            .iter()
            .filter_map(|m| match m.kind {
                MentionKind::Country { iso, .. } => Some(iso),
                MentionKind::Convention(c) => c.country,
                _ => None,
            })
            .collect();
        // "paid a ransom" says it without naming ransomware.
        let extortion = mentions.iter().any(|m| {
            matches!(
                m.kind,
                MentionKind::Activity(Activity::Ransomware | Activity::DataTheftExtortion)
            )
        }) || ["ransom", "Ransom", "RANSOM"]
            .iter()
            .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some());
        DocContext { countries, extortion }
    }
}

/// A name introduced in the text, with its type.
#[derive(Debug, Clone)]
struct Introduced {
    name: String,
    entity_type: EntityType,
}

fn introduced_names(
    text: &str,
    mentions: &[Mention],
    sentences: &[Sentence],
    lexicon: &Lexicon,
) -> Vec<Introduced> {
    let mut out: Vec<Introduced> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if !m.kind.is_cue(Cue::NamePhrase) {
            continue;
        }
        // Already a known name right after the phrase.
        if mentions.get(i + 1).is_some_and(|n| {
            n.start <= m.end + 3
                && matches!(
                    n.kind,
                    MentionKind::Name { .. }
                        | MentionKind::Convention(_)
                        | MentionKind::Country { .. }
                )
        }) {
            continue;
        }
        let Some((name, _, _)) = read_name(text, m.end) else { continue };
        let k = sentences.partition_point(|s| s.end <= m.start);
        let sent_start = sentences.get(k).map_or(0, |s| s.start);
        // "called" and "named" name many things ("a language called Delphi", "a ransom note named
        // README.txt"): the kind noun must be the very word they follow ("a banking Trojan called
        // Anubis", "a remote access Trojan (RAT) called Lost Door").
        let weak = text.get(m.start..m.end).is_some_and(|w| listed(&["called", "named"], w));
        let ty = mentions[..i]
            .iter()
            .rev()
            .take_while(|p| p.start >= sent_start)
            .take_while(|p| {
                !weak
                    || text.get(p.end..m.start).is_some_and(|g| {
                        // "the malware, which they named Rhadamanthys".
                        g.split([' ', ')', ',']).all(|w| w.is_empty() || listed(RELATIVE_FILLER, w))
                    })
            })
            .find_map(|p| match p.kind {
                MentionKind::Cue(Cue::MalwareNoun)
                | MentionKind::Activity(Activity::Ransomware) => Some(EntityType::Malware),
                // "The wiper, dubbed AcidPour", "a new infostealer called Lumma".
                MentionKind::Activity(_)
                    if listed(MALWARE_ACTIVITY_NOUNS, text.get(p.start..p.end).unwrap_or("")) =>
                {
                    Some(EntityType::Malware)
                }
                MentionKind::Cue(Cue::ToolNoun) => Some(EntityType::Tool),
                MentionKind::Cue(Cue::CampaignNoun) => Some(EntityType::Campaign),
                MentionKind::Cue(Cue::ActorNoun { .. }) | MentionKind::Cue(Cue::Criminal) => {
                    Some(EntityType::IntrusionSet)
                }
                MentionKind::Convention(_) => Some(EntityType::IntrusionSet),
                MentionKind::Name { ref records, .. } => records
                    .first()
                    .and_then(|&r| lexicon.records.get(r as usize))
                    .map(|r| r.entity_type),
                _ => None,
            });
        if let Some(entity_type) = ty
            && !out.iter().any(|x| x.name == name)
        {
            out.push(Introduced { name, entity_type });
        }
    }
    out
}

/// Reads a name after a phrase: optional quote, then 1-4 capitalised or coded words.
fn read_name(text: &str, pos: usize) -> Option<(String, usize, usize)> {
    let b = text.as_bytes();
    let mut i = pos;
    while b.get(i).is_some_and(|c| *c == b' ') {
        i += 1;
    }
    let quoted = matches!(b.get(i), Some(b'"' | b'\''));
    if quoted {
        i += 1;
    }
    let start = i;
    let mut end = i;
    let mut words = 0;
    loop {
        let ws = end + usize::from(words > 0);
        let first = b.get(ws).copied()?;
        if !(first.is_ascii_uppercase() || (first.is_ascii_digit() && words == 0)) {
            break;
        }
        let mut we = ws;
        while b
            .get(we)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_')
        {
            we += 1;
        }
        while we > ws && b.get(we - 1) == Some(&b'.') {
            we -= 1;
        }
        if we == ws {
            break;
        }
        end = we;
        words += 1;
        if words == 4 || b.get(end) != Some(&b' ') {
            break;
        }
    }
    if words == 0 || end - start < 3 {
        return None;
    }
    let name = text.get(start..end)?.to_owned();
    Some((name, start, end))
}

fn add_occurrences(text: &str, introduced: &[Introduced], mentions: &mut Vec<Mention>) {
    let b = text.as_bytes();
    let mut extra = Vec::new();
    for (k, s) in occurrences(b, introduced) {
        let Some(n) = introduced.get(k) else { continue };
        let e = s + n.name.len();
        let ok = (s == 0 || !b.get(s - 1).is_some_and(|&c| is_word_byte(c)))
            && !b.get(e).is_some_and(|&c| is_word_byte(c));
        // Mentions are sorted and non-overlapping: only the next one can overlap.
        let pos = mentions.partition_point(|m| m.end <= s);
        let taken = mentions
            .get(pos)
            .is_some_and(|m| m.start < e && !matches!(m.kind, MentionKind::Cue(_)));
        if ok && !taken {
            // Records index space is the lexicon's; introduced names use u32::MAX - k.
            extra.push(Mention {
                start: s,
                end: e,
                kind: MentionKind::Name {
                    records: Arc::from([u32::MAX - k as u32]),
                    common: false,
                    country_alt: None,
                },
            });
        }
    }
    // `occurrences` lists them by start, then by name.
    mentions.retain(|m| {
        let k = extra.partition_point(|x| x.end <= m.start);
        extra.get(k).is_none_or(|x| x.start >= m.end)
    });
    mentions.extend(extra);
    mentions.sort_by_key(|m| m.start);
}

/// Every occurrence of every introduced name as (name index, start), sorted by start then name
/// index; the occurrences of one name do not overlap (leftmost first, as `memmem::find_iter`
/// reports them).
///
/// Names are searched in groups of up to 64 with one SIMD multi-substring searcher (Teddy) per
/// group: from each place where some name of the group starts, the search resumes one byte
/// further, so every start of every name is seen in order, as many per-name passes would.
fn occurrences(b: &[u8], introduced: &[Introduced]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (g, group) in introduced.chunks(64).enumerate() {
        let base = g * 64;
        let searcher = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(group.iter().map(|n| n.name.as_bytes()))
            .build();
        let Some(searcher) = searcher else {
            for (j, n) in group.iter().enumerate() {
                out.extend(memchr::memmem::find_iter(b, n.name.as_bytes()).map(|s| (base + j, s)));
            }
            continue;
        };
        // Where each name may next start without overlapping its previous occurrence.
        let mut next_free = vec![0usize; group.len()];
        let mut pos = 0;
        while let Some(m) = searcher.find_in(b, Span::from(pos..b.len())) {
            let s = m.start();
            let rest = b.get(s..).unwrap_or(&[]);
            for (j, n) in group.iter().enumerate() {
                let name = n.name.as_bytes();
                if let Some(free) = next_free.get_mut(j)
                    && *free <= s
                    && rest.starts_with(name)
                {
                    *free = s + name.len();
                    out.push((base + j, s));
                }
            }
            pos = s + 1;
        }
    }
    out.sort_unstable_by_key(|&(k, s)| (s, k));
    out
}

/// Words of a relative clause between a kind noun and "called"/"named": "the malware, which
/// they named Rhadamanthys", "a backdoor that researchers have called Kapeka".
const RELATIVE_FILLER: &[&str] = &[
    "which",
    "that",
    "they",
    "we",
    "it",
    "researchers",
    "has",
    "have",
    "had",
    "was",
    "is",
    "been",
    "also",
    "since",
    "later",
    "now",
];

/// Activity keywords that also name a kind of malware.
const MALWARE_ACTIVITY_NOUNS: &[&str] =
    &["wiper", "wipers", "infostealer", "infostealers", "password stealer"];

const ACTOR_PHRASE_STOP: &[&str] = &[
    "were",
    "was",
    "is",
    "are",
    "by",
    "of",
    "and",
    "the",
    "to",
    "in",
    "on",
    "at",
    "with",
    "from",
    "that",
    "which",
    "has",
    "have",
    "had",
    "for",
    "as",
    "it",
    "its",
    "their",
    "who",
    "a",
    "an",
    "or",
    "but",
    "be",
    "been",
    "said",
    "says",
    "seized",
    "dismantled",
    "disrupted",
    "blamed",
    // Conjunctions and prepositions: "aid to Poland after hackers attacked its grid".
    "after",
    "before",
    "when",
    "while",
    "because",
    "if",
    "than",
    "until",
    "amid",
    "despite",
    "during",
    "into",
    "through",
    "against",
    "about",
    "via",
];

const STATE_SUFFIXES: &[&str] = &[
    "-linked",
    "-backed",
    "-sponsored",
    "-aligned",
    "-nexus",
    "-affiliated",
    "-tied",
    "-connected",
    "-directed",
    "-supported",
];
const ORIGIN_SUFFIXES: &[&str] = &["-based", "-speaking", "-origin"];

#[allow(clippy::too_many_arguments)]
fn sentence_rules(
    text: &str,
    s: &Sentence,
    ms: &[Mention],
    lexicon: &Lexicon,
    doc: &DocContext,
    introduced: &[Introduced],
    seen: &mut HashSet<String>,
    out: &mut Vec<Finding>,
) {
    let b = text.as_bytes();
    let has = |f: &dyn Fn(&MentionKind) -> bool| ms.iter().any(|m| f(&m.kind));
    let has_cue = |c: Cue| ms.iter().any(|m| m.kind.is_cue(c));
    let attack_at: Vec<usize> =
        ms.iter().filter(|m| m.kind.is_cue(Cue::Attack)).map(|m| m.start).collect();
    let has_kind_noun = has(&|k| {
        matches!(
            k,
            MentionKind::Cue(Cue::MalwareNoun | Cue::ActorNoun { .. } | Cue::Criminal)
                | MentionKind::Activity(Activity::Ransomware)
        )
    });
    let sentence_start_word = {
        let t = text.get(s.start..s.end).unwrap_or("");
        s.start + (t.len() - t.trim_start().len())
    };
    // The sentence's countries, collected for the first name that needs resolving.
    let mut sent_countries: Option<BTreeSet<&str>> = None;

    let mut ents: Vec<(usize, Ent)> = Vec::new(); // (mention index, entity)
    let mut country_role: BTreeMap<usize, Role> = BTreeMap::new(); // mention index -> role
    let mut consumed: HashSet<usize> = HashSet::new(); // mentions that are part of an actor phrase
    // Countries of "the X-based actor" / ", a Russian group", with where the phrase starts.
    let mut describes: Vec<(&'static str, bool, usize)> = Vec::new();
    // Countries of such phrases that describe the actor named right after them: no other actor
    // beside them takes their state.
    let mut described_after: Vec<usize> = Vec::new();

    // 1. Unnamed actors: "an Iranian-linked criminal group", "North Korean hackers".
    for (i, m) in ms.iter().enumerate() {
        let MentionKind::Country { iso, form } = m.kind else { continue };
        // A capital names an actor's state only as "Kremlin-backed" or "pro-Kremlin".
        let pro = m.start >= 4
            && b.get(m.start - 4..m.start).is_some_and(|p| p.eq_ignore_ascii_case(b"pro-"));
        if form == CountryForm::Capital && !matches!(b.get(m.end), Some(b'-')) && !pro
            || reporter(text, m)
        {
            continue;
        }
        let after = text.get(m.end..s.end).unwrap_or("");
        let suffix = after.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("");
        let state_sfx = listed(STATE_SUFFIXES, suffix);
        let origin_sfx = listed(ORIGIN_SUFFIXES, suffix);
        if !suffix.is_empty() && !state_sfx && !origin_sfx {
            continue;
        }
        // Walk up to 4 words to an actor head noun.
        let mut words = 0;
        let mut state = state_sfx;
        let mut criminal = false;
        let mut head = None;
        let mut influence = None;
        // Capitalised words in the phrase: "the North Korea-linked Kimsuky group" names it.
        let mut names: Vec<(usize, usize)> = Vec::new();
        let mut prev_end = m.end + suffix.len();
        for (j, n) in ms.iter().enumerate().skip(i + 1) {
            let gap = text.get(prev_end..n.start).unwrap_or("");
            if gap.contains([',', '.', ';', ':', '(', ')', '"']) {
                break;
            }
            let mut gap_words = 0;
            let mut stop = false;
            let mut at = prev_end;
            for piece in gap.split_inclusive(char::is_whitespace) {
                let (w, w_at) = (piece.trim_end(), at);
                at += piece.len();
                if w.is_empty() {
                    continue;
                }
                gap_words += 1;
                // What agencies do to actors: "Romanian police arrested hackers ..." is no
                // actor phrase.
                if listed(ACTOR_PHRASE_STOP, w) || listed(AGENCY_VERBS, w) {
                    stop = true;
                    break;
                }
                if proper_name(w) {
                    names.push((w_at, w_at + w.len()));
                }
            }
            if stop {
                break;
            }
            words += gap_words;
            if words > 3 {
                break;
            }
            match n.kind {
                MentionKind::Cue(Cue::ActorNoun { criminal: c }) => {
                    criminal |= c;
                    head = Some(j);
                    // "criminal group network" is rare: stop at the first head.
                    break;
                }
                MentionKind::Cue(Cue::Criminal) | MentionKind::Activity(Activity::Ransomware) => {
                    criminal = true
                }
                MentionKind::Cue(Cue::State) => state = true,
                // "Ukrainian researchers said hackers ...", "Russian officials recruited
                // ransomware gangs": the phrase ends at a reporter word or a verb.
                MentionKind::Cue(
                    Cue::Located
                    | Cue::Collab(_)
                    | Cue::Use
                    | Cue::Theft
                    | Cue::NamePhrase
                    | Cue::Since
                    | Cue::Attrib,
                ) => break,
                // "Romanian police ...": an agency, not part of an actor's description.
                MentionKind::Sector { .. } if agent_sector(text, ms, j) => break,
                MentionKind::Sector { value: "government-national" | "defense", .. } => {
                    state = true
                }
                MentionKind::Activity(Activity::InfluenceOperation) => {
                    influence.get_or_insert(j);
                }
                MentionKind::Cue(_) | MentionKind::Sector { .. } | MentionKind::Activity(_) => {}
                _ => break,
            }
            words += 1;
            prev_end = n.end;
        }
        // "the Vietnam-based actor" beside a named actor describes that actor.
        let mut buf = [0; 8];
        let lead = lower_in(&mut buf, tail(text, s.start, m.start, 8));
        // ... and so does "APT29 is a Russian group".
        let definite = ["the ", ", a ", ", an ", "is a ", "is an ", "was a ", "was an "]
            .iter()
            .any(|l| lead.ends_with(l));
        let named_here = ms
            .iter()
            .any(|n| matches!(n.kind, MentionKind::Name { .. } | MentionKind::Convention(_)));
        // "Storm-2035, an Iranian influence operation, ...": the operation describes the actor
        // named beside it.
        let Some(h) = head.or(influence.filter(|_| definite && named_here)) else { continue };
        let Some(hm) = ms.get(h) else { continue };
        // "attacks on a US dental group": a victim organisation, not an actor.
        if !criminal && !state && attack_at.iter().any(|&a| a < m.start) && !state_sfx {
            continue;
        }
        // One name the lexicon does not know, between the country and the head noun.
        // Not in a title ("Treasury North Korean Cyber Groups September 2019", "China Electronics
        // Technology Group Corporation"): a capitalised head noun with a capitalised word after it.
        let title =
            text.get(hm.start..).is_some_and(|h| h.starts_with(|c: char| c.is_ascii_uppercase()))
                && text
                    .get(hm.end..)
                    .and_then(|t| t.strip_prefix(' '))
                    .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_uppercase()));
        let own_name = match names.as_slice() {
            [(a, b)]
                if *b <= hm.start
                    && !title
                    && matches!(hm.kind, MentionKind::Cue(Cue::ActorNoun { .. }))
                    && !text.get(*a..*b).is_some_and(|w| listed(GENERIC_TITLE_WORDS, w)) =>
            {
                text.get(*a..*b).map(|n| (n, *a, *b))
            }
            _ => None,
        };
        // "a Belarus-aligned group it tracks as Ghostwriter", "an Iranian group known as
        // Agrius": the phrase describes the actor named right after it.
        let named_after = ms.get(h + 1).zip(ms.get(h + 2)).and_then(|(p, n)| {
            (p.kind.is_cue(Cue::NamePhrase)
                && p.start <= hm.end + 12
                && n.start <= p.end + 3
                && matches!(n.kind, MentionKind::Name { .. } | MentionKind::Convention(_)))
            .then_some(n.start)
        });
        // "Russian-speaking criminals": a language, not where they are from or who backs them.
        let language = text.get(m.end..).is_some_and(|t| {
            ["-speaking", " speaking", "-language", " language"].iter().any(|w| t.starts_with(w))
        });
        if language && ((definite && named_here && own_name.is_none()) || named_after.is_some()) {
            country_role.insert(i, Role::Mentioned);
            continue;
        }
        if (definite && named_here && own_name.is_none()) || named_after.is_some() {
            let sponsor = state || (!criminal && !origin_sfx);
            country_role.insert(i, if sponsor { Role::Sponsor } else { Role::Origin });
            for k in i..=h {
                consumed.insert(k);
            }
            describes.push((iso, sponsor, named_after.unwrap_or(m.start)));
            if named_after.is_some() {
                described_after.push(i);
            }
            continue;
        }
        // "North Korean hackers" but not "the Ukrainian researchers".
        let desc = text
            .get(m.start..hm.end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let sponsor = state || (!criminal && !origin_sfx);
        for k in i..=h {
            consumed.insert(k);
        }
        country_role.insert(
            i,
            if language {
                Role::Mentioned
            } else if sponsor || state_sfx || form == CountryForm::Capital {
                Role::Sponsor
            } else {
                Role::Origin
            },
        );
        let f = EntityFinding {
            entity_type: if own_name.is_some() {
                EntityType::IntrusionSet
            } else {
                EntityType::ThreatActor
            },
            name: own_name.map_or_else(|| format!("unnamed: {desc}"), |(n, _, _)| n.to_owned()),
            aliases: Vec::new(),
            id: None,
            country: (!language).then(|| iso.to_owned()),
            actor_kind: Some(
                if criminal {
                    "criminal"
                } else if sponsor {
                    "state"
                } else {
                    "unknown"
                }
                .to_owned(),
            ),
            vendor: None,
            // A named group is mentioned by its name; an unnamed one by its description.
            mention: own_name.map_or_else(|| desc.clone(), |(n, _, _)| n.to_owned()),
            start: own_name.map_or(m.start, |(_, a, _)| a),
            end: own_name.map_or(hm.end, |(_, _, b)| b),
            ambiguous: Vec::new(),
        };
        ents.push((
            i,
            Ent { finding: f, criminal, explicit_country: true, sponsor: sponsor || state_sfx },
        ));
    }

    // 1b. "ransomware gangs" tolerated or recruited by a state: unnamed criminals without a country.
    if has(&|k| matches!(k, MentionKind::Cue(Cue::Collab(_)))) {
        for (i, m) in ms.iter().enumerate() {
            let (MentionKind::Cue(Cue::Criminal) | MentionKind::Activity(Activity::Ransomware)) =
                m.kind
            else {
                continue;
            };
            if consumed.contains(&i) {
                continue;
            }
            let Some(n) = ms.get(i + 1) else { continue };
            if !matches!(n.kind, MentionKind::Cue(Cue::ActorNoun { .. }))
                || text.get(m.end..n.start) != Some(" ")
            {
                continue;
            }
            // "Moscow tolerated ransomware gangs", "ransomware gangs recruited by the state", but
            // not "which said Iran had also turned to criminal hackers" far from "recruiting":
            // a class of criminals named beside no collaboration word is no actor.
            if !ms.iter().any(|c| {
                matches!(c.kind, MentionKind::Cue(Cue::Collab(_)))
                    && (clause_gap(text, c.end, m.start) || clause_gap(text, n.end, c.start))
            }) {
                continue;
            }
            let desc = text.get(m.start..n.end).unwrap_or("").to_owned();
            consumed.insert(i);
            consumed.insert(i + 1);
            let f = EntityFinding {
                entity_type: EntityType::ThreatActor,
                name: format!("unnamed: {desc}"),
                aliases: Vec::new(),
                id: None,
                country: None,
                actor_kind: Some("criminal".to_owned()),
                vendor: None,
                mention: desc,
                start: m.start,
                end: n.end,
                ambiguous: Vec::new(),
            };
            ents.push((
                i,
                Ent { finding: f, criminal: true, explicit_country: true, sponsor: false },
            ));
        }
    }

    // 1c. "the LockBit ransomware gang", "the ALPHV gang": a criminal group by a name the
    // lexicon does not know.
    for (i, m) in ms.iter().enumerate() {
        if consumed.contains(&i) {
            continue;
        }
        // The name stands before `at`; mentions `i..=last` are the phrase after it.
        let (at, last) = match m.kind {
            MentionKind::Activity(Activity::Ransomware) => {
                let Some(n) = ms.get(i + 1) else { continue };
                if !matches!(n.kind, MentionKind::Cue(Cue::ActorNoun { .. }))
                    || text.get(m.end..n.start) != Some(" ")
                {
                    continue;
                }
                (m.start, i + 1)
            }
            // A gang or crew is criminal by itself; "group" alone names companies too.
            MentionKind::Cue(Cue::ActorNoun { .. })
                if listed(&["gang", "crew"], text.get(m.start..m.end).unwrap_or("")) =>
            {
                (m.start, i)
            }
            _ => continue,
        };
        // "The Play ransomware group, also known as PlayCrypt": the name given after it names the
        // group, as it does everywhere else in the report.
        let end = ms.get(last).map_or(m.end, |n| n.end);
        if ms.get(last + 1).is_some_and(|p| p.kind.is_cue(Cue::NamePhrase) && p.start <= end + 8) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|p| ms.get(p));
        let Some((a, b, word)) = group_name(text, s, sentence_start_word, before, at) else {
            continue;
        };
        for k in i..=last {
            consumed.insert(k);
        }
        let f = named_in_text(word, Some("criminal"), a, b);
        ents.push((i, Ent { finding: f, criminal: true, explicit_country: false, sponsor: false }));
    }

    // 1d. "the FBI later tied the theft to Lazarus", "blamed the attack on Sandworm": the name
    // an attribution ends in is an actor, when the lexicon does not know it.
    if let Some((a, b, name)) = attributed_name(text, s, ms) {
        let f = named_in_text(name, None, a, b);
        let at = ms.partition_point(|m| m.start < a);
        ents.push((
            at,
            Ent { finding: f, criminal: false, explicit_country: false, sponsor: false },
        ));
    }

    // 2. Named entities.
    for (i, m) in ms.iter().enumerate() {
        if !matches!(m.kind, MentionKind::Name { .. } | MentionKind::Convention(_)) {
            continue;
        }
        let mention = text.get(m.start..m.end).unwrap_or("").to_owned();
        match &m.kind {
            MentionKind::Name { records, common, country_alt } => {
                if *common {
                    let initial = m.start == sentence_start_word;
                    let noun_after = ms.get(i + 1).is_some_and(|n| {
                        n.start <= m.end + 1
                            && matches!(
                                n.kind,
                                MentionKind::Cue(Cue::MalwareNoun | Cue::ActorNoun { .. })
                                    | MentionKind::Activity(Activity::Ransomware)
                            )
                    });
                    if !(has_kind_noun && (!initial || noun_after)) {
                        if let Some(iso) = country_alt {
                            country_role.insert(i, Role::Mentioned);
                            let _ = iso;
                        }
                        continue;
                    }
                }
                if let Some(&r) = records.first()
                    && r > u32::MAX - 1000
                {
                    let Some(intro) = introduced.get((u32::MAX - r) as usize) else { continue };
                    let f = EntityFinding {
                        entity_type: intro.entity_type,
                        name: intro.name.clone(),
                        aliases: Vec::new(),
                        id: None,
                        country: None,
                        actor_kind: None,
                        vendor: None,
                        mention,
                        start: m.start,
                        end: m.end,
                        ambiguous: Vec::new(),
                    };
                    ents.push((
                        i,
                        Ent {
                            finding: f,
                            criminal: false,
                            explicit_country: false,
                            sponsor: false,
                        },
                    ));
                    continue;
                }
                let sent_countries = sent_countries.get_or_insert_with(|| {
                    ms.iter()
                        .filter_map(|m| match m.kind {
                            MentionKind::Country { iso, .. } => Some(iso),
                            _ => None,
                        })
                        .collect()
                });
                if let Some(f) = resolve(lexicon, records, &mention, m, ms, sent_countries, doc) {
                    let criminal = f.actor_kind.as_deref() == Some("criminal")
                        || lexicon.ransomware_names.contains(&f.name);
                    let sponsor = f.actor_kind.as_deref() == Some("state");
                    ents.push((i, Ent { finding: f, criminal, explicit_country: false, sponsor }));
                }
            }
            MentionKind::Convention(conv) => {
                let f = convention_entity(conv, mention, m);
                ents.push((
                    i,
                    Ent {
                        criminal: conv.actor_kind == "criminal",
                        explicit_country: false,
                        sponsor: conv.actor_kind == "state",
                        finding: f,
                    },
                ));
            }
            _ => {}
        }
    }
    ents.sort_by_key(|(i, _)| *i);
    for &(iso, sponsor, at) in &describes {
        // The phrase describes the nearest actor named before it (or else right after it). An
        // actor whose name already gives its state keeps it, and the phrase goes to no other
        // ("Mint Sandstorm, an Iranian state actor, ..., and Storm-1516 ... for Russia").
        let nearest = ents.iter_mut().filter(|(_, e)| e.finding.entity_type.is_actor()).min_by_key(
            |(_, e)| {
                if e.finding.end <= at {
                    at - e.finding.end
                } else {
                    e.finding.start.saturating_sub(at) * 4
                }
            },
        );
        if let Some((_, e)) = nearest {
            match e.finding.country.as_deref() {
                None => {
                    e.finding.country = Some(iso.to_owned());
                    e.explicit_country = true;
                    e.sponsor = sponsor;
                }
                Some(c) if c == iso => {
                    e.explicit_country = true;
                    e.sponsor |= sponsor;
                }
                Some(_) => {}
            }
        }
    }
    // Another name for the actor before it ("Forest Blizzard, the Russian military intelligence
    // actor also tracked as APT28 and Fancy Bear") names the same actor, and its state.
    let mut alias_of: Option<(String, bool)> = None;
    for k in 1..ents.len() {
        let (Some((pi, prev)), Some((ci, cur))) = (ents.get(k - 1), ents.get(k)) else { continue };
        let gap = text.get(prev.finding.end..cur.finding.start).unwrap_or("");
        let named = name_phrase_between(ms, *pi, *ci);
        let listed = alias_of.is_some() && matches!(gap.trim(), "and" | "," | ", and" | "or");
        // Not across a clause: "APT28 hit X, while a group tracked as Storm-0558 ..."
        let clause = || {
            let gap = gap.to_ascii_lowercase();
            [";", ". ", " while ", " whereas ", " but ", " unlike ", " and a ", " and the "]
                .iter()
                .any(|w| gap.contains(w))
        };
        alias_of = if prev.finding.entity_type.is_actor()
            && cur.finding.entity_type.is_actor()
            && gap.len() <= 80
            && (named || listed)
            && !clause()
        {
            alias_of.or_else(|| prev.finding.country.clone().map(|c| (c, prev.sponsor)))
        } else {
            None
        };
        if let Some((country, sponsor)) = &alias_of
            && let Some((_, cur)) = ents.get_mut(k)
            && cur.finding.country.is_none()
            && cur.finding.ambiguous.is_empty()
        {
            cur.finding.country = Some(country.clone());
            cur.explicit_country = true;
            cur.sponsor = *sponsor;
        }
    }
    // ... and the state learned for the later name is the earlier one's too: "APT17, also known
    // as DeputyDog, is a China-based threat group".
    for k in (1..ents.len()).rev() {
        let (Some((pi, prev)), Some((ci, cur))) = (ents.get(k - 1), ents.get(k)) else { continue };
        let gap = text.get(prev.finding.end..cur.finding.start).unwrap_or("");
        let named = name_phrase_between(ms, *pi, *ci);
        // Only the naming phrase between them (", also known as ", " (tracked as "): not "APT28
        // and a Belarus-aligned group known as UNC1151".
        if !(named
            && gap.len() <= 24
            && !gap.contains(['.', ';'])
            && !gap.contains(" a ")
            && !gap.contains(" an ")
            && prev.finding.entity_type.is_actor()
            && cur.finding.entity_type.is_actor()
            && prev.finding.country.is_none()
            && prev.finding.ambiguous.is_empty()
            && cur.explicit_country)
        {
            continue;
        }
        let (country, sponsor) = (cur.finding.country.clone(), cur.sponsor);
        if let Some((_, prev)) = ents.get_mut(k - 1)
            && country.is_some()
        {
            prev.finding.country = country;
            prev.explicit_country = true;
            prev.sponsor = sponsor;
        }
    }

    // 3. Country roles for the remaining country mentions.
    let collab_at: Vec<(usize, Collab)> = ms
        .iter()
        .filter_map(|m| match m.kind {
            MentionKind::Cue(Cue::Collab(c)) => Some((m.start, c)),
            _ => None,
        })
        .collect();
    // Computed for the first country mention that needs it.
    let mut dateline_at: Option<Option<usize>> = None;
    for (i, m) in ms.iter().enumerate() {
        let MentionKind::Country { form, .. } = m.kind else { continue };
        if country_role.contains_key(&i) {
            continue;
        }
        let after = text.get(m.end..s.end).unwrap_or("");
        let mut buf = [0; 48];
        let before_l = lower_in(&mut buf, tail(text, s.start, m.start, 48).trim_end());
        let next = ms.get(i + 1);
        let next_close = |k: &dyn Fn(&MentionKind) -> bool| {
            next.is_some_and(|n| n.start <= m.end + 16 && k(&n.kind))
        };
        let dateline = *dateline_at.get_or_insert_with(|| is_dateline(text, s));
        // "Romanian police arrested ...", "the FBI and Dutch police took down ...": the country of
        // an agency that acts, not a victim.
        let agent = next.is_some_and(|n| n.start <= m.end + 1) && agent_sector(text, ms, i + 1);
        // "linked to the Chinese government": the article does not change the link.
        let bare = before_l.strip_suffix(" the").unwrap_or(before_l);
        let role = if reporter(text, m) || agent || accused(text, m) {
            Role::Mentioned
        } else if dateline.is_some_and(|d| m.end <= d)
            || after.starts_with("-based")
                && !next_close(&|k| {
                    matches!(k, MentionKind::Cue(Cue::ActorNoun { .. } | Cue::Criminal))
                })
            || before_l.ends_with("based in")
            || before_l.ends_with("headquartered in")
        {
            Role::Located
        } else if ["operating from", "operate from", "operates from", "operating out of"]
            .iter()
            .any(|p| bare.ends_with(p))
        {
            // "The hackers, believed to be operating from Iran, ...": where they act from.
            Role::Origin
        } else if STATE_SUFFIXES.iter().any(|x| {
            after.len() >= x.len()
                && after.get(..x.len()).is_some_and(|a| a.eq_ignore_ascii_case(x))
        }) || next_close(&|k| matches!(k, MentionKind::Cue(Cue::State)))
            || ["linked to", "attributed to", "on behalf of", "tied to", "backed by", "sponsored by"]
                .iter()
                .any(|p| bare.ends_with(p))
            || influence_source(text, m, next)
            // "North Korea was responsible for the theft", "Russia is behind the attacks".
            || [
                " was responsible for",
                " is responsible for",
                " were responsible for",
                " was behind",
                " is behind",
                " were behind",
                " are behind",
            ]
            .iter()
            .any(|p| after.starts_with(p))
            // "FBI attributes $1.5bn Bybit heist to North Korea", "blamed the attack on Russia".
            || (before_l.ends_with(" to") && attributed_in_clause(text, s.start, m.start, ATTRIBUTE))
            || (before_l.ends_with(" on") && attributed_in_clause(text, s.start, m.start, BLAME))
            || ["working for", "recruited by", "tolerated by"].iter().any(|p| bare.ends_with(p))
            || (matches!(form, CountryForm::Capital) && is_agency(text, m))
            || (after.starts_with("'s")
                && next_close(&|k| {
                    matches!(k, MentionKind::Cue(Cue::ActorNoun { .. } | Cue::State))
                }))
            || (collab_at.iter().any(|&(c, _)| c > m.end)
                && has_cue(Cue::Criminal)
                && attack_at.iter().all(|&a| a > m.end || a < m.start))
            || (collab_at.iter().any(|&(c, _)| c > m.end)
                && has(&|k| matches!(k, MentionKind::Cue(Cue::ActorNoun { criminal: true }))))
            || ents.iter().any(|(j, e)| {
                e.finding.entity_type.is_actor()
                    && (*j == i + 1 || *j + 1 == i)
                    && adjacent(text, m, ms.get(*j))
            })
        {
            Role::Sponsor
        } else if attack_at.iter().any(|&a| a < m.start && same_clause(text, a, m.start))
            || before_l.ends_with(" in")
            || before_l.ends_with(" in the")
            || before_l.ends_with("inside")
            || (next.is_some_and(|n| {
                n.start <= m.end + 1 && matches!(n.kind, MentionKind::Sector { .. })
            }) && (!ents.is_empty()
                || !attack_at.is_empty()
                || has(&|k| {
                    matches!(
                        k,
                        MentionKind::Activity(_)
                            | MentionKind::Currency(_)
                            | MentionKind::Cue(Cue::Theft)
                    )
                })))
            || (i > 0
                && (before_l.ends_with(',')
                    || before_l.ends_with(" and")
                    || before_l.ends_with(" or"))
                && ms
                    .get(..i)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, p)| matches!(p.kind, MentionKind::Country { .. }))
                    .is_some_and(|(j, p)| {
                        country_role.get(&j) == Some(&Role::Victim) && m.start - p.end <= 12
                    }))
            || before_l.ends_with("against")
            || before_l.ends_with("targeting")
            // "The Canadian city paid a $500,000 ransom", "a British retailer paid the ransom": in
            // an extortion report the payer of a sum or a ransom (not "paid tribute").
            || (doc.extortion
                && form == CountryForm::Adjective
                && pays_soon(text, s, m.end)
                && (has(&|k| matches!(k, MentionKind::Currency(_)))
                    || text.get(m.end..s.end).is_some_and(|t| t.contains("ransom"))))
            || (!attack_at.is_empty()
                && matches!(form, CountryForm::Adjective)
                && !next_close(&|k| matches!(k, MentionKind::Cue(Cue::ActorNoun { .. })))
                && !attacker_adjective(text, m, ms.get(i + 1..).unwrap_or(&[])))
        {
            if (attack_at.is_empty()
                && ents.is_empty()
                && !has(&|k| matches!(k, MentionKind::Activity(_) | MentionKind::Cue(Cue::Theft)))
                && !(doc.extortion && pays_out(text, s, s.start)))
                // "as long as they do not attack Russian companies", "avoided targets in Russia"
                || negation::target_negated(text, s.start, m.start)
            {
                Role::Mentioned
            } else {
                Role::Victim
            }
        } else {
            Role::Mentioned
        };
        country_role.insert(i, role);
    }
    // A state actor makes its state a sponsor in this report.
    for (_, e) in &ents {
        if e.finding.entity_type.is_actor()
            && e.sponsor
            && e.finding.ambiguous.is_empty()
            && let Some(c) = &e.finding.country
        {
            out.push(Finding::Location {
                country: c.clone(),
                role: Role::Sponsor,
                mention: e.finding.mention.clone(),
                start: e.finding.start,
                end: e.finding.end,
            });
        }
    }
    for (&i, role) in &country_role {
        if let Some(m) = ms.get(i)
            && let MentionKind::Country { iso, .. } = m.kind
        {
            out.push(Finding::Location {
                country: iso.to_owned(),
                role: *role,
                mention: text.get(m.start..m.end).unwrap_or("").to_owned(),
                start: m.start,
                end: m.end,
            });
        }
    }
    // Named actors in a sentence with a sponsor country right beside them.
    for (j, e) in ents.iter_mut() {
        if !e.finding.entity_type.is_actor() || e.explicit_country {
            continue;
        }
        // Not a country that describes another actor: "APT28 and a Belarus-aligned group known
        // as UNC1151".
        let close = country_role.iter().find(|&(&i, r)| {
            *r == Role::Sponsor
                && !described_after.contains(&i)
                && ms.get(i).zip(ms.get(*j)).is_some_and(|(c, a)| {
                    c.end <= a.start && a.start - c.end <= 24
                        || a.end <= c.start && c.start - a.end <= 40
                })
        });
        if let Some((&i, _)) = close
            && let Some(MentionKind::Country { iso, .. }) = ms.get(i).map(|m| &m.kind)
            && e.finding.ambiguous.is_empty()
        {
            if e.finding.country.is_none() {
                e.finding.country = Some((*iso).to_owned());
            }
            e.explicit_country = e.finding.country.as_deref() == Some(*iso);
            e.sponsor = true;
        }
    }

    // 4. Entities out. The rules below still read them: each gets its place in `out` now and
    // is moved there at the end (a clone of every entity's names and aliases cost more).
    let entity_at = out.len();
    out.extend(ents.iter().map(|_| Finding::Date { value: String::new(), start: 0, end: 0 }));

    // 5. Sectors.
    let mut sector_spans: BTreeMap<(usize, usize), &str> = BTreeMap::new();
    for (i, m) in ms.iter().enumerate() {
        let MentionKind::Sector { value, tag } = m.kind else { continue };
        if consumed.contains(&i) {
            continue;
        }
        let actor_after = ms.get(i + 1).is_some_and(|n| {
            n.start <= m.end + 12
                && matches!(n.kind, MentionKind::Cue(Cue::ActorNoun { .. } | Cue::State))
        });
        let backed = text.get(m.end..).is_some_and(|a| {
            a.starts_with("-backed") || a.starts_with("-sponsored") || a.starts_with("-linked")
        });
        let prev_country_sponsor = i > 0
            && country_role.get(&(i - 1)) == Some(&Role::Sponsor)
            && ms.get(i - 1).is_some_and(|c| m.start - c.end <= 5);
        // "the UK government said": the sector word is the reporter, not a victim.
        let reporting = i > 0
            && ms.get(i - 1).is_some_and(|c| {
                matches!(c.kind, MentionKind::Country { .. })
                    && m.start - c.end <= 16
                    && reporter(text, c)
            });
        // "City of Dallas" is itself the name: it names the sector after "The" or "Hackers hit".
        let ctx = sector_context(text, m);
        let in_proper_name = ctx != Some(SectorContext::NameAfter)
            && text
                .get(m.start..m.end)
                .is_some_and(|t| t.bytes().next().is_some_and(|c| c.is_ascii_uppercase()))
            && m.start != sentence_start_word
            && text.get(..m.start).is_some_and(|t| {
                let t = t.strip_suffix(' ').unwrap_or("");
                t.rsplit(' ')
                    .next()
                    .is_some_and(|w| w.bytes().next().is_some_and(|c| c.is_ascii_uppercase()))
            });
        let written = text.get(m.start..m.end).unwrap_or("");
        let attacked_before = attacked_before(ms, i);
        let agent = agent_sector(text, ms, i);
        let product = listed(PRODUCT_SECTORS, written)
            && !attacked_before
            && !tampered(text, m)
            && !has(&|k| matches!(k, MentionKind::Activity(Activity::SupplyChain)));
        if actor_after
            || agent
            || product
            || reporting
            || figurative(text, m)
            || backed
            || prev_country_sponsor
            || in_proper_name
            || compound_tail(text, m.start)
        {
            continue;
        }
        sector_spans.insert((m.start, m.end), value);
        out.push(Finding::Sector {
            value: value.to_owned(),
            tag: tag.map(str::to_owned),
            mention: text.get(m.start..m.end).unwrap_or("").to_owned(),
            start: m.start,
            end: m.end,
        });
    }

    // 6. Activities, including crypto theft read from a theft word and a crypto word.
    let first_actor =
        ents.iter().find(|(_, e)| e.finding.entity_type.is_actor()).map(|(_, e)| &e.finding.name);
    let mut acts: BTreeSet<Activity> = BTreeSet::new();
    for m in ms {
        if let MentionKind::Activity(a) = m.kind
            && !negation::negated(text, s.start, m.start)
            && acts.insert(a)
        {
            out.push(Finding::Activity {
                value: a,
                actor: first_actor.cloned(),
                start: m.start,
                end: m.end,
            });
        }
    }
    // "pushed a trojanized software update": the product names a supply-chain compromise.
    if !acts.contains(&Activity::SupplyChain)
        && let Some(m) = ms.iter().find(|m| {
            matches!(m.kind, MentionKind::Sector { .. })
                && text.get(m.start..m.end).is_some_and(|w| listed(PRODUCT_SECTORS, w))
                && tampered(text, m)
        })
        && !negation::negated(text, s.start, m.start)
    {
        add_activity(&mut acts, out, Activity::SupplyChain, first_actor, m.start, m.end);
    }
    // The sentence's first theft word ("stole", "stolen", "drained").
    let theft = ms.iter().find(|m| m.kind.is_cue(Cue::Theft));
    let crypto = has_cue(Cue::Crypto)
        || has(&|k| matches!(k, MentionKind::Currency(c) if amount::is_crypto(c)))
        || has(&|k| matches!(k, MentionKind::Sector { tag: Some("cryptocurrency"), .. }));
    if crypto
        && !acts.contains(&Activity::CryptoTheft)
        && let Some(m) = theft
        && !negation::negated(text, s.start, m.start)
    {
        add_activity(&mut acts, out, Activity::CryptoTheft, first_actor, m.start, m.end);
    }
    // A ransomware family named in the sentence is ransomware activity.
    if !acts.contains(&Activity::Ransomware)
        && let Some((_, e)) = ents.iter().find(|(_, e)| {
            e.finding.entity_type == EntityType::Malware
                && lexicon.ransomware_names.contains(&e.finding.name)
        })
        && !negation::negated(text, s.start, e.finding.start)
    {
        add_activity(
            &mut acts,
            out,
            Activity::Ransomware,
            first_actor,
            e.finding.start,
            e.finding.end,
        );
    }
    // What was stolen names the activity: "stole Facebook business account credentials".
    let stolen = if theft.is_some() {
        text.get(s.start..s.end).unwrap_or("").to_ascii_lowercase()
    } else {
        String::new()
    };
    const CREDENTIALS: [&str; 5] =
        ["credential", "password", "login", "session cookie", "session token"];
    if !acts.contains(&Activity::CredentialTheft)
        && CREDENTIALS.iter().any(|w| stolen.contains(w))
        && let Some(m) = theft
        && !negation::negated(text, s.start, m.start)
        // "paid $20,000 for stolen logins": goods traded, not a theft told.
        && !(text.get(m.start..m.end).is_some_and(|w| w.eq_ignore_ascii_case("stolen"))
            && text.get(m.end..).and_then(|t| t.strip_prefix(' ')).is_some_and(|t| {
                CREDENTIALS.iter().any(|c| {
                    t.get(..c.len()).is_some_and(|h| h.eq_ignore_ascii_case(c))
                })
            }))
    {
        add_activity(&mut acts, out, Activity::CredentialTheft, first_actor, m.start, m.end);
    }
    if !crypto
        && !acts.contains(&Activity::DataTheftExtortion)
        && ["data", "records", "documents", "emails", "files", "information"]
            .iter()
            .any(|w| stolen.contains(w))
        && let Some(m) = theft
        && !negation::negated(text, s.start, m.start)
    {
        add_activity(&mut acts, out, Activity::DataTheftExtortion, first_actor, m.start, m.end);
    }

    // 7. Amounts.
    let actor_for_amount =
        ents.iter().find(|(_, e)| e.finding.entity_type.is_actor()).map(|(_, e)| &e.finding);
    let sponsor_country = country_role
        .iter()
        .find(|(_, r)| matches!(r, Role::Sponsor | Role::Origin))
        .and_then(|(&i, _)| match ms.get(i)?.kind {
            MentionKind::Country { iso, .. } => Some(iso),
            _ => None,
        });
    let mut amounts: Vec<(usize, crate::finding::Amount)> = ms
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match m.kind {
            MentionKind::Currency(cur) => Some((i, amount::parse(text, m.start, m.end, cur)?)),
            _ => None,
        })
        .collect();
    // The number of a sum is no year, though it may read like one ("stole 2000 BTC").
    let amount_spans: Vec<(usize, usize)> = amounts.iter().map(|(_, a)| (a.start, a.end)).collect();
    let year_at = |y: &Mention| match y.kind {
        MentionKind::Year(v) if !amount_spans.iter().any(|&(s, e)| s <= y.start && y.end <= e) => {
            Some(v)
        }
        _ => None,
    };
    for (i, a) in &mut amounts {
        let since = ms.iter().skip(*i).find(|n| n.kind.is_cue(Cue::Since)).and_then(|sn| {
            ms.iter().filter(|y| y.start > sn.end && y.start <= sn.end + 12).find_map(year_at)
        });
        if let Some(y) = since {
            a.since = Some(y.to_string());
        } else if let Some(y) = ms.iter().find_map(year_at) {
            a.period = Some(y.to_string());
        }
        // A sentence of several clauses speaks of several sums: "ransomware payments fell to
        // $814 million, while crypto hacks stole $2.2 billion, 61% of it by North Korea-linked
        // actors". A sum takes its asset, actor and country from its own clause.
        let (cs, ce) = clause_around(text, s, a.start, a.end);
        let in_clause = |m: &Mention| m.start >= cs && m.end <= ce;
        let clause_crypto = ms.iter().filter(|m| in_clause(m)).any(|m| {
            m.kind.is_cue(Cue::Crypto)
                || matches!(m.kind, MentionKind::Currency(c) if amount::is_crypto(c))
                || matches!(m.kind, MentionKind::Sector { tag: Some("cryptocurrency"), .. })
        });
        // A ransom paid in bitcoin is a ransom: "demanded 50 bitcoin".
        let clause_ransom = text.get(cs..ce).is_some_and(speaks_of_ransom);
        if no_loss_sum(text, s, a.start, a.end) {
            // Dates stay: "fined EUR 20 million in 2023".
        } else if clause_ransom {
            a.asset = Some("ransom".into());
        } else if clause_crypto || crypto {
            a.asset = Some("cryptocurrency".into());
        } else if text.get(s.start..s.end).is_some_and(speaks_of_ransom) {
            a.asset = Some("ransom".into());
        }
        // "a $10 million reward for information on the hackers who stole $600 million": the
        // reward is nobody's loot, so it gets no asset, actor or country.
        if no_loss_sum(text, s, a.start, a.end) {
            continue;
        }
        // Without one there, an actor named in an earlier clause goes on acting ("Lazarus hacked
        // Ronin, and the $600 million was laundered"); one named only after the clause does not.
        let several = cs > s.start || ce < s.end;
        let actor = if several {
            ents.iter()
                .find(|(_, e)| {
                    e.finding.entity_type.is_actor() && e.finding.start >= cs && e.finding.end <= ce
                })
                .map(|(_, e)| &e.finding)
                .or(actor_for_amount.filter(|e| e.end <= a.start))
        } else {
            actor_for_amount
        };
        let sponsor = if several {
            country_role
                .iter()
                .filter(|(_, r)| matches!(r, Role::Sponsor | Role::Origin))
                .filter_map(|(&i, _)| ms.get(i))
                .filter(|m| in_clause(m))
                .find_map(|m| match m.kind {
                    MentionKind::Country { iso, .. } => Some(iso),
                    _ => None,
                })
                .or_else(|| sponsor_country.filter(|_| actor.is_some_and(|e| e.end <= a.start)))
        } else {
            sponsor_country
        };
        a.actor = actor.map(|e| e.name.clone());
        a.country = actor.and_then(|e| e.country.clone()).or(sponsor.map(str::to_owned));
    }
    let mut amounts: Vec<crate::finding::Amount> = amounts.into_iter().map(|(_, a)| a).collect();
    amount::merge_equivalents(text, &mut amounts);
    out.extend(amounts.into_iter().map(Finding::Amount));

    // 8. Activity dates: years and months in sentences that describe activity.
    let describes_activity =
        !acts.is_empty() || !attack_at.is_empty() || has_cue(Cue::Theft) || has_cue(Cue::Use);
    if describes_activity {
        for (i, m) in ms.iter().enumerate() {
            if let Some(y) = year_at(m) {
                let month = i.checked_sub(1).and_then(|p| ms.get(p)).and_then(|p| match p.kind {
                    MentionKind::Month(mo) if m.start - p.end <= 10 => Some((mo, p.start)),
                    _ => None,
                });
                let (value, start) = match month {
                    Some((mo, ps)) => (format!("{y}-{mo:02}"), ps),
                    None => (y.to_string(), m.start),
                };
                out.push(Finding::Date { value, start, end: m.end });
            }
        }
    }

    // 9. Relations.
    let mut key = String::new();
    let mut rel =
        |source: &str, ty: &str, target: &str, start: usize, end: usize, out: &mut Vec<Finding>| {
            key.clear();
            for (k, part) in [source, ty, target].into_iter().enumerate() {
                if k > 0 {
                    key.push('\0');
                }
                key.push_str(part);
            }
            if source != target && !seen.contains(key.as_str()) {
                seen.insert(key.clone());
                out.push(Finding::Relation {
                    source: source.to_owned(),
                    rel_type: ty.to_owned(),
                    target: target.to_owned(),
                    start,
                    end,
                });
            }
        };
    for (_, e) in &ents {
        let f = &e.finding;
        if !f.entity_type.is_actor() {
            continue;
        }
        if let Some(c) = &f.country
            && f.ambiguous.is_empty()
        {
            let ty = if e.sponsor || (!e.criminal && f.actor_kind.as_deref() != Some("unknown")) {
                "attributed-to"
            } else {
                "originates-from"
            };
            rel(&f.name, ty, c, f.start, f.end, out);
        }
    }
    let actors: Vec<&(usize, Ent)> =
        ents.iter().filter(|(_, e)| e.finding.entity_type.is_actor()).collect();
    if let Some((ai, actor)) = actors.first() {
        let a_end = ms.get(*ai).map_or(0, |m| m.end);
        let name = &actor.finding.name;
        // targets: victims and sectors after an attack word.
        if !attack_at.is_empty() || has_cue(Cue::Theft) {
            for (&i, role) in &country_role {
                if *role == Role::Victim
                    && let Some(m) = ms.get(i)
                    && let MentionKind::Country { iso, .. } = m.kind
                {
                    let who = actors
                        .iter()
                        .rev()
                        .find(|(j, _)| ms.get(*j).is_some_and(|a| a.end <= m.start))
                        .map_or(name, |(_, e)| &e.finding.name);
                    rel(who, "targets", iso, m.start, m.end, out);
                }
            }
            for (&(start, end), value) in &sector_spans {
                if start > a_end {
                    let who = actors
                        .iter()
                        .rev()
                        .find(|(j, _)| ms.get(*j).is_some_and(|a| a.end <= start))
                        .map_or(name, |(_, e)| &e.finding.name);
                    rel(who, "targets", value, start, end, out);
                }
            }
        }
        // uses: tools, malware and techniques in the sentence.
        if has_cue(Cue::Use) || !attack_at.is_empty() {
            for (_, t) in ents.iter().filter(|(_, t)| {
                matches!(
                    t.finding.entity_type,
                    EntityType::Malware | EntityType::Tool | EntityType::AttackPattern
                )
            }) {
                if t.finding.ambiguous.is_empty() {
                    rel(name, "uses", &t.finding.name, t.finding.start, t.finding.end, out);
                }
            }
        }
        // The state-crime nexus.
        if let Some(&(cs, collab)) = collab_at.first() {
            // The state is the sponsor country nearest the collaboration word.
            let state = country_role
                .iter()
                .filter(|(_, r)| **r == Role::Sponsor)
                .filter_map(|(&i, _)| ms.get(i))
                .filter(|m| !consumed_phrase(&consumed, ms, m))
                .min_by_key(|m| m.start.abs_diff(cs));
            // "authorities turn a blind eye to ransomware operators": when a criminal actor is
            // the object right after the collaboration word, the relation is that actor's only.
            let criminals: Vec<&&(usize, Ent)> =
                actors.iter().filter(|(_, e)| e.criminal).collect();
            let objects: Vec<&&(usize, Ent)> = criminals
                .iter()
                .copied()
                .filter(|(_, e)| e.finding.start > cs && e.finding.start <= cs + 48)
                .collect();
            let criminals = if objects.is_empty() { criminals } else { objects };
            for (_, crim) in criminals {
                if let Some(m) = state
                    && let MentionKind::Country { iso, .. } = m.kind
                {
                    rel(&crim.finding.name, collab.as_str(), iso, cs, cs, out);
                } else if let Some((_, st)) = actors.iter().find(|(_, e)| !e.criminal && e.sponsor)
                {
                    rel(&crim.finding.name, collab.as_str(), &st.finding.name, cs, cs, out);
                }
            }
        }
    }
    if let Some(places) = out.get_mut(entity_at..) {
        for (place, (_, e)) in places.iter_mut().zip(ents) {
            *place = Finding::Entity(e.finding);
        }
    }
}

/// `word` is one of `list`, in any ASCII case.
fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(word))
}

/// The runs of ASCII letters in `t`.
fn letter_words(t: &str) -> impl DoubleEndedIterator<Item = &str> {
    t.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty())
}

/// The words before `pos`, nearest first, without the punctuation around them.
fn words_before(text: &str, pos: usize) -> impl Iterator<Item = &str> {
    text.get(..pos)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Whether the product keyword `m` is itself said to be tampered with ("a trojanized software
/// update").
fn tampered(text: &str, m: &Mention) -> bool {
    words_before(text, m.start).next().is_some_and(|w| listed(TAMPERED_WORDS, w))
}

/// Whether a sector keyword is used as a figure of speech, not for an organisation: "an army of
/// bots", "a bank of servers", "treats its affiliates as an army", "acts like a bank". A name
/// after "of" ("Bank of America") and a list ("as well as a bank", "such as a bank") still name
/// the sector.
fn figurative(text: &str, m: &Mention) -> bool {
    let written = text.get(m.start..m.end).unwrap_or("");
    let quantity = listed(QUANTITY_SECTORS, written)
        && text
            .get(m.end..)
            .and_then(|t| t.strip_prefix(" of "))
            .is_some_and(|t| t.bytes().next().is_some_and(|c| c.is_ascii_lowercase()));
    let mut back = words_before(text, m.start).map(str::to_ascii_lowercase);
    let (w1, w2, w3) = (back.next(), back.next(), back.next());
    let simile = matches!(w1.as_deref(), Some("a" | "an"))
        && matches!(w2.as_deref(), Some("as" | "like"))
        && !matches!(w3.as_deref(), Some("well" | "such"));
    quantity || simile || idiom(text, m, written, w1.as_deref())
}

/// Whether the lower-case sector keyword `written` at `m`, after the word `before`, is in one of
/// the set phrases of [`IDIOM_SECTORS`].
fn idiom(text: &str, m: &Mention, written: &str, before: Option<&str>) -> bool {
    if written.bytes().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let next: &str = text
        .get(m.end..)
        .and_then(|t| t.strip_prefix([' ', '-']))
        .and_then(|t| t.split(|c: char| !c.is_ascii_alphabetic()).next())
        .unwrap_or("");
    // "the ministry of defence" is the organisation, "the line of defense" is not.
    let office = || {
        words_before(text, m.start).nth(1).is_some_and(|w| {
            ["ministry", "department", "minister", "secretary", "ministries", "departments"]
                .iter()
                .any(|o| o.eq_ignore_ascii_case(w))
        })
    };
    if before == Some("of") && office() {
        return false;
    }
    IDIOM_SECTORS.iter().any(|&(k, prev, after)| {
        k == written
            && (prev.is_empty() || before.is_some_and(|b| prev.contains(&b)))
            && (after.is_empty() || after.iter().any(|a| a.eq_ignore_ascii_case(next)))
    })
}

/// Whether the country `m` only says who reports: "US officials said", "Ukrainian researchers
/// have linked", "British investigators believe", "Germany's BSI said", "officials in Germany
/// said": a reporter noun (or a body's name after a possessive) right after it and a speech verb
/// within the next three words, or a reporter noun and "in" before it and the verb right after.
fn reporter(text: &str, m: &Mention) -> bool {
    let after = text.get(m.end..).unwrap_or("");
    let possessive = ["'s ", "\u{2019}s "].iter().find_map(|p| after.strip_prefix(p));
    let Some(rest) = possessive.or_else(|| after.strip_prefix(' ')) else { return false };
    // A word that ends a clause ends the reporter phrase: "the Israeli defense ministry, officials
    // said" reports on the ministry, it is not the ministry that speaks.
    // Up to eight words, kept on the stack: this runs for every country mention.
    let mut buf = [""; 8];
    let mut len = 0;
    for w in rest.split(' ').take(8) {
        if let Some(slot) = buf.get_mut(len) {
            *slot = w.trim_end_matches([',', '.', ';', ':']);
            len += 1;
        }
        if w.ends_with([',', '.', ';', ':']) {
            break;
        }
    }
    let mut words: &[&str] = buf.get(..len).unwrap_or(&[]);
    // "Officials in Germany said", "officials in the Netherlands said": the reporter noun comes
    // before.
    let mut back = words_before(text, m.start).filter(|w| !w.eq_ignore_ascii_case("the"));
    if back.next().is_some_and(|w| w.eq_ignore_ascii_case("in"))
        && back.next().is_some_and(|w| listed(REPORTER_NOUNS, w))
        && words.first().is_some_and(|w| listed(SPEECH_VERBS, w))
    {
        return true;
    }
    // "the US and UK governments said": both countries report.
    if let [c, w, more @ ..] = words
        && (c.eq_ignore_ascii_case("and") || c.eq_ignore_ascii_case("or"))
        && w.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
    {
        words = more;
    }
    let capitalised = |w: &&&str| w.bytes().next().is_some_and(|b| b.is_ascii_uppercase());
    let noun = match words {
        [w, ..] if listed(REPORTER_NOUNS, w) => 1,
        [m, w, ..] if listed(REPORTER_MODIFIERS, m) && listed(REPORTER_NOUNS, w) => 2,
        // "Germany's BSI said", "Israel's National Cyber Directorate said": a body's name.
        _ if possessive.is_some() => {
            let name = words.iter().take_while(capitalised).count();
            if name == 0 || name > 4 || !words.get(name).is_some_and(|w| listed(SPEECH_VERBS, w)) {
                return false;
            }
            name
        }
        _ => return false,
    };
    // The speech verb within three words, and not "said it was hit" or "said its network": a
    // reporter who speaks of itself may be the victim ("it hit" speaks of someone else).
    let verb = words.iter().skip(noun).take(3).position(|w| listed(SPEECH_VERBS, w));
    verb.is_some_and(|v| {
        let at = |k: usize| words.get(noun + v + k).copied().unwrap_or("");
        // "a German company said hackers had encrypted its servers", "the US government said
        // attackers breached our networks": the reporter speaks of its own loss.
        let sentence = after.split(['.', ';', '?', '!']).next().unwrap_or("");
        let own = letter_words(sentence).take(30).any(|w| ["its", "our", "we", "us"].contains(&w));
        let itself = own || at(1).eq_ignore_ascii_case("it") && listed(SELF_REPORT_VERBS, at(2));
        !itself
    })
}

/// Whether the country adjective `m` describes who attacks, not who is attacked: "Russian
/// attacks on Ukrainian banks", "North Korean IT workers infiltrated American firms". The
/// adjective then names an attack noun right after it, or the subject of an active attack verb
/// later in the sentence; "German victims", "Ukrainian targets" and "Ukrainian organisations
/// were hit" stay victims. `rest` are the mentions after `m`.
fn attacker_adjective(text: &str, m: &Mention, rest: &[Mention]) -> bool {
    let Some(a) = rest.iter().find(|n| n.kind.is_cue(Cue::Attack)) else {
        return false;
    };
    let word = text.get(a.start..a.end).unwrap_or("");
    let gap = text.get(m.end..a.start).unwrap_or("");
    if gap.contains([',', ';', ':', '(', ')']) {
        return false;
    }
    if gap == " " {
        return listed(ATTACK_NOUNS, word);
    }
    let words: Vec<&str> = gap.split_whitespace().collect();
    // "North Korean IT workers infiltrated American firms": a short subject, then the verb and
    // its object; but "Ukrainian companies hit by ransomware", "German firms attacked last year
    // paid" are passives, with no object after the verb.
    let next = text
        .get(a.end..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let passive = next.is_empty()
        || text.get(a.end..).is_some_and(|t| t.starts_with([',', '.', ';']))
        || listed(PASSIVE_FOLLOWERS, next);
    words.len() <= 3
        && !passive
        && !listed(ATTACK_NOUNS, word)
        && !listed(&["victims", "targets", "target"], word)
        && !words.iter().any(|w| listed(PASSIVE_WORDS, w))
}

/// Whether the sentence `s` says, from `from` on, that money was paid out, and nowhere that it
/// was a fine, reward or purchase.
fn pays_out(text: &str, s: &Sentence, from: usize) -> bool {
    let words = |from: usize| letter_words(text.get(from.max(s.start)..s.end).unwrap_or(""));
    words(from).any(|w| listed(PAYMENT_WORDS, w))
        && !words(s.start).any(|w| listed(NOT_RANSOM_WORDS, w))
}

/// Whether the sum at `start..end` is named a fine, reward, settlement or price within three
/// words before or after it: "a reward of up to $10 million", "fined the bank EUR 20 million",
/// "a $5 million bounty".
fn no_loss_sum(text: &str, s: &Sentence, start: usize, end: usize) -> bool {
    let is_no_loss = |w: &str| listed(NOT_RANSOM_WORDS, w);
    let words = |from: usize, to: usize| letter_words(text.get(from..to).unwrap_or(""));
    words(s.start, start).rev().take(4).any(is_no_loss) || words(end, s.end).take(3).any(is_no_loss)
}

/// Whether a payment word is among the four words after `at` ("a British retailer paid", "the
/// Canadian city council paid") and the sentence `s` says the payment was no fine or purchase.
fn pays_soon(text: &str, s: &Sentence, at: usize) -> bool {
    letter_words(text.get(at..s.end).unwrap_or("")).take(4).any(|w| listed(PAYMENT_WORDS, w))
        && pays_out(text, s, at)
}

/// Whether `text[from..to]` stays in one clause: "hit banks in Germany, France and Italy", but
/// not "hit Israel, and Tehran is using criminals" (Tehran is no victim of that attack).
/// What separates two clauses of a sentence.
const CLAUSE_BREAKS: [&str; 7] =
    [", and ", ", but ", "; ", ", while ", " while ", ", although ", ", whereas "];

fn same_clause(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_none_or(|t| !CLAUSE_BREAKS.iter().any(|b| t.contains(b)))
}

/// The clause of sentence `s` that holds the span `[from, to)`: from after the last clause break
/// before it to the first one after it.
fn clause_around(text: &str, s: &Sentence, from: usize, to: usize) -> (usize, usize) {
    let before = text.get(s.start..from).unwrap_or("");
    let start = CLAUSE_BREAKS
        .iter()
        .filter_map(|b| before.rfind(b).map(|k| s.start + k + b.len()))
        .max()
        .unwrap_or(s.start);
    let after = text.get(to..s.end).unwrap_or("");
    let end =
        CLAUSE_BREAKS.iter().filter_map(|b| after.find(b).map(|k| to + k)).min().unwrap_or(s.end);
    (start, end)
}

/// Words right after an attack verb that leave it without an object, as in a reduced passive:
/// "companies hit by ransomware", "firms targeted in the campaign", "banks attacked last year".
const PASSIVE_FOLLOWERS: &[&str] = &[
    "by",
    "in",
    "during",
    "last",
    "this",
    "earlier",
    "since",
    "on",
    "at",
    "with",
    "over",
    "across",
    "throughout",
    "between",
    "before",
    "after",
    "were",
    "was",
    "have",
    "had",
    "are",
    "is",
    "lost",
    "paid",
    "said",
    "reported",
];

/// Attack cues that are nouns for the attack itself: after a country adjective ("Russian
/// attacks") they name the attacker's country.
const ATTACK_NOUNS: &[&str] = &["attack", "attacks", "intrusions"];

/// Words between a subject and an attack verb that make the subject the one attacked: "were hit",
/// "have been breached", "suffered attacks".
const PASSIVE_WORDS: &[&str] = &[
    "was",
    "were",
    "been",
    "being",
    "is",
    "are",
    "be",
    "got",
    "get",
    "suffered",
    "faced",
    "reported",
    "saw",
    "experienced",
    "endured",
    "fell",
];

/// Words that open a new clause: what follows them is no longer the object or subject of a
/// collaboration word before them.
const CLAUSE_OPENERS: &[&str] =
    &["which", "that", "who", "whom", "while", "whereas", "but", "said", "says", "although"];

/// Whether `text[from..to]` is a short stretch of one clause: at most four words, no clause
/// punctuation and no word that opens a new clause ("Moscow tolerated | ransomware gangs",
/// "ransomware gangs | are often | recruited by").
fn clause_gap(text: &str, from: usize, to: usize) -> bool {
    let Some(gap) = (from <= to).then(|| text.get(from..to)).flatten() else { return false };
    let words: Vec<&str> = gap.split_whitespace().collect();
    words.len() <= 4
        && !gap.contains([',', '.', ';', ':', '(', ')', '"'])
        && !words.iter().any(|w| listed(CLAUSE_OPENERS, w))
}

/// Whether a keyword at `start` ends a hyphenated word ("anti-government", "pro-government"):
/// the compound does not name the sector.
fn compound_tail(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    start >= 2
        && b.get(start - 1) == Some(&b'-')
        && b.get(start - 2).is_some_and(u8::is_ascii_alphabetic)
}

/// The context a sector keyword needs ([`SECTOR_CONTEXT`]), if any.
fn sector_context(text: &str, m: &Mention) -> Option<SectorContext> {
    let written = text.get(m.start..m.end)?;
    SECTOR_CONTEXT.iter().find(|(k, _)| k.eq_ignore_ascii_case(written)).map(|&(_, c)| c)
}

/// Whether the sector keyword `m` has the context `ctx` it needs.
fn context_met(text: &str, m: &Mention, ctx: SectorContext) -> bool {
    let written = text.get(m.start..m.end).unwrap_or("");
    let after = text.get(m.end..).unwrap_or("");
    let name_after = after.strip_prefix(' ').and_then(|a| {
        let w: &str = a.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        w.bytes().next().is_some_and(|c| c.is_ascii_uppercase()).then_some(w)
    });
    match ctx {
        SectorContext::NameAfter => name_after.is_some(),
        SectorContext::LowerNameOrBased => {
            let before = text.get(..m.start).unwrap_or("");
            let mut back = before.strip_suffix(' ').unwrap_or("").rsplit(' ');
            let (prev, prev2) = (back.next().unwrap_or(""), back.next().unwrap_or(""));
            // "the Bybit exchange", but not "Lazarus and Kimsuky exchange tools".
            let name_before = prev.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
                && ["the", "a", "an"].iter().any(|w| prev2.eq_ignore_ascii_case(w));
            let based = BASED_SUFFIXES.iter().any(|x| {
                prev.len() > x.len()
                    && prev.get(prev.len() - x.len()..).is_some_and(|t| t.eq_ignore_ascii_case(x))
            });
            // "to exchange Bitcoin for cash" is a verb.
            let verb = ["to", "can", "could", "will", "would", "they", "we", "you"]
                .iter()
                .any(|w| prev.eq_ignore_ascii_case(w));
            let named = name_after.is_some_and(|w| !amount::is_currency_word(w)) && !verb;
            !written.bytes().any(|c| c.is_ascii_uppercase()) && (based || named || name_before)
        }
    }
}

/// At most the last `n` bytes of `text[from..to]`, cut at a character boundary.
fn tail(text: &str, from: usize, to: usize, n: usize) -> &str {
    let mut s = to.saturating_sub(n).max(from);
    while s < to && !text.is_char_boundary(s) {
        s += 1;
    }
    text.get(s..to).unwrap_or("")
}

/// An intrusion set the lexicon does not know, named by the text at `[start, end)`.
fn named_in_text(name: &str, actor_kind: Option<&str>, start: usize, end: usize) -> EntityFinding {
    EntityFinding {
        entity_type: EntityType::IntrusionSet,
        name: name.to_owned(),
        aliases: Vec::new(),
        id: None,
        country: None,
        actor_kind: actor_kind.map(str::to_owned),
        vendor: None,
        mention: name.to_owned(),
        start,
        end,
        ambiguous: Vec::new(),
    }
}

/// The name of a group written right before `pos` ("the LockBit ransomware gang", "the Dark
/// Angels ransomware group", "the ALPHV gang"): up to a few capitalised words of sentence `s`,
/// not a word of a title, not inside the mention `before`, and at the sentence start only a name
/// no sentence would begin with ("LockBit", "REvil", "8Base"; not "Notorious").
fn group_name<'t>(
    text: &'t str,
    s: &Sentence,
    sentence_start_word: usize,
    before: Option<&Mention>,
    pos: usize,
) -> Option<(usize, usize, &'t str)> {
    let (mut a, b, last) = word_before(text, pos)?;
    let code = last.len() >= 3
        && last.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'$')
        && last.bytes().any(|c| c.is_ascii_uppercase());
    if !(proper_name(last) || code) {
        return None;
    }
    while let Some((pa, _, pw)) = word_before(text, a)
        && b - pa <= 40
        && pa >= s.start
        && pw.starts_with(|c: char| c.is_ascii_uppercase())
        && !listed(&["the", "a", "an", "this", "that", "its", "their", "our", "in", "on"], pw)
        && !listed(GENERIC_TITLE_WORDS, pw)
    {
        a = pa;
    }
    let word = text.get(a..b)?;
    let inner = word.bytes().skip(1).any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let taken = before.is_some_and(|p| p.end > a);
    let ok = a >= s.start
        && !word.split(' ').any(|w| listed(GENERIC_TITLE_WORDS, w))
        && (inner || a != sentence_start_word)
        && !taken;
    ok.then_some((a, b, word))
}

/// The word right before `pos` (one space between): its span and text.
fn word_before(text: &str, pos: usize) -> Option<(usize, usize, &str)> {
    let end = pos.checked_sub(1)?;
    if text.as_bytes().get(end) != Some(&b' ') {
        return None;
    }
    let head = text.get(..end)?;
    let start = head.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(0, |i| i + 1);
    let word = head.get(start..).filter(|w| !w.is_empty())?;
    Some((start, end, word))
}

/// What agencies do to people: "sanctioned two Chinese nationals", "charged three Russian men".
const AGENCY_VERBS: &[&str] = &[
    "arrested",
    "charged",
    "indicted",
    "sanctioned",
    "detained",
    "extradited",
    "convicted",
    "sentenced",
    "identified",
    "accused",
    "expelled",
    "deported",
    "prosecuted",
    "fined",
];

/// Whether the country adjective `m` describes people an agency acts on ("the Treasury
/// sanctioned two Chinese nationals"): they are neither victims nor, by that alone, an actor.
fn accused(text: &str, m: &Mention) -> bool {
    let skip =
        ["the", "a", "an", "two", "three", "four", "five", "six", "several", "more", "other"];
    words_before(text, m.start)
        .take(4)
        .find(|w| !listed(&skip, w) && !w.bytes().all(|c| c.is_ascii_digit()))
        .is_some_and(|w| listed(AGENCY_VERBS, w))
}

/// Capitalised words of headlines and titles that are no group's name: "North Korean Cyber
/// Groups", "Iranian Threat Actor".
const GENERIC_TITLE_WORDS: &[&str] = &[
    "cyber",
    "threat",
    "hacker",
    "hackers",
    "hacking",
    "security",
    "state",
    "criminal",
    "crime",
    "espionage",
    "intelligence",
    "military",
    "government",
    "advanced",
    "persistent",
    "nation",
    "ransomware",
    "malware",
    "analysis",
    "technology",
    "information",
    "digital",
    "internet",
    "online",
    "new",
    "notorious",
    "infamous",
    "prolific",
    "raas",
    "rat",
    "rats",
    "apt",
    "apts",
];

/// A word that looks like a group's own name inside an actor phrase: capitalised and with
/// lower-case letters ("Kimsuky", "Sandworm"), not an all-capitals agency or acronym ("GRU",
/// "APT", "IRGC").
fn proper_name(w: &str) -> bool {
    let b = w.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && !listed(FAMILY_STOPWORDS, w)
}

/// Whether the country adjective `m` names the state behind the influence operation `next`
/// right after it: "a Russian influence campaign", "Chinese disinformation" (but not "Ukrainian
/// disinformation researchers", who only report on it).
fn influence_source(text: &str, m: &Mention, next: Option<&Mention>) -> bool {
    next.is_some_and(|n| {
        matches!(n.kind, MentionKind::Activity(Activity::InfluenceOperation))
            && text.get(m.end..n.start) == Some(" ")
            && !text
                .get(n.end..)
                .and_then(|t| t.strip_prefix(' '))
                .and_then(|t| t.split(|c: char| !c.is_ascii_alphabetic()).next())
                .is_some_and(|w| listed(REPORTER_NOUNS, w))
    })
}

/// Whether a naming phrase ("also known as", "tracked as") comes between mentions `a` and `b`.
fn name_phrase_between(ms: &[Mention], a: usize, b: usize) -> bool {
    ms.get(a + 1..b).unwrap_or(&[]).iter().any(|m| m.kind.is_cue(Cue::NamePhrase))
}

/// The capitalised name an attribution in sentence `s` ends in ("tied the theft to Lazarus",
/// "blamed the attack on Sandworm"), when no mention covers it and nothing but punctuation, a
/// conjunction or an actor noun follows it (not "attributed the intrusion to Microsoft Exchange
/// flaws").
fn attributed_name<'t>(
    text: &'t str,
    s: &Sentence,
    ms: &[Mention],
) -> Option<(usize, usize, &'t str)> {
    const TO: &[&str] =
        &["attribute", "attributes", "attributed", "attributing", "tied", "linked", "traced"];
    // Most sentences hold none of the verbs: one SIMD search for their stems finds where to
    // start reading words, if anywhere.
    static STEMS: OnceLock<Option<packed::Searcher>> = OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        packed::Config::new()
            .builder()
            .extend([
                "ttribut", "tied ", "Tied ", "linked ", "Linked ", "traced ", "Traced ", "lame",
                "pinned ", "Pinned ", "pins ", "pin ",
            ])
            .build()
    });
    let from = match stems {
        Some(searcher) => {
            let found = searcher.find_in(text.as_bytes(), Span::from(s.start..s.end))?;
            // Back to the start of the word the stem is in.
            text.get(s.start..found.start())?.rfind(' ').map_or(s.start, |k| s.start + k + 1)
        }
        None => s.start,
    };
    let sentence = text.get(from..s.end)?;
    // The verb's preposition, and how many words may still come before it: "tied the theft to",
    // "attributed the 2023 attack on the bank to".
    let mut verb: Option<(&[&str], usize)> = None;
    let mut at = from;
    for piece in sentence.split_inclusive(' ') {
        let w = piece.trim_end().trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let next = at + piece.len();
        at = next;
        if listed(TO, w) {
            verb = Some((&["to"], 8));
            continue;
        }
        if listed(BLAME, w) {
            verb = Some((&["on"], 8));
            continue;
        }
        let Some((preps, left)) = verb else { continue };
        verb = left.checked_sub(1).map(|l| (preps, l));
        // A clause break ends the attribution.
        if piece.trim_end().ends_with([',', ';', '.']) {
            verb = None;
            continue;
        }
        if !listed(preps, w) || piece.len() != w.len() + 1 {
            continue;
        }
        // Only the first "to" after the verb: "linked to the First Crypto-Mining Worm to Steal
        // AWS Credentials" names nothing.
        verb = None;
        let Some((_, a, b)) = read_name(text, next) else { continue };
        // Known names, codes and countries speak for themselves ("to Russian hackers").
        let covered = ms.iter().any(|m| {
            m.start < b
                && a < m.end
                && matches!(
                    m.kind,
                    MentionKind::Name { .. }
                        | MentionKind::Convention(_)
                        | MentionKind::Country { .. }
                )
        });
        let after = text.get(b..).unwrap_or("");
        let follow = after.trim_start_matches(' ');
        let word = follow.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
        let ends = follow.is_empty()
            || follow.starts_with([',', '.', ';', ')', '(', ':'])
            || listed(
                &["group", "hackers", "gang", "and", "which", "who", "in", "with", "for"],
                word,
            );
        let first = text.get(a..b)?.split(' ').next()?;
        if covered || !ends || listed(GENERIC_TITLE_WORDS, first) || listed(FAMILY_STOPWORDS, first)
        {
            continue;
        }
        return Some((a, b, text.get(a..b)?));
    }
    None
}

/// Verbs that attribute something to someone ("attributes the heist to North Korea").
const ATTRIBUTE: &[&str] = &["attribute", "attributes", "attributed", "attributing"];
/// Verbs that lay something on someone ("blamed the attack on Russia").
const BLAME: &[&str] = &["blame", "blames", "blamed", "blaming", "pinned", "pins", "pin"];

/// Whether one of `verbs` comes before `pos` in its clause, which then ends in "to <country>"
/// or "on <country>": the country is the one held responsible.
fn attributed_in_clause(text: &str, from: usize, pos: usize, verbs: &[&str]) -> bool {
    let sentence = text.get(from..pos).unwrap_or("");
    words_before(sentence, sentence.len()).take(12).any(|w| listed(verbs, w))
        && same_clause(text, from.max(pos.saturating_sub(120)), pos)
}

/// Whether an attack or theft cue comes before mention `i` in the sentence's mentions `ms`.
fn attacked_before(ms: &[Mention], i: usize) -> bool {
    ms.get(..i)
        .unwrap_or(&[])
        .iter()
        .any(|p| matches!(p.kind, MentionKind::Cue(Cue::Attack | Cue::Theft)))
}

/// Whether mention `i` is an agency that acts ("police", "law enforcement") rather than a sector
/// that is attacked: no attack or theft cue comes before it.
fn agent_sector(text: &str, ms: &[Mention], i: usize) -> bool {
    ms.get(i).is_some_and(|m| {
        matches!(m.kind, MentionKind::Sector { .. })
            && listed(AGENT_SECTORS, text.get(m.start..m.end).unwrap_or(""))
            && !attacked_before(ms, i)
    })
}

/// `s` in ASCII lower case, written into `buf` (no allocation for the few words before a
/// mention). Empty when `s` does not fit.
fn lower_in<'b>(buf: &'b mut [u8], s: &str) -> &'b str {
    let Some(out) = buf.get_mut(..s.len()) else { return "" };
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}

fn consumed_phrase(consumed: &HashSet<usize>, ms: &[Mention], m: &Mention) -> bool {
    ms.iter().position(|x| std::ptr::eq(x, m)).is_some_and(|i| consumed.contains(&i))
}

fn adjacent(text: &str, a: &Mention, b: Option<&Mention>) -> bool {
    let Some(b) = b else { return false };
    let (l, r) = if a.end <= b.start { (a.end, b.start) } else { (b.end, a.start) };
    // "Iranian MuddyWater", "Russia's APT28", "APT28 (Russia)"; but in "tracked as Mango
    // Sandstorm and which US officials link to Iran" the US only reports.
    text.get(l..r).is_some_and(|g| {
        g.len() <= 12
            && !g.contains([',', '.', ';'])
            && !g.split_whitespace().any(|w| {
                ["and", "or"].iter().any(|c| w.eq_ignore_ascii_case(c)) || listed(CLAUSE_OPENERS, w)
            })
    })
}

fn is_agency(text: &str, m: &Mention) -> bool {
    text.get(m.start..m.end)
        .is_some_and(|t| t.len() <= 5 && t.bytes().all(|c| c.is_ascii_uppercase()))
        || text.get(m.start..m.end) == Some("Reconnaissance General Bureau")
}

/// The end of a dateline ("(Reuters) LONDON -", "KYIV, March 3 (AP) -") opening the sentence.
fn is_dateline(text: &str, s: &Sentence) -> Option<usize> {
    let t = text.get(s.start..s.end.min(s.start + 80)).unwrap_or("");
    let dash = find_dash(t, " - ").or_else(|| find_dash(t, " -- "))?;
    let head = t.get(..dash)?;
    // A dateline is short and shouts its place name.
    let caps_word = head
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_uppercase()));
    (caps_word && head.len() <= 50 && !head.contains(". ")).then_some(s.start + dash)
}

/// `t.find(pat)` for a `pat` whose second byte is `-`, looked up from the (few) dashes.
fn find_dash(t: &str, pat: &str) -> Option<usize> {
    let b = t.as_bytes();
    memchr::memchr_iter(b'-', b)
        .filter_map(|p| p.checked_sub(1))
        .find(|&s| b.get(s..).is_some_and(|r| r.starts_with(pat.as_bytes())))
}

fn convention_entity(conv: &Convention, mention: String, m: &Mention) -> EntityFinding {
    EntityFinding {
        entity_type: EntityType::IntrusionSet,
        name: mention.clone(),
        aliases: Vec::new(),
        id: None,
        country: conv.country.map(str::to_owned),
        actor_kind: Some(conv.actor_kind.to_owned()),
        vendor: Some(conv.vendor.to_owned()),
        mention,
        start: m.start,
        end: m.end,
        ambiguous: Vec::new(),
    }
}

/// Whether `t` speaks of a ransom: the word itself, "ransomware payments", or a demand ("the
/// gang demanded 50 bitcoin"). "The ransomware attack cost MGM $100 million" speaks of a loss.
fn speaks_of_ransom(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.match_indices("ransom").any(|(k, _)| {
        let rest = lower.get(k + "ransom".len()..).unwrap_or("");
        !rest.starts_with("ware") || rest.starts_with("ware payment")
    }) || ["demanded", "demanding", "extorted", "extorting"].iter().any(|w| lower.contains(w))
}

/// Records the activity `value` (the sentence's actor, if any, doing it) at `[start, end)`.
fn add_activity(
    acts: &mut BTreeSet<Activity>,
    out: &mut Vec<Finding>,
    value: Activity,
    actor: Option<&String>,
    start: usize,
    end: usize,
) {
    acts.insert(value);
    out.push(Finding::Activity { value, actor: actor.cloned(), start, end });
}

/// Whether the items are not all the same.
fn varies<T: PartialEq>(mut items: impl Iterator<Item = T>) -> bool {
    let first = items.next();
    items.any(|x| Some(x) != first)
}

/// Chooses among the candidate records of a name, or reports the ambiguity.
fn resolve(
    lexicon: &Lexicon,
    records: &[u32],
    mention: &str,
    m: &Mention,
    ms: &[Mention],
    sent_countries: &BTreeSet<&str>,
    doc: &DocContext,
) -> Option<EntityFinding> {
    let mut pool: Vec<&crate::lexicon::Record> =
        records.iter().filter_map(|&r| lexicon.records.get(r as usize)).collect();
    if pool.is_empty() {
        return None;
    }
    // Type: prefer what the sentence calls it.
    let wants_malware = ms.iter().any(|n| {
        matches!(
            n.kind,
            MentionKind::Cue(Cue::MalwareNoun) | MentionKind::Activity(Activity::Ransomware)
        ) && (n.start >= m.end && n.start <= m.end + 2)
    });
    if varies(pool.iter().map(|r| r.entity_type)) {
        let keep: Vec<_> = pool
            .iter()
            .copied()
            .filter(|r| {
                if wants_malware {
                    r.entity_type == EntityType::Malware
                } else {
                    r.entity_type.is_actor()
                }
            })
            .collect();
        if !keep.is_empty() {
            pool = keep;
        }
    }
    if varies(pool.iter().map(|r| r.country())) {
        // Context: a country named in the sentence, then in the document; then the vendor.
        let by = |set: &dyn Fn(&str) -> bool| -> Vec<&crate::lexicon::Record> {
            pool.iter().copied().filter(|r| r.country().is_some_and(set)).collect()
        };
        let mut narrowed = by(&|c| sent_countries.contains(c));
        if narrowed.is_empty() || varies(narrowed.iter().map(|r| r.country())) {
            narrowed = by(&|c| doc.countries.contains(c));
        }
        // The vendor alone does not decide: old vendor names were reused (IRIDIUM).
        if !narrowed.is_empty() && !varies(narrowed.iter().map(|r| r.country())) {
            pool = narrowed;
        } else {
            let mut ambiguous: Vec<Candidate> = pool
                .iter()
                .map(|r| Candidate {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    country: r.country().map(str::to_owned),
                })
                .collect();
            ambiguous.sort_by(|a, b| a.id.cmp(&b.id));
            return Some(EntityFinding {
                entity_type: pool.first().map_or(EntityType::IntrusionSet, |r| r.entity_type),
                name: mention.to_owned(),
                aliases: Vec::new(),
                id: None,
                country: None,
                actor_kind: None,
                vendor: None,
                mention: mention.to_owned(),
                start: m.start,
                end: m.end,
                ambiguous,
            });
        }
    }
    // The record with the most aliases names the actor; ties by id for stable output.
    pool.sort_by(|a, b| b.aliases.len().cmp(&a.aliases.len()).then_with(|| a.id.cmp(&b.id)));
    let r = pool.first()?;
    let mut aliases: Vec<String> = Vec::new();
    for x in &pool {
        for a in std::iter::once(&x.name).chain(x.aliases.iter()) {
            if a != &r.name && !aliases.contains(a) {
                aliases.push(a.clone());
            }
        }
    }
    let vendor = pool.iter().find_map(|x| x.alias_vendors.get(mention)).cloned();
    let actor_kind = pool.iter().find_map(|x| x.actor_kind.clone()).or_else(|| {
        r.entity_type
            .is_actor()
            .then(|| if r.sponsor.is_some() { "state".to_owned() } else { "unknown".to_owned() })
    });
    Some(EntityFinding {
        entity_type: r.entity_type,
        name: r.name.clone(),
        aliases,
        id: Some(r.id.clone()),
        country: pool.iter().find_map(|x| x.country()).map(str::to_owned),
        actor_kind,
        vendor,
        mention: mention.to_owned(),
        start: m.start,
        end: m.end,
        ambiguous: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: one leftmost, non-overlapping pass per name.
    fn per_name(b: &[u8], names: &[Introduced]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = names
            .iter()
            .enumerate()
            .flat_map(|(k, n)| memchr::memmem::find_iter(b, n.name.as_bytes()).map(move |s| (k, s)))
            .collect();
        out.sort_by_key(|&(k, s)| (s, k));
        out
    }

    fn names(list: &[&str]) -> Vec<Introduced> {
        list.iter()
            .map(|n| Introduced { name: (*n).to_owned(), entity_type: EntityType::Malware })
            .collect()
    }

    /// The labels (kind, type, value) Cairn gives for `text` with its own tables only.
    fn labels(text: &str) -> Vec<(String, String, String)> {
        let x = crate::extract_text(text, &Lexicon::builtin());
        x.items.iter().map(Finding::label).collect()
    }

    /// (text, labels it must give, labels it must not give), as "kind/type/value".
    type LabelCase = (&'static str, &'static [&'static str], &'static [&'static str]);

    fn check_labels(cases: &[LabelCase]) {
        for &(text, want, absent) in cases {
            let got: Vec<String> =
                labels(text).into_iter().map(|(k, t, v)| format!("{k}/{t}/{v}")).collect();
            for w in want {
                assert!(got.iter().any(|g| g == w), "{text}: no {w} in {got:?}");
            }
            for a in absent {
                assert!(!got.iter().any(|g| g == a), "{text}: {a} in {got:?}");
            }
        }
    }

    #[test]
    fn agencies_that_act_are_neither_victims_nor_actors() {
        check_labels(&[
            (
                "Romanian police arrested hackers who breached banks.",
                &["sector/sector/financial-services"],
                &["location/victim/RO", "location/sponsor/RO"],
            ),
            (
                "The FBI and Dutch police took down the botnet that infected 700,000 computers.",
                &[],
                &["location/victim/NL", "sector/sector/government-public-services"],
            ),
            // Police that are attacked are a victim sector.
            (
                "The US Treasury sanctioned two Chinese nationals for laundering funds stolen by \
                 North Korean hackers.",
                &["location/sponsor/KP"],
                &["location/victim/CN", "relation/targets/unnamed: North Korean hackers -> CN"],
            ),
            (
                "Russian hackers breached German police networks.",
                &["location/victim/DE", "sector/sector/government-public-services"],
                &[],
            ),
        ]);
    }

    #[test]
    fn influence_operations_have_a_source_and_an_audience() {
        check_labels(&[
            (
                "Microsoft said Storm-2035, an Iranian influence operation, created fake news \
                 sites to sway American voters.",
                &[
                    "location/sponsor/IR",
                    "location/victim/US",
                    "relation/attributed-to/Storm-2035 -> IR",
                ],
                &[],
            ),
            (
                "A Russian influence campaign targeted French voters.",
                &["location/sponsor/RU", "location/victim/FR"],
                &[],
            ),
            (
                "Ukrainian disinformation researchers said the posts were fake.",
                &[],
                &["location/sponsor/UA"],
            ),
        ]);
    }

    #[test]
    fn what_was_stolen_names_the_activity() {
        check_labels(&[
            (
                "Vietnamese hackers stole Facebook business account credentials from marketers.",
                &["activity/activity/credential-theft"],
                &[],
            ),
            (
                "Customer passwords were stolen in the breach of the German retailer.",
                &["activity/activity/credential-theft"],
                &[],
            ),
            (
                "The Iranian malware did not steal passwords.",
                &[],
                &["activity/activity/credential-theft"],
            ),
            (
                "A Russian broker paid $20,000 for stolen logins.",
                &[],
                &["activity/activity/credential-theft"],
            ),
            (
                "Researchers said the malware, which they named Rhadamanthys, was sold on forums.",
                &["entity/malware/Rhadamanthys"],
                &[],
            ),
            // A wiper or an infostealer introduced by name is malware.
            (
                "The wiper, dubbed AcidPour, destroyed data on routers.",
                &["entity/malware/AcidPour"],
                &[],
            ),
            (
                "A new infostealer called Vidarix spread through cracked games.",
                &["entity/malware/Vidarix"],
                &[],
            ),
        ]);
    }

    #[test]
    fn a_group_named_in_its_description_is_that_group() {
        check_labels(&[
            (
                "The North Korea-linked Kimsuky group sent spear-phishing emails to South \
                 Korean think tanks.",
                &[
                    "entity/intrusion-set/Kimsuky",
                    "location/sponsor/KP",
                    "location/victim/KR",
                    "relation/attributed-to/Kimsuky -> KP",
                ],
                &["entity/threat-actor/unnamed: North Korea-linked Kimsuky group"],
            ),
            (
                "North Korean Lazarus hackers stole $600 million in crypto.",
                &["entity/intrusion-set/Lazarus", "relation/attributed-to/Lazarus -> KP"],
                &[],
            ),
            // Acronyms and several capitalised words are no group name.
            (
                "The Russian Federal Security Service hackers were blamed for the breach.",
                &["entity/threat-actor/unnamed: Russian Federal Security Service hackers"],
                &[],
            ),
            (
                "In March the LockBit ransomware gang claimed an attack on the UK's Royal Mail, \
                 demanding $80 million.",
                &["entity/intrusion-set/LockBit", "location/victim/GB", "amount/USD/80000000"],
                &[],
            ),
            ("Notorious ransomware gangs hit hospitals.", &[], &["entity/intrusion-set/Notorious"]),
            (
                "The Play ransomware group, also known as PlayCrypt, hit 300 entities.",
                &["entity/intrusion-set/PlayCrypt"],
                &["entity/intrusion-set/Play"],
            ),
            (
                "The company paid a $22 million ransom to the ALPHV gang.",
                &["entity/intrusion-set/ALPHV", "amount/USD/22000000"],
                &[],
            ),
            ("The gang encrypted the servers.", &[], &["entity/intrusion-set/The"]),
            (
                "Last year the Black Basta ransomware group breached the hospital chain.",
                &["entity/intrusion-set/Black Basta"],
                &[],
            ),
            // Nor is a capitalised word of a title.
            (
                "See the report Treasury North Korean Cyber Groups September 2019 on the attack.",
                &[],
                &["entity/intrusion-set/Cyber"],
            ),
        ]);
    }

    #[test]
    fn a_named_actor_that_is_described_takes_the_state() {
        check_labels(&[
            (
                "We assess that TAG-112 is a Chinese state-sponsored group.",
                &["entity/intrusion-set/TAG-112", "relation/attributed-to/TAG-112 -> CN"],
                &["entity/threat-actor/unnamed: Chinese state-sponsored group"],
            ),
            (
                "Automated Libra is a South African-based group that steals cloud resources.",
                &["relation/originates-from/Automated Libra -> ZA"],
                &["relation/attributed-to/Automated Libra -> ZA"],
            ),
            (
                "Researchers observed a cluster of activity we track as TAG-112 targeting Tibetan \
                 groups.",
                &["entity/intrusion-set/TAG-112"],
                &[],
            ),
        ]);
    }

    /// (text, amount mention, its actor, its asset).
    #[test]
    fn a_sum_takes_its_actor_and_asset_from_its_own_clause() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "Ransomware payments fell 35% to $814 million in 2024, while crypto hacks stole \
                 $2.2 billion, 61% of it by North Korea-linked actors.",
                "$814 million",
                None,
                Some("ransom"),
            ),
            (
                "Ransomware payments fell 35% to $814 million in 2024, while crypto hacks stole \
                 $2.2 billion, 61% of it by North Korea-linked actors.",
                "$2.2 billion",
                Some("unnamed: North Korea-linked actors"),
                Some("cryptocurrency"),
            ),
            (
                "North Korean hackers hacked the Ronin bridge, and the $600 million in crypto was \
                 laundered through mixers.",
                "$600 million",
                Some("unnamed: North Korean hackers"),
                Some("cryptocurrency"),
            ),
        ];
        for &(text, mention, actor, asset) in cases {
            let x = crate::extract_text(text, &Lexicon::builtin());
            let a = x
                .items
                .iter()
                .find_map(|f| match f {
                    Finding::Amount(a) if a.mention == mention => Some(a),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{text}: no amount {mention}"));
            assert_eq!(a.actor.as_deref(), actor, "{text}: {mention}");
            assert_eq!(a.asset.as_deref(), asset, "{text}: {mention}");
        }
    }

    #[test]
    fn a_described_group_named_after_its_description() {
        check_labels(&[
            (
                "ESET attributed the attacks on Polish logistics companies to a Belarus-aligned \
                 group it tracks as Ghostwriter.",
                &["relation/attributed-to/Ghostwriter -> BY", "relation/targets/Ghostwriter -> PL"],
                &["entity/threat-actor/unnamed: Belarus-aligned group"],
            ),
            (
                "The stealer is sold by a French-speaking actor called Wave.",
                &["entity/intrusion-set/Wave"],
                &["relation/attributed-to/Wave -> FR", "relation/originates-from/Wave -> FR"],
            ),
            (
                "Dutch agencies said a Russian group they call Laundry Bear breached the police.",
                &["relation/attributed-to/Laundry Bear -> RU"],
                &["entity/threat-actor/unnamed: Russian group"],
            ),
            (
                "APT28 and a Belarus-aligned group known as UNC1151 targeted Polish officials.",
                &["relation/attributed-to/UNC1151 -> BY"],
                &["relation/attributed-to/APT28 -> BY"],
            ),
        ]);
    }

    #[test]
    fn who_is_responsible_or_blamed_is_the_sponsor() {
        check_labels(&[
            ("FBI attributes $1.5bn Bybit heist to North Korea", &["location/sponsor/KP"], &[]),
            (
                "The FBI said North Korea was responsible for the theft of about $1.5 billion in \
                 crypto from the exchange Bybit.",
                &["location/sponsor/KP", "activity/activity/crypto-theft"],
                &["location/victim/KP"],
            ),
            ("Officials blamed the attack on Russia.", &["location/sponsor/RU"], &[]),
            (
                "Hackers linked to the Chinese government breached the accounts of U.S. officials.",
                &["location/sponsor/CN", "location/victim/US"],
                &["location/victim/CN"],
            ),
            (
                "The hackers, believed to be operating from Iran, targeted Israeli academics.",
                &["location/origin/IR", "location/victim/IL"],
                &["location/victim/IR"],
            ),
            (
                "The attack on Russia was blamed on hacktivists.",
                &["location/victim/RU"],
                &["location/sponsor/RU"],
            ),
            // No actor phrase across a conjunction.
            (
                "Ukraine sent aid to Poland after hackers attacked its grid.",
                &[],
                &["location/sponsor/PL", "entity/threat-actor/unnamed: Poland after hackers"],
            ),
        ]);
    }

    #[test]
    fn the_name_an_attribution_ends_in_is_an_actor() {
        check_labels(&[
            (
                "Hackers drained $625 million from the Ronin bridge; the FBI later tied the theft \
                 to Lazarus.",
                &["entity/intrusion-set/Lazarus"],
                &[],
            ),
            (
                "The bureau attributed the attack on US banks to Lazarus Group, which also runs \
                 phishing.",
                &["entity/intrusion-set/Lazarus Group"],
                &[],
            ),
            (
                "Officials blamed the attack on Sandworm, a unit of Russia's GRU.",
                &["entity/intrusion-set/Sandworm", "relation/attributed-to/Sandworm -> RU"],
                &[],
            ),
            // Not a product, not a known country.
            (
                "Microsoft attributed the intrusion to Microsoft Exchange flaws.",
                &[],
                &["entity/intrusion-set/Microsoft Exchange"],
            ),
            (
                "Researchers linked the malware to Russian hackers.",
                &["entity/threat-actor/unnamed: Russian hackers"],
                &["entity/intrusion-set/Russian"],
            ),
        ]);
    }

    #[test]
    fn a_sum_paid_or_lost_says_what_it_is() {
        let asset = |text: &str| {
            crate::extract_text(text, &Lexicon::builtin()).items.iter().find_map(|f| match f {
                Finding::Amount(a) => Some(a.asset.clone()),
                _ => None,
            })
        };
        // A ransom paid in bitcoin is a ransom; what a ransomware attack cost is not.
        assert_eq!(
            asset("The group demanded 50 bitcoin, worth about $2.5 million at the time."),
            Some(Some("ransom".to_owned()))
        );
        assert_eq!(
            asset("The ransomware attack cost MGM Resorts about $100 million in lost revenue."),
            Some(None)
        );
        assert_eq!(
            asset("Ransomware payments fell to about $814 million in 2024."),
            Some(Some("ransom".to_owned()))
        );
    }

    #[test]
    fn a_capital_after_pro_names_the_state() {
        check_labels(&[(
            "Pro-Kremlin hackers have targeted Ukrainian government agencies with DDoS attacks.",
            &["location/sponsor/RU", "location/victim/UA", "activity/activity/ddos"],
            &["location/victim/RU"],
        )]);
    }

    #[test]
    fn crypto_sums_that_read_like_years_are_sums() {
        check_labels(&[
            (
                "The group stole 2000 BTC in 2019.",
                &["amount/BTC/2000", "date/activity/2019", "activity/activity/crypto-theft"],
                &["date/activity/2000"],
            ),
            (
                "Hackers stole and laundered 1500 ETH.",
                &["amount/ETH/1500"],
                &["date/activity/1500"],
            ),
            (
                "Since 2017 the gang has stolen 1,000 BTC.",
                &["amount/BTC/1000", "date/activity/2017"],
                &[],
            ),
            (
                "In 2021 BTC thefts rose; attackers stole ETH.",
                &["date/activity/2021"],
                &["amount/BTC/2021"],
            ),
            (
                "Hackers stole $2000 from each victim.",
                &["amount/USD/2000"],
                &["date/activity/2000"],
            ),
        ]);
        // The amount's period is the sentence's year, not its own number.
        let x = crate::extract_text("Thieves stole 2000 BTC in 2019.", &Lexicon::builtin());
        let periods: Vec<Option<&str>> = x
            .items
            .iter()
            .filter_map(|f| match f {
                Finding::Amount(a) => Some(a.period.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(periods, [Some("2019")]);
    }

    #[test]
    fn a_reward_or_fine_is_nobodys_loot() {
        let text = "The FBI offered a $10 million reward for information on the North Korean \
                    hackers who stole $600 million in cryptocurrency.";
        let x = crate::extract_text(text, &Lexicon::builtin());
        let amounts: Vec<(f64, Option<&str>, Option<&str>)> = x
            .items
            .iter()
            .filter_map(|f| match f {
                Finding::Amount(a) => Some((a.usd, a.actor.as_deref(), a.asset.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            amounts,
            [
                (10_000_000.0, None, None),
                (600_000_000.0, Some("unnamed: North Korean hackers"), Some("cryptocurrency")),
            ]
        );
        for (text, asset) in [
            ("Regulators fined the crypto exchange $4 billion in 2023.", None),
            (
                "The gang stole $4 million in bitcoin, far more than the fine.",
                Some("cryptocurrency"),
            ),
            ("A $5 million bounty was offered for the ransomware leaders.", None),
            ("The hospital paid a $5 million ransom.", Some("ransom")),
        ] {
            let x = crate::extract_text(text, &Lexicon::builtin());
            let got: Vec<Option<&str>> = x
                .items
                .iter()
                .filter_map(|f| match f {
                    Finding::Amount(a) => Some(a.asset.as_deref()),
                    _ => None,
                })
                .collect();
            assert_eq!(got, [asset], "{text}");
        }
    }

    #[test]
    fn a_unit_word_that_ends_the_text_makes_an_amount() {
        check_labels(&[
            ("The group stole 500 BTC", &["amount/BTC/500", "activity/activity/crypto-theft"], &[]),
            ("In 2000 the group stole 2000 BTC", &["amount/BTC/2000", "date/activity/2000"], &[]),
            (
                "Attackers stole 500 US dollars",
                &["amount/USD/500"],
                &["location/mentioned/US", "location/victim/US"],
            ),
            ("Fraudsters took 20 million euros", &["amount/EUR/21600000"], &[]),
            ("They asked about the bitcoin", &[], &["amount/BTC/1"]),
        ]);
        // The mention points at the text.
        let text = "Thieves stole 500 BTC";
        let x = crate::extract_text(text, &Lexicon::builtin());
        for f in &x.items {
            if let Finding::Amount(a) = f {
                assert_eq!(text.get(a.start..a.end), Some("500 BTC"));
            }
        }
    }

    #[test]
    fn local_government_sectors() {
        const LOCAL: &str = "sector/sector/government-local";
        const NATIONAL: &str = "sector/sector/government-national";
        check_labels(&[
            ("The Play ransomware gang claimed the attack on the city of Oakland.", &[LOCAL], &[]),
            ("City of Dallas systems were hit by ransomware in May.", &[LOCAL], &[]),
            (
                "The City of Columbus restored its systems after the ransomware attack.",
                &[LOCAL],
                &[],
            ),
            ("Ransomware disrupted the county government for a week.", &[LOCAL], &[NATIONAL]),
            ("Ransomware hit several counties in Georgia.", &[LOCAL], &[]),
            ("Hackers targeted county offices in Texas.", &[LOCAL], &[]),
            ("Hackers hit the city offices.", &[], &[LOCAL]),
            ("Hackers breached municipal servers.", &[LOCAL], &[]),
            ("Attacks on local governments rose.", &[LOCAL], &[NATIONAL]),
            (
                "Ransomware crippled the state government of Nevada.",
                &["sector/sector/government-regional"],
                &[NATIONAL],
            ),
            ("Ransomware hit a city of 400,000 people.", &[], &[LOCAL]),
            ("Anti-government hacktivists defaced sites.", &[], &[NATIONAL]),
        ]);
    }

    #[test]
    fn police_is_a_sector_when_attacked() {
        const POLICE: &str = "sector/sector/government-public-services";
        check_labels(&[
            ("Hackers breached police systems in three states.", &[POLICE], &[]),
            ("The gang stole law enforcement records.", &[POLICE], &[]),
            ("British police arrested a teenager over the attacks.", &[], &[POLICE]),
            ("An international law enforcement operation disrupted LockBit.", &[], &[POLICE]),
        ]);
    }

    #[test]
    fn a_describing_phrase_stays_with_the_actor_it_describes() {
        check_labels(&[
            (
                "We observed Forest Blizzard, the Russian military intelligence actor also \
                 tracked as APT28 and Fancy Bear, phishing foreign ministries.",
                &["relation/attributed-to/APT28 -> RU", "relation/attributed-to/Fancy Bear -> RU"],
                &[],
            ),
            (
                "Forest Blizzard phished ministries, while a group tracked as Storm-0558 forged \
                 tokens.",
                &[],
                &["relation/attributed-to/Storm-0558 -> RU"],
            ),
            (
                "Microsoft said Mint Sandstorm, an Iranian state actor, ran influence operations \
                 against US election officials, and Storm-1516 spread disinformation on behalf of \
                 Russia.",
                &[
                    "relation/attributed-to/Mint Sandstorm -> IR",
                    "relation/attributed-to/Storm-1516 -> RU",
                ],
                &["relation/attributed-to/Storm-1516 -> IR"],
            ),
            (
                "Storm-0558, a Chinese state actor, forged tokens to read government mail.",
                &["relation/attributed-to/Storm-0558 -> CN"],
                &[],
            ),
        ]);
    }

    #[test]
    fn exchange_sectors() {
        const FIN: &str = "sector/sector/financial-services";
        check_labels(&[
            ("Lazarus stole $1.5bn from the Dubai-based exchange Bybit.", &[FIN], &[]),
            ("Hackers drained the exchange WazirX of $230 million.", &[FIN], &[]),
            ("Hackers stole funds from a Singapore-based exchange.", &[FIN], &[]),
            ("Hackers drained the Bybit exchange of $1.5bn.", &[FIN], &[]),
            ("Lazarus and Kimsuky exchange tools with each other.", &[], &[FIN]),
            ("Officials said the exchange was halted.", &[], &[FIN]),
            ("The attackers hit a cryptocurrency exchange in Japan.", &[FIN], &[]),
            ("A crypto exchange lost $30 million to hackers.", &[FIN], &[]),
            ("Attackers breached the stock exchange in Mumbai.", &[FIN], &[]),
            ("Soldiers reported an exchange of fire near the border.", &[], &[FIN]),
            (
                "Attackers exploited Microsoft Exchange servers at a university.",
                &["sector/sector/education"],
                &[FIN],
            ),
            ("Exchange Online outages hit users after the attack.", &[], &[FIN]),
            ("The malware uses a Diffie-Hellman key exchange.", &[], &[FIN]),
            ("Victims were told to exchange Bitcoin for gift cards.", &[], &[FIN]),
            ("The hackers stole data in exchange for a ransom.", &[], &[FIN]),
            ("The attackers sought an exchange Bitcoin could not buy.", &[], &[FIN]),
        ]);
    }

    #[test]
    fn a_product_names_its_makers_sector_only_when_attacked() {
        const TECH: &str = "sector/sector/technology";
        check_labels(&[
            (
                "The supply chain attack trojanized a software update used by 18,000 customers.",
                &[TECH, "activity/activity/supply-chain"],
                &[],
            ),
            ("Hackers breached software updates of a payroll product.", &[TECH], &[]),
            ("Hackers breached a software vendor in Ukraine.", &[TECH, "location/victim/UA"], &[]),
            (
                "The intruders pushed a trojanized software update to about 2,000 customers.",
                &[TECH, "activity/activity/supply-chain"],
                &[],
            ),
            ("Users should install the latest software update today.", &[], &[TECH]),
            // A fake update (a lure) names no compromised vendor.
            (
                "The lure page pushed fake software updates.",
                &[],
                &[TECH, "activity/activity/supply-chain"],
            ),
            ("The company shipped two software updates on Tuesday.", &[], &[TECH]),
        ]);
    }

    #[test]
    fn criminals_are_an_actor_only_beside_a_collaboration_word() {
        const GANGS: &str = "entity/threat-actor/unnamed: ransomware gangs";
        const HACKERS: &str = "entity/threat-actor/unnamed: criminal hackers";
        check_labels(&[
            (
                "Moscow tolerated ransomware gangs as long as they avoided targets inside Russia.",
                &[GANGS, "relation/tolerated-by/unnamed: ransomware gangs -> RU"],
                &[],
            ),
            ("Many ransomware gangs are often recruited by Russia.", &[GANGS], &[]),
            ("Moscow tolerated and even protected ransomware gangs.", &[GANGS], &[]),
            (
                "Russia is recruiting cybercriminals, according to a report which said Iran \
                 had also turned to criminal hackers.",
                &[],
                &[HACKERS],
            ),
            ("Pyongyang hired developers while criminal hackers sold access.", &[], &[HACKERS]),
            (
                "The Kremlin recruited hackers, and criminal hackers then sold the data.",
                &[],
                &[HACKERS],
            ),
        ]);
    }

    #[test]
    fn a_country_joined_to_an_actor_by_a_new_clause_is_no_sponsor() {
        check_labels(&[
            (
                "Microsoft tracks the group as Mango Sandstorm and which US officials link to Iran.",
                &["location/sponsor/IR"],
                &["location/sponsor/US"],
            ),
            (
                "Mango Sandstorm and German researchers disagree on the timeline.",
                &[],
                &["location/sponsor/DE"],
            ),
            (
                "A new group dubbed Gold Lotus hit banks. Russia's Gold Lotus then hit Ukraine.",
                &["location/sponsor/RU", "location/victim/UA"],
                &[],
            ),
        ]);
    }

    #[test]
    fn a_country_that_reports_is_no_actor_sponsor_or_victim() {
        check_labels(&[
            (
                "Ukrainian researchers said hackers breached a power plant.",
                &[],
                &["location/sponsor/UA", "location/victim/UA", "location/origin/UA"],
            ),
            (
                "US officials said hackers stole data from Israeli banks.",
                &["location/victim/IL"],
                &["location/sponsor/US", "location/victim/US"],
            ),
            (
                "The wave was tied to Mint Sandstorm and British investigators said it hit \
                 Israeli universities.",
                &["location/sponsor/IR", "location/victim/IL"],
                &["location/victim/GB", "location/sponsor/GB"],
            ),
            (
                "The Israeli cybersecurity firm Check Point said Iranian hackers targeted \
                 Albanian government networks.",
                &["location/sponsor/IR", "location/victim/AL"],
                &["location/victim/IL"],
            ),
            (
                "Japanese police said North Korean hackers stole $308 million from an exchange.",
                &["location/sponsor/KP"],
                &["location/victim/JP"],
            ),
            // A reporter that speaks of itself may be the victim.
            (
                "A German firm said it was hit by ransomware on Monday.",
                &["location/victim/DE"],
                &[],
            ),
            (
                "A German company said hackers had encrypted its servers in a ransomware attack.",
                &["location/victim/DE"],
                &[],
            ),
            (
                "Ukraine's intelligence services said Russian hackers hit the power grid.",
                &["location/sponsor/RU", "sector/sector/energy"],
                &["location/sponsor/UA"],
            ),
            (
                "Israel's National Cyber Directorate said Iranian hackers hit water utilities.",
                &["location/sponsor/IR"],
                &["location/victim/IL", "location/sponsor/IL"],
            ),
            (
                "Officials in Germany said Russian hackers breached the Bundestag.",
                &["location/sponsor/RU"],
                &["location/victim/DE"],
            ),
            (
                "Officials in the Netherlands said the city did not pay the ransom.",
                &[],
                &["location/victim/NL"],
            ),
            (
                "China's foreign ministry said, as usual, that the US hacks others.",
                &[],
                &["sector/sector/government-national"],
            ),
            // The reporter speaks after the clause: the country before the comma is the victim.
            (
                "Hackers breached the Israeli defense ministry, officials said.",
                &["location/victim/IL", "sector/sector/defense"],
                &[],
            ),
            (
                "Russia's intelligence services recruited ransomware gangs.",
                &["location/sponsor/RU"],
                &[],
            ),
            (
                "APT28, which the US and UK governments link to Russia's GRU, hit logistics firms.",
                &["location/sponsor/RU", "sector/sector/transportation"],
                &["location/victim/GB", "location/victim/US", "sector/sector/government-national"],
            ),
            (
                "The Russian government denied the allegations and called them baseless.",
                &[],
                &["sector/sector/government-national"],
            ),
            // Reporter nouns without a speech verb keep their role.
            ("Hackers targeted Ukrainian officials with spyware.", &["location/victim/UA"], &[]),
            (
                "US officials said, citing no evidence, that hackers hit Israeli banks.",
                &[],
                &["location/victim/US"],
            ),
            ("Russian intelligence services hired criminals.", &["location/sponsor/RU"], &[]),
            (
                "Russian officials recruited ransomware gangs for sabotage.",
                &["entity/threat-actor/unnamed: ransomware gangs", "location/sponsor/RU"],
                &["location/origin/RU"],
            ),
        ]);
        // No actor phrase runs through a reporter or a verb.
        for text in [
            "Ukrainian researchers said hackers breached a power plant.",
            "Russian officials recruited ransomware gangs for sabotage.",
        ] {
            let x = crate::extract_text(text, &Lexicon::builtin());
            let names: Vec<&str> = x
                .items
                .iter()
                .filter_map(|f| match f {
                    Finding::Entity(e) => Some(e.name.as_str()),
                    _ => None,
                })
                .collect();
            assert!(
                names.iter().all(|n| !n.contains("said") && !n.contains("recruited")),
                "{names:?}"
            );
        }
    }

    #[test]
    fn a_sector_keyword_in_a_set_phrase_names_no_sector() {
        const DEF: &str = "sector/sector/defense";
        const FIN: &str = "sector/sector/financial-services";
        check_labels(&[
            ("The loader uses defense evasion techniques such as process hollowing.", &[], &[DEF]),
            ("The implant ships with military-grade encryption.", &[], &[DEF]),
            ("Network defense teams should hunt for the beacon.", &[], &[DEF]),
            ("Patching is the first line of defense against ransomware.", &[], &[DEF]),
            ("The group banks on speed, encrypting networks within hours.", &[], &[FIN]),
            ("Hackers breached the Department of Defense.", &[DEF], &[]),
            ("The gang hit a defense firm in Virginia.", &[DEF], &[]),
            ("Attackers targeted the ministry of defence in Kyiv.", &[DEF], &[]),
            ("Hackers hit banks on three continents.", &[FIN], &[]),
            ("Hackers breached military networks in Taiwan.", &[DEF], &[]),
        ]);
    }

    #[test]
    fn a_country_adjective_before_an_attack_may_name_the_attacker() {
        check_labels(&[
            (
                "Russian attacks on Ukrainian banks rose sharply.",
                &["location/victim/UA"],
                &["location/victim/RU"],
            ),
            (
                "North Korean IT workers infiltrated American tech firms.",
                &["location/victim/US", "sector/sector/technology"],
                &["location/victim/KP"],
            ),
            ("German victims lost more than $10 million to hackers.", &["location/victim/DE"], &[]),
            (
                "It is the latest of many Iranian operations against Israel.",
                &["location/victim/IL"],
                &["location/victim/IR"],
            ),
            ("Attacks against Ukrainian targets rose.", &["location/victim/UA"], &[]),
            // An attack in an earlier clause makes no victim of a country in a later one.
            (
                "The gang hit Israel again, and US officials warned that Tehran is behind it.",
                &["location/victim/IL"],
                &["location/victim/IR", "location/victim/US"],
            ),
            (
                "Hackers hit banks in Germany, Austria and Italy.",
                &["location/victim/DE", "location/victim/AT", "location/victim/IT"],
                &[],
            ),
            ("Ukrainian organisations were hit by a new wiper.", &["location/victim/UA"], &[]),
            ("Ukrainian companies hit by the wiper lost data.", &["location/victim/UA"], &[]),
            (
                "Ukrainian companies targeted in the campaign lost data.",
                &["location/victim/UA"],
                &[],
            ),
            ("German firms attacked last year lost data.", &["location/victim/DE"], &[]),
            ("Israeli users were targeted with fake apps.", &["location/victim/IL"], &[]),
            (
                "Ukrainian organisations suffered attacks by a new wiper.",
                &["location/victim/UA"],
                &[],
            ),
        ]);
    }

    #[test]
    fn a_sector_word_used_as_a_figure_of_speech_names_no_sector() {
        check_labels(&[
            (
                "The group treats its leak site as a data bank and its affiliates as an army.",
                &[],
                &["sector/sector/financial-services", "sector/sector/defense"],
            ),
            ("Spammers rented an army of hijacked routers.", &[], &["sector/sector/defense"]),
            (
                "Phishing pages posing as a bank stole logins.",
                &[],
                &["sector/sector/financial-services"],
            ),
            (
                "Hackers targeted a hospital as well as a bank in Ukraine.",
                &["sector/sector/financial-services", "sector/sector/healthcare"],
                &[],
            ),
            ("Ransomware hit a university of 20,000 students.", &["sector/sector/education"], &[]),
            ("Hackers breached the Bank of Ireland.", &["sector/sector/financial-services"], &[]),
            ("The army said hackers hit its networks.", &["sector/sector/defense"], &[]),
        ]);
    }

    #[test]
    fn an_organisation_that_pays_in_an_extortion_report_is_a_victim() {
        const DE: &str = "location/victim/DE";
        check_labels(&[
            (
                "Ransomware hit hospitals. A German hospital paid €1.2 million in one case.",
                &[DE],
                &[],
            ),
            ("Ransomware hit Europe. A hospital in Germany paid the gang $2 million.", &[DE], &[]),
            (
                "Ransomware hit banks. A German bank paid a €5 million fine to regulators.",
                &[],
                &[DE],
            ),
            ("A German hospital paid €1.2 million for new scanners.", &[], &[DE]),
            (
                "The Canadian city paid a $500,000 ransom to regain its files.",
                &["location/victim/CA"],
                &[],
            ),
            (
                "A British retailer paid the ransom after the gang threatened to publish its files.",
                &["location/victim/GB", "activity/activity/data-theft-extortion"],
                &[],
            ),
            (
                "Russian hackers demanded a ransom, and a German court later paid tribute to the \
                 police.",
                &[],
                &["location/victim/DE"],
            ),
            (
                "The ransomware gang said a Russian broker paid $20,000 for access.",
                &[],
                &["location/victim/RU"],
            ),
            (
                "Ransomware gangs thrive. The State Department offered a $10 million reward \
                 for the leaders of a German gang.",
                &[],
                &[DE, "location/victim/US"],
            ),
        ]);
    }

    #[test]
    fn find_dash_is_str_find() {
        for t in
            ["KYIV - x", "-- a - b", "a -- b - c", "a-b - c", "- ", " -", "x --", "\u{e9} - x", ""]
        {
            for pat in [" - ", " -- "] {
                assert_eq!(find_dash(t, pat), t.find(pat), "{t:?} {pat:?}");
            }
        }
    }

    #[test]
    fn occurrences_match_one_search_per_name() {
        let text = "ABABAB ABA Gold Eagle and Gold; xGoldx AAAA AAA Operation Aurora, Aurora. \
                    G42G42G42 Name17 Name7 Name70";
        let mut list = vec!["ABAB", "ABA", "Gold Eagle", "Gold", "AAA", "Operation Aurora"];
        list.extend(["Aurora", "G42G42", "G42"]);
        // Past one group of 64 names.
        let numbered: Vec<String> = (0..150).map(|i| format!("Name{i}")).collect();
        list.extend(numbered.iter().map(String::as_str));
        for n in [3, 6, list.len()] {
            let names = names(list.get(..n).unwrap_or(&[]));
            assert_eq!(occurrences(text.as_bytes(), &names), per_name(text.as_bytes(), &names));
        }
    }
}
