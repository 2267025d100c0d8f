//! Cairn's own small tables: country name forms, sector keywords, activity keywords, cue words and
//! vendor naming conventions. Written for Cairn (not copied from reference data) so extraction works
//! on an empty knowledge base.

/// How a country is named in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryForm {
    Name,
    Adjective,
    Abbreviation,
    Capital,
}

/// One country with its ISO 3166 alpha-2 code and every form Cairn recognises.
#[derive(Debug, Clone)]
pub struct Country {
    pub iso: &'static str,
    pub name: &'static str,
    pub forms: Vec<(&'static str, CountryForm)>,
}

const COUNTRIES: &str = include_str!("countries.txt");
const SECTORS: &str = include_str!("sectors.txt");

/// Country forms that are also common first names, US states or words: accepted only when no
/// capitalised word stands right beside them ("Jordan Smith", "Georgia Tech").
pub const AMBIGUOUS_COUNTRY_FORMS: &[&str] = &[
    "Jordan",
    "Chad",
    "Georgia",
    "Georgian",
    "Turkey",
    "Washington",
    "Santiago",
    "Rome",
    "Paris",
    "Victoria",
    "Mali",
    "Guinea",
    "Niger",
    "Monaco",
    "Juba",
    "Dominican",
];

/// The countries table.
pub fn countries() -> Vec<Country> {
    let mut out = Vec::new();
    for line in COUNTRIES.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('|');
        let (Some(iso), Some(name)) = (f.next(), f.next()) else { continue };
        let mut forms = vec![(name, CountryForm::Name)];
        for (field, form) in f.zip([
            CountryForm::Name,
            CountryForm::Adjective,
            CountryForm::Abbreviation,
            CountryForm::Capital,
        ]) {
            forms.extend(
                field.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| (s, form)),
            );
        }
        out.push(Country { iso, name, forms });
    }
    out
}

/// English short name of a country code from Cairn's table.
pub fn country_name(iso: &str) -> Option<&'static str> {
    COUNTRIES.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let mut f = l.split('|');
        (f.next() == Some(iso)).then(|| f.next()).flatten()
    })
}

/// Sector keywords: (keyword, industry-sector-ov value, optional tag).
pub fn sectors() -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    SECTORS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('|');
            Some((f.next()?.trim(), f.next()?.trim(), f.next().map(str::trim)))
        })
        .collect()
}

/// What a sector keyword needs around it to name a sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorContext {
    /// A capitalised name right after it: "the city of Oakland", "City of Dallas", but not "a
    /// city of 400,000 people".
    NameAfter,
    /// Written in lower case, with a name right after it that is not a currency, a name after
    /// "the" or "a" right before it, or an "X-based" word right before it: "the exchange Bybit",
    /// "the Bybit exchange", "a Dubai-based exchange", but not "an exchange of fire", "to
    /// exchange Bitcoin" or the "Microsoft Exchange" product.
    LowerNameOrBased,
}

/// Sector keywords that name a sector only in some context (keyword as in sectors.txt). The
/// other keywords name their sector wherever they stand.
pub const SECTOR_CONTEXT: &[(&str, SectorContext)] = &[
    ("city of", SectorContext::NameAfter),
    ("town of", SectorContext::NameAfter),
    ("exchange", SectorContext::LowerNameOrBased),
];

/// Sector keywords for organisations that reports show acting more often than attacked ("British
/// police arrested", "an international law enforcement operation"): they name a sector only after
/// an attack or theft word in the sentence ("hackers breached police systems").
pub const AGENT_SECTORS: &[&str] = &["police", "law enforcement"];

/// Sector keywords for a product rather than an organisation: a trojanized "software update"
/// tells the analyst a software vendor was hit, but "install the latest software update" names
/// no victim. They name a sector only after an attack or theft word, or in a sentence about a
/// supply-chain compromise.
pub const PRODUCT_SECTORS: &[&str] = &["software update", "software updates"];

/// Words before a product sector keyword that say the product itself was tampered with: "a
/// trojanized software update" is a supply-chain compromise and names its maker's sector.
pub const TAMPERED_WORDS: &[&str] = &[
    "malicious",
    "trojanized",
    "trojanised",
    "poisoned",
    "tampered",
    "backdoored",
    "hijacked",
    "compromised",
    "rigged",
];

/// Sector keywords that also count things: "an army of bots", "a bank of servers" name no
/// sector.
pub const QUANTITY_SECTORS: &[&str] = &["army", "armies", "bank", "banks", "fleet", "navy"];

