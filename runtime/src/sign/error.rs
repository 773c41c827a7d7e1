//! The error type shared by every signer and flattener.

use std::fmt;

/// Why a request could not be signed or its parameters flattened.
///
/// Values are never included: a header value or parameter may be a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The Unix timestamp is negative or beyond the year 9999.
    InvalidTimestamp(i64),
    /// The HTTP method is empty or not made of ASCII uppercase letters.
    InvalidMethod,
    /// The request path is not absolute or contains a control character.
    InvalidPath,
    /// The query string contains a control character or a space.
    InvalidQueryString,
    /// A request path byte that must be percent-encoded is not, or a
    /// segment is `.` or `..`.
    UnencodedPath {
        /// The byte offset in the path.
        at: usize,
        /// What is wrong there.
        reason: &'static str,
    },
    /// An ROA path template is malformed.
    InvalidPathTemplate(&'static str),
    /// An ROA path parameter is missing, unknown, repeated or unusable.
    InvalidPathParameter {
        /// The parameter name (never the value).
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A header name or value cannot appear in an HTTP request.
    InvalidHeader {
        /// The header name as given (possibly truncated, never the value).
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The same header name (compared case-insensitively) is given twice.
    DuplicateHeader(String),
    /// The `x-acs-content-sha256` header disagrees with the payload hash.
    PayloadHashMismatch,
    /// The payload hash is not 64 lowercase hex digits.
    InvalidPayloadHash,
    /// A cached signing key was derived for another date or service.
    KeyScopeMismatch,
    /// Typed parameters must be a JSON object at the top level.
    NotAnObject,
    /// A typed parameter nests deeper than the flatteners allow.
    TooDeep(String),
    /// A typed parameter has a shape its style cannot express.
    UnsupportedValue {
        /// The wire name of the parameter.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The algorithm cannot sign this kind of request (ROA takes ACS3).
    UnsupportedAlgorithm(&'static str),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidTimestamp(ts) => write!(f, "timestamp {ts} is outside 1970..=9999"),
            Self::InvalidMethod => f.write_str("HTTP method must be ASCII uppercase letters"),
            Self::InvalidPath => {
                f.write_str("path must start with '/' and have no control characters")
            }
            Self::InvalidQueryString => {
                f.write_str("query string must not contain spaces or control characters")
            }
            Self::UnencodedPath { at, reason } => write!(f, "path at byte {at}: {reason}"),
            Self::InvalidPathTemplate(reason) => write!(f, "path template: {reason}"),
            Self::UnsupportedAlgorithm(reason) => f.write_str(reason),
            Self::InvalidPathParameter { name, reason } => {
                write!(f, "path parameter {name:?}: {reason}")
            }
            Self::InvalidHeader { name, reason } => write!(f, "header {name:?}: {reason}"),
            Self::DuplicateHeader(name) => write!(f, "header {name:?} is given twice"),
            Self::PayloadHashMismatch => {
                f.write_str("x-acs-content-sha256 does not match the payload hash")
            }
            Self::InvalidPayloadHash => f.write_str("payload hash must be 64 lowercase hex digits"),
            Self::KeyScopeMismatch => {
                f.write_str("signing key was derived for another date or service")
            }
            Self::NotAnObject => f.write_str("typed parameters must be a JSON object"),
            Self::TooDeep(name) => write!(f, "parameter {name:?} nests too deeply"),
            Self::UnsupportedValue { name, reason } => write!(f, "parameter {name:?}: {reason}"),
        }
    }
}

impl std::error::Error for SignError {}
