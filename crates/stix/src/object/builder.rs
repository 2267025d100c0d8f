//! Builder methods shared by every object with [`SdoCommon`] properties (SDOs, SROs,
//! language-content, extension-definition).
//!
//! ```
//! use stix::object::{Common, ExternalReference, IntrusionSet, Tlp};
//! use stix::Timestamp;
//!
//! let now = Timestamp::parse("2024-05-01T12:00:00.000Z").unwrap();
//! let apt28 = IntrusionSet::new("APT28", now)
//!     .with_aliases(["Fancy Bear", "Sofacy"])
//!     .with_external_reference(ExternalReference::new("mitre-attack", "G0007"))
//!     .with_marking(Tlp::Green.marking_id())
//!     .with_confidence(85);
//! assert_eq!(apt28.common.id.object_type(), "intrusion-set");
//! ```

use serde_json::Value;
use uuid::Uuid;

use crate::Identifier;

use super::{
    AttackPattern, Campaign, CourseOfAction, ExtensionDefinition, ExternalReference, Grouping,
    Identity, Incident, Indicator, Infrastructure, IntrusionSet, JsonMap, KillChainPhase,
    LanguageContent, Location, Malware, MalwareAnalysis, Note, ObservedData, Opinion, Relationship,
    Report, SdoCommon, Sighting, ThreatActor, Tool, Vulnerability,
};

/// Chainable setters for the common properties, implemented by every type with [`SdoCommon`].
pub trait Common: Sized {
    fn common(&self) -> &SdoCommon;
    fn common_mut(&mut self) -> &mut SdoCommon;
    /// The catch-all for custom properties.
    fn extra_mut(&mut self) -> &mut JsonMap;

    /// Replaces the id.
    fn with_id(mut self, id: Identifier) -> Self {
        self.common_mut().id = id;
        self
    }

    /// Replaces the id's UUID, keeping its type.
    fn with_uuid(mut self, uuid: Uuid) -> Self {
        let id = Identifier::new(self.common().id.object_type(), uuid);
        self.common_mut().id = id;
        self
    }

    /// A new version (§3.6): `modified` becomes `now`, the id stays.
    fn with_modified(mut self, now: crate::Timestamp) -> Self {
        self.common_mut().modified = now;
        self
    }

    /// Sets `created_by_ref` (an `identity`).
    fn with_created_by(mut self, identity: Identifier) -> Self {
        self.common_mut().created_by_ref = Some(identity);
        self
    }

    /// Adds a marking definition to `object_marking_refs`.
    fn with_marking(mut self, marking: Identifier) -> Self {
        self.common_mut().object_marking_refs.get_or_insert_with(Vec::new).push(marking);
        self
    }

    fn with_external_reference(mut self, reference: ExternalReference) -> Self {
        self.common_mut().external_references.get_or_insert_with(Vec::new).push(reference);
        self
    }

    fn with_label(mut self, label: impl Into<String>) -> Self {
        self.common_mut().labels.get_or_insert_with(Vec::new).push(label.into());
        self
    }

    /// Sets `confidence`, clamped to the spec's 0–100.
    fn with_confidence(mut self, confidence: u8) -> Self {
        self.common_mut().confidence = Some(confidence.min(100));
        self
    }

    /// Adds or replaces an extension (by extension-definition id).
    fn with_extension(mut self, key: impl Into<String>, value: Value) -> Self {
        self.common_mut().extensions.get_or_insert_with(JsonMap::new).insert(key.into(), value);
        self
    }

    /// Sets a custom property (names should start with `x_`).
    fn with_property(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra_mut().insert(name.into(), value);
        self
    }
}

macro_rules! impl_common {
    ($($ty:ident),* $(,)?) => {
        $(
            impl Common for $ty {
                fn common(&self) -> &SdoCommon {
                    &self.common
                }
                fn common_mut(&mut self) -> &mut SdoCommon {
                    &mut self.common
                }
                fn extra_mut(&mut self) -> &mut JsonMap {
                    &mut self.extra
                }
            }
        )*
    };
}

impl_common!(
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
    MalwareAnalysis,
    Note,
    ObservedData,
    Opinion,
    Report,
    ThreatActor,
    Tool,
    Vulnerability,
    Relationship,
    Sighting,
    LanguageContent,
    ExtensionDefinition,
);

/// Adds `with_kill_chain_phase` to the types that have `kill_chain_phases`.
macro_rules! with_kill_chain_phase {
    ($($ty:ident),*) => {
        $(
            impl $ty {
                pub fn with_kill_chain_phase(mut self, phase: KillChainPhase) -> Self {
                    self.kill_chain_phases.get_or_insert_with(Vec::new).push(phase);
                    self
                }
            }
        )*
    };
}

with_kill_chain_phase!(AttackPattern, Incident, Indicator, Infrastructure, Malware, Tool);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Object, Timestamp};
    use serde_json::json;

    fn now() -> Timestamp {
        Timestamp::parse("2024-05-01T12:00:00.000Z").unwrap()
    }

    #[test]
    fn builds_a_valid_looking_intrusion_set() {
        let set = IntrusionSet::new("APT28", now())
            .with_aliases(["Fancy Bear"])
            .with_created_by(Identifier::cairn("identity", "cairn"))
            .with_property("x_cairn_source", json!("test"));
        let value = serde_json::to_value(&set).unwrap();
        assert_eq!(value["type"], "intrusion-set");
        assert_eq!(value["spec_version"], "2.1");
        assert_eq!(value["created"], "2024-05-01T12:00:00.000Z");
        assert_eq!(value["modified"], "2024-05-01T12:00:00.000Z");
        assert_eq!(value["aliases"], json!(["Fancy Bear"]));
        assert_eq!(value["x_cairn_source"], "test");
        assert_eq!(set.common.id, IntrusionSet::new("APT28", now()).common.id);
        assert_eq!(Object::from_value(value.clone()).unwrap().to_value(), value);
    }

    #[test]
    fn with_uuid_keeps_the_type() {
        let uuid = Uuid::from_u128(0x8e2e2d2b_17d4_4cbf_938f_98ee46b3cd3f);
        let set = IntrusionSet::new("APT28", now()).with_uuid(uuid);
        assert_eq!(set.common.id.as_str(), "intrusion-set--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    }

    #[test]
    fn relationships_and_reports() {
        let actor = IntrusionSet::new("APT28", now());
        let tool = Tool::new("Mimikatz", now());
        let uses =
            Relationship::new("uses", actor.common.id.clone(), tool.common.id.clone(), now());
        assert_eq!(
            uses.common.id,
            Relationship::new("uses", actor.common.id.clone(), tool.common.id.clone(), now())
                .common
                .id
        );
        let report = Report::new("APT28 uses Mimikatz", now(), vec![uses.common.id.clone()], now());
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(value["published"], "2024-05-01T12:00:00.000Z");
        assert_eq!(value["object_refs"], json!([uses.common.id.as_str()]));
        let russia = Location::country("ru", now());
        assert_eq!(russia.country.as_deref(), Some("RU"));
        assert_eq!(russia.common.id, Location::country("RU", now()).common.id);
        let indicator = Indicator::stix("[domain-name:value = 'evil.example']", now(), now())
            .with_kill_chain_phase(KillChainPhase::new("mitre-attack", "command-and-control"));
        assert_eq!(indicator.pattern_type, "stix");
    }
}