/// Sector keywords in set phrases that name no organisation, as (keyword, word before, word
/// after): a phrase matches when the keyword is written in lower case, the word before it is one
/// of the first list (or the list is empty) and the word after it (after a space or a hyphen) is
/// one of the second (or that list is empty). "defense evasion techniques", "the first line of
/// defense", "military-grade encryption", "the group banks on speed".
pub const IDIOM_SECTORS: &[(&str, &[&str], &[&str])] = &[
    ("defense", &["of", "cyber", "network", "layered", "active", "endpoint", "perimeter"], &[]),
    ("defence", &["of", "cyber", "network", "layered", "active", "endpoint", "perimeter"], &[]),
    ("defense", &[], DEFENSE_IDIOM_NEXT),
    ("defence", &[], DEFENSE_IDIOM_NEXT),
    ("military", &[], &["grade"]),
    ("banking", &[], &["on"]),
    ("banks", &["it", "he", "she", "group", "gang", "crew", "actor", "who", "which"], &["on"]),
    (
        "bank",
        &["they", "we", "you", "to", "can", "could", "will", "would", "may", "might"],
        &["on"],
    ),
];

/// Words after "defense" in security jargon: "defense evasion", "defense teams".
const DEFENSE_IDIOM_NEXT: &[&str] = &[
    "evasion",
    "mechanism",
    "mechanisms",
    "team",
    "teams",
    "tools",
    "measures",
    "strategy",
    "strategies",
    "in",
    "layer",
    "layers",
    "products",
    "solutions",
];

/// People and bodies who report on an attack: "US officials said", "Ukrainian researchers
/// believe", "the Israeli firm Check Point said". A country right before one of them, with a
/// speech verb after, only says who reports; it is no sponsor, origin or victim (unless the
/// reporter speaks of itself: "a German firm said it was hit").
pub const REPORTER_NOUNS: &[&str] = &[
    "researcher",
    "researchers",
    "official",
    "officials",
    "investigator",
    "investigators",
    "analyst",
    "analysts",
    "authorities",
    "prosecutors",
    "expert",
    "experts",
    "agency",
    "agencies",
    "government",
    "governments",
    "media",
    "press",
    "newspaper",
    "journalists",
    "reporters",
    "lawmakers",
    "diplomats",
    "police",
    "firm",
    "company",
    "vendor",
    "regulator",
    "regulators",
    "ministry",
    "embassy",
    "services",
    "service",
    "directorate",
    "spokesperson",
    "spokesman",
    "spokeswoman",
];

/// Verbs after "said it" that make a reporter speak of itself: "a German firm said it was hit".
pub const SELF_REPORT_VERBS: &[&str] = &[
    "was",
    "had",
    "has",
    "is",
    "suffered",
    "fell",
    "detected",
    "discovered",
    "experienced",
    "became",
];

/// Words between a country and a reporter noun: "Israeli cybersecurity firm Check Point said".
pub const REPORTER_MODIFIERS: &[&str] = &[
    "security",
    "cybersecurity",
    "cyber",
    "threat",
    "intelligence",
    "federal",
    "state",
    "foreign",
    "interior",
    "defense",
    "defence",
    "justice",
    "national",
    "police",
];

/// Verbs of saying, finding and blaming that follow a reporter ("officials said", "researchers
/// linked the attack to").
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "tell",
    "warned",
    "warn",
    "warns",
    "reported",
    "report",
    "reports",
    "believe",
    "believes",
    "believed",
    "found",
    "find",
    "noted",
    "wrote",
    "added",
    "confirmed",
    "link",
    "links",
    "linked",
    "attribute",
    "attributes",
    "attributed",
    "tie",
    "tied",
    "blame",
    "blames",
    "blamed",
    "assess",
    "assesses",
    "assessed",
    "suspect",
    "suspects",
    "suspected",
    "accuse",
    "accuses",
    "accused",
    "allege",
    "alleged",
    "disclosed",
    "identified",
    "observed",
    "discovered",
    "traced",
    "described",
    "published",
    "announced",
    "estimate",
    "estimated",
    "denied",
    "denies",
    "deny",
    "rejected",
    "dismissed",
    "condemned",
    "stated",
    "claimed",
    "declined",
];

/// Words that say an organisation paid money out. In a report about ransomware or extortion, "a
/// German hospital paid EUR 1.2 million" makes the hospital (and its country) a victim.
pub const PAYMENT_WORDS: &[&str] = &["paid", "pay", "pays", "paying", "payment", "payout"];

