//! Alibaba Cloud RPC signature V2 (`HMAC-SHA1`, `SignatureVersion=1.0`).
//!
//! ```text
//! CanonicalizedQuery = encode(name)=encode(value) for every query and form parameter
//!                      except Signature, sorted by name, joined by &
//! StringToSign       = METHOD & %2F & encode(CanonicalizedQuery)
//! Signature          = Base64(HMAC-SHA1(secret + "&", StringToSign))
//! ```
//!
//! `encode` is RFC 3986 ([`crate::sign::encode::percent_encode`]). The caller
//! supplies the common parameters (`Action`, `Timestamp`, `SignatureNonce`,
//! `AccessKeyId`, ...) as ordinary query parameters: the clock and the nonce
//! are inputs, never read here. Typed parameters are flattened with
//! [`crate::sign::flatten::flatten_alibaba`].

use super::encode::{percent_encode, percent_encode_pairs};
use super::hash::hmac_sha1;
use super::{check, SignError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;
use zeroize::Zeroizing;

/// What V2 signs about one request.
///
/// `Debug` shows parameter names but not their values, which may be secret.
#[derive(Clone, Copy)]
pub struct RpcV2Request<'a, K, V> {
    /// HTTP method, `GET` or `POST`.
    pub method: &'a str,
    /// URL query parameters except `Signature`, raw (not encoded).
    pub query: &'a [(K, V)],
    /// Decoded form-body parameters; empty without a body.
    pub form: &'a [(K, V)],
}

impl<K: AsRef<str>, V> fmt::Debug for RpcV2Request<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |p: &[(K, V)]| {
            p.iter()
                .map(|(k, _)| k.as_ref().to_owned())
                .collect::<Vec<_>>()
        };
        f.debug_struct("RpcV2Request")
            .field("method", &self.method)
            .field("query_names", &names(self.query))
            .field("form_names", &names(self.form))
            .finish()
    }
}

/// Every intermediate of a V2 signature, as the test vectors list them.
///
/// `Debug` shows only the signature: the other strings hold every parameter
/// value, session token and passwords included.
#[derive(Clone, PartialEq, Eq)]
pub struct RpcV2Trace {
    /// The canonicalized query string.
    pub canonicalized_query: String,
    /// `METHOD&%2F&encode(canonicalized_query)`.
    pub string_to_sign: String,
    /// Base64 signature: the `Signature` parameter before URL encoding.
    pub signature: String,
}

impl fmt::Debug for RpcV2Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RpcV2Trace")
            .field("canonicalized_query", &crate::redact::REDACTED)
            .field("string_to_sign", &crate::redact::REDACTED)
            .field("signature", &self.signature)
            .finish()
    }
}

/// Signs `req` with the AccessKey secret, returning the Base64 `Signature`.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    access_key_secret: &str,
    req: &RpcV2Request<'_, K, V>,
) -> Result<String, SignError> {
    Ok(trace(access_key_secret, req)?.signature)
}

/// Computes every intermediate string of the signature.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    access_key_secret: &str,
    req: &RpcV2Request<'_, K, V>,
) -> Result<RpcV2Trace, SignError> {
    check::method(req.method)?;

    // Query and form parameters together, sorted by raw name in byte order
    // as the official SDKs sort them, before encoding. (The vendor's page
    // sorts encoded names: the same order for names of unreserved
    // characters, which every API's are.) The sort is stable: a repeated
    // name keeps its input order.
    let mut params: Vec<(&str, &str)> = req
        .query
        .iter()
        .chain(req.form)
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    params.sort_by(|a, b| a.0.cmp(b.0));
    let canonicalized_query = percent_encode_pairs(&params);
    let string_to_sign = format!(
        "{}&%2F&{}",
        req.method,
        percent_encode(&canonicalized_query)
    );
    let key = Zeroizing::new(format!("{access_key_secret}&"));
    let signature = STANDARD.encode(hmac_sha1(key.as_bytes(), string_to_sign.as_bytes()));
    Ok(RpcV2Trace {
        canonicalized_query,
        string_to_sign,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 256 list items sharing a prefix, given out of order, sort by name
    /// in byte order (`ResourceId.10` before `ResourceId.2`), and the
    /// signature is the documented formula over that order: both computed
    /// here from the rule, not from the signer's code.
    #[test]
    fn long_lists_sort_by_byte_order() {
        let mut query: Vec<(String, String)> = (1..=256)
            .rev()
            .map(|i| (format!("ResourceId.{i}"), format!("dts job {i}")))
            .collect();
        query.push(("Action".into(), "TagResources".into()));
        let req = RpcV2Request {
            method: "POST",
            query: &query,
            form: &[] as &[(String, String)],
        };
        let t = trace("secret", &req).unwrap();

        assert!(t.canonicalized_query.starts_with(
            "Action=TagResources&ResourceId.1=dts%20job%201&ResourceId.10=dts%20job%2010&\
             ResourceId.100=dts%20job%20100&ResourceId.101="
        ));
        assert!(t
            .canonicalized_query
            .ends_with("&ResourceId.99=dts%20job%2099"));
        let by_name: std::collections::BTreeMap<&str, &str> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let expected: Vec<String> = by_name
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "%20")))
            .collect();
        assert_eq!(t.canonicalized_query, expected.join("&"));
        let string_to_sign = format!(
            "POST&%2F&{}",
            expected
                .join("&")
                .replace('%', "%25")
                .replace('=', "%3D")
                .replace('&', "%26")
        );
        assert_eq!(t.string_to_sign, string_to_sign);
        assert_eq!(
            t.signature,
            STANDARD.encode(hmac_sha1(b"secret&", string_to_sign.as_bytes()))
        );
    }

    /// A repeated name keeps its input order (a stable sort), wherever the
    /// pair comes from.
    #[test]
    fn repeated_names_keep_their_order() {
        let query = [("B", "2"), ("A", "z"), ("B", "1")];
        let form = [("A", "y")];
        let req = RpcV2Request {
            method: "POST",
            query: &query,
            form: &form,
        };
        assert_eq!(
            trace("s", &req).unwrap().canonicalized_query,
            "A=z&A=y&B=2&B=1"
        );
    }
}
