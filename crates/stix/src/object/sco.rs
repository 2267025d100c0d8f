//! STIX cyber-observable objects (§6) and their predefined extensions.
//!
//! Constructors compute the deterministic id (§2.9, [`crate::id::sco_id`]);
//! [`Observable::with_computed_id`] recomputes it after properties change. Extensions stay JSON
//! in [`ScoCommon::extensions`]; [`Observable::extension`] reads a predefined one as its typed
//! struct and [`Observable::set_extension`] writes one.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};
use uuid::Uuid;

use crate::{Identifier, Timestamp};

use super::{Hashes, JsonMap, ObjectError, ScoCommon, StixObject};

/// An SCO: access to its common properties, deterministic id and extensions.
pub trait Observable: StixObject + Sized {
    fn sco_common(&self) -> &ScoCommon;
    fn sco_common_mut(&mut self) -> &mut ScoCommon;

    /// The deterministic id from the id-contributing properties, `None` for a `process` or
    /// when none of them is present.
    fn computed_id(&self) -> Option<Identifier> {
        crate::id::sco_id(&self.to_map())
    }

    /// Sets `id` to [`Self::computed_id`] when there is one.
    fn with_computed_id(mut self) -> Self {
        if let Some(id) = self.computed_id() {
            self.sco_common_mut().id = id;
        }
        self
    }

    /// The predefined extension `E` (`archive-ext`, ...), if present; an error names the
    /// property that does not fit.
    fn extension<E: Extension>(&self) -> Option<Result<E, ObjectError>> {
        let value = self.sco_common().extensions.as_ref()?.get(E::NAME)?;
        Some(E::from_value(value.clone()))
    }

    /// Adds or replaces extension `E`. Does not change the id; `file` and `network-traffic`
    /// count extensions among their id-contributing properties, see [`Self::with_computed_id`].
    fn set_extension<E: Extension>(&mut self, extension: &E) {
        let value = serde_json::to_value(extension).unwrap_or(Value::Null);
        self.sco_common_mut()
            .extensions
            .get_or_insert_with(JsonMap::new)
            .insert(E::NAME.to_owned(), value);
    }

    /// Adds a marking definition to `object_marking_refs`.
    fn with_marking(mut self, marking: Identifier) -> Self {
        self.sco_common_mut().object_marking_refs.get_or_insert_with(Vec::new).push(marking);
        self
    }
}

/// A predefined SCO extension (§6), stored under its name in `extensions`.
pub trait Extension: Serialize + DeserializeOwned {
    /// The key in `extensions`.
    const NAME: &'static str;
    fn from_value(value: Value) -> Result<Self, ObjectError>;
}

/// SCO trait impls, a constructor helper and `with_*` setters.
macro_rules! observable {
    ($($ty:ident),* $(,)?) => {
        $(
            impl Observable for $ty {
                fn sco_common(&self) -> &ScoCommon {
                    &self.common
                }
                fn sco_common_mut(&mut self) -> &mut ScoCommon {
                    &mut self.common
                }
            }
        )*
    };
}

macro_rules! extension {
    ($($ty:ident = $name:literal),* $(,)?) => {
        $(
            component_serde!($ty, $name);
            impl Extension for $ty {
                const NAME: &'static str = $name;
                fn from_value(value: Value) -> Result<Self, ObjectError> {
                    $ty::from_value(value)
                }
            }
        )*
    };
}

/// Common properties with a placeholder id, replaced by the computed one.
fn placeholder<T: StixObject>() -> ScoCommon {
    ScoCommon::new(Identifier::new(T::TYPE, Uuid::nil()))
}

stix_object! {
    /// artifact (§6.1): binary data, inline (`payload_bin`, base64) or by `url`.
    pub struct Artifact : "artifact" {
        @common ScoCommon,
        opt mime_type: String,
        opt payload_bin: String,
        opt url: String,
        opt hashes: Hashes,
        opt encryption_algorithm: String,
        opt decryption_key: String,
    }
}

stix_object! {
    /// autonomous-system (§6.2).
    pub struct AutonomousSystem : "autonomous-system" {
        @common ScoCommon,
        req number: u64,
        opt name: String,
        opt rir: String,
    }
}

