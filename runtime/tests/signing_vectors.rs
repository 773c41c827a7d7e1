//! Checks every signer against the signing vectors in `tests/vectors/`
//! (a copy of the project's shared vectors, computed by the vendors' official
//! SDKs; `tests/vectors/README.md` gives their provenance and
//! `scripts/test.sh` checks the copy against `../shared/vectors`). The files
//! are read at run time so vectors added to them later are checked without
//! code changes; files not listed in `FILES` are left alone.
//!
//! Every intermediate is compared byte for byte with `expected`, field by
//! field; all mismatches of a file are reported together as `id: field`.

use cloud_sdk_runtime::sign::acs3::{self, Acs3Request};
use cloud_sdk_runtime::sign::encode::form_encode_pairs;
use cloud_sdk_runtime::sign::flatten::{flatten_alibaba, flatten_tencent, AlibabaStyle};
use cloud_sdk_runtime::sign::rpc_v2::{self, RpcV2Request};
use cloud_sdk_runtime::sign::tc3::{self, Tc3Request, Tc3SigningKey};
use cloud_sdk_runtime::sign::tencent_v1::{self, V1Method, V1Request};
use cloud_sdk_runtime::sign::{iso8601_utc, sha256_hex, AccessKey, SignError};
use serde_json::Value;
use std::path::PathBuf;

const FILES: [&str; 6] = [
    "tencent-tc3.json",
    "tencent-v1.json",
    "alibaba-rpc-v2.json",
    "alibaba-acs3.json",
    "alibaba-roa.json",
    "alibaba-roa-v1.json",
];

type Pairs = Vec<(String, String)>;

// ---------------------------------------------------------------------------
// Loading and reporting

fn vectors_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    assert!(
        dir.join(FILES[0]).is_file(),
        "signing vectors not found in {}",
        dir.display()
    );
    dir
}

/// The `vectors` array of one file.
fn load(file: &str) -> Vec<Value> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    match doc.get("vectors") {
        Some(Value::Array(vectors)) => vectors.clone(),
        _ => panic!("{} has no `vectors` array", path.display()),
    }
}

/// Collects mismatches across all vectors of a file.
struct Report {
    file: &'static str,
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    fn new(file: &'static str) -> Self {
        Self {
            file,
            checked: 0,
            failures: Vec::new(),
        }
    }

    fn eq(&mut self, id: &str, field: &str, expected: &str, actual: &str) {
        if expected != actual {
            self.failures.push(format!(
                "{id}: {field}\n    expected {expected:?}\n    actual   {actual:?}"
            ));
        }
    }

    /// Compares `actual` with the string `expected[field]`. A label such as
    /// `"signature (streaming)"` names the field `signature`.
    fn expect(&mut self, v: &Value, label: &str, actual: &str) {
        let id = id(v);
        let field = label.split(" (").next().unwrap_or(label);
        match v["expected"].get(field).and_then(Value::as_str) {
            Some(expected) => self.eq(&id, label, expected, actual),
            None => self
                .failures
                .push(format!("{id}: expected.{field} is missing")),
        }
    }

    /// Compares `actual` with the pair list `expected[field]`, in order.
    fn expect_pairs(&mut self, v: &Value, field: &str, actual: &Pairs) {
        let id = id(v);
        match v["expected"].get(field).map(pairs) {
            Some(Ok(expected)) => self.eq(&id, field, &show(&expected), &show(actual)),
            Some(Err(e)) => self.failures.push(format!("{id}: expected.{field}: {e}")),
            None => self
                .failures
                .push(format!("{id}: expected.{field} is missing")),
        }
    }

    fn fail(&mut self, id: &str, what: impl std::fmt::Display) {
        self.failures.push(format!("{id}: {what}"));
    }

    /// Runs `check` on every vector of the file, then fails with every
    /// mismatch if there was any.
    fn run(mut self, check: impl Fn(&mut Self, &Value) -> Result<(), String>) {
        let vectors = load(self.file);
        assert!(!vectors.is_empty(), "{} has no vectors", self.file);
        for v in &vectors {
            if let Err(e) = check(&mut self, v) {
                self.fail(&id(v), e);
            }
            self.checked += 1;
        }
        println!("{}: checked {} vectors", self.file, self.checked);
        assert!(
            self.failures.is_empty(),
            "{}: {} mismatches in {} vectors:\n{}",
            self.file,
            self.failures.len(),
            self.checked,
            self.failures.join("\n")
        );
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or("<no id>").to_owned()
}

fn str_at<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("input `{key}` missing or not a string"))
}

fn int_at(v: &Value, key: &str) -> Result<i64, String> {
    v.get(key)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("input `{key}` missing or not an integer"))
}

/// A pair list: `[[name, value], ...]`.
fn pairs(v: &Value) -> Result<Pairs, String> {
    let list = v.as_array().ok_or("pair list is not an array")?;
    list.iter()
        .map(|p| match p.as_array().map(Vec::as_slice) {
            Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
            _ => Err(format!("bad pair {p}")),
        })
        .collect()
}

fn pairs_at(v: &Value, key: &str) -> Result<Pairs, String> {
    pairs(v.get(key).ok_or_else(|| format!("input `{key}` missing"))?)
}

fn header<'a>(headers: &'a Pairs, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn show(p: &Pairs) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

fn sorted(mut p: Pairs) -> Pairs {
    p.sort();
    p
}

fn err(e: SignError) -> String {
    format!("signer error: {e}")
}

// ---------------------------------------------------------------------------
// Vectors

#[test]
fn every_file_has_vectors_with_unique_ids() {
    for file in FILES {
        let vectors = load(file);
        assert!(!vectors.is_empty(), "{file} has no vectors");
        let mut ids: Vec<String> = vectors.iter().map(id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(
            ids.len(),
            vectors.len(),
            "{file} has duplicate or missing ids"
        );
    }
}

fn tc3_request<'a>(v: &'a Value, headers: &'a Pairs) -> Result<Tc3Request<'a>, String> {
    Ok(Tc3Request {
        service: str_at(v, "service")?,
        host: header(headers, "Host").ok_or("no Host header")?,
        method: str_at(v, "method")?,
        path: str_at(v, "path")?,
        content_type: header(headers, "Content-Type").ok_or("no Content-Type header")?,
        query_string: str_at(v, "query_string")?,
        body: str_at(v, "body")?.as_bytes(),
        timestamp: int_at(v, "timestamp")?,
    })
}

fn tc3_key(v: &Value) -> Result<AccessKey<'_>, String> {
    let c = &v["credentials"];
    Ok(AccessKey {
        id: str_at(c, "secret_id")?,
        secret: str_at(c, "secret_key")?,
    })
}

