//! Per-type rules: the properties each STIX 2.1 object type defines, which are required, and
//! the co-occurrence rules that the property kinds alone cannot say.

use serde_json::{Map, Value};

use super::Ctx;
use super::formats;
use super::pattern;
use super::rules::{self, Kind, Refs, TLP, TLP_2};
use super::sco::*;
use crate::vocab::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    /// SDOs, SROs and the meta objects that carry `created`/`modified`.
    Versioned,
    Sco,
    Marking,
}

/// A rule over a whole object, beyond what its property kinds say.
type ObjectRule = fn(&mut Ctx<'_>, &Map<String, Value>);

struct TypeSpec {
    category: Category,
    props: &'static [(&'static str, Kind)],
    required: &'static [&'static str],
    /// Timestamp pairs (later, earlier, strictly later?).
    order: &'static [(&'static str, &'static str, bool)],
    extra: Option<ObjectRule>,
}

const fn spec(
    category: Category,
    props: &'static [(&'static str, Kind)],
    required: &'static [&'static str],
) -> TypeSpec {
    TypeSpec { category, props, required, order: &[], extra: None }
}

use Category::{Marking, Sco, Versioned};
use Kind::*;

const ID: Refs = Refs::Any;
const SEEN: &[(&str, &str, bool)] = &[("last_seen", "first_seen", false)];
const NOT_SRO_TARGET: &[&str] =
    &["relationship", "sighting", "bundle", "marking-definition", "language-content"];
const SOFTWARE: Refs = Refs::Only(&["software"]);

