//! Response decoding: the providers' envelopes, their error shapes, and the
//! retry class of each failure.
//!
//! * Tencent: `{"Response": {...fields, "RequestId"}}`; an error is
//!   `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, normally
//!   with HTTP 200. Any status but 2xx without that envelope is
//!   [`UnexpectedStatus`](crate::Error::UnexpectedStatus).
//! * Alibaba: flat JSON. Errors come with 4xx/5xx and `Code`, `Message`,
//!   `RequestId`, `HostId`, `Recommend` (keys matched case-insensitively,
//!   XML error bodies understood too); an HTTP 200 with `Success` false (or
//!   `"false"`) is a service error with `ErrCode`/`ErrMessage` (falling back
//!   to `Code`/`Message`).
//!
//! Bodies that are not JSON, stop early, or do not fit the response type
//! become [`InvalidResponse`](crate::Error::InvalidResponse) with the status
//! and a short excerpt.

use serde_json::{Map, Value};

use crate::error::{
    excerpt, response_excerpt, Error, ResponseError, ResponseErrorKind, ServiceError, StatusError,
    EXCERPT,
};
use crate::operation::{ErrorCode, Operation, Provider};
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
    match O::SERVICE.provider {
        Provider::Alibaba => decode_alibaba::<O>(response),
        Provider::Tencent => decode_tencent::<O>(response),
    }
}

fn success(status: u16) -> bool {
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
            excerpt: excerpt(response.body(), EXCERPT),
            request_id,
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
            detail,
            excerpt: response_excerpt(response.status(), kind, response.body()),
            request_id,
        }),
        class,
    }
}

/// Parses the body; a parse failure becomes the right error for the status.
fn parse<E>(action: &'static str, response: &HttpResponse) -> Result<Value, Failure<E>> {
    serde_json::from_slice(response.body()).map_err(|e| {
        if !success(response.status()) {
            return unexpected_status(action, response, header_request_id(response));
        }
        let kind = if e.is_eof() {
            ResponseErrorKind::Truncated
        } else {
            ResponseErrorKind::NotJson
        };
        invalid(
            action,
            response,
            kind,
            e.to_string(),
            header_request_id(response),
        )
    })
}

fn header_request_id(response: &HttpResponse) -> Option<String> {
    response.header("x-acs-request-id").map(str::to_owned)
}

/// A text field: strings as they are, numbers and booleans as JSON text.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `key` of `object`, exactly or else case-insensitively.
fn get<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
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
    let class = classify_service(&raw_code, status);
    Failure {
        error: Error::Service(Box::new(ServiceError {
            action,
            code: E::from(raw_code.as_str()),
            raw_code,
            message,
            request_id,
            http_status: status,
            host_id,
            recommend,
        })),
        class,
    }
}

fn output<O: Operation>(
    response: &HttpResponse,
    value: Value,
    request_id: Option<String>,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    match serde_json::from_value(value) {
        Ok(output) => Ok(Decoded { output, request_id }),
        Err(e) => Err(invalid(
            O::ACTION.name,
            response,
            ResponseErrorKind::Decode,
            e.to_string(),
            request_id,
        )),
    }
}

fn decode_tencent<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let action = O::ACTION.name;
    let mut value = parse(action, response)?;
    let inner = match value.as_object_mut().and_then(|o| o.remove("Response")) {
        Some(inner @ Value::Object(_)) => inner,
        _ if !success(response.status()) => return Err(unexpected_status(action, response, None)),
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
    let object = inner.as_object();
    let request_id = text(object.and_then(|o| o.get("RequestId")));
    if let Some(Value::Object(error)) = object.and_then(|o| o.get("Error")) {
        return Err(service(
            action,
            response.status(),
            text(error.get("Code")).unwrap_or_default(),
            text(error.get("Message")).unwrap_or_default(),
            request_id,
            None,
            None,
        ));
    }
    if !success(response.status()) {
        return Err(unexpected_status(action, response, request_id));
    }
    output::<O>(response, inner, request_id)
}

/// The text between `<tag>` and `</tag>`, for XML error bodies.
fn xml_field(body: &str, tag: &str) -> Option<String> {
    let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + body[start..].find(&format!("</{tag}>"))?;
    Some(body[start..end].trim().to_owned())
}

fn decode_alibaba<O: Operation>(
    response: &HttpResponse,
) -> Result<Decoded<O::Output>, Failure<O::ErrorCode>> {
    let action = O::ACTION.name;
    let status = response.status();
    let value = match parse(action, response) {
        Ok(value) => value,
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
    let Some(object) = value.as_object() else {
        if !success(status) {
            return Err(unexpected_status(
                action,
                response,
                header_request_id(response),
            ));
        }
        return Err(invalid(
            action,
            response,
            ResponseErrorKind::Envelope,
            "the body is not a JSON object".to_owned(),
            header_request_id(response),
        ));
    };
    let field = |key: &str| text(get(object, key)).filter(|s| !s.is_empty());
    let request_id = field("RequestId").or_else(|| header_request_id(response));
    if !success(status) {
        return match field("Code").or_else(|| field("ErrCode")) {
            Some(code) => Err(service(
                action,
                status,
                code,
                field("Message")
                    .or_else(|| field("ErrMessage"))
                    .unwrap_or_default(),
                request_id,
                field("HostId"),
                field("Recommend"),
            )),
            None => Err(unexpected_status(action, response, request_id)),
        };
    }
    let failed = match get(object, "Success") {
        Some(Value::Bool(false)) => true,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("false"),
        _ => false,
    };
    if failed {
        return Err(service(
            action,
            status,
            field("ErrCode")
                .or_else(|| field("Code"))
                .or_else(|| field("DynamicCode"))
                .unwrap_or_else(|| "Unknown".to_owned()),
            field("ErrMessage")
                .or_else(|| field("Message"))
                .or_else(|| field("DynamicMessage"))
                .unwrap_or_default(),
            request_id,
            field("HostId"),
            field("Recommend"),
        ));
    }
    output::<O>(response, value, request_id)
}
