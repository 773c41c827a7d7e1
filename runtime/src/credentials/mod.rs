//! Credentials: the key pair (and optional session token) that signs calls,
//! and where it comes from.
//!
//! * [`Credentials`]: static keys, optionally with a session token (STS) and
//!   an expiry. Secrets are held in [`Zeroizing`] buffers and are redacted
//!   from `Debug`; no error message of this crate ever contains one.
//! * [`CredentialsProvider`]: the async trait for any source, including
//!   refreshing ones (role assumption, metadata services). The client caches
//!   what a provider returns and asks again shortly before it expires
//!   (see `ClientBuilder::credentials_refresh_window`).
//! * [`EnvironmentProvider`], [`ProfileProvider`]: the vendors' environment
//!   variables and profile files (including the aliyun CLI's role modes).
//! * Cloud workloads, each caching its credentials and refreshing them
//!   before expiry with one request however many callers wait:
//!   - Tencent: [`CvmRoleProvider`] (CVM instance role),
//!     [`TencentAssumeRoleProvider`] (STS `AssumeRole`), [`TkeOidcProvider`]
//!     (TKE OIDC, `AssumeRoleWithWebIdentity`);
//!   - Alibaba: [`EcsRamRoleProvider`] (ECS RAM role), [`RamRoleArnProvider`]
//!     (STS `AssumeRole`), [`AlibabaOidcProvider`] (RRSA,
//!     `AssumeRoleWithOIDC`), [`CredentialsUriProvider`]
//!     (`ALIBABA_CLOUD_CREDENTIALS_URI`).
//! * [`DefaultChain`]: each vendor's default order, documented on the type;
//!   used when no credentials are configured. [`CredentialEndpoints`]
//!   overrides its metadata and STS endpoints.
//!
//! STS requests are signed by this crate's signers (TC3 for Tencent, RPC V2
//! for Alibaba). Files are read off the async workers and bounded to
//! [`MAX_FILE_SIZE`].
//!
//! Environment and home directory are read through [`Env`], which tests
//! replace with a fixed map instead of mutating the process environment.

mod alibaba_ecs;
mod alibaba_oidc;
mod alibaba_sts;
pub(crate) mod cache;
mod chain;
mod credentials_uri;
mod endpoints;
mod env;
mod file;
mod http;
mod profile;
mod tencent_cvm;
mod tencent_sts;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use zeroize::Zeroizing;

pub use crate::clock::BoxFuture;
pub use crate::operation::Provider;
pub use alibaba_ecs::{EcsRamRoleProvider, ALIBABA_METADATA_ENDPOINT_VAR};
pub use alibaba_oidc::{AlibabaOidcProvider, ALIBABA_OIDC_VARS};
pub use alibaba_sts::{RamRoleArnProvider, ALIBABA_STS_ENDPOINT_VAR};
pub use chain::DefaultChain;
pub use credentials_uri::{CredentialsUriProvider, CREDENTIALS_URI_VAR};
pub use endpoints::CredentialEndpoints;
pub use env::{Env, EnvironmentProvider};
pub use file::MAX_FILE_SIZE;
pub use http::HttpTimeouts;
pub use profile::ProfileProvider;
pub use tencent_cvm::{CvmRoleProvider, TENCENT_METADATA_ENDPOINT_VAR};
pub use tencent_sts::{
    TencentAssumeRoleProvider, TkeOidcProvider, TENCENT_STS_ENDPOINT_VAR, TKE_VARS,
};

/// An access key pair with an optional session token.
///
/// Tencent calls the pair SecretId/SecretKey and the token `Token`; Alibaba
/// AccessKeyId/AccessKeySecret and `SecurityToken`. `Debug` shows the key id
/// and redacts the secret and the token.
#[derive(Clone)]
pub struct Credentials {
    id: String,
    secret: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expiry: Option<SystemTime>,
    source: Cow<'static, str>,
}

