//! Building the signed HTTP request of one attempt.
//!
//! [`Encoded`] is made once per call: the typed request as wire parameters
//! (Tencent JSON body or flattened pairs; Alibaba query and form pairs by each
//! member's [`ParamInfo`]). [`Encoded::sign`] is run for every attempt with
//! the current timestamp and, except under TC3 (which has none, and whose
//! timestamp is in seconds), a fresh nonce, and yields the [`SignedRequest`]
//! to send:
//!
//! | algorithm | parameters | signature |
//! |---|---|---|
//! | TC3 | POST: compact JSON body, `Content-Type: application/json`; GET: flattened query (0-based lists) | `Authorization` header; `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp`, `X-TC-Region` (when set), `X-TC-Token` (temporary keys), `X-TC-Language` and `X-TC-RequestClient` (when configured) |
//! | Tencent v1 | flattened, plus `Action`, `Version`, `Timestamp`, `Nonce`, `SecretId`, `SignatureMethod=HmacSHA256`, `Region`, `Token`, `Language`, `RequestClient`; GET query or POST form body | `Signature` parameter |
//! | Alibaba RPC V2 | common parameters (`Format=JSON`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce` UUID, ISO `Timestamp`, `AccessKeyId`, `SecurityToken`) and `in: query` members in the query, `in: body` members in a form body | `Signature` query parameter over query and form |
//! | Alibaba ACS3 | `in: query` members in the query, `in: body` members in a form body | `Authorization` over `host`, every `x-acs-*` header and `content-type` (with a body) |
//!
//! For Alibaba, a configured region is sent as `RegionId` when the request
//! does not set it (as the vendor's core SDK does). Query strings and form
//! bodies are RFC 3986 encoded (`%20` for a space), which every server
//! decodes; TC3 GET signs the query exactly as sent.

use std::sync::{Arc, Mutex};

use reqwest::{Method, Url};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::alibaba_params::Flattened;
use crate::clock::Random;
use crate::credentials::Credentials;
use crate::endpoint::ResolvedEndpoint;
use crate::operation::{
    ActionInfo, HttpMethod, ParamLocation, ParamStyle, Provider, ServiceInfo, SigningAlgorithm,
};
use crate::roa::{method_str, RoaEncoded};
use crate::sign::encode::percent_encode_pairs;
use crate::sign::flatten::{flatten_alibaba, flatten_tencent_into, AlibabaStyle, Pairs};
use crate::sign::tc3::Tc3SigningKey;
use crate::sign::{acs3, iso8601_utc, rpc_v2, sha256_hex, tc3, tencent_v1, SignError, UtcDate};

/// Per-client request settings that do not change between calls.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    /// Region: `X-TC-Region` / `Region` (Tencent), `RegionId` (Alibaba).
    pub region: Option<String>,
    /// Tencent `X-TC-Language`.
    pub language: Option<String>,
    /// Tencent `X-TC-RequestClient`.
    pub client_id: Option<String>,
    /// `User-Agent`.
    pub user_agent: String,
}

/// What one attempt is signed with: fresh credentials, clock reading and
/// nonce source, plus the client's settings and resolved endpoint.
pub(crate) struct AttemptInputs<'a> {
    pub credentials: &'a Credentials,
    /// Unix seconds.
    pub timestamp: i64,
    pub random: &'a dyn Random,
    pub options: &'a RequestOptions,
    pub endpoint: &'a ResolvedEndpoint,
    pub tc3_keys: &'a Tc3Keys,
}

/// TC3 signing keys of the current UTC day, by secret and service: the key
/// chain (three HMAC-SHA256 over the secret, the date and the service) is
/// derived once a day instead of on every attempt. The secrets kept to
/// match are wiped when dropped, like the keys.
#[derive(Default)]
pub(crate) struct Tc3Keys {
    keys: Mutex<Vec<(Zeroizing<String>, Arc<Tc3SigningKey>)>>,
}

impl Tc3Keys {
    /// Keys kept at most: one per (secret, service) in use today.
    const MAX: usize = 8;

