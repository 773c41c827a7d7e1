//! The vendors' credential profile files.
//!
//! | cloud | file (first that applies) | format | profile |
//! |---|---|---|---|
//! | Tencent | `$TENCENTCLOUD_CREDENTIALS_FILE`, `~/.tencentcloud/credentials` | INI, `secret_id`, `secret_key`, optional `token` | chosen name, else `default` |
//! | Alibaba | `$ALIBABA_CLOUD_CONFIG_FILE`, `~/.aliyun/config.json` (aliyun CLI; skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`) | JSON, `mode` `AK`, `StsToken`, `RamRoleArn` or `EcsRamRole` | chosen name, else `$ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default` |
//! | Alibaba | `$ALIBABA_CLOUD_CREDENTIALS_FILE`, `~/.alibabacloud/credentials.ini` | INI, `type` `access_key` (default), `sts`, `ram_role_arn` or `ecs_ram_role` | chosen name, else `$ALIBABA_CLOUD_PROFILE`, else `default` |
//!
//! Role profiles (`RamRoleArn` / `ram_role_arn`, `EcsRamRole` /
//! `ecs_ram_role`) hand over to [`RamRoleArnProvider`] and
//! [`EcsRamRoleProvider`]; the provider is kept (with its cache) as long as
//! the profile does not change.
//!
//! INI files: `[section]` headers, `key = value` lines, whole-line comments
//! starting with `#` or `;`. Values are taken verbatim after trimming (and
//! removing one pair of surrounding quotes): unlike the Python SDK, a `#`
//! inside a value does not start a comment, so such secrets are not
//! truncated. Files are read off the async workers and bounded in size
//! (see [`MAX_FILE_SIZE`](super::MAX_FILE_SIZE)); a FIFO or device is
//! refused.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::alibaba_ecs::EcsRamRoleProvider;
use super::alibaba_sts::RamRoleArnProvider;
use super::endpoints::CredentialEndpoints;
use super::env::Env;
use super::file::read_optional;
use super::Provider;
use super::{BoxFuture, Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};

/// Credentials from the vendor's profile files (see the module table).
#[derive(Clone, Default)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
    endpoints: CredentialEndpoints,
    /// The role provider of the last role profile, kept for its cache.
    delegate: Arc<tokio::sync::Mutex<Option<KeptRole>>>,
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider")
            .field("env", &self.env)
            .field("profile", &self.profile)
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

/// A role profile and the provider built for it.
type KeptRole = (RoleProfile, Arc<dyn CredentialsProvider>);

/// What a profile asks for.
enum Found {
    Static(Credentials),
    Role(RoleProfile),
}

/// A profile that names a role; compared to tell whether the kept role
/// provider still fits.
// Short-lived values, built once per file read: size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum RoleProfile {
    RamRoleArn {
        place: String,
        base: Credentials,
        role_arn: String,
        session_name: Option<String>,
        duration: Option<u32>,
        sts_region: Option<String>,
        policy: Option<String>,
        external_id: Option<String>,
    },
    EcsRamRole {
        place: String,
        role: Option<String>,
    },
}

impl RoleProfile {
    fn place(&self) -> &str {
        match self {
            RoleProfile::RamRoleArn { place, .. } | RoleProfile::EcsRamRole { place, .. } => place,
        }
    }

    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (
                RoleProfile::RamRoleArn {
                    place,
                    base,
                    role_arn,
                    session_name,
                    duration,
                    sts_region,
                    policy,
                    external_id,
                },
                RoleProfile::RamRoleArn {
                    place: place2,
                    base: base2,
                    role_arn: role_arn2,
                    session_name: session_name2,
                    duration: duration2,
                    sts_region: sts_region2,
                    policy: policy2,
                    external_id: external_id2,
                },
            ) => {
                place == place2
                    && base.id() == base2.id()
                    && base.secret() == base2.secret()
                    && base.session_token() == base2.session_token()
                    && role_arn == role_arn2
                    && session_name == session_name2
                    && duration == duration2
                    && sts_region == sts_region2
                    && policy == policy2
                    && external_id == external_id2
            }
            (
                RoleProfile::EcsRamRole { place, role },
                RoleProfile::EcsRamRole {
                    place: place2,
                    role: role2,
                },
            ) => place == place2 && role == role2,
            _ => false,
        }
    }
}

impl ProfileProvider {
    /// The default profile, reading the process environment and home.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses profile `name` instead of the default.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads variables and the home directory from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Endpoint overrides for the role providers that role profiles use.
    pub fn endpoints(mut self, endpoints: CredentialEndpoints) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// The credentials for `cloud`: Tencent's INI file; Alibaba's CLI
    /// `config.json`, then its INI file.
    pub async fn load(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        match self.find(cloud).await? {
            Found::Static(credentials) => Ok(credentials),
            Found::Role(role) => self.assume(role, cloud).await,
        }
    }

