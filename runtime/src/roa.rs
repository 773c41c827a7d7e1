//! Building the signed HTTP request of an Alibaba Cloud ROA ("RESTful")
//! action.
//!
//! An ROA action has a path template (`/clusters/{ClusterId}`) and any HTTP
//! method. Each member travels where its [`ParamInfo`] says:
//!
//! | location | on the wire |
//! |---|---|
//! | `Path` | its `{Name}` in the template, percent-encoded as one segment ([`expand_path`]) |
//! | `Query` (default) | the query string, flattened by its style as for RPC |
//! | `Header` | an HTTP header of the member's name |
//! | `Body` | an `application/x-www-form-urlencoded` body (metadata `in: formData`) |
//! | `Payload` | the whole body, compact JSON, `application/json` (metadata `in: body`) |
//!
//! Signed with ACS3 over the expanded path (its `CanonicalURI`), the body
//! hashed into `x-acs-content-sha256`, or with the older ROA signature
//! ([`roa_v1`]: `Date`, `Accept`, `Content-Type` and every `x-acs-*` header
//! over the path and raw query), with the headers the vendor's SDKs send
//! for each. Unlike RPC, no `RegionId` is added: the region only picks the
//! host.
//!
//! A 2xx response body is the output itself, with no envelope: an object,
//! or a list or scalar for outputs declared with a root member; the request
//! id comes from the `x-acs-request-id` header. Errors are the 4xx/5xx
//! `{"code", "message", "requestId"}` bodies, decoded with the RPC ones.

use reqwest::{Method, Url};
use serde_json::{Map, Value};

use crate::envelope::{header_request_id, output, Decoded, Failure};
use crate::operation::{ActionInfo, HttpMethod, Operation, ParamLocation, ParamStyle, ServiceInfo};
use crate::request::{alibaba_style, AttemptInputs, SignedRequest};
use crate::sign::encode::percent_encode_pairs;
use crate::sign::flatten::{flatten_alibaba, Pairs};
use crate::sign::roa::expand_path;
use crate::sign::{acs3, http_date, iso8601_utc, roa_v1, sha256_hex, SignError};
use crate::transport::HttpResponse;

/// The wire parts of one ROA call, encoded once and signed per attempt.
pub(crate) struct RoaEncoded {
    /// The expanded, percent-encoded path.
    path: String,
    query: Pairs,
    query_string: String,
    /// Header members, under their wire names.
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    content_type: Option<&'static str>,
    body_hash: String,
}

/// The HTTP method as sent and signed.
pub(crate) fn method_str(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Patch => "PATCH",
    }
}

/// A path or header value: a scalar written as text.
fn scalar_text(name: &str, value: &Value) -> Result<String, SignError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(SignError::UnsupportedValue {
            name: name.to_owned(),
            reason: "a path or header parameter must be a string, number or boolean",
        }),
    }
}

impl RoaEncoded {
    /// Places the members of `params` (wire name to value) for `action`,
    /// whose path template is `template`.
    pub(crate) fn new(
        action: &'static ActionInfo,
        template: &str,
        params: &Map<String, Value>,
    ) -> Result<Self, SignError> {
        let mut path_params: Vec<(&str, String)> = Vec::new();
        let mut query = Pairs::new();
        let mut form = Pairs::new();
        let mut headers = Vec::new();
        let mut payload = None;
        for (name, value) in params {
            let info = action.params.iter().find(|p| p.name == name);
            let (location, style) = info
                .map(|p| (p.location, p.style))
                .unwrap_or((ParamLocation::Query, ParamStyle::Scalar));
            match (location, info) {
                (ParamLocation::Path, _) => path_params.push((name, scalar_text(name, value)?)),
                (ParamLocation::Header, Some(info)) => {
                    headers.push((info.name, scalar_text(name, value)?))
                }
                (ParamLocation::Query | ParamLocation::Header, _) => {
                    flatten_alibaba(name, alibaba_style(style), value, &mut query)?
                }
                (ParamLocation::Body, _) => {
                    flatten_alibaba(name, alibaba_style(style), value, &mut form)?
                }
                (ParamLocation::Payload, _) => payload = Some(value),
            }
        }
        let path = expand_path(template, &path_params)?;
        let (body, content_type) = match payload {
            Some(value) => (
                serde_json::to_vec(value).map_err(|_| SignError::NotAnObject)?,
                Some("application/json"),
            ),
            None if !form.is_empty() => (
                percent_encode_pairs(&form).into_bytes(),
                Some("application/x-www-form-urlencoded"),
            ),
            None => (Vec::new(), None),
        };
        Ok(Self {
            path,
            query_string: percent_encode_pairs(&query),
            query,
            headers,
            body_hash: sha256_hex(&body),
            body,
            content_type,
        })
    }

