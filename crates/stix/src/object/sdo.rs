//! STIX domain objects (§4).
//!
//! Constructors take the required properties and `now` (the crate has no clock) and give the
//! object a deterministic id in [`crate::id::CAIRN_NAMESPACE`] derived from what defines it
//! (an intrusion set's name, an indicator's pattern), so importing the same data twice yields
//! the same ids. [`super::Common::with_uuid`] replaces it with a caller's UUID.

use serde_json::Number;

use crate::{Identifier, Timestamp};

use super::{JsonMap, KillChainPhase, SdoCommon};

stix_object! {
    /// attack-pattern (§4.1): a TTP, such as an ATT&CK technique.
    pub struct AttackPattern : "attack-pattern" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt aliases: Vec<String>,
        opt kill_chain_phases: Vec<KillChainPhase>,
    }
}

stix_object! {
    /// campaign (§4.2).
    pub struct Campaign : "campaign" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt aliases: Vec<String>,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
        opt objective: String,
    }
}

stix_object! {
    /// course-of-action (§4.3). The 2.1 action properties are reserved; any present stay in
    /// `extra`.
    pub struct CourseOfAction : "course-of-action" {
        @common SdoCommon,
        req name: String,
        opt description: String,
    }
}

stix_object! {
    /// grouping (§4.4): objects that share a context, without the claims of a report.
    pub struct Grouping : "grouping" {
        @common SdoCommon,
        opt name: String,
        opt description: String,
        req context: String,
        req object_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// identity (§4.5): an individual, organization, sector or system.
    pub struct Identity : "identity" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt roles: Vec<String>,
        opt identity_class: String,
        opt sectors: Vec<String>,
        opt contact_information: String,
    }
}

stix_object! {
    /// incident (§4.6): a stub in STIX 2.1; richer content comes through extensions.
    pub struct Incident : "incident" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt kill_chain_phases: Vec<KillChainPhase>,
    }
}

stix_object! {
    /// indicator (§4.7): a pattern that detects suspicious or malicious activity.
    pub struct Indicator : "indicator" {
        @common SdoCommon,
        opt name: String,
        opt description: String,
        opt indicator_types: Vec<String>,
        req pattern: String,
        req pattern_type: String,
        opt pattern_version: String,
        req valid_from: Timestamp,
        opt valid_until: Timestamp,
        opt kill_chain_phases: Vec<KillChainPhase>,
    }
}

stix_object! {
    /// infrastructure (§4.8).
    pub struct Infrastructure : "infrastructure" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt infrastructure_types: Vec<String>,
        opt aliases: Vec<String>,
        opt kill_chain_phases: Vec<KillChainPhase>,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
    }
}

stix_object! {
    /// intrusion-set (§4.9): behaviours and resources with common properties, believed to be
    /// orchestrated by a single organization.
    pub struct IntrusionSet : "intrusion-set" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt aliases: Vec<String>,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
        opt goals: Vec<String>,
        opt resource_level: String,
        opt primary_motivation: String,
        opt secondary_motivations: Vec<String>,
    }
}

stix_object! {
    /// location (§4.10). Coordinates are kept as JSON numbers so `48` and `48.0` round-trip as
    /// written.
    pub struct Location : "location" {
        @common SdoCommon,
        opt name: String,
        opt description: String,
        opt latitude: Number,
        opt longitude: Number,
        opt precision: Number,
        opt region: String,
        opt country: String,
        opt administrative_area: String,
        opt city: String,
        opt street_address: String,
        opt postal_code: String,
    }
}

