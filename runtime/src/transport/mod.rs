//! Sending signed requests: the [`Transport`] trait, the network transport
//! every client uses by default, and proxy settings.
//!
//! A client hands each attempt's signed [`HttpRequest`] to its transport
//! and decodes the [`HttpResponse`]. The default sends it over one shared
//! `reqwest` connection pool (rustls, HTTP/1.1). A custom transport set with
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport) replaces the
//! network, typically in tests: [`MockTransport`](crate::mock::MockTransport)
//! records requests and replays canned responses. Signing, retries,
//! timeouts and decoding stay the same whichever transport is used.

use std::error::Error as StdError;
use std::fmt;

use crate::clock::BoxFuture;

mod message;
pub(crate) mod network;
mod proxy;
pub(crate) mod tls;

pub use message::{HttpRequest, HttpResponse};
pub use proxy::Proxy;
pub use tls::TlsVersion;

/// Sends one request and reads the whole response.
///
/// The client applies its attempt and operation timeouts around
/// [`send`](Transport::send) and retries by the [`TransportError`] kind, so
/// an implementation only moves bytes.
pub trait Transport: Send + Sync {
    /// Sends `request`; any HTTP status is an `Ok` response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// Why an exchange failed, and whether the request may have reached the
/// server, which decides if a write may be retried.
pub struct TransportError {
    /// The connection was never established: nothing was sent.
    pub(crate) connect: bool,
    /// A timeout inside the HTTP client (connect timeout).
    pub(crate) timeout: bool,
    /// The response ended before its announced length, or the body was
    /// cut; its status is then known.
    pub(crate) body_status: Option<u16>,
    /// What arrived of the body before it was cut.
    pub(crate) partial_body: Vec<u8>,
    /// The body exceeded the size limit.
    pub(crate) too_large: bool,
    /// The error and its causes, without the URL.
    pub(crate) message: String,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    fn new(connect: bool, message: impl Into<String>) -> Self {
        Self {
            connect,
            timeout: false,
            body_status: None,
            partial_body: Vec::new(),
            too_large: false,
            message: message.into(),
            source: None,
        }
    }

    /// Nothing reached the server (connection refused, DNS, TLS): the client
    /// retries it like any failure that applied nothing.
    pub fn not_sent(message: impl Into<String>) -> Self {
        Self::new(true, message)
    }

    /// The request may have reached the server but no response came back
    /// (reset, closed connection): retried only when the call is safe to
    /// repeat.
    pub fn after_sending(message: impl Into<String>) -> Self {
        Self::new(false, message)
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Whether the request certainly did not reach the server.
    pub fn is_not_sent(&self) -> bool {
        self.connect
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("not_sent", &self.connect)
            .field("timeout", &self.timeout)
            .field("body_status", &self.body_status)
            .field("too_large", &self.too_large)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