#[test]
fn tc3_vectors() {
    Report::new("tencent-tc3.json").run(|r, v| {
        let id = id(v);
        let key = tc3_key(v)?;
        let headers = pairs_at(v, "headers")?;
        let req = tc3_request(v, &headers)?;
        r.eq(
            &id,
            "input host = Host header",
            str_at(v, "host")?,
            req.host,
        );

        let t = tc3::trace(&key, &req).map_err(err)?;
        for (field, actual) in [
            ("hashed_payload", &t.hashed_payload),
            ("canonical_headers", &t.canonical_headers),
            ("signed_headers", &t.signed_headers),
            ("canonical_request", &t.canonical_request),
            ("hashed_canonical_request", &t.hashed_canonical_request),
            ("date", &t.date),
            ("credential_scope", &t.credential_scope),
            ("string_to_sign", &t.string_to_sign),
            ("secret_date", &t.secret_date),
            ("secret_service", &t.secret_service),
            ("secret_signing", &t.secret_signing),
            ("signature", &t.signature),
            ("authorization", &t.authorization),
        ] {
            r.expect(v, field, actual);
        }

        // The streaming signer, fresh and with a cached key.
        let s = tc3::sign(&key, &req).map_err(err)?;
        r.expect(v, "signature", s.signature());
        r.expect(v, "authorization", s.authorization());
        let cached =
            Tc3SigningKey::for_timestamp(key.secret, req.timestamp, req.service).map_err(err)?;
        let s = tc3::sign_with_key(key.id, &cached, &req).map_err(err)?;
        r.expect(v, "authorization (cached key)", s.authorization());

        let mut url = format!("https://{}{}", req.host, req.path);
        if !req.query_string.is_empty() {
            url = format!("{url}?{}", req.query_string);
        }
        r.expect(v, "url", &url);
        if let Some(ts) = header(&headers, "X-TC-Timestamp") {
            r.eq(&id, "X-TC-Timestamp header", &req.timestamp.to_string(), ts);
        }

        let query = pairs_at(v, "query")?;
        r.eq(
            &id,
            "query form-encoded = query_string",
            req.query_string,
            &form_encode_pairs(&query),
        );
        if let Some(typed) = v.get("params_typed") {
            if req.method == "GET" {
                let flat = flatten_tencent(typed).map_err(err)?;
                r.expect_pairs(v, "flattened", &flat);
                r.eq(&id, "flattened = query", &show(&query), &show(&flat));
            } else {
                // POST bodies are the SDK's json.dumps: compare parsed values.
                let body: Value =
                    serde_json::from_slice(req.body).map_err(|e| format!("body: {e}"))?;
                if &body != typed {
                    r.fail(&id, "parsed body differs from params_typed");
                }
            }
        }
        Ok(())
    });
}

#[test]
fn tencent_v1_vectors() {
    Report::new("tencent-v1.json").run(|r, v| {
        let id = id(v);
        let key = tc3_key(v)?;
        let params = pairs_at(v, "params")?;
        let method: V1Method = str_at(v, "signature_method")?
            .parse()
            .map_err(|e| format!("{e}"))?;
        let host = str_at(v, "host")?;
        let req = V1Request {
            method: str_at(v, "method")?,
            host,
            path: str_at(v, "path")?,
            params: &params,
            signature_method: method,
        };
        let t = tencent_v1::trace(key.secret, &req).map_err(err)?;
        r.expect(v, "param_string", &t.param_string);
        r.expect(v, "string_to_sign", &t.string_to_sign);
        r.expect(v, "signature", &t.signature);
        let signature = tencent_v1::sign(key.secret, &req).map_err(err)?;
        r.expect(v, "signature (streaming)", &signature);

        // Common parameters agree with the vector's inputs.
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        r.eq(
            &id,
            "Timestamp param",
            &int_at(v, "timestamp")?.to_string(),
            param("Timestamp").unwrap_or(""),
        );
        let nonce = v["nonce"].as_u64().ok_or("nonce is not a u64")?;
        r.eq(
            &id,
            "Nonce param",
            &nonce.to_string(),
            param("Nonce").unwrap_or(""),
        );
        r.eq(
            &id,
            "SecretId param",
            key.id,
            param("SecretId").unwrap_or(""),
        );

        // The SDK's wire encoding: params in SDK order, Signature last.
        let mut wire = params.clone();
        wire.push(("Signature".into(), signature));
        let encoded = form_encode_pairs(&wire);
        let (url, body) = match req.method {
            "GET" => (format!("https://{host}/?{encoded}"), String::new()),
            _ => (format!("https://{host}/"), encoded),
        };
        r.expect(v, "url", &url);
        r.expect(v, "body", &body);

        if let Some(typed) = v.get("params_typed") {
            let flat = flatten_tencent(typed).map_err(err)?;
            r.expect_pairs(v, "flattened", &flat);
            for pair in &flat {
                if !params.contains(pair) {
                    r.fail(
                        &id,
                        format!("flattened pair {pair:?} is not a signed param"),
                    );
                }
            }
        }
        Ok(())
    });
}

fn alibaba_key(v: &Value) -> Result<AccessKey<'_>, String> {
    let c = &v["credentials"];
    Ok(AccessKey {
        id: str_at(c, "access_key_id")?,
        secret: str_at(c, "access_key_secret")?,
    })
}

/// Checks `expected.flattened` ({query, body}) of an Alibaba vector against
/// the flattener. The vectors carry no style metadata, so a container sent
/// as one parameter under its own name is `json`, any other container
/// `repeatList`, a scalar plain.
fn check_alibaba_flattening(
    r: &mut Report,
    v: &Value,
    query: &Pairs,
    form: &Pairs,
) -> Result<(), String> {
    let Some(typed) = v.get("params_typed") else {
        return Ok(());
    };
    let id = id(v);
    let exp = v["expected"]
        .get("flattened")
        .ok_or("expected.flattened missing")?;
    let exp_query = pairs_at(exp, "query")?;
    let exp_body = pairs_at(exp, "body")?;
    let mut all_expected = exp_query.clone();
    all_expected.extend(exp_body.iter().cloned());

    let mut flat = Vec::new();
    for (name, value) in typed.as_object().ok_or("params_typed is not an object")? {
        let style = match value {
            Value::Object(_) | Value::Array(_) if all_expected.iter().any(|(k, _)| k == name) => {
                AlibabaStyle::Json
            }
            Value::Object(_) | Value::Array(_) => AlibabaStyle::RepeatList,
            _ => AlibabaStyle::Plain,
        };
        flatten_alibaba(name, style, value, &mut flat).map_err(err)?;
    }
    r.eq(
        &id,
        "flattened (query+body, sorted)",
        &show(&sorted(all_expected)),
        &show(&sorted(flat)),
    );
    for pair in &exp_query {
        if !query.contains(pair) {
            r.fail(
                &id,
                format!("flattened query pair {pair:?} is not in `query`"),
            );
        }
    }
    r.eq(
        &id,
        "flattened.body = form",
        &show(&sorted(exp_body)),
        &show(&sorted(form.clone())),
    );
    Ok(())
}

