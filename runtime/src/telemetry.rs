//! What a call reports through [`tracing`]: one span per call and one
//! debug event per attempt, all with target `cloud_sdk_runtime`.
//!
//! | what | level | fields |
//! |---|---|---|
//! | span `call` | debug | `service`, `version`, `action`, `region` (when set) |
//! | event "attempt succeeded" | debug | `attempt`, `status`, `request_id` (when known) |
//! | event "attempt failed" | debug | `attempt`, `status`, `request_id`, `error` (kind), `code` (service error code), `retry` (bool), `delay_ms` (when retrying), `reason` (when not) |
//! | event "call not sent" | debug | `error` (kind): the request was rejected before any attempt |
//!
//! Only names, numbers and codes are recorded: never credentials,
//! signatures, headers, URLs (Alibaba V2 signs in the query), request
//! bodies or values, or error messages (a service may quote a request
//! value back).

use std::time::Duration;

use tracing::{debug, debug_span, Span};

use crate::error::Error;
use crate::operation::{ActionInfo, ErrorCode, ServiceInfo};

/// What the client does after a failed attempt.
pub(crate) enum Decision {
    /// Waits this long, then tries again.
    Retry(Duration),
    /// Returns the error; why no retry.
    Stop(&'static str),
}

/// The span of one call; attempts' events are recorded inside it.
pub(crate) fn call_span(service: &ServiceInfo, action: &ActionInfo, region: Option<&str>) -> Span {
    debug_span!(
        target: "cloud_sdk_runtime",
        "call",
        service = service.service,
        version = service.version,
        action = action.name,
        region = region,
    )
}

pub(crate) fn attempt_succeeded(attempt: u32, status: u16, request_id: Option<&str>) {
    debug!(
        target: "cloud_sdk_runtime",
        attempt,
        status,
        request_id,
        "attempt succeeded"
    );
}

pub(crate) fn attempt_failed<E: ErrorCode>(attempt: u32, error: &Error<E>, decision: &Decision) {
    let (retry, delay_ms, reason) = match decision {
        Decision::Retry(delay) => (
            true,
            Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            None,
        ),
        Decision::Stop(reason) => (false, None, Some(*reason)),
    };
    debug!(
        target: "cloud_sdk_runtime",
        attempt,
        status = error.http_status(),
        request_id = error.request_id(),
        error = kind(error),
        code = error.raw_code(),
        retry,
        delay_ms,
        reason,
        "attempt failed"
    );
}

pub(crate) fn not_sent<E>(error: &Error<E>) {
    debug!(target: "cloud_sdk_runtime", error = kind(error), "call not sent");
}

/// The error's variant, a fixed word.
fn kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::InvalidRequest(_) => "invalid_request",
        Error::Service(_) => "service",
        Error::Credentials(_) => "credentials",
        Error::Config(_) => "config",
        Error::Encode(_) => "encode",
        Error::Timeout(_) => "timeout",
        Error::Connection(_) => "connection",
        Error::UnexpectedStatus(_) => "unexpected_status",
        Error::InvalidResponse(_) => "invalid_response",
    }
}
