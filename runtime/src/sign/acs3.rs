//! Alibaba Cloud signature V3, `ACS3-HMAC-SHA256`.
//!
//! ```text
//! CanonicalQuery   = encode(name)=encode(value) sorted by name, joined by &  ("" if none)
//! CanonicalHeaders = lower(name):trim(value)\n for each signed header, sorted by lower(name)
//! SignedHeaders    = the lowercase names joined by ;
//! CanonicalRequest = METHOD \n path \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = ACS3-HMAC-SHA256 \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(secret, StringToSign))      (no "&" on the key)
//! Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<..>,Signature=<..>
//! ```
//!
//! The signer signs exactly the headers it is given: the documented minimum
//! (`host`, `content-type` with a body, every `x-acs-*`) or everything sent.
//! The payload hash is an input ([`crate::sign::sha256_hex`] of the body),
//! because the caller needs it first for the `x-acs-content-sha256` header;
//! if that header is among the signed ones it must agree.

use super::encode::encode_into;
use super::hash::{copy_inline, hmac_sha256, sha256_hex, Buffered, HexDigest, Sink};
use super::sort;
use super::{check, AccessKey, SignError};
use hmac::Mac;
use sha2::{Digest, Sha256};
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
    /// The canonical URI: `/` for RPC-style APIs, the encoded path for ROA.
    pub path: &'a str,
    /// URL query parameters, raw (not encoded), in any order.
    pub query: &'a [(K, V)],
    /// Exactly the headers to sign, in any order and case, except
    /// `Authorization`.
    pub headers: &'a [(K, V)],
    /// `hex(SHA256(body))`; [`crate::sign::sha256_hex`] computes it.
    pub hashed_payload: &'a HexDigest,
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

/// The result of signing: the signature and the `Authorization` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acs3Signature {
    signature: HexDigest,
    authorization: String,
}

impl Acs3Signature {
    /// Lowercase hex signature.
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The `Authorization` header value, by value.
    pub fn into_authorization(self) -> String {
        self.authorization
    }
}

/// Every intermediate of an ACS3 signature, as the test vectors list them.
///
/// `Debug` leaves out the canonical query, headers and request: they hold
/// parameter values and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Acs3Trace {
    /// `hex(SHA256(body))`, as given.
    pub hashed_payload: String,
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

/// Signs `req` with `key`. Canonical strings are streamed into the hasher;
/// the only heap use is the `Authorization` value and two small sort buffers.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &Acs3Request<'_, K, V>,
) -> Result<Acs3Signature, SignError> {
    let sorted = prepare(req)?;

    // The signed-header list goes straight into the Authorization value and
    // is hashed from there, so it is written once.
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + 64 + key.id.len() + sorted.names_len + sorted.headers.len() + 64,
    );
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(key.id);
    authorization.push_str(",SignedHeaders=");
    let signed_from = authorization.len();
    // Names first, lowercased in one pass afterwards: lowercasing each
    // name right after copying it reads back bytes still in flight to
    // memory, a store-forwarding stall per header. Joined on the stack
    // first when they fit: `push_str` calls `memcpy` for every name.
    let mut joined = [0u8; 256];
    match joined.get_mut(..sorted.names_len + sorted.headers.len()) {
        Some(list) => authorization.push_str(join_lowercase(list, sorted.names())),
        None => {
            for (i, name) in sorted.names().enumerate() {
                if i > 0 {
                    authorization.push(';');
                }
                authorization.push_str(name);
            }
            if let Some(names) = authorization.get_mut(signed_from..) {
                names.make_ascii_lowercase();
            }
        }
    }

    let signed_headers = authorization.get(signed_from..).unwrap_or_default();
    let hasher = Buffered::with(Sha256::new(), |sink| {
        write_canonical_request(sink, req, &sorted, signed_headers);
    });
    let hashed_request = HexDigest::from_bytes(&hasher.finalize().into());

    let mut mac = hmac_sha256(&[key.secret.as_bytes()]);
    mac.update(ALGORITHM.as_bytes());
    mac.update(b"\n");
    mac.update(hashed_request.as_bytes());
    let signature = HexDigest::from_bytes(&mac.finalize().into_bytes().into());

    authorization.push_str(",Signature=");
    authorization.push_str(signature.as_str());
    Ok(Acs3Signature {
        signature,
        authorization,
    })
}

