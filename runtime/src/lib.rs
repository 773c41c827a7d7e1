//! Runtime under the generated cloud SDK clients (Tencent Cloud API 3.0 and
//! Alibaba Cloud RPC).
//!
//! * [`Operation`]: the trait every generated request implements, which
//!   [`Client::send`] takes; [`InvalidRequest`]: every problem of a request
//!   the client refused to send.
//! * [`Client`] (built with [`ClientBuilder`]): validates, encodes, signs
//!   ([`sign`]), sends, retries ([`retry`]) and decodes calls.
//! * [`credentials`]: static keys, environment, profile files, the default
//!   chain and custom refreshing providers.
//! * [`endpoint`]: host selection by region and kind, overrides, finance
//!   zones.
//! * [`error`]: [`Error`] and its parts; [`clock`]: injectable time,
//!   randomness and sleeping.
//! * [`paginate`]: the engine of the generated paginators; [`wait`]: the
//!   engine of the generated waiters.
//! * [`transport`]: the [`Transport`] trait the client sends through (the
//!   network by default); [`mock`]: [`MockTransport`](mock::MockTransport)
//!   for tests.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use cloud_sdk_runtime::{Client, Credentials};
//!
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .region("ap-guangzhou")
//!     .build()?;
//! // A generated client wraps it: `DtsClient::new(client)`, then
//! // `dts.describe_migration_jobs(request).await?`, which calls
//! // `client.send(request)`.
//! # let _ = client; Ok(()) }
//! ```

mod alibaba_params;
pub mod client;
pub mod clock;
pub mod common_codes;
pub mod config;
pub mod credentials;
#[doc(hidden)]
pub mod de;
pub mod endpoint;
mod envelope;
pub mod error;
pub mod mock;
#[doc(hidden)]
pub mod operation;
pub mod paginate;
mod rate_limit;
#[doc(hidden)]
pub mod redact;
mod request;
pub mod retry;
mod retry_after;
mod roa;
mod ser;
pub mod sign;
mod telemetry;
pub mod transport;
mod unknown;
mod validate;
pub mod wait;

pub use client::Client;
pub use common_codes::{AlibabaCommonError, TencentCommonError};
pub use config::{ClientBuilder, Language, Overrides, Timeouts};
pub use credentials::{Credentials, CredentialsError, CredentialsProvider};
pub use endpoint::EndpointKind;
pub use error::{ConfigError, Error, ServiceError};
pub use operation::{ErrorCode, InvalidRequest, Operation, Problem};
pub use retry::RetryConfig;
pub use transport::{Proxy, TlsVersion, Transport};
pub use unknown::UnknownValue;

/// What generated code uses and users do not: not part of the public API,
/// may change in any release. Generated crates name runtime items through
/// this module only, so the documented surface above stays small.
///
/// (`de`, `operation` and `redact` are still reachable under their old paths,
/// hidden from the docs, while code outside the generator moves over.)
#[doc(hidden)]
pub mod __private {
    pub use crate::de::{decode, lenient, null_as_empty, read, Decode, Fields, Lenient, Partial};
    pub use crate::operation::{
        ActionInfo, Endpoints, HttpMethod, ParamInfo, ParamLocation, ParamStyle, Provider,
        ServiceInfo, SigningAlgorithm,
    };
    pub use crate::redact::{redacted, REDACTED};
    pub use crate::ser::{list, map, optional, required, structure, Member};
    pub use crate::unknown::{unknown_value, UnknownValue};
    pub use crate::validate::{Check, Problems};
}