    fn get(
        &self,
        secret: &str,
        timestamp: i64,
        service: &str,
    ) -> Result<Arc<Tc3SigningKey>, SignError> {
        let date = UtcDate::from_unix(timestamp)?;
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        let found = keys.iter().find(|(kept, key)| {
            key.date() == date && key.service() == service && kept.as_str() == secret
        });
        if let Some((_, key)) = found {
            return Ok(key.clone());
        }
        let key = Arc::new(Tc3SigningKey::derive(secret, date, service));
        keys.retain(|(_, kept)| kept.date() == date);
        if keys.len() >= Self::MAX {
            keys.remove(0);
        }
        keys.push((Zeroizing::new(secret.to_owned()), key.clone()));
        Ok(key)
    }
}

/// One signed HTTP request. No `Debug`: headers and URL carry signatures
/// and tokens. Header names are lowercase literals (HTTP/1.1 sends them
/// lowercase either way), so they need no parsing.
pub(crate) struct SignedRequest {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// The wire parameters of one call, encoded once and signed per attempt.
pub(crate) struct Encoded {
    service: &'static ServiceInfo,
    action: &'static ActionInfo,
    algorithm: SigningAlgorithm,
    /// TC3 POST body.
    json_body: Vec<u8>,
    /// Tencent flattened parameters; Alibaba `in: query` parameters.
    query: Pairs,
    /// Alibaba `in: body` parameters.
    form: Pairs,
    /// Done once per call rather than per attempt: `query` percent-encoded
    /// (TC3 GET, ACS3), the form body and its SHA-256 (ACS3).
    query_string: String,
    form_body: Vec<u8>,
    form_hash: String,
    /// Alibaba ROA actions: everything, placed by [`crate::roa`].
    roa: Option<RoaEncoded>,
}

pub(crate) fn alibaba_style(style: ParamStyle) -> AlibabaStyle {
    match style {
        ParamStyle::Scalar => AlibabaStyle::Plain,
        ParamStyle::RepeatList => AlibabaStyle::RepeatList,
        ParamStyle::Flat => AlibabaStyle::Flat,
        ParamStyle::Json => AlibabaStyle::Json,
        ParamStyle::Simple => AlibabaStyle::Simple,
    }
}

impl Encoded {
    /// Encodes `params` (the request as a JSON object of wire names) for
    /// `algorithm`.
    pub(crate) fn new(
        service: &'static ServiceInfo,
        action: &'static ActionInfo,
        algorithm: SigningAlgorithm,
        params: &Map<String, Value>,
        region: Option<&str>,
    ) -> Result<Self, SignError> {
        let mut encoded = Self {
            service,
            action,
            algorithm,
            json_body: Vec::new(),
            query: Vec::new(),
            form: Vec::new(),
            query_string: String::new(),
            form_body: Vec::new(),
            form_hash: sha256_hex(b""),
            roa: None,
        };
        if let Some(template) = action.path {
            encoded.roa = Some(RoaEncoded::new(action, template, params)?);
            return Ok(encoded);
        }
        match service.provider {
            Provider::Tencent => {
                if algorithm == SigningAlgorithm::Tc3 && action.method == HttpMethod::Post {
                    encoded.json_body =
                        serde_json::to_vec(params).map_err(|_| SignError::NotAnObject)?;
                } else {
                    for (name, value) in params {
                        flatten_tencent_into(name, value, &mut encoded.query)?;
                    }
                }
            }
            Provider::Alibaba => {
                for (name, value) in params {
                    let info = action.params.iter().find(|p| p.name == name);
                    let (location, style) = info
                        .map(|p| (p.location, p.style))
                        .unwrap_or((ParamLocation::Query, ParamStyle::Scalar));
                    let out = match location {
                        ParamLocation::Body => &mut encoded.form,
                        // Path, header and payload members are ROA only
                        // (the spec checks it).
                        _ => &mut encoded.query,
                    };
                    flatten_alibaba(name, alibaba_style(style), value, out)?;
                }
                if let Some(region) = region {
                    if !params.contains_key("RegionId") {
                        encoded
                            .query
                            .push(("RegionId".to_owned(), region.to_owned()));
                    }
                }
            }
        }
        encoded.query_string = percent_encode_pairs(&encoded.query);
        if !encoded.form.is_empty() {
            encoded.form_body = percent_encode_pairs(&encoded.form).into_bytes();
            encoded.form_hash = sha256_hex(&encoded.form_body);
        }
        Ok(encoded)
    }