fn type_spec(ty: &str) -> Option<&'static TypeSpec> {
    static ATTACK_PATTERN: TypeSpec = spec(
        Versioned,
        &[
            ("name", Str),
            ("description", Str),
            ("aliases", StrList),
            ("kill_chain_phases", KillChainPhases),
        ],
        &["name"],
    );
    static CAMPAIGN: TypeSpec = TypeSpec {
        order: SEEN,
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("aliases", StrList),
                ("first_seen", Ts),
                ("last_seen", Ts),
                ("objective", Str),
            ],
            &["name"],
        )
    };
    static COURSE_OF_ACTION: TypeSpec =
        spec(Versioned, &[("name", Str), ("description", Str), ("action", Any)], &["name"]);
    static GROUPING: TypeSpec = spec(
        Versioned,
        &[
            ("name", Str),
            ("description", Str),
            ("context", Open(GROUPING_CONTEXT_OV, "225")),
            ("object_refs", RefList(ID)),
        ],
        &["context", "object_refs"],
    );
    static IDENTITY: TypeSpec = spec(
        Versioned,
        &[
            ("name", Str),
            ("description", Str),
            ("roles", StrList),
            ("identity_class", Open(IDENTITY_CLASS_OV, "213")),
            ("sectors", OpenList(INDUSTRY_SECTOR_OV, "215")),
            ("contact_information", Str),
        ],
        &["name"],
    );
    static INCIDENT: TypeSpec = spec(
        Versioned,
        &[("name", Str), ("description", Str), ("kill_chain_phases", KillChainPhases)],
        &["name"],
    );
    static INDICATOR: TypeSpec = TypeSpec {
        order: &[("valid_until", "valid_from", true)],
        extra: Some(indicator),
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("indicator_types", OpenList(INDICATOR_TYPE_OV, "214")),
                ("pattern", Str),
                ("pattern_type", Open(PATTERN_TYPE_OV, "245")),
                ("pattern_version", Str),
                ("valid_from", Ts),
                ("valid_until", Ts),
                ("kill_chain_phases", KillChainPhases),
            ],
            &["pattern", "pattern_type", "valid_from"],
        )
    };
    static INFRASTRUCTURE: TypeSpec = TypeSpec {
        order: SEEN,
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("infrastructure_types", OpenList(INFRASTRUCTURE_TYPE_OV, "227")),
                ("aliases", StrList),
                ("kill_chain_phases", KillChainPhases),
                ("first_seen", Ts),
                ("last_seen", Ts),
            ],
            &["name"],
        )
    };
    static INTRUSION_SET: TypeSpec = TypeSpec {
        order: SEEN,
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("aliases", StrList),
                ("first_seen", Ts),
                ("last_seen", Ts),
                ("goals", StrList),
                ("resource_level", Open(ATTACK_RESOURCE_LEVEL_OV, "212")),
                ("primary_motivation", Open(ATTACK_MOTIVATION_OV, "211")),
                ("secondary_motivations", OpenList(ATTACK_MOTIVATION_OV, "211")),
            ],
            &["name"],
        )
    };
    static LOCATION: TypeSpec = TypeSpec {
        extra: Some(location),
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("latitude", Num(-90.0, 90.0)),
                ("longitude", Num(-180.0, 180.0)),
                ("precision", Num(0.0, f64::MAX)),
                ("region", Open(REGION_OV, "223")),
                ("country", Str),
                ("administrative_area", Str),
                ("city", Str),
                ("street_address", Str),
                ("postal_code", Str),
            ],
            &[],
        )
    };
    static MALWARE: TypeSpec = TypeSpec {
        order: SEEN,
        extra: Some(malware),
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("malware_types", OpenList(MALWARE_TYPE_OV, "216")),
                ("is_family", Bool),
                ("aliases", StrList),
                ("kill_chain_phases", KillChainPhases),
                ("first_seen", Ts),
                ("last_seen", Ts),
                ("operating_system_refs", RefList(SOFTWARE)),
                ("architecture_execution_envs", OpenList(PROCESSOR_ARCHITECTURE_OV, "230")),
                ("implementation_languages", OpenList(IMPLEMENTATION_LANGUAGE_OV, "226")),
                ("capabilities", OpenList(MALWARE_CAPABILITIES_OV, "228")),
                ("sample_refs", RefList(Refs::Only(&["file", "artifact"]))),
            ],
            &["is_family"],
        )
    };
    static MALWARE_ANALYSIS: TypeSpec = TypeSpec {
        extra: Some(malware_analysis),
        ..spec(
            Versioned,
            &[
                ("product", Str),
                ("version", Str),
                ("host_vm_ref", Ref(SOFTWARE)),
                ("operating_system_ref", Ref(SOFTWARE)),
                ("installed_software_refs", RefList(SOFTWARE)),
                ("configuration_version", Str),
                ("modules", StrList),
                ("analysis_engine_version", Str),
                ("analysis_definition_version", Str),
                ("submitted", Ts),
                ("analysis_started", Ts),
                ("analysis_ended", Ts),
                ("result_name", Str),
                ("result", Open(MALWARE_RESULT_OV, "231")),
                ("analysis_sco_refs", RefList(Refs::Sco)),
                ("sample_ref", Ref(Refs::Only(&["file", "network-traffic", "artifact"]))),
            ],
            &["product"],
        )
    };
    static NOTE: TypeSpec = spec(
        Versioned,
        &[("abstract", Str), ("content", Str), ("authors", StrList), ("object_refs", RefList(ID))],
        &["content", "object_refs"],
    );
    static OBSERVED_DATA: TypeSpec = TypeSpec {
        order: &[("last_observed", "first_observed", false)],
        extra: Some(observed_data),
        ..spec(
            Versioned,
            &[
                ("first_observed", Ts),
                ("last_observed", Ts),
                ("number_observed", Int(1, 999_999_999)),
                ("objects", Any),
                ("object_refs", RefList(Refs::ScoOrSro)),
            ],
            &["first_observed", "last_observed", "number_observed"],
        )
    };
    static OPINION: TypeSpec = spec(
        Versioned,
        &[
            ("explanation", Str),
            ("authors", StrList),
            ("opinion", Closed(OPINION_ENUM)),
            ("object_refs", RefList(ID)),
        ],
        &["opinion", "object_refs"],
    );
    static REPORT: TypeSpec = spec(
        Versioned,
        &[
            ("name", Str),
            ("description", Str),
            ("report_types", OpenList(REPORT_TYPE_OV, "218")),
            ("published", Ts),
            ("object_refs", RefList(ID)),
        ],
        &["name", "published", "object_refs"],
    );
    static THREAT_ACTOR: TypeSpec = TypeSpec {
        order: SEEN,
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("threat_actor_types", OpenList(THREAT_ACTOR_TYPE_OV, "219")),
                ("aliases", StrList),
                ("first_seen", Ts),
                ("last_seen", Ts),
                ("roles", OpenList(THREAT_ACTOR_ROLE_OV, "220")),
                ("goals", StrList),
                ("sophistication", Open(THREAT_ACTOR_SOPHISTICATION_OV, "221")),
                ("resource_level", Open(ATTACK_RESOURCE_LEVEL_OV, "212")),
                ("primary_motivation", Open(ATTACK_MOTIVATION_OV, "211")),
                ("secondary_motivations", OpenList(ATTACK_MOTIVATION_OV, "211")),
                ("personal_motivations", OpenList(ATTACK_MOTIVATION_OV, "211")),
            ],
            &["name"],
        )
    };
    static TOOL: TypeSpec = spec(
        Versioned,
        &[
            ("name", Str),
            ("description", Str),
            ("tool_types", OpenList(TOOL_TYPE_OV, "222")),
            ("aliases", StrList),
            ("kill_chain_phases", KillChainPhases),
            ("tool_version", Str),
        ],
        &["name"],
    );
    static VULNERABILITY: TypeSpec =
        spec(Versioned, &[("name", Str), ("description", Str)], &["name"]);
    static RELATIONSHIP: TypeSpec = TypeSpec {
        order: &[("stop_time", "start_time", true)],
        extra: Some(relationship),
        ..spec(
            Versioned,
            &[
                ("relationship_type", Str),
                ("description", Str),
                ("source_ref", Ref(Refs::Not(NOT_SRO_TARGET))),
                ("target_ref", Ref(Refs::Not(NOT_SRO_TARGET))),
                ("start_time", Ts),
                ("stop_time", Ts),
            ],
            &["relationship_type", "source_ref", "target_ref"],
        )
    };
    static SIGHTING: TypeSpec = TypeSpec {
        order: SEEN,
        ..spec(
            Versioned,
            &[
                ("description", Str),
                ("first_seen", Ts),
                ("last_seen", Ts),
                ("count", Int(0, 999_999_999)),
                ("sighting_of_ref", Ref(Refs::Not(NOT_SRO_TARGET))),
                ("observed_data_refs", RefList(Refs::Only(&["observed-data"]))),
                ("where_sighted_refs", RefList(Refs::Only(&["identity", "location"]))),
                ("summary", Bool),
            ],
            &["sighting_of_ref"],
        )
    };
    static LANGUAGE_CONTENT: TypeSpec = TypeSpec {
        extra: Some(language_content),
        ..spec(
            Versioned,
            &[
                ("object_ref", Ref(Refs::Not(&["bundle", "language-content"]))),
                ("object_modified", Ts),
                ("contents", Any),
            ],
            &["object_ref", "contents"],
        )
    };
    static EXTENSION_DEFINITION: TypeSpec = TypeSpec {
        extra: Some(extension_definition),
        ..spec(
            Versioned,
            &[
                ("name", Str),
                ("description", Str),
                ("schema", Str),
                ("version", Str),
                ("extension_types", Special(extension_types)),
                ("extension_properties", StrList),
            ],
            &["name", "schema", "version", "extension_types"],
        )
    };
    static MARKING_DEFINITION: TypeSpec = TypeSpec {
        extra: Some(marking_definition),
        ..spec(Marking, &[("name", Str), ("definition_type", Str), ("definition", Any)], &[])
    };
    static ARTIFACT: TypeSpec = TypeSpec {
        extra: Some(artifact),
        ..spec(
            Sco,
            &[
                ("mime_type", Special(mime_type)),
                ("payload_bin", Binary),
                ("url", Uri),
                ("hashes", Hashes),
                ("encryption_algorithm", Closed(ENCRYPTION_ALGORITHM_ENUM)),
                ("decryption_key", Str),
            ],
            &[],
        )
    };
    static AUTONOMOUS_SYSTEM: TypeSpec =
        spec(Sco, &[("number", Int(0, i64::MAX)), ("name", Str), ("rir", Str)], &["number"]);
    static DIRECTORY: TypeSpec = spec(
        Sco,
        &[
            ("path", Str),
            ("path_enc", Special(charset)),
            ("ctime", Ts),
            ("mtime", Ts),
            ("atime", Ts),
            ("contains_refs", RefList(Refs::Only(&["file", "directory"]))),
        ],
        &["path"],
    );
    static DOMAIN_NAME: TypeSpec = spec(
        Sco,
        &[
            ("value", Str),
            ("resolves_to_refs", RefList(Refs::Only(&["ipv4-addr", "ipv6-addr", "domain-name"]))),
        ],
        &["value"],
    );
    static EMAIL_ADDR: TypeSpec = spec(
        Sco,
        &[
            ("value", Special(email)),
            ("display_name", Str),
            ("belongs_to_ref", Ref(Refs::Only(&["user-account"]))),
        ],
        &["value"],
    );
    static EMAIL_MESSAGE: TypeSpec = TypeSpec {
        extra: Some(email_message),
        ..spec(
            Sco,
            &[
                ("is_multipart", Bool),
                ("date", Ts),
                ("content_type", Str),
                ("from_ref", Ref(EMAIL_ADDR_REF)),
                ("sender_ref", Ref(EMAIL_ADDR_REF)),
                ("to_refs", RefList(EMAIL_ADDR_REF)),
                ("cc_refs", RefList(EMAIL_ADDR_REF)),
                ("bcc_refs", RefList(EMAIL_ADDR_REF)),
                ("message_id", Str),
                ("subject", Str),
                ("received_lines", Special(string_list_maybe_empty)),
                ("additional_header_fields", Dict),
                ("body", Str),
                ("body_multipart", Special(body_multipart)),
                ("raw_email_ref", Ref(Refs::Only(&["artifact"]))),
            ],
            &["is_multipart"],
        )
    };
    static FILE: TypeSpec = TypeSpec {
        extra: Some(file),
        ..spec(
            Sco,
            &[
                ("hashes", Hashes),
                ("size", Int(0, i64::MAX)),
                ("name", Str),
                ("name_enc", Special(charset)),
                ("magic_number_hex", Hex),
                ("mime_type", Str),
                ("ctime", Ts),
                ("mtime", Ts),
                ("atime", Ts),
                ("parent_directory_ref", Ref(Refs::Only(&["directory"]))),
                ("contains_refs", RefList(Refs::Sco)),
                ("content_ref", Ref(Refs::Only(&["artifact"]))),
            ],
            &[],
        )
    };
    static IPV4_ADDR: TypeSpec = spec(
        Sco,
        &[
            ("value", Special(ipv4)),
            ("resolves_to_refs", RefList(Refs::Only(&["mac-addr"]))),
            ("belongs_to_refs", RefList(Refs::Only(&["autonomous-system"]))),
        ],
        &["value"],
    );
    static IPV6_ADDR: TypeSpec = spec(
        Sco,
        &[
            ("value", Special(ipv6)),
            ("resolves_to_refs", RefList(Refs::Only(&["mac-addr"]))),
            ("belongs_to_refs", RefList(Refs::Only(&["autonomous-system"]))),
        ],
        &["value"],
    );
    static MAC_ADDR: TypeSpec = spec(Sco, &[("value", Special(mac))], &["value"]);
    static MUTEX: TypeSpec = spec(Sco, &[("name", Str)], &["name"]);
    static NETWORK_TRAFFIC: TypeSpec = TypeSpec {
        order: &[("end", "start", false)],
        extra: Some(network_traffic),
        ..spec(
            Sco,
            &[
                ("start", Ts),
                ("end", Ts),
                ("is_active", Bool),
                ("src_ref", Ref(ADDRESS)),
                ("dst_ref", Ref(ADDRESS)),
                ("src_port", Int(0, 65535)),
                ("dst_port", Int(0, 65535)),
                ("protocols", Special(protocols)),
                ("src_byte_count", Int(0, i64::MAX)),
                ("dst_byte_count", Int(0, i64::MAX)),
                ("src_packets", Int(0, i64::MAX)),
                ("dst_packets", Int(0, i64::MAX)),
                ("ipfix", Dict),
                ("src_payload_ref", Ref(Refs::Only(&["artifact"]))),
                ("dst_payload_ref", Ref(Refs::Only(&["artifact"]))),
                ("encapsulates_refs", RefList(Refs::Only(&["network-traffic"]))),
                ("encapsulated_by_ref", Ref(Refs::Only(&["network-traffic"]))),
            ],
            &["protocols"],
        )
    };
    static PROCESS: TypeSpec = TypeSpec {
        extra: Some(process),
        ..spec(
            Sco,
            &[
                ("is_hidden", Bool),
                ("pid", Int(i64::MIN, i64::MAX)),
                ("created_time", Ts),
                ("cwd", Str),
                ("command_line", Str),
                ("environment_variables", Dict),
                ("opened_connection_refs", RefList(Refs::Only(&["network-traffic"]))),
                ("creator_user_ref", Ref(Refs::Only(&["user-account"]))),
                ("image_ref", Ref(Refs::Only(&["file"]))),
                ("parent_ref", Ref(Refs::Only(&["process"]))),
                ("child_refs", RefList(Refs::Only(&["process"]))),
            ],
            &[],
        )
    };
    static SOFTWARE_SPEC: TypeSpec = spec(
        Sco,
        &[
            ("name", Str),
            ("cpe", Special(cpe)),
            ("swid", Str),
            ("languages", Special(languages)),
            ("vendor", Str),
            ("version", Str),
        ],
        &["name"],
    );
    static URL: TypeSpec = spec(Sco, &[("value", Uri)], &["value"]);
    static USER_ACCOUNT: TypeSpec = TypeSpec {
        extra: Some(user_account),
        ..spec(
            Sco,
            &[
                ("user_id", Str),
                ("credential", Str),
                ("account_login", Str),
                ("account_type", Open(ACCOUNT_TYPE_OV, "244")),
                ("display_name", Str),
                ("is_service_account", Bool),
                ("is_privileged", Bool),
                ("can_escalate_privs", Bool),
                ("is_disabled", Bool),
                ("account_created", Ts),
                ("account_expires", Ts),
                ("credential_last_changed", Ts),
                ("account_first_login", Ts),
                ("account_last_login", Ts),
            ],
            &[],
        )
    };
    static WINDOWS_REGISTRY_KEY: TypeSpec = TypeSpec {
        extra: Some(windows_registry_key),
        ..spec(
            Sco,
            &[
                ("key", Special(registry_key)),
                ("values", Special(registry_values)),
                ("modified_time", Ts),
                ("creator_user_ref", Ref(Refs::Only(&["user-account"]))),
                ("number_of_subkeys", Int(0, i64::MAX)),
            ],
            &[],
        )
    };
    static X509_CERTIFICATE: TypeSpec = TypeSpec {
        extra: Some(x509_certificate),
        ..spec(
            Sco,
            &[
                ("is_self_signed", Bool),
                ("hashes", Hashes),
                ("version", Str),
                ("serial_number", Str),
                ("signature_algorithm", Str),
                ("issuer", Str),
                ("validity_not_before", Ts),
                ("validity_not_after", Ts),
                ("subject", Str),
                ("subject_public_key_algorithm", Str),
                ("subject_public_key_modulus", Str),
                ("subject_public_key_exponent", Int(0, i64::MAX)),
                ("x509_v3_extensions", Special(x509_v3_extensions)),
            ],
            &[],
        )
    };
    Some(match ty {
        "attack-pattern" => &ATTACK_PATTERN,
        "campaign" => &CAMPAIGN,
        "course-of-action" => &COURSE_OF_ACTION,
        "grouping" => &GROUPING,
        "identity" => &IDENTITY,
        "incident" => &INCIDENT,
        "indicator" => &INDICATOR,
        "infrastructure" => &INFRASTRUCTURE,
        "intrusion-set" => &INTRUSION_SET,
        "location" => &LOCATION,
        "malware" => &MALWARE,
        "malware-analysis" => &MALWARE_ANALYSIS,
        "note" => &NOTE,
        "observed-data" => &OBSERVED_DATA,
        "opinion" => &OPINION,
        "report" => &REPORT,
        "threat-actor" => &THREAT_ACTOR,
        "tool" => &TOOL,
        "vulnerability" => &VULNERABILITY,
        "relationship" => &RELATIONSHIP,
        "sighting" => &SIGHTING,
        "language-content" => &LANGUAGE_CONTENT,
        "extension-definition" => &EXTENSION_DEFINITION,
        "marking-definition" => &MARKING_DEFINITION,
        "artifact" => &ARTIFACT,
        "autonomous-system" => &AUTONOMOUS_SYSTEM,
        "directory" => &DIRECTORY,
        "domain-name" => &DOMAIN_NAME,
        "email-addr" => &EMAIL_ADDR,
        "email-message" => &EMAIL_MESSAGE,
        "file" => &FILE,
        "ipv4-addr" => &IPV4_ADDR,
        "ipv6-addr" => &IPV6_ADDR,
        "mac-addr" => &MAC_ADDR,
        "mutex" => &MUTEX,
        "network-traffic" => &NETWORK_TRAFFIC,
        "process" => &PROCESS,
        "software" => &SOFTWARE_SPEC,
        "url" => &URL,
        "user-account" => &USER_ACCOUNT,
        "windows-registry-key" => &WINDOWS_REGISTRY_KEY,
        "x509-certificate" => &X509_CERTIFICATE,
        _ => return None,
    })
}

