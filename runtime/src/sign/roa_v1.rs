//! Alibaba Cloud ROA signature, the older one (`HMAC-SHA1`,
//! `x-acs-signature-version: 1.0`), sent as `Authorization: acs <id>:<signature>`.
//!
//! ```text
//! StringToSign          = METHOD \n Accept \n Content-MD5 \n Content-Type \n Date \n
//!                         CanonicalizedHeaders CanonicalizedResource
//! CanonicalizedHeaders  = lower(name):value\n for each header whose lower(name) starts
//!                         with x-acs-, sorted by lower(name); values not trimmed
//! CanonicalizedResource = path, then if there is a query: ? and name=value sorted by
//!                         name, raw (unencoded) values, name alone for "", joined by &
//! Signature             = Base64(HMAC-SHA1(secret, StringToSign))   (no "&" on the key)
//! Authorization         = acs <AccessKeyId>:<Signature>
//! ```
//!
//! `Accept`, `Content-MD5`, `Content-Type` and `Date` are the values of
//! those headers exactly as sent, `""` when a header is absent. The signer is
//! given every header that is sent and picks these out itself. The path is the
//! one sent, already percent-encoded ([`crate::sign::roa::expand_path`]); the
//! `Date` header is [`crate::sign::http_date`] of the request time.

use super::hash::hmac_sha1;
use super::{check, AccessKey, SignError, Signature};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;

/// The prefix of the headers that are signed as canonicalized headers.
pub const HEADER_PREFIX: &str = "x-acs-";

/// What the older ROA signature signs about one request.
///
/// `Debug` shows query and header names but not their values.
#[derive(Clone, Copy)]
pub struct RoaV1Request<'a, K, V> {
    /// HTTP method, e.g. `DELETE`.
    pub method: &'a str,
    /// The path as sent, percent-encoded.
    pub path: &'a str,
    /// URL query parameters, raw (not encoded), in any order.
    pub query: &'a [(K, V)],
    /// Every header sent, in any order and case, except `Authorization`.
    pub headers: &'a [(K, V)],
}

impl<K: AsRef<str>, V> fmt::Debug for RoaV1Request<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |p: &[(K, V)]| {
            p.iter()
                .map(|(k, _)| k.as_ref().to_owned())
                .collect::<Vec<_>>()
        };
        f.debug_struct("RoaV1Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_names", &names(self.query))
            .field("header_names", &names(self.headers))
            .finish()
    }
}

/// Every intermediate of the signature, as the test vectors list them.
///
/// `Debug` shows only the signature and the `Authorization` value: the other
/// strings hold query values and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct RoaV1Trace {
    /// The `x-acs-*` header lines, each ending in `\n`.
    pub canonicalized_headers: String,
    /// The path and the sorted raw query.
    pub canonicalized_resource: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Base64 signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl fmt::Debug for RoaV1Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RoaV1Trace")
            .field("canonicalized_headers", &crate::redact::REDACTED)
            .field("canonicalized_resource", &crate::redact::REDACTED)
            .field("string_to_sign", &crate::redact::REDACTED)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Signs `req` with `key`.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &RoaV1Request<'_, K, V>,
) -> Result<Signature, SignError> {
    let t = trace(key, req)?;
    Ok(Signature::new(t.signature, t.authorization))
}

/// Computes every intermediate string of the signature.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &RoaV1Request<'_, K, V>,
) -> Result<RoaV1Trace, SignError> {
    check::method(req.method)?;
    check::encoded_path(req.path)?;

    // Lowercase names sorted in byte order, none given twice.
    let headers = check::headers(req.headers)?;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, value)| *value)
    };
    let canonicalized_headers: String = headers
        .iter()
        .filter(|(name, _)| name.starts_with(HEADER_PREFIX))
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();

    // Sorted by name in byte order (`RegionId` before `instanceIds`);
    // stable, so a repeated name keeps its order.
    let mut query: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    query.sort_by(|a, b| a.0.cmp(b.0));
    let items: Vec<String> = query
        .iter()
        .map(|(name, value)| match *value {
            "" => (*name).to_owned(),
            value => format!("{name}={value}"),
        })
        .collect();
    let canonicalized_resource = if items.is_empty() {
        req.path.to_owned()
    } else {
        format!("{}?{}", req.path, items.join("&"))
    };

    let string_to_sign = format!(
        "{}\n{}\n{}\n{}\n{}\n{canonicalized_headers}{canonicalized_resource}",
        req.method,
        header("accept"),
        header("content-md5"),
        header("content-type"),
        header("date"),
    );
    let signature = STANDARD.encode(hmac_sha1(key.secret.as_bytes(), string_to_sign.as_bytes()));
    let authorization = format!("acs {}:{signature}", key.id);
    Ok(RoaV1Trace {
        canonicalized_headers,
        canonicalized_resource,
        string_to_sign,
        signature,
        authorization,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings follow the formula on a small request, written out by
    /// hand: absent headers leave empty lines, only `x-acs-` headers are
    /// canonicalized (lowercased, sorted, untrimmed), the query is sorted
    /// by name in byte order with raw values and a bare name for `""`.
    #[test]
    fn strings_follow_the_formula() {
        let key = AccessKey {
            id: "LTAIexample",
            secret: "secret",
        };
        let headers = [
            ("X-Acs-Version", "2015-12-15 "),
            ("Date", "Wed, 02 Jul 2025 04:00:00 GMT"),
            ("User-Agent", "not signed"),
            ("x-acs-action", "DescribeClusterNodes"),
            ("x-acsnot", "not signed"),
        ];
        let query = [("state", "a b&c"), ("RegionId", "cn-hangzhou"), ("all", "")];
        let req = RoaV1Request {
            method: "GET",
            path: "/clusters/c-1/nodes",
            query: &query,
            headers: &headers,
        };
        let t = trace(&key, &req).unwrap();
        assert_eq!(
            t.canonicalized_headers,
            "x-acs-action:DescribeClusterNodes\nx-acs-version:2015-12-15 \n"
        );
        assert_eq!(
            t.canonicalized_resource,
            "/clusters/c-1/nodes?RegionId=cn-hangzhou&all&state=a b&c"
        );
        let string_to_sign = "GET\n\n\n\nWed, 02 Jul 2025 04:00:00 GMT\n\
             x-acs-action:DescribeClusterNodes\nx-acs-version:2015-12-15 \n\
             /clusters/c-1/nodes?RegionId=cn-hangzhou&all&state=a b&c";
        assert_eq!(t.string_to_sign, string_to_sign);
        let signature = STANDARD.encode(hmac_sha1(b"secret", string_to_sign.as_bytes()));
        assert_eq!(t.signature, signature);
        assert_eq!(t.authorization, format!("acs LTAIexample:{signature}"));
        assert_eq!(sign(&key, &req).unwrap().authorization(), t.authorization);

        let bare = RoaV1Request::<&str, &str> {
            method: "DELETE",
            path: "/clusters/c-1",
            query: &[],
            headers: &[],
        };
        assert_eq!(
            trace(&key, &bare).unwrap().string_to_sign,
            "DELETE\n\n\n\n\n/clusters/c-1"
        );
    }
}
