//! Which log fields are hunted, and as what: the field mapping table (also in the crate docs).

/// What a log field holds, and so which STIX object paths its value is matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An address: `ipv4-addr:value` or `ipv6-addr:value` by family.
    Ip,
    /// A DNS name: `domain-name:value` (subdomains of indicator domains match).
    Domain,
    /// A name that may also be an address (SNI, DNS answers): addresses as [`Target::Ip`],
    /// names as [`Target::Domain`].
    IpOrDomain,
    /// The HTTP `Host`: hunted as [`Target::IpOrDomain`] and kept as the host of `url:value`.
    UrlHost,
    /// The HTTP request target: joined to the line's [`Target::UrlHost`] for `url:value`.
    UrlPath,
    /// A complete URL: `url:value`.
    Url,
    /// A hex file hash: `file:hashes.'MD5'`, `'SHA-1'` or `'SHA-256'` by length.
    Hash,
    /// `email-addr:value`.
    Email,
    /// The HTTP `User-Agent` request header.
    UserAgent,
    /// Typed by the value's shape (generic JSON lines and CSV): address, URL, hash, e-mail, domain.
    Auto,
}

/// Zeek fields (TSV column names, and the dotted keys of Zeek JSON), whatever the log's `#path`.
pub fn zeek_field(name: &[u8]) -> Option<Target> {
    Some(match name {
        b"id.orig_h" | b"id.resp_h" | b"tx_hosts" | b"rx_hosts" | b"src" | b"dst" | b"host_ip"
        | b"assigned_addr" => Target::Ip,
        b"query" | b"san.dns" => Target::Domain,
        b"answers" | b"server_name" => Target::IpOrDomain,
        b"host" => Target::UrlHost,
        b"uri" => Target::UrlPath,
        b"referrer" => Target::Url,
        b"user_agent" => Target::UserAgent,
        b"md5" | b"sha1" | b"sha256" => Target::Hash,
        b"mailfrom" | b"rcptto" => Target::Email,
        _ => return None,
    })
}

/// Suricata EVE keys, nested objects joined with `.`, arrays transparent (`dns.query[].rrname`
/// is `dns.query.rrname`).
pub fn eve_field(path: &[u8]) -> Option<Target> {
    Some(match path {
        b"src_ip" | b"dest_ip" => Target::Ip,
        b"dns.rrname" | b"dns.query.rrname" | b"dns.queries.rrname" | b"tls.sni" => Target::Domain,
        b"dns.answers.rdata" | b"dns.rdata" | b"dns.grouped.A" | b"dns.grouped.AAAA"
        | b"dns.grouped.CNAME" => Target::IpOrDomain,
        b"http.hostname" => Target::UrlHost,
        b"http.url" => Target::UrlPath,
        b"http.http_refer" => Target::Url,
        b"http.http_user_agent" => Target::UserAgent,
        b"fileinfo.md5" | b"fileinfo.sha1" | b"fileinfo.sha256" => Target::Hash,
        b"smtp.mail_from" | b"smtp.rcpt_to" => Target::Email,
        _ => return None,
    })
}

/// Generic JSON keys and CSV column names: the last key component, by name.
pub fn generic_field(path: &[u8]) -> Option<Target> {
    let last = match memchr::memrchr(b'.', path) {
        Some(pos) => path.get(pos + 1..).unwrap_or(path),
        None => path,
    };
    let mut buf = [0u8; 32];
    if last.len() > buf.len() {
        return None;
    }
    let lower = &mut buf[..last.len()];
    lower.copy_from_slice(last);
    lower.make_ascii_lowercase();
    let lower: &[u8] = lower;
    // Exact names first: they say what the value is.
    let exact = match lower {
        b"url" | b"uri_full" | b"full_url" | b"referer" | b"referrer" => Some(Target::Url),
        b"md5" | b"sha1" | b"sha256" | b"sha-1" | b"sha-256" | b"hash" | b"filehash"
        | b"file_hash" => Some(Target::Hash),
        b"user_agent" | b"useragent" | b"user-agent" | b"http_user_agent" => {
            Some(Target::UserAgent)
        }
        b"email" | b"mail" | b"sender" | b"recipient" | b"mail_from" | b"rcpt_to" => {
            Some(Target::Email)
        }
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    const HINTS: [&[u8]; 19] = [
        b"ip",
        b"addr",
        b"src",
        b"dst",
        b"dest",
        b"source",
        b"destination",
        b"host",
        b"domain",
        b"query",
        b"qname",
        b"rrname",
        b"fqdn",
        b"sni",
        b"server",
        b"client",
        b"remote",
        b"url",
        b"hash",
    ];
    if HINTS.iter().any(|h| memchr::memmem::find(lower, h).is_some()) {
        Some(Target::Auto)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        type Map = fn(&[u8]) -> Option<Target>;
        let cases: [(&str, Map, Option<Target>); 12] = [
            ("id.resp_h", zeek_field, Some(Target::Ip)),
            ("query", zeek_field, Some(Target::Domain)),
            ("uid", zeek_field, None),
            ("dns.query.rrname", eve_field, Some(Target::Domain)),
            ("tls.sni", eve_field, Some(Target::Domain)),
            ("fileinfo.sha256", eve_field, Some(Target::Hash)),
            ("flow_id", eve_field, None),
            ("SrcIP", generic_field, Some(Target::Auto)),
            ("event.url", generic_field, Some(Target::Url)),
            ("SHA256", generic_field, Some(Target::Hash)),
            ("message", generic_field, None),
            ("dest_hostname", generic_field, Some(Target::Auto)),
        ];
        for (name, f, expected) in cases {
            assert_eq!(f(name.as_bytes()), expected, "{name}");
        }
    }
}