    /// Alibaba parameters flattened straight from the typed request
    /// ([`crate::alibaba_params`]), with an empty idempotency token filled
    /// by `token` and the configured region added as `RegionId` when the
    /// request has none, as [`Encoded::new`] does.
    pub(crate) fn alibaba(
        service: &'static ServiceInfo,
        action: &'static ActionInfo,
        algorithm: SigningAlgorithm,
        flattened: Flattened,
        token: impl FnOnce() -> String,
        region: Option<&str>,
    ) -> Self {
        let Flattened {
            mut query,
            mut form,
            present,
        } = flattened;
        if let Some(name) = action.idempotency_token {
            let location = action
                .params
                .iter()
                .find(|p| p.name == name)
                .map_or(ParamLocation::Query, |p| p.location);
            let pairs = match location {
                ParamLocation::Body => &mut form,
                // RPC tokens are query or body members (the spec checks it).
                _ => &mut query,
            };
            match pairs.iter_mut().find(|(n, _)| n == name) {
                Some((_, value)) if value.is_empty() => *value = token(),
                Some(_) => {}
                None => pairs.push((name.to_owned(), token())),
            }
        }
        if let Some(region) = region {
            if !present.iter().any(|name| name == "RegionId") {
                query.push(("RegionId".to_owned(), region.to_owned()));
            }
        }
        let mut encoded = Self {
            service,
            action,
            algorithm,
            json_body: Vec::new(),
            query_string: percent_encode_pairs(&query),
            query,
            form_body: Vec::new(),
            form_hash: sha256_hex(b""),
            form,
            roa: None,
        };
        if !encoded.form.is_empty() {
            encoded.form_body = percent_encode_pairs(&encoded.form).into_bytes();
            encoded.form_hash = sha256_hex(&encoded.form_body);
        }
        encoded
    }

    /// The TC3 POST body, serialised straight from the typed request (no
    /// intermediate `serde_json::Value`).
    pub(crate) fn tc3_json(
        service: &'static ServiceInfo,
        action: &'static ActionInfo,
        json_body: Vec<u8>,
    ) -> Self {
        Self {
            service,
            action,
            algorithm: SigningAlgorithm::Tc3,
            json_body,
            query: Vec::new(),
            form: Vec::new(),
            query_string: String::new(),
            form_body: Vec::new(),
            form_hash: sha256_hex(b""),
            roa: None,
        }
    }

    /// Signs one attempt with its fresh timestamp and nonces.
    pub(crate) fn sign(&self, attempt: &AttemptInputs<'_>) -> Result<SignedRequest, SignError> {
        if let Some(roa) = &self.roa {
            return match self.algorithm {
                SigningAlgorithm::Acs3 => roa.sign_acs3(self.service, self.action, attempt),
                SigningAlgorithm::RoaV1 => roa.sign_v1(self.service, self.action, attempt),
                _ => Err(SignError::UnsupportedAlgorithm(
                    "ROA actions are signed with ACS3 or the older ROA signature",
                )),
            };
        }
        match self.algorithm {
            SigningAlgorithm::Tc3 => self.sign_tc3(attempt),
            SigningAlgorithm::TencentV1 => self.sign_tencent_v1(attempt),
            SigningAlgorithm::RpcV2 => self.sign_rpc_v2(attempt),
            SigningAlgorithm::Acs3 => self.sign_acs3(attempt),
            SigningAlgorithm::RoaV1 => Err(SignError::UnsupportedAlgorithm(
                "the older ROA signature signs ROA actions only",
            )),
        }
    }

    fn method(&self) -> Method {
        match self.action.method {
            HttpMethod::Get => Method::GET,
            // RPC and Tencent actions are GET or POST (the spec checks it).
            _ => Method::POST,
        }
    }

    fn url(endpoint: &ResolvedEndpoint, query: &str) -> Url {
        let mut url = endpoint.url.clone();
        if !query.is_empty() {
            url.set_query(Some(query));
        }
        url
    }