const EMAIL_ADDR_REF: Refs = Refs::Only(&["email-addr"]);
const ADDRESS: Refs = Refs::Only(&["ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"]);

/// Common properties of SDOs, SROs and versioned meta objects (§3.2).
const COMMON_VERSIONED: &[(&str, Kind)] = &[
    ("created_by_ref", Ref(ID)),
    ("revoked", Bool),
    ("labels", StrList),
    ("confidence", Int(0, 100)),
    ("lang", Lang),
];

/// Common properties of marking definitions (§7.2.1).
const COMMON_MARKING: &[(&str, Kind)] = &[("created_by_ref", Ref(ID))];

const COMMON_SCO: &[(&str, Kind)] = &[("defanged", Bool)];

const RESERVED: &[&str] = &["severity", "action", "username", "phone_numbers"];

/// Validates one STIX object.
pub(crate) fn check_object<'a>(cx: &mut Ctx<'a>, obj: &'a Map<String, Value>) {
    cx.object_id = obj.get("id").and_then(Value::as_str);
    let ty = match obj.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => {
            cx.error_at("type", "property-type", "type must be a string");
            return;
        }
        None => {
            cx.error("required-property", "a STIX object needs a 'type'");
            return;
        }
    };
    if !formats::is_type_name(ty) || ty == "action" {
        cx.error_at(
            "type",
            "invalid-type-name",
            format!("{ty:?}: object types are 3-250 characters of a-z, 0-9 and single hyphens"),
        );
    }
    let spec = type_spec(ty);
    let category = match spec {
        Some(s) => s.category,
        None if !obj.contains_key("created") && !obj.contains_key("modified") => Sco,
        None => Versioned,
    };
    if spec.is_none() {
        if cx.options().strict_types {
            cx.error_at("type", "custom-type", format!("{ty:?} is not a STIX 2.1 object type"));
        }
        let defined_by_extension =
            obj.get("extensions").and_then(Value::as_object).is_some_and(|e| {
                e.values().any(|v| is_extension_of_type(v, &["new-sdo", "new-sco", "new-sro"]))
            });
        if !defined_by_extension && cx.should_runs("401") {
            cx.warn_at(
                "type",
                "401",
                format!("custom object type {ty:?} should be defined by an extension-definition"),
            );
        }
        let len = cx.push_key("type");
        rules::custom_naming(cx, rules::Naming::Type, ty);
        cx.pop(len);
    }

    // id
    match obj.get("id") {
        None if cx.embedded.is_some() => {}
        None => cx.error("required-property", "a STIX object needs an 'id'"),
        Some(id) => {
            let len = cx.push_key("id");
            match id.as_str() {
                None => cx.error("property-type", "id must be a string"),
                Some(id) => match formats::identifier_type(id) {
                    None => cx.error("invalid-identifier", format!("{id:?} is not type--UUID")),
                    Some(t) if t != ty => {
                        cx.error("id-type-mismatch", format!("{id:?} does not start with '{ty}--'"))
                    }
                    Some(_) => {
                        let version = uuid_version_of(obj);
                        if category != Sco && version != Some(4) {
                            cx.warn(
                                "103",
                                "SDO, SRO and meta-object identifiers should use UUIDv4",
                            );
                        }
                        // §2.9: SCOs with id-contributing properties use deterministic UUIDv5s.
                        let contributing = crate::id::id_contributing_properties(ty)
                            .is_some_and(|p| p.iter().any(|k| obj.contains_key(*k)));
                        if category == Sco && contributing && version != Some(5) {
                            cx.warn("103", "cyber-observable identifiers should be UUIDv5");
                        }
                    }
                },
            }
            cx.pop(len);
        }
    }

    // spec_version
    match obj.get("spec_version") {
        Some(v) => {
            let len = cx.push_key("spec_version");
            match v.as_str() {
                Some("2.1" | "2.0") => {}
                Some(s) => cx.error("invalid-spec-version", format!("{s:?} is not '2.1'")),
                None => cx.error("property-type", "spec_version must be a string"),
            }
            cx.pop(len);
        }
        // §3.2: without spec_version an SCO is 2.1 and anything else is 2.0 content, which a
        // bundle may carry; a stand-alone 2.1 SDO must say so.
        None if category != Sco && !cx.in_bundle && cx.embedded.is_none() => {
            cx.error("required-property", "'spec_version' is required")
        }
        None => {}
    }

    // created / modified
    if category != Sco {
        let required: &[&str] =
            if category == Marking { &["created"] } else { &["created", "modified"] };
        for key in required {
            if !obj.contains_key(*key) {
                cx.error("required-property", format!("{key:?} is required"));
            }
        }
    }
    let created = obj.get("created").and_then(|v| created_modified(cx, "created", v, category));
    let modified = obj.get("modified").and_then(|v| created_modified(cx, "modified", v, category));
    if let (Some(c), Some(m)) = (created, modified)
        && m < c
    {
        cx.error_at(
            "modified",
            "modified-before-created",
            "modified must not be earlier than created",
        );
    }

    let common: &[(&str, Kind)] = match category {
        Versioned => COMMON_VERSIONED,
        Marking => COMMON_MARKING,
        Sco => COMMON_SCO,
    };
    let props = spec.map_or(&[][..], |s| s.props);
    let toplevel_extension = obj.get("extensions").and_then(Value::as_object).is_some_and(|e| {
        e.values().any(|v| is_extension_of_type(v, &["toplevel-property-extension"]))
    });
    for (key, value) in obj {
        match key.as_str() {
            "type" | "id" | "spec_version" | "created" | "modified" => continue,
            "external_references" if category != Sco => {
                let len = cx.push_key(key);
                rules::external_references(cx, value);
                cx.pop(len);
                continue;
            }
            "object_marking_refs" => {
                let len = cx.push_key(key);
                rules::object_marking_refs(cx, value);
                cx.pop(len);
                continue;
            }
            "granular_markings" => {
                let len = cx.push_key(key);
                rules::granular_markings(cx, value, obj);
                cx.pop(len);
                continue;
            }
            "extensions" => {
                let len = cx.push_key(key);
                rules::extensions(cx, value, ty, sco_extension);
                cx.pop(len);
                continue;
            }
            _ => {}
        }
        if let Some((_, kind)) =
            props.iter().chain(common.iter()).find(|(name, _)| *name == key.as_str())
        {
            let len = cx.push_key(key);
            rules::check_kind(cx, value, *kind);
            cx.pop(len);
            continue;
        }
        // A property the specification does not define for this type.
        if RESERVED.contains(&key.as_str()) {
            cx.error_at(key, "reserved-property", format!("{key:?} is reserved (§3.1)"));
            continue;
        }
        if spec.is_some() {
            rules::undefined_property(cx, key, value, toplevel_extension);
        } else {
            // Custom object types define their own properties.
            rules::custom_property(cx, key, value);
        }
    }

    if category == Sco && cx.should_runs("142") {
        dictionary_key_case(cx, obj, 0);
    }
    if cx.options().interop && category == Versioned {
        interop(cx, obj, ty);
    }

    if let Some(spec) = spec {
        for req in spec.required {
            if !obj.contains_key(*req) {
                cx.error("required-property", format!("{req:?} is required"));
            }
        }
        for (later, earlier, strict) in spec.order {
            order(cx, obj, later, earlier, *strict);
        }
        if let Some(extra) = spec.extra {
            extra(cx, obj);
        }
    }
}

