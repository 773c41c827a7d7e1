//! Alibaba Cloud STS (2015-04-01): `AssumeRole` ("RamRoleArn") signed with
//! RPC signature V2, and the parts `AssumeRoleWithOIDC` shares with it.
//!
//! Requests are `POST /` with the common parameters in the query string and
//! the action's parameters in a form body, as the vendor SDKs send them. A
//! success is `{"Credentials": {"AccessKeyId", "AccessKeySecret",
//! "SecurityToken", "Expiration": "YYYY-MM-DDThh:mm:ssZ"}, "RequestId"}`; a
//! failure a non-200 status with `{"Code", "Message", "RequestId"}`.
//!
//! The endpoint, first that applies: the provider's `endpoint`,
//! `ALIBABA_CLOUD_STS_ENDPOINT`, `sts[-vpc].<region>.aliyuncs.com` from
//! `sts_region` or `ALIBABA_CLOUD_STS_REGION` (`-vpc` when
//! `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`), `sts.aliyuncs.com`.

use std::fmt;
use std::sync::Arc;

use reqwest::Method;

use super::cache::RefreshCache;
use super::env::Env;
use super::http::{self, Endpoint, HttpCall, HttpClient, HttpReply, HttpTimeouts};
use super::tencent_sts::default_session_name;
use super::{only_for, BoxFuture, Provider};
use super::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use crate::clock::{Clock, OsRandom, Random, SystemClock};
use crate::sign::encode::percent_encode_pairs;
use crate::sign::rpc_v2;

/// Variable that overrides the STS endpoint.
pub const ALIBABA_STS_ENDPOINT_VAR: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
const VERSION: &str = "2015-04-01";
/// The vendor SDKs' default and minimum session lengths.
const DEFAULT_DURATION: u32 = 3600;
const MIN_DURATION: u32 = 900;
/// The longest a role may allow.
const MAX_DURATION: u32 = 43200;
const FORM: &str = "application/x-www-form-urlencoded";

/// Where STS requests of one provider go.
#[derive(Debug, Clone, Default)]
pub(crate) struct StsEndpoint {
    pub endpoint: Option<String>,
    pub region: Option<String>,
}

impl StsEndpoint {
    pub(crate) fn resolve(&self, source: &str, env: &Env) -> Result<Endpoint, CredentialsError> {
        let region = self
            .region
            .clone()
            .or_else(|| env.non_empty("ALIBABA_CLOUD_STS_REGION"));
        let default = match region {
            Some(region) => {
                let vpc = env
                    .var("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
                let prefix = if vpc { "sts-vpc" } else { "sts" };
                format!("https://{prefix}.{region}.aliyuncs.com")
            }
            None => "https://sts.aliyuncs.com".to_owned(),
        };
        Endpoint::resolve(
            source,
            self.endpoint.as_deref(),
            env,
            ALIBABA_STS_ENDPOINT_VAR,
            &default,
        )
    }
}

pub(crate) fn unix_now() -> i64 {
    SystemClock
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub(crate) fn check_duration(source: &str, duration: u32) -> Result<(), CredentialsError> {
    if (MIN_DURATION..=MAX_DURATION).contains(&duration) {
        Ok(())
    } else {
        Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!(
                "{source}: the session duration {duration} s is outside {MIN_DURATION} to {MAX_DURATION} s"
            ),
        ))
    }
}

/// The common query parameters of an STS call, sorted by name.
pub(crate) fn common_query(
    action: &str,
    timestamp: i64,
) -> Result<Vec<(String, String)>, CredentialsError> {
    let timestamp = crate::sign::iso8601_utc(timestamp).map_err(|e| {
        CredentialsError::new(CredentialsErrorKind::Invalid, format!("the clock: {e}"))
    })?;
    Ok(vec![
        ("Action".to_owned(), action.to_owned()),
        ("Format".to_owned(), "JSON".to_owned()),
        ("Timestamp".to_owned(), timestamp),
        ("Version".to_owned(), VERSION.to_owned()),
    ])
}

/// The `POST /?query` call with `form` as its body.
pub(crate) fn form_call<'a>(
    endpoint: &'a Endpoint,
    query: &[(String, String)],
    form: &[(String, String)],
) -> HttpCall<'a> {
    let mut call = HttpCall::new(Method::POST, endpoint, "/");
    call.url.set_query(Some(&percent_encode_pairs(query)));
    call.body(FORM, percent_encode_pairs(form).into_bytes())
}

/// Credentials from an STS answer, or an error naming the source, the
/// action and the service's error code.
pub(crate) fn parse_answer(
    source: &str,
    action: &str,
    reply: &HttpReply,
    secrets: &[&str],
) -> Result<Credentials, CredentialsError> {
    let body = http::json_body(source, reply);
    if reply.status != 200 {
        let body = body.unwrap_or(serde_json::Value::Null);
        let field =
            |key| http::service_message(http::str_member(&body, key).unwrap_or(""), secrets);
        return Err(CredentialsError::new(
            CredentialsErrorKind::Service,
            format!(
                "{source}: STS {action} failed with {} (HTTP {}): {} (request id {})",
                field("Code"),
                reply.status,
                field("Message"),
                field("RequestId"),
            ),
        ));
    }
    let body = body?;
    let credentials = body.get("Credentials").unwrap_or(&serde_json::Value::Null);
    session_credentials(source, credentials)
}

