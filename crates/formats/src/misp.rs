//! MISP galaxy cluster files (`clusters/<name>.json` of `MISP/misp-galaxy`).
//!
//! A cluster file is `{type, uuid, name, version, values: [{value, uuid, description, meta,
//! related}]}`. Each value becomes one STIX object with the value's uuid as its id
//! (`intrusion-set--<uuid>`, `malware--<uuid>`, ...), except in the `mitre-*` clusters, whose
//! uuids are ATT&CK's own STIX ids: those get `Identifier::cairn(type, "misp-galaxy:<cluster
//! type>:<uuid>")` so that MISP's copy never overwrites ATT&CK's object.
//!
//! | cluster type | STIX |
//! |---|---|
//! | threat-actor, microsoft-activity-group, 360net-threat-actor, groups (Tidal), mitre-intrusion-set | `intrusion-set` + relationships |
//! | ransomware | `malware`, `malware_types: ["ransomware"]` |
//! | malpedia, mitre-malware, rat, backdoor, banker, stealer, wiper, botnet, android, exploit-kit, cryptominers | `malware`, `is_family: true` |
//! | tool, mitre-tool, software (Tidal, by its `meta.type`) | `tool` (Tidal malware: `malware`) |
//! | mitre-attack-pattern | `attack-pattern` |
//! | producer, surveillance-vendor, intelligence-agency | `identity` (organization) |
//! | sector | `identity` (class) |
//! | country, region | `location` (Cairn's country/region ids) |
//!
//! Threat actors: `meta.synonyms` and the names of `meta.name-attribution` become `aliases`;
//! `name-attribution` (`"Alias:<producer uuid>"`) and `origin:<alias>` (`"Vendor"`) fill the
//! cairn-actor extension's `alias_vendors` (producer uuids are resolved with `producer.json`
//! when the [`Context`] has it, else the uuid is kept); `meta.country` is the origin
//! (`originates-from`), `cfr-suspected-state-sponsor` (a country name) the sponsor
//! (`attributed-to`), with `attribution-confidence` as their confidence;
//! `cfr-suspected-victims` become `targets` countries (or regions), `cfr-target-category` and
//! `targeted-sector` `targets` sectors; `cfr-type-of-incident` and `motive` give
//! `primary_motivation` and the extension's `activity`. MISP `related` links ("similar", "uses",
//! ...) are not turned into `same-as`: "similar" is not "same" (MISP even links Seashell
//! Blizzard to the Iranian IRIDIUM as "similar"). The one `same-as` MISP does assert is
//! Microsoft's renaming inside `microsoft-activity-group`: the new name's value lists the old
//! name, itself a value of the cluster, as a synonym (Forest Blizzard -> STRONTIUM).
//!
//! `related` links that have a STIX meaning become relationships: `uses`, `used-by` (turned
//! around into `uses`), `targets`, `subtechnique-of`, `revoked-by`, `variant-of`, kept only
//! between the object types STIX defines them for. Their other end is often a value of another
//! cluster: [`Context::add_index`] (or `sync::misp_context`) makes those resolvable; links to
//! clusters not indexed are counted in a warning and left out.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};
use stix::Identifier;

use crate::emit::{ActorFacts, Emitter, FIXED_TIMESTAMP, push_unique, url_reference};
use crate::{
    FormatError, Import, Options, RecordErrors, SourceInfo, SourceKind, countries, microsoft,
    record_at, regions, sectors, truncate,
};

/// Upstream of the cluster files: `<BASE>/<file name>`.
pub const MISP_GALAXY_CLUSTERS_BASE: &str =
    "https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters";

/// Cluster files `cairn sync` loads, in load order (producer and country first: the others use
/// them).
pub const CLUSTER_FILES: &[&str] = &[
    "producer.json",
    "country.json",
    "region.json",
    "sector.json",
    "threat-actor.json",
    "microsoft-activity-group.json",
    "360net.json",
    "tidal-groups.json",
    "mitre-intrusion-set.json",
    "mitre-malware.json",
    "mitre-tool.json",
    "mitre-attack-pattern.json",
    "tidal-software.json",
    "malpedia.json",
    "ransomware.json",
    "tool.json",
    "rat.json",
    "botnet.json",
    "backdoor.json",
    "banker.json",
    "stealer.json",
    "wiper.json",
    "exploit-kit.json",
    "android.json",
    "cryptominers.json",
    "surveillance-vendor.json",
    "intelligence-agencies.json",
];

/// Side data a cluster uses: producer names (for `name-attribution`) and country names.
#[derive(Clone, Debug, Default)]
pub struct Context {
    producers: HashMap<String, String>,
    country_names: HashMap<String, &'static str>,
    /// Value uuid -> STIX id, over every cluster indexed: resolves `related` links between
    /// clusters (a threat actor `uses` a tool of another cluster).
    ids: HashMap<String, String>,
}