/// The request's timestamp inputs agree with each other.
fn check_alibaba_timestamp(r: &mut Report, v: &Value) -> Result<(), String> {
    let formatted = iso8601_utc(int_at(v, "timestamp_epoch")?).map_err(err)?;
    r.eq(
        &id(v),
        "timestamp = iso8601(timestamp_epoch)",
        str_at(v, "timestamp")?,
        &formatted,
    );
    Ok(())
}

/// The SDK's form body: fields sorted by name, form-encoded.
fn form_body(form: &Pairs) -> String {
    form_encode_pairs(&sorted(form.clone()))
}

#[test]
fn alibaba_rpc_v2_vectors() {
    Report::new("alibaba-rpc-v2.json").run(|r, v| {
        let id = id(v);
        let key = alibaba_key(v)?;
        let query = pairs_at(v, "query")?;
        let form = pairs_at(v, "form")?;
        let req = RpcV2Request {
            method: str_at(v, "method")?,
            query: &query,
            form: &form,
        };
        let t = rpc_v2::trace(key.secret, &req).map_err(err)?;
        r.expect(v, "canonicalized_query", &t.canonicalized_query);
        r.expect(v, "string_to_sign", &t.string_to_sign);
        r.expect(v, "signature", &t.signature);
        let signature = rpc_v2::sign(key.secret, &req).map_err(err)?;
        r.expect(v, "signature (streaming)", &signature);

        let mut wire = query.clone();
        wire.push(("Signature".into(), signature));
        r.expect(
            v,
            "url",
            &format!(
                "https://{}/?{}",
                str_at(v, "host")?,
                form_encode_pairs(&wire)
            ),
        );
        r.eq(
            &id,
            "body = form-encoded form",
            str_at(v, "body")?,
            &form_body(&form),
        );

        check_alibaba_timestamp(r, v)?;
        let param = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        r.eq(
            &id,
            "Timestamp param",
            str_at(v, "timestamp")?,
            param("Timestamp").unwrap_or(""),
        );
        r.eq(
            &id,
            "SignatureNonce param",
            str_at(v, "nonce")?,
            param("SignatureNonce").unwrap_or(""),
        );
        r.eq(
            &id,
            "AccessKeyId param",
            key.id,
            param("AccessKeyId").unwrap_or(""),
        );
        check_alibaba_flattening(r, v, &query, &form)
    });
}

#[test]
fn alibaba_acs3_vectors() {
    Report::new("alibaba-acs3.json").run(|r, v| {
        let id = id(v);
        let key = alibaba_key(v)?;
        let query = pairs_at(v, "query")?;
        let form = pairs_at(v, "form")?;
        let headers = pairs_at(v, "headers")?;
        let body = str_at(v, "body")?;
        let hashed = sha256_hex(body.as_bytes());
        let req = Acs3Request {
            method: str_at(v, "method")?,
            path: str_at(v, "path")?,
            query: &query,
            headers: &headers,
            hashed_payload: &hashed,
        };
        let t = acs3::trace(&key, &req).map_err(err)?;
        for (field, actual) in [
            ("hashed_payload", &t.hashed_payload),
            ("canonical_query", &t.canonical_query),
            ("canonical_headers", &t.canonical_headers),
            ("signed_headers", &t.signed_headers),
            ("canonical_request", &t.canonical_request),
            ("hashed_canonical_request", &t.hashed_canonical_request),
            ("string_to_sign", &t.string_to_sign),
            ("signature", &t.signature),
            ("authorization", &t.authorization),
        ] {
            r.expect(v, field, actual);
        }
        let s = acs3::sign(&key, &req).map_err(err)?;
        r.expect(v, "signature (streaming)", s.signature());
        r.expect(v, "authorization (streaming)", s.authorization());

        let host = str_at(v, "host")?;
        r.eq(
            &id,
            "host header",
            host,
            header(&headers, "host").unwrap_or(""),
        );
        let mut url = format!("https://{host}/");
        if !query.is_empty() {
            url = format!("{url}?{}", form_encode_pairs(&query));
        }
        r.expect(v, "url", &url);
        r.eq(&id, "body = form-encoded form", body, &form_body(&form));

        check_alibaba_timestamp(r, v)?;
        r.eq(
            &id,
            "x-acs-date",
            str_at(v, "timestamp")?,
            header(&headers, "x-acs-date").unwrap_or(""),
        );
        r.eq(
            &id,
            "x-acs-signature-nonce",
            str_at(v, "nonce")?,
            header(&headers, "x-acs-signature-nonce").unwrap_or(""),
        );
        check_alibaba_flattening(r, v, &query, &form)
    });
}

// ---------------------------------------------------------------------------
// Negative tests: each one would fail against a signer that ignores an input.

fn first(file: &str) -> Value {
    load(file).swap_remove(0)
}

/// `s` with its first byte replaced by a different ASCII letter.
fn flip_first_byte(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    b[0] = if b[0] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).unwrap()
}

#[test]
fn tc3_depends_on_secret_and_content_type() {
    let v = first("tencent-tc3.json");
    let headers = pairs_at(&v, "headers").unwrap();
    let req = tc3_request(&v, &headers).unwrap();
    let key = tc3_key(&v).unwrap();
    let good = tc3::trace(&key, &req).unwrap();
    assert_eq!(good.signature, v["expected"]["signature"].as_str().unwrap());

    let secret = flip_first_byte(key.secret);
    let flipped = AccessKey {
        id: key.id,
        secret: &secret,
    };
    let bad = tc3::trace(&flipped, &req).unwrap();
    assert_ne!(bad.secret_date, good.secret_date);
    assert_ne!(bad.signature, good.signature);
    assert_ne!(
        tc3::sign(&flipped, &req).unwrap(),
        tc3::sign(&key, &req).unwrap()
    );

    let other = Tc3Request {
        content_type: "application/x-www-form-urlencoded",
        ..req
    };
    let bad = tc3::trace(&key, &other).unwrap();
    assert_ne!(bad.canonical_headers, good.canonical_headers);
    assert_ne!(bad.canonical_request, good.canonical_request);
    assert_ne!(bad.signature, good.signature);

    let body = [req.body, b" "].concat();
    let other = Tc3Request { body: &body, ..req };
    assert_ne!(
        tc3::trace(&key, &other).unwrap().hashed_payload,
        good.hashed_payload
    );
}