/// Words that say a sum paid was no loss to an attacker: a fine, a reward, a purchase, a sale of
/// access. "A German bank paid a EUR 5 million fine" names no victim even in a ransomware report.
pub const NOT_RANSOM_WORDS: &[&str] = &[
    "fine",
    "fined",
    "fines",
    "penalty",
    "penalties",
    "settlement",
    "settle",
    "reward",
    "rewards",
    "bounty",
    "bounties",
    "bonus",
    "bonuses",
    "salary",
    "salaries",
    "wages",
    "dividend",
    "dividends",
    "invested",
    "investment",
    "acquire",
    "acquired",
    "acquisition",
    "bought",
    "purchase",
    "purchased",
    "contract",
    "damages",
    "compensation",
    "tax",
    "taxes",
    "broker",
    "brokers",
    "sold",
    "sale",
    "auction",
];

/// Words before a sector keyword that say where an organisation is ("Dubai-based exchange").
pub const BASED_SUFFIXES: &[&str] = &["-based", "-registered", "-headquartered"];

/// Activity types (issue 4 vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    Espionage,
    Ransomware,
    DataTheftExtortion,
    Destructive,
    InfluenceOperation,
    CryptoTheft,
    Ddos,
    FinancialFraud,
    SupplyChain,
    CredentialTheft,
}

impl Activity {
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Espionage => "espionage",
            Activity::Ransomware => "ransomware",
            Activity::DataTheftExtortion => "data-theft-extortion",
            Activity::Destructive => "destructive",
            Activity::InfluenceOperation => "influence-operation",
            Activity::CryptoTheft => "crypto-theft",
            Activity::Ddos => "ddos",
            Activity::FinancialFraud => "financial-fraud",
            Activity::SupplyChain => "supply-chain",
            Activity::CredentialTheft => "credential-theft",
        }
    }
}

/// Keywords that name an activity on their own.
pub const ACTIVITIES: &[(&str, Activity)] = &[
    ("espionage", Activity::Espionage),
    ("cyberespionage", Activity::Espionage),
    ("cyber-espionage", Activity::Espionage),
    ("spying", Activity::Espionage),
    ("spy", Activity::Espionage),
    ("intelligence gathering", Activity::Espionage),
    ("intelligence collection", Activity::Espionage),
    ("intelligence-gathering", Activity::Espionage),
    ("ransomware", Activity::Ransomware),
    ("extortion", Activity::DataTheftExtortion),
    ("extort", Activity::DataTheftExtortion),
    ("extorted", Activity::DataTheftExtortion),
    ("extorting", Activity::DataTheftExtortion),
    ("data theft", Activity::DataTheftExtortion),
    ("leak site", Activity::DataTheftExtortion),
    ("threatened to leak", Activity::DataTheftExtortion),
    ("threatening to leak", Activity::DataTheftExtortion),
    ("threatened to publish", Activity::DataTheftExtortion),
    ("threatening to publish", Activity::DataTheftExtortion),
    ("threatened to release", Activity::DataTheftExtortion),
    ("threatening to release", Activity::DataTheftExtortion),
    ("data leak site", Activity::DataTheftExtortion),
    ("stole data", Activity::DataTheftExtortion),
    ("stolen data", Activity::DataTheftExtortion),
    ("exfiltrated data", Activity::DataTheftExtortion),
    ("data exfiltration", Activity::DataTheftExtortion),
    ("wiper", Activity::Destructive),
    ("wipers", Activity::Destructive),
    ("destructive", Activity::Destructive),
    ("sabotage", Activity::Destructive),
    ("disruptive attacks", Activity::Destructive),
    ("disruptive attack", Activity::Destructive),
    ("wiped", Activity::Destructive),
    ("influence operation", Activity::InfluenceOperation),
    ("influence operations", Activity::InfluenceOperation),
    ("influence campaign", Activity::InfluenceOperation),
    ("influence campaigns", Activity::InfluenceOperation),
    ("disinformation", Activity::InfluenceOperation),
    ("misinformation", Activity::InfluenceOperation),
    ("propaganda", Activity::InfluenceOperation),
    ("election interference", Activity::InfluenceOperation),
    ("interfere in elections", Activity::InfluenceOperation),
    ("meddling", Activity::InfluenceOperation),
    ("hack-and-leak", Activity::InfluenceOperation),
    ("crypto theft", Activity::CryptoTheft),
    ("cryptocurrency theft", Activity::CryptoTheft),
    ("crypto heist", Activity::CryptoTheft),
    ("crypto heists", Activity::CryptoTheft),
    ("ddos", Activity::Ddos),
    ("denial-of-service", Activity::Ddos),
    ("denial of service", Activity::Ddos),
    ("fraud", Activity::FinancialFraud),
    ("business email compromise", Activity::FinancialFraud),
    ("money laundering", Activity::FinancialFraud),
    ("scams", Activity::FinancialFraud),
    ("scam", Activity::FinancialFraud),
    ("scammers", Activity::FinancialFraud),
    ("scammed", Activity::FinancialFraud),
    ("fraudsters", Activity::FinancialFraud),
    ("bec scheme", Activity::FinancialFraud),
    ("bec schemes", Activity::FinancialFraud),
    ("bec attacks", Activity::FinancialFraud),
    ("bec fraud", Activity::FinancialFraud),
    ("fake investment", Activity::FinancialFraud),
    ("investment scheme", Activity::FinancialFraud),
    ("pig butchering", Activity::FinancialFraud),
    ("pig-butchering", Activity::FinancialFraud),
    ("swindled", Activity::FinancialFraud),
    ("supply chain", Activity::SupplyChain),
    ("supply-chain", Activity::SupplyChain),
    ("compromised update", Activity::SupplyChain),
    ("compromised software update", Activity::SupplyChain),
    ("trojanized update", Activity::SupplyChain),
    ("trojanized updates", Activity::SupplyChain),
    ("trojanized installer", Activity::SupplyChain),
    ("trojanized installers", Activity::SupplyChain),
    ("malicious update", Activity::SupplyChain),
    ("hijacked update", Activity::SupplyChain),
    ("credential theft", Activity::CredentialTheft),
    ("credential harvesting", Activity::CredentialTheft),
    ("credential-harvesting", Activity::CredentialTheft),
    ("stole credentials", Activity::CredentialTheft),
    ("steal credentials", Activity::CredentialTheft),
    ("infostealer", Activity::CredentialTheft),
    ("infostealers", Activity::CredentialTheft),
    ("password stealer", Activity::CredentialTheft),
    ("credential phishing", Activity::CredentialTheft),
];