impl Context {
    pub fn new() -> Self {
        Context::default()
    }

    /// Learns producer uuids -> names from `producer.json`. Returns how many.
    pub fn add_producers(&mut self, bytes: &[u8], options: &Options) -> Result<usize, FormatError> {
        let cluster = parse_cluster(bytes, options)?;
        let mut n = 0;
        for value in cluster.values {
            if let (Some(uuid), Some(name)) = (
                value.get("uuid").and_then(Value::as_str),
                value.get("value").and_then(Value::as_str),
            ) {
                self.producers.insert(uuid.to_ascii_lowercase(), name.to_owned());
                n += 1;
            }
        }
        Ok(n)
    }

    /// Learns country names -> ISO2 from MISP's `country.json` (only for codes Cairn's own
    /// table knows). Returns how many names.
    pub fn add_countries(&mut self, bytes: &[u8], options: &Options) -> Result<usize, FormatError> {
        let cluster = parse_cluster(bytes, options)?;
        let mut n = 0;
        for value in cluster.values {
            let meta = value.get("meta");
            let Some(iso2) =
                meta.and_then(|m| m.get("ISO")).and_then(Value::as_str).and_then(countries::lookup)
            else {
                continue;
            };
            for key in ["value", "description"] {
                if let Some(name) = value.get(key).and_then(Value::as_str) {
                    self.country_names.insert(countries::normalize(name), iso2);
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Learns the STIX ids of a cluster's values, so that other clusters' `related` links to
    /// them become relationships. Returns how many; a cluster type Cairn does not map adds none.
    pub fn add_index(&mut self, bytes: &[u8], options: &Options) -> Result<usize, FormatError> {
        let cluster = parse_cluster(bytes, options)?;
        let Some(mapping) = mapping(&cluster.ty, cluster.category.as_deref()) else {
            return Ok(0);
        };
        let mut n = 0;
        for value in &cluster.values {
            if let (Some(uuid), Some(id)) =
                (value_uuid(value), value_id(&cluster.ty, mapping, value))
            {
                self.ids.insert(uuid, id);
                n += 1;
            }
        }
        Ok(n)
    }

    /// The name of a producer uuid, if known.
    pub fn producer(&self, uuid: &str) -> Option<&str> {
        self.producers.get(&uuid.to_ascii_lowercase()).map(String::as_str)
    }

    /// ISO2 of a country name or code: Cairn's table first, then MISP's country names.
    pub fn country(&self, name: &str) -> Option<&'static str> {
        countries::lookup(name)
            .or_else(|| self.country_names.get(&countries::normalize(name)).copied())
    }
}

/// The parsed envelope of a cluster file.
struct Cluster {
    ty: String,
    version: Option<String>,
    name: Option<String>,
    category: Option<String>,
    values: Vec<Value>,
}

fn parse_cluster(bytes: &[u8], options: &Options) -> Result<Cluster, FormatError> {
    const EXPECTED: &str = "MISP galaxy cluster";
    let limits =
        stix::json::Limits { max_depth: options.max_depth, max_objects: options.max_records };
    let doc = stix::json::parse_value(bytes, &limits)?;
    let Value::Object(mut map) = doc else {
        return Err(FormatError::shape(EXPECTED, "the document is not a JSON object"));
    };
    let ty = match map.get("type") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_owned(),
        Some(_) => return Err(FormatError::shape(EXPECTED, "`type` is not a non-empty string")),
        None => return Err(FormatError::shape(EXPECTED, "has no `type`")),
    };
    let values = match map.remove("values") {
        Some(Value::Array(v)) => v,
        Some(_) => return Err(FormatError::shape(EXPECTED, "`values` is not an array")),
        None => return Err(FormatError::shape(EXPECTED, "has no `values`")),
    };
    if values.len() > options.max_records {
        return Err(FormatError::TooManyRecords { limit: options.max_records });
    }
    let version = match map.get("version") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let name = map.get("name").and_then(Value::as_str).map(str::to_owned);
    let category = map.get("category").and_then(Value::as_str).map(str::to_owned);
    Ok(Cluster { ty, version, name, category, values })
}

/// What STIX objects a cluster type becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapping {
    Actor,
    MicrosoftActor,
    Malware(Option<&'static str>),
    Tool,
    TidalSoftware,
    AttackPattern,
    Organization,
    Sector,
    Country,
    Region,
}

fn mapping(cluster_type: &str, category: Option<&str>) -> Option<Mapping> {
    Some(match cluster_type {
        "threat-actor" | "360net-threat-actor" | "groups" | "mitre-intrusion-set" => Mapping::Actor,
        "microsoft-activity-group" => Mapping::MicrosoftActor,
        "ransomware" => Mapping::Malware(Some("ransomware")),
        "rat" => Mapping::Malware(Some("remote-access-trojan")),
        "backdoor" => Mapping::Malware(Some("backdoor")),
        "banker" => Mapping::Malware(Some("trojan")),
        "stealer" => Mapping::Malware(Some("spyware")),
        "wiper" => Mapping::Malware(Some("wiper")),
        "botnet" => Mapping::Malware(Some("bot")),
        "exploit-kit" => Mapping::Malware(Some("exploit-kit")),
        "cryptominers" => Mapping::Malware(Some("resource-exploitation")),
        "malpedia" | "mitre-malware" | "android" => Mapping::Malware(None),
        "tool" | "mitre-tool" => Mapping::Tool,
        "software" => Mapping::TidalSoftware,
        "mitre-attack-pattern" => Mapping::AttackPattern,
        "producer" | "surveillance-vendor" | "intelligence-agency" => Mapping::Organization,
        "sector" => Mapping::Sector,
        "country" => Mapping::Country,
        "region" => Mapping::Region,
        _ => match category {
            Some("actor") => Mapping::Actor,
            Some("tool") => Mapping::Malware(None),
            _ => return None,
        },
    })
}

/// The source description of a cluster type.
pub fn source(cluster_type: &str, name: Option<&str>, version: Option<String>) -> SourceInfo {
    let file = match cluster_type {
        "360net-threat-actor" => "360net.json".to_owned(),
        "groups" => "tidal-groups.json".to_owned(),
        "software" => "tidal-software.json".to_owned(),
        "intelligence-agency" => "intelligence-agencies.json".to_owned(),
        other => format!("{other}.json"),
    };
    SourceInfo {
        key: format!("misp-galaxy:{cluster_type}"),
        kind: SourceKind::Reference,
        name: format!("MISP galaxy: {}", name.unwrap_or(cluster_type)),
        url: Some(format!("{MISP_GALAXY_CLUSTERS_BASE}/{file}")),
        version,
    }
}

/// Loads one cluster file.
pub fn load_misp_cluster(
    bytes: &[u8],
    context: &Context,
    options: &Options,
) -> Result<Import, FormatError> {
    let cluster = parse_cluster(bytes, options)?;
    let category = cluster.category.clone();
    let Some(mapping) = mapping(&cluster.ty, category.as_deref()) else {
        return Err(FormatError::Unknown(format!(
            ": MISP cluster type {:?} (category {:?}) is not one Cairn maps to STIX",
            truncate(&cluster.ty, 60),
            category.as_deref().map(|c| truncate(c, 60))
        )));
    };
    let source = source(&cluster.ty, cluster.name.as_deref(), cluster.version.clone());
    // Microsoft's renaming (STRONTIUM -> Forest Blizzard): value names of the cluster.
    let mut value_names = HashMap::new();
    if mapping == Mapping::MicrosoftActor {
        for value in &cluster.values {
            if let (Some(name), Some(uuid)) = (
                value.get("value").and_then(Value::as_str),
                value.get("uuid").and_then(Value::as_str),
            ) {
                value_names.insert(name.trim().to_owned(), uuid.trim().to_ascii_lowercase());
            }
        }
    }
    let local_ids = cluster
        .values
        .iter()
        .filter_map(|v| Some((value_uuid(v)?, value_id(&cluster.ty, mapping, v)?)))
        .collect();
    let mut loader = Loader {
        cluster_type: &cluster.ty,
        value_names,
        local_ids,
        unresolved_links: 0,
        context,
        emitter: Emitter::new(&source.key),
        warnings: Vec::new(),
        unmapped_victims: BTreeMap::new(),
        unmapped_sectors: BTreeMap::new(),
        unmapped_sponsors: BTreeMap::new(),
    };
    let mut errors = RecordErrors::new(options);
    for (i, value) in cluster.values.iter().enumerate() {
        let uuid = value.get("uuid").and_then(Value::as_str);
        let name = value.get("value").and_then(Value::as_str);
        let at = record_at("values", i, uuid, name);
        let record = match check_value(value) {
            Ok(record) => record,
            Err(reason) => {
                errors.reject(at, reason)?;
                continue;
            }
        };
        if let Err(reason) = loader.value(mapping, &record) {
            errors.reject(at, reason)?;
        }
    }
    let mut warnings = loader.warnings;
    summarize(
        &mut warnings,
        "victim names not mapped to a country or region",
        &loader.unmapped_victims,
    );
    summarize(
        &mut warnings,
        "sector labels not mapped to industry-sector-ov",
        &loader.unmapped_sectors,
    );
    summarize(&mut warnings, "state sponsors not mapped to a country", &loader.unmapped_sponsors);
    if loader.unresolved_links > 0 {
        warnings.push(format!(
            "{} related links point at values of clusters not indexed (kept out)",
            loader.unresolved_links
        ));
    }
    Ok(Import {
        source,
        objects: loader.emitter.finish(),
        warnings,
        rejected: errors.rejected,
        revoked: 0,
        deprecated: 0,
    })
}

fn summarize(warnings: &mut Vec<String>, what: &str, names: &BTreeMap<String, usize>) {
    if names.is_empty() {
        return;
    }
    let mut top: Vec<_> = names.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let examples: Vec<String> = top.iter().take(8).map(|(n, c)| format!("{n:?} ×{c}")).collect();
    warnings.push(format!("{} {what} (kept out): {}", names.len(), examples.join(", ")));
}

/// A cluster value that passed the shape checks.
struct Record<'a> {
    uuid: String,
    name: &'a str,
    description: Option<&'a str>,
    meta: Option<&'a Map<String, Value>>,
    related: &'a [Value],
}

fn value_uuid(value: &Value) -> Option<String> {
    value.get("uuid").and_then(Value::as_str).map(|u| u.trim().to_ascii_lowercase())
}

/// The STIX id of a value of a `cluster_type` cluster: its uuid, or a Cairn id for `mitre-*`
/// clusters (whose uuids are ATT&CK's own ids).
fn stix_id(cluster_type: &str, stix_type: &str, uuid: &str) -> String {
    if cluster_type.starts_with("mitre-") {
        Identifier::cairn(stix_type, &format!("misp-galaxy:{cluster_type}:{uuid}")).to_string()
    } else {
        format!("{stix_type}--{uuid}")
    }
}

fn tidal_is_malware(meta: Option<&Map<String, Value>>) -> bool {
    meta_list(meta, "type").iter().any(|t| t.eq_ignore_ascii_case("malware"))
}

/// The id the loader gives a value (`None` when it emits nothing for it).
fn value_id(cluster_type: &str, mapping: Mapping, value: &Value) -> Option<String> {
    let uuid = value_uuid(value)?;
    let meta = value.get("meta").and_then(Value::as_object);
    let stix_type = match mapping {
        Mapping::Actor | Mapping::MicrosoftActor => "intrusion-set",
        Mapping::Malware(_) => "malware",
        Mapping::Tool => "tool",
        Mapping::TidalSoftware if tidal_is_malware(meta) => "malware",
        Mapping::TidalSoftware => "tool",
        Mapping::AttackPattern => "attack-pattern",
        Mapping::Organization | Mapping::Sector => "identity",
        Mapping::Country => {
            let iso = meta_str(meta, "ISO")?;
            let iso2 =
                countries::lookup(iso).map_or_else(|| iso.to_ascii_uppercase(), str::to_owned);
            return Some(crate::country_id(&iso2).to_string());
        }
        Mapping::Region => {
            let name = value.get("value").and_then(Value::as_str)?;
            let name = name.split_once(" - ").map_or(name, |(_, n)| n);
            return regions::lookup(name).map(|(ov, _)| crate::region_id(ov).to_string());
        }
    };
    Identifier::parse(&format!("{stix_type}--{uuid}")).ok()?;
    Some(stix_id(cluster_type, stix_type, &uuid))
}

/// How a MISP `related` type becomes a STIX relationship: `(relationship_type, reversed)`.
/// "similar", "overlaps", "linked-to" and the like assert no STIX relationship and are dropped.
fn related_type(misp_type: &str) -> Option<(&'static str, bool)> {
    Some(match misp_type {
        "uses" => ("uses", false),
        "used-by" => ("uses", true),
        "targets" => ("targets", false),
        "subtechnique-of" => ("subtechnique-of", false),
        "revoked-by" => ("revoked-by", false),
        "variant-of" => ("variant-of", false),
        _ => return None,
    })
}

/// Whether STIX 2.1 defines `relationship_type` between these object types (the common
/// relationships of §4/§5; others are left out rather than emitted off-spec).
fn relationship_allowed(relationship_type: &str, from: &str, to: &str) -> bool {
    let from = from.split_once("--").map_or("", |(t, _)| t);
    let to = to.split_once("--").map_or("", |(t, _)| t);
    match relationship_type {
        "uses" => {
            matches!(from, "intrusion-set" | "threat-actor" | "campaign" | "malware" | "tool")
                && matches!(to, "malware" | "tool" | "attack-pattern")
        }
        "targets" => {
            matches!(
                from,
                "intrusion-set"
                    | "threat-actor"
                    | "campaign"
                    | "malware"
                    | "tool"
                    | "attack-pattern"
            ) && matches!(to, "identity" | "location" | "vulnerability")
        }
        "variant-of" => from == "malware" && to == "malware",
        "subtechnique-of" => from == "attack-pattern" && to == "attack-pattern",
        "revoked-by" => from == to,
        _ => false,
    }
}

/// MISP's `mitre-*` clusters append " - <ATT&CK id>" to names ("APT28 - G0007"); the STIX name
/// is the name alone.
fn strip_attack_suffix<'a>(name: &'a str, meta: Option<&Map<String, Value>>) -> &'a str {
    match meta_str(meta, "external_id") {
        Some(id) => name.strip_suffix(id).and_then(|n| n.strip_suffix(" - ")).unwrap_or(name),
        None => name,
    }
}

