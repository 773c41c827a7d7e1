//! Errors of a call.
//!
//! [`Error`] says why a call failed; `E` is the action's documented
//! error-code enum (generated, with an `Other` variant for unknown codes).
//! `Display` tells the whole story on one line: the action, the code, the
//! message, the request id and the HTTP status where there are any. No
//! variant ever holds a secret: credentials errors name variables and files,
//! transport errors are stripped of the request URL (Alibaba V2 carries its
//! signature and session token there), and request values are never quoted.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::credentials::CredentialsError;
use crate::operation::{ErrorCode, InvalidRequest};
use crate::retry::{classify_service, classify_status, RetryClass};

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was rejected before anything was sent.
    InvalidRequest(InvalidRequest),
    /// The service answered with an error (Tencent `Response.Error`, an
    /// Alibaba error body, or an Alibaba HTTP 200 with `Success: false`).
    /// Boxed to keep `Error` small (it travels in every `Result`).
    Service(Box<ServiceError<E>>),
    /// No usable credentials; nothing was sent.
    Credentials(CredentialsError),
    /// The client's configuration does not fit this call (endpoint, region,
    /// signing algorithm); nothing was sent.
    Config(ConfigError),
    /// The request could not be encoded or signed; nothing was sent.
    Encode(EncodeError),
    /// An attempt or the whole operation ran out of time.
    Timeout(TimeoutError),
    /// The connection failed (refused, reset, TLS, DNS).
    Connection(ConnectionError),
    /// The service answered with an HTTP status that carries no error
    /// envelope this crate understands.
    UnexpectedStatus(StatusError),
    /// The response body is not what the protocol promises: not JSON,
    /// truncated, or not decodable into the response type.
    InvalidResponse(ResponseError),
}

