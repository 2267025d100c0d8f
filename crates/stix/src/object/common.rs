//! Common properties (STIX 2.1 §3.2) and the small types many objects share (§2).

use std::collections::BTreeMap;

use crate::{Identifier, Timestamp};

use super::JsonMap;

/// The `spec_version` Cairn writes.
pub const SPEC_VERSION: &str = "2.1";

/// A hashes dictionary (§2.7): algorithm name (`MD5`, `SHA-256`, ...) to hex digest.
pub type Hashes = BTreeMap<String, String>;

/// Access to the common properties every typed object carries.
pub trait CommonProperties {
    fn id(&self) -> &Identifier;
    fn created(&self) -> Option<&Timestamp>;
    fn modified(&self) -> Option<&Timestamp>;
}

stix_struct! {
    /// Common properties of SDOs, SROs, language-content and extension-definition (§3.2).
    ///
    /// `spec_version` is optional here because STIX 2.0 content inside a bundle omits it; the
    /// validator decides whether that is allowed.
    pub struct SdoCommon {
        req id: Identifier,
        opt spec_version: String,
        req created: Timestamp,
        req modified: Timestamp,
        opt created_by_ref: Identifier,
        opt revoked: bool,
        opt labels: Vec<String>,
        opt confidence: u8,
        opt lang: String,
        opt external_references: Vec<ExternalReference>,
        opt object_marking_refs: Vec<Identifier>,
        opt granular_markings: Vec<GranularMarking>,
        /// Extensions by extension-definition id or predefined name, kept as written.
        opt extensions: JsonMap,
    }
}

impl SdoCommon {
    /// Common properties of a new object: `spec_version` 2.1, created and modified `now`.
    pub fn new(id: Identifier, now: Timestamp) -> Self {
        SdoCommon {
            id,
            spec_version: Some(SPEC_VERSION.to_owned()),
            created: now,
            modified: now,
            created_by_ref: None,
            revoked: None,
            labels: None,
            confidence: None,
            lang: None,
            external_references: None,
            object_marking_refs: None,
            granular_markings: None,
            extensions: None,
        }
    }
}

impl CommonProperties for SdoCommon {
    fn id(&self) -> &Identifier {
        &self.id
    }
    fn created(&self) -> Option<&Timestamp> {
        Some(&self.created)
    }
    fn modified(&self) -> Option<&Timestamp> {
        Some(&self.modified)
    }
}

stix_struct! {
    /// Common properties of cyber-observable objects (§3.2, §6).
    pub struct ScoCommon {
        req id: Identifier,
        opt spec_version: String,
        opt object_marking_refs: Vec<Identifier>,
        opt granular_markings: Vec<GranularMarking>,
        opt defanged: bool,
        /// Extensions by name (`archive-ext`, ...) or extension-definition id, kept as written;
        /// the typed accessors on each SCO read the predefined ones.
        opt extensions: JsonMap,
    }
}

impl ScoCommon {
    /// Common properties of a new SCO with `spec_version` 2.1.
    pub fn new(id: Identifier) -> Self {
        ScoCommon {
            id,
            spec_version: Some(SPEC_VERSION.to_owned()),
            object_marking_refs: None,
            granular_markings: None,
            defanged: None,
            extensions: None,
        }
    }
}

impl CommonProperties for ScoCommon {
    fn id(&self) -> &Identifier {
        &self.id
    }
    fn created(&self) -> Option<&Timestamp> {
        None
    }
    fn modified(&self) -> Option<&Timestamp> {
        None
    }
}

stix_struct! {
    /// Common properties of marking-definition (§7.2.1): no `modified`, `revoked`, `labels`,
    /// `confidence` or `lang`, since marking definitions are never versioned.
    pub struct MarkingCommon {
        req id: Identifier,
        opt spec_version: String,
        req created: Timestamp,
        opt created_by_ref: Identifier,
        opt external_references: Vec<ExternalReference>,
        opt object_marking_refs: Vec<Identifier>,
        opt granular_markings: Vec<GranularMarking>,
        opt extensions: JsonMap,
    }
}

impl MarkingCommon {
    /// Common properties of a new marking definition with `spec_version` 2.1.
    pub fn new(id: Identifier, created: Timestamp) -> Self {
        MarkingCommon {
            id,
            spec_version: Some(SPEC_VERSION.to_owned()),
            created,
            created_by_ref: None,
            external_references: None,
            object_marking_refs: None,
            granular_markings: None,
            extensions: None,
        }
    }
}

impl CommonProperties for MarkingCommon {
    fn id(&self) -> &Identifier {
        &self.id
    }
    fn created(&self) -> Option<&Timestamp> {
        Some(&self.created)
    }
    fn modified(&self) -> Option<&Timestamp> {
        None
    }
}

stix_struct! {
    /// external-reference (§2.5): a pointer to information outside STIX (ATT&CK technique ids,
    /// CVEs, reports).
    pub struct ExternalReference {
        req source_name: String,
        opt description: String,
        opt url: String,
        opt hashes: Hashes,
        opt external_id: String,
        ..extra
    }
}
component_serde!(ExternalReference, "external-reference");

impl ExternalReference {
    /// A reference with a source name and an external id, e.g. `("mitre-attack", "T1566")`.
    pub fn new(source_name: impl Into<String>, external_id: impl Into<String>) -> Self {
        ExternalReference {
            source_name: source_name.into(),
            description: None,
            url: None,
            hashes: None,
            external_id: Some(external_id.into()),
            extra: JsonMap::new(),
        }
    }

    /// A reference to a web page.
    pub fn url(source_name: impl Into<String>, url: impl Into<String>) -> Self {
        ExternalReference {
            source_name: source_name.into(),
            description: None,
            url: Some(url.into()),
            hashes: None,
            external_id: None,
            extra: JsonMap::new(),
        }
    }
}

stix_struct! {
    /// kill-chain-phase (§2.8).
    pub struct KillChainPhase {
        req kill_chain_name: String,
        req phase_name: String,
        ..extra
    }
}
component_serde!(KillChainPhase, "kill-chain-phase");

impl KillChainPhase {
    pub fn new(kill_chain_name: impl Into<String>, phase_name: impl Into<String>) -> Self {
        KillChainPhase {
            kill_chain_name: kill_chain_name.into(),
            phase_name: phase_name.into(),
            extra: JsonMap::new(),
        }
    }
}

stix_struct! {
    /// granular-marking (§7.2.3): a marking, or a language, applied to selected properties.
    pub struct GranularMarking {
        opt lang: String,
        opt marking_ref: Identifier,
        req selectors: Vec<String>,
        ..extra
    }
}
component_serde!(GranularMarking, "granular-marking");

impl GranularMarking {
    pub fn new(marking_ref: Identifier, selectors: Vec<String>) -> Self {
        GranularMarking {
            lang: None,
            marking_ref: Some(marking_ref),
            selectors,
            extra: JsonMap::new(),
        }
    }
}
