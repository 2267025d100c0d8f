//! Indicators written for the tools SOCs run: Zeek Intel framework files, Suricata rules and
//! datasets, CSV, plain lists and STIX bundles. Pure functions from a list to text.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::index::{IndicatorIndex, IocType};

/// One indicator value to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportItem {
    pub kind: IocType,
    pub value: String,
    /// The STIX indicator id, when there is one.
    pub id: Option<String>,
    pub actor: Option<String>,
    pub description: Option<String>,
}

/// Every value of an index, as export items.
pub fn items_from_index(index: &IndicatorIndex) -> Vec<ExportItem> {
    index
        .iter()
        .map(|(kind, ind)| ExportItem {
            kind,
            value: ind.matched.to_string(),
            id: ind.id.as_deref().map(String::from),
            actor: ind.actor.as_deref().map(String::from),
            description: None,
        })
        .collect()
}

/// Zeek's Intel framework cannot hold tabs or newlines in a field; `-` means unset.
fn zeek_field(value: &str) -> String {
    let cleaned: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if cleaned.trim().is_empty() { "-".to_string() } else { cleaned }
}

/// A Zeek Intel framework file (`Intel::read_files`): `#fields indicator indicator_type
/// meta.source meta.desc`. URLs lose their scheme (Zeek matches `host/path`); CIDRs are
/// `Intel::SUBNET`; user agents `Intel::SOFTWARE`.
pub fn zeek_intel(items: &[ExportItem], source: &str) -> String {
    let mut out = String::from("#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n");
    for item in items {
        let (value, kind) = match item.kind {
            IocType::Ipv4 | IocType::Ipv6 => (item.value.clone(), "Intel::ADDR"),
            IocType::Ipv4Cidr | IocType::Ipv6Cidr => (item.value.clone(), "Intel::SUBNET"),
            IocType::Domain => (item.value.clone(), "Intel::DOMAIN"),
            IocType::Url => {
                // Zeek matches `host/path` as it rebuilds it from the request: no scheme, and
                // the host as the client wrote it (lower case in practice).
                let v = item.value.split_once("://").map_or(item.value.as_str(), |(_, rest)| rest);
                let (host, path) = v.split_at(v.find('/').unwrap_or(v.len()));
                (format!("{}{path}", host.to_ascii_lowercase()), "Intel::URL")
            }
            IocType::Md5 | IocType::Sha1 | IocType::Sha256 => {
                (item.value.clone(), "Intel::FILE_HASH")
            }
            IocType::Email => (item.value.clone(), "Intel::EMAIL"),
            IocType::UserAgent => (item.value.clone(), "Intel::SOFTWARE"),
        };
        let desc = match (&item.actor, &item.id, &item.description) {
            (_, _, Some(d)) => d.clone(),
            (Some(actor), Some(id), None) => format!("{actor} ({id})"),
            (Some(actor), None, None) => actor.clone(),
            (None, Some(id), None) => id.clone(),
            (None, None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "{}\t{kind}\t{}\t{}",
            zeek_field(&value),
            zeek_field(source),
            zeek_field(&desc)
        );
    }
    out
}

/// Escapes a `content:` string for Suricata: `"`, `;`, `\` and `|` as hex bytes.
fn suricata_content(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '"' => out.push_str("|22|"),
            ';' => out.push_str("|3B|"),
            '\\' => out.push_str("|5C|"),
            '|' => out.push_str("|7C|"),
            c if c.is_control() => {
                let _ = write!(out, "|{:02X}|", c as u32 & 0xff);
            }
            c => out.push(c),
        }
    }
    out
}

/// A host name as `content:`, its dots written `|2E|` so the rule text itself does not carry a
/// resolvable domain (suricata-check S406).
fn suricata_host(value: &str) -> String {
    suricata_content(value).replace('.', "|2E|")
}

/// A `msg:` text: no quotes, semicolons or backslashes.
fn suricata_msg(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if matches!(c, '"' | ';' | '\\') || c.is_control() { ' ' } else { c })
        .collect();
    // Defanged like a report would write it, so the message is no live indicator either.
    clean.replace('.', "[.]")
}