    async fn find(&self, cloud: Provider) -> Result<Found, CredentialsError> {
        match cloud {
            Provider::Alibaba => {
                let mut looked = Vec::new();
                match self.aliyun_cli_config().await {
                    Err(e) if e.kind() == CredentialsErrorKind::NotFound => {
                        looked.push(e.message().to_owned())
                    }
                    other => return other,
                }
                match self.alibaba_ini().await {
                    Err(e) if e.kind() == CredentialsErrorKind::NotFound => {
                        looked.push(e.message().to_owned())
                    }
                    other => return other,
                }
                Err(CredentialsError::not_found(looked.join("; ")))
            }
            Provider::Tencent => self.tencent_ini().await.map(Found::Static),
        }
    }

    /// The credentials of a role profile, from the kept role provider when
    /// the profile is unchanged.
    async fn assume(
        &self,
        role: RoleProfile,
        cloud: Provider,
    ) -> Result<Credentials, CredentialsError> {
        let provider = {
            let mut kept = self.delegate.lock().await;
            match kept.as_ref() {
                Some((profile, provider)) if profile.same(&role) => provider.clone(),
                _ => {
                    let provider = self.role_provider(&role);
                    *kept = Some((role.clone(), provider.clone()));
                    provider
                }
            }
        };
        provider.provide_credentials(cloud).await.map_err(|e| {
            CredentialsError::new(e.kind(), format!("{}: {}", role.place(), e.message()))
        })
    }

    fn role_provider(&self, role: &RoleProfile) -> Arc<dyn CredentialsProvider> {
        match role.clone() {
            RoleProfile::RamRoleArn {
                base,
                role_arn,
                session_name,
                duration,
                sts_region,
                policy,
                external_id,
                ..
            } => {
                let mut provider = RamRoleArnProvider::new(base, role_arn)
                    .with_env(self.env.clone())
                    .proxy(self.endpoints.proxy());
                if let Some(name) = session_name {
                    provider = provider.session_name(name);
                }
                if let Some(duration) = duration {
                    provider = provider.duration_seconds(duration);
                }
                if let Some(region) = sts_region {
                    provider = provider.sts_region(region);
                }
                if let Some(policy) = policy {
                    provider = provider.policy(policy);
                }
                if let Some(id) = external_id {
                    provider = provider.external_id(id);
                }
                if let Some(url) = &self.endpoints.alibaba_sts {
                    provider = provider.endpoint(url.clone());
                }
                Arc::new(provider)
            }
            RoleProfile::EcsRamRole { role, .. } => {
                let mut provider = EcsRamRoleProvider::new().with_env(self.env.clone());
                if let Some(role) = role {
                    provider = provider.role_name(role);
                }
                if let Some(url) = &self.endpoints.alibaba_metadata {
                    provider = provider.endpoint(url.clone());
                }
                Arc::new(provider)
            }
        }
    }

    fn home_path(&self, relative: &str) -> Result<PathBuf, CredentialsError> {
        self.env
            .home_dir()
            .map(|home| home.join(relative))
            .ok_or_else(|| {
                CredentialsError::not_found(format!(
                    "~/{relative}: no home directory (HOME and USERPROFILE are not set)"
                ))
            })
    }

    /// A path from variable `var` (with `~/` expanded), else `~/default`.
    fn file_path(&self, var: &str, default: &str) -> Result<PathBuf, CredentialsError> {
        match self.env.non_empty(var) {
            Some(path) => match path.strip_prefix("~/") {
                Some(rest) => self.home_path(rest),
                None => Ok(PathBuf::from(path)),
            },
            None => self.home_path(default),
        }
    }

    async fn tencent_ini(&self) -> Result<Credentials, CredentialsError> {
        let path = self.file_path("TENCENTCLOUD_CREDENTIALS_FILE", ".tencentcloud/credentials")?;
        let profile = self.profile.as_deref().unwrap_or("default");
        let Some(text) = read_optional(&path).await? else {
            return Err(CredentialsError::not_found(format!(
                "{}: no such file",
                path.display()
            )));
        };
        let sections = parse_ini(&text, &path)?;
        let Some(section) = sections.get(profile) else {
            return Err(CredentialsError::not_found(format!(
                "{}: no profile [{profile}]",
                path.display()
            )));
        };
        let place = format!("profile [{profile}] of {}", path.display());
        let credentials = pair(section, "secret_id", "secret_key", &place)?;
        Ok(match section.get("token").filter(|t| !t.is_empty()) {
            Some(token) => credentials.with_session_token(token.as_str()),
            None => credentials,
        })
    }