#[test]
fn tc3_rejects_bad_input_and_stale_keys() {
    let v = first("tencent-tc3.json");
    let headers = pairs_at(&v, "headers").unwrap();
    let req = tc3_request(&v, &headers).unwrap();
    let key = tc3_key(&v).unwrap();

    let next_day =
        Tc3SigningKey::for_timestamp(key.secret, req.timestamp + 86_400, req.service).unwrap();
    assert!(!next_day.covers(req.timestamp, req.service));
    assert_eq!(
        tc3::sign_with_key(key.id, &next_day, &req),
        Err(SignError::KeyScopeMismatch)
    );
    let other_service = Tc3SigningKey::for_timestamp(key.secret, req.timestamp, "cvmx").unwrap();
    assert_eq!(
        tc3::sign_with_key(key.id, &other_service, &req),
        Err(SignError::KeyScopeMismatch)
    );

    let injected = Tc3Request {
        content_type: "application/json\nx-evil:1",
        ..req
    };
    assert!(matches!(
        tc3::sign(&key, &injected),
        Err(SignError::InvalidHeader { .. })
    ));
    let lower = Tc3Request {
        method: "post",
        ..req
    };
    assert_eq!(tc3::sign(&key, &lower), Err(SignError::InvalidMethod));
    let negative = Tc3Request {
        timestamp: -1,
        ..req
    };
    assert_eq!(
        tc3::sign(&key, &negative),
        Err(SignError::InvalidTimestamp(-1))
    );
    let spaced = Tc3Request {
        query_string: "a=b c",
        ..req
    };
    assert_eq!(tc3::sign(&key, &spaced), Err(SignError::InvalidQueryString));
}

#[test]
fn tencent_v1_depends_on_secret_method_and_params() {
    let v = first("tencent-v1.json");
    let key = tc3_key(&v).unwrap();
    let params = pairs_at(&v, "params").unwrap();
    let req = V1Request {
        method: "GET",
        host: str_at(&v, "host").unwrap(),
        path: "/",
        params: &params,
        signature_method: V1Method::HmacSha1,
    };
    let good = tencent_v1::sign(key.secret, &req).unwrap();
    assert_eq!(good, v["expected"]["signature"].as_str().unwrap());
    assert_ne!(
        tencent_v1::sign(&flip_first_byte(key.secret), &req).unwrap(),
        good
    );
    let sha256 = V1Request {
        signature_method: V1Method::HmacSha256,
        ..req
    };
    assert_ne!(tencent_v1::sign(key.secret, &sha256).unwrap(), good);
    let post = V1Request {
        method: "POST",
        ..req
    };
    assert_ne!(tencent_v1::sign(key.secret, &post).unwrap(), good);
    let mut more = params.clone();
    more.push(("Zone".into(), "x".into()));
    let more = V1Request {
        params: &more,
        ..req
    };
    assert_ne!(tencent_v1::sign(key.secret, &more).unwrap(), good);
    // Order of the input does not matter: the signer sorts.
    let mut reversed = params.clone();
    reversed.reverse();
    let reversed = V1Request {
        params: &reversed,
        ..req
    };
    assert_eq!(tencent_v1::sign(key.secret, &reversed).unwrap(), good);
}

#[test]
fn rpc_v2_depends_on_secret_and_every_param() {
    let v = first("alibaba-rpc-v2.json");
    let key = alibaba_key(&v).unwrap();
    let query = pairs_at(&v, "query").unwrap();
    let req = RpcV2Request {
        method: "GET",
        query: &query,
        form: &[],
    };
    let good = rpc_v2::sign(key.secret, &req).unwrap();
    assert_eq!(good, v["expected"]["signature"].as_str().unwrap());
    assert_ne!(
        rpc_v2::sign(&flip_first_byte(key.secret), &req).unwrap(),
        good
    );
    // A parameter moved from the query to the form body is still signed.
    let (last, rest) = query.split_last().unwrap();
    let moved = [last.clone()];
    let split = RpcV2Request {
        method: "GET",
        query: rest,
        form: &moved,
    };
    assert_eq!(rpc_v2::sign(key.secret, &split).unwrap(), good);
    let dropped = RpcV2Request {
        method: "GET",
        query: rest,
        form: &[],
    };
    assert_ne!(rpc_v2::sign(key.secret, &dropped).unwrap(), good);
    // A space is %20 in the string to sign, never `+`.
    let spaced = [("Name".to_owned(), "a b".to_owned())];
    let t = rpc_v2::trace(
        "s",
        &RpcV2Request {
            method: "GET",
            query: &spaced,
            form: &[],
        },
    )
    .unwrap();
    assert_eq!(t.canonicalized_query, "Name=a%20b");
    assert_eq!(t.string_to_sign, "GET&%2F&Name%3Da%2520b");
}

