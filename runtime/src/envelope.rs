//! Response decoding: the providers' envelopes, their error shapes, and the
//! retry class of each failure.
//!
//! * Tencent: `{"Response": {...fields, "RequestId"}}`; an error is
//!   `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, normally
//!   with HTTP 200. Any status but 2xx without that envelope is
//!   [`UnexpectedStatus`](crate::Error::UnexpectedStatus).
//! * Alibaba: flat JSON. Errors come with 4xx/5xx and `Code`, `Message`,
//!   `RequestId`, `HostId`, `Recommend` (keys matched case-insensitively,
//!   XML error bodies understood too); an HTTP 200 with `Success` false
//!   (read as boolean members are: `false`, `0`, `"0"`, `"false"`) is a
//!   service error with `ErrCode`/`ErrMessage` (falling back to
//!   `Code`/`Message`); a `Success` that is no boolean is a wrong envelope.
//!   ROA errors (`{"code", "message", "requestId"}` with 4xx/5xx) are read
//!   the same way; an ROA 2xx body is the output itself
//!   ([`crate::roa::decode_success`]).
//!
//! The envelope keys are read straight from the body (no `Value` tree), and
//! a key that appears twice is a wrong envelope, never last-wins. A Tencent
//! `Error` that is a bare string is a service error with that code; one
//! that is neither an object, a string nor `null` is a wrong envelope.
//!
//! Bodies that are not JSON, stop early, or do not fit the response type
//! become [`InvalidResponse`](crate::Error::InvalidResponse) with the status
//! (and a short excerpt of an error page; a 2xx body is never quoted).
//! Service messages and excerpts lose the values of the request's sensitive
//! members ([`Operation::SENSITIVE`]) and of secret-looking keys.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::error::{
    excerpt, one_line, response_excerpt, Error, ResponseError, ResponseErrorKind, ServiceError,
    StatusError, EXCERPT, ID_CHARS, MESSAGE_CHARS,
};
use crate::operation::{ErrorCode, Operation, Provider};
use crate::redact::redact_pairs;
use crate::retry::{classify_service, classify_status, RetryClass};
use crate::transport::HttpResponse;

/// A failed response: the error and how it may be retried.
pub(crate) struct Failure<E> {
    pub error: Error<E>,
    pub class: RetryClass,
}

/// A decoded success and the request id the service gave it.
pub(crate) struct Decoded<T> {
    pub output: T,
    pub request_id: Option<String>,
}

/// Decodes `response` into the output of `O`.
pub(crate) fn decode<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let decoded = match O::SERVICE.provider {
        Provider::Alibaba => decode_alibaba::<O>(response),
        Provider::Tencent => decode_tencent::<O>(response),
    };
    // Messages and error pages may quote the request back.
    decoded.map_err(|mut failure| {
        failure
            .error
            .redact_server_text(|text| redact_pairs(text, O::SENSITIVE));
        failure
    })
}

/// What a gzip body is called in errors. The network transport decodes
/// bodies sent with `Content-Encoding: gzip`, so one that is still
/// compressed came without the header (or through a custom transport).
const GZIP_UNDECLARED: &str =
    "the body is gzip-compressed but no `Content-Encoding: gzip` header says so";

/// Whether `body` starts with the gzip magic bytes (RFC 1952).
fn is_gzip(body: &[u8]) -> bool {
    body.starts_with(&[0x1f, 0x8b])
}

pub(crate) fn success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn unexpected_status<E>(
    action: &'static str,
    response: &HttpResponse,
    request_id: Option<String>,
) -> Failure<E> {
    Failure {
        error: Error::UnexpectedStatus(StatusError {
            action,
            status: response.status(),
            excerpt: if is_gzip(response.body()) {
                GZIP_UNDECLARED.to_owned()
            } else {
                excerpt(response.body(), EXCERPT)
            },
            request_id: clean_id(request_id),
        }),
        class: classify_status(response.status()),
    }
}

