//! STIX relationship objects (§5).

use crate::{Identifier, Timestamp};

use super::{JsonMap, SdoCommon};

stix_object! {
    /// relationship (§5.1): `source_ref` —`relationship_type`→ `target_ref`.
    pub struct Relationship : "relationship" {
        @common SdoCommon,
        req relationship_type: String,
        opt description: String,
        req source_ref: Identifier,
        req target_ref: Identifier,
        opt start_time: Timestamp,
        opt stop_time: Timestamp,
    }
}

stix_object! {
    /// sighting (§5.2): something was seen, by whom (`where_sighted_refs`), how often (`count`).
    pub struct Sighting : "sighting" {
        @common SdoCommon,
        opt description: String,
        opt first_seen: Timestamp,
        opt last_seen: Timestamp,
        opt count: u64,
        req sighting_of_ref: Identifier,
        opt observed_data_refs: Vec<Identifier>,
        opt where_sighted_refs: Vec<Identifier>,
        opt summary: bool,
    }
}

impl Relationship {
    /// `source —relationship_type→ target`. The id derives from the three, so the same
    /// assertion made twice is one relationship; give another with
    /// [`super::Common::with_uuid`] when a source's own assertions must stay apart.
    pub fn new(
        relationship_type: &str,
        source: Identifier,
        target: Identifier,
        now: Timestamp,
    ) -> Self {
        let key = format!("{source} {relationship_type} {target}");
        Relationship {
            common: SdoCommon::new(Identifier::cairn("relationship", &key), now),
            relationship_type: relationship_type.to_owned(),
            description: None,
            source_ref: source,
            target_ref: target,
            start_time: None,
            stop_time: None,
            extra: JsonMap::new(),
        }
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl Sighting {
    /// A sighting of `sighting_of` (an SDO, usually an indicator); sightings are events, so the
    /// caller gives the UUID.
    pub fn new(sighting_of: Identifier, uuid: uuid::Uuid, now: Timestamp) -> Self {
        Sighting {
            common: SdoCommon::new(Identifier::new("sighting", uuid), now),
            description: None,
            first_seen: None,
            last_seen: None,
            count: None,
            sighting_of_ref: sighting_of,
            observed_data_refs: None,
            where_sighted_refs: None,
            summary: None,
            extra: JsonMap::new(),
        }
    }
}