#[test]
fn acs3_signs_exactly_the_given_headers() {
    let v = load("alibaba-acs3.json")
        .into_iter()
        .find(|v| !v["body"].as_str().unwrap_or("").is_empty())
        .expect("an ACS3 vector with a body");
    let key = alibaba_key(&v).unwrap();
    let query = pairs_at(&v, "query").unwrap();
    let headers = pairs_at(&v, "headers").unwrap();
    let hashed = sha256_hex(v["body"].as_str().unwrap().as_bytes());
    let req = Acs3Request {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        hashed_payload: &hashed,
    };
    let good = acs3::trace(&key, &req).unwrap();
    assert_eq!(good.signature, v["expected"]["signature"].as_str().unwrap());
    assert_ne!(
        acs3::sign(
            &AccessKey {
                secret: &flip_first_byte(key.secret),
                ..key
            },
            &req
        )
        .unwrap()
        .signature(),
        good.signature
    );

    // Header order and name case do not matter; an extra header does.
    let mut shuffled: Pairs = headers
        .iter()
        .rev()
        .map(|(k, v)| (k.to_uppercase(), format!(" {v}\t")))
        .collect();
    let same = acs3::trace(
        &key,
        &Acs3Request {
            headers: &shuffled,
            ..req
        },
    )
    .unwrap();
    assert_eq!(same, good);
    shuffled.push(("x-acs-extra".into(), "1".into()));
    let extra = acs3::trace(
        &key,
        &Acs3Request {
            headers: &shuffled,
            ..req
        },
    )
    .unwrap();
    assert!(
        extra.signed_headers.contains(";x-acs-extra;"),
        "{}",
        extra.signed_headers
    );
    assert_ne!(extra.signature, good.signature);

    // The payload hash must agree with x-acs-content-sha256.
    let other = sha256_hex(b"tampered");
    let mismatch = Acs3Request {
        hashed_payload: &other,
        ..req
    };
    assert_eq!(
        acs3::sign(&key, &mismatch),
        Err(SignError::PayloadHashMismatch)
    );

    let mut twice = headers.clone();
    twice.push(("Host".into(), "evil.example".into()));
    let dup = Acs3Request {
        headers: &twice,
        ..req
    };
    assert_eq!(
        acs3::sign(&key, &dup),
        Err(SignError::DuplicateHeader("host".into()))
    );

    let bad_name = [("bad name".to_owned(), "x".to_owned())];
    let bad = Acs3Request {
        headers: &bad_name,
        ..req
    };
    assert!(matches!(
        acs3::sign(&key, &bad),
        Err(SignError::InvalidHeader { .. })
    ));
}

#[test]
fn debug_output_never_shows_secrets() {
    let v = first("tencent-tc3.json");
    let headers = pairs_at(&v, "headers").unwrap();
    let req = tc3_request(&v, &headers).unwrap();
    let key = tc3_key(&v).unwrap();
    let trace = tc3::trace(&key, &req).unwrap();
    let cached = Tc3SigningKey::for_timestamp(key.secret, req.timestamp, req.service).unwrap();
    for text in [
        format!("{key:?}"),
        format!("{trace:?}"),
        format!("{cached:?}"),
        format!("{req:?}"),
    ] {
        assert!(!text.contains(key.secret), "{text}");
        assert!(!text.contains(&trace.secret_date), "{text}");
        assert!(!text.contains(&trace.secret_signing), "{text}");
    }
    assert!(format!("{key:?}").contains(key.id));
}

#[test]
fn debug_of_every_request_and_trace_hides_tokens_and_parameter_values() {
    const TOKEN: &str = "tok-Do-Not-Print";
    const PASSWORD: &str = "pw-Do-Not-Print";
    let key = AccessKey {
        id: "AKIDdebug",
        secret: "secret-Do-Not-Print",
    };
    let params = [
        ("Action", "ModifyMigrateJob"),
        ("SrcInfo.Password", PASSWORD),
        ("Token", TOKEN),
    ];
    let query = format!("Action=ModifyMigrateJob&SrcInfo.Password={PASSWORD}&Token={TOKEN}");
    let tc3 = Tc3Request {
        service: "dts",
        host: "dts.tencentcloudapi.com",
        method: "GET",
        path: "/",
        content_type: "application/x-www-form-urlencoded",
        query_string: &query,
        body: b"",
        timestamp: 1_700_000_000,
    };
    let v1 = V1Request {
        method: "GET",
        host: "dts.tencentcloudapi.com",
        path: "/",
        params: &params,
        signature_method: V1Method::HmacSha256,
    };
    let v2 = RpcV2Request {
        method: "POST",
        query: &params,
        form: &[("Reserve", PASSWORD)],
    };
    let hashed = sha256_hex(b"");
    let acs3_headers = [
        ("host", "dts.aliyuncs.com"),
        ("x-acs-security-token", TOKEN),
    ];
    let acs3 = Acs3Request {
        method: "POST",
        path: "/",
        query: &params,
        headers: &acs3_headers,
        hashed_payload: &hashed,
    };
    let texts = [
        format!("{tc3:?}"),
        format!("{:?}", tc3::trace(&key, &tc3).unwrap()),
        format!("{v1:?}"),
        format!("{:?}", tencent_v1::trace(key.secret, &v1).unwrap()),
        format!("{v2:?}"),
        format!("{:?}", rpc_v2::trace(key.secret, &v2).unwrap()),
        format!("{acs3:?}"),
        format!("{:?}", acs3::trace(&key, &acs3).unwrap()),
    ];
    for text in &texts {
        for secret in [TOKEN, PASSWORD, key.secret] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // What is shown is still useful: the names and the signature.
    assert!(texts[2].contains("SrcInfo.Password"), "{}", texts[2]);
    assert!(texts[3].contains("signature"), "{}", texts[3]);
}

// ---------------------------------------------------------------------------
// Alibaba ROA: ACS3 over the real canonical URI, and the older ROA signature.

use cloud_sdk_runtime::sign::roa::expand_path;
use cloud_sdk_runtime::sign::roa_v1::{self, RoaV1Request};
use cloud_sdk_runtime::sign::{http_date, Signature};

/// The path as sent, from the vector's template and raw path parameters.
fn roa_path(r: &mut Report, v: &Value) -> Result<String, String> {
    let params = pairs_at(v, "path_params")?;
    let path = expand_path(str_at(v, "path_template")?, &params).map_err(err)?;
    r.eq(
        &id(v),
        "path = expand_path(template, params)",
        str_at(v, "path")?,
        &path,
    );
    Ok(path)
}

/// `https://<host><path>` and the SDK's form-encoded query, in SDK order.
fn roa_url(v: &Value, path: &str, query: &Pairs) -> Result<String, String> {
    let url = format!("https://{}{path}", str_at(v, "host")?);
    if query.is_empty() {
        Ok(url)
    } else {
        Ok(format!("{url}?{}", form_encode_pairs(query)))
    }
}

/// `expected.flattened.query` is sent in the query, and it is what the
/// flattener makes of the query members of `params_typed` (containers are
/// `json`-style lists in ROA). The other members are the JSON body: equal
/// to it once the empty lists the Python models add are dropped.
fn check_roa_params(r: &mut Report, v: &Value, query: &Pairs) -> Result<(), String> {
    let id = id(v);
    let flattened = pairs_at(&v["expected"]["flattened"], "query")?;
    for pair in &flattened {
        if !query.contains(pair) {
            r.fail(&id, format!("flattened pair {pair:?} is not in `query`"));
        }
    }
    let typed = match &v["params_typed"] {
        Value::Null => return Ok(()),
        Value::Object(typed) => typed,
        _ => return Err("params_typed is not an object or null".into()),
    };
    let mut flat = Vec::new();
    let mut body_members = serde_json::Map::new();
    for (name, value) in typed {
        if flattened.iter().any(|(k, _)| k == name) {
            let style = match value {
                Value::Object(_) | Value::Array(_) => AlibabaStyle::Json,
                _ => AlibabaStyle::Plain,
            };
            flatten_alibaba(name, style, value, &mut flat).map_err(err)?;
        } else {
            body_members.insert(name.clone(), value.clone());
        }
    }
    r.eq(
        &id,
        "flattened (sorted)",
        &show(&sorted(flattened)),
        &show(&sorted(flat)),
    );
    let body = str_at(v, "body")?;
    let parsed = match body {
        "" => Value::Object(serde_json::Map::new()),
        body => serde_json::from_str(body).map_err(|e| format!("body: {e}"))?,
    };
    if drop_empty_lists(parsed) != Value::Object(body_members) {
        r.fail(&id, "body (empty lists dropped) differs from params_typed");
    }
    Ok(())
}

fn drop_empty_lists(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k, drop_empty_lists(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(drop_empty_lists).collect()),
        other => other,
    }
}

