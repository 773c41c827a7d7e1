//! Alibaba Cloud OIDC (RRSA on ACK): STS `AssumeRoleWithOIDC` with the
//! pod's service account token.
//!
//! The call is anonymous (no signature, as the vendor SDKs send it): the
//! OIDC token in the form body is the proof. Endpoint selection and the
//! answer are as for [`RamRoleArnProvider`](super::RamRoleArnProvider).

use std::fmt;
use std::path::PathBuf;

use super::alibaba_sts::{
    check_duration, common_query, form_call, parse_answer, unix_now, StsEndpoint,
};
use super::cache::RefreshCache;
use super::env::Env;
use super::http::{HttpClient, HttpTimeouts};
use super::tencent_sts::default_session_name;
use super::{only_for, BoxFuture, Provider};
use super::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use crate::clock::SystemClock;

/// The variables [`AlibabaOidcProvider::from_env`] reads: role ARN, OIDC
/// provider ARN, token file.
pub const ALIBABA_OIDC_VARS: [&str; 3] = [
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
];

const SOURCE: &str = "Alibaba OIDC";

#[derive(Debug, Clone)]
struct OidcSettings {
    role_arn: String,
    provider_arn: String,
    token_file: PathBuf,
}

/// Temporary credentials for `AssumeRoleWithOIDC`, as RRSA on ACK sets it
/// up: [`from_env`](Self::from_env) reads `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`
/// (and `ALIBABA_CLOUD_ROLE_SESSION_NAME` when set). The token file is read
/// again at every refresh, bounded and off the async workers.
pub struct AlibabaOidcProvider {
    env: Env,
    settings: Option<OidcSettings>,
    session_name: Option<String>,
    duration: u32,
    policy: Option<String>,
    sts: StsEndpoint,
    http: HttpClient,
    cache: RefreshCache,
}

impl fmt::Debug for AlibabaOidcProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaOidcProvider")
            .field("settings", &self.settings)
            .field("duration", &self.duration)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

impl AlibabaOidcProvider {
    /// Explicit settings.
    pub fn new(
        role_arn: impl Into<String>,
        oidc_provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        let mut provider = Self::from_env();
        provider.settings = Some(OidcSettings {
            role_arn: role_arn.into(),
            provider_arn: oidc_provider_arn.into(),
            token_file: token_file.into(),
        });
        provider
    }

    /// Settings from the variables, read at every refresh.
    pub fn from_env() -> Self {
        Self {
            env: Env::process(),
            settings: None,
            session_name: None,
            duration: 3600,
            policy: None,
            sts: StsEndpoint::default(),
            http: HttpClient::remote(),
            cache: RefreshCache::default(),
        }
    }

    /// Reads the variables from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The `RoleSessionName`.
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

    /// STS in `region`.
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }

    /// The STS base URL; wins over the region.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts.endpoint = Some(url.into());
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

    fn settings(&self) -> Result<OidcSettings, CredentialsError> {
        if let Some(settings) = &self.settings {
            return Ok(settings.clone());
        }
        let values: Vec<Option<String>> = ALIBABA_OIDC_VARS
            .iter()
            .map(|v| self.env.non_empty(v))
            .collect();
        // The role ARN alone also serves RamRoleArn setups: OIDC is
        // configured only once its provider ARN or token file is set.
        if values[1].is_none() && values[2].is_none() {
            return Err(CredentialsError::not_found(format!(
                "{SOURCE}: ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set"
            )));
        }
        let missing: Vec<&str> = ALIBABA_OIDC_VARS
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(CredentialsError::incomplete(format!(
                "{SOURCE}: {} missing or empty in the environment",
                missing.join(", ")
            )));
        }
        let mut values = values.into_iter().flatten();
        let mut next = || values.next().unwrap_or_default();
        Ok(OidcSettings {
            role_arn: next(),
            provider_arn: next(),
            token_file: PathBuf::from(next()),
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const ACTION: &str = "AssumeRoleWithOIDC";
        let settings = self.settings()?;
        check_duration(SOURCE, self.duration)?;
        let endpoint = self.sts.resolve(SOURCE, &self.env)?;
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
            .or_else(|| self.env.non_empty("ALIBABA_CLOUD_ROLE_SESSION_NAME"))
            .unwrap_or_else(default_session_name);
        let query = common_query(ACTION, unix_now())?;
        let mut form = vec![
            ("DurationSeconds".to_owned(), self.duration.to_string()),
            ("OIDCProviderArn".to_owned(), settings.provider_arn.clone()),
            ("OIDCToken".to_owned(), token.to_owned()),
            ("RoleArn".to_owned(), settings.role_arn.clone()),
            ("RoleSessionName".to_owned(), session),
        ];
        if let Some(policy) = &self.policy {
            form.push(("Policy".to_owned(), policy.clone()));
        }
        let call = form_call(&endpoint, &query, &form);
        zeroize::Zeroize::zeroize(&mut form[2].1);
        let reply = self.http.send(SOURCE, call).await?;
        let source = format!("{SOURCE} {}", settings.role_arn);
        parse_answer(&source, ACTION, &reply, &[token])
    }
}

impl CredentialsProvider for AlibabaOidcProvider {
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
