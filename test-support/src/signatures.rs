//! Independent signature checks: HMAC and SHA computed here from what the
//! server received, not by the runtime's signer.

use std::collections::BTreeMap;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::encoding::rfc3986;
use crate::server::Recorded;

fn hmac256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hmac1(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn utc_date(timestamp: i64) -> String {
    // Civil from days (Howard Hinnant).
    let days = timestamp.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Recomputes a TC3 signature from what the server received and compares
/// it with the `Authorization` header. Returns the signature.
pub fn verify_tc3(request: &Recorded, secret_id: &str, secret_key: &str, service: &str) -> String {
    let timestamp: i64 = request.header("x-tc-timestamp").unwrap().parse().unwrap();
    let content_type = request.header("content-type").unwrap();
    let host = request.header("host").unwrap();
    let canonical_request = format!(
        "{}\n/\n{}\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        request.method,
        request.query,
        content_type,
        host,
        sha256_hex(&request.body)
    );
    let date = utc_date(timestamp);
    let scope = format!("{date}/{service}/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac256(&k_date, service.as_bytes());
    let k_signing = hmac256(&k_service, b"tc3_request");
    let signature = hex::encode(hmac256(&k_signing, string_to_sign.as_bytes()));
    let expected = format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    );
    assert_eq!(
        request.header("authorization"),
        Some(expected.as_str()),
        "TC3 signature"
    );
    signature
}

/// Recomputes an ACS3 signature over the headers the request says it
/// signed, after checking that the required ones are among them. The
/// canonical URI is the path as received (`/` for RPC, the expanded
/// template for ROA).
pub fn verify_acs3(request: &Recorded, access_key_id: &str, secret: &str) -> String {
    let authorization = request.header("authorization").unwrap();
    let rest = authorization
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .expect("ACS3 prefix");
    let mut fields = BTreeMap::new();
    for part in rest.split(',') {
        let (k, v) = part.split_once('=').unwrap();
        fields.insert(k, v);
    }
    assert_eq!(fields["Credential"], access_key_id);
    let signed: Vec<&str> = fields["SignedHeaders"].split(';').collect();
    for required in [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ] {
        assert!(
            signed.contains(&required),
            "{required} must be signed: {signed:?}"
        );
    }
    if !request.body.is_empty() {
        assert!(signed.contains(&"content-type"));
    }
    for (name, _) in &request.headers {
        if name.starts_with("x-acs-") {
            assert!(signed.contains(&name.as_str()), "{name} must be signed");
        }
    }
    let mut sorted_signed = signed.clone();
    sorted_signed.sort();
    assert_eq!(signed, sorted_signed, "signed headers sorted");
    assert_eq!(
        request.header("x-acs-content-sha256").unwrap(),
        sha256_hex(&request.body),
        "payload hash"
    );
    let mut query: Vec<(String, String)> = request.query_params().into_iter().collect();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&");
    let canonical_headers: String = signed
        .iter()
        .map(|name| format!("{name}:{}\n", request.header(name).unwrap().trim()))
        .collect();
    let canonical_request = format!(
        "{}\n{}\n{canonical_query}\n{canonical_headers}\n{}\n{}",
        request.method,
        request.path,
        fields["SignedHeaders"],
        sha256_hex(&request.body)
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hex::encode(hmac256(secret.as_bytes(), string_to_sign.as_bytes()));
    assert_eq!(fields["Signature"], signature, "ACS3 signature");
    signature
}

/// Recomputes a Tencent v1 signature (query or form parameters).
pub fn verify_tencent_v1(request: &Recorded, secret_key: &str) -> String {
    let mut params = if request.method == "GET" {
        request.query_params()
    } else {
        request.form_params()
    };
    let signature = params.remove("Signature").expect("Signature");
    let param_string = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!(
        "{}{}/?{param_string}",
        request.method,
        request.header("host").unwrap()
    );
    let mac = match params.get("SignatureMethod").map(String::as_str) {
        Some("HmacSHA256") => hmac256(secret_key.as_bytes(), string_to_sign.as_bytes()),
        _ => hmac1(secret_key.as_bytes(), string_to_sign.as_bytes()),
    };
    let expected = base64::engine::general_purpose::STANDARD.encode(mac);
    assert_eq!(signature, expected, "Tencent v1 signature");
    signature
}

/// Recomputes an Alibaba RPC V2 signature over query and form parameters.
pub fn verify_rpc_v2(request: &Recorded, secret: &str) -> String {
    let mut params = request.query_params();
    let signature = params.remove("Signature").expect("Signature");
    params.extend(request.form_params());
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{}&%2F&{}", request.method, rfc3986(&canonical));
    let mac = hmac1(format!("{secret}&").as_bytes(), string_to_sign.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac);
    assert_eq!(signature, expected, "RPC V2 signature");
    signature
}

/// Recomputes the older Alibaba ROA signature (HMAC-SHA1) from what the
/// server received: `Accept`, `Content-MD5`, `Content-Type`, `Date`, the
/// `x-acs-*` headers sorted, then the path and the decoded query sorted.
pub fn verify_roa_v1(request: &Recorded, access_key_id: &str, secret: &str) -> String {
    let authorization = request.header("authorization").unwrap();
    let (id, signature) = authorization
        .strip_prefix("acs ")
        .and_then(|rest| rest.split_once(':'))
        .expect("acs <id>:<signature>");
    assert_eq!(id, access_key_id);
    let header = |name: &str| request.header(name).unwrap_or("").to_owned();
    let mut acs: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("x-acs-"))
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    acs.sort();
    let headers: String = acs.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let query = request.query_params();
    let mut resource = request.path.clone();
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| {
                if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        resource = format!("{resource}?{}", pairs.join("&"));
    }
    let string_to_sign = format!(
        "{}\n{}\n{}\n{}\n{}\n{headers}{resource}",
        request.method,
        header("accept"),
        header("content-md5"),
        header("content-type"),
        header("date"),
    );
    let mac = hmac1(secret.as_bytes(), string_to_sign.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac);
    assert_eq!(signature, expected, "ROA signature 1.0");
    expected
}