/// Words that steer the sentence rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Head noun of an actor phrase ("group", "hackers").
    ActorNoun {
        criminal: bool,
    },
    /// Modifier that makes an actor criminal ("criminal", "ransomware").
    Criminal,
    /// State involvement ("state-sponsored", "intelligence services").
    State,
    Collab(Collab),
    Attack,
    Use,
    /// "attributed to", "linked to", "on behalf of".
    Attrib,
    Theft,
    Crypto,
    /// Reporter / location words: "based in", "told", "researchers".
    Located,
    /// Words that name a malware kind (before "dubbed X").
    MalwareNoun,
    ToolNoun,
    CampaignNoun,
    /// "tracked as", "dubbed", "a.k.a.": a name follows.
    NamePhrase,
    Since,
}

/// The state-crime nexus relationship types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Collab {
    RecruitedBy,
    WorksFor,
    ToleratedBy,
    SharesToolingWith,
}

impl Collab {
    pub fn as_str(self) -> &'static str {
        match self {
            Collab::RecruitedBy => "recruited-by",
            Collab::WorksFor => "works-for",
            Collab::ToleratedBy => "tolerated-by",
            Collab::SharesToolingWith => "shares-tooling-with",
        }
    }
}

pub const CUES: &[(&str, Cue)] = &[
    ("group", Cue::ActorNoun { criminal: false }),
    ("groups", Cue::ActorNoun { criminal: false }),
    ("hackers", Cue::ActorNoun { criminal: false }),
    ("hacker", Cue::ActorNoun { criminal: false }),
    ("hacking group", Cue::ActorNoun { criminal: false }),
    ("hacking groups", Cue::ActorNoun { criminal: false }),
    ("actor", Cue::ActorNoun { criminal: false }),
    ("actors", Cue::ActorNoun { criminal: false }),
    ("threat actor", Cue::ActorNoun { criminal: false }),
    ("threat actors", Cue::ActorNoun { criminal: false }),
    ("operators", Cue::ActorNoun { criminal: false }),
    ("operatives", Cue::ActorNoun { criminal: false }),
    ("spies", Cue::ActorNoun { criminal: false }),
    ("cluster", Cue::ActorNoun { criminal: false }),
    ("unit", Cue::ActorNoun { criminal: false }),
    ("apt", Cue::ActorNoun { criminal: false }),
    ("apt group", Cue::ActorNoun { criminal: false }),
    ("adversary", Cue::ActorNoun { criminal: false }),
    ("adversaries", Cue::ActorNoun { criminal: false }),
    ("intrusion set", Cue::ActorNoun { criminal: false }),
    ("gang", Cue::ActorNoun { criminal: true }),
    ("gangs", Cue::ActorNoun { criminal: true }),
    ("network", Cue::ActorNoun { criminal: false }),
    ("crew", Cue::ActorNoun { criminal: true }),
    ("syndicate", Cue::ActorNoun { criminal: true }),
    ("cybercriminals", Cue::ActorNoun { criminal: true }),
    ("criminals", Cue::ActorNoun { criminal: true }),
    ("affiliates", Cue::ActorNoun { criminal: true }),
    ("fraudsters", Cue::ActorNoun { criminal: true }),
    ("criminal", Cue::Criminal),
    ("cybercriminal", Cue::Criminal),
    ("cybercrime", Cue::Criminal),
    ("financially motivated", Cue::Criminal),
    ("state-sponsored", Cue::State),
    ("state sponsored", Cue::State),
    ("state-backed", Cue::State),
    ("state-linked", Cue::State),
    ("state-aligned", Cue::State),
    ("nation-state", Cue::State),
    ("government-backed", Cue::State),
    ("government-linked", Cue::State),
    ("government-sponsored", Cue::State),
    ("intelligence services", Cue::State),
    ("intelligence service", Cue::State),
    ("intelligence agency", Cue::State),
    ("military intelligence", Cue::State),
    ("security services", Cue::State),
    ("recruit", Cue::Collab(Collab::RecruitedBy)),
    ("recruits", Cue::Collab(Collab::RecruitedBy)),
    ("recruited", Cue::Collab(Collab::RecruitedBy)),
    ("recruiting", Cue::Collab(Collab::RecruitedBy)),
    ("recruitment", Cue::Collab(Collab::RecruitedBy)),
    ("enlist", Cue::Collab(Collab::RecruitedBy)),
    ("enlisted", Cue::Collab(Collab::RecruitedBy)),
    ("co-opt", Cue::Collab(Collab::RecruitedBy)),
    ("co-opted", Cue::Collab(Collab::RecruitedBy)),
    ("hire", Cue::Collab(Collab::WorksFor)),
    ("hired", Cue::Collab(Collab::WorksFor)),
    ("hiring", Cue::Collab(Collab::WorksFor)),
    ("contracted", Cue::Collab(Collab::WorksFor)),
    ("contractors", Cue::Collab(Collab::WorksFor)),
    ("proxies", Cue::Collab(Collab::WorksFor)),
    ("works for", Cue::Collab(Collab::WorksFor)),
    ("working for", Cue::Collab(Collab::WorksFor)),
    ("worked for", Cue::Collab(Collab::WorksFor)),
    ("on behalf of", Cue::Collab(Collab::WorksFor)),
    ("at the behest of", Cue::Collab(Collab::WorksFor)),
    ("outsource", Cue::Collab(Collab::WorksFor)),
    ("outsourcing", Cue::Collab(Collab::WorksFor)),
    ("tolerate", Cue::Collab(Collab::ToleratedBy)),
    ("tolerated", Cue::Collab(Collab::ToleratedBy)),
    ("tolerates", Cue::Collab(Collab::ToleratedBy)),
    ("safe haven", Cue::Collab(Collab::ToleratedBy)),
    ("turn a blind eye", Cue::Collab(Collab::ToleratedBy)),
    ("turns a blind eye", Cue::Collab(Collab::ToleratedBy)),
    ("shelter", Cue::Collab(Collab::ToleratedBy)),
    ("shielded", Cue::Collab(Collab::ToleratedBy)),
    ("shared tooling", Cue::Collab(Collab::SharesToolingWith)),
    ("shares tooling", Cue::Collab(Collab::SharesToolingWith)),
    ("share tooling", Cue::Collab(Collab::SharesToolingWith)),
    ("shared tools", Cue::Collab(Collab::SharesToolingWith)),
    ("share tools", Cue::Collab(Collab::SharesToolingWith)),
    ("same tools", Cue::Collab(Collab::SharesToolingWith)),
    ("same malware", Cue::Collab(Collab::SharesToolingWith)),
    ("targeted", Cue::Attack),
    ("targets", Cue::Attack),
    ("targeting", Cue::Attack),
    ("target", Cue::Attack),
    ("attacked", Cue::Attack),
    ("attacks", Cue::Attack),
    ("attacking", Cue::Attack),
    ("attack", Cue::Attack),
    ("breached", Cue::Attack),
    ("hacked", Cue::Attack),
    ("compromised", Cue::Attack),
    ("infiltrated", Cue::Attack),
    ("penetrated", Cue::Attack),
    ("hit", Cue::Attack),
    ("struck", Cue::Attack),
    ("against", Cue::Attack),
    ("victims", Cue::Attack),
    ("infected", Cue::Attack),
    ("spied on", Cue::Attack),
    // Influence operations act on an audience: "to sway American voters".
    ("sway", Cue::Attack),
    ("swayed", Cue::Attack),
    ("swaying", Cue::Attack),
    ("deceive", Cue::Attack),
    ("deceived", Cue::Attack),
    ("mislead", Cue::Attack),
    ("misled", Cue::Attack),
    ("went after", Cue::Attack),
    ("intrusions", Cue::Attack),
    ("used", Cue::Use),
    ("uses", Cue::Use),
    ("using", Cue::Use),
    ("deployed", Cue::Use),
    ("deploys", Cue::Use),
    ("deploying", Cue::Use),
    ("deploy", Cue::Use),
    ("leveraged", Cue::Use),
    ("leverages", Cue::Use),
    ("dropped", Cue::Use),
    ("drops", Cue::Use),
    ("delivered", Cue::Use),
    ("delivers", Cue::Use),
    ("installed", Cue::Use),
    ("relied on", Cue::Use),
    ("relies on", Cue::Use),
    ("wielded", Cue::Use),
    ("employed", Cue::Use),
    ("employs", Cue::Use),
    ("attributed to", Cue::Attrib),
    ("linked to", Cue::Attrib),
    ("tied to", Cue::Attrib),
    ("connected to", Cue::Attrib),
    ("associated with", Cue::Attrib),
    ("backed by", Cue::Attrib),
    ("sponsored by", Cue::Attrib),
    ("operating for", Cue::Attrib),
    ("aligned with", Cue::Attrib),
    ("stole", Cue::Theft),
    ("stolen", Cue::Theft),
    ("steal", Cue::Theft),
    ("stealing", Cue::Theft),
    ("theft", Cue::Theft),
    ("thefts", Cue::Theft),
    ("heist", Cue::Theft),
    ("heists", Cue::Theft),
    ("looted", Cue::Theft),
    ("drained", Cue::Theft),
    ("siphoned", Cue::Theft),
    ("laundered", Cue::Theft),
    ("cryptocurrency", Cue::Crypto),
    ("cryptocurrencies", Cue::Crypto),
    ("crypto", Cue::Crypto),
    ("bitcoin", Cue::Crypto),
    ("ether", Cue::Crypto),
    ("digital assets", Cue::Crypto),
    ("stablecoins", Cue::Crypto),
    ("tokens", Cue::Crypto),
    ("based in", Cue::Located),
    ("headquartered in", Cue::Located),
    ("told", Cue::Located),
    ("said", Cue::Located),
    ("researchers", Cue::Located),
    ("ransomware", Cue::MalwareNoun),
    ("malware", Cue::MalwareNoun),
    ("backdoor", Cue::MalwareNoun),
    ("loader", Cue::MalwareNoun),
    ("trojan", Cue::MalwareNoun),
    ("stealer", Cue::MalwareNoun),
    ("implant", Cue::MalwareNoun),
    ("botnet", Cue::MalwareNoun),
    ("rat", Cue::MalwareNoun),
    ("strain", Cue::MalwareNoun),
    ("variant", Cue::MalwareNoun),
    ("tool", Cue::ToolNoun),
    ("framework", Cue::ToolNoun),
    ("utility", Cue::ToolNoun),
    ("campaign", Cue::CampaignNoun),
    ("operation", Cue::CampaignNoun),
    ("tracked as", Cue::NamePhrase),
    ("tracks as", Cue::NamePhrase),
    ("dubbed", Cue::NamePhrase),
    ("known as", Cue::NamePhrase),
    ("also known as", Cue::NamePhrase),
    ("a.k.a.", Cue::NamePhrase),
    ("aka", Cue::NamePhrase),
    ("codenamed", Cue::NamePhrase),
    ("track as", Cue::NamePhrase),
    ("they call", Cue::NamePhrase),
    ("we call", Cue::NamePhrase),
    ("it calls", Cue::NamePhrase),
    ("called", Cue::NamePhrase),
    ("named", Cue::NamePhrase),
    ("code-named", Cue::NamePhrase),
    ("nicknamed", Cue::NamePhrase),
    ("which calls itself", Cue::NamePhrase),
    ("also calls", Cue::NamePhrase),
    ("also goes by", Cue::NamePhrase),
    ("also tracked as", Cue::NamePhrase),
    ("since", Cue::Since),
];

