//! Alibaba Cloud signature V3, `ACS3-HMAC-SHA256`.
//!
//! ```text
//! CanonicalQuery   = encode(name)=encode(value) sorted by name, joined by &  ("" if none)
//! CanonicalHeaders = lower(name):trim(value)\n for each signed header, sorted by lower(name)
//! SignedHeaders    = the lowercase names joined by ;
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = ACS3-HMAC-SHA256 \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(secret, StringToSign))      (no "&" on the key)
//! Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<..>,Signature=<..>
//! ```
//!
//! `CanonicalURI` is the request path exactly as sent, already
//! percent-encoded: `/` for RPC-style APIs, the expanded path for ROA
//! ([`crate::sign::roa::expand_path`]), with no second encoding.
//!
//! The signer signs exactly the headers it is given: the documented minimum
//! (`host`, `content-type` with a body, every `x-acs-*`) or everything sent.
//! The payload hash is an input ([`crate::sign::sha256_hex`] of the body),
//! because the caller needs it first for the `x-acs-content-sha256` header;
//! if that header is among the signed ones it must agree.

use super::encode::percent_encode_pairs;
use super::hash::{hmac_sha256, sha256_hex};
use super::{check, AccessKey, SignError, Signature};
use std::fmt;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// The header carrying the payload hash.
pub const CONTENT_SHA256: &str = "x-acs-content-sha256";

/// What ACS3 signs about one request.
///
/// `Debug` shows query and header names but not their values.
#[derive(Clone, Copy)]
pub struct Acs3Request<'a, K, V> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The canonical URI: the path as sent, percent-encoded (`/` for
    /// RPC-style APIs, [`crate::sign::roa::expand_path`] for ROA).
    pub path: &'a str,
    /// URL query parameters, raw (not encoded), in any order.
    pub query: &'a [(K, V)],
    /// Exactly the headers to sign, in any order and case, except
    /// `Authorization`.
    pub headers: &'a [(K, V)],
    /// `hex(SHA256(body))`; [`crate::sign::sha256_hex`] computes it.
    pub hashed_payload: &'a str,
}

impl<K: AsRef<str>, V> fmt::Debug for Acs3Request<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |p: &[(K, V)]| {
            p.iter()
                .map(|(k, _)| k.as_ref().to_owned())
                .collect::<Vec<_>>()
        };
        f.debug_struct("Acs3Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_names", &names(self.query))
            .field("header_names", &names(self.headers))
            .field("hashed_payload", &self.hashed_payload)
            .finish()
    }
}

/// Every intermediate of an ACS3 signature, as the test vectors list them.
///
/// `Debug` leaves out the canonical URI, query, headers and request: they
/// hold parameter values and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Acs3Trace {
    /// `hex(SHA256(body))`, as given.
    pub hashed_payload: String,
    /// The canonical URI: the path, as given.
    pub canonical_uri: String,
    /// The canonical query string.
    pub canonical_query: String,
    /// The canonical headers, each line ending in `\n`.
    pub canonical_headers: String,
    /// Lowercase header names joined with `;`.
    pub signed_headers: String,
    /// The canonical request.
    pub canonical_request: String,
    /// `hex(SHA256(canonical_request))`.
    pub hashed_canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl fmt::Debug for Acs3Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acs3Trace")
            .field("hashed_payload", &self.hashed_payload)
            .field("canonical_uri", &crate::redact::REDACTED)
            .field("canonical_query", &crate::redact::REDACTED)
            .field("canonical_headers", &crate::redact::REDACTED)
            .field("signed_headers", &self.signed_headers)
            .field("canonical_request", &crate::redact::REDACTED)
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Signs `req` with `key`.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &Acs3Request<'_, K, V>,
) -> Result<Signature, SignError> {
    let t = trace(key, req)?;
    Ok(Signature::new(t.signature, t.authorization))
}