/// The UUID version of the object's id, when it has a valid one.
pub(super) fn uuid_version_of(obj: &Map<String, Value>) -> Option<u8> {
    let id = obj.get("id")?.as_str()?;
    formats::uuid_version(id.rsplit_once("--")?.1)
}

fn is_extension_of_type(ext: &Value, types: &[&str]) -> bool {
    ext.get("extension_type").and_then(Value::as_str).is_some_and(|t| types.contains(&t))
}

fn created_modified(
    cx: &mut Ctx<'_>,
    key: &str,
    value: &Value,
    category: Category,
) -> Option<crate::Timestamp> {
    let len = cx.push_key(key);
    let t = rules::timestamp(cx, value);
    if let Some(t) = t
        && category == Versioned
        && t.precision() < 3
    {
        cx.error("timestamp-precision", format!("{key} must be precise to the millisecond"));
    }
    cx.pop(len);
    t
}

/// `later` must be at or after (`strict`: after) `earlier`, when both are valid timestamps.
fn order(cx: &mut Ctx<'_>, obj: &Map<String, Value>, later: &str, earlier: &str, strict: bool) {
    let parse =
        |k: &str| obj.get(k).and_then(Value::as_str).and_then(|s| crate::Timestamp::parse(s).ok());
    if let (Some(l), Some(e)) = (parse(later), parse(earlier))
        && (l < e || (strict && l == e))
    {
        let how = if strict { "later than" } else { "later than or equal to" };
        cx.error_at(later, "timestamp-order", format!("{later} must be {how} {earlier}"));
    }
}

