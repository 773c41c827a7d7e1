//! The HTTP side of the refreshing providers: metadata services, STS and
//! credentials URIs.
//!
//! Every request has a connect timeout and a total timeout (the whole
//! exchange, body included); bodies are bounded; redirects are not followed
//! (they would resend tokens elsewhere). Errors name the source and the
//! endpoint's origin (`scheme://host:port`), never its path or query, which
//! may carry a signature or a session token.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::{Method, Url};
use zeroize::Zeroizing;

use super::env::Env;
use super::{CredentialsError, CredentialsErrorKind};
use crate::transport::Proxy;

/// Answers larger than this are refused; real ones are about a kilobyte.
const MAX_BODY: usize = 64 * 1024;

/// Connect and total time limits of one request to a credentials endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpTimeouts {
    /// Establishing the TCP (and TLS) connection.
    pub connect: Duration,
    /// The whole request: connecting, sending, and reading the answer.
    pub total: Duration,
}

impl HttpTimeouts {
    /// Metadata services answer from the local host's hypervisor: 1 s to
    /// connect (as the vendors' SDKs), 5 s in all.
    pub const METADATA: HttpTimeouts = HttpTimeouts {
        connect: Duration::from_secs(1),
        total: Duration::from_secs(5),
    };
    /// STS and credentials URIs: 5 s to connect, 10 s in all (as the
    /// Alibaba SDK).
    pub const REMOTE: HttpTimeouts = HttpTimeouts {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(10),
    };
}

/// A parsed endpoint: the base URL and the `Host` value requests carry.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub url: Url,
    pub host: String,
}

impl Endpoint {
    /// The endpoint from the builder, else from variable `var`, else
    /// `default`. A bare host means HTTPS.
    pub(crate) fn resolve(
        source: &str,
        configured: Option<&str>,
        env: &Env,
        var: &str,
        default: &str,
    ) -> Result<Self, CredentialsError> {
        let (text, origin) = match (configured, env.non_empty(var)) {
            (Some(text), _) => (text.to_owned(), "the configured endpoint".to_owned()),
            (None, Some(text)) => (text, var.to_owned()),
            (None, None) => (default.to_owned(), "the default endpoint".to_owned()),
        };
        let parsed = crate::endpoint::parse_override(&text).map_err(|e| {
            CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{source}: {origin}: {e}"),
            )
        })?;
        Ok(Self {
            url: parsed.url,
            host: parsed.host,
        })
    }

    /// `scheme://host[:port]`, for messages.
    pub(crate) fn origin(&self) -> String {
        format!("{}://{}", self.url.scheme(), self.host)
    }

    /// The URL of `path` (which starts with `/`) on this endpoint.
    pub(crate) fn join(&self, path: &str) -> Url {
        let mut url = self.url.clone();
        url.set_path(path);
        url
    }
}