/// Computes every intermediate string of the signature, building each one.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    key: &AccessKey<'_>,
    req: &Acs3Request<'_, K, V>,
) -> Result<Acs3Trace, SignError> {
    let sorted = prepare(req)?;
    let mut canonical_query = String::new();
    write_canonical_query(&mut canonical_query, sorted.query());
    let mut signed_headers = String::new();
    write_signed_headers(&mut signed_headers, sorted.names());
    let mut canonical_headers = String::new();
    write_canonical_headers(&mut canonical_headers, sorted.headers(), &signed_headers);
    let canonical_request = format!(
        "{}\n{}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{}",
        req.method, req.path, req.hashed_payload
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
    let mut mac = hmac_sha256(&[key.secret.as_bytes()]);
    mac.update(string_to_sign.as_bytes());
    let signature = HexDigest::from_bytes(&mac.finalize().into_bytes().into());
    Ok(Acs3Trace {
        hashed_payload: req.hashed_payload.to_string(),
        authorization: format!(
            "{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
            key.id
        ),
        canonical_query,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request: hashed_canonical_request.to_string(),
        string_to_sign,
        signature: signature.to_string(),
    })
}

/// `names` lowercased and joined by `;` in `buf`, which has room for
/// them and one `;` more.
fn join_lowercase<'b, 'a>(buf: &'b mut [u8], names: impl Iterator<Item = &'a str>) -> &'b str {
    let mut at = 0;
    for (i, name) in names.enumerate() {
        if i > 0 {
            buf[at] = b';';
            at += 1;
        }
        copy_inline(&mut buf[at..at + name.len()], name.as_bytes());
        at += name.len();
    }
    let joined = &mut buf[..at];
    joined.make_ascii_lowercase();
    // Whole `&str`s and ASCII separators: valid UTF-8.
    std::str::from_utf8(joined).unwrap_or_default()
}

/// A checked request's query sorted by name and headers sorted by
/// lowercase name, read in place through sorted positions.
struct Sorted<'a, K, V> {
    query: &'a [(K, V)],
    headers: &'a [(K, V)],
    query_order: sort::Order,
    header_order: sort::Order,
    /// The total length of the header names.
    names_len: usize,
}

impl<'a, K: AsRef<str>, V: AsRef<str>> Sorted<'a, K, V> {
    fn query(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        let query = self.query;
        self.query_order
            .positions()
            .map(move |i| (query[i].0.as_ref(), query[i].1.as_ref()))
    }

    fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        let headers = self.headers;
        self.header_order
            .positions()
            .map(move |i| headers[i].0.as_ref())
    }

    /// The headers with their values trimmed: HTTP optional whitespace,
    /// which the official signers trim too. Other whitespace is a control
    /// character, rejected by [`prepare`].
    fn headers(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        let headers = self.headers;
        self.header_order
            .positions()
            .map(move |i| (headers[i].0.as_ref(), headers[i].1.as_ref().trim_ascii()))
    }
}

