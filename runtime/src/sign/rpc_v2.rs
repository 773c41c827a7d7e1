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

use super::encode::{double_encode_into, encode_into};
use super::hash::{hmac_sha1, Buffered, Sink};
use super::sort;
use super::{check, SignError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::Mac;
use std::fmt;

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
/// The string to sign is streamed into the MAC, never built.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    access_key_secret: &str,
    req: &RpcV2Request<'_, K, V>,
) -> Result<String, SignError> {
    check::method(req.method)?;
    let sorted = sorted(req);
    let mac = Buffered::with(hmac_sha1(&[access_key_secret.as_bytes(), b"&"]), |sink| {
        sink.put(req.method);
        sink.put("&%2F&");
        // encode(cq) item by item: `&` and `=` of cq become `%26` and `%3D`,
        // and names and values are encoded twice.
        for (i, (name, value)) in sorted.enumerate() {
            if i > 0 {
                sink.put("%26");
            }
            double_encode_into(sink, name);
            sink.put("%3D");
            double_encode_into(sink, value);
        }
    });
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// Computes every intermediate string of the signature, building the
/// canonicalized query and encoding it a second time as the protocol reads.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    access_key_secret: &str,
    req: &RpcV2Request<'_, K, V>,
) -> Result<RpcV2Trace, SignError> {
    check::method(req.method)?;
    let mut canonicalized_query = String::new();
    for (i, (name, value)) in sorted(req).enumerate() {
        if i > 0 {
            canonicalized_query.push('&');
        }
        encode_into(&mut canonicalized_query, name);
        canonicalized_query.push('=');
        encode_into(&mut canonicalized_query, value);
    }
    let mut string_to_sign = format!("{}&%2F&", req.method);
    encode_into(&mut string_to_sign, &canonicalized_query);
    let mut mac = hmac_sha1(&[access_key_secret.as_bytes(), b"&"]);
    mac.update(string_to_sign.as_bytes());
    Ok(RpcV2Trace {
        canonicalized_query,
        string_to_sign,
        signature: STANDARD.encode(mac.finalize().into_bytes()),
    })
}

/// Query and form parameters together, sorted by raw name in byte order
/// (as the official SDKs sort them before encoding).
fn sorted<'a, K: AsRef<str>, V: AsRef<str>>(
    req: &RpcV2Request<'a, K, V>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let (query, form) = (req.query, req.form);
    // Positions past the query continue into the form.
    let pair = move |i: usize| match query.get(i) {
        Some((k, v)) => (k.as_ref(), v.as_ref()),
        None => form
            .get(i - query.len())
            .map_or(("", ""), |(k, v)| (k.as_ref(), v.as_ref())),
    };
    sort::order(query.len() + form.len(), move |i| pair(i).0, false)
        .into_positions()
        .map(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streaming signer agrees with the trace for values of every
    /// length and mix, so every buffer fill level meets every piece: a
    /// value ending just short of the buffer's end, then a separator and
    /// the next name, once made the signer panic.
    #[test]
    fn sign_equals_trace_at_every_buffer_fill() {
        let pieces = ["a", " ", "~", "é", "%", "&=", "abcdefgh", "{\"k\":1}"];
        for n in 0..420 {
            let value: String = (0..n).map(|i| pieces[(i * 7 + n) % pieces.len()]).collect();
            let spaces = " ".repeat(n);
            let query = [
                ("A", value.as_str()),
                ("B", "x y"),
                ("Cc", spaces.as_str()),
                ("SignatureNonce", "5f1b9c0e7a3d4b2c8e6f0a1b2c3d4e5f"),
            ];
            let form = [("D", "{\"dtstestdata\":{\"all\":true}}")];
            let req = RpcV2Request {
                method: "POST",
                query: &query,
                form: &form,
            };
            let signature = sign("secret", &req).unwrap();
            assert_eq!(signature, trace("secret", &req).unwrap().signature, "{n}");
        }
    }
}
