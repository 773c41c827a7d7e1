//! Alibaba Cloud credentials URI: `GET $ALIBABA_CLOUD_CREDENTIALS_URI`
//! answering `{"AccessKeyId", "AccessKeySecret", "SecurityToken",
//! "Expiration"}` (and optionally `"Code": "Success"`), as a sidecar or a
//! local credentials agent serves them.

use reqwest::{Method, Url};

use super::alibaba_sts::session_credentials;
use super::cache::RefreshCache;
use super::env::Env;
use super::http::{self, Endpoint, HttpCall, HttpClient, HttpTimeouts};
use super::{only_for, BoxFuture, Provider};
use super::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider};
use crate::clock::SystemClock;

/// The variable [`CredentialsUriProvider::from_env`] reads.
pub const CREDENTIALS_URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
const SOURCE: &str = "Alibaba credentials URI";

/// Temporary credentials from a URI (`http` or `https`, with any path).
///
/// The URI is [`uri`](Self::uri), else `ALIBABA_CLOUD_CREDENTIALS_URI`, read
/// at every refresh. Errors show only its origin, never its path or query,
/// which may carry an access token. Credentials are cached and refreshed 5
/// minutes before they expire; concurrent callers share one refresh.
pub struct CredentialsUriProvider {
    env: Env,
    uri: Option<String>,
    http: HttpClient,
    cache: RefreshCache,
}

// Not derived: the URI's path or query may carry an access token.
impl std::fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let uri = self.uri.as_ref().map(|_| crate::redact::REDACTED);
        f.debug_struct("CredentialsUriProvider")
            .field("env", &self.env)
            .field("uri", &uri)
            .finish_non_exhaustive()
    }
}

impl CredentialsUriProvider {
    /// Reads the URI from `ALIBABA_CLOUD_CREDENTIALS_URI`.
    pub fn from_env() -> Self {
        Self {
            env: Env::process(),
            uri: None,
            // A local agent: no proxy, the metadata time limits.
            http: HttpClient::metadata(),
            cache: RefreshCache::default(),
        }
    }

    /// Reads the variable from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses `uri` instead of the variable.
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }

    /// Time limits of each request (default 1 s to connect, 5 s in all).
    pub fn timeouts(mut self, timeouts: HttpTimeouts) -> Self {
        self.http = HttpClient::new(timeouts, crate::transport::Proxy::None);
        self
    }

    /// The credentials, from the cache or the URI.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.cache.get(&SystemClock, || self.fetch()).await
    }

    fn endpoint(&self) -> Result<(Endpoint, Url), CredentialsError> {
        let text = match self
            .uri
            .clone()
            .or_else(|| self.env.non_empty(CREDENTIALS_URI_VAR))
        {
            Some(text) => text,
            None => {
                return Err(CredentialsError::not_found(format!(
                    "{SOURCE}: {CREDENTIALS_URI_VAR} is not set"
                )))
            }
        };
        let invalid = |why: &str| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{SOURCE}: the URI {why}"),
            )
        };
        let url = Url::parse(text.trim()).map_err(|_| invalid("is not a valid URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("must use http or https"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("must not contain user information"));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| invalid("has no host"))?;
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let mut base = url.clone();
        base.set_path("/");
        base.set_query(None);
        base.set_fragment(None);
        Ok((Endpoint { url: base, host }, url))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let (endpoint, url) = self.endpoint()?;
        let mut call = HttpCall::new(Method::GET, &endpoint, "/");
        call.url = url;
        let reply = self.http.send(SOURCE, call).await?;
        if reply.status != 200 {
            return Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{SOURCE}: {} answered HTTP {}",
                    endpoint.origin(),
                    reply.status
                ),
            ));
        }
        let body = http::json_body(SOURCE, &reply)?;
        match http::str_member(&body, "Code") {
            None | Some("Success") => session_credentials(SOURCE, &body),
            Some(code) => Err(CredentialsError::new(
                CredentialsErrorKind::Service,
                format!(
                    "{SOURCE}: {} answered Code {:?}",
                    endpoint.origin(),
                    http::service_message(code, &[])
                ),
            )),
        }
    }
}

impl CredentialsProvider for CredentialsUriProvider {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_uri_and_its_token() {
        let provider =
            CredentialsUriProvider::from_env().uri("http://127.0.0.1:9/creds?token=s3cret-token");
        let shown = format!("{provider:?}");
        assert!(!shown.contains("s3cret-token"), "{shown}");
        assert!(!shown.contains("127.0.0.1"), "{shown}");
    }
}