/// The headers on the wire are the given ones plus `Authorization`
/// (compared by lowercase name: the SDKs differ in its case).
fn check_headers_sent(r: &mut Report, v: &Value, headers: &Pairs, s: &Signature) {
    let lowercase = |p: Pairs| -> Pairs {
        let p = p.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v));
        sorted(p.collect())
    };
    let mut sent = headers.clone();
    sent.push(("authorization".into(), s.authorization().to_owned()));
    match pairs(&v["expected"]["headers_sent"]) {
        Ok(expected) => r.eq(
            &id(v),
            "headers_sent (by lowercase name)",
            &show(&lowercase(expected)),
            &show(&lowercase(sent)),
        ),
        Err(e) => r.fail(&id(v), format!("expected.headers_sent: {e}")),
    }
}

/// The nonce and the STS token inputs are the headers sent.
fn check_nonce_and_token(r: &mut Report, v: &Value, headers: &Pairs) {
    let id = id(v);
    if let Some(nonce) = v["nonce"].as_str() {
        let sent = header(headers, "x-acs-signature-nonce").unwrap_or("");
        r.eq(&id, "x-acs-signature-nonce", nonce, sent);
    }
    if let Some(token) = v["credentials"]["token"].as_str() {
        let sent = header(headers, "x-acs-security-token").unwrap_or("");
        r.eq(&id, "x-acs-security-token", token, sent);
    }
}

#[test]
fn alibaba_roa_acs3_vectors() {
    Report::new("alibaba-roa.json").run(|r, v| {
        let id = id(v);
        let key = alibaba_key(v)?;
        let path = roa_path(r, v)?;
        let query = pairs_at(v, "query")?;
        let headers = pairs_at(v, "headers")?;
        let hashed = sha256_hex(str_at(v, "body")?.as_bytes());
        let req = Acs3Request {
            method: str_at(v, "method")?,
            path: &path,
            query: &query,
            headers: &headers,
            hashed_payload: &hashed,
        };
        let t = acs3::trace(&key, &req).map_err(err)?;
        for (field, actual) in [
            ("hashed_payload", &t.hashed_payload),
            ("canonical_uri", &t.canonical_uri),
            ("canonical_query", &t.canonical_query),
            ("canonical_headers", &t.canonical_headers),
            ("signed_headers", &t.signed_headers),
            ("canonical_request", &t.canonical_request),
            ("hashed_canonical_request", &t.hashed_canonical_request),
            ("string_to_sign", &t.string_to_sign),
            ("signature", &t.signature),
            ("authorization", &t.authorization),
        ] {
            r.expect(v, field, actual);
        }
        let s = acs3::sign(&key, &req).map_err(err)?;
        r.expect(v, "signature (sign)", s.signature());
        r.expect(v, "authorization (sign)", s.authorization());
        r.expect(v, "url", &roa_url(v, &path, &query)?);
        check_headers_sent(r, v, &headers, &s);

        let host = header(&headers, "host").unwrap_or("");
        r.eq(&id, "host header", str_at(v, "host")?, host);
        check_alibaba_timestamp(r, v)?;
        let date = header(&headers, "x-acs-date").unwrap_or("");
        r.eq(&id, "x-acs-date", str_at(v, "timestamp")?, date);
        check_nonce_and_token(r, v, &headers);
        check_roa_params(r, v, &query)
    });
}

#[test]
fn alibaba_roa_v1_vectors() {
    Report::new("alibaba-roa-v1.json").run(|r, v| {
        let id = id(v);
        let key = alibaba_key(v)?;
        let path = roa_path(r, v)?;
        let query = pairs_at(v, "query")?;
        let headers = pairs_at(v, "headers")?;
        let req = RoaV1Request {
            method: str_at(v, "method")?,
            path: &path,
            query: &query,
            headers: &headers,
        };
        let t = roa_v1::trace(&key, &req).map_err(err)?;
        for (field, actual) in [
            ("canonicalized_headers", &t.canonicalized_headers),
            ("canonicalized_resource", &t.canonicalized_resource),
            ("string_to_sign", &t.string_to_sign),
            ("signature", &t.signature),
            ("authorization", &t.authorization),
        ] {
            r.expect(v, field, actual);
        }
        let s = roa_v1::sign(&key, &req).map_err(err)?;
        r.expect(v, "signature (sign)", s.signature());
        r.expect(v, "authorization (sign)", s.authorization());
        r.expect(v, "url", &roa_url(v, &path, &query)?);
        check_headers_sent(r, v, &headers, &s);

        let date = http_date(int_at(v, "timestamp_epoch")?).map_err(err)?;
        r.eq(
            &id,
            "timestamp = http_date(timestamp_epoch)",
            str_at(v, "timestamp")?,
            &date,
        );
        let sent = header(&headers, "date").unwrap_or("");
        r.eq(&id, "Date header", &date, sent);
        if let Some(host) = header(&headers, "host") {
            r.eq(&id, "host header", str_at(v, "host")?, host);
        }
        check_nonce_and_token(r, v, &headers);
        check_roa_params(r, v, &query)
    });
}

fn roa_vector(file: &str, id_: &str) -> Value {
    load(file)
        .into_iter()
        .find(|v| id(v) == id_)
        .unwrap_or_else(|| panic!("{id_} not in {file}"))
}