/// Suricata rules, one family per indicator type, sids from `sid_base` up:
/// domains as `dns.query`, `tls.sni` and `http.host` matches (`dotprefix` + `endswith`, so the
/// domain and its subdomains match but `notevil.example` does not), addresses as `ip` rules in both
/// directions, URLs as `http.host` + `http.uri`. Hashes and e-mail addresses are left to
/// [`suricata_datasets`] (file hash matching needs a list file).
pub fn suricata_rules(items: &[ExportItem], sid_base: u32) -> String {
    let mut out = String::new();
    let mut sid = sid_base;
    let mut rule = |out: &mut String, body: String| {
        let _ = writeln!(out, "{body} sid:{sid}; rev:1;)");
        sid = sid.wrapping_add(1);
    };
    for item in items {
        let label = match &item.actor {
            Some(actor) => format!("{} {}", suricata_msg(actor), suricata_msg(&item.value)),
            None => suricata_msg(&item.value),
        };
        match item.kind {
            IocType::Domain => {
                let dom = suricata_host(&item.value);
                rule(
                    &mut out,
                    format!(
                        "alert dns any any -> any any (msg:\"Cairn IOC DNS query {label}\"; dns.query; dotprefix; content:\"|2E|{dom}\"; nocase; endswith; classtype:trojan-activity;"
                    ),
                );
                rule(
                    &mut out,
                    format!(
                        "alert tls any any -> any any (msg:\"Cairn IOC TLS SNI {label}\"; flow:established,to_server; tls.sni; dotprefix; content:\"|2E|{dom}\"; nocase; endswith; classtype:trojan-activity;"
                    ),
                );
                rule(
                    &mut out,
                    format!(
                        "alert http any any -> any any (msg:\"Cairn IOC HTTP host {label}\"; flow:established,to_server; http.host; dotprefix; content:\"|2E|{dom}\"; endswith; classtype:trojan-activity;"
                    ),
                );
            }
            IocType::Ipv4 | IocType::Ipv4Cidr | IocType::Ipv6 | IocType::Ipv6Cidr => {
                rule(
                    &mut out,
                    format!(
                        "alert ip any any -> {} any (msg:\"Cairn IOC traffic to {label}\"; classtype:trojan-activity;",
                        item.value
                    ),
                );
                rule(
                    &mut out,
                    format!(
                        "alert ip {} any -> any any (msg:\"Cairn IOC traffic from {label}\"; classtype:trojan-activity;",
                        item.value
                    ),
                );
            }
            IocType::Url => {
                let rest = item.value.split_once("://").map_or(item.value.as_str(), |(_, r)| r);
                let (host, path) = match rest.find('/') {
                    Some(pos) => rest.split_at(pos),
                    None => (rest, "/"),
                };
                let host = host.to_ascii_lowercase();
                rule(
                    &mut out,
                    format!(
                        "alert http any any -> any any (msg:\"Cairn IOC URL {label}\"; flow:established,to_server; http.host; content:\"{}\"; bsize:{}; http.uri; content:\"{}\"; startswith; classtype:trojan-activity;",
                        suricata_host(&host),
                        host.len(),
                        suricata_content(path)
                    ),
                );
            }
            IocType::Md5
            | IocType::Sha1
            | IocType::Sha256
            | IocType::Email
            | IocType::UserAgent => {}
        }
    }
    out
}