    fn alibaba_profile(&self) -> Option<String> {
        self.profile
            .clone()
            .or_else(|| self.env.non_empty("ALIBABA_CLOUD_PROFILE"))
    }

    async fn alibaba_ini(&self) -> Result<Found, CredentialsError> {
        let path = self.file_path(
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
            ".alibabacloud/credentials.ini",
        )?;
        let profile = self
            .alibaba_profile()
            .unwrap_or_else(|| "default".to_owned());
        let Some(text) = read_optional(&path).await? else {
            return Err(CredentialsError::not_found(format!(
                "{}: no such file",
                path.display()
            )));
        };
        let sections = parse_ini(&text, &path)?;
        let Some(section) = sections.get(&profile) else {
            return Err(CredentialsError::not_found(format!(
                "{}: no profile [{profile}]",
                path.display()
            )));
        };
        let place = format!("profile [{profile}] of {}", path.display());
        let kind = section
            .get("type")
            .map(String::as_str)
            .unwrap_or("access_key");
        let get = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        match kind {
            "access_key" => {
                pair(section, "access_key_id", "access_key_secret", &place).map(Found::Static)
            }
            "sts" => {
                let credentials = pair(section, "access_key_id", "access_key_secret", &place)?;
                let token = get("security_token").ok_or_else(|| {
                    CredentialsError::incomplete(format!("{place}: type sts needs security_token"))
                })?;
                Ok(Found::Static(credentials.with_session_token(token)))
            }
            "ram_role_arn" => {
                let base = pair(section, "access_key_id", "access_key_secret", &place)?;
                let role_arn = get("role_arn").ok_or_else(|| {
                    CredentialsError::incomplete(format!(
                        "{place}: type ram_role_arn needs role_arn"
                    ))
                })?;
                Ok(Found::Role(RoleProfile::RamRoleArn {
                    place,
                    base,
                    role_arn,
                    session_name: get("role_session_name"),
                    duration: None,
                    sts_region: None,
                    policy: get("policy"),
                    external_id: None,
                }))
            }
            "ecs_ram_role" => Ok(Found::Role(RoleProfile::EcsRamRole {
                place,
                role: get("role_name"),
            })),
            other => Err(unsupported(&place, "type", other)),
        }
    }

