//! The HTTP transport: one `reqwest` client (rustls, HTTP/1.1) whose
//! connection pool all clones of a [`Client`](crate::Client) share.
//!
//! It sends one [`HttpRequest`] and reads the whole response body, bounded
//! by [`MAX_BODY`]. Failures are reported with whether the request may have
//! reached the server, which the retry policy needs; their messages never
//! contain the URL (Alibaba V2 carries the signature and session token in
//! the query string).

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::request::HttpRequest;

/// Bodies larger than this are refused; DTS responses are kilobytes.
pub(crate) const MAX_BODY: usize = 32 * 1024 * 1024;

/// Proxy settings.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Proxy {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` from the
    /// process environment (reqwest's behaviour).
    #[default]
    System,
    /// No proxy, whatever the environment says.
    None,
    /// All requests through this proxy URL (`http://host:port`, optionally
    /// with user information, which is never printed).
    Url(String),
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proxy::System => f.write_str("System"),
            Proxy::None => f.write_str("None"),
            Proxy::Url(url) => {
                // Hide user information (proxy passwords).
                let shown = match url.rsplit_once('@') {
                    Some((before, after)) => {
                        let scheme = before.split_once("://").map(|(s, _)| s).unwrap_or("");
                        format!("{scheme}://<redacted>@{after}")
                    }
                    None => url.clone(),
                };
                f.debug_tuple("Url").field(&shown).finish()
            }
        }
    }
}

/// A response with its body read.
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Why an exchange failed.
pub(crate) struct TransportFailure {
    /// The connection was never established: nothing was sent.
    pub connect: bool,
    /// A timeout inside the HTTP client (connect timeout).
    pub timeout: bool,
    /// The response ended before its announced length, or the body was
    /// cut; `status` is then known.
    pub body_status: Option<u16>,
    /// What arrived of the body before it was cut.
    pub partial_body: Vec<u8>,
    /// The body exceeded [`MAX_BODY`].
    pub too_large: bool,
    /// The error and its causes, without the URL.
    pub message: String,
    pub source: Option<Box<dyn StdError + Send + Sync>>,
}

#[derive(Clone)]
pub(crate) struct Transport {
    client: reqwest::Client,
}

impl Transport {
    pub(crate) fn new(connect_timeout: Duration, proxy: &Proxy) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .http1_only();
        builder = match proxy {
            Proxy::System => builder,
            Proxy::None => builder.no_proxy(),
            Proxy::Url(url) => builder.proxy(
                reqwest::Proxy::all(url.as_str())
                    .map_err(|_| "the proxy URL is not valid".to_owned())?,
            ),
        };
        let client = builder
            .build()
            .map_err(|e| format!("the HTTP client cannot be built: {}", chain(&e)))?;
        Ok(Self { client })
    }

    /// Sends `request` with `headers` (from [`header_map`]) and reads the
    /// response.
    pub(crate) async fn execute(
        &self,
        request: HttpRequest,
        headers: HeaderMap,
    ) -> Result<RawResponse, TransportFailure> {
        let response = self
            .client
            .request(request.method, request.url)
            .headers(headers)
            .body(request.body)
            .send()
            .await
            .map_err(|e| failure(e, None))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut response = response;
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_BODY {
                        return Err(TransportFailure {
                            connect: false,
                            timeout: false,
                            body_status: Some(status),
                            partial_body: body,
                            too_large: true,
                            message: format!("response body exceeds {MAX_BODY} bytes"),
                            source: None,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    let mut failure = failure(e, Some(status));
                    failure.partial_body = body;
                    return Err(failure);
                }
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// The request's headers as `reqwest` takes them; the error names the
/// header, never its value.
pub(crate) fn header_map(request: &HttpRequest) -> Result<HeaderMap, String> {
    let mut headers = HeaderMap::with_capacity(request.headers.len());
    for (name, value) in &request.headers {
        let unsendable = || format!("header {name} cannot be sent (invalid characters)");
        // `from_bytes` lowercases the name.
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| unsendable())?;
        let value = HeaderValue::from_str(value).map_err(|_| unsendable())?;
        headers.insert(name, value);
    }
    Ok(headers)
}

fn failure(error: reqwest::Error, body_status: Option<u16>) -> TransportFailure {
    let error = error.without_url();
    TransportFailure {
        connect: error.is_connect(),
        timeout: error.is_timeout(),
        body_status,
        partial_body: Vec::new(),
        too_large: false,
        message: chain(&error),
        source: Some(Box::new(error)),
    }
}

/// An error and its causes joined with `: `, skipping repeats.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
