//! The vendors' credential profile files.
//!
//! | cloud | file (first that applies) | format | profile |
//! |---|---|---|---|
//! | Tencent | `$TENCENTCLOUD_CREDENTIALS_FILE`, `~/.tencentcloud/credentials` | INI, `secret_id`, `secret_key`, optional `token` | chosen name, else `default` |
//! | Alibaba | `~/.aliyun/config.json` (aliyun CLI; skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`) | JSON, `mode` `AK` or `StsToken` | chosen name, else `$ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default` |
//! | Alibaba | `$ALIBABA_CLOUD_CREDENTIALS_FILE`, `~/.alibabacloud/credentials.ini` | INI, `type = access_key` (or `sts` with `security_token`), `access_key_id`, `access_key_secret` | chosen name, else `$ALIBABA_CLOUD_PROFILE`, else `default` |
//!
//! INI files: `[section]` headers, `key = value` lines, whole-line comments
//! starting with `#` or `;`. Values are taken verbatim after trimming (and
//! removing one pair of surrounding quotes): unlike the Python SDK, a `#`
//! inside a value does not start a comment, so such secrets are not
//! truncated. Files are read synchronously; they are small and read once per
//! client thanks to the credentials cache.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::env::Env;
use super::{Credentials, CredentialsError, CredentialsErrorKind, Provider};

/// Credentials from the vendor's profile files (see the module table).
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
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

    /// The credentials for `cloud`, synchronously: Tencent's INI file;
    /// Alibaba's CLI `config.json`, then its INI file.
    pub fn load(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        match cloud {
            Provider::Alibaba => {
                let mut looked = Vec::new();
                for loader in [Self::aliyun_cli_config, Self::alibaba_ini] {
                    match loader(self) {
                        Err(e) if e.kind() == CredentialsErrorKind::NotFound => {
                            looked.push(e.message().to_owned())
                        }
                        other => return other,
                    }
                }
                Err(CredentialsError::not_found(looked.join("; ")))
            }
            Provider::Tencent => self.tencent_ini(),
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

    pub(crate) fn tencent_ini(&self) -> Result<Credentials, CredentialsError> {
        let path = self.file_path("TENCENTCLOUD_CREDENTIALS_FILE", ".tencentcloud/credentials")?;
        let profile = self.profile.as_deref().unwrap_or("default");
        let Some(text) = read_optional(&path)? else {
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

    pub(crate) fn alibaba_ini(&self) -> Result<Credentials, CredentialsError> {
        let path = self.file_path(
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
            ".alibabacloud/credentials.ini",
        )?;
        let profile = self
            .alibaba_profile()
            .unwrap_or_else(|| "default".to_owned());
        let Some(text) = read_optional(&path)? else {
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
        match kind {
            "access_key" => pair(section, "access_key_id", "access_key_secret", &place),
            "sts" => {
                let credentials = pair(section, "access_key_id", "access_key_secret", &place)?;
                let token = section
                    .get("security_token")
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| {
                        CredentialsError::incomplete(format!(
                            "{place}: type sts needs security_token"
                        ))
                    })?;
                Ok(credentials.with_session_token(token.as_str()))
            }
            other => Err(unsupported(&place, "type", other)),
        }
    }

    pub(crate) fn aliyun_cli_config(&self) -> Result<Credentials, CredentialsError> {
        let path = self.home_path(".aliyun/config.json")?;
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
        let Some(text) = read_optional(&path)? else {
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
        let section: HashMap<String, String> = found
            .as_object()
            .map(|object| {
                object
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        let place = format!("profile \"{profile}\" of {}", path.display());
        let mode = section.get("mode").map(String::as_str).unwrap_or("AK");
        match mode {
            "AK" | "" => pair(&section, "access_key_id", "access_key_secret", &place),
            "StsToken" => {
                let credentials = pair(&section, "access_key_id", "access_key_secret", &place)?;
                let token = section
                    .get("sts_token")
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| {
                        CredentialsError::incomplete(format!(
                            "{place}: mode StsToken needs sts_token"
                        ))
                    })?;
                Ok(credentials.with_session_token(token.as_str()))
            }
            other => Err(unsupported(&place, "mode", other)),
        }
    }
}

fn unsupported(place: &str, field: &str, value: &str) -> CredentialsError {
    // The value is a credential type name, not a secret; bound it anyway.
    let value: String = value.chars().take(40).collect();
    CredentialsError::new(
        CredentialsErrorKind::Unsupported,
        format!("{place}: {field} {value:?} is not supported (use access keys, optionally with a session token)"),
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

/// The file's text, `None` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CredentialsError::new(
            CredentialsErrorKind::Io,
            format!("{}: cannot be read ({})", path.display(), e.kind()),
        )),
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