    async fn aliyun_cli_config(&self) -> Result<Found, CredentialsError> {
        let path = self.file_path("ALIBABA_CLOUD_CONFIG_FILE", ".aliyun/config.json")?;
        if self
            .env
            .var("ALIBABA_CLOUD_CLI_PROFILE_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(CredentialsError::not_found(format!(
                "{}: disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
                path.display()
            )));
        }
        let Some(text) = read_optional(&path).await? else {
            return Err(CredentialsError::not_found(format!(
                "{}: no such file",
                path.display()
            )));
        };
        let config: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!(
                    "{}: not valid JSON (line {}, column {})",
                    path.display(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let profile = self
            .alibaba_profile()
            .or_else(|| {
                config
                    .get("current")
                    .and_then(|c| c.as_str())
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "default".to_owned());
        let found = config
            .get("profiles")
            .and_then(|p| p.as_array())
            .and_then(|profiles| {
                profiles
                    .iter()
                    .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(profile.as_str()))
            });
        let Some(found) = found else {
            return Err(CredentialsError::not_found(format!(
                "{}: no profile \"{profile}\"",
                path.display()
            )));
        };
        // Strings as they are; numbers and booleans (`expired_seconds`,
        // `enable_vpc`) as their JSON text.
        let section: HashMap<String, String> = found
            .as_object()
            .map(|object| {
                object
                    .iter()
                    .filter_map(|(k, v)| {
                        let text = match v {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Number(n) => n.to_string(),
                            serde_json::Value::Bool(b) => b.to_string(),
                            _ => return None,
                        };
                        Some((k.clone(), text))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let place = format!("profile \"{profile}\" of {}", path.display());
        let get = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let mode = section.get("mode").map(String::as_str).unwrap_or("AK");
        match mode {
            "AK" | "" => {
                pair(&section, "access_key_id", "access_key_secret", &place).map(Found::Static)
            }
            "StsToken" => {
                let credentials = pair(&section, "access_key_id", "access_key_secret", &place)?;
                let token = get("sts_token").ok_or_else(|| {
                    CredentialsError::incomplete(format!("{place}: mode StsToken needs sts_token"))
                })?;
                Ok(Found::Static(credentials.with_session_token(token)))
            }
            "RamRoleArn" => {
                let base = pair(&section, "access_key_id", "access_key_secret", &place)?;
                let role_arn = get("ram_role_arn").ok_or_else(|| {
                    CredentialsError::incomplete(format!(
                        "{place}: mode RamRoleArn needs ram_role_arn"
                    ))
                })?;
                let duration = match get("expired_seconds") {
                    None => None,
                    Some(text) => Some(text.parse::<u32>().map_err(|_| {
                        CredentialsError::new(
                            CredentialsErrorKind::Invalid,
                            format!("{place}: expired_seconds is not a number of seconds"),
                        )
                    })?),
                };
                Ok(Found::Role(RoleProfile::RamRoleArn {
                    place,
                    base,
                    role_arn,
                    session_name: get("ram_session_name"),
                    duration,
                    sts_region: get("sts_region"),
                    policy: get("policy"),
                    external_id: get("external_id"),
                }))
            }
            "EcsRamRole" => Ok(Found::Role(RoleProfile::EcsRamRole {
                place,
                role: get("ram_role_name"),
            })),
            other => Err(unsupported(&place, "mode", other)),
        }
    }
}

impl CredentialsProvider for ProfileProvider {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load(cloud))
    }
}

fn unsupported(place: &str, field: &str, value: &str) -> CredentialsError {
    // The value is a credential type name, not a secret; bound it anyway.
    let value: String = value.chars().take(40).collect();
    CredentialsError::new(
        CredentialsErrorKind::Unsupported,
        format!("{place}: {field} {value:?} is not supported (supported: access keys, STS tokens, RAM role ARN, ECS RAM role)"),
    )
}

/// The id/secret pair under `id_key`/`secret_key`; a half-set pair is an
/// error naming the missing key and the place.
fn pair(
    section: &HashMap<String, String>,
    id_key: &str,
    secret_key: &str,
    place: &str,
) -> Result<Credentials, CredentialsError> {
    let id = section.get(id_key).filter(|v| !v.is_empty());
    let secret = section.get(secret_key).filter(|v| !v.is_empty());
    match (id, secret) {
        (Some(id), Some(secret)) => {
            Ok(Credentials::new(id.as_str(), secret.as_str()).with_source(place.to_owned()))
        }
        (Some(_), None) => Err(CredentialsError::incomplete(format!(
            "{place}: {id_key} is set but {secret_key} is missing or empty"
        ))),
        (None, Some(_)) => Err(CredentialsError::incomplete(format!(
            "{place}: {secret_key} is set but {id_key} is missing or empty"
        ))),
        (None, None) => Err(CredentialsError::incomplete(format!(
            "{place}: {id_key} and {secret_key} are missing or empty"
        ))),
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// Parses an INI file into sections of lowercase keys. Errors name the line
/// number, never its content (it may hold a secret).
pub(crate) fn parse_ini(text: &str, path: &Path) -> Result<Sections, CredentialsError> {
    let mut sections: Sections = HashMap::new();
    let mut current: Option<String> = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let invalid = |why: &str| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{}: line {} {why}", path.display(), index + 1),
            )
        };
        let Some((key, value)) = line.split_once('=') else {
            return Err(invalid(
                "is neither a [section], a key = value pair nor a comment",
            ));
        };
        let Some(section) = current.as_ref() else {
            return Err(invalid("comes before any [section]"));
        };
        let value = value.trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|q| {
                value
                    .strip_prefix(*q)
                    .and_then(|v| v.strip_suffix(*q))
                    .filter(|_| value.len() >= 2)
            })
            .unwrap_or(value);
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.to_owned());
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_sections_comments_quotes_and_hashes() {
        let text = "\u{feff}# top\n[default]\nsecret_id = AKID\nSecret_Key = \"a#b c\"\n; x\n\n[other]\nsecret_id=2\n";
        let sections = parse_ini(text, Path::new("f")).unwrap();
        assert_eq!(sections["default"]["secret_id"], "AKID");
        assert_eq!(sections["default"]["secret_key"], "a#b c");
        assert_eq!(sections["other"]["secret_id"], "2");
    }

    #[test]
    fn ini_errors_name_the_line_not_the_content() {
        let error = parse_ini("[a]\nhunter2-secret\n", Path::new("f")).unwrap_err();
        assert_eq!(
            error.message(),
            "f: line 2 is neither a [section], a key = value pair nor a comment"
        );
        let error = parse_ini("k = hunter2\n", Path::new("f")).unwrap_err();
        assert!(!error.message().contains("hunter2"));
    }
}