/// What a naming convention says about an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convention {
    pub vendor: &'static str,
    /// Country of the state the family stands for.
    pub country: Option<&'static str>,
    /// "state", "criminal", "hacktivist", "psoa", "influence", "unknown".
    pub actor_kind: &'static str,
}

const fn c(
    vendor: &'static str,
    country: Option<&'static str>,
    actor_kind: &'static str,
) -> Convention {
    Convention { vendor, country, actor_kind }
}

/// Code prefixes followed by digits: APT28, UNC2452, TA505, FIN7, Storm-0558.
pub const CODE_PREFIXES: &[(&str, Convention)] = &[
    ("APT", c("Mandiant", None, "state")),
    ("UNC", c("Mandiant", None, "unknown")),
    ("FIN", c("Mandiant", None, "criminal")),
    ("TA", c("Proofpoint", None, "unknown")),
    ("Storm-", c("Microsoft", None, "unknown")),
    ("DEV-", c("Microsoft", None, "unknown")),
    ("UAC-", c("CERT-UA", None, "unknown")),
    ("CL-STA-", c("Palo Alto Networks", None, "state")),
    ("CL-CRI-", c("Palo Alto Networks", None, "criminal")),
    ("CovertNetwork-", c("Microsoft", None, "state")),
    ("TAG-", c("Recorded Future", None, "unknown")),
];