fn check_value(value: &Value) -> Result<Record<'_>, String> {
    let map = value.as_object().ok_or("is not a JSON object")?;
    let name = match map.get("value") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
        Some(Value::String(_)) => return Err("`value` is empty".into()),
        Some(_) => return Err("`value` is not a string".into()),
        None => return Err("has no `value`".into()),
    };
    let uuid = match map.get("uuid") {
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        Some(_) => return Err("`uuid` is not a string".into()),
        None => return Err("has no `uuid`".into()),
    };
    // The uuid becomes a STIX id: it must be one.
    if Identifier::parse(&format!("identity--{uuid}")).is_err() {
        return Err(format!("`uuid` {:?} is not a UUID", truncate(&uuid, 60)));
    }
    let description = match map.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err("`description` is not a string".into()),
    };
    let meta = match map.get("meta") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => return Err("`meta` is not an object".into()),
    };
    let name = strip_attack_suffix(name, meta);
    // `related` is auxiliary: a malformed one is ignored rather than costing the record.
    let related = map.get("related").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    Ok(Record { uuid, name, description, meta, related })
}

/// A meta field as a list of strings (MISP writes one value as a string, several as an array;
/// non-string entries are ignored).
fn meta_list<'a>(meta: Option<&'a Map<String, Value>>, key: &str) -> Vec<&'a str> {
    match meta.and_then(|m| m.get(key)) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn meta_str<'a>(meta: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a str> {
    meta_list(meta, key).into_iter().map(str::trim).find(|s| !s.is_empty())
}