/// Computes every intermediate string of the signature.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &Acs3Request<'_, K, V>,
) -> Result<Acs3Trace, SignError> {
    check::method(req.method)?;
    check::encoded_path(req.path)?;
    check::payload_hash(req.hashed_payload)?;

    // Sorted by raw name in byte order, as the official SDKs sort them
    // before encoding (the same order as encoded names for names of
    // unreserved characters); stable, so a repeated name keeps its order.
    let mut query: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    query.sort_by(|a, b| a.0.cmp(b.0));
    let canonical_query = percent_encode_pairs(&query);
    let headers = signed_header_list(req)?;
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request = format!(
        "{}\n{}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{}",
        req.method, req.path, req.hashed_payload
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
    let signature = hex::encode(hmac_sha256(
        key.secret.as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
        key.id
    );
    Ok(Acs3Trace {
        hashed_payload: req.hashed_payload.to_owned(),
        canonical_uri: req.path.to_owned(),
        canonical_query,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signature,
        authorization,
    })
}

/// The signed headers as `(lowercase name, trimmed value)`, sorted by name.
///
/// Values are trimmed of HTTP optional whitespace (space and tab), as the
/// official signers do. Rejected: what [`check::headers`] rejects (a bad
/// name or value, a name given twice), and an `x-acs-content-sha256` that
/// disagrees with the payload hash.
fn signed_header_list<'a, K: AsRef<str>, V: AsRef<str>>(
    req: &Acs3Request<'a, K, V>,
) -> Result<Vec<(String, &'a str)>, SignError> {
    let headers: Vec<(String, &str)> = check::headers(req.headers)?
        .into_iter()
        .map(|(name, value)| (name, value.trim_ascii()))
        .collect();
    let content_sha256 = headers.iter().find(|(name, _)| name == CONTENT_SHA256);
    if content_sha256.is_some_and(|(_, value)| *value != req.hashed_payload) {
        return Err(SignError::PayloadHashMismatch);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headers sort by lowercase name whatever their case and order, their
    /// values are trimmed, and 256 query items sharing a prefix sort by
    /// name in byte order; the expected strings are written from the rule.
    #[test]
    fn canonical_strings_follow_the_formula() {
        let key = AccessKey {
            id: "LTAI5tEXAMPLE",
            secret: "secret",
        };
        let payload = sha256_hex(b"");
        let headers = [
            ("X-Acs-Version", " 2020-01-01\t"),
            ("host", "dts.aliyuncs.com"),
            ("x-acs-content-sha256", payload.as_str()),
            ("X-ACS-ACTION", "TagResources"),
        ];
        let query: Vec<(String, String)> = (1..=256)
            .rev()
            .map(|i| (format!("ResourceId.{i}"), format!("a*b~{i}")))
            .collect();
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (&k[..], &v[..])).collect();
        let req = Acs3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            hashed_payload: &payload,
        };
        let t = trace(&key, &req).unwrap();
        assert_eq!(
            t.signed_headers,
            "host;x-acs-action;x-acs-content-sha256;x-acs-version"
        );
        assert_eq!(
            t.canonical_headers,
            format!(
                "host:dts.aliyuncs.com\nx-acs-action:TagResources\n\
                 x-acs-content-sha256:{payload}\nx-acs-version:2020-01-01\n"
            )
        );
        assert!(t
            .canonical_query
            .starts_with("ResourceId.1=a%2Ab~1&ResourceId.10=a%2Ab~10&ResourceId.100=a%2Ab~100&"));
        assert!(t.canonical_query.ends_with("&ResourceId.99=a%2Ab~99"));
        assert_eq!(t.canonical_query.matches('&').count(), 255);
        assert_eq!(
            t.canonical_request,
            format!(
                "POST\n/\n{}\n{}\n{}\n{payload}",
                t.canonical_query, t.canonical_headers, t.signed_headers
            )
        );
        let signature = sign(&key, &req).unwrap();
        assert_eq!(signature.signature(), t.signature);
        assert_eq!(
            signature.signature(),
            hex::encode(hmac_sha256(
                b"secret",
                format!(
                    "ACS3-HMAC-SHA256\n{}",
                    sha256_hex(t.canonical_request.as_bytes())
                )
                .as_bytes()
            ))
        );
    }

    #[test]
    fn a_malformed_payload_hash_is_an_error() {
        let key = AccessKey {
            id: "id",
            secret: "secret",
        };
        let upper = sha256_hex(b"").to_uppercase();
        for hash in ["", "abc", upper.as_str()] {
            let req = Acs3Request::<&str, &str> {
                method: "GET",
                path: "/",
                query: &[],
                headers: &[],
                hashed_payload: hash,
            };
            assert_eq!(sign(&key, &req), Err(SignError::InvalidPayloadHash));
        }
    }
}