/// Suricata dataset files and the rules that load them (Suricata's `dataset` keyword): `string`
/// sets hold base64-encoded values (domains for `dns.query`), `md5`/`sha256` sets hex hashes,
/// `ipv4` sets dotted quads. File hashes use `filemd5`/`filesha256` with the same hex lists.
/// Returns `(file name, content)` pairs and the rules text.
pub fn suricata_datasets(items: &[ExportItem], sid_base: u32) -> (Vec<(String, String)>, String) {
    let mut domains = String::new();
    let mut ipv4 = String::new();
    let mut md5 = String::new();
    let mut sha1 = String::new();
    let mut sha256 = String::new();
    for item in items {
        match item.kind {
            IocType::Domain => {
                domains.push_str(&base64(item.value.as_bytes()));
                domains.push('\n');
            }
            IocType::Ipv4 => {
                ipv4.push_str(&item.value);
                ipv4.push('\n');
            }
            IocType::Md5 => {
                md5.push_str(&item.value);
                md5.push('\n');
            }
            IocType::Sha1 => {
                sha1.push_str(&item.value);
                sha1.push('\n');
            }
            IocType::Sha256 => {
                sha256.push_str(&item.value);
                sha256.push('\n');
            }
            _ => {}
        }
    }
    let mut files = Vec::new();
    let mut rules = String::new();
    let mut sid = sid_base;
    let mut add = |files: &mut Vec<(String, String)>,
                   rules: &mut String,
                   name: &str,
                   content: String,
                   rule: String| {
        if content.is_empty() {
            return;
        }
        files.push((name.to_string(), content));
        let _ = writeln!(rules, "{rule} sid:{sid}; rev:1;)");
        sid = sid.wrapping_add(1);
    };
    add(
        &mut files,
        &mut rules,
        "cairn-domains.lst",
        domains,
        "alert dns any any -> any any (msg:\"Cairn IOC DNS query in dataset\"; dns.query; dataset:isset,cairn-domains,type string,load cairn-domains.lst; classtype:trojan-activity;".into(),
    );
    add(
        &mut files,
        &mut rules,
        "cairn-ipv4.lst",
        ipv4,
        "alert ip any any -> any any (msg:\"Cairn IOC destination address in dataset\"; ip.dst; dataset:isset,cairn-ipv4,type ipv4,load cairn-ipv4.lst; classtype:trojan-activity;".into(),
    );
    add(&mut files, &mut rules, "cairn-md5.lst", md5, "alert http any any -> any any (msg:\"Cairn IOC file MD5\"; filemd5:cairn-md5.lst; classtype:trojan-activity;".into());
    add(&mut files, &mut rules, "cairn-sha1.lst", sha1, "alert http any any -> any any (msg:\"Cairn IOC file SHA-1\"; filesha1:cairn-sha1.lst; classtype:trojan-activity;".into());
    add(
        &mut files,
        &mut rules,
        "cairn-sha256.lst",
        sha256,
        "alert http any any -> any any (msg:\"Cairn IOC file SHA-256\"; filesha256:cairn-sha256.lst; classtype:trojan-activity;".into(),
    );
    (files, rules)
}

/// Standard base64 with padding (Suricata's dataset `string` encoding).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |i: u32| char::from(ALPHABET.get((i & 63) as usize).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// `type,value,indicator,actor,description` with a header line.
pub fn csv(items: &[ExportItem]) -> String {
    let mut out = String::from("type,value,indicator,actor,description\n");
    for i in items {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            i.kind.as_str(),
            csv_field(&i.value),
            csv_field(i.id.as_deref().unwrap_or("")),
            csv_field(i.actor.as_deref().unwrap_or("")),
            csv_field(i.description.as_deref().unwrap_or(""))
        );
    }
    out
}

/// One value a line.
pub fn plain(items: &[ExportItem]) -> String {
    let mut out = String::new();
    for i in items {
        out.push_str(&i.value.replace(['\n', '\r'], " "));
        out.push('\n');
    }
    out
}

/// A STIX pattern for one value.
pub fn stix_pattern(kind: IocType, value: &str) -> String {
    let lit = value.replace('\\', "\\\\").replace('\'', "\\'");
    match kind {
        IocType::Ipv4Cidr | IocType::Ipv6Cidr => format!("[{} ISSUBSET '{lit}']", kind.path()),
        _ => format!("[{} = '{lit}']", kind.path()),
    }
}

/// Namespace of the ids Cairn derives for exported objects (UUIDv5 over the value).
const EXPORT_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6f1c_2a53_9b0e_4f7a_8d24_3c5e_7a90_b1d2);