/// What a motive label implies: `(primary_motivation, activity, actor kind)`.
type Motive = (Option<&'static str>, Option<&'static str>, Option<&'static str>);

/// `(substring of a lower-cased label, what it implies)`.
const MOTIVES: &[(&str, Motive)] = &[
    (
        "business email compromise",
        (Some("personal-gain"), Some("business-email-compromise"), Some("criminal")),
    ),
    ("financial theft", (Some("personal-gain"), Some("financial-theft"), Some("criminal"))),
    ("financial gain", (Some("personal-gain"), None, Some("criminal"))),
    ("financially motivated", (Some("personal-gain"), None, Some("criminal"))),
    ("cybercrime", (Some("personal-gain"), None, Some("criminal"))),
    ("extortion", (Some("personal-gain"), Some("extortion"), Some("criminal"))),
    ("espionage", (Some("organizational-gain"), Some("espionage"), None)),
    ("sabotage", (Some("dominance"), Some("sabotage"), None)),
    ("destruction", (Some("dominance"), Some("sabotage"), None)),
    ("denial of service", (None, Some("denial-of-service"), None)),
    ("disruption", (None, Some("disruption"), None)),
    ("defacement", (None, Some("defacement"), None)),
    ("information operations", (Some("ideology"), Some("influence-operations"), None)),
    ("influence operations", (Some("ideology"), Some("influence-operations"), None)),
    ("hacktivis", (Some("ideology"), Some("hacktivism"), Some("hacktivist"))),
    ("ideology", (Some("ideology"), None, None)),
];

struct Loader<'a> {
    cluster_type: &'a str,
    /// Value name -> uuid, for the `microsoft-activity-group` cluster only.
    value_names: HashMap<String, String>,
    /// Value uuid -> STIX id, for this cluster's own values.
    local_ids: HashMap<String, String>,
    /// `related` links whose other end is in no indexed cluster.
    unresolved_links: usize,
    context: &'a Context,
    emitter: Emitter,
    warnings: Vec<String>,
    unmapped_victims: BTreeMap<String, usize>,
    unmapped_sectors: BTreeMap<String, usize>,
    unmapped_sponsors: BTreeMap<String, usize>,
}

