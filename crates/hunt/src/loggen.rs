//! A deterministic generator of realistic Zeek (conn, dns, http, ssl, files; TSV) and Suricata
//! EVE logs with planted indicator hits, for tests and benchmarks.
//!
//! Background values and indicators are drawn from disjoint spaces, so the only hits in the logs
//! are the planted ones: the ground truth is exact.
//!
//! | what | background | indicators |
//! |---|---|---|
//! | IPv4 | first octet 1–99, 10, 172.16/12, 192.168/16 | exact: 150–169; CIDR /24: 180–191; CIDR /16: 200–209 |
//! | domains | `.com .net .org .io` | `.xyz .top .biz .info` (hits: the domain or `www.` under it) |
//! | URLs | background hosts | hosts under `.click` |
//! | hashes | random | random (MD5, SHA-1 and SHA-256) |

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// splitmix64: small, fast, good enough for test data, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len() as u64) as usize).copied().unwrap_or("")
    }
    fn hex(&mut self, len: usize, out: &mut String) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for _ in 0..len {
            out.push(char::from(HEX.get(self.below(16) as usize).copied().unwrap_or(b'0')));
        }
    }
}

const WORDS: &[&str] = &[
    "alpha", "bravo", "cloud", "delta", "echo", "fox", "gamma", "harbor", "iris", "jade", "kilo",
    "lima", "metro", "nova", "orbit", "pixel", "quartz", "river", "sierra", "tango", "ultra",
    "vector", "willow", "xenon", "yankee", "zephyr", "static", "media", "update", "portal", "mail",
    "shop",
];
const GOOD_TLDS: &[&str] = &["com", "net", "org", "io"];
const BAD_TLDS: &[&str] = &["xyz", "top", "biz", "info"];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "curl/8.4.0",
    "Microsoft-CryptoAPI/10.0",
];

/// One generated indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenIndicator {
    Ipv4(u32),
    Cidr(u32, u8),
    Domain(String),
    Url { host: String, path: String },
    Hash(String),
}

impl GenIndicator {
    /// As written to the indicators file (and as a hit's `matched`).
    pub fn text(&self) -> String {
        match self {
            GenIndicator::Ipv4(ip) => ipv4(*ip),
            GenIndicator::Cidr(net, len) => format!("{}/{len}", ipv4(*net)),
            GenIndicator::Domain(d) => d.clone(),
            GenIndicator::Url { host, path } => format!("http://{host}{path}"),
            GenIndicator::Hash(h) => h.clone(),
        }
    }
}

fn ipv4(ip: u32) -> String {
    std::net::Ipv4Addr::from(ip).to_string()
}

/// `n` indicators: 30% IPv4, 5% CIDR, 35% domains, 15% URLs, 15% hashes.
pub fn indicators(seed: u64, n: usize) -> Vec<GenIndicator> {
    let mut rng = Rng::new(seed.wrapping_add(1));
    let mut out = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::with_capacity(n);
    while out.len() < n {
        let roll = rng.below(100);
        let r = rng.next_u64();
        let ind = if roll < 30 {
            GenIndicator::Ipv4(((150 + (r % 20) as u32) << 24) | ((r >> 8) as u32 & 0x00ff_ffff))
        } else if roll < 35 {
            if r & 1 == 0 {
                GenIndicator::Cidr(
                    ((180 + ((r >> 1) % 12) as u32) << 24) | ((r >> 8) as u32 & 0x00ff_ff00),
                    24,
                )
            } else {
                GenIndicator::Cidr(
                    ((200 + ((r >> 1) % 10) as u32) << 24) | ((r >> 8) as u32 & 0x00ff_0000),
                    16,
                )
            }
        } else if roll < 70 {
            let mut d = String::new();
            d.push_str(rng.pick(WORDS));
            rng.hex(6, &mut d);
            d.push('.');
            d.push_str(rng.pick(BAD_TLDS));
            GenIndicator::Domain(d)
        } else if roll < 85 {
            let mut host = String::new();
            host.push_str(rng.pick(WORDS));
            rng.hex(6, &mut host);
            host.push_str(".click");
            let mut path = format!("/{}/", rng.pick(WORDS));
            rng.hex(8, &mut path);
            path.push_str(".php?id=");
            let _ = write!(path, "{}", rng.below(1000));
            GenIndicator::Url { host, path }
        } else {
            let mut h = String::new();
            let len = [32, 40, 64].get(rng.below(3) as usize).copied().unwrap_or(64);
            rng.hex(len, &mut h);
            GenIndicator::Hash(h)
        };
        // /16 networks are few: the same network drawn twice would be one indicator twice.
        if seen.insert(ind.text()) {
            out.push(ind);
        }
    }
    out
}