/// Checks the request and sorts its query and headers.
fn prepare<'a, K: AsRef<str>, V: AsRef<str>>(
    req: &Acs3Request<'a, K, V>,
) -> Result<Sorted<'a, K, V>, SignError> {
    check::method(req.method)?;
    check::path(req.path)?;
    let mut names_len = 0;
    for (name, value) in req.headers {
        check::header_name(name.as_ref())?;
        check::header_value(name.as_ref(), value.as_ref())?;
        names_len += name.as_ref().len();
    }
    let (query, headers) = (req.query, req.headers);
    let sorted = Sorted {
        query,
        headers,
        query_order: sort::order(query.len(), |i| query[i].0.as_ref(), false),
        header_order: sort::order(headers.len(), |i| headers[i].0.as_ref(), true),
        names_len,
    };
    // Equal names sit next to each other. A duplicate is reported before
    // a payload hash mismatch, wherever each occurs.
    let mut previous: Option<&str> = None;
    let mut mismatch = false;
    for i in sorted.header_order.positions() {
        let name = headers[i].0.as_ref();
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            return Err(SignError::DuplicateHeader(name.to_ascii_lowercase()));
        }
        mismatch |= name.eq_ignore_ascii_case(CONTENT_SHA256)
            && headers[i].1.as_ref().trim_ascii().as_bytes() != req.hashed_payload.as_bytes();
        previous = Some(name);
    }
    if mismatch {
        return Err(SignError::PayloadHashMismatch);
    }
    Ok(sorted)
}

fn write_canonical_query<'a>(s: &mut impl Sink, query: impl Iterator<Item = (&'a str, &'a str)>) {
    for (i, (name, value)) in query.enumerate() {
        if i > 0 {
            s.put_byte(b'&');
        }
        encode_into(s, name);
        s.put_byte(b'=');
        encode_into(s, value);
    }
}

/// `signed_headers` holds the same names, lowercased and `;`-separated:
/// they are sliced from there instead of being lowercased again.
fn write_canonical_headers<'a>(
    s: &mut impl Sink,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    signed_headers: &str,
) {
    let mut at = 0;
    for (name, value) in headers {
        let end = at + name.len();
        s.put_header_line(signed_headers.get(at..end).unwrap_or_default(), value);
        at = end + 1;
    }
}

fn write_signed_headers<'a>(s: &mut impl Sink, names: impl Iterator<Item = &'a str>) {
    for (i, name) in names.enumerate() {
        if i > 0 {
            s.put_byte(b';');
        }
        s.put_lowercase(name);
    }
}

fn write_canonical_request<K: AsRef<str>, V: AsRef<str>>(
    s: &mut impl Sink,
    req: &Acs3Request<'_, K, V>,
    sorted: &Sorted<'_, K, V>,
    signed_headers: &str,
) {
    s.put(req.method);
    s.put_byte(b'\n');
    s.put(req.path);
    s.put_byte(b'\n');
    write_canonical_query(s, sorted.query());
    s.put_byte(b'\n');
    write_canonical_headers(s, sorted.headers(), signed_headers);
    s.put_byte(b'\n');
    s.put(signed_headers);
    s.put_byte(b'\n');
    s.put(req.hashed_payload.as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signer agrees with the trace whether the signed-header list
    /// fits the stack buffer or not, and with names in any case.
    #[test]
    fn sign_equals_trace_for_short_and_long_header_lists() {
        let key = AccessKey {
            id: "LTAI5tEXAMPLE",
            secret: "secret",
        };
        let payload = sha256_hex(b"a=1");
        for count in [0, 1, 3, 12, 40] {
            let headers: Vec<(String, String)> = (0..count)
                .map(|i| (format!("X-Acs-Meta-Header-{i:02}"), format!(" value {i} ")))
                .chain([(CONTENT_SHA256.to_owned(), payload.to_string())])
                .collect();
            let query = [("Action", "Describe Jobs"), ("RegionId", "cn-hangzhou")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()));
            let req = Acs3Request {
                method: "POST",
                path: "/",
                query: &query,
                headers: &headers,
                hashed_payload: &payload,
            };
            let signed = sign(&key, &req).unwrap();
            let traced = trace(&key, &req).unwrap();
            assert_eq!(signed.authorization(), traced.authorization, "{count}");
            assert_eq!(signed.signature(), traced.signature, "{count}");
        }
    }
}