/// `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration` of
/// `object`: the shape STS, the ECS metadata service and credentials URIs
/// share.
pub(crate) fn session_credentials(
    source: &str,
    object: &serde_json::Value,
) -> Result<Credentials, CredentialsError> {
    let id = http::required(source, object, "AccessKeyId")?;
    let secret = http::required(source, object, "AccessKeySecret")?;
    let token = http::required(source, object, "SecurityToken")?;
    let expiration = http::required(source, object, "Expiration")?;
    let expiry = http::parse_utc(expiration).ok_or_else(|| {
        CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{source}: Expiration is not a UTC time like 2024-01-31T12:00:00Z"),
        )
    })?;
    Ok(Credentials::new(id, secret)
        .with_session_token(token)
        .with_expiry(expiry)
        .with_source(source.to_owned()))
}

/// A fresh `SignatureNonce`: a random UUID from the runtime's one source of
/// randomness (`clock::OsRandom`).
fn nonce() -> String {
    OsRandom.uuid()
}

/// Alibaba Cloud STS `AssumeRole` ("RamRoleArn"): temporary credentials of
/// role `role_arn`, requested with the credentials of any other provider
/// (the "source"), signed with RPC signature V2.
///
/// Defaults: session name `$ALIBABA_CLOUD_ROLE_SESSION_NAME` or
/// `cloud-sdk-rust-<microseconds>`, 3600 s (900 to 43200). The credentials
/// are cached and refreshed 5 minutes before they expire; concurrent callers
/// share one refresh.
pub struct RamRoleArnProvider {
    source: Arc<dyn CredentialsProvider>,
    role_arn: String,
    session_name: Option<String>,
    duration: u32,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsEndpoint,
    env: Env,
    http: HttpClient,
    cache: RefreshCache,
}

impl fmt::Debug for RamRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("policy", &self.policy.is_some())
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` (`acs:ram::<account>:role/<name>`) with the
    /// credentials `source` gives for Alibaba Cloud.
    pub fn new(source: impl CredentialsProvider + 'static, role_arn: impl Into<String>) -> Self {
        Self::with_shared_source(Arc::new(source), role_arn)
    }

    /// As [`new`](Self::new), with a shared source.
    pub fn with_shared_source(
        source: Arc<dyn CredentialsProvider>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self {
            source,
            role_arn: role_arn.into(),
            session_name: None,
            duration: DEFAULT_DURATION,
            policy: None,
            external_id: None,
            sts: StsEndpoint::default(),
            env: Env::process(),
            http: HttpClient::remote(),
            cache: RefreshCache::default(),
        }
    }

    /// The `RoleSessionName` (shown in ActionTrail).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds`, 900 to 43200 (default 3600).
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration = seconds;
        self
    }

    /// A `Policy` narrowing the role's permissions (JSON).
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// The `ExternalId` the role's trust policy asks for.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// STS in `region` (`sts.<region>.aliyuncs.com`).
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }

    /// The STS base URL; wins over the region.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts.endpoint = Some(url.into());
        self
    }

    /// Reads the `ALIBABA_CLOUD_STS_*` variables from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
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
        const SOURCE: &str = "Alibaba STS AssumeRole";
        const ACTION: &str = "AssumeRole";
        check_duration(SOURCE, self.duration)?;
        if self.role_arn.is_empty() {
            return Err(CredentialsError::incomplete(format!(
                "{SOURCE}: the role ARN is empty"
            )));
        }
        let endpoint = self.sts.resolve(SOURCE, &self.env)?;
        let base = self
            .source
            .provide_credentials(Provider::Alibaba)
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
            .or_else(|| self.env.non_empty("ALIBABA_CLOUD_ROLE_SESSION_NAME"))
            .unwrap_or_else(default_session_name);

        let mut query = common_query(ACTION, unix_now())?;
        query.extend([
            ("AccessKeyId".to_owned(), base.id().to_owned()),
            ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
            ("SignatureNonce".to_owned(), nonce()),
            ("SignatureVersion".to_owned(), "1.0".to_owned()),
        ]);
        if let Some(token) = base.session_token() {
            query.push(("SecurityToken".to_owned(), token.to_owned()));
        }
        let mut form = vec![
            ("DurationSeconds".to_owned(), self.duration.to_string()),
            ("RoleArn".to_owned(), self.role_arn.clone()),
            ("RoleSessionName".to_owned(), session),
        ];
        if let Some(policy) = &self.policy {
            form.push(("Policy".to_owned(), policy.clone()));
        }
        if let Some(id) = &self.external_id {
            form.push(("ExternalId".to_owned(), id.clone()));
        }
        let signature = rpc_v2::sign(
            base.secret(),
            &rpc_v2::RpcV2Request {
                method: "POST",
                query: &query,
                form: &form,
            },
        )
        .map_err(|e| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{SOURCE}: cannot sign the request: {e}"),
            )
        })?;
        query.push(("Signature".to_owned(), signature));
        let call = form_call(&endpoint, &query, &form);
        let reply = self.http.send(SOURCE, call).await?;
        let secrets = [base.secret(), base.session_token().unwrap_or("")];
        let source = format!("{SOURCE} {}", self.role_arn);
        parse_answer(&source, ACTION, &reply, &secrets)
    }
}

impl CredentialsProvider for RamRoleArnProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            only_for(cloud, Provider::Alibaba, "Alibaba STS AssumeRole")?;
            self.load().await
        })
    }
}
