//! marking-definition (§7.2) and the Traffic Light Protocol.
//!
//! Two TLP versions are in use:
//! - TLP 1.0 (`white`, `green`, `amber`, `red`): the four marking definitions predefined by
//!   STIX 2.1 §7.2.1.4 (`definition_type` `tlp`);
//! - TLP 2.0 (`clear`, `green`, `amber`, `amber+strict`, `red`): the marking definitions
//!   published by OASIS (cti-stix-common-objects) through the property extension
//!   [`TLP_EXTENSION_DEFINITION`].
//!
//! [`Tlp::from_marking_id`] maps either set of ids to a level; `white` is read as `clear`.

use std::fmt;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::{Identifier, Timestamp};

use super::{JsonMap, MarkingCommon};

stix_object! {
    /// marking-definition (§7.2.1): a statement or a TLP level (TLP 2.0 through an extension).
    pub struct MarkingDefinition : "marking-definition" {
        @common MarkingCommon,
        opt name: String,
        /// `statement` or `tlp` (TLP 1.0); absent when an extension defines the marking.
        opt definition_type: String,
        opt definition: Value,
    }
}

/// The extension-definition the TLP 2.0 marking definitions use.
pub const TLP_EXTENSION_DEFINITION: &str =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects).
pub const TLP_CLEAR: &str = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
pub const TLP_GREEN: &str = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
pub const TLP_AMBER: &str = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
pub const TLP_AMBER_STRICT: &str = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
pub const TLP_RED: &str = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

/// TLP 1.0 marking-definition ids predefined by STIX 2.1 §7.2.1.4.
pub const TLP_V1_WHITE: &str = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
pub const TLP_V1_GREEN: &str = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
pub const TLP_V1_AMBER: &str = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
pub const TLP_V1_RED: &str = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