fn invalid<E>(
    action: &'static str,
    response: &HttpResponse,
    kind: ResponseErrorKind,
    detail: String,
    request_id: Option<String>,
) -> Failure<E> {
    let class = match kind {
        ResponseErrorKind::Truncated => RetryClass::Ambiguous,
        _ => classify_status(response.status()),
    };
    Failure {
        error: Error::InvalidResponse(ResponseError {
            action,
            kind,
            status: response.status(),
            detail: one_line(&detail, MESSAGE_CHARS),
            excerpt: response_excerpt(response.status(), kind, response.body()),
            request_id: clean_id(request_id),
        }),
        class,
    }
}

/// Reads the envelope keys `names` of the JSON object `json` (the body, or
/// an object inside it); a parse failure becomes the right error for the
/// status, with `what` naming the object that is not one.
fn keys<'a, E, const N: usize>(
    action: &'static str,
    response: &HttpResponse,
    json: &'a [u8],
    names: &'static [&'static str; N],
    what: &str,
) -> Result<Keys<'a, N>, Failure<E>> {
    let request_id = || header_request_id(response);
    let keys = read_keys(json, names).map_err(|e| {
        if !success(response.status()) {
            return unexpected_status(action, response, request_id());
        }
        let (kind, detail) = match e.classify() {
            Category::Eof => (ResponseErrorKind::Truncated, e.to_string()),
            Category::Syntax | Category::Io if is_gzip(response.body()) => {
                (ResponseErrorKind::NotJson, GZIP_UNDECLARED.to_owned())
            }
            Category::Syntax | Category::Io => (ResponseErrorKind::NotJson, e.to_string()),
            Category::Data => (
                ResponseErrorKind::Envelope,
                format!("{what} is not an object"),
            ),
        };
        invalid(action, response, kind, detail, request_id())
    })?;
    if let Some(name) = keys.duplicate {
        return Err(invalid(
            action,
            response,
            ResponseErrorKind::Envelope,
            format!("{what} has the key `{name}` more than once"),
            request_id(),
        ));
    }
    Ok(keys)
}

/// A request id (or host) from the server, on one line and short.
fn clean_id(id: Option<String>) -> Option<String> {
    id.map(|id| one_line(&id, ID_CHARS))
}

pub(crate) fn header_request_id(response: &HttpResponse) -> Option<String> {
    response.header("x-acs-request-id").map(str::to_owned)
}

/// A text field: strings as they are, numbers and booleans as their JSON
/// text; `None` for `null`, lists and objects.
fn text(value: Option<&RawValue>) -> Option<String> {
    let raw = value?.get().trim();
    match raw.as_bytes().first()? {
        b'"' => serde_json::from_str(raw).ok(),
        b't' | b'f' | b'-' | b'0'..=b'9' => Some(raw.to_owned()),
        _ => None,
    }
}

/// A non-empty text field.
fn field(value: Option<&RawValue>) -> Option<String> {
    text(value).filter(|s| !s.is_empty())
}

fn service<E: ErrorCode>(
    action: &'static str,
    status: u16,
    raw_code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
) -> Failure<E> {
    // What the server sent is kept on one line and short (a 10 KB request
    // id must not make a 10 KB error line).
    let raw_code = one_line(&raw_code, ID_CHARS);
    let class = classify_service(&raw_code, status);
    Failure {
        error: Error::Service(Box::new(ServiceError {
            action,
            code: E::from(raw_code.as_str()),
            raw_code,
            message: one_line(&message, MESSAGE_CHARS),
            request_id: clean_id(request_id),
            http_status: status,
            host_id: clean_id(host_id),
            recommend: recommend.map(|link| one_line(&link, MESSAGE_CHARS)),
        })),
        class,
    }
}

/// Decodes the output of `O` from `json`, straight from its text (no
/// `Value` in between, so numbers keep every digit); `root` is the path of
/// `json` in the body, for the error.
pub(crate) fn output<O: Operation>(
    response: &HttpResponse,
    json: &[u8],
    root: &str,
    request_id: Option<String>,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(output) => Ok(Decoded { output, request_id }),
        Err(e) => Err(invalid(
            O::ACTION.name,
            response,
            ResponseErrorKind::Decode,
            decode_detail(root, &e),
            request_id,
        )),
    }
}

