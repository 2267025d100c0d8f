//! Rules of the cyber-observable objects (§6) and their predefined extensions.

use serde_json::{Map, Value};

use super::Ctx;
use super::formats;
use super::objects::{required_one_of, uuid_version_of};
use super::rules::{self, ExtSpec, Kind, Refs};
use crate::vocab::*;
use Kind::*;

pub(super) fn mime_type(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_mime_type(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not an IANA media type")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn charset(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_charset(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not an IANA character set")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn email(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_email(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not an email address")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn ipv4(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_ipv4(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not an IPv4 address or CIDR block")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn ipv6(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_ipv6(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not an IPv6 address or CIDR block")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn mac(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_mac(s) => {}
        Some(s) => cx.error(
            "invalid-value",
            format!("{s:?} is not a lower-case colon-separated MAC address"),
        ),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn cpe(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_cpe23(s) => {}
        Some(s) => cx.error("invalid-value", format!("{s:?} is not a CPE 2.3 string")),
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn languages(cx: &mut Ctx<'_>, value: &Value) {
    rules::for_each_item(cx, value, |cx, item| rules::check_kind(cx, item, Lang));
}

pub(super) fn protocols(cx: &mut Ctx<'_>, value: &Value) {
    rules::for_each_item(cx, value, |cx, item| rules::check_kind(cx, item, Str));
}

pub(super) fn string_list_maybe_empty(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_array() {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    let len = cx.push_index(i);
                    cx.error("property-type", "must be a string");
                    cx.pop(len);
                }
            }
        }
        None => cx.error("property-type", "must be a list"),
    }
}

pub(super) fn registry_key(cx: &mut Ctx<'_>, value: &Value) {
    match value.as_str() {
        Some(s) if formats::is_abbreviated_registry_key(s) => cx.error(
            "invalid-value",
            format!("{s:?}: registry keys must use full hive names, not abbreviations"),
        ),
        Some(_) => {}
        None => cx.error("property-type", "must be a string"),
    }
}

pub(super) fn registry_values(cx: &mut Ctx<'_>, value: &Value) {
    const PROPS: &[(&str, Kind)] =
        &[("name", Str), ("data", Str), ("data_type", Closed(WINDOWS_REGISTRY_DATATYPE_ENUM))];
    let Some(items) = value.as_array() else {
        cx.error("property-type", "must be a list");
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let len = cx.push_index(i);
        match item.as_object() {
            None => cx.error("property-type", "a registry value must be an object"),
            Some(v) => rules::predefined_extension(
                cx,
                v,
                &ExtSpec { props: PROPS, required: &[], any_of: &["name", "data", "data_type"] },
            ),
        }
        cx.pop(len);
    }
}

pub(super) fn x509_v3_extensions(cx: &mut Ctx<'_>, value: &Value) {
    const PROPS: &[(&str, Kind)] = &[
        ("basic_constraints", Str),
        ("name_constraints", Str),
        ("policy_constraints", Str),
        ("key_usage", Str),
        ("extended_key_usage", Str),
        ("subject_key_identifier", Str),
        ("authority_key_identifier", Str),
        ("subject_alternative_name", Str),
        ("issuer_alternative_name", Str),
        ("subject_directory_attributes", Str),
        ("crl_distribution_points", Str),
        ("inhibit_any_policy", Str),
        ("private_key_usage_period_not_before", Ts),
        ("private_key_usage_period_not_after", Ts),
        ("certificate_policies", Str),
        ("policy_mappings", Str),
    ];
    const ANY: &[&str] = &[
        "basic_constraints",
        "name_constraints",
        "policy_constraints",
        "key_usage",
        "extended_key_usage",
        "subject_key_identifier",
        "authority_key_identifier",
        "subject_alternative_name",
        "issuer_alternative_name",
        "subject_directory_attributes",
        "crl_distribution_points",
        "inhibit_any_policy",
        "private_key_usage_period_not_before",
        "private_key_usage_period_not_after",
        "certificate_policies",
        "policy_mappings",
    ];
    match value.as_object() {
        None => cx.error("property-type", "must be an object"),
        Some(v) => rules::predefined_extension(
            cx,
            v,
            &ExtSpec { props: PROPS, required: &[], any_of: ANY },
        ),
    }
}

pub(super) fn body_multipart(cx: &mut Ctx<'_>, value: &Value) {
    const PROPS: &[(&str, Kind)] = &[
        ("body", Str),
        ("body_raw_ref", Ref(Refs::Only(&["artifact", "file"]))),
        ("content_type", Str),
        ("content_disposition", Str),
    ];
    let Some(items) = value.as_array() else {
        cx.error("property-type", "must be a list");
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let len = cx.push_index(i);
        match item.as_object() {
            None => cx.error("property-type", "a MIME part must be an object"),
            Some(part) => {
                rules::predefined_extension(
                    cx,
                    part,
                    &ExtSpec { props: PROPS, required: &[], any_of: &[] },
                );
                if part.contains_key("body") == part.contains_key("body_raw_ref") {
                    cx.error(
                        "constraint",
                        "a MIME part needs exactly one of body and body_raw_ref",
                    );
                }
            }
        }
        cx.pop(len);
    }
}

/// SCOs whose id-contributing properties are all optional use a UUIDv4 when none is present.
pub(super) fn uuid_v4_without_contributing(
    cx: &mut Ctx<'_>,
    obj: &Map<String, Value>,
    contributing: &[&str],
) {
    if contributing.iter().any(|k| obj.contains_key(*k)) {
        return;
    }
    if uuid_version_of(obj).is_some_and(|v| v != 4) {
        cx.error_at(
            "id",
            "uuid-version",
            "without id-contributing properties the id must be a UUIDv4",
        );
    }
}

pub(super) fn artifact(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    match (obj.contains_key("payload_bin"), obj.contains_key("url")) {
        (true, true) | (false, false) => {
            cx.error("constraint", "an artifact needs exactly one of payload_bin and url")
        }
        (false, true) if !obj.contains_key("hashes") => {
            cx.error("constraint", "an artifact with a url needs hashes")
        }
        _ => {}
    }
    if obj.contains_key("decryption_key") && !obj.contains_key("encryption_algorithm") {
        cx.error("constraint", "decryption_key needs encryption_algorithm");
    }
    uuid_v4_without_contributing(cx, obj, &["hashes", "payload_bin"]);
}

pub(super) fn email_message(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    match obj.get("is_multipart") {
        Some(Value::Bool(true)) if obj.contains_key("body") => {
            cx.error("constraint", "a multipart message (is_multipart: true) must not have body")
        }
        Some(Value::Bool(false)) if obj.contains_key("body_multipart") => {
            cx.error("constraint", "a message with is_multipart false must not have body_multipart")
        }
        _ => {}
    }
    if let Some(fields) = obj.get("additional_header_fields").and_then(Value::as_object) {
        for (name, v) in fields {
            let ok = v.is_string()
                || v.as_array().is_some_and(|a| a.len() >= 2 && a.iter().all(Value::is_string));
            if !ok {
                let len = cx.push_key("additional_header_fields");
                cx.error_at(
                    name,
                    "property-type",
                    "a header field is a string or a list of strings",
                );
                cx.pop(len);
            }
        }
    }
    uuid_v4_without_contributing(cx, obj, &["from_ref", "subject", "body"]);
}

pub(super) fn file(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if let Some(mime) = obj.get("mime_type").and_then(Value::as_str)
        && !formats::is_mime_type(mime)
    {
        cx.warn_at("mime_type", "271", format!("{mime:?} should be an IANA media type"));
    }
    if let Some(info) = obj
        .get("extensions")
        .and_then(|e| e.get("pdf-ext"))
        .and_then(|p| p.get("document_info_dict"))
        .and_then(Value::as_object)
    {
        for key in info.keys() {
            if !PDF_DOCUMENT_INFO_KEYS.contains(&key.as_str()) {
                cx.warn("276", format!("{key:?} is not a PDF document information dictionary key"));
            }
        }
    }
    required_one_of(cx, obj, &["hashes", "name"]);
}

pub(super) fn network_traffic(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if !(obj.contains_key("src_port") && obj.contains_key("dst_port")) {
        cx.warn("301", "network traffic should have both src_port and dst_port");
    }
    required_one_of(cx, obj, &["src_ref", "dst_ref"]);
    if obj.get("is_active") == Some(&Value::Bool(true)) && obj.contains_key("end") {
        cx.error("constraint", "if is_active is true, end must not be present");
    }
}

pub(super) fn process(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if let Some(priority) = obj
        .get("extensions")
        .and_then(|e| e.get("windows-process-ext"))
        .and_then(|w| w.get("priority"))
        .and_then(Value::as_str)
        && !(priority.len() > 6 && priority.ends_with("_CLASS"))
    {
        cx.warn("149", "windows-process-ext priority should end in '_CLASS'");
    }
    if obj.keys().all(|k| {
        matches!(
            k.as_str(),
            "type"
                | "id"
                | "spec_version"
                | "defanged"
                | "object_marking_refs"
                | "granular_markings"
        )
    }) {
        cx.error(
            "required-property",
            "a process needs at least one property besides the common ones",
        );
    }
    if uuid_version_of(obj).is_some_and(|v| v != 4) {
        cx.error_at("id", "uuid-version", "a process must be identified by a UUIDv4");
    }
}

pub(super) fn user_account(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    if obj.len() <= 2 && obj.keys().all(|k| k == "type" || k == "id") {
        cx.error("required-property", "a user account needs at least one property");
    }
    uuid_v4_without_contributing(cx, obj, &["account_type", "user_id", "account_login"]);
}

pub(super) fn windows_registry_key(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    uuid_v4_without_contributing(cx, obj, &["key", "values"]);
}

pub(super) fn x509_certificate(cx: &mut Ctx<'_>, obj: &Map<String, Value>) {
    uuid_v4_without_contributing(cx, obj, &["hashes", "serial_number"]);
}

/// The predefined extensions of SCOs (§6).
pub(super) fn sco_extension(object_type: &str, name: &str) -> Option<&'static ExtSpec> {
    static ARCHIVE: ExtSpec = ExtSpec {
        props: &[("contains_refs", RefList(Refs::Only(&["file", "directory"]))), ("comment", Str)],
        required: &["contains_refs"],
        any_of: &[],
    };
    static NTFS: ExtSpec = ExtSpec {
        props: &[("sid", Str), ("alternate_data_streams", Special(alternate_data_streams))],
        required: &[],
        any_of: &["sid", "alternate_data_streams"],
    };
    static PDF: ExtSpec = ExtSpec {
        props: &[
            ("version", Str),
            ("is_optimized", Bool),
            ("document_info_dict", Dict),
            ("pdfid0", Str),
            ("pdfid1", Str),
        ],
        required: &[],
        any_of: &["version", "is_optimized", "document_info_dict", "pdfid0", "pdfid1"],
    };
    static RASTER_IMAGE: ExtSpec = ExtSpec {
        props: &[
            ("image_height", Int(i64::MIN, i64::MAX)),
            ("image_width", Int(i64::MIN, i64::MAX)),
            ("bits_per_pixel", Int(i64::MIN, i64::MAX)),
            ("exif_tags", Dict),
        ],
        required: &[],
        any_of: &["image_height", "image_width", "bits_per_pixel", "exif_tags"],
    };
    static PE_BINARY: ExtSpec = ExtSpec {
        props: &[
            ("pe_type", Open(WINDOWS_PEBINARY_TYPE_OV, "243")),
            ("imphash", Str),
            ("machine_hex", Hex),
            ("number_of_sections", Int(0, i64::MAX)),
            ("time_date_stamp", TsSeconds),
            ("pointer_to_symbol_table_hex", Hex),
            ("number_of_symbols", Int(0, i64::MAX)),
            ("size_of_optional_header", Int(0, i64::MAX)),
            ("characteristics_hex", Hex),
            ("file_header_hashes", Hashes),
            ("optional_header", Special(pe_optional_header)),
            ("sections", Special(pe_sections)),
        ],
        required: &["pe_type"],
        any_of: &[],
    };
    static HTTP_REQUEST: ExtSpec = ExtSpec {
        props: &[
            ("request_method", Str),
            ("request_value", Str),
            ("request_version", Str),
            ("request_header", Dict),
            ("message_body_length", Int(0, i64::MAX)),
            ("message_body_data_ref", Ref(Refs::Only(&["artifact"]))),
        ],
        required: &["request_method", "request_value"],
        any_of: &[],
    };
    static ICMP: ExtSpec = ExtSpec {
        props: &[("icmp_type_hex", Hex), ("icmp_code_hex", Hex)],
        required: &["icmp_type_hex", "icmp_code_hex"],
        any_of: &[],
    };
    static SOCKET: ExtSpec = ExtSpec {
        props: &[
            ("address_family", Closed(NETWORK_SOCKET_ADDRESS_FAMILY_ENUM)),
            ("is_blocking", Bool),
            ("is_listening", Bool),
            ("options", Dict),
            ("socket_type", Closed(NETWORK_SOCKET_TYPE_ENUM)),
            ("socket_descriptor", Int(0, i64::MAX)),
            ("socket_handle", Int(i64::MIN, i64::MAX)),
        ],
        required: &["address_family"],
        any_of: &[],
    };
    static TCP: ExtSpec = ExtSpec {
        props: &[("src_flags_hex", Hex), ("dst_flags_hex", Hex)],
        required: &[],
        any_of: &["src_flags_hex", "dst_flags_hex"],
    };
    static WINDOWS_PROCESS: ExtSpec = ExtSpec {
        props: &[
            ("aslr_enabled", Bool),
            ("dep_enabled", Bool),
            ("priority", Str),
            ("owner_sid", Str),
            ("window_title", Str),
            ("startup_info", Dict),
            ("integrity_level", Closed(WINDOWS_INTEGRITY_LEVEL_ENUM)),
        ],
        required: &[],
        any_of: &[
            "aslr_enabled",
            "dep_enabled",
            "priority",
            "owner_sid",
            "window_title",
            "startup_info",
            "integrity_level",
        ],
    };
    static WINDOWS_SERVICE: ExtSpec = ExtSpec {
        props: &[
            ("service_name", Str),
            ("descriptions", StrList),
            ("display_name", Str),
            ("group_name", Str),
            ("start_type", Closed(WINDOWS_SERVICE_START_TYPE_ENUM)),
            ("service_dll_refs", RefList(Refs::Only(&["file"]))),
            ("service_type", Closed(WINDOWS_SERVICE_TYPE_ENUM)),
            ("service_status", Closed(WINDOWS_SERVICE_STATUS_ENUM)),
        ],
        required: &[],
        any_of: &[
            "service_name",
            "descriptions",
            "display_name",
            "group_name",
            "start_type",
            "service_dll_refs",
            "service_type",
            "service_status",
        ],
    };
    static UNIX_ACCOUNT: ExtSpec = ExtSpec {
        props: &[
            ("gid", Int(i64::MIN, i64::MAX)),
            ("groups", StrList),
            ("home_dir", Str),
            ("shell", Str),
        ],
        required: &[],
        any_of: &["gid", "groups", "home_dir", "shell"],
    };
    Some(match (object_type, name) {
        ("file", "archive-ext") => &ARCHIVE,
        ("file", "ntfs-ext") => &NTFS,
        ("file", "pdf-ext") => &PDF,
        ("file", "raster-image-ext") => &RASTER_IMAGE,
        ("file", "windows-pebinary-ext") => &PE_BINARY,
        ("network-traffic", "http-request-ext") => &HTTP_REQUEST,
        ("network-traffic", "icmp-ext") => &ICMP,
        ("network-traffic", "socket-ext") => &SOCKET,
        ("network-traffic", "tcp-ext") => &TCP,
        ("process", "windows-process-ext") => &WINDOWS_PROCESS,
        ("process", "windows-service-ext") => &WINDOWS_SERVICE,
        ("user-account", "unix-account-ext") => &UNIX_ACCOUNT,
        _ => return None,
    })
}

pub(super) fn alternate_data_streams(cx: &mut Ctx<'_>, value: &Value) {
    const PROPS: &[(&str, Kind)] = &[("name", Str), ("hashes", Hashes), ("size", Int(0, i64::MAX))];
    rules::for_each_item(cx, value, |cx, item| match item.as_object() {
        None => cx.error("property-type", "an alternate data stream must be an object"),
        Some(s) => rules::predefined_extension(
            cx,
            s,
            &ExtSpec { props: PROPS, required: &["name"], any_of: &[] },
        ),
    });
}

pub(super) fn pe_sections(cx: &mut Ctx<'_>, value: &Value) {
    const PROPS: &[(&str, Kind)] = &[
        ("name", Str),
        ("size", Int(0, i64::MAX)),
        ("entropy", Num(f64::MIN, f64::MAX)),
        ("hashes", Hashes),
    ];
    rules::for_each_item(cx, value, |cx, item| match item.as_object() {
        None => cx.error("property-type", "a section must be an object"),
        Some(s) => rules::predefined_extension(
            cx,
            s,
            &ExtSpec { props: PROPS, required: &["name"], any_of: &[] },
        ),
    });
}

pub(super) fn pe_optional_header(cx: &mut Ctx<'_>, value: &Value) {
    const U: Kind = Int(0, i64::MAX);
    const I: Kind = Int(i64::MIN, i64::MAX);
    const PROPS: &[(&str, Kind)] = &[
        ("magic_hex", Hex),
        ("major_linker_version", I),
        ("minor_linker_version", I),
        ("size_of_code", U),
        ("size_of_initialized_data", U),
        ("size_of_uninitialized_data", U),
        ("address_of_entry_point", I),
        ("base_of_code", I),
        ("base_of_data", I),
        ("image_base", I),
        ("section_alignment", I),
        ("file_alignment", I),
        ("major_os_version", I),
        ("minor_os_version", I),
        ("major_image_version", I),
        ("minor_image_version", I),
        ("major_subsystem_version", I),
        ("minor_subsystem_version", I),
        ("win32_version_value_hex", Hex),
        ("size_of_image", U),
        ("size_of_headers", U),
        ("checksum_hex", Hex),
        ("subsystem_hex", Hex),
        ("dll_characteristics_hex", Hex),
        ("size_of_stack_reserve", U),
        ("size_of_stack_commit", U),
        ("size_of_heap_reserve", U),
        ("size_of_heap_commit", U),
        ("loader_flags_hex", Hex),
        ("number_of_rva_and_sizes", I),
        ("hashes", Hashes),
    ];
    match value.as_object() {
        None => cx.error("property-type", "must be an object"),
        Some(h) if h.is_empty() => cx.error("property-type", "must not be empty"),
        Some(h) => rules::predefined_extension(
            cx,
            h,
            &ExtSpec { props: PROPS, required: &[], any_of: &[] },
        ),
    }
}
