//! Tencent Cloud STS (`sts` 2018-08-13): `AssumeRole` on top of other
//! credentials, and `AssumeRoleWithWebIdentity` for TKE OIDC.
//!
//! Both are API 3.0 calls: `POST /` with a JSON body and the `X-TC-*`
//! headers. `AssumeRole` is signed with TC3 by the source credentials;
//! `AssumeRoleWithWebIdentity` is anonymous (`Authorization: SKIP`, as the
//! vendor SDKs send it): the OIDC token is the proof. The answer is
//! `{"Response": {"Credentials": {"TmpSecretId", "TmpSecretKey", "Token"},
//! "ExpiredTime": unix seconds, ...}}` or `{"Response": {"Error": {"Code",
//! "Message"}, "RequestId"}}`.
//!
//! The endpoint is `https://sts.tencentcloudapi.com` unless set with the
//! providers' `endpoint` or `TENCENTCLOUD_STS_ENDPOINT`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use reqwest::Method;
use serde_json::json;

use super::cache::RefreshCache;
use super::env::Env;
use super::http::{self, Endpoint, HttpCall, HttpClient, HttpReply, HttpTimeouts};
use super::{only_for, BoxFuture, Provider};
use super::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use crate::clock::{Clock, SystemClock};
use crate::sign::tc3;

/// Variable that overrides the STS endpoint.
pub const TENCENT_STS_ENDPOINT_VAR: &str = "TENCENTCLOUD_STS_ENDPOINT";
const DEFAULT_ENDPOINT: &str = "https://sts.tencentcloudapi.com";
const VERSION: &str = "2018-08-13";
/// The region the vendor SDKs send `AssumeRole` to.
const DEFAULT_REGION: &str = "ap-guangzhou";
/// The vendor SDKs' default session length.
const DEFAULT_DURATION: u32 = 7200;
const MAX_DURATION: u32 = 43200;
const CONTENT_TYPE: &str = "application/json";

/// A session name unique enough for audit logs: the SDK and the time.
pub(crate) fn default_session_name() -> String {
    let micros = SystemClock
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    format!("cloud-sdk-rust-{micros}")
}

fn unix_now() -> i64 {
    SystemClock
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn check_duration(source: &str, duration: u32, min: u32, max: u32) -> Result<(), CredentialsError> {
    if (min..=max).contains(&duration) {
        Ok(())
    } else {
        Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{source}: the session duration {duration} s is outside {min} to {max} s"),
        ))
    }
}

/// The common `X-TC-*` headers of an STS call.
fn sts_call<'a>(
    endpoint: &'a Endpoint,
    action: &str,
    region: &str,
    timestamp: i64,
) -> HttpCall<'a> {
    HttpCall::new(Method::POST, endpoint, "/")
        .header("X-TC-Action", action)
        .header("X-TC-Version", VERSION)
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("X-TC-Region", region)
}

/// Credentials from an STS answer, or an error naming the source, the
/// action and the service's error code.
fn parse_answer(
    source: &str,
    action: &str,
    reply: &HttpReply,
    secrets: &[&str],
) -> Result<Credentials, CredentialsError> {
    let body = http::json_body(source, reply)?;
    let response = body.get("Response").unwrap_or(&serde_json::Value::Null);
    let request_id = http::str_member(response, "RequestId").unwrap_or("none");
    if let Some(error) = response.get("Error") {
        let code = http::str_member(error, "Code").unwrap_or("(no code)");
        let message = http::str_member(error, "Message").unwrap_or("");
        return Err(CredentialsError::new(
            CredentialsErrorKind::Service,
            format!(
                "{source}: STS {action} failed with {} (HTTP {}): {} (request id {})",
                http::service_message(code, secrets),
                reply.status,
                http::service_message(message, secrets),
                http::service_message(request_id, secrets),
            ),
        ));
    }
    if reply.status != 200 {
        return Err(CredentialsError::new(
            CredentialsErrorKind::Service,
            format!("{source}: STS {action} answered HTTP {}", reply.status),
        ));
    }
    let credentials = response
        .get("Credentials")
        .unwrap_or(&serde_json::Value::Null);
    let id = http::required(source, credentials, "TmpSecretId")?;
    let secret = http::required(source, credentials, "TmpSecretKey")?;
    let token = http::required(source, credentials, "Token")?;
    let expiry = response
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
        .with_source(source.to_owned()))
}

