//! Tencent Cloud CVM instance role, from the instance metadata service.
//!
//! ```text
//! GET {endpoint}/latest/meta-data/cam/security-credentials/         -> role name (404: none bound)
//! GET {endpoint}/latest/meta-data/cam/security-credentials/{role}   -> {"Code": "Success",
//!     "TmpSecretId", "TmpSecretKey", "Token", "ExpiredTime": unix seconds, "Expiration"}
//! ```
//!
//! The endpoint is `http://metadata.tencentyun.com` unless set with
//! [`CvmRoleProvider::endpoint`] or `TENCENTCLOUD_METADATA_ENDPOINT`.

use reqwest::Method;

use super::cache::RefreshCache;
use super::env::Env;
use super::http::{self, Endpoint, HttpCall, HttpClient, HttpTimeouts};
use super::{only_for, Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use super::{BoxFuture, Provider};
use crate::clock::SystemClock;

/// Variable that overrides the metadata endpoint.
pub const TENCENT_METADATA_ENDPOINT_VAR: &str = "TENCENTCLOUD_METADATA_ENDPOINT";
const DEFAULT_ENDPOINT: &str = "http://metadata.tencentyun.com";
const ROLES_PATH: &str = "/latest/meta-data/cam/security-credentials/";
const SOURCE: &str = "Tencent CVM role";

/// Temporary credentials of the CAM role bound to this CVM instance.
///
/// The role name is discovered from the metadata service unless given with
/// [`role_name`](Self::role_name). Credentials are cached and refreshed 5
/// minutes before they expire; concurrent callers share one refresh.
#[derive(Debug)]
pub struct CvmRoleProvider {
    env: Env,
    role: Option<String>,
    endpoint: Option<String>,
    http: HttpClient,
    cache: RefreshCache,
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        Self {
            env: Env::process(),
            role: None,
            endpoint: None,
            http: HttpClient::metadata(),
            cache: RefreshCache::default(),
        }
    }
}

impl CvmRoleProvider {
    /// Discovers the role from the metadata service.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses role `name` instead of discovering it.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role = Some(name.into());
        self
    }

    /// Reads `TENCENTCLOUD_METADATA_ENDPOINT` from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The metadata service's base URL, e.g. `http://127.0.0.1:8080`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Time limits of each metadata request (default 1 s to connect, 5 s
    /// in all).
    pub fn timeouts(mut self, timeouts: HttpTimeouts) -> Self {
        self.http = HttpClient::new(timeouts, crate::transport::Proxy::None);
        self
    }

    /// The role's credentials, from the cache or the metadata service.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cache.get(&SystemClock, || self.fetch()).await
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let endpoint = Endpoint::resolve(
            SOURCE,
            self.endpoint.as_deref(),
            &self.env,
            TENCENT_METADATA_ENDPOINT_VAR,
            DEFAULT_ENDPOINT,
        )?;
        let role = match &self.role {
            Some(role) => role.clone(),
            None => self.discover_role(&endpoint).await?,
        };
        check_role_name(&role)?;
        let source = format!("{SOURCE} {role}");
        let call = HttpCall::new(Method::GET, &endpoint, &format!("{ROLES_PATH}{role}"));
        let reply = self.http.send(&source, call).await?;
        if reply.status != 200 {
            return Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{source}: {} answered HTTP {} for the role's credentials",
                    endpoint.origin(),
                    reply.status
                ),
            ));
        }
        let body = http::json_body(&source, &reply)?;
        match http::str_member(&body, "Code") {
            Some("Success") => {}
            code => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Service,
                    format!(
                        "{source}: the metadata service answered Code {:?}",
                        http::service_message(code.unwrap_or(""), &[])
                    ),
                ))
            }
        }
        let id = http::required(&source, &body, "TmpSecretId")?;
        let secret = http::required(&source, &body, "TmpSecretKey")?;
        let token = http::required(&source, &body, "Token")?;
        let expiry = body
            .get("ExpiredTime")
            .and_then(|t| t.as_i64())
            .and_then(http::from_unix)
            .ok_or_else(|| {
                CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{source}: the answer has no valid ExpiredTime"),
                )
            })?;
        Ok(Credentials::new(id, secret)
            .with_session_token(token)
            .with_expiry(expiry)
            .with_source(source))
    }

    async fn discover_role(&self, endpoint: &Endpoint) -> Result<String, CredentialsError> {
        let call = HttpCall::new(Method::GET, endpoint, ROLES_PATH);
        let reply = self.http.send(SOURCE, call).await?;
        match reply.status {
            200 => Ok(reply.text().trim().to_owned()),
            404 => Err(CredentialsError::not_found(format!(
                "{SOURCE}: no role is bound to this instance ({} answered HTTP 404)",
                endpoint.origin()
            ))),
            status => Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{SOURCE}: {} answered HTTP {status} for the role name",
                    endpoint.origin()
                ),
            )),
        }
    }
}

/// A role name goes into a URL path: one segment of the characters CAM
/// allows in names.
pub(crate) fn check_role_name(role: &str) -> Result<(), CredentialsError> {
    let valid = !role.is_empty()
        && role.len() <= 128
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
    if valid {
        Ok(())
    } else {
        let shown: String = role.chars().take(40).collect();
        Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("the role name {shown:?} is not a valid role name"),
        ))
    }
}

impl CredentialsProvider for CvmRoleProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            only_for(cloud, Provider::Tencent, SOURCE)?;
            self.load().await
        })
    }
}
