//! Meta objects (§7) other than marking-definition, which lives in [`super::marking`].

use crate::{Identifier, Timestamp};

use super::{JsonMap, SdoCommon};

stix_object! {
    /// language-content (§7.1): translations of another object's properties.
    pub struct LanguageContent : "language-content" {
        @common SdoCommon,
        req object_ref: Identifier,
        opt object_modified: Timestamp,
        /// Language tag to a dictionary of translated properties.
        req contents: JsonMap,
    }
}

stix_object! {
    /// extension-definition (§7.3): declares a new object type or new properties.
    pub struct ExtensionDefinition : "extension-definition" {
        @common SdoCommon,
        req name: String,
        opt description: String,
        req schema: String,
        req version: String,
        req extension_types: Vec<String>,
        opt extension_properties: Vec<String>,
    }
}

impl LanguageContent {
    /// Translations of `object_ref` (as modified at `object_modified`), keyed by language tag.
    pub fn new(
        object_ref: Identifier,
        object_modified: Option<Timestamp>,
        contents: JsonMap,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        LanguageContent {
            common: SdoCommon::new(Identifier::new("language-content", uuid), now),
            object_ref,
            object_modified,
            contents,
            extra: JsonMap::new(),
        }
    }
}

impl ExtensionDefinition {
    /// A new extension definition; `created_by_ref` is required by the spec, so it is asked for.
    pub fn new(
        name: impl Into<String>,
        schema: impl Into<String>,
        version: impl Into<String>,
        extension_types: Vec<String>,
        created_by: Identifier,
        uuid: uuid::Uuid,
        now: Timestamp,
    ) -> Self {
        let mut common = SdoCommon::new(Identifier::new("extension-definition", uuid), now);
        common.created_by_ref = Some(created_by);
        ExtensionDefinition {
            common,
            name: name.into(),
            description: None,
            schema: schema.into(),
            version: version.into(),
            extension_types,
            extension_properties: None,
            extra: JsonMap::new(),
        }
    }
}