/// Family words that end an actor name: "Forest Blizzard", "FANCY BEAR", "Fighting Ursa".
pub const FAMILY_SUFFIXES: &[(&str, Convention)] = &[
    ("Blizzard", c("Microsoft", Some("RU"), "state")),
    ("Typhoon", c("Microsoft", Some("CN"), "state")),
    ("Sandstorm", c("Microsoft", Some("IR"), "state")),
    ("Sleet", c("Microsoft", Some("KP"), "state")),
    ("Rain", c("Microsoft", Some("LB"), "state")),
    ("Hail", c("Microsoft", Some("KR"), "state")),
    ("Dust", c("Microsoft", Some("TR"), "state")),
    ("Cyclone", c("Microsoft", Some("VN"), "state")),
    ("Gust", c("Microsoft", Some("AE"), "state")),
    ("Squall", c("Microsoft", Some("SG"), "state")),
    ("Vortex", c("Microsoft", Some("PK"), "state")),
    ("Tempest", c("Microsoft", None, "criminal")),
    ("Tsunami", c("Microsoft", None, "psoa")),
    ("Flood", c("Microsoft", None, "influence")),
    ("BEAR", c("CrowdStrike", Some("RU"), "state")),
    ("PANDA", c("CrowdStrike", Some("CN"), "state")),
    ("KITTEN", c("CrowdStrike", Some("IR"), "state")),
    ("CHOLLIMA", c("CrowdStrike", Some("KP"), "state")),
    ("BUFFALO", c("CrowdStrike", Some("VN"), "state")),
    ("CRANE", c("CrowdStrike", Some("KR"), "state")),
    ("TIGER", c("CrowdStrike", Some("IN"), "state")),
    ("LEOPARD", c("CrowdStrike", Some("PK"), "state")),
    ("SPIDER", c("CrowdStrike", None, "criminal")),
    ("JACKAL", c("CrowdStrike", None, "hacktivist")),
    ("Ursa", c("Palo Alto Networks", Some("RU"), "state")),
    ("Taurus", c("Palo Alto Networks", Some("CN"), "state")),
    ("Serpens", c("Palo Alto Networks", Some("IR"), "state")),
    ("Pisces", c("Palo Alto Networks", Some("KP"), "state")),
    ("Draco", c("Palo Alto Networks", Some("PK"), "state")),
    ("Libra", c("Palo Alto Networks", None, "criminal")),
    ("Scorpius", c("Palo Alto Networks", None, "criminal")),
];

