//! Alibaba Cloud ECS RAM role, from the instance metadata service.
//!
//! ```text
//! PUT {endpoint}/latest/api/token                          (X-aliyun-ecs-metadata-token-ttl-seconds: 21600)
//!     -> session token (IMDSv2); on failure the SDKs go on without one (IMDSv1)
//!        unless ALIBABA_CLOUD_IMDSV1_DISABLED=true
//! GET {endpoint}/latest/meta-data/ram/security-credentials/          -> role name
//! GET {endpoint}/latest/meta-data/ram/security-credentials/{role}    -> {"Code": "Success",
//!     "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}
//! ```
//!
//! Both GETs carry `X-aliyun-ecs-metadata-token` when a token was issued.
//! The endpoint is `http://100.100.100.200` unless set with
//! [`EcsRamRoleProvider::endpoint`] or `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`.

use reqwest::Method;
use zeroize::Zeroizing;

use super::alibaba_sts::session_credentials;
use super::cache::RefreshCache;
use super::env::Env;
use super::http::{self, Endpoint, HttpCall, HttpClient, HttpTimeouts};
use super::tencent_cvm::check_role_name;
use super::{only_for, BoxFuture, Provider};
use super::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use crate::clock::SystemClock;

/// Variable that overrides the metadata endpoint.
pub const ALIBABA_METADATA_ENDPOINT_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT";
const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
/// Six hours, as the vendor SDKs ask.
const TOKEN_TTL: &str = "21600";
const SOURCE: &str = "Alibaba ECS RAM role";

/// Temporary credentials of the RAM role attached to this ECS instance.
///
/// The role name comes from [`role_name`](Self::role_name), else
/// `ALIBABA_CLOUD_ECS_METADATA`, else the metadata service. The metadata
/// session token (IMDSv2) is used when the service issues one; without one
/// the provider falls back to plain requests (IMDSv1), as the vendor SDKs
/// do, unless [`disable_imds_v1`](Self::disable_imds_v1) or
/// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`. Credentials are cached and
/// refreshed 5 minutes before they expire; concurrent callers share one
/// refresh. `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns it off
/// ([`NotFound`](CredentialsErrorKind::NotFound)).
#[derive(Debug)]
pub struct EcsRamRoleProvider {
    env: Env,
    role: Option<String>,
    endpoint: Option<String>,
    imds_v1_disabled: bool,
    http: HttpClient,
    cache: RefreshCache,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self {
            env: Env::process(),
            role: None,
            endpoint: None,
            imds_v1_disabled: false,
            http: HttpClient::metadata(),
            cache: RefreshCache::default(),
        }
    }
}

impl EcsRamRoleProvider {
    /// Discovers the role from the metadata service.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses role `name` instead of discovering it.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.role = Some(name.into());
        self
    }

    /// Requires the metadata session token: no IMDSv1 fallback.
    pub fn disable_imds_v1(mut self, disabled: bool) -> Self {
        self.imds_v1_disabled = disabled;
        self
    }

    /// Reads the `ALIBABA_CLOUD_ECS_METADATA*` and
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED` variables from `env`.
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

    fn v1_disabled(&self) -> bool {
        self.imds_v1_disabled
            || self
                .env
                .var("ALIBABA_CLOUD_IMDSV1_DISABLED")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The IMDSv2 token, `None` when the service offers none and IMDSv1 is
    /// allowed.
    async fn session_token(
        &self,
        endpoint: &Endpoint,
    ) -> Result<Option<Zeroizing<String>>, CredentialsError> {
        let call =
            HttpCall::new(Method::PUT, endpoint, TOKEN_PATH).header(TOKEN_TTL_HEADER, TOKEN_TTL);
        let failure = match self.http.send(SOURCE, call).await {
            Ok(reply) if reply.status == 200 => {
                let token = Zeroizing::new(reply.text().trim().to_owned());
                if !token.is_empty() {
                    return Ok(Some(token));
                }
                "issued an empty token".to_owned()
            }
            Ok(reply) => format!("answered HTTP {}", reply.status),
            // Unreachable service: the next request says so.
            Err(_) if !self.v1_disabled() => return Ok(None),
            Err(e) => return Err(e),
        };
        if self.v1_disabled() {
            Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{SOURCE}: IMDSv1 is disabled and the metadata service {} {failure} for a session token",
                    endpoint.origin()
                ),
            ))
        } else {
            Ok(None)
        }
    }

    fn get<'a>(
        endpoint: &'a Endpoint,
        path: &str,
        token: &Option<Zeroizing<String>>,
    ) -> HttpCall<'a> {
        let call = HttpCall::new(Method::GET, endpoint, path);
        match token {
            Some(token) => call.header(TOKEN_HEADER, token.as_str()),
            None => call,
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if self
            .env
            .var("ALIBABA_CLOUD_ECS_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(CredentialsError::not_found(format!(
                "{SOURCE}: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED"
            )));
        }
        let endpoint = Endpoint::resolve(
            SOURCE,
            self.endpoint.as_deref(),
            &self.env,
            ALIBABA_METADATA_ENDPOINT_VAR,
            DEFAULT_ENDPOINT,
        )?;
        let token = self.session_token(&endpoint).await?;
        let role = match self
            .role
            .clone()
            .or_else(|| self.env.non_empty("ALIBABA_CLOUD_ECS_METADATA"))
        {
            Some(role) => role,
            None => {
                let reply = self
                    .http
                    .send(SOURCE, Self::get(&endpoint, ROLES_PATH, &token))
                    .await?;
                match reply.status {
                    200 => reply.text().trim().to_owned(),
                    404 => {
                        return Err(CredentialsError::not_found(format!(
                            "{SOURCE}: no role is attached to this instance ({} answered HTTP 404)",
                            endpoint.origin()
                        )))
                    }
                    status => {
                        return Err(CredentialsError::new(
                            CredentialsErrorKind::Service,
                            format!(
                                "{SOURCE}: {} answered HTTP {status} for the role name",
                                endpoint.origin()
                            ),
                        ))
                    }
                }
            }
        };
        check_role_name(&role)?;
        let source = format!("{SOURCE} {role}");
        let path = format!("{ROLES_PATH}{role}");
        let reply = self
            .http
            .send(&source, Self::get(&endpoint, &path, &token))
            .await?;
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
            Some("Success") => session_credentials(&source, &body),
            code => Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{source}: the metadata service answered Code {:?}",
                    http::service_message(code.unwrap_or(""), &[])
                ),
            )),
        }
    }
}

impl CredentialsProvider for EcsRamRoleProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            only_for(cloud, Provider::Alibaba, SOURCE)?;
            self.load().await
        })
    }
}
