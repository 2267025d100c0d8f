//! IOC scanner behaviour: positive and hard-negative cases for every type and defang style.

use std::collections::HashSet;

use extract::ioc::{Flag, Ioc, IocKind, Scanner};

fn scanner() -> &'static Scanner {
    static S: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    S.get_or_init(Scanner::new)
}

/// Scans `input` and compares `(type, value)` pairs in order; returns a message on mismatch.
fn check(input: &str, expected: &[(&str, &str)]) -> Option<String> {
    let got: Vec<(String, String)> =
        scanner().scan(input).into_iter().map(|i| (i.kind.as_str().to_owned(), i.value)).collect();
    let want: Vec<(String, String)> =
        expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    (got != want).then(|| format!("{input:?}\n  got:  {got:?}\n  want: {want:?}"))
}

const CASES: &[(&str, &[(&str, &str)])] = &[
    // IPv4
    ("C2 at 185.220.101.4 on port 443", &[("ipv4-addr", "185.220.101.4")]),
    ("beacon to 185.220.101.4.", &[("ipv4-addr", "185.220.101.4")]),
    ("(185.220.101.4)", &[("ipv4-addr", "185.220.101.4")]),
    ("185.220.101.4:8080", &[("ipv4-addr", "185.220.101.4")]),
    ("185.220.101.4,91.92.93.94", &[("ipv4-addr", "185.220.101.4"), ("ipv4-addr", "91.92.93.94")]),
    ("185[.]220[.]101[.]4", &[("ipv4-addr", "185.220.101.4")]),
    ("185(.)220(.)101(.)4", &[("ipv4-addr", "185.220.101.4")]),
    ("185{.}220{.}101{.}4", &[("ipv4-addr", "185.220.101.4")]),
    ("185[dot]220[dot]101[dot]4", &[("ipv4-addr", "185.220.101.4")]),
    ("185.220.101[.]4", &[("ipv4-addr", "185.220.101.4")]),
    ("| 45.9.148.108 | C2 |", &[("ipv4-addr", "45.9.148.108")]),
    ("ip=45.9.148.108;", &[("ipv4-addr", "45.9.148.108")]),
    ("range 10.0.0.0/8 blocked", &[("ipv4-cidr", "10.0.0.0/8")]),
    ("185.220.101.0/24", &[("ipv4-cidr", "185.220.101.0/24")]),
    ("185.220.101.0[/]24", &[("ipv4-cidr", "185.220.101.0/24")]),
    ("256.1.1.1", &[]),
    ("1.2.3", &[]),
    ("1.2.3.4.5", &[]),
    ("OID 1.3.6.1.4.1.311.2.1.21", &[]),
    ("version 1.2.3.4 fixes it", &[]),
    ("Version: 10.2.1.4", &[]),
    ("build 5.1.2.3", &[]),
    ("v1.2.3.4", &[]),
    ("Firefox 3.6.28.1 crashed", &[]),
    ("released 2024.01.02", &[]),
    ("12.34", &[]),
    // IPv6
    (
        "connects to 2a03:2880:f12f:83:face:b00c::25de",
        &[("ipv6-addr", "2a03:2880:f12f:83:face:b00c:0:25de")],
    ),
    ("2001:DB8:0:0:0:0:0:1", &[("ipv6-addr", "2001:db8::1")]),
    ("fe80::1", &[("ipv6-addr", "fe80::1")]),
    ("::1 is loopback", &[("ipv6-addr", "::1")]),
    ("[2a03:2880::1]:443", &[("ipv6-addr", "2a03:2880::1")]),
    ("2a03:2880::/32", &[("ipv6-cidr", "2a03:2880::/32")]),
    ("2a03[:]2880[:]:1", &[("ipv6-addr", "2a03:2880::1")]),
    ("at 12:30:45 UTC", &[]),
    ("at 12:30 UTC", &[]),
    ("MAC 00:1a:2b:3c:4d:5e", &[]),
    ("std::vector<int>", &[]),
    ("ratio 3:2:1", &[]),
    // Domains
    ("evil-domain.com", &[("domain-name", "evil-domain.com")]),
    ("Evil-Domain.COM", &[("domain-name", "evil-domain.com")]),
    ("visit update.microsoft-cdn.net.", &[("domain-name", "update.microsoft-cdn.net")]),
    ("evil[.]com", &[("domain-name", "evil.com")]),
    ("evil(.)com", &[("domain-name", "evil.com")]),
    ("evil{.}com", &[("domain-name", "evil.com")]),
    ("evil[dot]com", &[("domain-name", "evil.com")]),
    ("evil(dot)com", &[("domain-name", "evil.com")]),
    ("evil{dot}com", &[("domain-name", "evil.com")]),
    ("evil\\.com", &[("domain-name", "evil.com")]),
    ("evil dot com", &[("domain-name", "evil.com")]),
    ("cdn dot evil dot ru", &[("domain-name", "cdn.evil.ru")]),
    ("evil [.] com", &[("domain-name", "evil.com")]),
    ("a.b.c.evil.co.uk", &[("domain-name", "a.b.c.evil.co.uk")]),
    ("xn--80ak6aa92e.com", &[("domain-name", "xn--80ak6aa92e.com")]),
    ("abc.onion", &[("domain-name", "abc.onion")]),
    ("evil.com/gate.php?id=1 here", &[("domain-name", "evil.com")]),
    ("foo.notatld", &[]),
    ("e.g. this", &[]),
    ("i.e. that", &[]),
    ("U.S. officials", &[]),
    ("the attack.The group", &[]),
    ("ASP.NET apps", &[]),
    ("written in VB.Net and C#", &[]),
    ("renamed to 1.jpg.PLAY", &[("file-name", "1.jpg.PLAY")]),
    ("Node.js runtime", &[]),
    ("the dot com bubble", &[]),
    ("polka dot dress", &[]),
    // Code identifiers and AV signature names are not domains
    ("System.Net.WebClient", &[]),
    ("os.path.join(a, b)", &[]),
    ("document.write(x)", &[]),
    ("window.location = u", &[]),
    ("Trojan.Win32.Agent", &[]),
    ("HEUR:Trojan.Script.Generic", &[]),
    ("Backdoor.Win64.COBEACON.A", &[]),
    ("Trojan:Win32/Emotet.A!ml", &[]),
    ("Win32.Zbot.Gen", &[]),
    ("WScript.Shell object", &[]),
    ("System.Management.Automation.dll", &[("file-name", "System.Management.Automation.dll")]),
    // File names vs domains with TLD-like extensions
    ("download update.zip now", &[("file-name", "update.zip")]),
    ("the attachment setup.sh", &[("file-name", "setup.sh")]),
    ("readme.md", &[("file-name", "readme.md")]),
    ("script.py", &[("file-name", "script.py")]),
    ("lib.rs", &[("file-name", "lib.rs")]),
    ("libfoo.so", &[("file-name", "libfoo.so")]),
    ("clip.mov", &[("file-name", "clip.mov")]),
    ("update[.]zip", &[("domain-name", "update.zip")]),
    ("cdn.files-update.zip", &[("domain-name", "cdn.files-update.zip")]),
    ("hxxps://update[.]zip/a", &[("url", "https://update.zip/a")]),
    ("invoice.pdf", &[("file-name", "invoice.pdf")]),
    ("payload.exe", &[("file-name", "payload.exe")]),
    ("dropped svchost_update.dll", &[("file-name", "svchost_update.dll")]),
    ("report.pdf.exe", &[("file-name", "report.pdf.exe")]),
    ("the file \"config.json\"", &[("file-name", "config.json")]),
    ("Invoke-Mimikatz.ps1", &[("file-name", "Invoke-Mimikatz.ps1")]),
    ("stage2.bin", &[("file-name", "stage2.bin")]),
    // URLs
    ("http://evil.com/a.php", &[("url", "http://evil.com/a.php")]),
    ("HTTPS://Evil.COM/Path", &[("url", "https://evil.com/Path")]),
    ("hxxp://evil[.]com/a", &[("url", "http://evil.com/a")]),
    ("hXXps://evil[.]com/a", &[("url", "https://evil.com/a")]),
    ("hxxps[://]evil[.]com", &[("url", "https://evil.com")]),
    ("hxxp[:]//evil[.]com/x", &[("url", "http://evil.com/x")]),
    ("fxp://files.evil.ru/pub", &[("url", "ftp://files.evil.ru/pub")]),
    ("(see http://evil.com/a)", &[("url", "http://evil.com/a")]),
    ("http://evil.com/a.", &[("url", "http://evil.com/a")]),
    ("http://evil.com/a, then", &[("url", "http://evil.com/a")]),
    ("fetch('http://evil.com/x.js');", &[("url", "http://evil.com/x.js")]),
    ("\"http://evil.com/q?a=1&b=2\"", &[("url", "http://evil.com/q?a=1&b=2")]),
    (
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        &[("url", "https://en.wikipedia.org/wiki/Foo_(bar)")],
    ),
    ("[link](https://evil.com/p)", &[("url", "https://evil.com/p")]),
    ("<https://evil.com/p>", &[("url", "https://evil.com/p")]),
    ("http://185.220.101.4:8080/x", &[("url", "http://185.220.101.4:8080/x")]),
    ("http://[2a03:2880::1]:80/x", &[("url", "http://[2a03:2880::1]:80/x")]),
    ("http://user:pw@evil.com/x", &[("url", "http://user:pw@evil.com/x")]),
    ("http://localhost:8000/", &[("url", "http://localhost:8000/")]),
    ("http://nohost/", &[]),
    ("https://evil.com/a;", &[("url", "https://evil.com/a")]),
    ("https://evil.com/#frag", &[("url", "https://evil.com/#frag")]),
    // E-mail
    ("mail admin@evil.com now", &[("email-addr", "admin@evil.com")]),
    ("Admin@Evil.COM", &[("email-addr", "Admin@evil.com")]),
    ("john.doe+x@evil-mail.ru", &[("email-addr", "john.doe+x@evil-mail.ru")]),
    ("admin[at]evil[.]com", &[("email-addr", "admin@evil.com")]),
    ("admin(at)evil(dot)com", &[("email-addr", "admin@evil.com")]),
    ("admin[@]evil.com", &[("email-addr", "admin@evil.com")]),
    ("admin(@)evil.com", &[("email-addr", "admin@evil.com")]),
    ("admin at evil[.]com", &[("email-addr", "admin@evil.com")]),
    ("admin at evil dot com", &[("email-addr", "admin@evil.com")]),
    ("meet at evil.com", &[("domain-name", "evil.com")]),
    ("@handle on twitter", &[]),
    ("user@localhostx", &[]),
    // Hashes
    ("d41d8cd98f00b204e9800998ecf8427e", &[("md5", "d41d8cd98f00b204e9800998ecf8427e")]),
    ("MD5: D41D8CD98F00B204E9800998ECF8427E", &[("md5", "d41d8cd98f00b204e9800998ecf8427e")]),
    (
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        &[("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709")],
    ),
    (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        &[("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")],
    ),
    (
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        &[(
            "sha512",
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        )],
    ),
    (
        "| d41d8cd98f00b204e9800998ecf8427e | x.exe |",
        &[("md5", "d41d8cd98f00b204e9800998ecf8427e"), ("file-name", "x.exe")],
    ),
    ("d41d8cd98f00b204e9800998ecf8427", &[]),
    ("d41d8cd98f00b204e9800998ecf8427ea", &[]),
    ("d41d8cd98f00b204e9800998ecf8427g", &[]),
    ("xd41d8cd98f00b204e9800998ecf8427e", &[]),
    // Ethereum is not SHA1
    (
        "0x52908400098527886E0F7030069857D2E4169EE7",
        &[("eth-address", "0x52908400098527886e0f7030069857d2e4169ee7")],
    ),
    (
        "send to 0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae.",
        &[("eth-address", "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae")],
    ),
    ("0x52908400098527886E0F7030069857D2E4169E", &[]),
    // Bitcoin
    (
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        &[("btc-address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")],
    ),
    (
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        &[("btc-address", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")],
    ),
    (
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        &[("btc-address", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")],
    ),
    (
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        &[("btc-address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")],
    ),
    (
        "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
        &[("btc-address", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297")],
    ),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", &[]),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx", &[]),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz", &[]),
    // Monero
    (
        "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
        &[(
            "xmr-address",
            "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
        )],
    ),
    // CVE
    ("CVE-2021-44228", &[("cve", "CVE-2021-44228")]),
    ("cve-2023-23397 was used", &[("cve", "CVE-2023-23397")]),
    ("(CVE-2024-3400).", &[("cve", "CVE-2024-3400")]),
    ("CVE-2021-1234567", &[("cve", "CVE-2021-1234567")]),
    ("CVE-21-4422", &[]),
    ("CVE-2021-123", &[]),
    // ATT&CK
    (
        "uses T1059.001 and T1566",
        &[("attack-technique", "T1059.001"), ("attack-technique", "T1566")],
    ),
    ("(T1027)", &[("attack-technique", "T1027")]),
    ("T1059.1", &[]),
    ("T12345", &[]),
    ("T2000", &[]),
    // Windows paths, env roots, UNC
    ("C:\\Windows\\System32\\evil.dll", &[("file-path", "C:\\Windows\\System32\\evil.dll")]),
    ("saved to C:\\Users\\Public\\run.bat.", &[("file-path", "C:\\Users\\Public\\run.bat")]),
    (
        "C:\\Program Files (x86)\\Evil Corp\\a.exe was run",
        &[("file-path", "C:\\Program Files (x86)\\Evil Corp\\a.exe")],
    ),
    ("%APPDATA%\\Microsoft\\svc.exe", &[("file-path", "%APPDATA%\\Microsoft\\svc.exe")]),
    ("%TEMP%\\x.ps1", &[("file-path", "%TEMP%\\x.ps1")]),
    ("\\\\fileserver\\share\\drop.exe", &[("file-path", "\\\\fileserver\\share\\drop.exe")]),
    ("(C:\\ProgramData\\a.dll)", &[("file-path", "C:\\ProgramData\\a.dll")]),
    ("C:\\Users\\bob\\.ssh\\id_rsa", &[("file-path", "C:\\Users\\bob\\.ssh\\id_rsa")]),
    ("evil\\.com\\.ru", &[("domain-name", "evil.com.ru")]),
    // POSIX paths
    ("writes /etc/cron.d/updater", &[("file-path", "/etc/cron.d/updater")]),
    ("dropped in /tmp/.X11/kworker.", &[("file-path", "/tmp/.X11/kworker")]),
    ("/dev/shm/.x", &[("file-path", "/dev/shm/.x")]),
    ("~/.ssh/authorized_keys", &[("file-path", "~/.ssh/authorized_keys")]),
    ("/Users/Shared/agent.plist", &[("file-path", "/Users/Shared/agent.plist")]),
    ("and/or", &[]),
    ("24/7 support", &[]),
    ("/etc/", &[]),
    // Registry keys
    (
        "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        &[("windows-registry-key", "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")],
    ),
    (
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon.",
        &[(
            "windows-registry-key",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
        )],
    ),
    ("HKCU:\\Software\\Evil", &[("windows-registry-key", "HKCU:\\Software\\Evil")]),
    ("HKLM alone", &[]),
    // Prose, noise
    ("The quick brown fox jumps over the lazy dog.", &[]),
    ("In 2023, 3.5 million users lost $1.2 billion.", &[]),
    ("Call +1 555 0100 at 9:30.", &[]),
    ("base64: SGVsbG8gd29ybGQhIFRoaXMgaXMgYSB0ZXN0Lg==", &[]),
    ("pi is 3.14159 and e is 2.71828", &[]),
    ("Mr.Smith and No.1 etc.", &[]),
    ("GUID {3F2504E0-4F89-11D3-9A0C-0305E82C3301}", &[]),
    ("on 10.10.2024 and 2024.03.05", &[]),
    ("1,234.56 USD", &[]),
    (
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        &[("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")],
    ),
    ("md5=d41d8cd98f00b204e9800998ecf8427e;", &[("md5", "d41d8cd98f00b204e9800998ecf8427e")]),
    ("www.evil-site.com", &[("domain-name", "www.evil-site.com")]),
    ("(evil-site.org)", &[("domain-name", "evil-site.org")]),
    (
        "evil-site.org, bad-site.net",
        &[("domain-name", "evil-site.org"), ("domain-name", "bad-site.net")],
    ),
    (
        "a hash: 8F434346648F6B96DF89DDA901C5176B10A6D839",
        &[("sha1", "8f434346648f6b96df89dda901c5176b10a6d839")],
    ),
    (
        "contacted 45.77.12[.]9 and update-check(.)top",
        &[("ipv4-addr", "45.77.12.9"), ("domain-name", "update-check.top")],
    ),
    ("Chrome 122.0.6261.94", &[]),
    ("firmware 1.0.0.12", &[]),
    ("soc@company.co.uk", &[("email-addr", "soc@company.co.uk")]),
    ("\\\\10.1.1.5\\c$\\temp\\out.7z", &[("file-path", "\\\\10.1.1.5\\c$\\temp\\out.7z")]),
];

#[test]
fn table() {
    let failures: Vec<String> = CASES.iter().filter_map(|(i, e)| check(i, e)).collect();
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
    assert!(CASES.len() >= 150, "{} cases", CASES.len());
}

fn one(input: &str) -> Ioc {
    let mut v = scanner().scan(input);
    assert_eq!(v.len(), 1, "{input:?}: {v:?}");
    v.remove(0)
}

#[test]
fn offsets_point_at_the_source_span() {
    let input = "Contact hxxp://evil[.]com/a and 10.0.0.1 today";
    for ioc in scanner().scan(input) {
        let span = &input[ioc.start..ioc.end];
        match ioc.kind {
            IocKind::Url => assert_eq!(span, "hxxp://evil[.]com/a"),
            IocKind::Ipv4 => assert_eq!(span, "10.0.0.1"),
            other => panic!("unexpected {other}"),
        }
    }
}

#[test]
fn defanged_is_reported() {
    assert!(one("evil[.]com").defanged);
    assert!(!one("evil.com").defanged);
    assert!(one("hxxp://evil.com/a").defanged);
    assert!(!one("http://evil.com/a").defanged);
}

#[test]
fn special_addresses_are_flagged_not_dropped() {
    let cases: &[(&str, &[Flag])] = &[
        ("10.1.2.3", &[Flag::Private]),
        ("192.168.1.1", &[Flag::Private]),
        ("172.16.0.1", &[Flag::Private]),
        ("127.0.0.1", &[Flag::Loopback]),
        ("169.254.1.1", &[Flag::LinkLocal]),
        ("224.0.0.1", &[Flag::Multicast]),
        ("192.0.2.7", &[Flag::Documentation]),
        ("198.51.100.7", &[Flag::Documentation]),
        ("203.0.113.7", &[Flag::Documentation]),
        ("240.1.1.1", &[Flag::Reserved]),
        ("2001:db8::7", &[Flag::Documentation]),
        ("fd00::1", &[Flag::Private]),
        ("example.com", &[Flag::Documentation]),
        ("www.example.org", &[Flag::Documentation]),
        ("host.example", &[Flag::Documentation]),
        ("evil.test", &[Flag::Reserved]),
        ("evil.invalid", &[Flag::Reserved]),
        ("evil.localhost", &[Flag::Loopback]),
        ("http://www.example.com/x", &[Flag::Documentation]),
        ("http://10.0.0.5:8080/a", &[Flag::Private]),
        ("admin@example.org", &[Flag::Documentation]),
        ("8.8.8.8", &[]),
    ];
    for (input, flags) in cases {
        assert_eq!(one(input).flags, *flags, "{input}");
    }
}

#[test]
fn attack_ids_are_validated_when_known() {
    let known: HashSet<String> = ["T1059".to_owned(), "T1059.001".to_owned()].into();
    let s = Scanner::new().with_attack_ids(known);
    let got: Vec<String> =
        s.scan("T1059 T1059.001 T1999 T1059.999").into_iter().map(|i| i.value).collect();
    assert_eq!(got, ["T1059", "T1059.001"]);
}

#[test]
fn json_line_follows_the_contract() {
    let v = one("185[.]220[.]101[.]4").to_json();
    assert_eq!(v["kind"], "observable");
    assert_eq!(v["type"], "ipv4-addr");
    assert_eq!(v["value"], "185.220.101.4");
    assert_eq!(v["defanged"], true);
    assert_eq!(v["start"], 0);
    assert_eq!(v["end"], 19);
}

#[test]
fn scanner_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scanner>();
}

#[test]
fn kind_names_round_trip() {
    for k in IocKind::ALL {
        assert_eq!(IocKind::parse(k.as_str()), Some(k));
    }
}

/// Pathological inputs: each must finish (linear scan); no timing assertions.
#[test]
fn pathological_inputs_are_linear() {
    let mb = 1 << 20;
    let base64: String = (0..130 * 1024)
        .map(|i| b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkrLw=="[i % 48] as char)
        .collect();
    let inputs = [
        base64,
        "a".repeat(10 * mb),
        ".".repeat(10 * mb),
        "1.".repeat(5 * mb),
        "a.".repeat(5 * mb),
        "a:".repeat(5 * mb),
        "[.]".repeat(3 * mb),
        " dot ".repeat(2 * mb),
        "/tmp/".repeat(2 * mb),
        "C:\\".repeat(3 * mb),
        "http://a.com/(".repeat(mb),
        "a@".repeat(5 * mb),
        "0123456789abcdef".repeat(mb),
    ];
    for input in &inputs {
        let found = scanner().scan(input);
        assert!(found.len() <= input.len());
    }
}

#[test]
fn sha1_inside_eth_address_is_not_reported() {
    let v = scanner().scan("wallet 0x52908400098527886E0F7030069857D2E4169EE7 and hash da39a3ee5e6b4b0d3255bfef95601890afd80709");
    let kinds: Vec<IocKind> = v.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [IocKind::EthAddress, IocKind::Sha1]);
}
