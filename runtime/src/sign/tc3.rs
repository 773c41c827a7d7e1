//! Tencent Cloud API 3.0 signature v3, `TC3-HMAC-SHA256`.
//!
//! ```text
//! CanonicalRequest = METHOD \n path \n query_string \n
//!                    content-type:<ct>\nhost:<host>\n \n content-type;host \n hex(SHA256(body))
//! StringToSign     = TC3-HMAC-SHA256 \n timestamp \n date/service/tc3_request \n hex(SHA256(CanonicalRequest))
//! SigningKey       = HMAC(HMAC(HMAC("TC3" + secret, date), service), "tc3_request")
//! Signature        = hex(HMAC(SigningKey, StringToSign))
//! ```
//!
//! [`sign`] streams every canonical string straight into the hasher and
//! allocates only the `Authorization` value. The derived key depends only on
//! (secret, UTC date, service): callers may keep a [`Tc3SigningKey`] for the
//! day and use [`sign_with_key`]. [`trace`] returns every intermediate string,
//! for tests and debugging.

use super::date::{decimal, UtcDate};
use super::hash::{
    hex_string, hmac_sha256, hmac_sha256_once, sha256_hex, Buffered, HexDigest, HmacSha256, Sink,
};
use super::{check, AccessKey, SignError};
use hmac::Mac;
use sha2::{Digest, Sha256};
use std::fmt;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The headers TC3 signs, as the official SDKs do.
pub const SIGNED_HEADERS: &str = "content-type;host";
/// The last element of the credential scope.
const TERMINATOR: &str = "tc3_request";

/// What TC3 signs about one request. Nothing here is secret, but the body
/// and query string may hold passwords, so `Debug` prints their lengths only.
#[derive(Clone, Copy)]
pub struct Tc3Request<'a> {
    /// Service name of the credential scope, e.g. `dts`.
    pub service: &'a str,
    /// The `Host` header, e.g. `dts.tencentcloudapi.com`.
    pub host: &'a str,
    /// HTTP method, `POST` or `GET`.
    pub method: &'a str,
    /// Request path; always `/` for API 3.0.
    pub path: &'a str,
    /// The `Content-Type` header exactly as sent, e.g. `application/json`.
    pub content_type: &'a str,
    /// GET: the query string exactly as sent after `?`. POST: `""`.
    pub query_string: &'a str,
    /// The exact body bytes; empty for GET.
    pub body: &'a [u8],
    /// `X-TC-Timestamp`: Unix seconds. Passed in, never read from a clock.
    pub timestamp: i64,
}

impl fmt::Debug for Tc3Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Request")
            .field("service", &self.service)
            .field("host", &self.host)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("query_string_len", &self.query_string.len())
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

/// The result of signing: the signature and the `Authorization` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tc3Signature {
    signature: HexDigest,
    authorization: String,
}

