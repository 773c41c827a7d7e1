//! The HTTP request a [`Transport`](super::Transport) sends and the response
//! it returns.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use crate::request::SignedRequest;

/// One signed request, ready to send: method, URL, headers and body.
///
/// Signatures, session tokens and request bodies (which may hold
/// passwords) travel in it, so `Debug` prints the method, the URL without
/// its query, the header names and the body length only.
#[derive(Clone)]
pub struct HttpRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl HttpRequest {
    /// Checks that every header value can travel in HTTP; the error names
    /// the header, never its value.
    pub(crate) fn from_signed(signed: SignedRequest) -> Result<Self, String> {
        let mut headers = HeaderMap::with_capacity(signed.headers.len());
        for (name, value) in signed.headers {
            // The names are the signers' lowercase literals: no parsing and
            // no copy. The value's buffer is taken over, not copied.
            let name = HeaderName::from_static(name);
            let value = HeaderValue::try_from(value)
                .map_err(|_| format!("header {name} cannot be sent (invalid characters)"))?;
            headers.insert(name, value);
        }
        Ok(Self {
            method: signed.method,
            url: signed.url,
            headers,
            body: signed.body,
        })
    }

    /// `GET` or `POST`.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The full URL, query string included.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The host (and port, when not the scheme's default).
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// The path, `/` for every API here.
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The raw query string after `?`, as sent (percent-encoded).
    pub fn query(&self) -> Option<&str> {
        self.url.query()
    }

    /// The value of header `name` (any case), when set and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every header as `(lowercase name, value)`. `Host` is not among them:
    /// the HTTP client derives it from the URL, as the signers expect.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
    }

    /// The body bytes (empty for GET).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn into_parts(self) -> (Method, Url, HeaderMap, Vec<u8>) {
        (self.method, self.url, self.headers, self.body)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query of Alibaba V2 carries the signature and session token.
        let mut url = self.url.clone();
        url.set_query(None);
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method.as_str())
            .field("url", &url.as_str())
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response with its whole body. `Debug` shows the status, header names
/// and body length: a successful body may hold secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    status: u16,
    /// Lowercase names.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    /// A response with `status`, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A response with `status` and `body` as JSON (`content-type:
    /// application/json`).
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::new(status)
            .with_header("content-type", "application/json")
            .with_body(body.to_string())
    }

    /// Adds a header (the name is matched without regard to case).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Builds a response from what the network returned; header values that
    /// are not text are left out (none that this crate reads can be).
    pub(crate) fn from_network(status: u16, headers: &HeaderMap, body: Vec<u8>) -> Self {
        let headers = headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        Self {
            status,
            headers,
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed() -> SignedRequest {
        SignedRequest {
            method: Method::POST,
            url: Url::parse("https://dts.aliyuncs.com/?Signature=s3cret&A=1").unwrap(),
            headers: vec![
                ("authorization", "ACS3-HMAC-SHA256 Credential=x".to_owned()),
                ("x-acs-security-token", "tok3n".to_owned()),
            ],
            body: b"Password=hunter2".to_vec(),
        }
    }

    #[test]
    fn accessors_and_case_insensitive_headers() {
        let request = HttpRequest::from_signed(signed()).unwrap();
        assert_eq!(request.method(), "POST");
        assert_eq!(request.host(), "dts.aliyuncs.com");
        assert_eq!(request.path(), "/");
        assert_eq!(request.query(), Some("Signature=s3cret&A=1"));
        assert_eq!(
            request.header("AUTHORIZATION"),
            Some("ACS3-HMAC-SHA256 Credential=x")
        );
        let names: Vec<&str> = request.headers().map(|(n, _)| n).collect();
        assert_eq!(names, ["authorization", "x-acs-security-token"]);
        assert_eq!(request.body(), b"Password=hunter2");
    }

    #[test]
    fn debug_shows_no_secret() {
        let shown = format!("{:?}", HttpRequest::from_signed(signed()).unwrap());
        for secret in ["s3cret", "tok3n", "hunter2", "Credential"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("x-acs-security-token"), "{shown}");

        let response = HttpResponse::json(200, &serde_json::json!({"AdminPassword": "hunter2"}))
            .with_header("x-acs-request-id", "r-1");
        let shown = format!("{response:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains("x-acs-request-id") && shown.contains("200"),
            "{shown}"
        );
    }

    #[test]
    fn unsendable_headers_are_named_without_their_value() {
        let mut bad = signed();
        bad.headers
            .push(("x-custom", "line\nbreak-s3cret".to_owned()));
        let error = HttpRequest::from_signed(bad).err().unwrap();
        assert!(
            error.contains("x-custom") && !error.contains("s3cret"),
            "{error}"
        );
    }

    #[test]
    fn response_builder() {
        let response =
            HttpResponse::json(429, &serde_json::json!({"a": 1})).with_header("Retry-After", "3");
        assert_eq!(response.status(), 429);
        assert_eq!(response.header("retry-after"), Some("3"));
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        assert_eq!(response.body(), br#"{"a":1}"#);
    }
}
