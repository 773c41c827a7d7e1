//! The default credentials chain.

use std::fmt;
use std::sync::{Arc, OnceLock};

use super::alibaba_ecs::EcsRamRoleProvider;
use super::alibaba_oidc::AlibabaOidcProvider;
use super::credentials_uri::CredentialsUriProvider;
use super::endpoints::CredentialEndpoints;
use super::env::{Env, EnvironmentProvider};
use super::profile::ProfileProvider;
use super::tencent_cvm::CvmRoleProvider;
use super::tencent_sts::TkeOidcProvider;
use super::Provider;
use super::{BoxFuture, Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};

/// The sources a client tries when no credentials were configured, in the
/// order of each vendor's own default chain:
///
/// * Tencent (as `tencentcloud-sdk-python`'s `DefaultCredentialProvider`):
///   1. environment (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
///      optional `TENCENTCLOUD_TOKEN`);
///   2. INI profile `$TENCENTCLOUD_CREDENTIALS_FILE` or
///      `~/.tencentcloud/credentials`;
///   3. the CVM instance role ([`CvmRoleProvider`]);
///   4. TKE OIDC when the `TKE_*` variables are set ([`TkeOidcProvider`]).
/// * Alibaba (as `credentials-go`'s `DefaultCredentialsProvider`):
///   1. environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
///      `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional
///      `ALIBABA_CLOUD_SECURITY_TOKEN`);
///   2. OIDC (RRSA) when its variables are set ([`AlibabaOidcProvider`]);
///   3. aliyun CLI `~/.aliyun/config.json`; 4. INI profile
///      `$ALIBABA_CLOUD_CREDENTIALS_FILE` or `~/.alibabacloud/credentials.ini`
///      ([`ProfileProvider`]);
///   5. the ECS RAM role ([`EcsRamRoleProvider`]) unless
///      `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
///   6. `ALIBABA_CLOUD_CREDENTIALS_URI` when set ([`CredentialsUriProvider`]).
///
/// A source that is absent is skipped, and so is a metadata service that
/// cannot be reached or does not answer in time (the machine is not a CVM or
/// ECS instance). A source that is present but broken (an id without its
/// secret, a malformed file, an STS error, an unsupported credential type)
/// stops the chain with that error rather than silently falling through to
/// another identity. When nothing is found, the error lists every place that
/// was looked at.
///
/// The chain builds its providers once and keeps them, so the refreshing
/// ones keep their caches; clones share them.
#[derive(Clone, Default)]
pub struct DefaultChain {
    env: Env,
    profile: Option<String>,
    endpoints: CredentialEndpoints,
    sources: Arc<OnceLock<Sources>>,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("env", &self.env)
            .field("profile", &self.profile)
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

/// One link of the chain.
struct Source {
    provider: Box<dyn CredentialsProvider>,
    /// Unreachable or silent means "not on this cloud's machines": skip.
    metadata: bool,
}

struct Sources {
    tencent: Vec<Source>,
    alibaba: Vec<Source>,
}

impl DefaultChain {
    /// The chain over the process environment and home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables and the home directory from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self.sources = Arc::default();
        self
    }

    /// Uses profile `name` in the profile files.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self.sources = Arc::default();
        self
    }

    /// Overrides the metadata and STS endpoints of the chain's providers.
    pub fn endpoints(mut self, endpoints: CredentialEndpoints) -> Self {
        self.endpoints = endpoints;
        self.sources = Arc::default();
        self
    }

    fn build(&self) -> Sources {
        let env = &self.env;
        let endpoints = &self.endpoints;
        let mut profiles = ProfileProvider::new()
            .with_env(env.clone())
            .endpoints(endpoints.clone());
        if let Some(profile) = &self.profile {
            profiles = profiles.profile(profile.clone());
        }
        let source =
            |provider: Box<dyn CredentialsProvider>, metadata| Source { provider, metadata };

        let mut cvm = CvmRoleProvider::new().with_env(env.clone());
        let mut tke = TkeOidcProvider::from_env()
            .with_env(env.clone())
            .proxy(endpoints.proxy());
        let mut ecs = EcsRamRoleProvider::new().with_env(env.clone());
        let mut oidc = AlibabaOidcProvider::from_env()
            .with_env(env.clone())
            .proxy(endpoints.proxy());
        if let Some(url) = &endpoints.tencent_metadata {
            cvm = cvm.endpoint(url.clone());
        }
        if let Some(url) = &endpoints.tencent_sts {
            tke = tke.endpoint(url.clone());
        }
        if let Some(url) = &endpoints.alibaba_metadata {
            ecs = ecs.endpoint(url.clone());
        }
        if let Some(url) = &endpoints.alibaba_sts {
            oidc = oidc.endpoint(url.clone());
        }
        Sources {
            tencent: vec![
                source(Box::new(EnvironmentProvider::with_env(env.clone())), false),
                source(Box::new(profiles.clone()), false),
                source(Box::new(cvm), true),
                source(Box::new(tke), false),
            ],
            alibaba: vec![
                source(Box::new(EnvironmentProvider::with_env(env.clone())), false),
                source(Box::new(oidc), false),
                source(Box::new(profiles), false),
                source(Box::new(ecs), true),
                source(
                    Box::new(CredentialsUriProvider::from_env().with_env(env.clone())),
                    false,
                ),
            ],
        }
    }

    /// Walks the chain for `cloud`.
    pub async fn load(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        let sources = self.sources.get_or_init(|| self.build());
        let chain = match cloud {
            Provider::Alibaba => &sources.alibaba,
            Provider::Tencent => &sources.tencent,
        };
        let mut looked = Vec::new();
        for source in chain {
            match source.provider.provide_credentials(cloud).await {
                Err(e) if e.kind() == CredentialsErrorKind::NotFound => {
                    looked.push(e.message().to_owned())
                }
                Err(e)
                    if source.metadata
                        && matches!(
                            e.kind(),
                            CredentialsErrorKind::Network | CredentialsErrorKind::Timeout
                        ) =>
                {
                    looked.push(e.message().to_owned())
                }
                other => return other,
            }
        }
        let cloud_name = match cloud {
            Provider::Alibaba => "Alibaba Cloud",
            Provider::Tencent => "Tencent Cloud",
        };
        Err(CredentialsError::not_found(format!(
            "no {cloud_name} credentials found; looked in: {}",
            looked.join("; ")
        )))
    }
}

impl CredentialsProvider for DefaultChain {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load(cloud))
    }
}
