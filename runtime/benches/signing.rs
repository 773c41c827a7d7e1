//! Each signer against a "floor" measured in the same run: the same
//! signature written the straightforward way, with `String`, `sort` and
//! `format!` building the canonical strings from the vendor's formula, then
//! hashing them. The floors are below, one function per signer, and each is
//! checked against the vector before it is timed.
//!
//! This is a guard, not a race: each signer must stay within 1.5x of its
//! floor (the figures are in the top-level README, "Signing cost").
//!
//! Inputs are DTS requests from the signing vectors (`tests/vectors/`):
//! TC3 `CreateMigrationService`, v1 `CreateMigrationService` (HmacSHA256),
//! Alibaba V2 and ACS3 `ModifyDtsJob`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cloud_sdk_runtime::sign::acs3::{self, Acs3Request};
use cloud_sdk_runtime::sign::roa_v1::{self, RoaV1Request};
use cloud_sdk_runtime::sign::rpc_v2::{self, RpcV2Request};
use cloud_sdk_runtime::sign::tc3::{self, Tc3Request, Tc3SigningKey};
use cloud_sdk_runtime::sign::tencent_v1::{self, V1Method, V1Request};
use cloud_sdk_runtime::sign::{sha256_hex, AccessKey};
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::path::PathBuf;

type Pairs = Vec<(String, String)>;

fn vector(file: &str, id: &str) -> Value {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("vector file is JSON");
    doc["vectors"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("{id} not in {file}"))
        .clone()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn pairs(v: &Value) -> Pairs {
    serde_json::from_value(v.clone()).expect("pair list")
}

fn expected<'a>(v: &'a Value, key: &str) -> &'a str {
    s(&v["expected"], key)
}

// ---------------------------------------------------------------------------
// The floors: each vendor's formula, written plainly.

fn sha256(data: &str) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac256(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hmac1(key: &str, data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986: all but `A-Z a-z 0-9 - _ . ~` escaped.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

struct Tc3Input<'a> {
    secret_id: &'a str,
    method: &'a str,
    query: &'a str,
    content_type: &'a str,
    host: &'a str,
    body: &'a str,
    timestamp: i64,
    service: &'a str,
}

/// The UTC date of a Unix timestamp, `YYYY-MM-DD`.
fn utc_date(timestamp: i64) -> String {
    time::UtcDateTime::from_unix_timestamp(timestamp)
        .unwrap()
        .date()
        .to_string()
}

/// TC3 given the signing key `HMAC(HMAC(HMAC("TC3" + secret, date), service), "tc3_request")`.
fn tc3_floor_with_key(t: &Tc3Input<'_>, signing_key: &[u8]) -> String {
    let canonical_request = format!(
        "{}\n/\n{}\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        t.method,
        t.query,
        t.content_type,
        t.host,
        sha256(t.body)
    );
    let scope = format!("{}/{}/tc3_request", utc_date(t.timestamp), t.service);
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{}\n{scope}\n{}",
        t.timestamp,
        sha256(&canonical_request)
    );
    let signature = hex::encode(hmac256(signing_key, &string_to_sign));
    format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=content-type;host, Signature={signature}",
        t.secret_id
    )
}

fn tc3_signing_key(secret_key: &str, date: &str, service: &str) -> Vec<u8> {
    let k_date = hmac256(format!("TC3{secret_key}").as_bytes(), date);
    let k_service = hmac256(&k_date, service);
    hmac256(&k_service, "tc3_request")
}

fn tc3_floor(t: &Tc3Input<'_>, secret_key: &str) -> String {
    let date = utc_date(t.timestamp);
    tc3_floor_with_key(t, &tc3_signing_key(secret_key, &date, t.service))
}

fn tencent_v1_floor(secret_key: &str, method: &str, host: &str, params: &Pairs) -> String {
    let mut params = params.clone();
    params.sort();
    let param_string = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{method}{host}/?{param_string}");
    STANDARD.encode(hmac256(secret_key.as_bytes(), &string_to_sign))
}

fn rpc_v2_floor(secret: &str, method: &str, query: &Pairs, form: &Pairs) -> String {
    let mut params: Pairs = query.iter().chain(form).cloned().collect();
    params.sort();
    let canonicalized = params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{method}&%2F&{}", encode(&canonicalized));
    STANDARD.encode(hmac1(&format!("{secret}&"), &string_to_sign))
}

struct Acs3Input<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a Pairs,
    headers: &'a Pairs,
    body: &'a str,
}

