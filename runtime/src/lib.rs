//! Runtime under the generated cloud SDK clients (Tencent Cloud API 3.0 and
//! Alibaba Cloud RPC).
//!
//! * [`operation`]: the contract generated code implements; [`de`]: lenient
//!   decoding of response members.
//! * [`Client`] (built with [`ClientBuilder`]): validates, encodes, signs
//!   ([`sign`]), sends, retries ([`retry`]) and decodes calls.
//! * [`credentials`]: static keys, environment, profile files, the default
//!   chain and custom refreshing providers.
//! * [`endpoint`]: host selection by region and kind, overrides, finance
//!   zones.
//! * [`error`]: [`Error`] and its parts; [`clock`]: injectable time,
//!   randomness and sleeping.
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

pub mod client;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod de;
pub mod endpoint;
mod envelope;
pub mod error;
pub mod mock;
pub mod operation;
mod rate_limit;
pub mod redact;
mod request;
pub mod retry;
mod retry_after;
pub mod sign;
mod telemetry;
pub mod transport;

pub use client::Client;
pub use config::{ClientBuilder, Language, Timeouts};
pub use credentials::{Credentials, CredentialsError, CredentialsProvider};
pub use endpoint::EndpointKind;
pub use error::{ConfigError, Error, ServiceError};
pub use operation::{ErrorCode, InvalidRequest, Operation};
pub use retry::RetryConfig;
pub use transport::{Proxy, Transport};