/// Tencent Cloud STS `AssumeRole`: temporary credentials of role
/// `role_arn`, requested with the credentials of any other provider (the
/// "source"), signed with TC3.
///
/// Defaults: session name `cloud-sdk-rust-<microseconds>`, 7200 s, region
/// `ap-guangzhou`. The credentials are cached and refreshed 5 minutes before
/// they expire; concurrent callers share one refresh.
pub struct TencentAssumeRoleProvider {
    source: Arc<dyn CredentialsProvider>,
    role_arn: String,
    session_name: Option<String>,
    duration: u32,
    region: String,
    env: Env,
    endpoint: Option<String>,
    http: HttpClient,
    cache: RefreshCache,
}

impl fmt::Debug for TencentAssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TencentAssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl TencentAssumeRoleProvider {
    /// Assumes `role_arn` (`qcs::cam::uin/<uin>:roleName/<name>`) with the
    /// credentials `source` gives for Tencent Cloud.
    pub fn new(source: impl CredentialsProvider + 'static, role_arn: impl Into<String>) -> Self {
        Self {
            source: Arc::new(source),
            role_arn: role_arn.into(),
            session_name: None,
            duration: DEFAULT_DURATION,
            region: DEFAULT_REGION.to_owned(),
            env: Env::process(),
            endpoint: None,
            http: HttpClient::remote(),
            cache: RefreshCache::default(),
        }
    }

    /// The `RoleSessionName` (shown in CloudAudit).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds`, 1 to 43200.
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration = seconds;
        self
    }

    /// `X-TC-Region` of the STS call.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Reads `TENCENTCLOUD_STS_ENDPOINT` from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The STS base URL, e.g. `https://sts.internal.tencentcloudapi.com`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Time limits of each STS request (default 5 s to connect, 10 s in all).
    pub fn timeouts(mut self, timeouts: HttpTimeouts) -> Self {
        self.http = HttpClient::new(timeouts, crate::transport::Proxy::System);
        self
    }

    /// Sends STS requests through `proxy` (default: the system settings).
    pub fn proxy(mut self, proxy: crate::transport::Proxy) -> Self {
        self.http = HttpClient::new(self.http.timeouts(), proxy);
        self
    }

    /// The role's credentials, from the cache or STS.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cache.get(&SystemClock, || self.fetch()).await
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const SOURCE: &str = "Tencent STS AssumeRole";
        const ACTION: &str = "AssumeRole";
        check_duration(SOURCE, self.duration, 1, MAX_DURATION)?;
        let endpoint = Endpoint::resolve(
            SOURCE,
            self.endpoint.as_deref(),
            &self.env,
            TENCENT_STS_ENDPOINT_VAR,
            DEFAULT_ENDPOINT,
        )?;
        let base = self
            .source
            .provide_credentials(Provider::Tencent)
            .await
            .map_err(|e| {
                CredentialsError::new(
                    e.kind(),
                    format!("{SOURCE}: the source credentials: {}", e.message()),
                )
            })?;
        base.check()?;
        let session = self
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        let body = json!({
            "RoleArn": self.role_arn,
            "RoleSessionName": session,
            "DurationSeconds": self.duration,
        })
        .to_string()
        .into_bytes();
        let timestamp = unix_now();
        let signature = tc3::sign(
            &base.access_key(),
            &tc3::Tc3Request {
                service: "sts",
                host: &endpoint.host,
                method: "POST",
                path: "/",
                content_type: CONTENT_TYPE,
                query_string: "",
                body: &body,
                timestamp,
            },
        )
        .map_err(|e| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{SOURCE}: cannot sign the request: {e}"),
            )
        })?;
        let mut call = sts_call(&endpoint, ACTION, &self.region, timestamp)
            .header("Authorization", signature.into_authorization())
            .body(CONTENT_TYPE, body);
        if let Some(token) = base.session_token() {
            call = call.header("X-TC-Token", token);
        }
        let reply = self.http.send(SOURCE, call).await?;
        let secrets = [base.secret(), base.session_token().unwrap_or("")];
        let source = format!("{SOURCE} {}", self.role_arn);
        parse_answer(&source, ACTION, &reply, &secrets)
    }
}

impl CredentialsProvider for TencentAssumeRoleProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            only_for(cloud, Provider::Tencent, "Tencent STS AssumeRole")?;
            self.load().await
        })
    }
}

/// TKE OIDC: STS `AssumeRoleWithWebIdentity` with the pod's service
/// account token.
///
/// [`from_env`](Self::from_env) reads the variables TKE injects, as the
/// vendor SDKs do: `TKE_REGION`, `TKE_PROVIDER_ID`,
/// `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN`. The token file is read
/// again at every refresh (bounded, off the async workers), since the
/// kubelet rotates it.
pub struct TkeOidcProvider {
    env: Env,
    settings: Option<TkeSettings>,
    session_name: Option<String>,
    duration: u32,
    endpoint: Option<String>,
    http: HttpClient,
    cache: RefreshCache,
}