impl Tc3Signature {
    /// Lowercase hex signature.
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=content-type;host, Signature=<hex>`.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The `Authorization` header value, by value.
    pub fn into_authorization(self) -> String {
        self.authorization
    }
}

/// The derived signing key for one (secret, UTC date, service), ready to MAC.
///
/// Deriving costs three HMACs; a client may cache this per day and service.
/// It is secret material: `Debug` shows only its scope.
#[derive(Clone)]
pub struct Tc3SigningKey {
    date: UtcDate,
    service: String,
    // HMAC state already keyed with the signing key: cloning it skips the
    // key schedule on every request.
    mac: HmacSha256,
}

impl Tc3SigningKey {
    /// Derives the key for `date` and `service` from the secret key.
    pub fn derive(secret_key: &str, date: UtcDate, service: &str) -> Self {
        let [_, _, signing] = derive_chain(secret_key, date.as_str(), service);
        Self {
            date,
            service: service.to_owned(),
            mac: hmac_sha256(&[&signing]),
        }
    }

    /// Derives the key for the UTC date of `timestamp`.
    pub fn for_timestamp(
        secret_key: &str,
        timestamp: i64,
        service: &str,
    ) -> Result<Self, SignError> {
        Ok(Self::derive(
            secret_key,
            UtcDate::from_unix(timestamp)?,
            service,
        ))
    }

    /// The UTC date the key is valid for.
    pub fn date(&self) -> UtcDate {
        self.date
    }

    /// The service the key is valid for.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Whether this key signs requests at `timestamp` for `service`.
    pub fn covers(&self, timestamp: i64, service: &str) -> bool {
        self.service == service && UtcDate::from_unix(timestamp).is_ok_and(|d| d == self.date)
    }
}

impl fmt::Debug for Tc3SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3SigningKey")
            .field("date", &self.date)
            .field("service", &self.service)
            .field("key", &crate::redact::REDACTED)
            .finish()
    }
}

/// Signs `req`, deriving the key from `key.secret`.
pub fn sign(key: &AccessKey<'_>, req: &Tc3Request<'_>) -> Result<Tc3Signature, SignError> {
    let date = UtcDate::from_unix(req.timestamp)?;
    let signing = Tc3SigningKey::derive(key.secret, date, req.service);
    sign_checked(key.id, &signing, req)
}

/// Signs `req` with a cached key; `secret_id` is the key's `SecretId`.
///
/// Fails with [`SignError::KeyScopeMismatch`] if the key was derived for
/// another UTC date or service than the request's.
pub fn sign_with_key(
    secret_id: &str,
    key: &Tc3SigningKey,
    req: &Tc3Request<'_>,
) -> Result<Tc3Signature, SignError> {
    if UtcDate::from_unix(req.timestamp)? != key.date || req.service != key.service {
        return Err(SignError::KeyScopeMismatch);
    }
    sign_checked(secret_id, key, req)
}

/// The hot path; the key's scope has been checked against the request.
fn sign_checked(
    secret_id: &str,
    key: &Tc3SigningKey,
    req: &Tc3Request<'_>,
) -> Result<Tc3Signature, SignError> {
    validate(req)?;
    let payload = sha256_hex(req.body);
    let hasher = Buffered::with(Sha256::new(), |sink| {
        write_canonical_request(sink, req, &payload);
    });
    let hashed_request = HexDigest::from_bytes(&hasher.finalize().into());

    let mac = Buffered::with(key.mac.clone(), |sink| {
        write_string_to_sign(sink, req.timestamp, key.date, req.service, &hashed_request);
    });
    let signature = HexDigest::from_bytes(&mac.finalize().into_bytes().into());

    Ok(Tc3Signature {
        authorization: authorization(secret_id, key.date, req.service, &signature),
        signature,
    })
}

/// Every intermediate of a TC3 signature, as the test vectors list them.
///
/// `secret_date`, `secret_service` and `secret_signing` are derived keys;
/// `Debug` redacts them, and the canonical request (a GET's query).
#[derive(Clone, PartialEq, Eq)]
pub struct Tc3Trace {
    /// `hex(SHA256(body))`.
    pub hashed_payload: String,
    /// `content-type:<ct>\nhost:<host>\n`.
    pub canonical_headers: String,
    /// Always `content-type;host`.
    pub signed_headers: String,
    /// The canonical request.
    pub canonical_request: String,
    /// `hex(SHA256(canonical_request))`.
    pub hashed_canonical_request: String,
    /// UTC date `YYYY-MM-DD`.
    pub date: String,
    /// `date/service/tc3_request`.
    pub credential_scope: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex of `HMAC("TC3" + secret, date)`.
    pub secret_date: String,
    /// Hex of `HMAC(secret_date, service)`.
    pub secret_service: String,
    /// Hex of `HMAC(secret_service, "tc3_request")`.
    pub secret_signing: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl fmt::Debug for Tc3Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Trace")
            .field("hashed_payload", &self.hashed_payload)
            .field("canonical_headers", &self.canonical_headers)
            .field("signed_headers", &self.signed_headers)
            // A GET's canonical request holds the query, passwords included.
            .field("canonical_request", &crate::redact::REDACTED)
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("date", &self.date)
            .field("credential_scope", &self.credential_scope)
            .field("string_to_sign", &self.string_to_sign)
            .field("secret_date", &crate::redact::REDACTED)
            .field("secret_service", &crate::redact::REDACTED)
            .field("secret_signing", &crate::redact::REDACTED)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Computes every intermediate string of the signature. Slower than
/// [`sign`] (it builds each string), and independent of its streaming code,
/// so comparing the two checks both.
pub fn trace(key: &AccessKey<'_>, req: &Tc3Request<'_>) -> Result<Tc3Trace, SignError> {
    let date = UtcDate::from_unix(req.timestamp)?;
    validate(req)?;
    let hashed_payload = sha256_hex(req.body);
    let mut canonical_headers = String::new();
    write_canonical_headers(&mut canonical_headers, req);
    let mut canonical_request = String::new();
    write_canonical_request(&mut canonical_request, req, &hashed_payload);
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let mut credential_scope = String::new();
    write_credential_scope(&mut credential_scope, date, req.service);
    let mut string_to_sign = String::new();
    write_string_to_sign(
        &mut string_to_sign,
        req.timestamp,
        date,
        req.service,
        &hashed_canonical_request,
    );
    let [secret_date, secret_service, secret_signing] =
        derive_chain(key.secret, date.as_str(), req.service);
    let signature = HexDigest::from_bytes(&hmac_sha256_once(
        &secret_signing,
        string_to_sign.as_bytes(),
    ));
    Ok(Tc3Trace {
        hashed_payload: hashed_payload.to_string(),
        canonical_headers,
        signed_headers: SIGNED_HEADERS.to_owned(),
        canonical_request,
        hashed_canonical_request: hashed_canonical_request.to_string(),
        date: date.to_string(),
        credential_scope,
        string_to_sign,
        secret_date: hex_string(&secret_date),
        secret_service: hex_string(&secret_service),
        secret_signing: hex_string(&secret_signing),
        authorization: authorization(key.id, date, req.service, &signature),
        signature: signature.to_string(),
    })
}

fn validate(req: &Tc3Request<'_>) -> Result<(), SignError> {
    check::method(req.method)?;
    check::path(req.path)?;
    check::query_string(req.query_string)?;
    check::header_value("Content-Type", req.content_type)?;
    check::header_value("Host", req.host)
}

/// `[secret_date, secret_service, secret_signing]`.
fn derive_chain(secret_key: &str, date: &str, service: &str) -> [[u8; 32]; 3] {
    let mut mac = hmac_sha256(&[b"TC3", secret_key.as_bytes()]);
    mac.update(date.as_bytes());
    let secret_date: [u8; 32] = mac.finalize().into_bytes().into();
    let secret_service = hmac_sha256_once(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256_once(&secret_service, TERMINATOR.as_bytes());
    [secret_date, secret_service, secret_signing]
}

fn write_canonical_headers(s: &mut impl Sink, req: &Tc3Request<'_>) {
    s.put("content-type:");
    s.put(req.content_type);
    s.put("\nhost:");
    s.put(req.host);
    s.put("\n");
}

fn write_canonical_request(s: &mut impl Sink, req: &Tc3Request<'_>, hashed_payload: &HexDigest) {
    s.put(req.method);
    s.put("\n");
    s.put(req.path);
    s.put("\n");
    s.put(req.query_string);
    s.put("\n");
    write_canonical_headers(s, req);
    s.put("\n");
    s.put(SIGNED_HEADERS);
    s.put("\n");
    s.put(hashed_payload.as_str());
}

fn write_credential_scope(s: &mut impl Sink, date: UtcDate, service: &str) {
    s.put(date.as_str());
    s.put("/");
    s.put(service);
    s.put("/");
    s.put(TERMINATOR);
}

fn write_string_to_sign(
    s: &mut impl Sink,
    timestamp: i64,
    date: UtcDate,
    service: &str,
    hashed_request: &HexDigest,
) {
    let mut digits = [0u8; 20];
    // Timestamps were range-checked when the date was computed.
    let ts = decimal(u64::try_from(timestamp).unwrap_or_default(), &mut digits);
    s.put(ALGORITHM);
    s.put("\n");
    s.put(ts);
    s.put("\n");
    write_credential_scope(s, date, service);
    s.put("\n");
    s.put(hashed_request.as_str());
}

fn authorization(secret_id: &str, date: UtcDate, service: &str, signature: &HexDigest) -> String {
    const CREDENTIAL: &str = " Credential=";
    const HEADERS: &str = ", SignedHeaders=content-type;host, Signature=";
    let len = ALGORITHM.len()
        + CREDENTIAL.len()
        + secret_id.len()
        + 1
        + 10
        + 1
        + service.len()
        + 1
        + TERMINATOR.len()
        + HEADERS.len()
        + 64;
    let mut out = String::with_capacity(len);
    out.push_str(ALGORITHM);
    out.push_str(CREDENTIAL);
    out.push_str(secret_id);
    out.push('/');
    write_credential_scope(&mut out, date, service);
    out.push_str(HEADERS);
    out.push_str(signature.as_str());
    out
}
