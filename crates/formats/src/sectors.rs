//! Free-text sector labels ("Telecomms", "Defense industrial base", "Government, Administration")
//! to the STIX 2.1 `industry-sector-ov` vocabulary: Cairn's own keyword table.

use crate::countries::normalize;

/// `(keyword phrase, industry-sector-ov value)`, most specific first: the first phrase found as
/// whole words in the label wins.
const KEYWORDS: &[(&str, &str)] = &[
    ("defense industrial base", "defense"),
    ("defense contractor", "defense"),
    ("law enforcement", "emergency-services"),
    ("police", "emergency-services"),
    ("emergency", "emergency-services"),
    ("local government", "government-local"),
    ("municipal", "government-local"),
    ("regional government", "government-regional"),
    ("diplomacy", "government-national"),
    ("diplomatic", "government-national"),
    ("embassy", "government-national"),
    ("embassies", "government-national"),
    ("intelligence", "government-national"),
    ("justice", "government-national"),
    ("immigration", "government-national"),
    ("foreign affairs", "government-national"),
    ("intergovernmental", "government-national"),
    ("security service", "government-national"),
    ("election", "government-public-services"),
    ("public services", "government-public-services"),
    ("government", "government"),
    ("public sector", "government"),
    ("ministry", "government"),
    ("military", "defense"),
    ("defense", "defense"),
    ("defence", "defense"),
    ("aerospace", "aerospace"),
    ("aviation", "aerospace"),
    ("space", "aerospace"),
    ("satellite", "aerospace"),
    ("automotive", "automotive"),
    ("petrochemical", "chemical"),
    ("chemical", "chemical"),
    ("chemicals", "chemical"),
    ("construction", "construction"),
    ("civil engineering", "construction"),
    ("engineering", "construction"),
    ("university", "education"),
    ("universities", "education"),
    ("academia", "education"),
    ("academic", "education"),
    ("education", "education"),
    ("research", "education"),
    ("oil", "energy"),
    ("gas", "energy"),
    ("petroleum", "energy"),
    ("electric", "energy"),
    ("energy", "energy"),
    ("turbine", "energy"),
    ("nuclear", "nuclear"),
    ("dams", "dams"),
    ("water", "water"),
    ("gambling", "entertainment"),
    ("casino", "entertainment"),
    ("gaming", "entertainment"),
    ("game", "entertainment"),
    ("games", "entertainment"),
    ("entertainment", "entertainment"),
    ("sport", "entertainment"),
    ("arts", "entertainment"),
    ("culture", "entertainment"),
    ("insurance", "insurance"),
    ("cryptocurrency", "financial-services"),
    ("crypto", "financial-services"),
    ("financial", "financial-services"),
    ("finance", "financial-services"),
    ("bank", "financial-services"),
    ("banks", "financial-services"),
    ("banking", "financial-services"),
    ("payment", "financial-services"),
    ("investment", "financial-services"),
    ("pharmaceuticals", "pharmaceuticals"),
    ("pharmaceutical", "pharmaceuticals"),
    ("pharmacy", "pharmaceuticals"),
    ("pharma", "pharmaceuticals"),
    ("biotech", "pharmaceuticals"),
    ("healthcare", "healthcare"),
    ("health", "healthcare"),
    ("medical", "healthcare"),
    ("hospital", "healthcare"),
    ("hospitals", "healthcare"),
    ("biomedical", "healthcare"),
    ("life science", "healthcare"),
    ("hospitality", "hospitality-leisure"),
    ("hotels", "hospitality-leisure"),
    ("hotel", "hospitality-leisure"),
    ("travel", "hospitality-leisure"),
    ("tourism", "hospitality-leisure"),
    ("restaurant", "hospitality-leisure"),
    ("critical infrastructure", "infrastructure"),
    ("infrastructure", "infrastructure"),
    ("industrial", "infrastructure"),
    ("semiconductor", "manufacturing"),
    ("semi conductors", "manufacturing"),
    ("electronics", "manufacturing"),
    ("electronic", "manufacturing"),
    ("manufacturing", "manufacturing"),
    ("manufacturers", "manufacturing"),
    ("steel", "manufacturing"),
    ("metal", "manufacturing"),
    ("mining", "mining"),
    ("ngo", "non-profit"),
    ("ngos", "non-profit"),
    ("non profit", "non-profit"),
    ("nonprofit", "non-profit"),
    ("think tanks", "non-profit"),
    ("think tank", "non-profit"),
    ("civil society", "non-profit"),
    ("activists", "non-profit"),
    ("dissidents", "non-profit"),
    ("dissident", "non-profit"),
    ("human rights", "non-profit"),
    ("religious", "non-profit"),
    ("political", "non-profit"),
    ("opposition", "non-profit"),
    ("retail", "retail"),
    ("ecommerce", "retail"),
    ("e commerce", "retail"),
    ("marketplace", "retail"),
    ("telecommunications", "telecommunications"),
    ("telecoms", "telecommunications"),
    ("telecomms", "telecommunications"),
    ("telecom", "telecommunications"),
    ("isp", "telecommunications"),
    ("media", "communications"),
    ("journalists", "communications"),
    ("journalist", "communications"),
    ("news", "communications"),
    ("broadcast", "communications"),
    ("publishing", "communications"),
    ("social networks", "communications"),
    ("information technology", "technology"),
    ("high tech", "technology"),
    ("technology", "technology"),
    ("it", "technology"),
    ("software", "technology"),
    ("digital", "technology"),
    ("programming", "technology"),
    ("managed services", "technology"),
    ("security systems", "technology"),
    ("transportation", "transportation"),
    ("transport", "transportation"),
    ("logistics", "transportation"),
    ("logistic", "transportation"),
    ("shipping", "transportation"),
    ("maritime", "transportation"),
    ("rail", "transportation"),
    ("railway", "transportation"),
    ("agriculture", "agriculture"),
    ("food", "agriculture"),
    ("utilities", "utilities"),
    ("legal", "commercial"),
    ("lawyers", "commercial"),
    ("consulting", "commercial"),
    ("trade", "commercial"),
    ("marketing", "commercial"),
    ("advertising", "commercial"),
    ("accounting", "commercial"),
    ("business", "commercial"),
    ("services", "commercial"),
    ("commercial", "commercial"),
    ("video games", "entertainment"),
    ("credit unions", "financial-services"),
    ("credit union", "financial-services"),
];