pub(super) fn required_one_of(cx: &mut Ctx<'_>, obj: &Map<String, Value>, keys: &[&str]) {
    if !keys.iter().any(|k| obj.contains_key(*k)) {
        cx.error("required-property", format!("needs at least one of {}", keys.join(", ")));
    }
}

// --- SDO and SRO rules -------------------------------------------------------------------

fn indicator(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if !(obj.contains_key("name") && obj.contains_key("description")) {
        cx.warn("303", "indicators should have both a name and a description");
    }
    if obj.get("pattern_type").and_then(Value::as_str) != Some("stix") {
        return;
    }
    let Some(p) = obj.get("pattern").and_then(Value::as_str) else { return };
    match pattern::check(p) {
        Err(why) => {
            cx.error_at("pattern", "invalid-pattern", format!("pattern does not parse: {why}"))
        }
        Ok(paths) => {
            for (object_type, property) in paths {
                if !rules::SCO_TYPES.contains(&object_type.as_str())
                    && !formats::is_type_name(&object_type)
                {
                    cx.error_at(
                        "pattern",
                        "invalid-pattern",
                        format!("{object_type:?} is not a valid observable type name"),
                    );
                }
                let b = property.as_bytes();
                let property_ok = property == "id"
                    || ((3..=250).contains(&b.len())
                        && b.iter()
                            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'));
                if !property_ok {
                    cx.error_at(
                        "pattern",
                        "invalid-pattern",
                        format!("{property:?} is not a valid observable property name"),
                    );
                }
                pattern_path_options(cx, &object_type, &property);
            }
        }
    }
}

/// With `strict_types`/`strict_properties`, patterns may only name what the specification
/// defines; with check 401 off, custom names follow the `x-`/`x_` prefix conventions.
fn pattern_path_options(cx: &mut Ctx<'_>, object_type: &str, property: &str) {
    let known_type = type_spec(object_type).is_some_and(|s| s.category == Sco);
    if !known_type {
        if cx.options().strict_types {
            cx.error_at(
                "pattern",
                "custom-type",
                format!("{object_type:?} is not a STIX 2.1 observable type"),
            );
        }
        let len = cx.push_key("pattern");
        rules::custom_naming(cx, rules::Naming::Type, object_type);
        cx.pop(len);
        return;
    }
    let known_property = matches!(
        property,
        "type"
            | "id"
            | "spec_version"
            | "object_marking_refs"
            | "granular_markings"
            | "defanged"
            | "extensions"
    ) || type_spec(object_type)
        .is_some_and(|s| s.props.iter().any(|(n, _)| *n == property));
    if !known_property {
        if cx.options().strict_properties {
            cx.error_at(
                "pattern",
                "custom-property",
                format!("{property:?} is not a property of {object_type}"),
            );
        }
        let len = cx.push_key("pattern");
        rules::custom_naming(cx, rules::Naming::Property, property);
        cx.pop(len);
    }
}

fn location(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if let Some(country) = obj.get("country").and_then(Value::as_str)
        && ISO_3166_1_ALPHA_2.binary_search(&country.to_ascii_uppercase().as_str()).is_err()
    {
        cx.warn_at("country", "277", format!("{country:?} is not an ISO 3166-1 alpha-2 code"));
    }
    let lat = obj.contains_key("latitude");
    let lon = obj.contains_key("longitude");
    if !(obj.contains_key("region") || obj.contains_key("country") || (lat && lon)) {
        cx.error(
            "required-property",
            "a location needs region, country, or latitude and longitude",
        );
    }
    if lat != lon {
        cx.error("constraint", "latitude and longitude must be given together");
    }
    if obj.contains_key("precision") && !(lat && lon) {
        cx.error("constraint", "precision needs latitude and longitude");
    }
}

fn malware(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if obj.get("is_family") == Some(&Value::Bool(true)) && !obj.contains_key("name") {
        cx.error("constraint", "a malware family (is_family: true) needs a name");
    }
}

fn malware_analysis(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if let Some(product) = obj.get("product").and_then(Value::as_str)
        && !formats::is_vocab_format(product)
    {
        cx.warn_at("product", "143", "product should be lower-case words separated by hyphens");
    }
    required_one_of(cx, obj, &["result", "analysis_sco_refs"]);
}

fn relationship(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    suggested_relationship(cx, obj);
    if let Some(t) = obj.get("relationship_type").and_then(Value::as_str)
        && (t.is_empty()
            || !t.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'))
    {
        cx.error_at(
            "relationship_type",
            "invalid-value",
            format!("{t:?}: relationship types are lower-case letters, digits and hyphens"),
        );
    }
}

fn observed_data(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    match (obj.get("objects"), obj.contains_key("object_refs")) {
        (Some(_), true) | (None, false) => cx.error(
            "observed-data-objects",
            "observed-data needs exactly one of 'objects' and 'object_refs'",
        ),
        _ => {}
    }
    let Some(objects) = obj.get("objects") else { return };
    let len = cx.push_key("objects");
    cx.warn("304", "'objects' is deprecated in STIX 2.1: use object_refs");
    match objects.as_object() {
        None => cx.error("observed-data-objects", "objects must be a dictionary"),
        Some(map) if map.is_empty() => {
            cx.error("observed-data-objects", "objects must not be empty")
        }
        Some(map) => {
            let saved_id = cx.object_id;
            let saved_embedded = cx.embedded;
            for (key, sco) in map {
                let l = cx.push_key(key);
                if key.is_empty() || !key.bytes().all(|c| c.is_ascii_digit()) {
                    cx.warn("141", "observable object keys should be non-negative integers");
                }
                match sco.as_object() {
                    None => cx.error("observed-data-objects", "an observable must be an object"),
                    Some(o) if !o.contains_key("type") => {
                        cx.error("required-property", "an observable needs a 'type'")
                    }
                    Some(o) => {
                        // References inside resolve against the dictionary's keys.
                        check_embedded(cx, o, map);
                    }
                }
                cx.pop(l);
            }
            cx.object_id = saved_id;
            cx.embedded = saved_embedded;
        }
    }
    cx.pop(len);
}

/// An SCO inside a STIX 2.0-style `observed-data.objects` dictionary.
fn check_embedded(cx: &mut Ctx<'_>, o: &Map<String, Value>, objects: &Map<String, Value>) {
    // A fresh context borrows the observed-data's dictionary for reference resolution.
    let mut inner = Ctx {
        options: cx.options,
        filter: cx.filter,
        object_id: cx.object_id,
        path: std::mem::take(&mut cx.path),
        diags: Vec::new(),
        embedded: Some(objects),
        in_bundle: true,
        refs: Vec::new(),
    };
    let outer_id = cx.object_id;
    check_object(&mut inner, o);
    inner.object_id = outer_id;
    cx.path = inner.path;
    for mut d in inner.diags {
        d.object_id = outer_id.map(str::to_owned).or(d.object_id);
        cx.diags.push(d);
    }
}

fn language_content(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    let Some(contents) = obj.get("contents") else { return };
    let len = cx.push_key("contents");
    match contents.as_object() {
        None => cx.error("property-type", "contents must be a dictionary"),
        Some(map) if map.is_empty() => cx.error("property-type", "contents must not be empty"),
        Some(map) => {
            for (lang, translations) in map {
                let l = cx.push_key(lang);
                if !formats::is_language_tag(lang) {
                    cx.error(
                        "invalid-language",
                        format!("{lang:?} is not an RFC 5646 language code"),
                    );
                }
                match translations.as_object() {
                    None => cx.error("property-type", "each language maps to a dictionary"),
                    Some(t) => {
                        for key in t.keys() {
                            if !formats::is_property_name(key) {
                                cx.error_at(
                                    key,
                                    "invalid-property-name",
                                    "not a valid property name",
                                );
                            }
                        }
                    }
                }
                cx.pop(l);
            }
        }
    }
    cx.pop(len);
}

fn extension_types(cx: &mut Ctx<'_>, value: &Value) {
    rules::for_each_item(cx, value, |cx, item| {
        rules::check_kind(cx, item, Closed(EXTENSION_TYPE_ENUM));
    });
}

fn extension_definition(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    let toplevel = obj
        .get("extension_types")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|v| v == "toplevel-property-extension"));
    if obj.contains_key("extension_properties") && !toplevel {
        cx.error_at(
            "extension_properties",
            "extension-definition",
            "extension_properties is only for toplevel-property-extension",
        );
    }
    if toplevel && !obj.contains_key("extension_properties") {
        cx.warn("306", "a toplevel-property-extension should list its extension_properties");
    }
    if !obj.contains_key("description") {
        cx.warn("305", "an extension definition should have a description");
    }
}

