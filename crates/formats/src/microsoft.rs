//! Microsoft's threat-actor naming map (`MicrosoftMapping.json` of `microsoft/mstic`) and the
//! weather-family rule of Microsoft's 2023 naming taxonomy.
//!
//! The map is a JSON array of `{"Threat actor name", "Origin/Threat", "Other names"}` rows
//! (UTF-8, an optional BOM). Each row becomes one `intrusion-set`, id
//! `Identifier::cairn("intrusion-set", "microsoft:<name>")`:
//! - `Other names` (comma-separated) become `aliases`; the cairn-actor extension's
//!   `alias_vendors` credits Microsoft with the weather name and with Microsoft's own older
//!   names among the aliases (chemical elements such as STRONTIUM, `DEV-####`, `Storm-####`);
//! - `Origin/Threat` gives a country (`originates-from`) and/or a category ("Financially
//!   motivated", "Influence operations", "Private sector offensive actor", "Group in
//!   development", "Covert network");
//! - the family (the name's last word) fills what the row leaves blank: a nation-state family
//!   implies its country of origin, and, because Microsoft files these under "nation-state
//!   actors", also the sponsor (`attributed-to` the same country). Tempest (financially
//!   motivated), Tsunami (private-sector offensive actors), Flood (influence operations) and
//!   Storm-#### (groups in development) imply no sponsor.

use serde_json::Value;
use stix::Identifier;

use crate::emit::{ActorFacts, Emitter, push_unique};
use crate::{
    FormatError, Import, Options, RecordErrors, SourceInfo, SourceKind, countries, record_at,
};

/// Upstream of the naming map.
pub const MICROSOFT_MAPPING_URL: &str = "https://raw.githubusercontent.com/microsoft/mstic/master/PublicFeeds/ThreatActorNaming/MicrosoftMapping.json";

/// The source key of the naming map.
pub const SOURCE_KEY: &str = "microsoft:naming";

/// What a Microsoft family name says about an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    NationState,
    FinanciallyMotivated,
    PrivateSectorOffensiveActor,
    InfluenceOperations,
    GroupInDevelopment,
    CovertNetwork,
}

/// One family of Microsoft's weather taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    pub name: &'static str,
    pub category: Category,
    /// ISO2 of the country of origin, for nation-state families that have one.
    pub country: Option<&'static str>,
}

/// Microsoft's families (April 2023 announcement, plus families seen in the map since:
/// Gust, Squall, Vortex, Lightning, CovertNetwork). Lightning is a nation-state family whose
/// country the map leaves blank.
pub const FAMILIES: &[Family] = &[
    Family { name: "Blizzard", category: Category::NationState, country: Some("RU") },
    Family { name: "Typhoon", category: Category::NationState, country: Some("CN") },
    Family { name: "Sandstorm", category: Category::NationState, country: Some("IR") },
    Family { name: "Sleet", category: Category::NationState, country: Some("KP") },
    Family { name: "Rain", category: Category::NationState, country: Some("LB") },
    Family { name: "Hail", category: Category::NationState, country: Some("KR") },
    Family { name: "Dust", category: Category::NationState, country: Some("TR") },
    Family { name: "Cyclone", category: Category::NationState, country: Some("VN") },
    Family { name: "Gust", category: Category::NationState, country: Some("AE") },
    Family { name: "Squall", category: Category::NationState, country: Some("SG") },
    Family { name: "Vortex", category: Category::NationState, country: Some("PK") },
    Family { name: "Lightning", category: Category::NationState, country: None },
    Family { name: "Tempest", category: Category::FinanciallyMotivated, country: None },
    Family { name: "Tsunami", category: Category::PrivateSectorOffensiveActor, country: None },
    Family { name: "Flood", category: Category::InfluenceOperations, country: None },
    Family { name: "Storm", category: Category::GroupInDevelopment, country: None },
    Family { name: "CovertNetwork", category: Category::CovertNetwork, country: None },
];