fn acs3_floor(key: &AccessKey<'_>, t: &Acs3Input<'_>) -> String {
    let (query, headers, body) = (t.query, t.headers, t.body);
    let hashed_payload = sha256(body);
    let mut query = query.clone();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers: Pairs = headers
        .iter()
        .map(|(k, v)| (k.to_lowercase(), v.trim().to_string()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request = format!(
        "{}\n{}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}",
        t.method, t.path
    );
    let string_to_sign = format!("ACS3-HMAC-SHA256\n{}", sha256(&canonical_request));
    let signature = hex::encode(hmac256(key.secret.as_bytes(), &string_to_sign));
    format!(
        "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed_headers},Signature={signature}",
        key.id
    )
}

fn roa_v1_floor(
    key: &AccessKey<'_>,
    method: &str,
    path: &str,
    query: &Pairs,
    headers: &Pairs,
) -> String {
    let mut headers: Pairs = headers
        .iter()
        .map(|(k, v)| (k.to_lowercase(), v.clone()))
        .collect();
    headers.sort();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let canonicalized_headers: String = headers
        .iter()
        .filter(|(k, _)| k.starts_with("x-acs-"))
        .map(|(k, v)| format!("{k}:{v}\n"))
        .collect();
    let mut query = query.clone();
    query.sort();
    let items: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let string_to_sign = format!(
        "{method}\n{}\n{}\n{}\n{}\n{canonicalized_headers}{path}?{}",
        header("accept"),
        header("content-md5"),
        header("content-type"),
        header("date"),
        items.join("&")
    );
    let signature = STANDARD.encode(hmac1(key.secret, &string_to_sign));
    format!("acs {}:{signature}", key.id)
}

// ---------------------------------------------------------------------------
// Benchmarks: each signer next to its floor.

fn tc3(c: &mut Criterion) {
    let v = vector(
        "tencent-tc3.json",
        "tc3-dts2021-createmigrationservice-post",
    );
    let key = AccessKey {
        id: s(&v["credentials"], "secret_id"),
        secret: s(&v["credentials"], "secret_key"),
    };
    let req = Tc3Request {
        service: s(&v, "service"),
        host: s(&v, "host"),
        method: s(&v, "method"),
        path: s(&v, "path"),
        content_type: "application/json",
        query_string: s(&v, "query_string"),
        body: s(&v, "body").as_bytes(),
        timestamp: v["timestamp"].as_i64().expect("timestamp"),
    };
    let want = expected(&v, "authorization");
    assert_eq!(tc3::sign(&key, &req).unwrap().authorization(), want);
    let cached = Tc3SigningKey::for_timestamp(key.secret, req.timestamp, req.service).unwrap();
    let input = Tc3Input {
        secret_id: key.id,
        method: req.method,
        query: req.query_string,
        content_type: req.content_type,
        host: req.host,
        body: s(&v, "body"),
        timestamp: req.timestamp,
        service: req.service,
    };
    assert_eq!(utc_date(req.timestamp), expected(&v, "date"));
    assert_eq!(tc3_floor(&input, key.secret), want);
    let floor_key = tc3_signing_key(key.secret, expected(&v, "date"), input.service);
    assert_eq!(tc3_floor_with_key(&input, &floor_key), want);

    let mut g = c.benchmark_group("tc3");
    g.bench_function("sign", |b| {
        b.iter(|| tc3::sign(black_box(&key), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| tc3_floor(black_box(&input), black_box(key.secret)))
    });
    g.bench_function("sign_cached_key", |b| {
        b.iter(|| tc3::sign_with_key(key.id, black_box(&cached), black_box(&req)))
    });
    g.bench_function("floor_cached_key", |b| {
        b.iter(|| tc3_floor_with_key(black_box(&input), black_box(&floor_key)))
    });
    g.finish();
}

fn tencent_v1(c: &mut Criterion) {
    let v = vector(
        "tencent-v1.json",
        "v1-dts2021-createmigrationservice-hmacsha256-post",
    );
    let secret = s(&v["credentials"], "secret_key");
    let params = pairs(&v["params"]);
    let req = V1Request {
        method: s(&v, "method"),
        host: s(&v, "host"),
        path: s(&v, "path"),
        params: &params,
        signature_method: V1Method::HmacSha256,
    };
    let want = expected(&v, "signature");
    assert_eq!(tencent_v1::sign(secret, &req).unwrap(), want);
    assert_eq!(
        tencent_v1_floor(secret, req.method, req.host, &params),
        want
    );

    let mut g = c.benchmark_group("tencent_v1");
    g.bench_function("sign", |b| {
        b.iter(|| tencent_v1::sign(black_box(secret), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| tencent_v1_floor(black_box(secret), req.method, req.host, black_box(&params)))
    });
    g.finish();
}

fn rpc_v2(c: &mut Criterion) {
    let v = vector("alibaba-rpc-v2.json", "v2-dts-modifydtsjob-dblist");
    let secret = s(&v["credentials"], "access_key_secret");
    let (query, form) = (pairs(&v["query"]), pairs(&v["form"]));
    let req = RpcV2Request {
        method: s(&v, "method"),
        query: &query,
        form: &form,
    };
    let want = expected(&v, "signature");
    assert_eq!(rpc_v2::sign(secret, &req).unwrap(), want);
    assert_eq!(rpc_v2_floor(secret, req.method, &query, &form), want);

    let mut g = c.benchmark_group("rpc_v2");
    g.bench_function("sign", |b| {
        b.iter(|| rpc_v2::sign(black_box(secret), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| rpc_v2_floor(black_box(secret), req.method, black_box(&query), &form))
    });
    g.finish();
}

fn acs3(c: &mut Criterion) {
    let v = vector(
        "alibaba-acs3.json",
        "acs3-dts-modifydtsjob-dblist-sdk-headers",
    );
    let key = AccessKey {
        id: s(&v["credentials"], "access_key_id"),
        secret: s(&v["credentials"], "access_key_secret"),
    };
    assert_eq!(s(&v, "method"), "POST");
    let (query, headers) = (pairs(&v["query"]), pairs(&v["headers"]));
    let body = s(&v, "body");
    // The payload hash is part of the work: the signer needs it as input.
    let sign = |body: &str| {
        let hashed = sha256_hex(body.as_bytes());
        let req = Acs3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            hashed_payload: &hashed,
        };
        acs3::sign(&key, &req)
    };
    let want = expected(&v, "authorization");
    assert_eq!(sign(body).unwrap().authorization(), want);
    let input = Acs3Input {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        body,
    };
    assert_eq!(acs3_floor(&key, &input), want);

    let mut g = c.benchmark_group("acs3");
    g.bench_function("sign", |b| b.iter(|| sign(black_box(body))));
    g.bench_function("floor", |b| b.iter(|| acs3_floor(&key, black_box(&input))));
    g.finish();
}

// The ROA signers on CS (Container Service) requests: ACS3 over a real
// path with a JSON body, and the older ROA signature on a query.

fn roa_acs3(c: &mut Criterion) {
    let v = vector(
        "alibaba-roa.json",
        "acs3-roa-cs-createclusternodepool-post-json",
    );
    let key = AccessKey {
        id: s(&v["credentials"], "access_key_id"),
        secret: s(&v["credentials"], "access_key_secret"),
    };
    let (query, headers) = (pairs(&v["query"]), pairs(&v["headers"]));
    let input = Acs3Input {
        method: s(&v, "method"),
        path: s(&v, "path"),
        query: &query,
        headers: &headers,
        body: s(&v, "body"),
    };
    let sign = |t: &Acs3Input<'_>| {
        let hashed = sha256_hex(t.body.as_bytes());
        let req = Acs3Request {
            method: t.method,
            path: t.path,
            query: t.query,
            headers: t.headers,
            hashed_payload: &hashed,
        };
        acs3::sign(&key, &req)
    };
    let want = expected(&v, "authorization");
    assert_eq!(sign(&input).unwrap().authorization(), want);
    assert_eq!(acs3_floor(&key, &input), want);

    let mut g = c.benchmark_group("roa_acs3");
    g.bench_function("sign", |b| b.iter(|| sign(black_box(&input))));
    g.bench_function("floor", |b| b.iter(|| acs3_floor(&key, black_box(&input))));
    g.finish();
}

fn roa_v1(c: &mut Criterion) {
    let v = vector(
        "alibaba-roa-v1.json",
        "roa1-cs-describeclustersv1-get-query",
    );
    let key = AccessKey {
        id: s(&v["credentials"], "access_key_id"),
        secret: s(&v["credentials"], "access_key_secret"),
    };
    let (query, headers) = (pairs(&v["query"]), pairs(&v["headers"]));
    let req = RoaV1Request {
        method: s(&v, "method"),
        path: s(&v, "path"),
        query: &query,
        headers: &headers,
    };
    let want = expected(&v, "authorization");
    assert_eq!(roa_v1::sign(&key, &req).unwrap().authorization(), want);
    assert_eq!(
        roa_v1_floor(&key, req.method, req.path, &query, &headers),
        want
    );

    let mut g = c.benchmark_group("roa_v1");
    g.bench_function("sign", |b| {
        b.iter(|| roa_v1::sign(black_box(&key), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| roa_v1_floor(&key, req.method, req.path, black_box(&query), &headers))
    });
    g.finish();
}

criterion_group!(benches, tc3, tencent_v1, rpc_v2, acs3, roa_acs3, roa_v1);
criterion_main!(benches);