/// `headers` with the value of `name` (any case) replaced.
fn with_header(headers: &Pairs, name: &str, value: &str) -> Pairs {
    let mut out = headers.clone();
    let slot = out
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("no {name} header"));
    slot.1 = value.to_owned();
    out
}

/// `pairs` with the first value changed by one character.
fn with_first_value_changed(pairs: &Pairs) -> Pairs {
    let mut out = pairs.clone();
    out[0].1.push('x');
    out
}

/// The path with its last character changed: a different resource.
fn other_path(path: &str) -> String {
    let last = if path.ends_with('7') { '8' } else { '7' };
    format!("{}{last}", &path[..path.len() - 1])
}

/// Every input of an ROA request is signed: method, a path segment, a query
/// value, a signed header, the body and the secret each change the
/// signature; header order and name case do not.
#[test]
fn roa_acs3_depends_on_every_input() {
    let v = roa_vector("alibaba-roa.json", "acs3-roa-cs-deletecluster-delete-query");
    let key = alibaba_key(&v).unwrap();
    let path = str_at(&v, "path").unwrap();
    let query = pairs_at(&v, "query").unwrap();
    let headers = pairs_at(&v, "headers").unwrap();
    let hashed = sha256_hex(b"");
    let req = Acs3Request {
        method: "DELETE",
        path,
        query: &query,
        headers: &headers,
        hashed_payload: &hashed,
    };
    let good = acs3::sign(&key, &req).unwrap();
    assert_eq!(
        good.signature(),
        v["expected"]["signature"].as_str().unwrap()
    );
    let sig = |req: &Acs3Request<'_, String, String>| acs3::sign(&key, req).unwrap();

    assert_ne!(
        sig(&Acs3Request {
            method: "GET",
            ..req
        }),
        good
    );
    let moved = other_path(path);
    assert_ne!(
        sig(&Acs3Request {
            path: &moved,
            ..req
        }),
        good
    );
    let changed = with_first_value_changed(&query);
    assert_ne!(
        sig(&Acs3Request {
            query: &changed,
            ..req
        }),
        good
    );
    let action = with_header(&headers, "x-acs-action", "DescribeClusterDetail");
    assert_ne!(
        sig(&Acs3Request {
            headers: &action,
            ..req
        }),
        good
    );
    // A body changes the payload hash, and with it x-acs-content-sha256.
    let body_hash = sha256_hex(b"{}");
    let body_headers = with_header(&headers, "x-acs-content-sha256", &body_hash);
    let with_body = Acs3Request {
        headers: &body_headers,
        hashed_payload: &body_hash,
        ..req
    };
    assert_ne!(sig(&with_body), good);
    let secret = flip_first_byte(key.secret);
    let other_key = AccessKey {
        secret: &secret,
        ..key
    };
    assert_ne!(acs3::sign(&other_key, &req).unwrap(), good);

    let shuffled: Pairs = headers
        .iter()
        .rev()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    assert_eq!(
        sig(&Acs3Request {
            headers: &shuffled,
            ..req
        }),
        good
    );
}

/// Every input of the older ROA signature is signed: method, a path
/// segment, a query value, each of the four standard headers and an
/// `x-acs-` header, and the secret. The body is signed only through its
/// `Content-MD5` header, when one is sent. Headers outside those (here
/// `user-agent`), header order and name case do not count.
#[test]
fn roa_v1_depends_on_every_input() {
    let v = roa_vector(
        "alibaba-roa-v1.json",
        "roa1-cs-createclusternodepool-post-json",
    );
    let key = alibaba_key(&v).unwrap();
    let path = str_at(&v, "path").unwrap();
    let headers = pairs_at(&v, "headers").unwrap();
    let query = vec![("RegionId".to_owned(), "cn-hangzhou".to_owned())];
    let req = RoaV1Request {
        method: "POST",
        path,
        query: &[],
        headers: &headers,
    };
    let good = roa_v1::sign(&key, &req).unwrap();
    assert_eq!(
        good.signature(),
        v["expected"]["signature"].as_str().unwrap()
    );
    let sig = |req: &RoaV1Request<'_, String, String>| roa_v1::sign(&key, req).unwrap();

    assert_ne!(
        sig(&RoaV1Request {
            method: "PUT",
            ..req
        }),
        good
    );
    let moved = other_path(path);
    assert_ne!(
        sig(&RoaV1Request {
            path: &moved,
            ..req
        }),
        good
    );
    let with_query = sig(&RoaV1Request {
        query: &query,
        ..req
    });
    assert_ne!(with_query, good);
    let changed = with_first_value_changed(&query);
    assert_ne!(
        sig(&RoaV1Request {
            query: &changed,
            ..req
        }),
        with_query
    );
    for (name, value) in [
        ("accept", "application/xml"),
        ("content-type", "application/json"),
        ("date", "Wed, 02 Jul 2025 04:20:01 GMT"),
        ("x-acs-action", "ScaleClusterNodePool"),
    ] {
        let other = with_header(&headers, name, value);
        assert_ne!(
            sig(&RoaV1Request {
                headers: &other,
                ..req
            }),
            good,
            "{name}"
        );
    }
    let mut md5 = headers.clone();
    md5.push(("Content-MD5".into(), "+TFpXJ/S7uVplC23oiun7g==".into()));
    assert_ne!(
        sig(&RoaV1Request {
            headers: &md5,
            ..req
        }),
        good
    );
    let secret = flip_first_byte(key.secret);
    let other_key = AccessKey {
        secret: &secret,
        ..key
    };
    assert_ne!(roa_v1::sign(&other_key, &req).unwrap(), good);

    let agent = with_header(&headers, "user-agent", "other/1.0");
    assert_eq!(
        sig(&RoaV1Request {
            headers: &agent,
            ..req
        }),
        good
    );
    let shuffled: Pairs = headers
        .iter()
        .rev()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    assert_eq!(
        sig(&RoaV1Request {
            headers: &shuffled,
            ..req
        }),
        good
    );
}