/// The family of a Microsoft actor name: its last word ("Forest Blizzard" -> Blizzard), or its
/// prefix for numbered names ("Storm-0558" -> Storm, "CovertNetwork-1658" -> CovertNetwork).
pub fn family_of(name: &str) -> Option<&'static Family> {
    let last = name.split_whitespace().last()?;
    let word = match last.split_once('-') {
        Some((prefix, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            prefix
        }
        _ => last,
    };
    FAMILIES.iter().find(|f| f.name.eq_ignore_ascii_case(word))
}

/// Chemical elements: Microsoft's nation-state names before 2023 (STRONTIUM, IRIDIUM, ...).
const ELEMENTS: &[&str] = &[
    "HYDROGEN",
    "HELIUM",
    "LITHIUM",
    "BERYLLIUM",
    "BORON",
    "CARBON",
    "NITROGEN",
    "OXYGEN",
    "FLUORINE",
    "NEON",
    "SODIUM",
    "MAGNESIUM",
    "ALUMINIUM",
    "ALUMINUM",
    "SILICON",
    "PHOSPHORUS",
    "SULFUR",
    "SULPHUR",
    "CHLORINE",
    "ARGON",
    "POTASSIUM",
    "CALCIUM",
    "SCANDIUM",
    "TITANIUM",
    "VANADIUM",
    "CHROMIUM",
    "MANGANESE",
    "IRON",
    "COBALT",
    "NICKEL",
    "COPPER",
    "ZINC",
    "GALLIUM",
    "GERMANIUM",
    "ARSENIC",
    "SELENIUM",
    "BROMINE",
    "KRYPTON",
    "RUBIDIUM",
    "STRONTIUM",
    "YTTRIUM",
    "ZIRCONIUM",
    "NIOBIUM",
    "MOLYBDENUM",
    "TECHNETIUM",
    "RUTHENIUM",
    "RHODIUM",
    "PALLADIUM",
    "SILVER",
    "CADMIUM",
    "INDIUM",
    "TIN",
    "ANTIMONY",
    "TELLURIUM",
    "IODINE",
    "XENON",
    "CAESIUM",
    "CESIUM",
    "BARIUM",
    "LANTHANUM",
    "CERIUM",
    "PRASEODYMIUM",
    "NEODYMIUM",
    "PROMETHIUM",
    "SAMARIUM",
    "EUROPIUM",
    "GADOLINIUM",
    "TERBIUM",
    "DYSPROSIUM",
    "HOLMIUM",
    "ERBIUM",
    "THULIUM",
    "YTTERBIUM",
    "LUTETIUM",
    "HAFNIUM",
    "TANTALUM",
    "TUNGSTEN",
    "RHENIUM",
    "OSMIUM",
    "IRIDIUM",
    "PLATINUM",
    "GOLD",
    "MERCURY",
    "THALLIUM",
    "LEAD",
    "BISMUTH",
    "POLONIUM",
    "ASTATINE",
    "RADON",
    "FRANCIUM",
    "RADIUM",
    "ACTINIUM",
    "THORIUM",
    "PROTACTINIUM",
    "URANIUM",
    "NEPTUNIUM",
    "PLUTONIUM",
    "AMERICIUM",
    "CURIUM",
    "BERKELIUM",
    "CALIFORNIUM",
    "EINSTEINIUM",
    "FERMIUM",
    "MENDELEVIUM",
    "NOBELIUM",
    "LAWRENCIUM",
    "RUTHERFORDIUM",
    "DUBNIUM",
    "SEABORGIUM",
    "BOHRIUM",
    "HASSIUM",
    "MEITNERIUM",
    "DARMSTADTIUM",
    "ROENTGENIUM",
    "COPERNICIUM",
    "NIHONIUM",
    "FLEROVIUM",
    "MOSCOVIUM",
    "LIVERMORIUM",
    "TENNESSINE",
    "OGANESSON",
];