/// Where and why a body does not fit its type, without the value (it may
/// be secret): "`Response.JobList[3].Status`: string, expected a boolean".
fn decode_detail(root: &str, error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = error.path().to_string();
    let path = match (root, path.as_str()) {
        ("", ".") => "the body".to_owned(),
        ("", path) => format!("`{path}`"),
        (root, ".") => format!("`{root}`"),
        (root, path) => format!("`{root}.{path}`"),
    };
    format!(
        "{path}: {}",
        crate::de::describe(&error.inner().to_string())
    )
}

const TENCENT_TOP: &[&str; 1] = &["Response"];
const TENCENT_RESPONSE: &[&str; 2] = &["Error", "RequestId"];
const TENCENT_ERROR: &[&str; 2] = &["Code", "Message"];

fn decode_tencent<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let action = O::ACTION.name;
    let status = response.status();
    let top = keys(action, response, response.body(), TENCENT_TOP, "the body")?;
    let inner = match top.values[0] {
        Some(inner) if inner.get().starts_with('{') => inner,
        _ if !success(status) => return Err(unexpected_status(action, response, None)),
        _ => {
            return Err(invalid(
                action,
                response,
                ResponseErrorKind::Envelope,
                "no \"Response\" object".to_owned(),
                None,
            ))
        }
    };
    let [error, request_id] = keys(
        action,
        response,
        inner.get().as_bytes(),
        TENCENT_RESPONSE,
        "`Response`",
    )?
    .values;
    let request_id = text(request_id);
    match error.map(|e| e.get().trim()) {
        None | Some("null") => {}
        Some(error) if error.starts_with('{') => {
            let [code, message] = keys(
                action,
                response,
                error.as_bytes(),
                TENCENT_ERROR,
                "`Response.Error`",
            )
            .map_err(|mut failure| {
                set_request_id(&mut failure.error, request_id.clone());
                failure
            })?
            .values;
            return Err(service(
                action,
                status,
                field(code).unwrap_or_else(|| UNKNOWN.to_owned()),
                text(message).unwrap_or_default(),
                request_id,
                None,
                None,
            ));
        }
        // A bare code where the object should be: still an error.
        Some(error) if error.starts_with('"') => {
            let code = serde_json::from_str::<String>(error).unwrap_or_default();
            return Err(service(
                action,
                status,
                if code.is_empty() {
                    UNKNOWN.to_owned()
                } else {
                    code
                },
                String::new(),
                request_id,
                None,
                None,
            ));
        }
        Some(_) => {
            return Err(invalid(
                action,
                response,
                ResponseErrorKind::Envelope,
                "`Response.Error` is not an object".to_owned(),
                request_id,
            ))
        }
    }
    if !success(status) {
        return Err(unexpected_status(action, response, request_id));
    }
    output::<O>(response, inner.get().as_bytes(), "Response", request_id)
}

/// The code of a failure that names none.
const UNKNOWN: &str = "Unknown";

fn set_request_id<E>(error: &mut Error<E>, id: Option<String>) {
    if let Error::InvalidResponse(e) = error {
        e.request_id = e.request_id.take().or(id);
    }
}

/// The text between `<tag>` and `</tag>`, for XML error bodies.
fn xml_field(body: &str, tag: &str) -> Option<String> {
    let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + body[start..].find(&format!("</{tag}>"))?;
    Some(body[start..end].trim().to_owned())
}

/// The envelope keys of an Alibaba body, matched without regard to case.
const ALIBABA: &[&str; 10] = &[
    "Success",
    "Code",
    "ErrCode",
    "Message",
    "ErrMessage",
    "DynamicCode",
    "DynamicMessage",
    "RequestId",
    "HostId",
    "Recommend",
];

