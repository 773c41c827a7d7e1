//! The validated, provider-neutral model the emitters work from.
//!
//! Everything here is resolved: Rust names are final and known to be valid
//! and unique, type references point at indices, recursion is marked for
//! boxing, and each structure knows whether it is sent, received or both.
//! Built from a [`crate::spec::SpecFile`] by [`crate::load_str`].

pub(crate) mod build;
mod checks;
mod flows;
mod roa;

pub use crate::spec::file::{EnumKind, HttpMethod, ItemsMatch, Location, Provider, Signing, Style};
pub use crate::spec::type_expr::Primitive;
pub use flows::{Acceptor, Cursor, Expect, InputMember, MemberPath, Paginator, PathStep, Waiter};

/// One service version.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Stem of the spec file (`tencent-dts-2021-12-06`), also the cargo feature.
    pub feature: String,
    /// Provider.
    pub provider: Provider,
    /// Service short name as the spec gives it (`dts`, `Dts`).
    pub service: String,
    /// API version (`2021-12-06`).
    pub version: String,
    /// Module path below the crate root: provider, service, version
    /// (`["tencent", "dts", "v20211206"]`).
    pub module_path: [String; 3],
    /// Name of the generated client (`TencentDtsClient`).
    pub client_name: String,
    /// Title and documentation.
    pub title: String,
    /// Module documentation.
    pub docs: String,
    /// Accepted signature algorithms, default first.
    pub signing: Vec<Signing>,
    /// Hosts.
    pub endpoints: Endpoints,
    /// Actions, in spec order.
    pub actions: Vec<Action>,
    /// Data types, in spec order.
    pub structs: Vec<Struct>,
    /// Enumerations, in spec order.
    pub enums: Vec<Enum>,
    /// Waiters, in spec order.
    pub waiters: Vec<Waiter>,
}

impl Service {
    /// The waiter named `name` (`MigrationCheckFinished`).
    pub fn waiter(&self, name: &str) -> Option<&Waiter> {
        self.waiters.iter().find(|w| w.name == name)
    }

    /// The action whose wire name is `wire`.
    pub fn action(&self, wire: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.wire == wire)
    }
}

/// Hosts, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoints {
    /// Host used when nothing else applies.
    pub default: String,
    /// Regional host pattern containing `{region}`.
    pub regional: Option<String>,
    /// International-site host.
    pub international: Option<String>,
    /// Finance-zone hosts by region, sorted.
    pub finance: Vec<(String, String)>,
    /// Hosts of regions that do not follow the pattern, sorted.
    pub regions: Vec<(String, String)>,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Wire name.
    pub wire: String,
    /// Method and module name (`create_migrate_job`).
    pub module: String,
    /// Documentation.
    pub docs: String,
    /// Deprecation note, when deprecated.
    pub deprecated: Option<String>,
    /// Requests per second.
    pub rate_limit: Option<u32>,
    /// HTTP method.
    pub method: HttpMethod,
    /// ROA: the path template; `None` for RPC and Tencent.
    pub path: Option<String>,
    /// Request structure (`CreateMigrateJobRequest`).
    pub input: Struct,
    /// Response structure (`CreateMigrateJobResponse`).
    pub output: Struct,
    /// Name of the error-code enum (`CreateMigrateJobErrorCode`).
    pub error_enum: String,
    /// Documented error codes.
    pub errors: Vec<ErrorCode>,
    /// Wire name of the idempotency-token member.
    pub idempotency_token: Option<String>,
    /// How the action pages, when it is a list action that declares it.
    pub paginator: Option<Paginator>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// The code on the wire.
    pub code: String,
    /// Variant name.
    pub variant: String,
    /// Documentation.
    pub docs: String,
    /// Documented HTTP status.
    pub http_status: Option<u16>,
}

/// A structure: a data type, a request or a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Name in the spec.
    pub wire: String,
    /// Rust type name.
    pub rust: String,
    /// Documentation.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// Part of some request (derive `Serialize`).
    pub sent: bool,
    /// Part of some response (derive `Deserialize`).
    pub received: bool,
    /// Data types: index into [`Service::actions`] of the only action
    /// that uses the type, which is then emitted in that action's module;
    /// `None` for types several actions (or none) use, emitted in `types`.
    /// Always `None` for requests and responses.
    pub scope: Option<usize>,
}

impl Struct {
    /// Does `Debug` need to hide something?
    pub fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }
}

/// A field of a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust field name (may be a raw identifier such as `r#type`).
    pub rust: String,
    /// Resolved type.
    pub ty: Ty,
    /// Requests: must be sent. Responses: always present.
    pub required: bool,
    /// Responses: may be `null`.
    pub nullable: bool,
    /// Holds a secret.
    pub sensitive: bool,
    /// Documentation.
    pub docs: String,
    /// Example wire value.
    pub example: Option<serde_json::Value>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Alibaba RPC placement; `None` outside RPC requests.
    pub placement: Option<(Location, Option<Style>)>,
    /// Smallest allowed number.
    pub min: Option<f64>,
    /// Largest allowed number.
    pub max: Option<f64>,
    /// Longest allowed string.
    pub max_length: Option<u32>,
    /// Most list items.
    pub max_items: Option<u32>,
    /// ROA outputs: this member is the whole response body.
    pub root: bool,
    /// Part of a cycle of structures: held in a `Box`.
    pub boxed: bool,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// Built-in scalar.
    Primitive(Primitive),
    /// List of items.
    List(Box<Ty>),
    /// Map with string keys.
    Map(Box<Ty>),
    /// Index into [`Service::structs`].
    Struct(usize),
    /// Index into [`Service::enums`].
    Enum(usize),
}

impl Ty {
    /// Lists and maps: absent decodes to empty.
    pub fn is_collection(&self) -> bool {
        matches!(self, Ty::List(_) | Ty::Map(_))
    }
}

/// An enumeration that keeps values it does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Name in the spec.
    pub wire: String,
    /// Rust type name.
    pub rust: String,
    /// Documentation.
    pub docs: String,
    /// Strings or integers on the wire.
    pub kind: EnumKind,
    /// Known values.
    pub variants: Vec<Variant>,
}

/// A known value of an enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The wire value.
    pub value: Literal,
    /// Variant name.
    pub rust: String,
    /// Documentation.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// A wire value of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Literal {
    /// A JSON string.
    Str(String),
    /// A JSON integer.
    Int(i64),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Str(value) => write!(f, "\"{value}\""),
            Literal::Int(value) => write!(f, "{value}"),
        }
    }
}