/// The four values of a TKE OIDC setup.
#[derive(Debug, Clone)]
struct TkeSettings {
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
}

impl fmt::Debug for TkeOidcProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TkeOidcProvider")
            .field("settings", &self.settings)
            .field("duration", &self.duration)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// The variables [`TkeOidcProvider::from_env`] reads.
pub const TKE_VARS: [&str; 4] = [
    "TKE_REGION",
    "TKE_PROVIDER_ID",
    "TKE_WEB_IDENTITY_TOKEN_FILE",
    "TKE_ROLE_ARN",
];

impl TkeOidcProvider {
    /// Explicit settings: the STS region, the OIDC provider id, the token
    /// file and the role to assume.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        let mut provider = Self::from_env();
        provider.settings = Some(TkeSettings {
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
        });
        provider
    }

    /// Settings from the `TKE_*` variables, read at every refresh.
    pub fn from_env() -> Self {
        Self {
            env: Env::process(),
            settings: None,
            session_name: None,
            duration: DEFAULT_DURATION,
            endpoint: None,
            http: HttpClient::remote(),
            cache: RefreshCache::default(),
        }
    }

    /// Reads the `TKE_*` variables and `TENCENTCLOUD_STS_ENDPOINT` from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The `RoleSessionName`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds`, 1 to 43200 (default 7200).
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration = seconds;
        self
    }

    /// The STS base URL.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Time limits of each STS request (default 5 s to connect, 10 s in all).
    pub fn timeouts(mut self, timeouts: HttpTimeouts) -> Self {
        self.http = HttpClient::new(timeouts, crate::transport::Proxy::System);
        self
    }

    /// Sends STS requests through `proxy` (default: the system settings).
    pub fn proxy(mut self, proxy: crate::transport::Proxy) -> Self {
        self.http = HttpClient::new(self.http.timeouts(), proxy);
        self
    }

    /// The role's credentials, from the cache or STS.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cache.get(&SystemClock, || self.fetch()).await
    }

    fn settings(&self) -> Result<TkeSettings, CredentialsError> {
        if let Some(settings) = &self.settings {
            return Ok(settings.clone());
        }
        let values: Vec<Option<String>> = TKE_VARS.iter().map(|v| self.env.non_empty(v)).collect();
        let missing: Vec<&str> = TKE_VARS
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        if missing.len() == TKE_VARS.len() {
            return Err(CredentialsError::not_found(
                "TKE OIDC: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN are not set",
            ));
        }
        if !missing.is_empty() {
            return Err(CredentialsError::incomplete(format!(
                "TKE OIDC: {} missing or empty in the environment",
                missing.join(", ")
            )));
        }
        let mut values = values.into_iter().flatten();
        let mut next = || values.next().unwrap_or_default();
        Ok(TkeSettings {
            region: next(),
            provider_id: next(),
            token_file: PathBuf::from(next()),
            role_arn: next(),
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const SOURCE: &str = "TKE OIDC";
        const ACTION: &str = "AssumeRoleWithWebIdentity";
        let settings = self.settings()?;
        check_duration(SOURCE, self.duration, 1, MAX_DURATION)?;
        let endpoint = Endpoint::resolve(
            SOURCE,
            self.endpoint.as_deref(),
            &self.env,
            TENCENT_STS_ENDPOINT_VAR,
            DEFAULT_ENDPOINT,
        )?;
        let token = super::file::read_required(&settings.token_file)
            .await
            .map_err(|e| {
                CredentialsError::new(e.kind(), format!("{SOURCE}: token file {}", e.message()))
            })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!(
                    "{SOURCE}: the token file {} is empty",
                    settings.token_file.display()
                ),
            ));
        }
        let session = self
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        let body = zeroize::Zeroizing::new(
            json!({
                "ProviderId": settings.provider_id,
                "WebIdentityToken": token,
                "RoleArn": settings.role_arn,
                "RoleSessionName": session,
                "DurationSeconds": self.duration,
            })
            .to_string()
            .into_bytes(),
        );
        let call = sts_call(&endpoint, ACTION, &settings.region, unix_now())
            .header("Authorization", "SKIP")
            .body(CONTENT_TYPE, body.to_vec());
        let reply = self.http.send(SOURCE, call).await?;
        let source = format!("{SOURCE} {}", settings.role_arn);
        parse_answer(&source, ACTION, &reply, &[token])
    }
}

impl CredentialsProvider for TkeOidcProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            only_for(cloud, Provider::Tencent, "TKE OIDC")?;
            self.load().await
        })
    }
}
