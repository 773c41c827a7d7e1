//! Tencent Cloud API 3.0 signature v3, `TC3-HMAC-SHA256`.
//!
//! ```text
//! HashedPayload    = hex(SHA256(body))
//! CanonicalHeaders = "content-type:" Content-Type "\n" "host:" Host "\n"
//! CanonicalRequest = METHOD "\n" path "\n" query_string "\n" CanonicalHeaders "\n" "content-type;host" "\n" HashedPayload
//! CredentialScope  = date "/" service "/tc3_request"                 (date: UTC YYYY-MM-DD of the timestamp)
//! StringToSign     = "TC3-HMAC-SHA256" "\n" timestamp "\n" CredentialScope "\n" hex(SHA256(CanonicalRequest))
//! SigningKey       = HMAC(HMAC(HMAC("TC3" + secret, date), service), "tc3_request")
//! Signature        = hex(HMAC(SigningKey, StringToSign))
//! Authorization    = "TC3-HMAC-SHA256 Credential=" id "/" CredentialScope ", SignedHeaders=content-type;host, Signature=" Signature
//! ```
//!
//! The signing key depends only on (secret, UTC date, service): a caller may
//! keep a [`Tc3SigningKey`] for the day and use [`sign_with_key`]. [`trace`]
//! returns every intermediate string, for tests and debugging.

use super::date::UtcDate;
use super::hash::{hmac_sha256, sha256_hex};
use super::{check, AccessKey, SignError, Signature};
use std::fmt;
use zeroize::Zeroizing;

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

/// The signing key for one (secret, UTC date, service).
///
/// Deriving it costs three HMACs; a client may keep it for the day and
/// service. It is secret material: `Debug` shows only its scope, and it is
/// zeroed when dropped, like the credentials it comes from.
#[derive(Clone)]
pub struct Tc3SigningKey {
    date: UtcDate,
    service: String,
    key: Zeroizing<[u8; 32]>,
}

impl Tc3SigningKey {
    /// Derives the key for `date` and `service` from the secret key.
    pub fn derive(secret_key: &str, date: UtcDate, service: &str) -> Self {
        let [_, _, key] = derive_chain(secret_key, date, service);
        Self {
            date,
            service: service.to_owned(),
            key: Zeroizing::new(key),
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
pub fn sign(key: &AccessKey<'_>, req: &Tc3Request<'_>) -> Result<Signature, SignError> {
    let signing_key = Tc3SigningKey::for_timestamp(key.secret, req.timestamp, req.service)?;
    sign_with_key(key.id, &signing_key, req)
}

/// Signs `req` with a kept key; `secret_id` is the key's `SecretId`.
///
/// Fails with [`SignError::KeyScopeMismatch`] if the key was derived for
/// another UTC date or service than the request's.
pub fn sign_with_key(
    secret_id: &str,
    key: &Tc3SigningKey,
    req: &Tc3Request<'_>,
) -> Result<Signature, SignError> {
    if UtcDate::from_unix(req.timestamp)? != key.date || req.service != key.service {
        return Err(SignError::KeyScopeMismatch);
    }
    let strings = StringToSign::new(req, key.date)?;
    let signature = hex::encode(hmac_sha256(&*key.key, strings.string_to_sign.as_bytes()));
    let authorization = authorization(secret_id, &strings.credential_scope, &signature);
    Ok(Signature::new(signature, authorization))
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

/// Computes every intermediate string of the signature.
pub fn trace(key: &AccessKey<'_>, req: &Tc3Request<'_>) -> Result<Tc3Trace, SignError> {
    let date = UtcDate::from_unix(req.timestamp)?;
    let strings = StringToSign::new(req, date)?;
    let [secret_date, secret_service, secret_signing] = derive_chain(key.secret, date, req.service);
    let signature = hex::encode(hmac_sha256(
        &secret_signing,
        strings.string_to_sign.as_bytes(),
    ));
    Ok(Tc3Trace {
        authorization: authorization(key.id, &strings.credential_scope, &signature),
        hashed_payload: strings.hashed_payload,
        canonical_headers: strings.canonical_headers,
        signed_headers: SIGNED_HEADERS.to_owned(),
        canonical_request: strings.canonical_request,
        hashed_canonical_request: strings.hashed_canonical_request,
        date: date.to_string(),
        credential_scope: strings.credential_scope,
        string_to_sign: strings.string_to_sign,
        secret_date: hex::encode(secret_date),
        secret_service: hex::encode(secret_service),
        secret_signing: hex::encode(secret_signing),
        signature,
    })
}

/// The string to sign and the strings it is made of.
struct StringToSign {
    hashed_payload: String,
    canonical_headers: String,
    canonical_request: String,
    hashed_canonical_request: String,
    credential_scope: String,
    string_to_sign: String,
}

impl StringToSign {
    /// Checks `req` and builds its strings, `date` being its UTC date.
    fn new(req: &Tc3Request<'_>, date: UtcDate) -> Result<Self, SignError> {
        check::method(req.method)?;
        check::path(req.path)?;
        check::query_string(req.query_string)?;
        check::header_value("Content-Type", req.content_type)?;
        check::header_value("Host", req.host)?;

        let hashed_payload = sha256_hex(req.body);
        let canonical_headers = format!("content-type:{}\nhost:{}\n", req.content_type, req.host);
        let canonical_request = format!(
            "{}\n{}\n{}\n{canonical_headers}\n{SIGNED_HEADERS}\n{hashed_payload}",
            req.method, req.path, req.query_string
        );
        let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
        let credential_scope = format!("{date}/{}/{TERMINATOR}", req.service);
        let string_to_sign = format!(
            "{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}",
            req.timestamp
        );
        Ok(Self {
            hashed_payload,
            canonical_headers,
            canonical_request,
            hashed_canonical_request,
            credential_scope,
            string_to_sign,
        })
    }
}

/// `[secret_date, secret_service, secret_signing]`.
fn derive_chain(secret_key: &str, date: UtcDate, service: &str) -> [[u8; 32]; 3] {
    let tc3_secret = Zeroizing::new(format!("TC3{secret_key}"));
    let secret_date = hmac_sha256(tc3_secret.as_bytes(), date.as_str().as_bytes());
    let secret_service = hmac_sha256(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, TERMINATOR.as_bytes());
    [secret_date, secret_service, secret_signing]
}

fn authorization(secret_id: &str, credential_scope: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={secret_id}/{credential_scope}, \
         SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
    )
}