/// A planted hit: where it is and which indicator it matches.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Planted {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub value: String,
    pub matched: String,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    /// Total size of the logs, about.
    pub bytes: u64,
    /// Indicators written to `indicators.txt`.
    pub indicators: usize,
    /// Planted hits over all logs.
    pub planted: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Log {
    Conn,
    Dns,
    Http,
    Ssl,
    Files,
    Eve,
}

impl Log {
    fn file(self) -> &'static str {
        match self {
            Log::Conn => "conn.log",
            Log::Dns => "dns.log",
            Log::Http => "http.log",
            Log::Ssl => "ssl.log",
            Log::Files => "files.log",
            Log::Eve => "eve.json",
        }
    }
    /// Share of the total size, in percent.
    fn share(self) -> u64 {
        match self {
            Log::Conn => 30,
            Log::Dns => 20,
            Log::Http => 15,
            Log::Ssl => 10,
            Log::Files => 5,
            Log::Eve => 20,
        }
    }
    fn fields(self) -> &'static str {
        match self {
            Log::Conn => {
                "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents"
            }
            Log::Dns => {
                "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected"
            }
            Log::Http => {
                "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod\thost\turi\treferrer\tversion\tuser_agent\trequest_body_len\tresponse_body_len\tstatus_code\tstatus_msg\ttags\torig_fuids\tresp_fuids\tresp_mime_types"
            }
            Log::Ssl => {
                "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tcurve\tserver_name\tresumed\tlast_alert\tnext_protocol\testablished\tssl_history"
            }
            Log::Files => {
                "ts\tfuid\ttx_hosts\trx_hosts\tconn_uids\tsource\tdepth\tanalyzers\tmime_type\tfilename\tduration\tlocal_orig\tis_orig\tseen_bytes\ttotal_bytes\tmissing_bytes\toverflow_bytes\ttimedout\tparent_fuid\tmd5\tsha1\tsha256\textracted"
            }
            Log::Eve => "",
        }
    }
    fn path(self) -> &'static str {
        match self {
            Log::Conn => "conn",
            Log::Dns => "dns",
            Log::Http => "http",
            Log::Ssl => "ssl",
            Log::Files => "files",
            Log::Eve => "eve",
        }
    }
}

/// What a line carries as its planted value.
#[derive(Debug, Clone)]
enum Plant {
    Ip(u32),
    Domain(String),
    Url(String, String),
    Hash(String),
}

struct Gen {
    rng: Rng,
    line: String,
}

impl Gen {
    fn bg_ip(&mut self) -> u32 {
        let r = self.rng.next_u64();
        match r % 4 {
            0 => (10 << 24) | ((r >> 8) as u32 & 0x00ff_ffff),
            1 => (192 << 24) | (168 << 16) | ((r >> 8) as u32 & 0xffff),
            2 => (172 << 24) | (16 << 16) | ((r >> 8) as u32 & 0x000f_ffff),
            _ => ((1 + ((r >> 2) % 99) as u32) << 24) | ((r >> 8) as u32 & 0x00ff_ffff),
        }
    }
    fn bg_domain(&mut self, out: &mut String) {
        let sub = self.rng.pick(&["www", "api", "cdn", "static", "mail", "login"]);
        let word = self.rng.pick(WORDS);
        let n = self.rng.below(5000);
        let tld = self.rng.pick(GOOD_TLDS);
        let _ = write!(out, "{sub}.{word}{n}.{tld}");
    }
    fn uid(&mut self, prefix: char, out: &mut String) {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        out.push(prefix);
        for _ in 0..17 {
            out.push(char::from(
                ALNUM.get(self.rng.below(ALNUM.len() as u64) as usize).copied().unwrap_or(b'x'),
            ));
        }
    }

