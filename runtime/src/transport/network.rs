//! The default transport: one `reqwest` client (rustls, HTTP/1.1) whose
//! connection pool all clones of a [`Client`](crate::Client) share.
//!
//! It reads the whole response body, bounded by [`MAX_BODY`]. Failures say
//! whether the request may have reached the server, which the retry policy
//! needs; their messages never contain the URL (Alibaba V2 carries the
//! signature and session token in the query string). Redirects are not
//! followed.

use std::error::Error as StdError;
use std::time::Duration;

use super::tls::TlsSettings;
use super::{HttpRequest, HttpResponse, Proxy, Transport, TransportError};
use crate::clock::BoxFuture;

/// Bodies larger than this are refused; DTS responses are kilobytes.
pub(crate) const MAX_BODY: usize = 32 * 1024 * 1024;

/// Everything the connection pool is built from: clients whose settings
/// are equal can share one pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NetworkSettings {
    pub connect_timeout: Duration,
    pub proxy: Proxy,
    pub tls: TlsSettings,
}

#[derive(Clone)]
pub(crate) struct NetworkTransport {
    client: reqwest::Client,
}

impl NetworkTransport {
    pub(crate) fn new(settings: &NetworkSettings) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(settings.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .http1_only()
            // A followed redirect would resend the session-token headers and
            // the body (passwords) to whatever host it names, and reqwest's
            // `Referer` would carry the V2 signature in the old query. The
            // APIs never redirect: a 3xx is an `UnexpectedStatus`.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false);
        builder = settings.tls.apply(builder)?;
        builder = match &settings.proxy {
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

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (method, url, headers, body) = request.into_parts();
        let mut response = self
            .client
            .request(method, url)
            .headers(headers)
            .body(body)
            .send()
            .await
            .map_err(|e| failure(e, None))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_BODY {
                        let mut failure = TransportError::after_sending(format!(
                            "response body exceeds {MAX_BODY} bytes"
                        ));
                        failure.body_status = Some(status);
                        failure.partial_body = body;
                        failure.too_large = true;
                        return Err(failure);
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
        Ok(HttpResponse::from_network(status, response.headers(), body))
    }
}

impl Transport for NetworkTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.exchange(request))
    }
}

fn failure(error: reqwest::Error, body_status: Option<u16>) -> TransportError {
    let error = error.without_url();
    let mut failure = if error.is_connect() {
        TransportError::not_sent(chain(&error))
    } else {
        TransportError::after_sending(chain(&error))
    };
    failure.timeout = error.is_timeout();
    failure.body_status = body_status;
    failure.with_source(error)
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
