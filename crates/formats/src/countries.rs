//! Country names to ISO 3166-1 alpha-2 codes: Cairn's own table, so loaders work offline.
//!
//! Sources spell countries many ways ("Russian Federation", "Korea (Democratic People's Republic
//! of)", "UK", "america"); [`lookup`] normalises case, punctuation and a leading "the" before
//! matching. Codes that are not ISO but common in the data (`UK`) are mapped too.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `(ISO2, English short name, other names)`. Other names are written already normalised
/// (see [`normalize`]).
const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("AD", "Andorra", &[]),
    ("AE", "United Arab Emirates", &["uae", "emirates"]),
    ("AF", "Afghanistan", &[]),
    ("AG", "Antigua and Barbuda", &[]),
    ("AI", "Anguilla", &[]),
    ("AL", "Albania", &[]),
    ("AM", "Armenia", &[]),
    ("AO", "Angola", &[]),
    ("AQ", "Antarctica", &[]),
    ("AR", "Argentina", &[]),
    ("AS", "American Samoa", &[]),
    ("AT", "Austria", &[]),
    ("AU", "Australia", &[]),
    ("AW", "Aruba", &[]),
    ("AX", "Åland Islands", &["aland islands"]),
    ("AZ", "Azerbaijan", &[]),
    ("BA", "Bosnia and Herzegovina", &["bosnia", "bosnia herzegovina"]),
    ("BB", "Barbados", &[]),
    ("BD", "Bangladesh", &[]),
    ("BE", "Belgium", &[]),
    ("BF", "Burkina Faso", &[]),
    ("BG", "Bulgaria", &[]),
    ("BH", "Bahrain", &[]),
    ("BI", "Burundi", &[]),
    ("BJ", "Benin", &[]),
    ("BL", "Saint Barthélemy", &["saint barthelemy"]),
    ("BM", "Bermuda", &[]),
    ("BN", "Brunei", &["brunei darussalam"]),
    ("BO", "Bolivia", &["bolivia plurinational state of"]),
    ("BQ", "Caribbean Netherlands", &["bonaire sint eustatius and saba", "bonaire"]),
    ("BR", "Brazil", &[]),
    ("BS", "Bahamas", &[]),
    ("BT", "Bhutan", &[]),
    ("BV", "Bouvet Island", &[]),
    ("BW", "Botswana", &[]),
    ("BY", "Belarus", &[]),
    ("BZ", "Belize", &[]),
    ("CA", "Canada", &[]),
    ("CC", "Cocos (Keeling) Islands", &["cocos islands"]),
    (
        "CD",
        "DR Congo",
        &[
            "democratic republic of the congo",
            "congo democratic republic of the",
            "drc",
            "congo kinshasa",
        ],
    ),
    ("CF", "Central African Republic", &[]),
    ("CG", "Republic of the Congo", &["congo", "congo brazzaville", "republic of congo"]),
    ("CH", "Switzerland", &[]),
    ("CI", "Côte d'Ivoire", &["cote d ivoire", "ivory coast"]),
    ("CK", "Cook Islands", &[]),
    ("CL", "Chile", &[]),
    ("CM", "Cameroon", &[]),
    (
        "CN",
        "China",
        &["people s republic of china", "peoples republic of china", "prc", "mainland china"],
    ),
    ("CO", "Colombia", &[]),
    ("CR", "Costa Rica", &[]),
    ("CU", "Cuba", &[]),
    ("CV", "Cabo Verde", &["cape verde"]),
    ("CW", "Curaçao", &["curacao"]),
    ("CX", "Christmas Island", &[]),
    ("CY", "Cyprus", &[]),
    ("CZ", "Czechia", &["czech republic"]),
    ("DE", "Germany", &[]),
    ("DJ", "Djibouti", &[]),
    ("DK", "Denmark", &[]),
    ("DM", "Dominica", &[]),
    ("DO", "Dominican Republic", &[]),
    ("DZ", "Algeria", &[]),
    ("EC", "Ecuador", &[]),
    ("EE", "Estonia", &[]),
    ("EG", "Egypt", &[]),
    ("EH", "Western Sahara", &[]),
    ("ER", "Eritrea", &[]),
    ("ES", "Spain", &[]),
    ("ET", "Ethiopia", &[]),
    ("FI", "Finland", &[]),
    ("FJ", "Fiji", &[]),
    ("FK", "Falkland Islands", &["falkland islands malvinas"]),
    ("FM", "Micronesia", &["micronesia federated states of"]),
    ("FO", "Faroe Islands", &[]),
    ("FR", "France", &[]),
    ("GA", "Gabon", &[]),
    (
        "GB",
        "United Kingdom",
        &[
            "uk",
            "great britain",
            "britain",
            "england",
            "scotland",
            "wales",
            "united kingdom of great britain and northern ireland",
        ],
    ),
    ("GD", "Grenada", &[]),
    ("GE", "Georgia", &[]),
    ("GF", "French Guiana", &[]),
    ("GG", "Guernsey", &[]),
    ("GH", "Ghana", &[]),
    ("GI", "Gibraltar", &[]),
    ("GL", "Greenland", &[]),
    ("GM", "Gambia", &[]),
    ("GN", "Guinea", &[]),
    ("GP", "Guadeloupe", &[]),
    ("GQ", "Equatorial Guinea", &[]),
    ("GR", "Greece", &[]),
    ("GS", "South Georgia and the South Sandwich Islands", &[]),
    ("GT", "Guatemala", &[]),
    ("GU", "Guam", &[]),
    ("GW", "Guinea-Bissau", &["guinea bissau"]),
    ("GY", "Guyana", &[]),
    ("HK", "Hong Kong", &[]),
    ("HM", "Heard Island and McDonald Islands", &[]),
    ("HN", "Honduras", &[]),
    ("HR", "Croatia", &[]),
    ("HT", "Haiti", &[]),
    ("HU", "Hungary", &[]),
    ("ID", "Indonesia", &[]),
    ("IE", "Ireland", &[]),
    ("IL", "Israel", &[]),
    ("IM", "Isle of Man", &[]),
    ("IN", "India", &[]),
    ("IO", "British Indian Ocean Territory", &[]),
    ("IQ", "Iraq", &[]),
    ("IR", "Iran", &["iran islamic republic of", "islamic republic of iran", "persia"]),
    ("IS", "Iceland", &[]),
    ("IT", "Italy", &[]),
    ("JE", "Jersey", &[]),
    ("JM", "Jamaica", &[]),
    ("JO", "Jordan", &[]),
    ("JP", "Japan", &[]),
    ("KE", "Kenya", &[]),
    ("KG", "Kyrgyzstan", &["kyrgyz republic"]),
    ("KH", "Cambodia", &[]),
    ("KI", "Kiribati", &[]),
    ("KM", "Comoros", &[]),
    ("KN", "Saint Kitts and Nevis", &[]),
    (
        "KP",
        "North Korea",
        &["korea democratic people s republic of", "democratic people s republic of korea", "dprk"],
    ),
    ("KR", "South Korea", &["korea republic of", "republic of korea", "rok", "korea"]),
    ("KW", "Kuwait", &[]),
    ("KY", "Cayman Islands", &[]),
    ("KZ", "Kazakhstan", &[]),
    ("LA", "Laos", &["lao people s democratic republic", "lao pdr"]),
    ("LB", "Lebanon", &["lebonon"]),
    ("LC", "Saint Lucia", &[]),
    ("LI", "Liechtenstein", &[]),
    ("LK", "Sri Lanka", &[]),
    ("LR", "Liberia", &[]),
    ("LS", "Lesotho", &[]),
    ("LT", "Lithuania", &[]),
    ("LU", "Luxembourg", &[]),
    ("LV", "Latvia", &[]),
    ("LY", "Libya", &[]),
    ("MA", "Morocco", &[]),
    ("MC", "Monaco", &[]),
    ("MD", "Moldova", &["moldova republic of", "republic of moldova"]),
    ("ME", "Montenegro", &[]),
    ("MF", "Saint Martin", &[]),
    ("MG", "Madagascar", &[]),
    ("MH", "Marshall Islands", &[]),
    ("MK", "North Macedonia", &["macedonia"]),
    ("ML", "Mali", &[]),
    ("MM", "Myanmar", &["burma"]),
    ("MN", "Mongolia", &[]),
    ("MO", "Macao", &["macau"]),
    ("MP", "Northern Mariana Islands", &[]),
    ("MQ", "Martinique", &[]),
    ("MR", "Mauritania", &[]),
    ("MS", "Montserrat", &[]),
    ("MT", "Malta", &[]),
    ("MU", "Mauritius", &[]),
    ("MV", "Maldives", &[]),
    ("MW", "Malawi", &[]),
    ("MX", "Mexico", &[]),
    ("MY", "Malaysia", &[]),
    ("MZ", "Mozambique", &[]),
    ("NA", "Namibia", &[]),
    ("NC", "New Caledonia", &[]),
    ("NE", "Niger", &[]),
    ("NF", "Norfolk Island", &[]),
    ("NG", "Nigeria", &[]),
    ("NI", "Nicaragua", &[]),
    ("NL", "Netherlands", &["holland", "netherlands kingdom of the"]),
    ("NO", "Norway", &[]),
    ("NP", "Nepal", &[]),
    ("NR", "Nauru", &[]),
    ("NU", "Niue", &[]),
    ("NZ", "New Zealand", &[]),
    ("OM", "Oman", &[]),
    ("PA", "Panama", &[]),
    ("PE", "Peru", &[]),
    ("PF", "French Polynesia", &[]),
    ("PG", "Papua New Guinea", &[]),
    ("PH", "Philippines", &[]),
    ("PK", "Pakistan", &[]),
    ("PL", "Poland", &[]),
    ("PM", "Saint Pierre and Miquelon", &[]),
    ("PN", "Pitcairn Islands", &["pitcairn"]),
    ("PR", "Puerto Rico", &[]),
    (
        "PS",
        "Palestine",
        &[
            "palestine state of",
            "state of palestine",
            "palestinian territories",
            "gaza",
            "west bank",
        ],
    ),
    ("PT", "Portugal", &[]),
    ("PW", "Palau", &[]),
    ("PY", "Paraguay", &[]),
    ("QA", "Qatar", &[]),
    ("RE", "Réunion", &["reunion"]),
    ("RO", "Romania", &[]),
    ("RS", "Serbia", &[]),
    ("RU", "Russia", &["russian federation"]),
    ("RW", "Rwanda", &[]),
    ("SA", "Saudi Arabia", &["ksa", "kingdom of saudi arabia"]),
    ("SB", "Solomon Islands", &[]),
    ("SC", "Seychelles", &[]),
    ("SD", "Sudan", &[]),
    ("SE", "Sweden", &[]),
    ("SG", "Singapore", &[]),
    ("SH", "Saint Helena", &[]),
    ("SI", "Slovenia", &[]),
    ("SJ", "Svalbard and Jan Mayen", &[]),
    ("SK", "Slovakia", &["slovak republic"]),
    ("SL", "Sierra Leone", &[]),
    ("SM", "San Marino", &[]),
    ("SN", "Senegal", &[]),
    ("SO", "Somalia", &[]),
    ("SR", "Suriname", &[]),
    ("SS", "South Sudan", &[]),
    ("ST", "São Tomé and Príncipe", &["sao tome and principe"]),
    ("SV", "El Salvador", &[]),
    ("SX", "Sint Maarten", &[]),
    ("SY", "Syria", &["syrian arab republic"]),
    ("SZ", "Eswatini", &["swaziland"]),
    ("TC", "Turks and Caicos Islands", &[]),
    ("TD", "Chad", &[]),
    ("TF", "French Southern Territories", &[]),
    ("TG", "Togo", &[]),
    ("TH", "Thailand", &[]),
    ("TJ", "Tajikistan", &[]),
    ("TK", "Tokelau", &[]),
    ("TL", "Timor-Leste", &["east timor", "timor leste"]),
    ("TM", "Turkmenistan", &[]),
    ("TN", "Tunisia", &[]),
    ("TO", "Tonga", &[]),
    ("TR", "Türkiye", &["turkey", "turkiye"]),
    ("TT", "Trinidad and Tobago", &[]),
    ("TV", "Tuvalu", &[]),
    ("TW", "Taiwan", &["taiwan province of china", "republic of china"]),
    ("TZ", "Tanzania", &["tanzania united republic of"]),
    ("UA", "Ukraine", &[]),
    ("UG", "Uganda", &[]),
    ("UM", "United States Minor Outlying Islands", &[]),
    ("US", "United States", &["usa", "u s", "u s a", "us", "united states of america", "america"]),
    ("UY", "Uruguay", &[]),
    ("UZ", "Uzbekistan", &[]),
    ("VA", "Vatican City", &["holy see", "vatican"]),
    ("VC", "Saint Vincent and the Grenadines", &[]),
    ("VE", "Venezuela", &["venezuela bolivarian republic of"]),
    ("VG", "British Virgin Islands", &["virgin islands british"]),
    ("VI", "United States Virgin Islands", &["virgin islands u s"]),
    ("VN", "Vietnam", &["viet nam"]),
    ("VU", "Vanuatu", &[]),
    ("WF", "Wallis and Futuna", &[]),
    ("WS", "Samoa", &[]),
    ("XK", "Kosovo", &[]),
    ("YE", "Yemen", &[]),
    ("YT", "Mayotte", &[]),
    ("ZA", "South Africa", &[]),
    ("ZM", "Zambia", &[]),
    ("ZW", "Zimbabwe", &[]),
];