/// One request to a credentials endpoint.
pub(crate) struct HttpCall<'a> {
    pub method: Method,
    pub endpoint: &'a Endpoint,
    pub url: Url,
    pub headers: Vec<(&'static str, String)>,
    /// Content type and bytes.
    pub body: Option<(&'static str, Vec<u8>)>,
}

impl<'a> HttpCall<'a> {
    pub(crate) fn new(method: Method, endpoint: &'a Endpoint, path: &str) -> Self {
        Self {
            method,
            endpoint,
            url: endpoint.join(path),
            headers: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn body(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.body = Some((content_type, body));
        self
    }
}

/// A complete answer. The body may hold secrets: it is zeroized on drop.
pub(crate) struct HttpReply {
    pub status: u16,
    pub body: Zeroizing<Vec<u8>>,
}

impl HttpReply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A lazily built `reqwest` client with the source's timeouts.
pub(crate) struct HttpClient {
    timeouts: HttpTimeouts,
    proxy: Proxy,
    client: OnceLock<Result<reqwest::Client, String>>,
}

impl Clone for HttpClient {
    fn clone(&self) -> Self {
        Self::new(self.timeouts, self.proxy.clone())
    }
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("timeouts", &self.timeouts)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub(crate) fn new(timeouts: HttpTimeouts, proxy: Proxy) -> Self {
        Self {
            timeouts,
            proxy,
            client: OnceLock::new(),
        }
    }

    /// For metadata services: never through a proxy.
    pub(crate) fn metadata() -> Self {
        Self::new(HttpTimeouts::METADATA, Proxy::None)
    }

    /// For STS and credentials URIs: the system proxy settings.
    pub(crate) fn remote() -> Self {
        Self::new(HttpTimeouts::REMOTE, Proxy::System)
    }

    pub(crate) fn timeouts(&self) -> HttpTimeouts {
        self.timeouts
    }

    fn client(&self, source: &str) -> Result<&reqwest::Client, CredentialsError> {
        let built = self.client.get_or_init(|| {
            let builder = reqwest::Client::builder()
                .use_rustls_tls()
                .connect_timeout(self.timeouts.connect)
                .http1_only()
                .redirect(reqwest::redirect::Policy::none())
                .referer(false);
            let builder = match &self.proxy {
                Proxy::System => builder,
                Proxy::None => builder.no_proxy(),
                Proxy::Url(url) => match reqwest::Proxy::all(url.as_str()) {
                    Ok(proxy) => builder.proxy(proxy),
                    Err(_) => return Err("the proxy URL is not valid".to_owned()),
                },
            };
            builder
                .build()
                .map_err(|_| "the HTTP client cannot be built".to_owned())
        });
        built.as_ref().map_err(|why| {
            CredentialsError::new(CredentialsErrorKind::Network, format!("{source}: {why}"))
        })
    }

    /// Sends `call` and reads the whole answer, within the total timeout.
    pub(crate) async fn send(
        &self,
        source: &str,
        call: HttpCall<'_>,
    ) -> Result<HttpReply, CredentialsError> {
        let client = self.client(source)?;
        let origin = call.endpoint.origin();
        let mut request = client
            .request(call.method, call.url)
            .timeout(self.timeouts.total);
        for (name, value) in call.headers {
            request = request.header(name, value);
        }
        if let Some((content_type, body)) = call.body {
            request = request.header("Content-Type", content_type).body(body);
        }
        let total = self.timeouts.total;
        let exchange = async {
            let mut response = request.send().await?;
            let status = response.status().as_u16();
            let mut body = Zeroizing::new(Vec::new());
            while let Some(chunk) = response.chunk().await? {
                if body.len() + chunk.len() > MAX_BODY {
                    return Ok(Err(status));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Ok(HttpReply { status, body }))
        };
        // reqwest's own timeout covers the body too; this one also bounds
        // name resolution, which reqwest's connect timeout does not.
        let outcome: Result<Result<Result<HttpReply, u16>, reqwest::Error>, _> =
            tokio::time::timeout(total, exchange).await;
        match outcome {
            Err(_) => Err(timed_out(source, &origin, total)),
            Ok(Err(e)) if e.is_timeout() => Err(timed_out(source, &origin, total)),
            Ok(Err(e)) => {
                let why = if e.is_connect() {
                    "cannot connect"
                } else if e.is_body() || e.is_decode() {
                    "the answer broke off"
                } else {
                    "the request failed"
                };
                Err(CredentialsError::new(
                    CredentialsErrorKind::Network,
                    format!("{source}: {origin}: {why}"),
                ))
            }
            Ok(Ok(Err(status))) => Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!(
                    "{source}: {origin} answered HTTP {status} with more than {MAX_BODY} bytes"
                ),
            )),
            Ok(Ok(Ok(reply))) => Ok(reply),
        }
    }
}

fn timed_out(source: &str, origin: &str, total: Duration) -> CredentialsError {
    CredentialsError::new(
        CredentialsErrorKind::Timeout,
        format!(
            "{source}: {origin} did not answer within {} ms",
            total.as_millis()
        ),
    )
}

/// The answer as JSON; an error naming the source and the status otherwise
/// (the body itself is not quoted: it may hold credentials).
pub(crate) fn json_body(
    source: &str,
    reply: &HttpReply,
) -> Result<serde_json::Value, CredentialsError> {
    serde_json::from_slice(&reply.body).map_err(|e| {
        CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!(
                "{source}: the HTTP {} answer is not valid JSON (line {}, column {})",
                reply.status,
                e.line(),
                e.column()
            ),
        )
    })
}

/// A string member of a JSON object.
pub(crate) fn str_member<'v>(value: &'v serde_json::Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(|v| v.as_str())
        .filter(|v| !v.is_empty())
}

/// A required string member; its absence is an error naming it.
pub(crate) fn required<'v>(
    source: &str,
    value: &'v serde_json::Value,
    key: &str,
) -> Result<&'v str, CredentialsError> {
    str_member(value, key).ok_or_else(|| {
        CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{source}: the answer has no {key}"),
        )
    })
}

/// A message from a service, fit for an error: one line, at most 200
/// characters, and withheld entirely when it echoes any of `secrets`.
pub(crate) fn service_message(message: &str, secrets: &[&str]) -> String {
    if secrets
        .iter()
        .any(|secret| secret.len() >= 4 && message.contains(secret))
    {
        return "(message withheld: it repeats a secret of the request)".to_owned();
    }
    let mut line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .take(200)
        .collect();
    if message.chars().count() > 200 {
        line.push('…');
    }
    line
}

/// `YYYY-MM-DDTHH:MM:SSZ` (fractional seconds allowed) as an instant.
pub(crate) fn parse_utc(text: &str) -> Option<SystemTime> {
    let text = text.strip_suffix('Z')?;
    let (date, clock) = text.split_once('T')?;
    let clock = clock.split('.').next()?;
    let mut date_parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let mut clock_parts = clock.splitn(3, ':').map(|p| p.parse::<u8>().ok());
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let (hour, minute, second) = (
        clock_parts.next()??,
        clock_parts.next()??,
        clock_parts.next()??,
    );
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    let clock = time::Time::from_hms(hour, minute, second).ok()?;
    let seconds = time::PrimitiveDateTime::new(date, clock)
        .assume_utc()
        .unix_timestamp();
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

/// Unix seconds as an instant.
pub(crate) fn from_unix(seconds: i64) -> Option<SystemTime> {
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps() {
        let t = parse_utc("2015-04-09T11:52:19Z").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 1428580339);
        let t = parse_utc("2015-04-09T11:52:19.123Z").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 1428580339);
        for bad in [
            "2015-04-09T11:52:19",
            "2015-13-09T11:52:19Z",
            "x",
            "2015-04-09T25:00:00Z",
        ] {
            assert!(parse_utc(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn service_messages_are_one_bounded_line_without_secrets() {
        assert_eq!(service_message("a\nb\u{2028}c", &[]), "a bc");
        assert!(service_message("token abcdef echoed", &["abcdef"]).contains("withheld"));
        let long = "x".repeat(500);
        assert_eq!(service_message(&long, &[]).chars().count(), 201);
    }
}