    /// Writes one line of `log` into `self.line`; returns the planted field and value.
    fn line(&mut self, log: Log, n: u64, plant: Option<&Plant>) -> Option<(String, String)> {
        let mut l = std::mem::take(&mut self.line);
        l.clear();
        let ts = 1_700_000_000.0 + n as f64 * 0.013;
        let orig = ipv4(self.bg_ip());
        let oport = 1024 + self.rng.below(60000);
        let mut planted = None;
        let resp = match plant {
            Some(Plant::Ip(ip)) => {
                let v = ipv4(*ip);
                planted = Some((
                    if log == Log::Eve { "dest_ip" } else { "id.resp_h" }.to_string(),
                    v.clone(),
                ));
                v
            }
            _ => ipv4(self.bg_ip()),
        };
        let rport =
            *[53u64, 80, 443, 8080, 22, 123].get(self.rng.below(6) as usize).unwrap_or(&443);
        let mut uid = String::new();
        self.uid('C', &mut uid);
        match log {
            Log::Conn => {
                let (ob, rb) = (self.rng.below(100_000), self.rng.below(1_000_000));
                let _ = write!(
                    l,
                    "{ts:.6}\t{uid}\t{orig}\t{oport}\t{resp}\t{rport}\ttcp\t{}\t{:.6}\t{ob}\t{rb}\tSF\tT\tF\t0\tShADadFf\t{}\t{}\t{}\t{}\t-",
                    self.rng.pick(&["http", "ssl", "dns", "-"]),
                    self.rng.below(100_000) as f64 / 1000.0,
                    ob / 500 + 3,
                    ob + 200,
                    rb / 1400 + 3,
                    rb + 200
                );
            }
            Log::Dns => {
                let mut q = String::new();
                match plant {
                    Some(Plant::Domain(d)) => {
                        q.push_str(d);
                        planted = Some(("query".to_string(), q.clone()));
                    }
                    _ => self.bg_domain(&mut q),
                }
                let a1 = ipv4(self.bg_ip());
                let a2 = ipv4(self.bg_ip());
                let _ = write!(
                    l,
                    "{ts:.6}\t{uid}\t{orig}\t{oport}\t{resp}\t53\tudp\t{}\t0.0{}\t{q}\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t{a1},{a2}\t300.000000,300.000000\tF",
                    self.rng.below(65536),
                    self.rng.below(99999)
                );
            }
            Log::Http => {
                let mut host = String::new();
                let mut uri = String::new();
                match plant {
                    Some(Plant::Url(h, p)) => {
                        host.push_str(h);
                        uri.push_str(p);
                        planted = Some(("host+uri".to_string(), format!("{h}{p}")));
                    }
                    Some(Plant::Domain(d)) => {
                        host.push_str(d);
                        uri.push_str("/index.html");
                        planted = Some(("host".to_string(), d.clone()));
                    }
                    _ => {
                        self.bg_domain(&mut host);
                        let _ = write!(
                            uri,
                            "/{}/{}.js?v={}",
                            self.rng.pick(WORDS),
                            self.rng.pick(WORDS),
                            self.rng.below(100)
                        );
                    }
                }
                let mut fuid = String::new();
                self.uid('F', &mut fuid);
                let agent = self.rng.pick(AGENTS);
                let _ = write!(
                    l,
                    "{ts:.6}\t{uid}\t{orig}\t{oport}\t{resp}\t80\t1\tGET\t{host}\t{uri}\t-\t1.1\t{agent}\t0\t{}\t200\tOK\t(empty)\t-\t{fuid}\ttext/html",
                    self.rng.below(50_000)
                );
            }
            Log::Ssl => {
                let mut sni = String::new();
                match plant {
                    Some(Plant::Domain(d)) => {
                        sni.push_str(d);
                        planted = Some(("server_name".to_string(), sni.clone()));
                    }
                    _ => self.bg_domain(&mut sni),
                }
                let _ = write!(
                    l,
                    "{ts:.6}\t{uid}\t{orig}\t{oport}\t{resp}\t443\tTLSv13\tTLS_AES_128_GCM_SHA256\tx25519\t{sni}\tF\t-\th2\tT\tCsiI"
                );
            }
            Log::Files => {
                let mut md5 = String::new();
                let mut sha1 = String::new();
                let mut sha256 = String::new();
                self.rng.hex(32, &mut md5);
                self.rng.hex(40, &mut sha1);
                self.rng.hex(64, &mut sha256);
                if let Some(Plant::Hash(h)) = plant {
                    let field = match h.len() {
                        32 => {
                            md5 = h.clone();
                            "md5"
                        }
                        40 => {
                            sha1 = h.clone();
                            "sha1"
                        }
                        _ => {
                            sha256 = h.clone();
                            "sha256"
                        }
                    };
                    planted = Some((field.to_string(), h.clone()));
                }
                let mut fuid = String::new();
                self.uid('F', &mut fuid);
                let _ = write!(
                    l,
                    "{ts:.6}\t{fuid}\t{resp}\t{orig}\t{uid}\tHTTP\t0\tMD5,SHA1,SHA256\tapplication/x-dosexec\t-\t0.001\tF\tF\t{}\t-\t0\t0\tF\t-\t{md5}\t{sha1}\t{sha256}\t-",
                    self.rng.below(5_000_000)
                );
            }
            Log::Eve => {
                let flow = self.rng.next_u64() >> 12;
                let head = format!(
                    "{{\"timestamp\":\"2026-11-23T10:{:02}:{:02}.{:06}+0000\",\"flow_id\":{flow},\"in_iface\":\"eth0\",",
                    (n / 60_000) % 60,
                    (n / 1000) % 60,
                    n % 1_000_000
                );
                l.push_str(&head);
                let kind = match plant {
                    Some(Plant::Domain(_)) => self.rng.below(2),
                    Some(Plant::Url(..)) => 2,
                    Some(Plant::Hash(_)) => 3,
                    _ => self.rng.below(5),
                };
                let proto = if kind == 0 { "UDP" } else { "TCP" };
                let dport = match kind {
                    0 => 53,
                    2 | 3 => 80,
                    _ => 443,
                };
                let _ = write!(
                    l,
                    "\"src_ip\":\"{orig}\",\"src_port\":{oport},\"dest_ip\":\"{resp}\",\"dest_port\":{dport},\"proto\":\"{proto}\","
                );
                match kind {
                    0 => {
                        let mut q = String::new();
                        match plant {
                            Some(Plant::Domain(d)) => {
                                q.push_str(d);
                                planted = Some(("dns.rrname".to_string(), q.clone()));
                            }
                            _ => self.bg_domain(&mut q),
                        }
                        let _ = write!(
                            l,
                            "\"event_type\":\"dns\",\"dns\":{{\"type\":\"query\",\"id\":{},\"rrname\":\"{q}\",\"rrtype\":\"A\",\"tx_id\":0}}}}",
                            self.rng.below(65536)
                        );
                    }
                    1 => {
                        let mut sni = String::new();
                        match plant {
                            Some(Plant::Domain(d)) => {
                                sni.push_str(d);
                                planted = Some(("tls.sni".to_string(), sni.clone()));
                            }
                            _ => self.bg_domain(&mut sni),
                        }
                        let _ = write!(
                            l,
                            "\"event_type\":\"tls\",\"tls\":{{\"subject\":\"CN={sni}\",\"issuerdn\":\"CN=R3, O=Let's Encrypt, C=US\",\"sni\":\"{sni}\",\"version\":\"TLS 1.3\"}}}}"
                        );
                    }
                    2 => {
                        let mut host = String::new();
                        let mut url = String::new();
                        match plant {
                            Some(Plant::Url(h, p)) => {
                                host.push_str(h);
                                url.push_str(p);
                                planted =
                                    Some(("http.hostname+http.url".to_string(), format!("{h}{p}")));
                            }
                            _ => {
                                self.bg_domain(&mut host);
                                let _ = write!(
                                    url,
                                    "/{}/{}.css",
                                    self.rng.pick(WORDS),
                                    self.rng.below(1000)
                                );
                            }
                        }
                        let agent = self.rng.pick(AGENTS);
                        let _ = write!(
                            l,
                            "\"event_type\":\"http\",\"tx_id\":0,\"http\":{{\"hostname\":\"{host}\",\"url\":\"{url}\",\"http_user_agent\":\"{agent}\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":{}}}}}",
                            self.rng.below(100_000)
                        );
                    }
                    3 => {
                        let mut md5 = String::new();
                        let mut sha256 = String::new();
                        let mut sha1 = String::new();
                        self.rng.hex(32, &mut md5);
                        self.rng.hex(40, &mut sha1);
                        self.rng.hex(64, &mut sha256);
                        if let Some(Plant::Hash(h)) = plant {
                            let field = match h.len() {
                                32 => {
                                    md5 = h.clone();
                                    "fileinfo.md5"
                                }
                                40 => {
                                    sha1 = h.clone();
                                    "fileinfo.sha1"
                                }
                                _ => {
                                    sha256 = h.clone();
                                    "fileinfo.sha256"
                                }
                            };
                            planted = Some((field.to_string(), h.clone()));
                        }
                        let _ = write!(
                            l,
                            "\"event_type\":\"fileinfo\",\"fileinfo\":{{\"filename\":\"/{}.exe\",\"magic\":\"PE32 executable\",\"state\":\"CLOSED\",\"md5\":\"{md5}\",\"sha1\":\"{sha1}\",\"sha256\":\"{sha256}\",\"stored\":false,\"size\":{},\"tx_id\":0}}}}",
                            self.rng.pick(WORDS),
                            self.rng.below(5_000_000)
                        );
                    }
                    _ => {
                        let _ = write!(
                            l,
                            "\"event_type\":\"flow\",\"flow\":{{\"pkts_toserver\":{},\"pkts_toclient\":{},\"bytes_toserver\":{},\"bytes_toclient\":{},\"start\":\"2026-11-23T10:00:00.000000+0000\",\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":false}}}}",
                            self.rng.below(100),
                            self.rng.below(100),
                            self.rng.below(100_000),
                            self.rng.below(1_000_000)
                        );
                    }
                }
            }
        }
        l.push('\n');
        self.line = l;
        planted
    }
}

