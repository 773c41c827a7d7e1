//! Client configuration: [`ClientBuilder`] and its parts.
//!
//! ```no_run
//! # fn main() -> Result<(), cloud_sdk_runtime::ConfigError> {
//! use std::time::Duration;
//! use cloud_sdk_runtime::{Client, Credentials, RetryConfig};
//!
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .region("ap-guangzhou")
//!     .operation_timeout(Duration::from_secs(30))
//!     .retry(RetryConfig::standard().with_max_attempts(5))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! Defaults: credentials from the [`DefaultChain`]; no region; the endpoint
//! chosen by [`EndpointKind::Auto`]; each service's first signing algorithm;
//! connect timeout 5 s, attempt timeout 30 s, operation timeout 60 s;
//! [`RetryConfig::standard`]; no client-side rate limiting; proxies from the
//! environment.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::client::{CallSettings, Client, Inner};
use crate::clock::{Clock, OsRandom, Random, Sleep, SystemClock, TokioSleep};
use crate::credentials::cache::CredentialsCache;
use crate::credentials::{CredentialEndpoints, CredentialsProvider, DefaultChain, Env};
use crate::endpoint::{parse_override, EndpointConfig, EndpointKind};
use crate::error::ConfigError;
use crate::operation::SigningAlgorithm;
use crate::rate_limit::RateLimiter;
use crate::request::RequestOptions;
use crate::retry::RetryConfig;
use crate::transport::network::{NetworkSettings, NetworkTransport};
use crate::transport::tls::TlsSettings;
use crate::transport::{Proxy, TlsVersion, Transport};

/// Time limits of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection (TCP and TLS). Default 5 s.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole response.
    /// Default 30 s.
    pub attempt: Duration,
    /// The whole call, retries and backoff included. Default 60 s.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(60),
        }
    }
}

/// Language of Tencent error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// `zh-CN` (the server's default).
    ZhCn,
    /// `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// The `User-Agent` prefix of every request.