impl<E: ErrorCode> Error<E> {
    /// The documented error code, for service errors.
    pub fn code(&self) -> Option<&E> {
        match self {
            Error::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The code exactly as the service sent it, for service errors.
    pub fn raw_code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.raw_code),
            _ => None,
        }
    }

    /// The service's message, for service errors.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.message),
            _ => None,
        }
    }

    /// The same error with its code read as another code enum `F`, from the
    /// code exactly as the service sent it: how an action's error becomes a
    /// service-wide one (the generated `Error` of each service version).
    pub fn map_code<F: ErrorCode>(self) -> Error<F> {
        match self {
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Service(e) => {
                let e = *e;
                Error::Service(Box::new(ServiceError {
                    action: e.action,
                    code: F::from(e.raw_code.as_str()),
                    raw_code: e.raw_code,
                    message: e.message,
                    request_id: e.request_id,
                    http_status: e.http_status,
                    host_id: e.host_id,
                    recommend: e.recommend,
                }))
            }
            Error::Credentials(e) => Error::Credentials(e),
            Error::Config(e) => Error::Config(e),
            Error::Encode(e) => Error::Encode(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Connection(e) => Error::Connection(e),
            Error::UnexpectedStatus(e) => Error::UnexpectedStatus(e),
            Error::InvalidResponse(e) => Error::InvalidResponse(e),
        }
    }

    /// The request id the service assigned, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::UnexpectedStatus(e) => e.request_id.as_deref(),
            Error::InvalidResponse(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.http_status),
            Error::UnexpectedStatus(e) => Some(e.status),
            Error::InvalidResponse(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether trying again may succeed: throttling, transient service
    /// codes, 5xx and 429, timeouts, connection failures, truncated bodies.
    ///
    /// The client's own retry loop additionally refuses to repeat a write
    /// that may already have been applied unless the action is read-only or
    /// carries an idempotency token (see [`RetryConfig`](crate::RetryConfig)).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Timeout(_) | Error::Connection(_) => true,
            Error::UnexpectedStatus(e) => classify_status(e.status) != RetryClass::Never,
            Error::InvalidResponse(e) => e.kind == ResponseErrorKind::Truncated,
            _ => false,
        }
    }

    /// Whether the service asked to slow down (Tencent
    /// `RequestLimitExceeded*`, Alibaba `Throttling*`, HTTP 429).
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Service(e) => e.is_throttling(),
            Error::UnexpectedStatus(e) => e.status == 429,
            _ => false,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> Error<E> {
    /// Passes every text that came from the server (service message, body
    /// excerpt, decoder detail) through `redact`, which removes what may
    /// echo a request's secrets.
    pub(crate) fn redact_server_text(&mut self, redact: impl Fn(&str) -> String) {
        match self {
            Error::Service(e) => e.message = redact(&e.message),
            Error::UnexpectedStatus(e) => e.excerpt = redact(&e.excerpt),
            Error::InvalidResponse(e) => {
                e.excerpt = redact(&e.excerpt);
                e.detail = redact(&e.detail);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
const _: () = {
    // Generated clients return `Result<_, Error<E>>` everywhere; keep it
    // under clippy's `result_large_err` threshold (128 bytes).
    assert!(std::mem::size_of::<Error<String>>() <= 128);
};

impl<E: ErrorCode> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => e.fmt(f),
            Error::Service(e) => e.fmt(f),
            Error::Credentials(e) => write!(f, "no usable credentials: {e}"),
            Error::Config(e) => e.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Connection(e) => e.fmt(f),
            Error::UnexpectedStatus(e) => e.fmt(f),
            Error::InvalidResponse(e) => e.fmt(f),
        }
    }
}

impl<E: ErrorCode> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::InvalidRequest(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Connection(e) => e.source(),
            _ => None,
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

impl<E> From<CredentialsError> for Error<E> {
    fn from(error: CredentialsError) -> Self {
        Error::Credentials(error)
    }
}

/// An error reported by the service.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServiceError<E> {
    /// Wire name of the action.
    pub action: &'static str,
    /// The documented code, or the enum's catch-all for codes the spec does
    /// not list.
    pub code: E,
    /// The code exactly as the service sent it (Tencent `Code`; Alibaba
    /// `Code` or `ErrCode`).
    pub raw_code: String,
    /// The service's message (it may change between releases: match on the
    /// code).
    pub message: String,
    /// Request id, when the service sent one.
    pub request_id: Option<String>,
    /// HTTP status of the response (Tencent business errors come with 200).
    pub http_status: u16,
    /// Alibaba `HostId`: the endpoint that answered.
    pub host_id: Option<String>,
    /// Alibaba `Recommend`: a troubleshooting link.
    pub recommend: Option<String>,
}

impl<E> ServiceError<E> {
    /// Whether the code or status marks a transient failure or throttling.
    pub fn is_retryable(&self) -> bool {
        classify_service(&self.raw_code, self.http_status) != RetryClass::Never
    }

    /// Whether the code or status asks the client to slow down.
    pub fn is_throttling(&self) -> bool {
        classify_service(&self.raw_code, self.http_status) == RetryClass::Throttling
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: {}: {}",
            self.action,
            OneLine(&self.raw_code),
            OneLine(&self.message)
        )?;
        f.write_str(" (")?;
        if let Some(id) = &self.request_id {
            write!(f, "request id {}, ", OneLine(id))?;
        }
        write!(f, "HTTP {}", self.http_status)?;
        if let Some(host) = &self.host_id {
            write!(f, ", host {}", OneLine(host))?;
        }
        if let Some(recommend) = &self.recommend {
            write!(f, ", see {}", OneLine(recommend))?;
        }
        f.write_str(")")
    }
}

impl<E: fmt::Debug> StdError for ServiceError<E> {}

/// The configuration does not fit the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl StdError for ConfigError {}

/// The request could not be encoded or signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// Wire name of the action.
    pub action: &'static str,
    message: String,
}

impl EncodeError {
    pub(crate) fn new(action: &'static str, message: impl Into<String>) -> Self {
        Self {
            action,
            message: message.into(),
        }
    }

    /// What went wrong (never a parameter value).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} request could not be encoded: {}",
            self.action, self.message
        )
    }
}

impl StdError for EncodeError {}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (nothing was sent).
    Connect,
    /// One attempt (the request may have been applied).
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

