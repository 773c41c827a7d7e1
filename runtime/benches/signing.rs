//! Signer cost against a "floor": the bare SHA-256/HMAC work the same
//! request needs (payload hash, canonical-request hash, key derivation, final
//! MAC, hex/Base64 of the result) on precomputed canonical strings. The
//! ratio `signer / floor` is the overhead of canonicalisation; the target is
//! at most 1.5.
//!
//! Inputs are DTS requests from the signing vectors (`tests/vectors/`):
//! TC3 `CreateMigrationService`, v1 `CreateMigrationService` (HmacSHA256),
//! Alibaba V2 and ACS3 `ModifyDtsJob`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cloud_sdk_runtime::sign::acs3::{self, Acs3Request};
use cloud_sdk_runtime::sign::rpc_v2::{self, RpcV2Request};
use cloud_sdk_runtime::sign::tc3::{self, Tc3Request, Tc3SigningKey};
use cloud_sdk_runtime::sign::tencent_v1::{self, V1Method, V1Request};
use cloud_sdk_runtime::sign::{sha256_hex, AccessKey, HexDigest};
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha1::Sha1;
use sha2::Sha256;
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

fn hmac256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

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
    assert_eq!(
        tc3::sign(&key, &req).unwrap().authorization(),
        expected(&v, "authorization")
    );
    let cached = Tc3SigningKey::for_timestamp(key.secret, req.timestamp, req.service).unwrap();
    let canonical_request = expected(&v, "canonical_request").as_bytes();
    let string_to_sign = expected(&v, "string_to_sign").as_bytes();
    let (date, service) = (expected(&v, "date").as_bytes(), req.service.as_bytes());
    let secret_tc3 = format!("TC3{}", key.secret);
    let signing_mac = Hmac::<Sha256>::new_from_slice(&hmac256(
        &hmac256(&hmac256(secret_tc3.as_bytes(), date), service),
        b"tc3_request",
    ))
    .unwrap();

    let mut g = c.benchmark_group("tc3");
    g.bench_function("sign", |b| {
        b.iter(|| tc3::sign(black_box(&key), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| {
            let payload = sha256_hex(black_box(req.body));
            let request = sha256_hex(black_box(canonical_request));
            let k_date = hmac256(black_box(secret_tc3.as_bytes()), date);
            let k_service = hmac256(&k_date, service);
            let k_signing = hmac256(&k_service, b"tc3_request");
            let signature = HexDigest::from_bytes(&hmac256(&k_signing, black_box(string_to_sign)));
            (payload, request, signature)
        })
    });
    g.bench_function("sign_cached_key", |b| {
        b.iter(|| tc3::sign_with_key(key.id, black_box(&cached), black_box(&req)))
    });
    g.bench_function("floor_cached_key", |b| {
        b.iter(|| {
            let payload = sha256_hex(black_box(req.body));
            let request = sha256_hex(black_box(canonical_request));
            let mut mac = black_box(&signing_mac).clone();
            mac.update(black_box(string_to_sign));
            let signature = HexDigest::from_bytes(&mac.finalize().into_bytes().into());
            (payload, request, signature)
        })
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
    assert_eq!(
        tencent_v1::sign(secret, &req).unwrap(),
        expected(&v, "signature")
    );
    let string_to_sign = expected(&v, "string_to_sign").as_bytes();

    let mut g = c.benchmark_group("tencent_v1");
    g.bench_function("sign", |b| {
        b.iter(|| tencent_v1::sign(black_box(secret), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| {
            STANDARD.encode(hmac256(
                black_box(secret.as_bytes()),
                black_box(string_to_sign),
            ))
        })
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
    assert_eq!(
        rpc_v2::sign(secret, &req).unwrap(),
        expected(&v, "signature")
    );
    let string_to_sign = expected(&v, "string_to_sign").as_bytes();
    let key = format!("{secret}&");

    let mut g = c.benchmark_group("rpc_v2");
    g.bench_function("sign", |b| {
        b.iter(|| rpc_v2::sign(black_box(secret), black_box(&req)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| {
            let mut mac = Hmac::<Sha1>::new_from_slice(black_box(key.as_bytes())).unwrap();
            mac.update(black_box(string_to_sign));
            STANDARD.encode(mac.finalize().into_bytes())
        })
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
    let (query, headers) = (pairs(&v["query"]), pairs(&v["headers"]));
    let body = s(&v, "body").as_bytes();
    let sign = |body: &[u8]| {
        let hashed = sha256_hex(body);
        let req = Acs3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            hashed_payload: &hashed,
        };
        acs3::sign(&key, &req)
    };
    assert_eq!(
        sign(body).unwrap().authorization(),
        expected(&v, "authorization")
    );
    let canonical_request = expected(&v, "canonical_request").as_bytes();
    let string_to_sign = expected(&v, "string_to_sign").as_bytes();

    let mut g = c.benchmark_group("acs3");
    g.bench_function("sign", |b| b.iter(|| sign(black_box(body))));
    g.bench_function("floor", |b| {
        b.iter(|| {
            let payload = sha256_hex(black_box(body));
            let request = sha256_hex(black_box(canonical_request));
            let signature = HexDigest::from_bytes(&hmac256(
                black_box(key.secret.as_bytes()),
                black_box(string_to_sign),
            ));
            (payload, request, signature)
        })
    });
    g.finish();
}

criterion_group!(benches, tc3, tencent_v1, rpc_v2, acs3);
criterion_main!(benches);