/// Which logs an indicator can be planted in.
fn plant_for(ind: &GenIndicator, rng: &mut Rng) -> (Log, Plant) {
    match ind {
        GenIndicator::Ipv4(ip) => {
            (if rng.below(2) == 0 { Log::Conn } else { Log::Eve }, Plant::Ip(*ip))
        }
        GenIndicator::Cidr(net, len) => {
            let host = (rng.next_u64() as u32) & !(u32::MAX << (32 - u32::from(*len)));
            (if rng.below(2) == 0 { Log::Conn } else { Log::Eve }, Plant::Ip(net | host))
        }
        GenIndicator::Domain(d) => {
            let value = if rng.below(2) == 0 { d.clone() } else { format!("www.{d}") };
            let log = [Log::Dns, Log::Ssl, Log::Http, Log::Eve]
                .get(rng.below(4) as usize)
                .copied()
                .unwrap_or(Log::Dns);
            (log, Plant::Domain(value))
        }
        GenIndicator::Url { host, path } => (
            if rng.below(2) == 0 { Log::Http } else { Log::Eve },
            Plant::Url(host.clone(), path.clone()),
        ),
        GenIndicator::Hash(h) => {
            (if rng.below(2) == 0 { Log::Files } else { Log::Eve }, Plant::Hash(h.clone()))
        }
    }
}