/// A Traffic Light Protocol level, ordered from least to most restrictive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tlp {
    /// TLP:CLEAR (TLP 2.0), also TLP:WHITE (TLP 1.0).
    Clear,
    Green,
    Amber,
    /// TLP:AMBER+STRICT, TLP 2.0 only.
    AmberStrict,
    Red,
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

    /// The TLP 2.0 level as STIX writes it in `tlp_2_0`: `clear`, `amber+strict`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// The label: `TLP:CLEAR`, `TLP:AMBER+STRICT`, ...
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// Reads `clear`, `TLP:AMBER+STRICT`, `tlp:white`, ... (case-insensitive; `white` is `clear`).
    pub fn parse(s: &str) -> Option<Tlp> {
        let s = s.trim();
        let level = match s.get(..4) {
            Some(prefix) if prefix.eq_ignore_ascii_case("tlp:") => &s[4..],
            _ => s,
        };
        Some(match level.to_ascii_lowercase().as_str() {
            "clear" | "white" => Tlp::Clear,
            "green" => Tlp::Green,
            "amber" => Tlp::Amber,
            "amber+strict" => Tlp::AmberStrict,
            "red" => Tlp::Red,
            _ => return None,
        })
    }

    fn v2_uuid(self) -> Uuid {
        Uuid::from_u128(match self {
            Tlp::Clear => 0x94868c89_83c2_464b_929b_a1a8aa3c8487,
            Tlp::Green => 0xbab4a63c_aed9_4cf5_a766_dfca5abac2bb,
            Tlp::Amber => 0x55d920b0_5e8b_4f79_9ee9_91f868d9b421,
            Tlp::AmberStrict => 0x939a9414_2ddd_4d32_a0cd_375ea402b003,
            Tlp::Red => 0xe828b379_4e03_4974_9ac4_e53a884c97c1,
        })
    }

    fn v1_uuid(self) -> Option<Uuid> {
        Some(Uuid::from_u128(match self {
            Tlp::Clear => 0x613f2e26_407d_48c7_9eca_b8e91df99dc9,
            Tlp::Green => 0x34098fce_860f_48ae_8e50_ebd3cc5e41da,
            Tlp::Amber => 0xf88d31f6_486f_44da_b317_01333bde0b82,
            Tlp::Red => 0x5e57c739_391a_4eb3_b6be_7d15ca92d5ed,
            Tlp::AmberStrict => return None,
        }))
    }

    /// The id of the TLP 2.0 marking definition for this level.
    pub fn marking_id(self) -> Identifier {
        Identifier::new("marking-definition", self.v2_uuid())
    }

    /// The id of the STIX 2.1 predefined TLP 1.0 marking definition; `None` for AMBER+STRICT,
    /// which TLP 1.0 lacks.
    pub fn v1_marking_id(self) -> Option<Identifier> {
        Some(Identifier::new("marking-definition", self.v1_uuid()?))
    }

    /// The level of a TLP 1.0 or TLP 2.0 marking-definition id.
    pub fn from_marking_id(id: &Identifier) -> Option<Tlp> {
        if id.object_type() != "marking-definition" {
            return None;
        }
        let uuid = id.uuid();
        Tlp::ALL.into_iter().find(|t| t.v2_uuid() == uuid || t.v1_uuid() == Some(uuid))
    }

    /// The TLP 2.0 marking definition, as OASIS published it.
    pub fn marking(self) -> MarkingDefinition {
        let mut common =
            MarkingCommon::new(self.marking_id(), Timestamp::from_unix(1_664_582_400, 0, 3));
        let mut extensions = JsonMap::new();
        extensions.insert(
            TLP_EXTENSION_DEFINITION.to_owned(),
            json!({"extension_type": "property-extension", "tlp_2_0": self.as_str()}),
        );
        common.extensions = Some(extensions);
        MarkingDefinition {
            common,
            name: Some(self.label().to_owned()),
            definition_type: None,
            definition: None,
            extra: JsonMap::new(),
        }
    }

    /// The predefined TLP 1.0 marking definition of STIX 2.1 §7.2.1.4 (`TLP:WHITE` for
    /// [`Tlp::Clear`]); `None` for AMBER+STRICT.
    pub fn v1_marking(self) -> Option<MarkingDefinition> {
        let id = self.v1_marking_id()?;
        let (name, level) = match self {
            Tlp::Clear => ("TLP:WHITE", "white"),
            other => (other.label(), other.as_str()),
        };
        Some(MarkingDefinition {
            common: MarkingCommon::new(id, Timestamp::from_unix(1_484_870_400, 0, 3)),
            name: Some(name.to_owned()),
            definition_type: Some("tlp".to_owned()),
            definition: Some(json!({ "tlp": level })),
            extra: JsonMap::new(),
        })
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The TLP level a marking-definition id stands for, TLP 1.0 or 2.0.
pub fn tlp_level(id: &Identifier) -> Option<Tlp> {
    Tlp::from_marking_id(id)
}

impl MarkingDefinition {
    /// A statement marking (copyright, terms of use). The id derives from the text, so the
    /// same statement is one marking definition.
    pub fn statement(statement: impl Into<String>, created: Timestamp) -> Self {
        let statement = statement.into();
        let id = Identifier::cairn("marking-definition", &format!("statement:{statement}"));
        MarkingDefinition {
            common: MarkingCommon::new(id, created),
            name: None,
            definition_type: Some("statement".to_owned()),
            definition: Some(json!({ "statement": statement })),
            extra: JsonMap::new(),
        }
    }

    /// The TLP level: by the well-known id first, then by content (a TLP 1.0 `definition` or
    /// the TLP 2.0 extension), for copies under other ids.
    pub fn tlp_level(&self) -> Option<Tlp> {
        if let Some(level) = Tlp::from_marking_id(&self.common.id) {
            return Some(level);
        }
        if self.definition_type.as_deref() == Some("tlp") {
            let level = self.definition.as_ref()?.get("tlp")?.as_str()?;
            return Tlp::parse(level);
        }
        let extension = self.common.extensions.as_ref()?.get(TLP_EXTENSION_DEFINITION)?;
        Tlp::parse(extension.get("tlp_2_0")?.as_str()?)
    }

    /// The statement text of a statement marking.
    pub fn statement_text(&self) -> Option<&str> {
        if self.definition_type.as_deref() != Some("statement") {
            return None;
        }
        self.definition.as_ref()?.get("statement")?.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Object;

    #[test]
    fn tlp2_markings_are_as_published() {
        let amber_strict = serde_json::to_value(Tlp::AmberStrict.marking()).unwrap();
        assert_eq!(
            amber_strict,
            json!({
                "type": "marking-definition",
                "spec_version": "2.1",
                "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
                "created": "2022-10-01T00:00:00.000Z",
                "name": "TLP:AMBER+STRICT",
                "extensions": {
                    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                        "extension_type": "property-extension",
                        "tlp_2_0": "amber+strict"
                    }
                }
            })
        );
        let ids: Vec<String> = Tlp::ALL.iter().map(|t| t.marking_id().to_string()).collect();
        assert_eq!(ids, [TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED]);
        let v1: Vec<String> =
            Tlp::ALL.iter().filter_map(|t| t.v1_marking_id()).map(|id| id.to_string()).collect();
        assert_eq!(v1, [TLP_V1_WHITE, TLP_V1_GREEN, TLP_V1_AMBER, TLP_V1_RED]);
        assert_eq!(
            ids,
            [
                "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
                "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
                "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
                "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
                "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
            ]
        );
    }

    #[test]
    fn tlp1_markings_are_the_predefined_ones() {
        let white = serde_json::to_value(Tlp::Clear.v1_marking().unwrap()).unwrap();
        assert_eq!(
            white,
            json!({
                "type": "marking-definition",
                "spec_version": "2.1",
                "id": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                "created": "2017-01-20T00:00:00.000Z",
                "definition_type": "tlp",
                "name": "TLP:WHITE",
                "definition": {"tlp": "white"}
            })
        );
        assert!(Tlp::AmberStrict.v1_marking().is_none());
        let red = Tlp::Red.v1_marking_id().unwrap();
        assert_eq!(red.as_str(), "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
    }

    #[test]
    fn maps_ids_to_levels() {
        let check = |id: &str, expected: Option<Tlp>| {
            assert_eq!(tlp_level(&Identifier::parse(id).unwrap()), expected, "{id}");
        };
        check("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Some(Tlp::Clear));
        check("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Some(Tlp::Green));
        check("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Some(Tlp::Amber));
        check("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Some(Tlp::Red));
        check("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Some(Tlp::AmberStrict));
        check("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", Some(Tlp::Red));
        check("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec", None);
        check("indicator--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", None);
        for level in Tlp::ALL {
            assert_eq!(level.marking().tlp_level(), Some(level));
            assert_eq!(Tlp::parse(level.label()), Some(level));
        }
        assert_eq!(Tlp::parse("tlp:white"), Some(Tlp::Clear));
        assert_eq!(Tlp::parse("purple"), None);
        assert!(Tlp::Green < Tlp::AmberStrict);
    }

    #[test]
    fn statement_markings() {
        let created = Timestamp::parse("2024-01-01T00:00:00.000Z").unwrap();
        let marking = MarkingDefinition::statement("Copyright 2024, Example Corp", created);
        assert_eq!(marking.statement_text(), Some("Copyright 2024, Example Corp"));
        assert_eq!(marking.tlp_level(), None);
        let value = serde_json::to_value(&marking).unwrap();
        assert_eq!(value["definition"], json!({"statement": "Copyright 2024, Example Corp"}));
        assert_eq!(Object::from_value(value.clone()).unwrap().to_value(), value);
    }
}