fn marking_definition(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    let definition_type = obj.get("definition_type").and_then(Value::as_str);
    let definition = obj.get("definition");
    if definition.is_some_and(|d| !d.is_object()) {
        cx.error_at("definition", "property-type", "definition must be an object");
    }
    match definition_type {
        Some("tlp") => {
            let level = definition.and_then(|d| d.get("tlp")).and_then(Value::as_str);
            let id = obj.get("id").and_then(Value::as_str);
            let matches = TLP.iter().any(|(tlp_id, tlp_level)| {
                Some(*tlp_id) == id
                    && Some(*tlp_level) == level
                    && obj.get("name").and_then(Value::as_str)
                        == Some(format!("TLP:{}", tlp_level.to_uppercase()).as_str())
                    && obj.get("created").and_then(Value::as_str)
                        == Some("2017-01-20T00:00:00.000Z")
            }) && definition.and_then(Value::as_object).is_some_and(|d| d.len() == 1)
                && obj.keys().all(|k| {
                    matches!(
                        k.as_str(),
                        "type"
                            | "spec_version"
                            | "id"
                            | "created"
                            | "name"
                            | "definition"
                            | "definition_type"
                    )
                });
            if !matches {
                cx.error(
                    "invalid-marking-definition",
                    "TLP marking definitions must be exactly one of the four the specification defines",
                );
            }
        }
        Some("statement")
            if !definition.and_then(|d| d.get("statement")).is_some_and(Value::is_string) =>
        {
            cx.error_at(
                "definition",
                "invalid-marking-definition",
                "a statement marking needs a 'statement' string",
            );
        }
        Some("statement") => {}
        Some(other) => cx.warn_at(
            "definition_type",
            "201",
            format!("{other:?}: definition_type should be 'statement' or 'tlp'"),
        ),
        None => {}
    }
    if let Some(tlp2) = obj.get("extensions").and_then(|e| e.get(rules::TLP_2_EXTENSION)) {
        tlp_2_marking(cx, obj, tlp2);
    }
    if !matches!(definition_type, Some("statement" | "tlp")) && !obj.contains_key("extensions") {
        cx.warn("401", "custom marking definitions should be defined by an extension");
    }
    if (definition_type.is_none() || definition.is_none()) && !obj.contains_key("extensions") {
        cx.error(
            "invalid-marking-definition",
            "a marking definition needs definition_type and definition, or an extension",
        );
    }
}

