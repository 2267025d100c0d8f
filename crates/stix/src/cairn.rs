//! Cairn's own conventions on top of STIX, shared by every crate that writes objects: the ids of
//! derived reference objects (countries, regions, sectors), the Cairn `identity`, and the
//! `extension-definition` objects that declare Cairn's property extensions.
//!
//! Ids are deterministic ([`Identifier::cairn`]) and dates fixed, so every source that mentions
//! Russia emits the same `location` object, and re-importing yields byte-identical objects.

use serde_json::{Value, json};

use crate::Identifier;

/// `created`/`modified` of objects derived from sources that give no dates.
pub const FIXED_TIMESTAMP: &str = "2020-01-01T00:00:00.000Z";

/// The `cairn-actor` property extension: which vendor uses which alias, the kind of actor
/// (state, criminal, hacktivist) and its activities.
pub const ACTOR_EXTENSION: &str = "extension-definition--1d37fe6c-98d7-427c-b33a-a5d30c47b56d";

/// The `cairn-evidence` property extension: where in a report's text a claim was read.
pub const EVIDENCE_EXTENSION: &str = "extension-definition--34b57ae1-b80f-4527-8ffb-05ba87ade487";

/// The country `location` for an ISO 3166 alpha-2 code.
pub fn country_id(iso2: &str) -> Identifier {
    Identifier::cairn("location", &format!("country:{iso2}"))
}

/// The region `location` for a STIX `region-ov` value.
pub fn region_id(region_ov: &str) -> Identifier {
    Identifier::cairn("location", &format!("region:{region_ov}"))
}

/// The sector `identity` (class `class`) for a STIX `industry-sector-ov` value.
pub fn sector_id(sector_ov: &str) -> Identifier {
    Identifier::cairn("identity", &format!("sector:{sector_ov}"))
}

/// The id of the Cairn `identity`, creator of Cairn's extension definitions.
pub fn identity_id() -> Identifier {
    Identifier::cairn("identity", "cairn")
}

/// The Cairn `identity` object.
pub fn identity() -> Value {
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": identity_id().as_str(),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": "Cairn",
        "identity_class": "system",
        "description": "Cairn threat-intelligence engine: creator of Cairn's extension definitions.",
    })
}

fn extension_definition(id: &str, name: &str, schema: &str) -> Value {
    json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": id,
        "created_by_ref": identity_id().as_str(),
        "created": FIXED_TIMESTAMP,
        "modified": FIXED_TIMESTAMP,
        "name": name,
        "description": schema,
        // §7.3: the schema may be plain text explaining the definition.
        "schema": schema,
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    })
}

/// The `extension-definition` declaring [`ACTOR_EXTENSION`].
pub fn actor_extension_definition() -> Value {
    extension_definition(
        ACTOR_EXTENSION,
        "cairn-actor",
        "Cairn actor facts a source gives beside the STIX properties of an intrusion-set or \
         threat-actor: alias_vendors (object: alias -> the vendor that uses or coined it), \
         actor_kind (state | criminal | hacktivist | unknown), activity (list: espionage, \
         sabotage, financial-theft, extortion, denial-of-service, defacement, \
         influence-operations, business-email-compromise, ...).",
    )
}

/// The `extension-definition` declaring [`EVIDENCE_EXTENSION`].
pub fn evidence_extension_definition() -> Value {
    extension_definition(
        EVIDENCE_EXTENSION,
        "cairn-evidence",
        "Where an extracted claim was read: evidence (list of {start, end, sentence}; byte \
         offsets into the report's normalized text); on report objects also amounts (value, \
         currency, usd, asset, since, period, actor, country), activities, activity_dates and \
         country_roles.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Options, Severity, validate_value};

    #[test]
    fn cairn_objects_are_valid_stix() {
        for object in [identity(), actor_extension_definition(), evidence_extension_definition()] {
            let errors: Vec<_> = validate_value(&object, &Options::default())
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{object}: {errors:?}");
        }
    }
}