impl Credentials {
    /// Long-term keys: a key id and its secret.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: Zeroizing::new(secret.into()),
            session_token: None,
            expiry: None,
            source: Cow::Borrowed("static"),
        }
    }

    /// The same keys with a session token (temporary STS credentials).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Zeroizing::new(token.into()));
        self
    }

    /// The same keys with the instant they stop working; the client asks
    /// its provider for new ones shortly before.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The same keys labelled with where they came from (shown in `Debug`
    /// and in error messages; never a secret).
    pub fn with_source(mut self, source: impl Into<Cow<'static, str>>) -> Self {
        self.source = source.into();
        self
    }

    /// The key id (SecretId / AccessKeyId). Not secret: it travels in every
    /// request.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret (SecretKey / AccessKeySecret).
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref().map(String::as_str)
    }

    /// When the credentials expire, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Where the credentials came from, e.g. `environment` or a file path.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The borrowed form the signers take.
    pub(crate) fn access_key(&self) -> crate::sign::AccessKey<'_> {
        crate::sign::AccessKey {
            id: &self.id,
            secret: &self.secret,
        }
    }

    /// Rejects what would only fail later as a confusing signature error:
    /// empty values and surrounding whitespace (a classic copy-paste slip).
    pub(crate) fn check(&self) -> Result<(), CredentialsError> {
        let fields = [
            ("key id", Some(self.id.as_str())),
            ("secret", Some(self.secret.as_str())),
            ("session token", self.session_token()),
        ];
        for (what, value) in fields {
            let Some(value) = value else { continue };
            let problem = if value.is_empty() {
                "is empty"
            } else if value.trim() != value {
                "has leading or trailing whitespace"
            } else if value.chars().any(char::is_control) {
                "contains control characters"
            } else {
                continue;
            };
            return Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!(
                    "the {what} of the credentials from {} {problem}",
                    self.source
                ),
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("id", &self.id)
            .field("secret", &crate::redact::REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| crate::redact::REDACTED),
            )
            .field("expiry", &self.expiry)
            .field("source", &self.source)
            .finish()
    }
}

/// A source of credentials, possibly refreshing.
///
/// The client calls it when it has no usable credentials for `cloud` (first
/// call, or cached ones close to their [`expiry`](Credentials::expiry)), never
/// concurrently with itself. Implement it for role assumption, metadata
/// services or secret stores:
///
/// ```
/// use cloud_sdk_runtime::credentials::{
///     BoxFuture, Credentials, CredentialsError, CredentialsProvider, Provider,
/// };
///
/// struct Vault;
///
/// impl CredentialsProvider for Vault {
///     fn provide_credentials(
///         &self,
///         _cloud: Provider,
///     ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
///         Box::pin(async { Ok(Credentials::new("AKID...", "secret").with_source("vault")) })
///     }
/// }
/// ```
pub trait CredentialsProvider: Send + Sync {
    /// Credentials for calls to `cloud`.
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// The environment is read synchronously: the answer is ready at once.
impl CredentialsProvider for EnvironmentProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load(cloud);
        Box::pin(async move { result })
    }
}

/// A shared provider, e.g. one source for several role providers.
impl<T: CredentialsProvider + ?Sized> CredentialsProvider for Arc<T> {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials(cloud)
    }
}

/// The error of a one-cloud provider asked for the other cloud.
pub(crate) fn only_for(
    cloud: Provider,
    serves: Provider,
    source: &str,
) -> Result<(), CredentialsError> {
    if cloud == serves {
        return Ok(());
    }
    let name = |p| match p {
        Provider::Alibaba => "Alibaba Cloud",
        Provider::Tencent => "Tencent Cloud",
    };
    Err(CredentialsError::new(
        CredentialsErrorKind::Unsupported,
        format!(
            "{source} gives {} credentials, not {}",
            name(serves),
            name(cloud)
        ),
    ))
}

impl CredentialsProvider for Credentials {
    fn provide_credentials(
        &self,
        _cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// What went wrong while looking for credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// No source had any credentials.
    NotFound,
    /// A source is half configured, e.g. a key id without its secret.
    Incomplete,
    /// Values are present but unusable (empty, whitespace, malformed file).
    Invalid,
    /// A source names a credential type this crate cannot use (e.g. a role
    /// that needs a metadata service).
    Unsupported,
    /// A file could not be read (missing, not a regular file, too large).
    Io,
    /// A metadata service, STS or credentials URI could not be reached, or
    /// the exchange broke off.
    Network,
    /// A metadata service, STS or credentials URI did not answer in time.
    Timeout,
    /// A metadata service, STS or credentials URI answered with an error
    /// (its code is in the message).
    Service,
    /// A custom provider failed.
    Provider,
}

/// Credentials could not be obtained. The message names what is missing and
/// where it was looked for; it never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
}

impl CredentialsError {
    /// An error of `kind`. Custom providers use
    /// [`CredentialsErrorKind::Provider`]; the message must not contain
    /// secrets.
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A failure of a custom provider.
    pub fn provider(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::Provider, message)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotFound, message)
    }

    pub(crate) fn incomplete(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::Incomplete, message)
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secret_and_token() {
        let credentials = Credentials::new("AKIDexample", "s3cr3t-key")
            .with_session_token("t0ken-value")
            .with_source("test");
        let debug = format!("{credentials:?}");
        assert!(debug.contains("AKIDexample"), "{debug}");
        assert!(!debug.contains("s3cr3t-key"), "{debug}");
        assert!(!debug.contains("t0ken-value"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn check_rejects_whitespace_without_echoing_it() {
        let error = Credentials::new("AKID", " s3cr3t ").check().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert!(error.to_string().contains("secret"));
        assert!(!error.to_string().contains("s3cr3t"));
        assert!(Credentials::new("", "x").check().is_err());
        assert!(Credentials::new("AKID", "x").check().is_ok());
    }
}