stix_object! {
    /// malware (§4.11): a family (`is_family`) or an instance.
    pub struct Malware : "malware" {
        @common SdoCommon,
        opt name: String,
        opt description: String,
        opt malware_types: Vec<String>,
        req is_family: bool,
        opt aliases: Vec<String>,
        opt kill_chain_phases: Vec<KillChainPhase>,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
        opt operating_system_refs: Vec<Identifier>,
        opt architecture_execution_envs: Vec<String>,
        opt implementation_languages: Vec<String>,
        opt capabilities: Vec<String>,
        opt sample_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// malware-analysis (§4.12).
    pub struct MalwareAnalysis : "malware-analysis" {
        @common SdoCommon,
        req product: String,
        opt version: String,
        opt host_vm_ref: Identifier,
        opt operating_system_ref: Identifier,
        opt installed_software_refs: Vec<Identifier>,
        opt configuration_version: String,
        opt modules: Vec<String>,
        opt analysis_engine_version: String,
        opt analysis_definition_version: String,
        opt submitted: Timestamp,
        opt analysis_started: Timestamp,
        opt analysis_ended: Timestamp,
        opt result_name: String,
        opt result: String,
        opt analysis_sco_refs: Vec<Identifier>,
        opt sample_ref: Identifier,
    }
}

stix_object! {
    /// note (§4.13).
    pub struct Note : "note" {
        @common SdoCommon,
        opt abstract_ = "abstract": String,
        req content: String,
        opt authors: Vec<String>,
        req object_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// observed-data (§4.14). The deprecated embedded `objects` dictionary is kept as written.
    pub struct ObservedData : "observed-data" {
        @common SdoCommon,
        req first_observed: Timestamp,
        req last_observed: Timestamp,
        req number_observed: u64,
        opt objects: JsonMap,
        opt object_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// opinion (§4.15).
    pub struct Opinion : "opinion" {
        @common SdoCommon,
        opt explanation: String,
        opt authors: Vec<String>,
        req opinion: String,
        req object_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// report (§4.16).
    pub struct Report : "report" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt report_types: Vec<String>,
        req published: Timestamp,
        req object_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// threat-actor (§4.17).
    pub struct ThreatActor : "threat-actor" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt threat_actor_types: Vec<String>,
        opt aliases: Vec<String>,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
        opt roles: Vec<String>,
        opt goals: Vec<String>,
        opt sophistication: String,
        opt resource_level: String,
        opt primary_motivation: String,
        opt secondary_motivations: Vec<String>,
        opt personal_motivations: Vec<String>,
    }
}

stix_object! {
    /// tool (§4.18).
    pub struct Tool : "tool" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        opt tool_types: Vec<String>,
        opt aliases: Vec<String>,
        opt kill_chain_phases: Vec<KillChainPhase>,
        opt tool_version: String,
    }
}

stix_object! {
    /// vulnerability (§4.19). The CVE id goes in an external reference with source `cve`.
    pub struct Vulnerability : "vulnerability" {
        @common SdoCommon,
        req name: String,
        opt description: String,
    }
}

/// A deterministic id for a derived object of type `T`, from the text that defines it.
fn derived_id<T: super::StixObject>(key: &str) -> Identifier {
    Identifier::cairn(T::TYPE, key)
}

/// Builds an object whose only required property is `name`; the id derives from the name.
macro_rules! named_constructor {
    ($( $ty:ident { $($field:ident : $value:expr),* $(,)? } )*) => {
        $(
            impl $ty {
                /// A new object named `name`, created and modified `now`, with an id derived
                /// from the name.
                pub fn new(name: impl Into<String>, now: Timestamp) -> Self {
                    let name = name.into();
                    $ty {
                        common: SdoCommon::new(derived_id::<$ty>(&name), now),
                        name,
                        $( $field: $value, )*
                        extra: JsonMap::new(),
                    }
                }
            }
        )*
    };
}

named_constructor! {
    AttackPattern { description: None, aliases: None, kill_chain_phases: None }
    Campaign {
        description: None, aliases: None, first_seen: None, last_seen: None, objective: None,
    }
    CourseOfAction { description: None }
    Incident { description: None, kill_chain_phases: None }
    Infrastructure {
        description: None, infrastructure_types: None, aliases: None, kill_chain_phases: None,
        first_seen: None, last_seen: None,
    }
    IntrusionSet {
        description: None, aliases: None, first_seen: None, last_seen: None, goals: None,
        resource_level: None, primary_motivation: None, secondary_motivations: None,
    }
    ThreatActor {
        description: None, threat_actor_types: None, aliases: None, first_seen: None,
        last_seen: None, roles: None, goals: None, sophistication: None, resource_level: None,
        primary_motivation: None, secondary_motivations: None, personal_motivations: None,
    }
    Tool {
        description: None, tool_types: None, aliases: None, kill_chain_phases: None,
        tool_version: None,
    }
    Vulnerability { description: None }
}

impl Vulnerability {
    /// A vulnerability named by its CVE id, with the `cve` external reference.
    pub fn cve(cve_id: &str, now: Timestamp) -> Self {
        let mut vulnerability = Vulnerability::new(cve_id, now);
        vulnerability.common.external_references =
            Some(vec![super::ExternalReference::new("cve", cve_id)]);
        vulnerability
    }
}

impl Identity {
    /// A new identity of class `identity_class` (`individual`, `organization`, `class`,
    /// `system`, ...); the id derives from class and name.
    pub fn new(name: impl Into<String>, identity_class: &str, now: Timestamp) -> Self {
        let name = name.into();
        Identity {
            common: SdoCommon::new(
                derived_id::<Identity>(&format!("{identity_class}:{name}")),
                now,
            ),
            name,
            description: None,
            roles: None,
            identity_class: Some(identity_class.to_owned()),
            sectors: None,
            contact_information: None,
            extra: JsonMap::new(),
        }
    }

    /// The identity of an industry sector (`identity_class` `class`, `sectors` `[sector]`), with
    /// one id per sector.
    pub fn sector(sector: &str, now: Timestamp) -> Self {
        Identity {
            common: SdoCommon::new(derived_id::<Identity>(&format!("sector:{sector}")), now),
            name: sector.to_owned(),
            description: None,
            roles: None,
            identity_class: Some("class".to_owned()),
            sectors: Some(vec![sector.to_owned()]),
            contact_information: None,
            extra: JsonMap::new(),
        }
    }
}

impl Indicator {
    /// A new indicator; the id derives from pattern type and pattern, so the same pattern is the
    /// same indicator.
    pub fn new(
        pattern: impl Into<String>,
        pattern_type: &str,
        valid_from: Timestamp,
        now: Timestamp,
    ) -> Self {
        let pattern = pattern.into();
        Indicator {
            common: SdoCommon::new(
                derived_id::<Indicator>(&format!("{pattern_type}:{pattern}")),
                now,
            ),
            name: None,
            description: None,
            indicator_types: None,
            pattern,
            pattern_type: pattern_type.to_owned(),
            pattern_version: None,
            valid_from,
            valid_until: None,
            kill_chain_phases: None,
            extra: JsonMap::new(),
        }
    }

    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds an `indicator-type-ov` value (`malicious-activity`, `anomalous-activity`, ...).
    pub fn with_indicator_type(mut self, indicator_type: impl Into<String>) -> Self {
        self.indicator_types.get_or_insert_with(Vec::new).push(indicator_type.into());
        self
    }

    /// A STIX-pattern indicator (`pattern_type` `stix`).
    pub fn stix(pattern: impl Into<String>, valid_from: Timestamp, now: Timestamp) -> Self {
        Indicator::new(pattern, "stix", valid_from, now)
    }
}

impl Location {
    fn empty(id_key: &str, now: Timestamp) -> Self {
        Location {
            common: SdoCommon::new(derived_id::<Location>(id_key), now),
            name: None,
            description: None,
            latitude: None,
            longitude: None,
            precision: None,
            region: None,
            country: None,
            administrative_area: None,
            city: None,
            street_address: None,
            postal_code: None,
            extra: JsonMap::new(),
        }
    }

    /// The location of a country by ISO 3166-1 alpha-2 code (upper-cased), one id per country.
    pub fn country(code: &str, now: Timestamp) -> Self {
        let code = code.to_ascii_uppercase();
        let mut location = Location::empty(&format!("country:{code}"), now);
        location.country = Some(code);
        location
    }

    /// The location of a region from the `region-ov` vocabulary (`eastern-europe`, ...).
    pub fn region(region: &str, now: Timestamp) -> Self {
        let mut location = Location::empty(&format!("region:{region}"), now);
        location.region = Some(region.to_owned());
        location
    }

    /// A point; `None` if a coordinate is not finite. The id derives from the coordinates.
    pub fn point(latitude: f64, longitude: f64, now: Timestamp) -> Option<Self> {
        let mut location = Location::empty(&format!("point:{latitude},{longitude}"), now);
        location.latitude = Some(Number::from_f64(latitude)?);
        location.longitude = Some(Number::from_f64(longitude)?);
        Some(location)
    }
}

impl Malware {
    /// A malware family named `name`.
    pub fn family(name: impl Into<String>, now: Timestamp) -> Self {
        let name = name.into();
        Malware {
            common: SdoCommon::new(derived_id::<Malware>(&name), now),
            name: Some(name),
            description: None,
            malware_types: None,
            is_family: true,
            aliases: None,
            kill_chain_phases: None,
            first_seen: None,
            last_seen: None,
            operating_system_refs: None,
            architecture_execution_envs: None,
            implementation_languages: None,
            capabilities: None,
            sample_refs: None,
            extra: JsonMap::new(),
        }
    }
}

impl Report {
    /// A new report over `object_refs`; the id derives from name and publication time.
    pub fn new(
        name: impl Into<String>,
        published: Timestamp,
        object_refs: Vec<Identifier>,
        now: Timestamp,
    ) -> Self {
        let name = name.into();
        Report {
            common: SdoCommon::new(derived_id::<Report>(&format!("{published}:{name}")), now),
            name,
            description: None,
            report_types: None,
            published,
            object_refs,
            extra: JsonMap::new(),
        }
    }
}

impl Grouping {
    /// A new grouping with `context` (`suspicious-activity`, `malware-analysis`, `unspecified`).
    pub fn new(
        context: &str,
        object_refs: Vec<Identifier>,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        Grouping {
            common: SdoCommon::new(Identifier::new("grouping", uuid), now),
            name: None,
            description: None,
            context: context.to_owned(),
            object_refs,
            extra: JsonMap::new(),
        }
    }
}

impl Note {
    /// A note about `object_refs`; notes have no natural key, so the caller gives the UUID.
    pub fn new(
        content: impl Into<String>,
        object_refs: Vec<Identifier>,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        Note {
            common: SdoCommon::new(Identifier::new("note", uuid), now),
            abstract_: None,
            content: content.into(),
            authors: None,
            object_refs,
            extra: JsonMap::new(),
        }
    }
}

impl Opinion {
    /// An opinion (`strongly-disagree` ... `strongly-agree`) about `object_refs`.
    pub fn new(
        opinion: &str,
        object_refs: Vec<Identifier>,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        Opinion {
            common: SdoCommon::new(Identifier::new("opinion", uuid), now),
            explanation: None,
            authors: None,
            opinion: opinion.to_owned(),
            object_refs,
            extra: JsonMap::new(),
        }
    }
}

impl ObservedData {
    /// Observed data over SCOs seen `number_observed` times between the two timestamps.
    pub fn new(
        first_observed: Timestamp,
        last_observed: Timestamp,
        number_observed: u64,
        object_refs: Vec<Identifier>,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        ObservedData {
            common: SdoCommon::new(Identifier::new("observed-data", uuid), now),
            first_observed,
            last_observed,
            number_observed,
            objects: None,
            object_refs: Some(object_refs),
            extra: JsonMap::new(),
        }
    }
}

impl MalwareAnalysis {
    /// An analysis by `product` with a result (`malicious`, `suspicious`, `benign`, `unknown`).
    pub fn new(product: impl Into<String>, result: &str, uuid: uuid::Uuid, now: Timestamp) -> Self {
        MalwareAnalysis {
            common: SdoCommon::new(Identifier::new("malware-analysis", uuid), now),
            product: product.into(),
            version: None,
            host_vm_ref: None,
            operating_system_ref: None,
            installed_software_refs: None,
            configuration_version: None,
            modules: None,
            analysis_engine_version: None,
            analysis_definition_version: None,
            submitted: None,
            analysis_started: None,
            analysis_ended: None,
            result_name: None,
            result: Some(result.to_owned()),
            analysis_sco_refs: None,
            sample_ref: None,
            extra: JsonMap::new(),
        }
    }
}

/// Adds `with_description` to the types that have a `description`.
macro_rules! with_description {
    ($($ty:ident),*) => {
        $(
            impl $ty {
                pub fn with_description(mut self, description: impl Into<String>) -> Self {
                    self.description = Some(description.into());
                    self
                }
            }
        )*
    };
}

with_description!(
    AttackPattern,
    Campaign,
    CourseOfAction,
    Grouping,
    Identity,
    Incident,
    Indicator,
    Infrastructure,
    IntrusionSet,
    Location,
    Malware,
    Report,
    ThreatActor,
    Tool,
    Vulnerability
);

/// Adds `with_aliases` to the types that have `aliases`.
macro_rules! with_aliases {
    ($($ty:ident),*) => {
        $(
            impl $ty {
                pub fn with_aliases<S: Into<String>>(mut self, aliases: impl IntoIterator<Item = S>) -> Self {
                    self.aliases = Some(aliases.into_iter().map(Into::into).collect());
                    self
                }
            }
        )*
    };
}

with_aliases!(AttackPattern, Campaign, Infrastructure, IntrusionSet, Malware, ThreatActor, Tool);