/// Whether `alias` is one of Microsoft's own names: a weather name, an element name in capitals
/// (the pre-2023 scheme), or a `DEV-####` / `Storm-####` designation.
pub fn is_microsoft_name(alias: &str) -> bool {
    let numbered = |prefix: &str| {
        alias
            .strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("DEV-")
        || numbered("Storm-")
        || ELEMENTS.contains(&alias)
        || (alias.split_whitespace().count() == 2
            && family_of(alias).is_some_and(|f| f.category != Category::GroupInDevelopment))
}

/// What an `Origin/Threat` value says: a country and/or categories.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub country: Option<&'static str>,
    pub categories: Vec<Category>,
    /// Parts that are neither a known country nor a known category.
    pub unknown: Vec<String>,
}

/// Parses `Origin/Threat`: comma-separated country names and categories.
pub fn parse_origin(raw: &str) -> Origin {
    let mut origin = Origin::default();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let category = match part.to_ascii_lowercase().as_str() {
            "financially motivated" => Some(Category::FinanciallyMotivated),
            "private sector offensive actor" | "psoa" => {
                Some(Category::PrivateSectorOffensiveActor)
            }
            "influence operations" => Some(Category::InfluenceOperations),
            "group in development" => Some(Category::GroupInDevelopment),
            "covert network" => Some(Category::CovertNetwork),
            "nation-state" | "nation state" => Some(Category::NationState),
            _ => None,
        };
        if let Some(c) = category {
            push_unique(&mut origin.categories, c);
        } else if let Some(iso2) = countries::lookup(part) {
            if origin.country.is_none() {
                origin.country = Some(iso2);
            }
        } else {
            origin.unknown.push(part.to_owned());
        }
    }
    origin
}

/// Fills `facts` from a Microsoft name and its `Origin/Threat` value (shared by the naming map
/// and MISP's `microsoft-activity-group` cluster). `fallback_country` is used when neither the
/// value nor the family gives a country (MISP's `meta.country`).
pub(crate) fn apply_microsoft_rule(
    facts: &mut ActorFacts,
    origin_raw: Option<&str>,
    fallback_country: Option<&'static str>,
    warnings: &mut Vec<String>,
) {
    let origin = parse_origin(origin_raw.unwrap_or(""));
    for unknown in &origin.unknown {
        warnings.push(format!(
            "{}: Origin/Threat part {unknown:?} is not a known country or category",
            facts.name
        ));
    }
    let family = family_of(&facts.name);
    let mut categories = origin.categories.clone();
    if let Some(f) = family {
        push_unique(&mut categories, f.category);
    }
    let family_country = family.and_then(|f| f.country);
    if let (Some(row), Some(fam)) = (origin.country, family_country)
        && row != fam
    {
        warnings.push(format!(
            "{}: Origin/Threat says {row} but the {} family means {fam}; keeping {row}",
            facts.name,
            family.map_or("", |f| f.name)
        ));
    }
    facts.origin = origin.country.or(family_country).or(fallback_country);
    let nation_state = family.map(|f| f.category) == Some(Category::NationState)
        || (family.is_none() && categories.contains(&Category::NationState));
    if nation_state {
        facts.sponsor = facts.origin;
        facts.actor_kind = Some("state");
    } else if categories.contains(&Category::FinanciallyMotivated) {
        facts.actor_kind = Some("criminal");
        facts.primary_motivation = Some("personal-gain");
    }
    if categories.contains(&Category::InfluenceOperations) {
        push_unique(&mut facts.activity, "influence-operations");
    }
    facts.alias_vendors.insert(facts.name.clone(), "Microsoft".to_owned());
    for alias in &facts.aliases {
        if is_microsoft_name(alias) {
            facts.alias_vendors.insert(alias.clone(), "Microsoft".to_owned());
        }
    }
}

/// The source description of the naming map.
pub fn source() -> SourceInfo {
    SourceInfo {
        key: SOURCE_KEY.to_owned(),
        kind: SourceKind::Reference,
        name: "Microsoft Threat Intelligence threat actor naming map (microsoft/mstic)".to_owned(),
        url: Some(MICROSOFT_MAPPING_URL.to_owned()),
        version: None,
    }
}