/// Chinese names (Qihoo 360's cluster writes victims in Chinese): `(ISO2, name)`.
const CHINESE: &[(&str, &str)] = &[
    ("CN", "中国"),
    ("RU", "俄罗斯"),
    ("PK", "巴基斯坦"),
    ("US", "美国"),
    ("IR", "伊朗"),
    ("IN", "印度"),
    ("BD", "孟加拉国"),
    ("BD", "孟加拉"),
    ("SY", "叙利亚"),
    ("JO", "约旦"),
    ("JP", "日本"),
    ("UA", "乌克兰"),
    ("AU", "澳大利亚"),
    ("TR", "土耳其"),
    ("KR", "韩国"),
    ("PS", "巴勒斯坦"),
    ("IL", "以色列"),
    ("CA", "加拿大"),
    ("BE", "比利时"),
    ("MY", "马来西亚"),
    ("KZ", "哈萨克斯坦"),
    ("EC", "厄瓜多尔"),
    ("ES", "西班牙"),
    ("CO", "哥伦比亚"),
    ("PA", "巴拿马"),
    ("EG", "埃及"),
    ("DK", "丹麦"),
    ("RO", "罗马尼亚"),
    ("LY", "利比亚"),
    ("LK", "斯里兰卡"),
    ("KP", "朝鲜"),
    ("AF", "阿富汗"),
    ("IQ", "伊拉克"),
    ("GB", "英国"),
    ("UZ", "乌兹别克斯坦"),
    ("SA", "沙特阿拉伯"),
    ("IT", "意大利"),
    ("DZ", "阿尔及利亚"),
    ("TW", "台湾"),
    ("VN", "越南"),
    ("DE", "德国"),
    ("FR", "法国"),
    ("HK", "香港"),
    ("SG", "新加坡"),
    ("TH", "泰国"),
    ("PH", "菲律宾"),
    ("ID", "印度尼西亚"),
    ("MM", "缅甸"),
    ("NP", "尼泊尔"),
];