/// Chinese labels (Qihoo 360's cluster), matched whole.
const CHINESE: &[(&str, &str)] = &[
    ("政府", "government"),
    ("政府机构", "government"),
    ("政府等重要机构", "government"),
    ("教育", "education"),
    ("科研", "education"),
    ("科研机构", "education"),
    ("国防军工", "defense"),
    ("国防", "defense"),
    ("国防工业", "defense"),
    ("军事", "defense"),
    ("军事等重要机构", "defense"),
    ("外交", "government-national"),
    ("外交军事", "government-national"),
    ("金融", "financial-services"),
    ("医疗", "healthcare"),
    ("制造", "manufacturing"),
    ("工业", "manufacturing"),
    ("信息技术", "technology"),
    ("通信运营商", "telecommunications"),
    ("电信运营商", "telecommunications"),
    ("通讯", "telecommunications"),
    ("信息通信", "telecommunications"),
    ("信息和通信", "telecommunications"),
    ("信息和通信产业", "telecommunications"),
    ("能源", "energy"),
    ("能源机构", "energy"),
    ("电力", "energy"),
    ("社会组织", "non-profit"),
    ("智库", "non-profit"),
    ("媒体", "communications"),
    ("新闻媒体", "communications"),
    ("媒体通讯", "communications"),
    ("航空航天", "aerospace"),
    ("航天", "aerospace"),
    ("建筑", "construction"),
    ("外贸", "commercial"),
    ("服务业", "commercial"),
];

/// The `industry-sector-ov` value of a sector label, or `None` when nothing matches.
pub fn lookup(label: &str) -> Option<&'static str> {
    let trimmed = label.trim();
    if let Some(&(_, ov)) = CHINESE.iter().find(|(l, _)| *l == trimmed) {
        return Some(ov);
    }
    let norm = normalize(label);
    let padded = format!(" {norm} ");
    KEYWORDS.iter().find(|(k, _)| padded.contains(&format!(" {k} "))).map(|&(_, ov)| ov)
}

/// "financial-services" -> "Financial services".
pub fn display_name(ov: &str) -> String {
    let spaced = ov.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    fn check(label: &str, expected: Option<&str>) {
        assert_eq!(super::lookup(label), expected, "{label:?}");
    }

    #[test]
    fn labels() {
        check("Government, Administration", Some("government"));
        check("Defense industrial base", Some("defense"));
        check("Telecomms", Some("telecommunications"));
        check("IT - ISP", Some("telecommunications"));
        check("Financial services", Some("financial-services"));
        check("Civil Society", Some("non-profit"));
        check("Media and Entertainment", Some("entertainment"));
        check("Police - Law enforcement", Some("emergency-services"));
        check("Private sector", None);
        check("Unknown", None);
        check("", None);
    }

    #[test]
    fn display() {
        assert_eq!(super::display_name("financial-services"), "Financial services");
    }
}