/// Secureworks-style first words (two all-capital words): "IRON TWILIGHT", "GOLD SOUTHFIELD".
pub const FAMILY_PREFIXES: &[(&str, Convention)] = &[
    ("IRON", c("Secureworks", Some("RU"), "state")),
    ("BRONZE", c("Secureworks", Some("CN"), "state")),
    ("COBALT", c("Secureworks", Some("IR"), "state")),
    ("NICKEL", c("Secureworks", Some("KP"), "state")),
    ("GOLD", c("Secureworks", None, "criminal")),
];

/// Capitalised words that precede a family word without making an actor name.
pub const FAMILY_STOPWORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "Our",
    "Its",
    "Their",
    "Super",
    "Tropical",
    "Severe",
    "Heavy",
    "Snow",
    "Winter",
    "Great",
    "Big",
    "Teddy",
    "Brown",
    "Polar",
    "Black",
    "Red",
    "Acid",
    "Dust",
    "Giant",
    "Sand",
    "Flash",
    "Of",
    "And",
    "In",
    "On",
    "For",
    "With",
    "By",
    "Microsoft",
    "CrowdStrike",
    "Mandiant",
    "As",
    "Like",
    "Called",
    "Dubbed",
];

/// Single words that are also ordinary English: as names they need exact case and context.
pub const COMMON_WORD_NAMES: &[&str] = &[
    "play",
    "royal",
    "hive",
    "cuba",
    "will",
    "lock",
    "black",
    "blue",
    "red",
    "dark",
    "shadow",
    "ghost",
    "phoenix",
    "snake",
    "cobra",
    "venom",
    "storm",
    "crypto",
    "money",
    "agenda",
    "everest",
    "mimic",
    "stop",
    "snatch",
    "vice",
    "rhino",
    "crown",
    "equation",
    "mars",
    "hydra",
    "nemesis",
    "karma",
    "maze",
    "quantum",
    "cactus",
    "rook",
    "hunters",
    "empire",
    "covenant",
    "sliver",
    "havoc",
    "brute",
    "mythic",
    "responder",
    "donut",
    "target",
    "ranger",
    "guard",
    "pegasus",
    "predator",
    "graphite",
    "sapphire",
    "diamond",
    "ruby",
    "onyx",
    "jade",
    "emerald",
    "pearl",
    "opal",
    "topaz",
    "amber",
    "crystal",
    "silver",
    "golden",
    "iron",
    "steel",
    "copper",
    "zinc",
    "lead",
    "mercury",
    "neptune",
    "pluto",
    "saturn",
    "venus",
    "luna",
    "nova",
    "vega",
    "orion",
    "gemini",
    "leo",
    "virgo",
    "hades",
    "apollo",
    "athena",
    "hermes",
    "kraken",
    "leviathan",
    "wolf",
    "fox",
    "owl",
    "hawk",
    "eagle",
    "falcon",
    "raven",
    "crow",
    "viper",
    "python",
    "mamba",
    "scorpion",
    "wasp",
    "hornet",
    "bee",
    "moth",
    "mantis",
    "cricket",
    "locust",
    "beetle",
    "spider",
    "scarab",
    "matrix",
    "vector",
    "pulse",
    "signal",
    "echo",
    "delta",
    "alpha",
    "beta",
    "gamma",
    "omega",
    "sigma",
    "zero",
    "one",
    "prime",
    "core",
    "base",
    "link",
    "net",
    "web",
    "cloud",
    "sky",
    "sun",
    "moon",
    "star",
    "comet",
    "meteor",
    "rocket",
    "sphinx",
    "phantom",
    "reaper",
    "slayer",
    "hunter",
    "killer",
    "destroyer",
    "breaker",
    "cracker",
    "chaos",
    "embargo",
    "fog",
    "lynx",
    "termite",
    "kitty",
    "hello",
    "mad",
    "cat",
    "inc",
    "entropy",
    "grief",
    "silence",
    "evil",
    "corp",
    "tick",
    "dragon",
    "lotus",
    "ocean",
    "fancy",
    "cozy",
    "agent",
    "tesla",
    "olympic",
    "atlas",
    "titan",
    "ares",
    "zeus",
    "medusa",
    "akira",
    "trigona",
    "lorenz",
    "monti",
    "ragnar",
    "nitrogen",
    "kairos",
    "arcus",
    "interlock",
];

/// Months for activity dates.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
