//! The default credentials chain.

use super::env::{Env, EnvironmentProvider};
use super::profile::ProfileProvider;
use super::{Credentials, CredentialsError, CredentialsErrorKind, Provider};

/// The sources a client tries when no credentials were configured, in order:
///
/// * Tencent: 1. environment (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
///   optional `TENCENTCLOUD_TOKEN`); 2. INI profile
///   `$TENCENTCLOUD_CREDENTIALS_FILE` or `~/.tencentcloud/credentials`.
/// * Alibaba: 1. environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
///   `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional `ALIBABA_CLOUD_SECURITY_TOKEN`);
///   2. aliyun CLI `~/.aliyun/config.json`; 3. INI profile
///   `$ALIBABA_CLOUD_CREDENTIALS_FILE` or `~/.alibabacloud/credentials.ini`.
///
/// A source that is absent is skipped. A source that is present but broken
/// (an id without its secret, a malformed file, an unsupported credential
/// type) stops the chain with that error rather than silently falling
/// through to another identity. When nothing is found, the error lists every
/// place that was looked at.
#[derive(Debug, Clone, Default)]
pub struct DefaultChain {
    env: Env,
    profile: Option<String>,
}

impl DefaultChain {
    /// The chain over the process environment and home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables and the home directory from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses profile `name` in the profile files.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Walks the chain synchronously.
    pub fn load(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        let environment = EnvironmentProvider::with_env(self.env.clone());
        let mut profiles = ProfileProvider::new().with_env(self.env.clone());
        if let Some(profile) = &self.profile {
            profiles = profiles.profile(profile.clone());
        }
        let mut looked = Vec::new();
        let attempts: [&dyn Fn() -> Result<Credentials, CredentialsError>; 2] =
            [&|| environment.load(cloud), &|| profiles.load(cloud)];
        for attempt in attempts {
            match attempt() {
                Err(e) if e.kind() == CredentialsErrorKind::NotFound => {
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