/// A time limit ran out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    /// Wire name of the action.
    pub action: &'static str,
    /// Which limit.
    pub kind: TimeoutKind,
    /// The limit.
    pub limit: Duration,
    /// Attempts made, this one included.
    pub attempts: u32,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "waiting for the response",
            TimeoutKind::Operation => "the whole operation",
        };
        write!(
            f,
            "{} timed out: {what} took longer than {:?} (attempt {})",
            self.action, self.limit, self.attempts
        )
    }
}

impl StdError for TimeoutError {}

/// The connection failed.
#[derive(Debug)]
pub struct ConnectionError {
    /// Wire name of the action.
    pub action: &'static str,
    /// Whether the request may have reached the service (the failure came
    /// after the connection was established).
    pub maybe_sent: bool,
    /// Attempts made, this one included.
    pub attempts: u32,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl ConnectionError {
    pub(crate) fn new(
        action: &'static str,
        maybe_sent: bool,
        attempts: u32,
        message: String,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            action,
            maybe_sent,
            attempts,
            message,
            source,
        }
    }

    /// The failure, with the causes it was given (no URL).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} connection failed: {} (attempt {})",
            self.action,
            OneLine(&self.message),
            self.attempts
        )
    }
}

impl StdError for ConnectionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// An HTTP status without an error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError {
    /// Wire name of the action.
    pub action: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The start of the body, control characters escaped.
    pub excerpt: String,
    /// A request id found in the body or headers, if any.
    pub request_id: Option<String>,
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.action, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", OneLine(id))?;
        }
        if self.excerpt.is_empty() {
            f.write_str(": empty body")
        } else {
            write!(f, ": {}", self.excerpt)
        }
    }
}

impl StdError for StatusError {}

/// What is wrong with a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// The body is not JSON at all (an HTML error page, XML, nothing).
    NotJson,
    /// The body ends in the middle of a JSON value.
    Truncated,
    /// The body is larger than the client accepts (32 MiB); not retried.
    TooLarge,
    /// JSON, but not the protocol's envelope (Tencent without `Response`).
    Envelope,
    /// The envelope is fine but its content does not fit the response type.
    Decode,
}

/// A response body that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// Wire name of the action.
    pub action: &'static str,
    /// What is wrong.
    pub kind: ResponseErrorKind,
    /// HTTP status.
    pub status: u16,
    /// The decoder's explanation.
    pub detail: String,
    /// The start of the body, control characters escaped and secret-looking
    /// values redacted; empty for a body with a success status, which may
    /// hold secrets.
    pub excerpt: String,
    /// The request id, when it could still be read.
    pub request_id: Option<String>,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ResponseErrorKind::NotJson => "response is not JSON",
            ResponseErrorKind::Truncated => "response is truncated",
            ResponseErrorKind::TooLarge => "response is too large",
            ResponseErrorKind::Envelope => "response has an unexpected shape",
            ResponseErrorKind::Decode => "response does not match its type",
        };
        write!(f, "{}: {what} (HTTP {}", self.action, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {}", OneLine(id))?;
        }
        write!(f, "): {}", OneLine(&self.detail))?;
        if !self.excerpt.is_empty() {
            write!(f, "; body starts: {}", self.excerpt)?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {}

/// Writes text on one line and at most [`MESSAGE_CHARS`] characters long
/// (see [`one_line`]), so `Display` stays one short line whatever the
/// server sent.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(self.0, MESSAGE_CHARS))
    }
}

/// Longest request id, code, host or link kept from a response.
pub(crate) const ID_CHARS: usize = 128;
/// Longest message or detail kept from a response.
pub(crate) const MESSAGE_CHARS: usize = 512;

/// Whether `c` would break the line or reorder what a terminal shows:
/// control characters (line feeds, escapes, NEL), the Unicode line and
/// paragraph separators, bidirectional marks, embeddings, overrides and
/// isolates, and the byte-order mark.
fn breaks_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `text` with every line-breaking or reordering character (see
/// [`breaks_line`]) replaced by a space, cut to `max` characters with `…`.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        out.push(if breaks_line(c) { ' ' } else { c });
    }
    out
}

/// Characters of a body quoted in errors.
pub(crate) const EXCERPT: usize = 200;