fn decode_alibaba<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let action = O::ACTION.name;
    let status = response.status();
    if O::ACTION.path.is_some() && success(status) {
        return crate::roa::decode_success::<O>(response);
    }
    let keys = match keys(action, response, response.body(), ALIBABA, "the body") {
        Ok(keys) => keys,
        Err(failure) => {
            // Error bodies in XML (V2 without Format=JSON, some gateways).
            let body = String::from_utf8_lossy(response.body());
            if !success(status) {
                if let Some(code) = xml_field(&body, "Code") {
                    return Err(service(
                        action,
                        status,
                        code,
                        xml_field(&body, "Message").unwrap_or_default(),
                        xml_field(&body, "RequestId").or_else(|| header_request_id(response)),
                        xml_field(&body, "HostId"),
                        xml_field(&body, "Recommend"),
                    ));
                }
            }
            return Err(failure);
        }
    };
    let [success_flag, code, err_code, message, err_message, dynamic_code, dynamic_message, request_id, host_id, recommend] =
        keys.values;
    let request_id = field(request_id).or_else(|| header_request_id(response));
    if !success(status) {
        return match field(code).or_else(|| field(err_code)) {
            Some(code) => Err(service(
                action,
                status,
                code,
                field(message)
                    .or_else(|| field(err_message))
                    .unwrap_or_default(),
                request_id,
                field(host_id),
                field(recommend),
            )),
            None => Err(unexpected_status(action, response, request_id)),
        };
    }
    let Ok(succeeded) = success_flag_value(success_flag) else {
        return Err(invalid(
            action,
            response,
            ResponseErrorKind::Envelope,
            "`Success` is not a boolean".to_owned(),
            request_id,
        ));
    };
    if !succeeded {
        return Err(service(
            action,
            status,
            field(err_code)
                .or_else(|| field(code))
                .or_else(|| field(dynamic_code))
                .unwrap_or_else(|| UNKNOWN.to_owned()),
            field(err_message)
                .or_else(|| field(message))
                .or_else(|| field(dynamic_message))
                .unwrap_or_default(),
            request_id,
            field(host_id),
            field(recommend),
        ));
    }
    output::<O>(response, response.body(), "", request_id)
}

/// `Success` read as members are (`false`, `0`, `"0"`, `"false"` are
/// false); absent or `null` means the body reports no failure.
fn success_flag_value(value: Option<&RawValue>) -> Result<bool, serde_json::Error> {
    match value.map(|v| v.get().trim()) {
        None | Some("null") => Ok(true),
        Some(raw) => crate::de::lenient(&mut serde_json::Deserializer::from_str(raw)),
    }
}

/// The raw values of some keys of a JSON object, every other key skipped.
struct Keys<'a, const N: usize> {
    values: [Option<&'a RawValue>; N],
    /// A key found more than once: never read as last-wins or first-wins.
    duplicate: Option<&'static str>,
}

fn read_keys<'a, const N: usize>(
    json: &'a [u8],
    names: &'static [&'static str; N],
) -> Result<Keys<'a, N>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let keys = deserializer.deserialize_map(KeysVisitor(names))?;
    deserializer.end()?;
    Ok(keys)
}

struct KeysVisitor<const N: usize>(&'static [&'static str; N]);

impl<'de, const N: usize> Visitor<'de> for KeysVisitor<N> {
    type Value = Keys<'de, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Keys {
            values: [None; N],
            duplicate: None,
        };
        while let Some(index) = map.next_key_seed(KeySeed(self.0))? {
            let Some(index) = index else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value: &'de RawValue = map.next_value()?;
            if keys.values[index].replace(value).is_some() {
                keys.duplicate.get_or_insert(self.0[index]);
            }
        }
        Ok(keys)
    }
}

/// A key as its position in the names, matched without regard to ASCII
/// case (Alibaba's gateways vary it; Tencent's are exact in practice).
struct KeySeed<const N: usize>(&'static [&'static str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<N> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for KeySeed<N> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|name| name.eq_ignore_ascii_case(key)))
    }
}
