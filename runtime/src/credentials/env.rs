//! The process environment, made injectable, and the vendors' credential
//! variables.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Credentials, CredentialsError, Provider};

/// Where environment variables and the home directory are read from.
///
/// [`Env::process`] reads the real environment; [`Env::from_vars`] a fixed
/// map, so tests never mutate the process environment. `Debug` shows no
/// values (they may be secrets).
#[derive(Clone, Default)]
pub struct Env {
    fixed: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Self { fixed: None }
    }

    /// A fixed set of variables; the home directory is its `HOME` (or
    /// `USERPROFILE`) entry.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let map = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self {
            fixed: Some(Arc::new(map)),
        }
    }

    /// The value of `name`, if set and valid UTF-8 (possibly empty).
    pub fn var(&self, name: &str) -> Option<String> {
        match &self.fixed {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
    }

    /// The value of `name` when set and not empty.
    pub(crate) fn non_empty(&self, name: &str) -> Option<String> {
        self.var(name).filter(|v| !v.is_empty())
    }

    /// The user's home directory: `HOME`, else `USERPROFILE`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.non_empty("HOME")
            .or_else(|| self.non_empty("USERPROFILE"))
            .map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            None => f.write_str("Env::Process"),
            Some(map) => write!(f, "Env::Fixed({} variables)", map.len()),
        }
    }
}

/// Names of one vendor's credential variables.
pub(crate) struct EnvNames {
    pub id: &'static str,
    pub secret: &'static str,
    pub token: &'static str,
    pub cloud: &'static str,
}

pub(crate) fn env_names(cloud: Provider) -> EnvNames {
    match cloud {
        Provider::Alibaba => EnvNames {
            id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
            secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            token: "ALIBABA_CLOUD_SECURITY_TOKEN",
            cloud: "Alibaba Cloud",
        },
        // Provider is non_exhaustive only towards other crates.
        Provider::Tencent => EnvNames {
            id: "TENCENTCLOUD_SECRET_ID",
            secret: "TENCENTCLOUD_SECRET_KEY",
            token: "TENCENTCLOUD_TOKEN",
            cloud: "Tencent Cloud",
        },
    }
}

/// Credentials from the vendor's environment variables.
///
/// | cloud | key id | secret | session token (optional) |
/// |---|---|---|---|
/// | Tencent | `TENCENTCLOUD_SECRET_ID` | `TENCENTCLOUD_SECRET_KEY` | `TENCENTCLOUD_TOKEN` |
/// | Alibaba | `ALIBABA_CLOUD_ACCESS_KEY_ID` | `ALIBABA_CLOUD_ACCESS_KEY_SECRET` | `ALIBABA_CLOUD_SECURITY_TOKEN` |
///
/// Empty variables count as unset. Neither id nor secret set is
/// [`NotFound`](super::CredentialsErrorKind::NotFound); only one of them (or
/// a token alone) is [`Incomplete`](super::CredentialsErrorKind::Incomplete).
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `env` instead.
    pub fn with_env(env: Env) -> Self {
        Self { env }
    }

    /// The credentials for `cloud`, synchronously.
    pub fn load(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        let names = env_names(cloud);
        let id = self.env.non_empty(names.id);
        let secret = self.env.non_empty(names.secret);
        let token = self.env.non_empty(names.token);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let mut credentials = Credentials::new(id, secret)
                    .with_source(format!("environment ({} and {})", names.id, names.secret));
                if let Some(token) = token {
                    credentials = credentials.with_session_token(token);
                }
                Ok(credentials)
            }
            (Some(_), None) => Err(CredentialsError::incomplete(format!(
                "{}: {} is set but {} is missing or empty in the environment",
                names.cloud, names.id, names.secret
            ))),
            (None, Some(_)) => Err(CredentialsError::incomplete(format!(
                "{}: {} is set but {} is missing or empty in the environment",
                names.cloud, names.secret, names.id
            ))),
            (None, None) if token.is_some() => Err(CredentialsError::incomplete(format!(
                "{}: {} is set but {} and {} are missing or empty in the environment",
                names.cloud, names.token, names.id, names.secret
            ))),
            (None, None) => Err(CredentialsError::not_found(format!(
                "environment: {} and {} are not set",
                names.id, names.secret
            ))),
        }
    }
}