pub const USER_AGENT: &str = concat!("cloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Builds a [`Client`]. Every setting has a default; see the module docs.
///
/// Clients built from one builder, or from its clones, share one
/// connection pool as long as their network settings (connect timeout,
/// proxy, TLS) are equal; changing one of these on a clone gives it a pool
/// of its own.
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Option<Arc<dyn CredentialsProvider>>,
    env: Env,
    profile: Option<String>,
    credential_endpoints: CredentialEndpoints,
    region: Option<String>,
    endpoint: Option<String>,
    endpoint_kind: EndpointKind,
    signing: Vec<SigningAlgorithm>,
    timeouts: Timeouts,
    retry: RetryConfig,
    rate_limit: bool,
    proxy: Proxy,
    tls: TlsSettings,
    /// The network transport last built by this builder or a clone, with
    /// the settings it was built from.
    pool: Arc<Mutex<Option<(NetworkSettings, NetworkTransport)>>>,
    transport: Option<Arc<dyn Transport>>,
    language: Option<Language>,
    client_id: Option<String>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
    sleep: Arc<dyn Sleep>,
    refresh_window: Duration,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            env: Env::process(),
            profile: None,
            credential_endpoints: CredentialEndpoints::default(),
            region: None,
            endpoint: None,
            endpoint_kind: EndpointKind::Auto,
            signing: Vec::new(),
            timeouts: Timeouts::default(),
            retry: RetryConfig::standard(),
            rate_limit: false,
            proxy: Proxy::System,
            tls: TlsSettings::default(),
            pool: Arc::default(),
            transport: None,
            language: None,
            client_id: None,
            clock: Arc::new(SystemClock),
            random: Arc::new(OsRandom),
            sleep: Arc::new(TokioSleep),
            refresh_window: Duration::from_secs(300),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "<provider>"),
            )
            .field("env", &self.env)
            .field("profile", &self.profile)
            .field("credential_endpoints", &self.credential_endpoints)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("endpoint_kind", &self.endpoint_kind)
            .field("signing", &self.signing)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("proxy", &self.proxy)
            .field("tls", &self.tls)
            .field("custom_transport", &self.transport.is_some())
            .field("language", &self.language)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with every default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Credentials or any [`CredentialsProvider`]; without this the
    /// [`DefaultChain`] is used.
    pub fn credentials(mut self, provider: impl CredentialsProvider + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// A shared credentials provider.
    pub fn credentials_provider(mut self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Environment and home directory for the default credentials chain
    /// (tests pass [`Env::from_vars`]).
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Profile name for the default chain's profile files.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Metadata and STS endpoints for the default chain's cloud-workload
    /// sources (tests point them at local servers). STS requests use the
    /// client's [`proxy`](Self::proxy) unless the endpoints set their own.
    pub fn credentials_endpoints(mut self, endpoints: CredentialEndpoints) -> Self {
        self.credential_endpoints = endpoints;
        self
    }

    /// The region: Tencent `X-TC-Region`, Alibaba `RegionId` and host.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A full endpoint override: `https://host`, `http://127.0.0.1:8080`, or
    /// a bare host (HTTPS). It wins over [`endpoint_kind`](Self::endpoint_kind).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Which of the service's hosts to use (see [`EndpointKind`]).
    pub fn endpoint_kind(mut self, kind: EndpointKind) -> Self {
        self.endpoint_kind = kind;
        self
    }

    /// Signs with `algorithm` for services of its provider that accept it
    /// (a call to a service that does not is a configuration error). One
    /// choice per provider; the last one set wins.
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        let provider = crate::client::provider_of(algorithm);
        self.signing
            .retain(|a| crate::client::provider_of(*a) != provider);
        self.signing.push(algorithm);
        self
    }

    /// All time limits at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Per-attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Whole-operation timeout, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.operation = timeout;
        self
    }

    /// Retry policy; [`RetryConfig::disabled`] turns retries off.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Waits client-side so that no action exceeds its documented requests
    /// per second (`ActionInfo::rate_limit`). Off by default.
    pub fn rate_limit(mut self, enabled: bool) -> Self {
        self.rate_limit = enabled;
        self
    }

    /// Proxy settings.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Trusts the certificates of a PEM file as roots, e.g. a company's TLS
    /// inspection proxy or a private endpoint. May be called more than
    /// once; a file without a certificate fails [`build`](Self::build).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.extra_roots_pem.push(pem.into());
        self
    }

    /// Whether the built-in Mozilla root certificates are trusted (default
    /// `true`). With `false`, only the roots added with
    /// [`add_root_certificate_pem`](Self::add_root_certificate_pem) are.
    pub fn tls_built_in_root_certs(mut self, enabled: bool) -> Self {
        self.tls.built_in_roots = enabled;
        self
    }

    /// The lowest TLS version accepted (default TLS 1.2).
    pub fn min_tls_version(mut self, version: TlsVersion) -> Self {
        self.tls.min_version = version;
        self
    }

    /// Sends requests through `transport` instead of the network, e.g. a
    /// [`MockTransport`](crate::mock::MockTransport) in tests. Requests are
    /// signed, retried, timed and decoded as usual; the proxy, TLS and
    /// connect timeout settings, which belong to the network transport, are
    /// unused.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Language of Tencent error messages.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Identifies the application: appended to the `User-Agent` and sent as
    /// Tencent `X-TC-RequestClient`. At most 128 visible ASCII characters.
    pub fn client_identifier(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// The wall clock for signing and credential expiry (tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The source of nonces, tokens and jitter (tests).
    pub fn random(mut self, random: Arc<dyn Random>) -> Self {
        self.random = random;
        self
    }

    /// How the client waits between attempts (tests).
    pub fn sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// How long before their expiry refreshing credentials are renewed.
    /// Default 5 minutes.
    pub fn credentials_refresh_window(mut self, window: Duration) -> Self {
        self.refresh_window = window;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        if let Some(region) = &self.region {
            let valid = !region.is_empty()
                && region.len() <= 64
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(ConfigError::new(format!(
                    "region {region:?} must be lowercase letters, digits and hyphens"
                )));
            }
        }
        if let Some(id) = &self.client_id {
            if id.is_empty()
                || id.len() > 128
                || !id.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
            {
                return Err(ConfigError::new(
                    "the client identifier must be 1 to 128 visible ASCII characters".to_owned(),
                ));
            }
        }
        let timeouts = self.timeouts;
        if timeouts.connect.is_zero() || timeouts.attempt.is_zero() || timeouts.operation.is_zero()
        {
            return Err(ConfigError::new(
                "timeouts must be greater than zero".to_owned(),
            ));
        }
        let override_url = self.endpoint.as_deref().map(parse_override).transpose()?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(custom) => custom,
            None => Arc::new(self.network_transport(NetworkSettings {
                connect_timeout: timeouts.connect,
                proxy: self.proxy.clone(),
                tls: self.tls.clone(),
            })?),
        };
        let provider = self.credentials.unwrap_or_else(|| {
            let mut chain = DefaultChain::new().with_env(self.env.clone()).endpoints(
                self.credential_endpoints
                    .clone()
                    .or_sts_proxy(self.proxy.clone()),
            );
            if let Some(profile) = &self.profile {
                chain = chain.profile(profile.clone());
            }
            Arc::new(chain)
        });
        let user_agent = match &self.client_id {
            Some(id) => format!("{USER_AGENT} {id}"),
            None => USER_AGENT.to_owned(),
        };
        let settings = CallSettings::new(
            EndpointConfig {
                region: self.region.clone(),
                kind: self.endpoint_kind,
                override_url,
            },
            timeouts,
            self.retry,
        );
        let inner = Inner {
            transport,
            credentials: CredentialsCache::new(provider, self.clock.clone(), self.refresh_window),
            options: RequestOptions {
                region: self.region,
                language: self.language.map(|l| l.as_str().to_owned()),
                client_id: self.client_id,
                user_agent,
            },
            signing: self.signing,
            tc3_keys: Default::default(),
            rate_limiter: self.rate_limit.then(RateLimiter::default),
            clock: self.clock,
            random: self.random,
            sleep: self.sleep,
        };
        Ok(Client::from_parts(inner, settings))
    }

    /// The pool of the last client built from this builder (or a clone)
    /// when its settings are the same, else a new one.
    fn network_transport(
        &self,
        settings: NetworkSettings,
    ) -> Result<NetworkTransport, ConfigError> {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((built_from, transport)) = &*pool {
            if *built_from == settings {
                return Ok(transport.clone());
            }
        }
        let transport = NetworkTransport::new(&settings).map_err(ConfigError::new)?;
        *pool = Some((settings, transport.clone()));
        Ok(transport)
    }
}

/// Settings changed for the calls of one client value, without building a
/// new client: see [`Client::with_overrides`]. Starts from the client's
/// current settings.
#[derive(Debug, Clone)]
pub struct Overrides {
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) endpoint: Option<String>,
}

impl Overrides {
    /// Per-attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Whole-operation timeout, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.operation = timeout;
        self
    }

    /// Retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Attempts per call, the first included (1 turns retries off).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry = self.retry.with_max_attempts(attempts);
        self
    }

    /// An endpoint override, as [`ClientBuilder::endpoint`] takes it. An
    /// invalid one makes every call fail with [`Error::Config`](crate::Error::Config)
    /// before anything is sent.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }
}
