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
    /// Alibaba only: `rpc` (the default) or `roa` (RESTful: path templates,
    /// any method, JSON bodies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
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
    /// Polling helpers: call an action until its response reaches a state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<Waiter>,
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
/// The wire protocol of an Alibaba service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// RPC: every action is `/` with query and form parameters.
    Rpc,
    /// ROA: each action has a path template and a method.
    Roa,
}

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
    /// Alibaba ROA signature 1.0 (HMAC-SHA1), ROA services only.
    #[serde(rename = "roa-v1")]
    RoaV1,
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
    /// HTTP method; Alibaba only, `POST` when absent (RPC: GET or POST;
    /// ROA: any, required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// ROA only: the path template, e.g. `/clusters/{ClusterId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Request members.
    #[serde(default)]
    pub input: Vec<Member>,
    /// Response members.
    #[serde(default)]
    pub output: Vec<Member>,
    /// Documented error codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// Added by hand: a re-import keeps it even where the vendor's metadata
    /// does not list it (see `spec/README.md`, re-import).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hand_maintained: bool,
    /// How a list action pages through its results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginator: Option<Paginator>,
}

/// How a list action pages: exactly one of `offset`, `page_number` and
/// `next_token` names the cursor.
///
/// Request members are wire names of the action's input; response paths
/// are wire names of the output joined by `.` to reach into nested
/// structures (`MigrationJobs.MigrationJob`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Paginator {
    /// Request member holding the 0-based index of the first item
    /// (Tencent `Offset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Request member holding the 1-based page number (Alibaba `PageNumber`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_number: Option<String>,
    /// Request and response members carrying the continuation token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<NextToken>,
    /// Request member holding the page size (`Limit`, `PageSize`).
    /// Required with `offset` and `page_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
    /// Response path of the list of items of one page.
    pub items: String,
    /// Response path of the total number of items, across all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
}

/// The two ends of a continuation token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NextToken {
    /// Request member the token is sent in.
    pub input: String,
    /// Response path the next token is read from; empty or absent at the end.
    pub output: String,
}

/// Calls an action again and again until its response matches a success
/// or a failure acceptor, or time runs out.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// UpperCamelCase name; the method is `wait_until_<snake name>`.
    pub name: String,
    /// Wire name of the action polled.
    pub action: String,
    /// What the waiter waits for (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// Snake-case name of the argument holding the wanted value, for a
    /// waiter whose success acceptor says `"equals_argument": true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argument: Option<String>,
    /// The wait ends well when one of these matches.
    pub success: Vec<Acceptor>,
    /// The wait ends badly when one of these matches (checked after the
    /// success ones, so a wanted state may also be a failure state).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<Acceptor>,
    /// Error codes that mean "not yet": the waiter keeps polling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry_errors: Vec<String>,
    /// Shortest pause between two calls, in milliseconds (default 2000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_delay_ms: Option<u64>,
    /// Longest pause between two calls, in milliseconds (default 60000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_ms: Option<u64>,
}

/// A condition on one response member: exactly one of `equals`, `any_of`
/// and `equals_argument`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptor {
    /// Response path of a scalar or enumeration member; `[]` after a list
    /// member projects over its items (`JobList[].Status`).
    pub path: String,
    /// Matches when the value is this one (as the wire writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<serde_json::Value>,
    /// Matches when the value is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<serde_json::Value>,
    /// Matches when the value equals the waiter's argument.
    #[serde(default, skip_serializing_if = "is_false")]
    pub equals_argument: bool,
    /// For a path through a list: `all` items (and at least one) or `any`
    /// item must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemsMatch>,
}

/// How an acceptor over a list combines its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemsMatch {
    /// Every item matches, and there is at least one.
    All,
    /// At least one item matches.
    Any,
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
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "DELETE")]
    Delete,
    #[serde(rename = "PATCH")]
    Patch,
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
    /// ROA outputs only: this member is the whole response body (a list
    /// or a scalar), not a key of it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub root: bool,
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
    /// Added by hand: a re-import keeps it even where the vendor's metadata
    /// does not list it (see `spec/README.md`, re-import).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hand_maintained: bool,
}

/// Where an Alibaba parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// URL query string.
    Query,
    /// `application/x-www-form-urlencoded` body.
    Body,
    /// ROA: a `{Name}` segment of the path template.
    Path,
    /// ROA: an HTTP header.
    Header,
    /// ROA: the whole request body, as JSON.
    Payload,
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
    /// Added by hand: a re-import keeps it even where the vendor's metadata
    /// does not list it (see `spec/README.md`, re-import).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hand_maintained: bool,
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