impl Loader<'_> {
    /// The id of a value: its uuid, or a Cairn id for `mitre-*` clusters (whose uuids are
    /// ATT&CK's own ids).
    fn id(&self, stix_type: &str, uuid: &str) -> String {
        stix_id(self.cluster_type, stix_type, uuid)
    }

    /// Turns the value's `related` links into relationships (see [`related_type`]).
    fn related(&mut self, record: &Record<'_>) {
        let Some(src) = self.local_ids.get(&record.uuid).cloned() else { return };
        for link in record.related {
            let (Some(dest), Some(kind)) = (
                link.get("dest-uuid").and_then(Value::as_str),
                link.get("type").and_then(Value::as_str),
            ) else {
                continue;
            };
            let Some((relationship_type, reversed)) = related_type(kind) else { continue };
            let dest = dest.trim().to_ascii_lowercase();
            let Some(dst) =
                self.local_ids.get(&dest).or_else(|| self.context.ids.get(&dest)).cloned()
            else {
                self.unresolved_links += 1;
                continue;
            };
            let (from, to) = if reversed { (dst, src.clone()) } else { (src.clone(), dst) };
            if from != to && relationship_allowed(relationship_type, &from, &to) {
                self.emitter.relationship(&from, relationship_type, &to, None);
            }
        }
    }

    /// `meta.country`: an ISO2 code in most clusters, a lower-case English word in Qihoo 360's,
    /// where "korea" means North Korea (Lazarus, ScarCruft, Kimsuky) and South Korea is
    /// "southKorea".
    fn origin_country(&self, raw: &str) -> Option<&'static str> {
        if self.cluster_type == "360net-threat-actor" {
            match raw.to_ascii_lowercase().as_str() {
                "korea" => return Some("KP"),
                "southkorea" => return Some("KR"),
                "kaz" => return Some("KZ"),
                "trq" => return Some("TR"),
                // Regions ("mideast", "southeast", "namerica") are no country of origin.
                "mideast" | "southeast" | "namerica" => return None,
                _ => {}
            }
        }
        self.context.country(raw)
    }

    fn external_references(&self, record: &Record<'_>) -> Vec<Value> {
        let mut refs = vec![json!({"source_name": "misp-galaxy", "external_id": record.uuid})];
        for key in ["external_id", "group_attack_id", "software_attack_id"] {
            if let Some(id) = meta_str(record.meta, key)
                && is_attack_id(id)
            {
                push_unique(&mut refs, json!({"source_name": "mitre-attack", "external_id": id}));
            }
        }
        for key in ["refs", "official-refs"] {
            for url in meta_list(record.meta, key) {
                if let Some(r) = url_reference(url) {
                    push_unique(&mut refs, r);
                }
            }
        }
        refs
    }

    fn value(&mut self, mapping: Mapping, record: &Record<'_>) -> Result<(), String> {
        self.emit_value(mapping, record)?;
        self.related(record);
        Ok(())
    }

    fn emit_value(&mut self, mapping: Mapping, record: &Record<'_>) -> Result<(), String> {
        match mapping {
            Mapping::Actor | Mapping::MicrosoftActor => self.actor(mapping, record),
            Mapping::Malware(malware_type) => {
                self.software("malware", record, malware_type);
                Ok(())
            }
            Mapping::Tool => {
                self.software("tool", record, None);
                Ok(())
            }
            Mapping::TidalSoftware => {
                let is_malware = tidal_is_malware(record.meta);
                self.software(if is_malware { "malware" } else { "tool" }, record, None);
                Ok(())
            }
            Mapping::AttackPattern => {
                self.attack_pattern(record);
                Ok(())
            }
            Mapping::Organization => {
                self.organization(record);
                Ok(())
            }
            Mapping::Sector => {
                self.sector(record);
                Ok(())
            }
            Mapping::Country => self.country(record),
            Mapping::Region => {
                // "002 - Africa": the name after the UN M49 code.
                let name = record.name.split_once(" - ").map_or(record.name, |(_, n)| n);
                match regions::lookup(name) {
                    Some((ov, display)) => {
                        self.emitter.region(ov, display);
                    }
                    None => {
                        *self.unmapped_victims.entry(record.name.to_owned()).or_default() += 1;
                    }
                }
                Ok(())
            }
        }
    }

    fn actor(&mut self, mapping: Mapping, record: &Record<'_>) -> Result<(), String> {
        let meta = record.meta;
        let mut facts = ActorFacts {
            id: self.id("intrusion-set", &record.uuid),
            name: record.name.to_owned(),
            description: record.description.map(str::to_owned),
            external_references: self.external_references(record),
            ..ActorFacts::default()
        };
        for synonym in meta_list(meta, "synonyms") {
            if is_attack_id(synonym.trim()) {
                let r = json!({"source_name": "mitre-attack", "external_id": synonym.trim()});
                push_unique(&mut facts.external_references, r);
            } else {
                facts.add_alias(synonym);
            }
        }
        for entry in meta_list(meta, "name-attribution") {
            // "Alias:producer-uuid"; the alias itself may contain ':'.
            let Some((alias, producer)) = entry.rsplit_once(':') else {
                self.warnings.push(format!(
                    "{}: name-attribution {:?} has no producer",
                    record.name,
                    truncate(entry, 80)
                ));
                continue;
            };
            let alias = alias.trim();
            let producer = producer.trim();
            if alias.is_empty() {
                continue;
            }
            if is_attack_id(alias) {
                push_unique(
                    &mut facts.external_references,
                    json!({"source_name": "mitre-attack", "external_id": alias}),
                );
                continue;
            }
            facts.add_alias(alias);
            let vendor = self.context.producer(producer).unwrap_or(producer);
            facts.alias_vendors.insert(alias.to_owned(), vendor.to_owned());
        }
        if let Some(meta) = meta {
            for (key, value) in meta {
                if let (Some(alias), Some(vendor)) = (key.strip_prefix("origin:"), value.as_str()) {
                    let alias = alias.trim();
                    if !alias.is_empty() && !vendor.trim().is_empty() {
                        facts.add_alias(alias);
                        facts.alias_vendors.insert(alias.to_owned(), vendor.trim().to_owned());
                    }
                }
            }
        }
        facts.attribution_confidence = meta_str(meta, "attribution-confidence")
            .and_then(|c| c.parse::<u8>().ok())
            .filter(|c| *c <= 100);
        let country = meta_str(meta, "country");
        let origin = match country {
            Some(c) => match self.origin_country(c) {
                Some(iso2) => Some(iso2),
                None => {
                    *self.unmapped_victims.entry(format!("country: {c}")).or_default() += 1;
                    None
                }
            },
            None => None,
        };
        if mapping == Mapping::MicrosoftActor {
            let origin_raw = meta_str(meta, "microsoft-origin-threat");
            microsoft::apply_microsoft_rule(&mut facts, origin_raw, origin, &mut self.warnings);
            // MISP keeps Microsoft's pre-2023 names (STRONTIUM) as values of their own and lists
            // them as synonyms of the new name (Forest Blizzard): that is Microsoft's renaming,
            // so the two records are the same actor. Only Microsoft's own names count; other
            // synonyms, and MISP's "similar" links, assert no identity.
            if microsoft::family_of(record.name).is_some() {
                for alias in &facts.aliases {
                    if microsoft::is_microsoft_name(alias)
                        && let Some(uuid) = self.value_names.get(alias)
                        && *uuid != record.uuid
                    {
                        facts.same_as.push(self.id("intrusion-set", uuid));
                    }
                }
            }
        } else {
            facts.origin = origin;
        }
        if let Some(sponsor) = meta_str(meta, "cfr-suspected-state-sponsor")
            && !sponsor.eq_ignore_ascii_case("unknown")
        {
            if let Some(iso2) = self.context.country(sponsor) {
                facts.sponsor = Some(iso2);
                facts.actor_kind = Some("state");
            } else {
                *self.unmapped_sponsors.entry(sponsor.to_owned()).or_default() += 1;
            }
        }
        for key in ["cfr-type-of-incident", "motive", "observed_motivations"] {
            for label in meta_list(meta, key) {
                let lower = label.to_lowercase();
                for &(needle, (motivation, activity, kind)) in MOTIVES {
                    if !lower.contains(needle) {
                        continue;
                    }
                    if facts.primary_motivation.is_none() {
                        facts.primary_motivation = motivation;
                    }
                    if let Some(a) = activity {
                        push_unique(&mut facts.activity, a);
                    }
                    if facts.actor_kind.is_none() {
                        facts.actor_kind = kind;
                    }
                }
            }
        }
        for key in ["cfr-suspected-victims", "suspected-victims", "observed_countries"] {
            for victim in meta_list(meta, key) {
                if let Some(iso2) = self.context.country(victim) {
                    push_unique(&mut facts.victim_countries, iso2);
                } else if let Some(region) = regions::lookup(victim) {
                    push_unique(&mut facts.victim_regions, region);
                } else {
                    *self.unmapped_victims.entry(victim.to_owned()).or_default() += 1;
                }
            }
        }
        // microsoft-activity-group's `meta.sector` repeats Origin/Threat ("Russia"): not a sector.
        let sector_keys: &[&str] = if mapping == Mapping::MicrosoftActor {
            &[]
        } else {
            &[
                "cfr-target-category",
                "targeted-sector",
                "target-category",
                "target_categories",
                "sector",
            ]
        };
        for key in sector_keys {
            for label in meta_list(meta, key) {
                match sectors::lookup(label) {
                    Some(ov) => push_unique(&mut facts.victim_sectors, ov),
                    None => *self.unmapped_sectors.entry(label.to_owned()).or_default() += 1,
                }
            }
        }
        self.emitter.actor(facts);
        Ok(())
    }

    fn software(&mut self, stix_type: &str, record: &Record<'_>, malware_type: Option<&str>) {
        let mut map = base_object(stix_type, &self.id(stix_type, &record.uuid));
        map.insert("name".into(), json!(record.name));
        if let Some(d) = record.description.filter(|d| !d.trim().is_empty()) {
            map.insert("description".into(), json!(d));
        }
        if stix_type == "malware" {
            map.insert("is_family".into(), json!(true));
            if let Some(t) = malware_type {
                map.insert("malware_types".into(), json!([t]));
            }
        }
        let mut aliases: Vec<&str> = Vec::new();
        for synonym in meta_list(record.meta, "synonyms") {
            let s = synonym.trim();
            if !s.is_empty() && s != record.name && !aliases.contains(&s) {
                aliases.push(s);
            }
        }
        if !aliases.is_empty() {
            map.insert("aliases".into(), json!(aliases));
        }
        map.insert("external_references".into(), Value::Array(self.external_references(record)));
        self.emitter.record(Value::Object(map));
    }

    fn attack_pattern(&mut self, record: &Record<'_>) {
        let mut map = base_object("attack-pattern", &self.id("attack-pattern", &record.uuid));
        map.insert("name".into(), json!(record.name));
        if let Some(d) = record.description.filter(|d| !d.trim().is_empty()) {
            map.insert("description".into(), json!(d));
        }
        let phases: Vec<Value> = meta_list(record.meta, "kill_chain")
            .into_iter()
            .filter_map(|p| {
                let (chain, rest) = p.split_once(':')?;
                let phase = rest.rsplit(':').next()?;
                Some(json!({"kill_chain_name": chain, "phase_name": phase}))
            })
            .collect();
        if !phases.is_empty() {
            map.insert("kill_chain_phases".into(), Value::Array(phases));
        }
        map.insert("external_references".into(), Value::Array(self.external_references(record)));
        self.emitter.record(Value::Object(map));
    }

    fn organization(&mut self, record: &Record<'_>) {
        let id = self.id("identity", &record.uuid);
        let mut map = base_object("identity", &id);
        map.insert("name".into(), json!(record.name));
        map.insert("identity_class".into(), json!("organization"));
        if let Some(d) = record.description.filter(|d| !d.trim().is_empty()) {
            map.insert("description".into(), json!(d));
        }
        if self.cluster_type == "intelligence-agency" {
            map.insert("sectors".into(), json!(["government-national"]));
        }
        map.insert("external_references".into(), Value::Array(self.external_references(record)));
        if !self.emitter.record(Value::Object(map)) {
            return;
        }
        if let Some(iso2) = meta_str(record.meta, "country").and_then(|c| self.context.country(c)) {
            let c = self.emitter.country(iso2);
            self.emitter.relationship(&id, "located-at", &c, None);
        }
    }

    fn sector(&mut self, record: &Record<'_>) {
        let mut map = base_object("identity", &self.id("identity", &record.uuid));
        map.insert("name".into(), json!(record.name));
        map.insert("identity_class".into(), json!("class"));
        if let Some(d) = record.description.filter(|d| !d.trim().is_empty()) {
            map.insert("description".into(), json!(d));
        }
        match sectors::lookup(record.name) {
            Some(ov) => {
                map.insert("sectors".into(), json!([ov]));
            }
            None => *self.unmapped_sectors.entry(record.name.to_owned()).or_default() += 1,
        }
        map.insert("external_references".into(), Value::Array(self.external_references(record)));
        self.emitter.record(Value::Object(map));
    }

    fn country(&mut self, record: &Record<'_>) -> Result<(), String> {
        let iso = meta_str(record.meta, "ISO").ok_or("has no `meta.ISO` country code")?;
        if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(format!("`meta.ISO` {:?} is not a two-letter code", truncate(iso, 20)));
        }
        match countries::lookup(iso) {
            Some(iso2) => {
                self.emitter.country(iso2);
            }
            None => {
                // A code Cairn's table lacks: keep MISP's name for it.
                let upper = iso.to_ascii_uppercase();
                let mut map = base_object("location", crate::country_id(&upper).as_str());
                map.insert("name".into(), json!(record.description.unwrap_or(record.name)));
                map.insert("country".into(), json!(upper));
                self.emitter.record(Value::Object(map));
            }
        }
        Ok(())
    }
}