/// Lower-case, every run of non-alphanumeric characters made one space, a leading "the "
/// dropped: "The Philippines" and "Korea (Republic of)" become "philippines" and
/// "korea republic of".
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let out = out.trim_end();
    out.strip_prefix("the ").unwrap_or(out).to_owned()
}

fn index() -> &'static HashMap<String, &'static str> {
    static INDEX: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for &(iso2, name, others) in COUNTRIES {
            map.insert(normalize(name), iso2);
            for other in others {
                map.insert((*other).to_owned(), iso2);
            }
        }
        for &(iso2, name) in CHINESE {
            map.insert(name.to_owned(), iso2);
        }
        map
    })
}

/// The ISO2 code of a country name, or of an ISO2 code (any case). `None` when unknown.
pub fn lookup(name: &str) -> Option<&'static str> {
    let trimmed = name.trim();
    if trimmed.len() == 2 && trimmed.bytes().all(|b| b.is_ascii_alphabetic()) {
        let upper = trimmed.to_ascii_uppercase();
        if upper == "UK" {
            return Some("GB");
        }
        if let Some(&(iso2, _, _)) = COUNTRIES.iter().find(|(c, _, _)| *c == upper) {
            return Some(iso2);
        }
    }
    index().get(&normalize(trimmed)).copied()
}

/// The English short name of an ISO2 code Cairn knows.
pub fn name(iso2: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, _, _)| *c == iso2).map(|&(_, n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(lookup(input), expected, "{input:?}");
    }

    #[test]
    fn names_codes_and_spellings() {
        check("Russian Federation", Some("RU"));
        check("Korea (Democratic People's Republic of)", Some("KP"));
        check("Korea (Republic of)", Some("KR"));
        check("Iran (Islamic Republic of)", Some("IR"));
        check("People's Republic of China", Some("CN"));
        check("The Philippines", Some("PH"));
        check("Türkiye", Some("TR"));
        check("Turkey", Some("TR"));
        check("UK", Some("GB"));
        check("ru", Some("RU"));
        check("america", Some("US"));
        check("俄罗斯", Some("RU"));
        check("US", Some("US"));
        check("Middle East", None);
        check("", None);
        check("NATO", None);
    }

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for (iso2, name, _) in COUNTRIES {
            assert!(seen.insert(*iso2), "duplicate {iso2}");
            assert_eq!(lookup(name), Some(*iso2), "{name}");
            assert_eq!(lookup(iso2), Some(*iso2));
        }
    }
}