/// Check 202: the relationship types §4 suggests for each pair of SDO types.
fn suggested_relationship(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if !cx.should_runs("202") {
        return;
    }
    let get = |k: &str| obj.get(k).and_then(Value::as_str);
    let (Some(rtype), Some(source), Some(target)) =
        (get("relationship_type"), get("source_ref"), get("target_ref"))
    else {
        return;
    };
    let (Some((source, _)), Some((target, _))) = (source.split_once("--"), target.split_once("--"))
    else {
        return;
    };
    let non_sdo = |t: &str| {
        type_spec(t).is_none_or(|s| s.category != Versioned)
            || matches!(
                t,
                "relationship" | "sighting" | "language-content" | "extension-definition"
            )
    };
    if matches!(rtype, "derived-from" | "duplicate-of" | "related-to")
        || non_sdo(source)
        || non_sdo(target)
    {
        return;
    }
    let mut for_source = RELATIONSHIPS.iter().filter(|(s, _, _)| *s == source).peekable();
    let message = if for_source.peek().is_none() {
        format!("{source} is not a suggested source of {rtype:?} relationships")
    } else if let Some((_, _, targets)) = for_source.find(|(_, t, _)| *t == rtype) {
        if targets.contains(&target) {
            return;
        }
        format!("{target} is not a suggested target of {source} {rtype:?} relationships")
    } else {
        format!("{rtype:?} is not a suggested relationship type for {source} objects")
    };
    cx.warn_at("relationship_type", "202", message);
}

