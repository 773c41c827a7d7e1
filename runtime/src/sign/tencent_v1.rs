//! Tencent Cloud API signature v1 (`HmacSHA1` / `HmacSHA256`).
//!
//! ```text
//! ParamString  = name=value pairs sorted by name in byte order, raw values, joined by &
//! StringToSign = METHOD + host + path + "?" + ParamString
//! Signature    = Base64(HMAC-SHA1|HMAC-SHA256(secret, StringToSign))
//! ```
//!
//! The parameters are every signed parameter except `Signature`: the
//! flattened business parameters ([`crate::sign::flatten::flatten_tencent`])
//! plus `Action`, `Version`, `Timestamp`, `Nonce`, `Region`, `SecretId`,
//! `SignatureMethod` and so on, as the caller sends them.

use super::hash::{hmac_sha1, hmac_sha256};
use super::{check, SignError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;
use std::str::FromStr;

/// The MAC of signature v1, also sent as the `SignatureMethod` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum V1Method {
    /// `HmacSHA1`, the server default when `SignatureMethod` is absent.
    HmacSha1,
    /// `HmacSHA256`.
    HmacSha256,
}

impl V1Method {
    /// The wire name: `HmacSHA1` or `HmacSHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HmacSHA1",
            Self::HmacSha256 => "HmacSHA256",
        }
    }
}

impl fmt::Display for V1Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown `SignatureMethod`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownV1Method;

impl fmt::Display for UnknownV1Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("signature method must be HmacSHA1 or HmacSHA256")
    }
}

impl std::error::Error for UnknownV1Method {}

impl FromStr for V1Method {
    type Err = UnknownV1Method;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "HmacSHA1" => Ok(Self::HmacSha1),
            "HmacSHA256" => Ok(Self::HmacSha256),
            _ => Err(UnknownV1Method),
        }
    }
}

/// What signature v1 signs about one request.
///
/// `Debug` shows the parameter names but not their values, which may be secret.
#[derive(Clone, Copy)]
pub struct V1Request<'a, K, V> {
    /// HTTP method, `GET` or `POST`.
    pub method: &'a str,
    /// The `Host` header.
    pub host: &'a str,
    /// Request path; always `/` for API 3.0.
    pub path: &'a str,
    /// Every signed parameter except `Signature`, raw (not URL-encoded), in
    /// any order.
    pub params: &'a [(K, V)],
    /// The MAC, matching the `SignatureMethod` parameter.
    pub signature_method: V1Method,
}

impl<K: AsRef<str>, V> fmt::Debug for V1Request<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.params.iter().map(|(k, _)| k.as_ref()).collect();
        f.debug_struct("V1Request")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("param_names", &names)
            .field("signature_method", &self.signature_method)
            .finish()
    }
}

/// Every intermediate of a v1 signature, as the test vectors list them.
///
/// `Debug` shows only the signature: the other strings hold every parameter
/// value, session token and passwords included.
#[derive(Clone, PartialEq, Eq)]
pub struct V1Trace {
    /// Sorted `name=value` pairs joined with `&`, raw values.
    pub param_string: String,
    /// `METHOD + host + path + "?" + param_string`.
    pub string_to_sign: String,
    /// Base64 signature: the `Signature` parameter before URL encoding.
    pub signature: String,
}

impl fmt::Debug for V1Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V1Trace")
            .field("param_string", &crate::redact::REDACTED)
            .field("string_to_sign", &crate::redact::REDACTED)
            .field("signature", &self.signature)
            .finish()
    }
}

/// Signs `req` with `secret_key`, returning the Base64 `Signature` value.
pub fn sign<K: AsRef<str>, V: AsRef<str>>(
    secret_key: &str,
    req: &V1Request<'_, K, V>,
) -> Result<String, SignError> {
    Ok(trace(secret_key, req)?.signature)
}

/// Computes every intermediate string of the signature.
pub fn trace<K: AsRef<str>, V: AsRef<str>>(
    secret_key: &str,
    req: &V1Request<'_, K, V>,
) -> Result<V1Trace, SignError> {
    check::method(req.method)?;
    check::header_value("Host", req.host)?;
    check::path(req.path)?;

    // Sorted by name in byte order (`TagValue.10` before `TagValue.2`);
    // the sort is stable, so a repeated name keeps its input order.
    let mut params: Vec<(&str, &str)> = req
        .params
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    params.sort_by(|a, b| a.0.cmp(b.0));
    let param_string = params
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{}{}{}?{param_string}", req.method, req.host, req.path);
    let key = secret_key.as_bytes();
    let signature = match req.signature_method {
        V1Method::HmacSha1 => STANDARD.encode(hmac_sha1(key, string_to_sign.as_bytes())),
        V1Method::HmacSha256 => STANDARD.encode(hmac_sha256(key, string_to_sign.as_bytes())),
    };
    Ok(V1Trace {
        param_string,
        string_to_sign,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 256 list items sharing a prefix sort by name in byte order
    /// (`InstanceIds.12` before `InstanceIds.2`, as the vendor documents),
    /// values raw; the expected string is written from the rule.
    #[test]
    fn long_lists_sort_by_byte_order() {
        let mut params: Vec<(String, String)> = (0..256)
            .rev()
            .map(|i| (format!("InstanceIds.{i}"), format!("ins {i}/+=")))
            .collect();
        params.push(("Action".into(), "DescribeInstances".into()));
        let req = V1Request {
            method: "GET",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            params: &params,
            signature_method: V1Method::HmacSha256,
        };
        let t = trace("secret", &req).unwrap();
        assert!(t.string_to_sign.starts_with(
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins 0/+=&\
             InstanceIds.1=ins 1/+=&InstanceIds.10=ins 10/+=&InstanceIds.100=ins 100/+=&"
        ));
        assert!(t.param_string.ends_with("&InstanceIds.99=ins 99/+="));
        assert_eq!(t.param_string.matches('&').count(), 256);
        assert_eq!(
            sign("secret", &req).unwrap(),
            STANDARD.encode(hmac_sha256(b"secret", t.string_to_sign.as_bytes()))
        );
    }

    #[test]
    fn bad_method_path_or_host_is_an_error() {
        let params = [("Action", "DescribeInstances")];
        let req = V1Request {
            method: "GET",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            params: &params,
            signature_method: V1Method::HmacSha1,
        };
        assert!(sign("s", &req).is_ok());
        let lower = V1Request {
            method: "get",
            ..req
        };
        assert_eq!(sign("s", &lower), Err(SignError::InvalidMethod));
        let relative = V1Request { path: "x", ..req };
        assert_eq!(sign("s", &relative), Err(SignError::InvalidPath));
        let injected = V1Request {
            host: "cvm.tencentcloudapi.com\r\nX-Evil: 1",
            ..req
        };
        assert!(matches!(
            sign("s", &injected),
            Err(SignError::InvalidHeader { .. })
        ));
    }
}