    fn sign_tc3(&self, attempt: &AttemptInputs<'_>) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            options,
            endpoint,
            tc3_keys,
            ..
        } = *attempt;
        let post = self.action.method == HttpMethod::Post;
        let (content_type, query, body) = if post {
            ("application/json", String::new(), self.json_body.clone())
        } else {
            (
                "application/x-www-form-urlencoded",
                self.query_string.clone(),
                Vec::new(),
            )
        };
        let key = tc3_keys.get(credentials.secret(), timestamp, self.service.service)?;
        let signature = tc3::sign_with_key(
            credentials.id(),
            &key,
            &tc3::Tc3Request {
                service: self.service.service,
                host: &endpoint.host,
                method: method_str(self.action.method),
                path: "/",
                content_type,
                query_string: &query,
                body: &body,
                timestamp,
            },
        )?;
        let mut headers = vec![
            ("authorization", signature.into_authorization()),
            ("content-type", content_type.to_owned()),
            ("x-tc-action", self.action.name.to_owned()),
            ("x-tc-version", self.service.version.to_owned()),
            ("x-tc-timestamp", timestamp.to_string()),
        ];
        if let Some(region) = &options.region {
            headers.push(("x-tc-region", region.clone()));
        }
        if let Some(token) = credentials.session_token() {
            headers.push(("x-tc-token", token.to_owned()));
        }
        if let Some(language) = &options.language {
            headers.push(("x-tc-language", language.clone()));
        }
        if let Some(client) = &options.client_id {
            headers.push(("x-tc-requestclient", client.clone()));
        }
        headers.push(("user-agent", options.user_agent.clone()));
        Ok(SignedRequest {
            method: self.method(),
            url: Self::url(endpoint, &query),
            headers,
            body,
        })
    }