/// A STIX 2.1 bundle: one indicator per item (its own id kept, or derived from the value), an
/// intrusion set per actor, and `indicates` relationships between them. `created` is `now`
/// (an RFC 3339 timestamp the caller supplies, so the output is reproducible).
pub fn stix_bundle(items: &[ExportItem], now: &str) -> Value {
    let id = |ty: &str, name: &str| {
        format!(
            "{ty}--{}",
            uuid::Uuid::new_v5(&EXPORT_NAMESPACE, format!("{ty}|{name}").as_bytes()).hyphenated()
        )
    };
    let mut objects = Vec::new();
    let mut actors: Vec<&str> = Vec::new();
    for item in items {
        // Observables hunted from reports carry their SCO id: their indicator gets its own.
        let ind_id =
            item.id.clone().filter(|i| i.starts_with("indicator--")).unwrap_or_else(|| {
                id("indicator", &format!("{}|{}", item.kind.as_str(), item.value))
            });
        objects.push(json!({
            "type": "indicator", "spec_version": "2.1", "id": ind_id, "created": now, "modified": now,
            "name": item.value, "indicator_types": ["malicious-activity"],
            "description": item.description.clone().unwrap_or_else(|| format!("{} exported by Cairn", item.kind.as_str())),
            "pattern": stix_pattern(item.kind, &item.value), "pattern_type": "stix", "valid_from": now,
        }));
        if let Some(actor) = &item.actor {
            let actor_id = id("intrusion-set", actor);
            if !actors.contains(&actor.as_str()) {
                actors.push(actor);
                objects.push(json!({"type": "intrusion-set", "spec_version": "2.1", "id": actor_id, "created": now, "modified": now, "name": actor}));
            }
            objects.push(json!({
                "type": "relationship", "spec_version": "2.1", "id": id("relationship", &format!("{ind_id}|{actor_id}")),
                "created": now, "modified": now, "relationship_type": "indicates", "source_ref": ind_id, "target_ref": actor_id,
            }));
        }
    }
    json!({"type": "bundle", "id": id("bundle", &format!("{now}|{}", items.len())), "objects": objects})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: IocType, value: &str) -> ExportItem {
        ExportItem {
            kind,
            value: value.into(),
            id: None,
            actor: Some("APT Example".into()),
            description: None,
        }
    }

    #[test]
    fn zeek_intel_file() {
        let items = [
            item(IocType::Url, "http://evil.example/a"),
            item(IocType::Ipv4Cidr, "10.0.0.0/8"),
            item(IocType::Md5, "d41d8cd98f00b204e9800998ecf8427e"),
        ];
        assert_eq!(
            zeek_intel(&items, "cairn"),
            "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\nevil.example/a\tIntel::URL\tcairn\tAPT Example\n10.0.0.0/8\tIntel::SUBNET\tcairn\tAPT Example\nd41d8cd98f00b204e9800998ecf8427e\tIntel::FILE_HASH\tcairn\tAPT Example\n"
        );
    }

    #[test]
    fn suricata() {
        let rules = suricata_rules(&[item(IocType::Domain, "evil.example")], 9_000_000);
        assert!(rules.starts_with("alert dns any any -> any any (msg:\"Cairn IOC DNS query APT Example evil[.]example\"; dns.query; dotprefix; content:\"|2E|evil|2E|example\"; nocase; endswith; classtype:trojan-activity; sid:9000000; rev:1;)\n"));
        assert_eq!(rules.lines().count(), 3);
        let (files, rules) = suricata_datasets(
            &[item(IocType::Domain, "evil.example"), item(IocType::Sha256, &"a".repeat(64))],
            1,
        );
        assert_eq!(
            files.first().map(|(n, c)| (n.as_str(), c.as_str())),
            Some(("cairn-domains.lst", "ZXZpbC5leGFtcGxl\n"))
        );
        assert_eq!(rules.lines().count(), 2);
    }

    #[test]
    fn base64_padding() {
        for (input, expected) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")]
        {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn stix_round_trips_through_the_loader() {
        let items = [
            item(IocType::Domain, "evil.example"),
            item(IocType::Ipv4Cidr, "10.0.0.0/8"),
            item(IocType::Url, "http://a.example/it's"),
        ];
        let bundle = stix_bundle(&items, "2026-11-23T00:00:00.000Z");
        let mut b = crate::IndexBuilder::new();
        let skipped = crate::indicators::load_stix(&bundle, &mut b);
        assert!(skipped.is_empty(), "{skipped:?}");
        let back: Vec<(IocType, String, Option<String>)> = b
            .build()
            .iter()
            .map(|(k, i)| (k, i.matched.to_string(), i.actor.as_deref().map(String::from)))
            .collect();
        let want: Vec<(IocType, String, Option<String>)> =
            items.iter().map(|i| (i.kind, i.value.clone(), i.actor.clone())).collect();
        assert_eq!(back, want);
    }

    #[test]
    fn stix_bundle_is_valid_stix() {
        let items = [
            item(IocType::Domain, "evil.example"),
            item(IocType::Sha256, &"a".repeat(64)),
            item(IocType::Ipv6Cidr, "2001:db8::/32"),
        ];
        let bundle = stix_bundle(&items, "2026-11-23T00:00:00.000Z");
        let options = stix::validate::Options { enforce_refs: true, ..Default::default() };
        let diags = stix::validate::validate_value(&bundle, &options);
        // Warnings allowed: the ids are UUIDv5 on purpose (re-exports give the same ids).
        let found: Vec<String> = diags
            .iter()
            .filter(|d| d.severity == stix::validate::Severity::Error || d.code != "103")
            .map(|d| format!("{} {} {}", d.code, d.path, d.message))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