fn base_object(stix_type: &str, id: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".into(), json!(stix_type));
    map.insert("spec_version".into(), json!("2.1"));
    map.insert("id".into(), json!(id));
    map.insert("created".into(), json!(FIXED_TIMESTAMP));
    map.insert("modified".into(), json!(FIXED_TIMESTAMP));
    map
}

/// G0007, S0154, T1059, T1059.001, TA0001, C0001, M1036, DS0017.
fn is_attack_id(s: &str) -> bool {
    let (prefix, rest) = match s.as_bytes() {
        [b'T', b'A', ..] | [b'D', b'S', ..] => s.split_at(2),
        [b'G' | b'S' | b'T' | b'C' | b'M', ..] => s.split_at(1),
        _ => return false,
    };
    let _ = prefix;
    let (main, sub) = rest.split_once('.').map_or((rest, None), |(m, s)| (m, Some(s)));
    main.len() == 4
        && main.bytes().all(|b| b.is_ascii_digit())
        && sub.is_none_or(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_ids() {
        for yes in ["G0007", "S0154", "T1059", "T1059.001", "TA0001", "C0001"] {
            assert!(is_attack_id(yes), "{yes}");
        }
        for no in ["APT28", "G007", "T1059.1", "", "GOLD"] {
            assert!(!is_attack_id(no), "{no}");
        }
    }
}