stix_object! {
    /// directory (§6.3).
    pub struct Directory : "directory" {
        @common ScoCommon,
        req path: String,
        opt path_enc: String,
        opt ctime: Timestamp,
        opt mtime: Timestamp,
        opt atime: Timestamp,
        opt contains_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// domain-name (§6.4).
    pub struct DomainName : "domain-name" {
        @common ScoCommon,
        req value: String,
        opt resolves_to_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// email-addr (§6.5).
    pub struct EmailAddr : "email-addr" {
        @common ScoCommon,
        req value: String,
        opt display_name: String,
        opt belongs_to_ref: Identifier,
    }
}

stix_object! {
    /// email-message (§6.6).
    pub struct EmailMessage : "email-message" {
        @common ScoCommon,
        req is_multipart: bool,
        opt date: Timestamp,
        opt content_type: String,
        opt from_ref: Identifier,
        opt sender_ref: Identifier,
        opt to_refs: Vec<Identifier>,
        opt cc_refs: Vec<Identifier>,
        opt bcc_refs: Vec<Identifier>,
        opt message_id: String,
        opt subject: String,
        opt received_lines: Vec<String>,
        opt additional_header_fields: JsonMap,
        opt body: String,
        opt body_multipart: Vec<EmailMimePart>,
        opt raw_email_ref: Identifier,
    }
}

stix_struct! {
    /// email-mime-part-type (§6.6.2): one part of a multipart email.
    pub struct EmailMimePart {
        opt body: String,
        opt body_raw_ref: Identifier,
        opt content_type: String,
        opt content_disposition: String,
        ..extra
    }
}
component_serde!(EmailMimePart, "email-mime-part-type");

stix_object! {
    /// file (§6.7).
    pub struct File : "file" {
        @common ScoCommon,
        opt hashes: Hashes,
        opt size: u64,
        opt name: String,
        opt name_enc: String,
        opt magic_number_hex: String,
        opt mime_type: String,
        opt ctime: Timestamp,
        opt mtime: Timestamp,
        opt atime: Timestamp,
        opt parent_directory_ref: Identifier,
        opt contains_refs: Vec<Identifier>,
        opt content_ref: Identifier,
    }
}

stix_struct! {
    /// archive-ext (§6.7.2).
    pub struct ArchiveExt {
        req contains_refs: Vec<Identifier>,
        opt comment: String,
        ..extra
    }
}

stix_struct! {
    /// ntfs-ext (§6.7.3).
    pub struct NtfsExt {
        opt sid: String,
        opt alternate_data_streams: Vec<AlternateDataStream>,
        ..extra
    }
}

stix_struct! {
    /// alternate-data-stream-type (§6.7.3.2).
    pub struct AlternateDataStream {
        req name: String,
        opt hashes: Hashes,
        opt size: u64,
        ..extra
    }
}
component_serde!(AlternateDataStream, "alternate-data-stream-type");

stix_struct! {
    /// pdf-ext (§6.7.4).
    pub struct PdfExt {
        opt version: String,
        opt is_optimized: bool,
        opt document_info_dict: JsonMap,
        opt pdfid0: String,
        opt pdfid1: String,
        ..extra
    }
}

stix_struct! {
    /// raster-image-ext (§6.7.5).
    pub struct RasterImageExt {
        opt image_height: u64,
        opt image_width: u64,
        opt bits_per_pixel: u64,
        opt exif_tags: JsonMap,
        ..extra
    }
}

stix_struct! {
    /// windows-pebinary-ext (§6.7.6).
    pub struct WindowsPeBinaryExt {
        req pe_type: String,
        opt imphash: String,
        opt machine_hex: String,
        opt number_of_sections: u64,
        opt time_date_stamp: Timestamp,
        opt pointer_to_symbol_table_hex: String,
        opt number_of_symbols: u64,
        opt size_of_optional_header: u64,
        opt characteristics_hex: String,
        opt file_header_hashes: Hashes,
        opt optional_header: WindowsPeOptionalHeader,
        opt sections: Vec<WindowsPeSection>,
        ..extra
    }
}

stix_struct! {
    /// windows-pe-optional-header-type (§6.7.6.2).
    pub struct WindowsPeOptionalHeader {
        opt magic_hex: String,
        opt major_linker_version: u64,
        opt minor_linker_version: u64,
        opt size_of_code: u64,
        opt size_of_initialized_data: u64,
        opt size_of_uninitialized_data: u64,
        opt address_of_entry_point: u64,
        opt base_of_code: u64,
        opt base_of_data: u64,
        opt image_base: u64,
        opt section_alignment: u64,
        opt file_alignment: u64,
        opt major_os_version: u64,
        opt minor_os_version: u64,
        opt major_image_version: u64,
        opt minor_image_version: u64,
        opt major_subsystem_version: u64,
        opt minor_subsystem_version: u64,
        opt win32_version_value_hex: String,
        opt size_of_image: u64,
        opt size_of_headers: u64,
        opt checksum_hex: String,
        opt subsystem_hex: String,
        opt dll_characteristics_hex: String,
        opt size_of_stack_reserve: u64,
        opt size_of_stack_commit: u64,
        opt size_of_heap_reserve: u64,
        opt size_of_heap_commit: u64,
        opt loader_flags_hex: String,
        opt number_of_rva_and_sizes: u64,
        opt hashes: Hashes,
        ..extra
    }
}
component_serde!(WindowsPeOptionalHeader, "windows-pe-optional-header-type");

stix_struct! {
    /// windows-pe-section-type (§6.7.6.3). `entropy` is kept as the JSON number written.
    pub struct WindowsPeSection {
        req name: String,
        opt size: u64,
        opt entropy: Number,
        opt hashes: Hashes,
        ..extra
    }
}
component_serde!(WindowsPeSection, "windows-pe-section-type");

stix_object! {
    /// ipv4-addr (§6.8): an address or a CIDR block.
    pub struct Ipv4Addr : "ipv4-addr" {
        @common ScoCommon,
        req value: String,
        opt resolves_to_refs: Vec<Identifier>,
        opt belongs_to_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// ipv6-addr (§6.9): an address or a CIDR block.
    pub struct Ipv6Addr : "ipv6-addr" {
        @common ScoCommon,
        req value: String,
        opt resolves_to_refs: Vec<Identifier>,
        opt belongs_to_refs: Vec<Identifier>,
    }
}

stix_object! {
    /// mac-addr (§6.10).
    pub struct MacAddr : "mac-addr" {
        @common ScoCommon,
        req value: String,
    }
}

stix_object! {
    /// mutex (§6.11).
    pub struct Mutex : "mutex" {
        @common ScoCommon,
        req name: String,
    }
}

stix_object! {
    /// network-traffic (§6.12).
    pub struct NetworkTraffic : "network-traffic" {
        @common ScoCommon,
        opt start: Timestamp,
        opt end: Timestamp,
        opt is_active: bool,
        opt src_ref: Identifier,
        opt dst_ref: Identifier,
        opt src_port: u16,
        opt dst_port: u16,
        req protocols: Vec<String>,
        opt src_byte_count: u64,
        opt dst_byte_count: u64,
        opt src_packets: u64,
        opt dst_packets: u64,
        opt ipfix: JsonMap,
        opt src_payload_ref: Identifier,
        opt dst_payload_ref: Identifier,
        opt encapsulates_refs: Vec<Identifier>,
        opt encapsulated_by_ref: Identifier,
    }
}

stix_struct! {
    /// http-request-ext (§6.12.2).
    pub struct HttpRequestExt {
        req request_method: String,
        req request_value: String,
        opt request_version: String,
        opt request_header: JsonMap,
        opt message_body_length: u64,
        opt message_body_data_ref: Identifier,
        ..extra
    }
}

stix_struct! {
    /// icmp-ext (§6.12.3).
    pub struct IcmpExt {
        req icmp_type_hex: String,
        req icmp_code_hex: String,
        ..extra
    }
}

stix_struct! {
    /// socket-ext (§6.12.4).
    pub struct SocketExt {
        req address_family: String,
        opt is_blocking: bool,
        opt is_listening: bool,
        opt options: JsonMap,
        opt socket_type: String,
        opt socket_descriptor: u64,
        opt socket_handle: u64,
        ..extra
    }
}

stix_struct! {
    /// tcp-ext (§6.12.5).
    pub struct TcpExt {
        opt src_flags_hex: String,
        opt dst_flags_hex: String,
        ..extra
    }
}

stix_object! {
    /// process (§6.13). Has no id-contributing properties: its id is a caller's UUID.
    pub struct Process : "process" {
        @common ScoCommon,
        opt is_hidden: bool,
        opt pid: i64,
        opt created_time: Timestamp,
        opt cwd: String,
        opt command_line: String,
        opt environment_variables: JsonMap,
        opt opened_connection_refs: Vec<Identifier>,
        opt creator_user_ref: Identifier,
        opt image_ref: Identifier,
        opt parent_ref: Identifier,
        opt child_refs: Vec<Identifier>,
    }
}

stix_struct! {
    /// windows-process-ext (§6.13.2).
    pub struct WindowsProcessExt {
        opt aslr_enabled: bool,
        opt dep_enabled: bool,
        opt priority: String,
        opt owner_sid: String,
        opt window_title: String,
        opt startup_info: JsonMap,
        opt integrity_level: String,
        ..extra
    }
}

stix_struct! {
    /// windows-service-ext (§6.13.3).
    pub struct WindowsServiceExt {
        opt service_name: String,
        opt descriptions: Vec<String>,
        opt display_name: String,
        opt group_name: String,
        opt start_type: String,
        opt service_dll_refs: Vec<Identifier>,
        opt service_type: String,
        opt service_status: String,
        ..extra
    }
}

stix_object! {
    /// software (§6.14).
    pub struct Software : "software" {
        @common ScoCommon,
        req name: String,
        opt cpe: String,
        opt swid: String,
        opt languages: Vec<String>,
        opt vendor: String,
        opt version: String,
    }
}

stix_object! {
    /// url (§6.15).
    pub struct Url : "url" {
        @common ScoCommon,
        req value: String,
    }
}

stix_object! {
    /// user-account (§6.16).
    pub struct UserAccount : "user-account" {
        @common ScoCommon,
        opt user_id: String,
        opt credential: String,
        opt account_login: String,
        opt account_type: String,
        opt display_name: String,
        opt is_service_account: bool,
        opt is_privileged: bool,
        opt can_escalate_privs: bool,
        opt is_disabled: bool,
        opt account_created: Timestamp,
        opt account_expires: Timestamp,
        opt credential_last_changed: Timestamp,
        opt account_first_login: Timestamp,
        opt account_last_login: Timestamp,
    }
}

stix_struct! {
    /// unix-account-ext (§6.16.2).
    pub struct UnixAccountExt {
        opt gid: i64,
        opt groups: Vec<String>,
        opt home_dir: String,
        opt shell: String,
        ..extra
    }
}

stix_object! {
    /// windows-registry-key (§6.17).
    pub struct WindowsRegistryKey : "windows-registry-key" {
        @common ScoCommon,
        opt key: String,
        opt values: Vec<WindowsRegistryValue>,
        opt modified_time: Timestamp,
        opt creator_user_ref: Identifier,
        opt number_of_subkeys: u64,
    }
}

stix_struct! {
    /// windows-registry-value-type (§6.17.2).
    pub struct WindowsRegistryValue {
        opt name: String,
        opt data: String,
        opt data_type: String,
        ..extra
    }
}
component_serde!(WindowsRegistryValue, "windows-registry-value-type");

stix_object! {
    /// x509-certificate (§6.18).
    pub struct X509Certificate : "x509-certificate" {
        @common ScoCommon,
        opt is_self_signed: bool,
        opt hashes: Hashes,
        opt version: String,
        opt serial_number: String,
        opt signature_algorithm: String,
        opt issuer: String,
        opt validity_not_before: Timestamp,
        opt validity_not_after: Timestamp,
        opt subject: String,
        opt subject_public_key_algorithm: String,
        opt subject_public_key_modulus: String,
        opt subject_public_key_exponent: u64,
        opt x509_v3_extensions: Box<X509V3Extensions>,
    }
}

stix_struct! {
    /// x509-v3-extensions-type (§6.18.2).
    pub struct X509V3Extensions {
        opt basic_constraints: String,
        opt name_constraints: String,
        opt policy_constraints: String,
        opt key_usage: String,
        opt extended_key_usage: String,
        opt subject_key_identifier: String,
        opt authority_key_identifier: String,
        opt subject_alternative_name: String,
        opt issuer_alternative_name: String,
        opt subject_directory_attributes: String,
        opt crl_distribution_points: String,
        opt inhibit_any_policy: String,
        opt private_key_usage_period_not_before: Timestamp,
        opt private_key_usage_period_not_after: Timestamp,
        opt certificate_policies: String,
        opt policy_mappings: String,
        ..extra
    }
}
component_serde!(X509V3Extensions, "x509-v3-extensions-type");

observable!(
    Artifact,
    AutonomousSystem,
    Directory,
    DomainName,
    EmailAddr,
    EmailMessage,
    File,
    Ipv4Addr,
    Ipv6Addr,
    MacAddr,
    Mutex,
    NetworkTraffic,
    Process,
    Software,
    Url,
    UserAccount,
    WindowsRegistryKey,
    X509Certificate,
);

extension!(
    ArchiveExt = "archive-ext",
    NtfsExt = "ntfs-ext",
    PdfExt = "pdf-ext",
    RasterImageExt = "raster-image-ext",
    WindowsPeBinaryExt = "windows-pebinary-ext",
    HttpRequestExt = "http-request-ext",
    IcmpExt = "icmp-ext",
    SocketExt = "socket-ext",
    TcpExt = "tcp-ext",
    WindowsProcessExt = "windows-process-ext",
    WindowsServiceExt = "windows-service-ext",
    UnixAccountExt = "unix-account-ext",
);

/// Constructors for the SCOs defined by one string `value`.
macro_rules! value_constructor {
    ($( $ty:ident { $($field:ident),* } )*) => {
        $(
            impl $ty {
                /// A new object with this `value` and its deterministic id.
                pub fn new(value: impl Into<String>) -> Self {
                    $ty {
                        common: placeholder::<$ty>(),
                        value: value.into(),
                        $( $field: None, )*
                        extra: JsonMap::new(),
                    }
                    .with_computed_id()
                }
            }
        )*
    };
}

value_constructor! {
    DomainName { resolves_to_refs }
    EmailAddr { display_name, belongs_to_ref }
    Ipv4Addr { resolves_to_refs, belongs_to_refs }
    Ipv6Addr { resolves_to_refs, belongs_to_refs }
    MacAddr {}
    Url {}
}

impl File {
    fn empty() -> Self {
        File {
            common: placeholder::<File>(),
            hashes: None,
            size: None,
            name: None,
            name_enc: None,
            magic_number_hex: None,
            mime_type: None,
            ctime: None,
            mtime: None,
            atime: None,
            parent_directory_ref: None,
            contains_refs: None,
            content_ref: None,
            extra: JsonMap::new(),
        }
    }

    /// A file known by its hashes, e.g. `[("SHA-256", "...")]`.
    pub fn with_hashes<K: Into<String>, V: Into<String>>(
        hashes: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let hashes = hashes.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        File { hashes: Some(hashes), ..File::empty() }.with_computed_id()
    }

    /// A file known by its name.
    pub fn named(name: impl Into<String>) -> Self {
        File { name: Some(name.into()), ..File::empty() }.with_computed_id()
    }
}

impl Directory {
    pub fn new(path: impl Into<String>) -> Self {
        Directory {
            common: placeholder::<Directory>(),
            path: path.into(),
            path_enc: None,
            ctime: None,
            mtime: None,
            atime: None,
            contains_refs: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl Mutex {
    pub fn new(name: impl Into<String>) -> Self {
        Mutex { common: placeholder::<Mutex>(), name: name.into(), extra: JsonMap::new() }
            .with_computed_id()
    }
}

impl AutonomousSystem {
    pub fn new(number: u64) -> Self {
        AutonomousSystem {
            common: placeholder::<AutonomousSystem>(),
            number,
            name: None,
            rir: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl Software {
    pub fn new(name: impl Into<String>) -> Self {
        Software {
            common: placeholder::<Software>(),
            name: name.into(),
            cpe: None,
            swid: None,
            languages: None,
            vendor: None,
            version: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl WindowsRegistryKey {
    pub fn new(key: impl Into<String>) -> Self {
        WindowsRegistryKey {
            common: placeholder::<WindowsRegistryKey>(),
            key: Some(key.into()),
            values: None,
            modified_time: None,
            creator_user_ref: None,
            number_of_subkeys: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl NetworkTraffic {
    /// Traffic over `protocols` (lower-case, outermost first, e.g. `["ipv4", "tcp"]`).
    pub fn new<S: Into<String>>(protocols: impl IntoIterator<Item = S>) -> Self {
        NetworkTraffic {
            common: placeholder::<NetworkTraffic>(),
            start: None,
            end: None,
            is_active: None,
            src_ref: None,
            dst_ref: None,
            src_port: None,
            dst_port: None,
            protocols: protocols.into_iter().map(Into::into).collect(),
            src_byte_count: None,
            dst_byte_count: None,
            src_packets: None,
            dst_packets: None,
            ipfix: None,
            src_payload_ref: None,
            dst_payload_ref: None,
            encapsulates_refs: None,
            encapsulated_by_ref: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl Process {
    /// A process; `process` has no deterministic id (§6.13), so the caller gives the UUID.
    pub fn new(uuid: Uuid) -> Self {
        Process {
            common: ScoCommon::new(Identifier::new("process", uuid)),
            is_hidden: None,
            pid: None,
            created_time: None,
            cwd: None,
            command_line: None,
            environment_variables: None,
            opened_connection_refs: None,
            creator_user_ref: None,
            image_ref: None,
            parent_ref: None,
            child_refs: None,
            extra: JsonMap::new(),
        }
    }
}

impl UserAccount {
    /// An account of `account_type` (`unix`, `windows-local`, ...) with `user_id`.
    pub fn new(account_type: &str, user_id: impl Into<String>) -> Self {
        UserAccount {
            common: placeholder::<UserAccount>(),
            user_id: Some(user_id.into()),
            credential: None,
            account_login: None,
            account_type: Some(account_type.to_owned()),
            display_name: None,
            is_service_account: None,
            is_privileged: None,
            can_escalate_privs: None,
            is_disabled: None,
            account_created: None,
            account_expires: None,
            credential_last_changed: None,
            account_first_login: None,
            account_last_login: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl X509Certificate {
    /// A certificate known by its hashes.
    pub fn with_hashes<K: Into<String>, V: Into<String>>(
        hashes: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        X509Certificate {
            common: placeholder::<X509Certificate>(),
            is_self_signed: None,
            hashes: Some(hashes.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
            version: None,
            serial_number: None,
            signature_algorithm: None,
            issuer: None,
            validity_not_before: None,
            validity_not_after: None,
            subject: None,
            subject_public_key_algorithm: None,
            subject_public_key_modulus: None,
            subject_public_key_exponent: None,
            x509_v3_extensions: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl Artifact {
    /// An artifact known by its hashes.
    pub fn with_hashes<K: Into<String>, V: Into<String>>(
        hashes: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Artifact {
            common: placeholder::<Artifact>(),
            mime_type: None,
            payload_bin: None,
            url: None,
            hashes: Some(hashes.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
            encryption_algorithm: None,
            decryption_key: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

impl EmailMessage {
    /// A message with a subject from `from`; the id derives from both.
    pub fn new(from: Option<Identifier>, subject: Option<String>) -> Self {
        EmailMessage {
            common: placeholder::<EmailMessage>(),
            is_multipart: false,
            date: None,
            content_type: None,
            from_ref: from,
            sender_ref: None,
            to_refs: None,
            cc_refs: None,
            bcc_refs: None,
            message_id: None,
            subject,
            received_lines: None,
            additional_header_fields: None,
            body: None,
            body_multipart: None,
            raw_email_ref: None,
            extra: JsonMap::new(),
        }
        .with_computed_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Object;
    use serde_json::json;

    fn check_id<T: Observable>(object: T, expected: &str) {
        assert_eq!(object.id().as_str(), expected);
    }

    // Expected ids are those of the reference implementation, as in `crate::id`'s tests.
    #[test]
    fn constructors_compute_deterministic_ids() {
        check_id(Ipv4Addr::new("198.51.100.3"), "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
        check_id(
            DomainName::new("example.com"),
            "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
        );
        check_id(
            Url::new("https://example.com/research/index.html"),
            "url--47c3cf9a-5027-5bf0-997a-017c7edc7c55",
        );
        check_id(
            EmailAddr::new("john@example.com"),
            "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
        );
        check_id(
            AutonomousSystem::new(15139),
            "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
        );
        check_id(
            Directory::new("C:\\Windows\\System32"),
            "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622",
        );
        check_id(
            UserAccount { account_login: Some("jdoe".into()), ..UserAccount::new("unix", "1001") }
                .with_computed_id(),
            "user-account--f94d689e-707d-58c3-b803-c720bb6ed096",
        );
        let file = File {
            name: Some("foo.exe".into()),
            ..File::with_hashes([
                ("SHA-256", "35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f"),
                ("MD5", "cead3f77f6cda6ec00f57d76c9a6879f"),
            ])
        }
        .with_computed_id();
        check_id(file, "file--1910ca30-1dd9-57f3-9d48-0c64b19f0d5c");
    }

    #[test]
    fn constructed_scos_serialize_minimally() {
        let value = serde_json::to_value(DomainName::new("example.com")).unwrap();
        assert_eq!(
            value,
            json!({"type": "domain-name", "spec_version": "2.1",
                   "id": "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", "value": "example.com"})
        );
    }

    #[test]
    fn typed_extensions_read_and_write() {
        let v = json!({
            "type": "file", "spec_version": "2.1",
            "id": "file--c7d1e135-8b34-549a-bb47-302f5cf998ed",
            "name": "foo.zip",
            "extensions": {
                "archive-ext": {
                    "contains_refs": ["file--019fde1c-94ab-5b5a-b1e0-6b3f2fbc1b9c"],
                    "comment": "x", "x_vendor": true
                },
                "windows-pebinary-ext": {
                    "pe_type": "exe",
                    "sections": [{"name": ".text", "entropy": 7, "size": 10}],
                    "optional_header": {"size_of_code": 4096, "hashes": {"MD5": "aa"}}
                }
            }
        });
        let Object::File(file) = Object::from_value(v.clone()).unwrap() else { panic!() };
        let archive: ArchiveExt = file.extension().unwrap().unwrap();
        assert_eq!(archive.comment.as_deref(), Some("x"));
        assert_eq!(archive.extra.get("x_vendor"), Some(&json!(true)));
        let pe: WindowsPeBinaryExt = file.extension().unwrap().unwrap();
        assert_eq!(pe.sections.as_ref().unwrap()[0].entropy, Some(Number::from(7)));
        assert!(file.extension::<NtfsExt>().is_none());

        let mut copy = file.clone();
        copy.set_extension(&archive);
        copy.set_extension(&pe);
        assert_eq!(serde_json::to_value(&copy).unwrap(), v);

        copy.set_extension(&TcpExt {
            src_flags_hex: Some("02".into()),
            dst_flags_hex: None,
            extra: JsonMap::new(),
        });
        assert_eq!(
            copy.common.extensions.as_ref().unwrap()["tcp-ext"],
            json!({"src_flags_hex": "02"})
        );

        let bad = ArchiveExt::from_value(json!({"contains_refs": "nope"})).unwrap_err().to_string();
        assert!(bad.starts_with("archive-ext: property `contains_refs`"), "{bad}");
    }
}