/// Loads `MicrosoftMapping.json`.
pub fn load_microsoft_naming(bytes: &[u8], options: &Options) -> Result<Import, FormatError> {
    const EXPECTED: &str = "Microsoft threat-actor naming map";
    let limits =
        stix::json::Limits { max_depth: options.max_depth, max_objects: options.max_records };
    let doc = stix::json::parse_value(bytes, &limits)?;
    let rows = doc
        .as_array()
        .ok_or_else(|| FormatError::shape(EXPECTED, "the document is not a JSON array"))?;
    if rows.len() > options.max_records {
        return Err(FormatError::TooManyRecords { limit: options.max_records });
    }
    let mut errors = RecordErrors::new(options);
    let mut warnings = Vec::new();
    let mut emitter = Emitter::new(SOURCE_KEY);
    for (i, row) in rows.iter().enumerate() {
        let name = row.get("Threat actor name").and_then(Value::as_str).map(str::trim);
        let at = record_at("", i, None, name);
        let Some(map) = row.as_object() else {
            errors.reject(at, "is not a JSON object".to_owned())?;
            continue;
        };
        let name = match map.get("Threat actor name") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
            Some(Value::String(_)) => {
                errors.reject(at, "`Threat actor name` is empty".to_owned())?;
                continue;
            }
            Some(_) => {
                errors.reject(at, "`Threat actor name` is not a string".to_owned())?;
                continue;
            }
            None => {
                errors.reject(at, "has no `Threat actor name`".to_owned())?;
                continue;
            }
        };
        let text = |key: &str| -> Result<Option<&str>, String> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(format!("`{key}` is not a string")),
            }
        };
        let (origin_raw, other) = match (text("Origin/Threat"), text("Other names")) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(reason), _) | (_, Err(reason)) => {
                errors.reject(at, reason)?;
                continue;
            }
        };
        let mut facts = ActorFacts {
            id: Identifier::cairn("intrusion-set", &format!("microsoft:{name}")).to_string(),
            name: name.to_owned(),
            ..ActorFacts::default()
        };
        for alias in other.unwrap_or("").split(',') {
            facts.add_alias(alias);
        }
        let origin_text = origin_raw.map(str::trim).filter(|s| !s.is_empty());
        facts.description = Some(match origin_text {
            Some(o) => format!("Microsoft Threat Intelligence name. Origin/Threat: {o}."),
            None => "Microsoft Threat Intelligence name.".to_owned(),
        });
        apply_microsoft_rule(&mut facts, origin_text, None, &mut warnings);
        if family_of(name).is_none() {
            warnings.push(format!("{name}: not a known Microsoft family name"));
        }
        emitter.actor(facts);
    }
    Ok(Import {
        source: source(),
        objects: emitter.finish(),
        warnings,
        rejected: errors.rejected,
        revoked: 0,
        deprecated: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        let check = |name: &str, family: Option<&str>| {
            assert_eq!(family_of(name).map(|f| f.name), family, "{name}");
        };
        check("Forest Blizzard", Some("Blizzard"));
        check("Storm-0558", Some("Storm"));
        check("CovertNetwork-1658", Some("CovertNetwork"));
        check("Sangria Tempest", Some("Tempest"));
        check("APT28", None);
        check("", None);
    }

    #[test]
    fn microsoft_names() {
        for yes in ["STRONTIUM", "IRIDIUM", "DEV-0586", "Storm-0558", "Forest Blizzard"] {
            assert!(is_microsoft_name(yes), "{yes}");
        }
        for no in ["APT28", "FANCY BEAR", "Iridium", "DEV-", "Sandworm"] {
            assert!(!is_microsoft_name(no), "{no}");
        }
    }

    #[test]
    fn origins() {
        let o = parse_origin("Israel, Private sector offensive actor");
        assert_eq!(o.country, Some("IL"));
        assert_eq!(o.categories, vec![Category::PrivateSectorOffensiveActor]);
        let o = parse_origin("Korea");
        assert_eq!(o.country, Some("KR"));
        let o = parse_origin("Mars, Financially motivated");
        assert_eq!(o.unknown, vec!["Mars".to_owned()]);
        assert_eq!(parse_origin(""), Origin::default());
    }
}