/// Check 142: dictionary keys inside cyber-observables SHOULD be lower-case (registries that
/// fix their own key spelling, such as hashes and headers, are exempt).
fn dictionary_key_case(cx: &mut Ctx<'_>, map: &Map<String, Value>, depth: usize) {
    const EXEMPT: &[&str] = &[
        "hashes",
        "file_header_hashes",
        "request_header",
        "additional_header_fields",
        "document_info_dict",
        "exif_tags",
        "ipfix",
        "options",
        "environment_variables",
        "key",
        "startup_info",
    ];
    if depth > 16 {
        return;
    }
    for (key, value) in map {
        if depth > 0 && key.bytes().any(|c| c.is_ascii_uppercase()) {
            cx.warn_at(key, "142", format!("dictionary key {key:?} should be lower-case"));
        }
        if let Value::Object(inner) = value
            && !EXEMPT.contains(&key.as_str())
        {
            let len = cx.push_key(key);
            dictionary_key_case(cx, inner, depth + 1);
            cx.pop(len);
        }
    }
}

/// The STIX interoperability profile: a producer on every SDO and SRO, at most one TLP
/// marking, and the properties each type's interop schema requires.
fn interop(cx: &mut Ctx<'_>, obj: &Map<String, Value>, ty: &str) {
    let required: &[&str] = match ty {
        "attack-pattern" => &["external_references", "kill_chain_phases"],
        "indicator" => &["name", "indicator_types"],
        "infrastructure" => &["infrastructure_types"],
        "intrusion-set" => &["resource_level", "primary_motivation"],
        "location" => &["region"],
        "malware-analysis" => {
            &["version", "submitted", "analysis_started", "analysis_ended", "result"]
        }
        "malware" => &[
            "name",
            "malware_types",
            "first_seen",
            "last_seen",
            "architecture_execution_envs",
            "implementation_languages",
            "capabilities",
        ],
        "observed-data" => &["object_refs"],
        "report" => &["report_types"],
        "sighting" => &["first_seen", "last_seen", "count"],
        "threat-actor" => &[
            "threat_actor_types",
            "roles",
            "sophistication",
            "resource_level",
            "primary_motivation",
        ],
        "tool" => &["tool_types"],
        "vulnerability" => &["external_references"],
        _ => &[],
    };
    let needs_producer = type_spec(ty).is_some()
        && !matches!(ty, "identity" | "language-content" | "extension-definition");
    if needs_producer && !obj.contains_key("created_by_ref") {
        cx.error("required-property", "the interoperability profile requires created_by_ref");
    }
    for key in required {
        if !obj.contains_key(*key) {
            cx.error("required-property", format!("the interoperability profile requires {key}"));
        }
    }
    if let Some(refs) = obj.get("object_marking_refs").and_then(Value::as_array) {
        let tlp = refs
            .iter()
            .filter(|r| r.as_str().is_some_and(|r| TLP.iter().any(|(id, _)| *id == r)))
            .count();
        if tlp > 1 {
            cx.error_at(
                "object_marking_refs",
                "invalid-marking-reference",
                "the interoperability profile allows at most one TLP marking",
            );
        }
    }
}

/// A TLP 2.0 marking: `tlp_2_0` is one of the five levels, and the published ids carry their
/// own level.
fn tlp_2_marking(cx: &mut Ctx<'_>, obj: &Map<String, Value>, ext: &Value) {
    let len = cx.push_key("extensions");
    let l = cx.push_key(rules::TLP_2_EXTENSION);
    match ext.get("tlp_2_0") {
        None => cx.error("required-property", "a TLP 2.0 marking needs 'tlp_2_0'"),
        Some(level) => {
            let k = cx.push_key("tlp_2_0");
            rules::check_kind(cx, level, Closed(TLP_2_LEVELS));
            let id = obj.get("id").and_then(Value::as_str);
            if let Some((_, expected)) = TLP_2.iter().find(|(tlp, _)| Some(*tlp) == id)
                && level.as_str().is_some_and(|l| TLP_2_LEVELS.contains(&l) && l != *expected)
            {
                cx.error(
                    "invalid-marking-definition",
                    format!("this TLP 2.0 marking definition is TLP:{}", expected.to_uppercase()),
                );
            }
            cx.pop(k);
        }
    }
    if ext.get("extension_type").and_then(Value::as_str) != Some("property-extension") {
        cx.error("extension-type", "the TLP 2.0 extension is a property-extension");
    }
    cx.pop(l);
    cx.pop(len);
}
