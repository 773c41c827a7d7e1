//! The spec file format, exactly as written on disk.
//!
//! These types mirror the JSON one to one (`deny_unknown_fields` everywhere, so a
//! misspelt key is an error rather than silently ignored). They carry no meaning
//! beyond the syntax: cross-references, naming and provider rules are checked
//! when the file is turned into the validated [`crate::model`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One service version: the whole content of one spec file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Editor hint pointing at the JSON Schema; ignored by the generator.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format revision of this file; the generator understands revision 1.
    pub format: u32,
    /// Which cloud this service belongs to.
    pub provider: Provider,
    /// Service short name: Tencent's signing service / host label (`dts`),
    /// Alibaba's product code (`Dts`).
    pub service: String,
    /// API version, e.g. `2021-12-06`.
    pub version: String,
    /// Human title of the service.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Module documentation (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// Signature algorithms the service accepts; the first is the default.
    pub signing: Vec<Signing>,
    /// Where the service is reached.
    pub endpoints: Endpoints,
    /// Operations, in the order they are documented.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Named structures used by action members and by each other.
    #[serde(default)]
    pub types: Vec<TypeDef>,
    /// Named sets of allowed values.
    #[serde(default)]
    pub enums: Vec<EnumDef>,
}

impl SpecFile {
    /// The file name this spec must have, without `.json`:
    /// `<provider>-<service>-<version>` in lower case, which is also the
    /// cargo feature of the service version.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}-{}",
            self.provider.as_str(),
            self.service.to_lowercase(),
            self.version
        )
    }
}

/// Cloud provider, which fixes the wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Tencent Cloud API 3.0: JSON body over POST, `{"Response": ...}` envelope.
    Tencent,
    /// Alibaba Cloud RPC style: query and form parameters, flat JSON response.
    Alibaba,
}

impl Provider {
    /// The spelling in spec files: `tencent`, `alibaba`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Tencent => "tencent",
            Provider::Alibaba => "alibaba",
        }
    }
}

/// A request signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Signing {
    /// Tencent TC3-HMAC-SHA256.
    #[serde(rename = "tc3")]
    Tc3,
    /// Tencent signature v1 (HmacSHA1 / HmacSHA256) over flattened parameters.
    #[serde(rename = "tencent-v1")]
    TencentV1,
    /// Alibaba ACS3-HMAC-SHA256.
    #[serde(rename = "acs3")]
    Acs3,
    /// Alibaba RPC signature V2 (HMAC-SHA1, SignatureVersion 1.0).
    #[serde(rename = "rpc-v2")]
    RpcV2,
}

/// Hosts of a service. Host names carry no scheme; `{region}` in `regional`
/// is replaced by the region id.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Host used when nothing else applies.
    pub default: String,
    /// Pattern of the regional host, e.g. `dts.{region}.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional: Option<String>,
    /// Host of the international site, where the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub international: Option<String>,
    /// Finance-zone region id to host. Never chosen implicitly by pattern.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub finance: BTreeMap<String, String>,
    /// Region id to host, where a region does not follow the pattern.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<String, String>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Wire name of the action (`CreateMigrateJob`).
    pub name: String,
    /// Override for the generated method and module name (snake case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// What the action does (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// `true`, or a note saying what to use instead.
    #[serde(default, skip_serializing_if = "Deprecation::is_no")]
    pub deprecated: Deprecation,
    /// Documented rate limit in requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u32>,
    /// HTTP method; Alibaba RPC only, `POST` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// Request members.
    #[serde(default)]
    pub input: Vec<Member>,
    /// Response members.
    #[serde(default)]
    pub output: Vec<Member>,
    /// Documented error codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
}

/// HTTP method of an RPC action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum HttpMethod {
    /// Parameters in the query string only.
    #[serde(rename = "GET")]
    Get,
    /// Query string plus an optional form body.
    #[serde(rename = "POST")]
    Post,
}

/// A documented error code of an action.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The code exactly as the service sends it (`FailedOperation.NotAllowOperation`).
    pub code: String,
    /// What it means and what to do.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// HTTP status the service documents with the code (Alibaba).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

/// A field of a request, response or data type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Wire name, exactly as sent and received.
    pub name: String,
    /// Override for the Rust field name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Type expression, as the type grammar of `spec/README.md` describes it.
    #[serde(rename = "type")]
    pub ty: String,
    /// In requests: must be sent. In responses: always present.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// In responses: may be JSON `null` even when required.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Holds a secret (password, key, token). Required to be explicit for
    /// names that look secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// What the member means (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// An example value as the wire carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// `true`, or a note saying what to use instead.
    #[serde(default, skip_serializing_if = "Deprecation::is_no")]
    pub deprecated: Deprecation,
    /// Alibaba RPC only: where the value goes, `query` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Alibaba RPC only: how a list or object is serialised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<Style>,
    /// The client fills this member with a fresh unique token when the caller
    /// leaves it empty, and keeps it across retries (Alibaba `ClientToken`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    /// Smallest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Longest allowed string, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Most items allowed in a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// Where an Alibaba RPC parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// URL query string.
    Query,
    /// `application/x-www-form-urlencoded` body.
    Body,
}

/// How an Alibaba RPC list or object parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// `Name.1=a&Name.2=b`, `Tag.1.Key=k` (1-based, recursive).
    RepeatList,
    /// `Name.Field=v`, recursive.
    Flat,
    /// One parameter holding compact JSON (`DbList`).
    Json,
    /// A list of scalars in one parameter, joined with commas (`a,b,c`).
    Simple,
}

/// A named structure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Name as the vendor documents it.
    pub name: String,
    /// Override for the Rust type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// What the structure describes (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// `true`, or a note saying what to use instead.
    #[serde(default, skip_serializing_if = "Deprecation::is_no")]
    pub deprecated: Deprecation,
    /// Fields, in wire order.
    pub members: Vec<Member>,
}

/// A named set of allowed values.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// Name used in member types.
    pub name: String,
    /// Override for the Rust type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// What the values describe (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// Whether the wire carries strings or integers.
    #[serde(rename = "type")]
    pub kind: EnumKind,
    /// The known values.
    pub values: Vec<EnumValue>,
}

/// Wire representation of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnumKind {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One known value of an enumeration.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire: a string or an integer, matching the enum's type.
    pub value: serde_json::Value,
    /// Variant name (UpperCamelCase). Required for integers and for strings
    /// that do not make an identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the value means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// `true`, or a note saying what to use instead.
    #[serde(default, skip_serializing_if = "Deprecation::is_no")]
    pub deprecated: Deprecation,
}

/// Deprecation marker: absent/`false`, `true`, or a note.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Deprecation {
    /// `false` or `true`.
    Flag(bool),
    /// Deprecated, with a note saying what to use instead.
    Note(String),
}

impl Default for Deprecation {
    fn default() -> Self {
        Deprecation::Flag(false)
    }
}

impl Deprecation {
    /// `None` when not deprecated, else the note (possibly empty).
    pub fn note(&self) -> Option<&str> {
        match self {
            Deprecation::Flag(false) => None,
            Deprecation::Flag(true) => Some(""),
            Deprecation::Note(note) => Some(note),
        }
    }

    fn is_no(&self) -> bool {
        self.note().is_none()
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}