/// Bad input is an error that says what is wrong, never a panic and never
/// a signature: a line break in a header value, a path that is not
/// absolute or not encoded, a lowercase method, a header given twice.
#[test]
fn roa_signers_reject_bad_input() {
    let v = roa_vector(
        "alibaba-roa-v1.json",
        "roa1-cs-describeclustersv1-get-query",
    );
    let key = alibaba_key(&v).unwrap();
    let query = pairs_at(&v, "query").unwrap();
    let headers = pairs_at(&v, "headers").unwrap();
    let hashed = sha256_hex(b"");
    let acs3_headers = vec![
        ("host".to_owned(), "cs.cn-hangzhou.aliyuncs.com".to_owned()),
        ("x-acs-content-sha256".to_owned(), hashed.clone()),
    ];
    let acs3_req = Acs3Request {
        method: "GET",
        path: "/api/v1/clusters",
        query: &query,
        headers: &acs3_headers,
        hashed_payload: &hashed,
    };
    let v1_req = RoaV1Request {
        method: "GET",
        path: "/api/v1/clusters",
        query: &query,
        headers: &headers,
    };
    assert!(acs3::sign(&key, &acs3_req).is_ok());
    assert!(roa_v1::sign(&key, &v1_req).is_ok());

    let injected = with_header(&headers, "x-acs-action", "DescribeClustersV1\nx-acs-evil:1");
    let e = roa_v1::sign(
        &key,
        &RoaV1Request {
            headers: &injected,
            ..v1_req
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, SignError::InvalidHeader { name, .. } if name == "x-acs-action"),
        "{e}"
    );
    let injected = with_header(&acs3_headers, "host", "cs.aliyuncs.com\r\nx-acs-evil: 1");
    let e = acs3::sign(
        &key,
        &Acs3Request {
            headers: &injected,
            ..acs3_req
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, SignError::InvalidHeader { name, .. } if name == "host"),
        "{e}"
    );

    for relative in ["api/v1/clusters", "", "https://cs.aliyuncs.com/api"] {
        let e = roa_v1::sign(
            &key,
            &RoaV1Request {
                path: relative,
                ..v1_req
            },
        );
        assert_eq!(e, Err(SignError::InvalidPath), "{relative:?}");
        let e = acs3::sign(
            &key,
            &Acs3Request {
                path: relative,
                ..acs3_req
            },
        );
        assert_eq!(e, Err(SignError::InvalidPath), "{relative:?}");
    }
    // Raw bytes that the path as sent would carry encoded: signing them
    // raw would sign another string than the server sees.
    for raw in [
        "/tags/a b",
        "/tags/问题",
        "/tags?x=1",
        "/tags/%zz",
        "/a/../tags",
    ] {
        let e = roa_v1::sign(
            &key,
            &RoaV1Request {
                path: raw,
                ..v1_req
            },
        );
        assert!(
            matches!(e, Err(SignError::UnencodedPath { .. })),
            "{raw:?}: {e:?}"
        );
        let e = acs3::sign(
            &key,
            &Acs3Request {
                path: raw,
                ..acs3_req
            },
        );
        assert!(
            matches!(e, Err(SignError::UnencodedPath { .. })),
            "{raw:?}: {e:?}"
        );
    }
    let e = roa_v1::sign(
        &key,
        &RoaV1Request {
            method: "get",
            ..v1_req
        },
    );
    assert_eq!(e, Err(SignError::InvalidMethod));
    let mut twice = headers.clone();
    twice.push(("Date".into(), "Thu, 03 Jul 2025 04:00:00 GMT".into()));
    let e = roa_v1::sign(
        &key,
        &RoaV1Request {
            headers: &twice,
            ..v1_req
        },
    );
    assert_eq!(e, Err(SignError::DuplicateHeader("date".into())));

    // A path parameter that would leave its segment is encoded, and one
    // that would remove it is refused.
    let e = expand_path("/clusters/{ClusterId}", &[("ClusterId", "..")]).unwrap_err();
    assert!(
        matches!(&e, SignError::InvalidPathParameter { name, .. } if name == "ClusterId"),
        "{e}"
    );
    assert_eq!(
        expand_path("/clusters/{ClusterId}", &[("ClusterId", "../tags?x")]).unwrap(),
        "/clusters/..%2Ftags%3Fx"
    );
    assert!(expand_path("/clusters/{ClusterId}", &[("Other", "c")]).is_err());
    assert!(expand_path("clusters/{ClusterId}", &[("ClusterId", "c")]).is_err());
}

/// `Debug` of the ROA request and trace types shows names and the
/// signature, never the secret, the STS token, query values or the
/// canonical strings (which hold both).
#[test]
fn roa_debug_never_shows_secrets_or_canonical_strings() {
    let v = roa_vector("alibaba-roa-v1.json", "roa1-cs-describeclusterdetail-sts");
    let key = alibaba_key(&v).unwrap();
    let token = v["credentials"]["token"].as_str().unwrap();
    let headers = pairs_at(&v, "headers").unwrap();
    let query = vec![("name".to_owned(), "query-Value-Do-Not-Print".to_owned())];
    let v1_req = RoaV1Request {
        method: "GET",
        path: str_at(&v, "path").unwrap(),
        query: &query,
        headers: &headers,
    };
    let v1 = roa_v1::trace(&key, &v1_req).unwrap();

    let a = roa_vector("alibaba-roa.json", "acs3-roa-cs-describeclusternodes-sts");
    let acs3_key = alibaba_key(&a).unwrap();
    let acs3_token = a["credentials"]["token"].as_str().unwrap();
    let acs3_headers = pairs_at(&a, "headers").unwrap();
    let acs3_query = pairs_at(&a, "query").unwrap();
    let hashed = sha256_hex(b"");
    let acs3_req = Acs3Request {
        method: "GET",
        path: str_at(&a, "path").unwrap(),
        query: &acs3_query,
        headers: &acs3_headers,
        hashed_payload: &hashed,
    };
    let acs3 = acs3::trace(&acs3_key, &acs3_req).unwrap();

    let texts = [
        format!("{v1_req:?}"),
        format!("{v1:?}"),
        format!("{acs3_req:?}"),
        format!("{acs3:?}"),
    ];
    let hidden = [
        key.secret,
        acs3_key.secret,
        token,
        acs3_token,
        "query-Value-Do-Not-Print",
        &v1.canonicalized_headers,
        &v1.canonicalized_resource,
        &v1.string_to_sign,
        &acs3.canonical_query,
        &acs3.canonical_headers,
        &acs3.canonical_request,
    ];
    for text in &texts {
        for secret in hidden {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
    }
    // Still useful: header names and the signature are shown.
    assert!(texts[0].contains("x-acs-security-token"), "{}", texts[0]);
    assert!(texts[1].contains(&v1.signature), "{}", texts[1]);
    assert!(texts[3].contains(&acs3.signature), "{}", texts[3]);
}