    /// Signs one attempt with ACS3.
    pub(crate) fn sign_acs3(
        &self,
        service: &'static ServiceInfo,
        action: &'static ActionInfo,
        attempt: &AttemptInputs<'_>,
    ) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            random,
            options,
            endpoint,
            ..
        } = *attempt;
        let mut signed: Vec<(&'static str, String)> = vec![
            ("host", endpoint.host.clone()),
            ("x-acs-action", action.name.to_owned()),
            ("x-acs-version", service.version.to_owned()),
            ("x-acs-date", iso8601_utc(timestamp)?),
            ("x-acs-signature-nonce", random.uuid()),
            (acs3::CONTENT_SHA256, self.body_hash.clone()),
        ];
        if let Some(token) = credentials.session_token() {
            signed.push(("x-acs-security-token", token.to_owned()));
        }
        if let Some(content_type) = self.content_type {
            signed.push(("content-type", content_type.to_owned()));
        }
        // Header members are signed too; a duplicate of a header above is
        // refused by the signer rather than sent twice.
        signed.extend(self.headers.iter().cloned());
        let method = method_str(action.method);
        let query = str_pairs(&self.query);
        let signed_refs: Vec<(&str, &str)> = signed.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let signature = acs3::sign(
            &credentials.access_key(),
            &acs3::Acs3Request {
                method,
                path: &self.path,
                query: &query,
                headers: &signed_refs,
                hashed_payload: &self.body_hash,
            },
        )?;
        // `host` is set by the HTTP client from the URL, identically.
        let mut headers: Vec<(&'static str, String)> =
            signed.into_iter().filter(|(n, _)| *n != "host").collect();
        headers.push(("authorization", signature.into_authorization()));
        headers.push(("accept", "application/json".to_owned()));
        headers.push(("user-agent", options.user_agent.clone()));
        let mut url: Url = endpoint.url.clone();
        url.set_path(&self.path);
        url.set_query((!self.query_string.is_empty()).then_some(self.query_string.as_str()));
        Ok(SignedRequest {
            method: Method::from_bytes(method.as_bytes()).map_err(|_| SignError::InvalidMethod)?,
            url,
            headers,
            body: self.body.clone(),
        })
    }
}

impl RoaEncoded {
    /// Signs one attempt with the older ROA signature (HMAC-SHA1).
    pub(crate) fn sign_v1(
        &self,
        service: &'static ServiceInfo,
        action: &'static ActionInfo,
        attempt: &AttemptInputs<'_>,
    ) -> Result<SignedRequest, SignError> {
        let AttemptInputs {
            credentials,
            timestamp,
            random,
            options,
            endpoint,
            ..
        } = *attempt;
        let mut headers: Vec<(&'static str, String)> = vec![
            ("date", http_date(timestamp)?),
            ("accept", "application/json".to_owned()),
            ("x-acs-signature-nonce", random.uuid()),
            ("x-acs-signature-method", "HMAC-SHA1".to_owned()),
            ("x-acs-signature-version", "1.0".to_owned()),
            ("x-acs-version", service.version.to_owned()),
            ("x-acs-action", action.name.to_owned()),
            ("user-agent", options.user_agent.clone()),
        ];
        if let Some(content_type) = self.content_type {
            headers.push(("content-type", content_type.to_owned()));
        }
        if let Some(token) = credentials.session_token() {
            headers.push(("x-acs-accesskey-id", credentials.id().to_owned()));
            headers.push(("x-acs-security-token", token.to_owned()));
        }
        headers.extend(self.headers.iter().cloned());
        let method = method_str(action.method);
        let header_refs: Vec<(&str, &str)> =
            headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let signature = roa_v1::sign(
            &credentials.access_key(),
            &roa_v1::RoaV1Request {
                method,
                path: &self.path,
                query: &str_pairs(&self.query),
                headers: &header_refs,
            },
        )?;
        headers.push(("authorization", signature.into_authorization()));
        let mut url: Url = endpoint.url.clone();
        url.set_path(&self.path);
        url.set_query((!self.query_string.is_empty()).then_some(self.query_string.as_str()));
        Ok(SignedRequest {
            method: Method::from_bytes(method.as_bytes()).map_err(|_| SignError::InvalidMethod)?,
            url,
            headers,
            body: self.body.clone(),
        })
    }
}

fn str_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Decodes a 2xx ROA body as the output of `O`. An empty body (some
/// `DELETE`s answer 204) reads as `{}`.
pub(crate) fn decode_success<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let body = response.body();
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    output::<O>(response, json, "", header_request_id(response))
}