/// Writes the logs, `indicators.txt` and `planted.jsonl` (the ground truth) into `dir`.
pub fn generate(dir: &Path, config: &Config) -> io::Result<Vec<Planted>> {
    std::fs::create_dir_all(dir)?;
    let inds = indicators(config.seed, config.indicators);
    {
        let mut w = BufWriter::new(File::create(dir.join("indicators.txt"))?);
        for ind in &inds {
            writeln!(w, "{}", ind.text())?;
        }
        w.flush()?;
    }
    let mut rng = Rng::new(config.seed.wrapping_add(2));
    let logs = [Log::Conn, Log::Dns, Log::Http, Log::Ssl, Log::Files, Log::Eve];
    // Planted values per log, in a random order.
    let mut per_log: Vec<Vec<(Plant, String)>> = vec![Vec::new(); logs.len()];
    if !inds.is_empty() {
        for _ in 0..config.planted {
            let ind =
                inds.get(rng.below(inds.len() as u64) as usize).unwrap_or(&GenIndicator::Ipv4(0));
            let (log, plant) = plant_for(ind, &mut rng);
            if let Some(list) = logs.iter().position(|l| *l == log).and_then(|i| per_log.get_mut(i))
            {
                list.push((plant, ind.text()));
            }
        }
    }
    let mut planted = Vec::new();
    let mut g = Gen { rng: Rng::new(config.seed.wrapping_add(3)), line: String::new() };
    for (log, plants) in logs.iter().zip(per_log) {
        let target = config.bytes * log.share() / 100;
        let mut w = BufWriter::with_capacity(1 << 20, File::create(dir.join(log.file()))?);
        let mut line_no = 0u64;
        let mut written = 0u64;
        if *log != Log::Eve {
            let header = format!(
                "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t{}\n#open\t2026-11-23-10-00-00\n#fields\t{}\n#types\t{}\n",
                log.path(),
                log.fields(),
                log.fields().split('\t').map(|_| "string").collect::<Vec<_>>().join("\t")
            );
            w.write_all(header.as_bytes())?;
            written += header.len() as u64;
            line_no += 8;
        }
        // Spread the planted lines: about one every `gap` lines, at random points.
        let avg_line = match log {
            Log::Eve => 300,
            Log::Files => 330,
            _ => 230,
        };
        let expected_lines = (target / avg_line).max(1);
        let gap = (expected_lines / (plants.len() as u64 + 1)).max(1);
        let mut plants = plants.into_iter().peekable();
        let mut next_plant_at = line_no + 1 + g.rng.below(gap);
        while written < target || plants.peek().is_some() {
            line_no += 1;
            let plant =
                if line_no >= next_plant_at || written >= target { plants.next() } else { None };
            if let Some((p, matched)) = &plant {
                next_plant_at = line_no + 1 + g.rng.below(2 * gap);
                if let Some((field, value)) = g.line(*log, line_no, Some(p)) {
                    planted.push(Planted {
                        file: log.file().to_string(),
                        line: line_no,
                        field,
                        value,
                        matched: matched.clone(),
                    });
                }
            } else {
                g.line(*log, line_no, None);
            }
            w.write_all(g.line.as_bytes())?;
            written += g.line.len() as u64;
        }
        if *log != Log::Eve {
            w.write_all(b"#close\t2026-11-23-11-00-00\n")?;
        }
        w.flush()?;
    }
    let mut w = BufWriter::new(File::create(dir.join("planted.jsonl"))?);
    for p in &planted {
        serde_json::to_writer(&mut w, p).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(planted)
}