/// The excerpt an [`InvalidResponse`](Error::InvalidResponse) quotes:
/// error pages, never a body with a success status, which can carry
/// secrets (`AdminPassword` of `InitDtsRdsInstance`) even when it is not
/// quite JSON.
pub(crate) fn response_excerpt(status: u16, _kind: ResponseErrorKind, body: &[u8]) -> String {
    if (200..300).contains(&status) {
        String::new()
    } else {
        excerpt(body, EXCERPT)
    }
}

/// The first `max` characters of a body, control characters escaped, with
/// `…` when cut. Used in errors about unusable responses.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    // A character is at most 4 bytes; leading whitespace is rare.
    let head = &body[..body.len().min(max.saturating_mul(4).saturating_add(64))];
    let text = String::from_utf8_lossy(head);
    let text = text.trim();
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else if breaks_line(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Code(String);

    impl From<&str> for Code {
        fn from(s: &str) -> Self {
            Code(s.to_owned())
        }
    }

    impl ErrorCode for Code {
        fn as_str(&self) -> &str {
            &self.0
        }
    }

    fn service(code: &str, status: u16) -> Error<Code> {
        Error::Service(Box::new(ServiceError {
            action: "DescribeThings",
            code: Code::from(code),
            raw_code: code.to_owned(),
            message: "line one\nline two".to_owned(),
            request_id: Some("req-1".to_owned()),
            http_status: status,
            host_id: None,
            recommend: None,
        }))
    }

    #[test]
    fn service_display_is_one_complete_line() {
        let error = service("ResourceNotFound", 200);
        assert_eq!(
            error.to_string(),
            "DescribeThings failed: ResourceNotFound: line one line two (request id req-1, HTTP 200)"
        );
        assert_eq!(error.request_id(), Some("req-1"));
        assert_eq!(error.code().unwrap().as_str(), "ResourceNotFound");
        assert!(!error.is_retryable());
        assert_eq!(error.message(), Some("line one\nline two"));
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Upper(String);

    impl From<&str> for Upper {
        fn from(s: &str) -> Self {
            Upper(s.to_uppercase())
        }
    }

    impl ErrorCode for Upper {
        fn as_str(&self) -> &str {
            &self.0
        }
    }

    #[test]
    fn map_code_reads_the_raw_code_and_keeps_the_rest() {
        let mapped: Error<Upper> = service("ResourceNotFound", 200).map_code();
        assert_eq!(mapped.code(), Some(&Upper("RESOURCENOTFOUND".to_owned())));
        assert_eq!(mapped.raw_code(), Some("ResourceNotFound"));
        assert_eq!(mapped.request_id(), Some("req-1"));
        assert_eq!(mapped.message(), Some("line one\nline two"));
        assert_eq!(mapped.http_status(), Some(200));
    }

    #[test]
    fn throttling_and_transient_codes() {
        assert!(service("RequestLimitExceeded.UinLimitExceeded", 200).is_throttling());
        assert!(service("Throttling.User", 400).is_throttling());
        assert!(service("ServiceUnavailable", 503).is_retryable());
        assert!(!service("ServiceUnavailable", 503).is_throttling());
        assert!(service("InternalError", 500).is_retryable());
        assert!(!service("LimitExceeded", 200).is_retryable());
    }

    #[test]
    fn one_line_replaces_breaks_and_cuts() {
        assert_eq!(
            one_line("a\u{2028}b\u{2029}c\u{202e}d\u{2066}e\r\n", 100),
            "a b c d e  "
        );
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("abc", 3), "abc");
    }

    #[test]
    fn excerpt_escapes_and_cuts() {
        assert_eq!(excerpt(b"  <html>\n<body>  ", 100), "<html>\\n<body>");
        assert_eq!(
            excerpt("a\u{2028}b\u{202e}c".as_bytes(), 100),
            "a\\u{2028}b\\u{202e}c"
        );
        assert_eq!(excerpt("数据迁移abc".as_bytes(), 4), "数据迁移…");
        assert_eq!(excerpt(b"\xff\xfe", 10), "\u{fffd}\u{fffd}");
    }
}