    fn sign_tencent_v1(&self, attempt: &AttemptInputs<'_>) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            random,
            options,
            endpoint,
            ..
        } = *attempt;
        let method = tencent_v1::V1Method::HmacSha256;
        let mut params: Vec<(String, String)> = self.query.clone();
        let mut common = |name: &str, value: String| params.push((name.to_owned(), value));
        common("Action", self.action.name.to_owned());
        common("Version", self.service.version.to_owned());
        common("Timestamp", timestamp.to_string());
        common("Nonce", random.nonce_u63().to_string());
        common("SecretId", credentials.id().to_owned());
        common("SignatureMethod", method.as_str().to_owned());
        if let Some(region) = &options.region {
            common("Region", region.clone());
        }
        if let Some(token) = credentials.session_token() {
            common("Token", token.to_owned());
        }
        if let Some(language) = &options.language {
            common("Language", language.clone());
        }
        if let Some(client) = &options.client_id {
            common("RequestClient", client.clone());
        }
        let signature = tencent_v1::sign(
            credentials.secret(),
            &tencent_v1::V1Request {
                method: method_str(self.action.method),
                host: &endpoint.host,
                path: "/",
                params: &params,
                signature_method: method,
            },
        )?;
        params.push(("Signature".to_owned(), signature));
        let encoded = percent_encode_pairs(&params);
        let mut headers = vec![("user-agent", options.user_agent.clone())];
        Ok(match self.action.method {
            HttpMethod::Get => SignedRequest {
                method: Method::GET,
                url: Self::url(endpoint, &encoded),
                headers,
                body: Vec::new(),
            },
            _ => {
                headers.push((
                    "content-type",
                    "application/x-www-form-urlencoded".to_owned(),
                ));
                SignedRequest {
                    method: Method::POST,
                    url: endpoint.url.clone(),
                    headers,
                    body: encoded.into_bytes(),
                }
            }
        })
    }

    fn sign_rpc_v2(&self, attempt: &AttemptInputs<'_>) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            random,
            options,
            endpoint,
            ..
        } = *attempt;
        let mut query: Vec<(String, String)> = Vec::with_capacity(self.query.len() + 10);
        let mut common = |name: &str, value: String| query.push((name.to_owned(), value));
        common("Action", self.action.name.to_owned());
        common("Version", self.service.version.to_owned());
        common("Format", "JSON".to_owned());
        common("AccessKeyId", credentials.id().to_owned());
        common("SignatureMethod", "HMAC-SHA1".to_owned());
        common("SignatureVersion", "1.0".to_owned());
        common("SignatureNonce", random.uuid());
        common("Timestamp", iso8601_utc(timestamp)?);
        if let Some(token) = credentials.session_token() {
            common("SecurityToken", token.to_owned());
        }
        query.extend(self.query.iter().cloned());
        let signature = rpc_v2::sign(
            credentials.secret(),
            &rpc_v2::RpcV2Request {
                method: method_str(self.action.method),
                query: &query,
                form: &self.form,
            },
        )?;
        query.push(("Signature".to_owned(), signature));
        let mut headers = vec![
            ("accept", "application/json".to_owned()),
            ("user-agent", options.user_agent.clone()),
        ];
        if !self.form_body.is_empty() {
            headers.push((
                "content-type",
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let body = self.form_body.clone();
        Ok(SignedRequest {
            method: self.method(),
            url: Self::url(endpoint, &percent_encode_pairs(&query)),
            headers,
            body,
        })
    }

    fn sign_acs3(&self, attempt: &AttemptInputs<'_>) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            random,
            options,
            endpoint,
            ..
        } = *attempt;
        let body = self.form_body.clone();
        let hashed = &self.form_hash;
        let mut signed: Vec<(&'static str, String)> = vec![
            ("host", endpoint.host.clone()),
            ("x-acs-action", self.action.name.to_owned()),
            ("x-acs-version", self.service.version.to_owned()),
            ("x-acs-date", iso8601_utc(timestamp)?),
            ("x-acs-signature-nonce", random.uuid()),
            (acs3::CONTENT_SHA256, hashed.as_str().to_owned()),
        ];
        if let Some(token) = credentials.session_token() {
            signed.push(("x-acs-security-token", token.to_owned()));
        }
        if !body.is_empty() {
            signed.push((
                "content-type",
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let signed_refs: Vec<(&str, &str)> = signed.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let signature = acs3::sign(
            &credentials.access_key(),
            &acs3::Acs3Request {
                method: method_str(self.action.method),
                path: "/",
                query: &query,
                headers: &signed_refs,
                hashed_payload: hashed,
            },
        )?;
        // `host` is set by the HTTP client from the URL, identically.
        let mut headers: Vec<(&'static str, String)> =
            signed.into_iter().filter(|(n, _)| *n != "host").collect();
        headers.push(("authorization", signature.into_authorization()));
        headers.push(("accept", "application/json".to_owned()));
        headers.push(("user-agent", options.user_agent.clone()));
        Ok(SignedRequest {
            method: self.method(),
            url: Self::url(endpoint, &self.query_string),
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2023-11-14T22:13:20Z; the next UTC day starts 6,400 s later.
    const T: i64 = 1_700_000_000;

    #[test]
    fn tc3_keys_are_derived_once_per_secret_service_and_day() {
        let keys = Tc3Keys::default();
        let first = keys.get("secret-a", T, "dts").unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &keys.get("secret-a", T + 60, "dts").unwrap()
        ));
        assert_eq!(first.date().as_str(), "2023-11-14");

        let other_secret = keys.get("secret-b", T, "dts").unwrap();
        let other_service = keys.get("secret-a", T, "cvm").unwrap();
        assert!(!Arc::ptr_eq(&first, &other_secret));
        assert!(!Arc::ptr_eq(&first, &other_service));
        assert_eq!(other_service.service(), "cvm");

        let next_day = keys.get("secret-a", T + 6_400, "dts").unwrap();
        assert_eq!(next_day.date().as_str(), "2023-11-15");
        let kept = keys.keys.lock().unwrap();
        assert_eq!(kept.len(), 1, "keys of past days are dropped");
    }

    #[test]
    fn a_cached_tc3_key_signs_as_a_fresh_one() {
        let keys = Tc3Keys::default();
        let request = tc3::Tc3Request {
            service: "dts",
            host: "dts.tencentcloudapi.com",
            method: "POST",
            path: "/",
            content_type: "application/json",
            query_string: "",
            body: br#"{"Limit":1}"#,
            timestamp: T,
        };
        let fresh = tc3::sign(
            &crate::sign::AccessKey {
                id: "AKIDexample",
                secret: "secret-a",
            },
            &request,
        )
        .unwrap();
        keys.get("secret-a", T, "dts").unwrap();
        let key = keys.get("secret-a", T, "dts").unwrap();
        let cached = tc3::sign_with_key("AKIDexample", &key, &request).unwrap();
        assert_eq!(cached.into_authorization(), fresh.into_authorization());
    }
}
