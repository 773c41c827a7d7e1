//! The client every generated service client wraps.
//!
//! [`Client::send`] runs one call: validate the request, encode it once
//! (filling an empty idempotency token with a fresh UUID), then for each
//! attempt take a rate-limit token (when enabled), get credentials from the
//! cache, sign with the current timestamp (and a fresh nonce, except under
//! TC3), send, and decode. Failed
//! attempts are retried by the rules of [`crate::retry`], within the
//! operation timeout. Clones share the connection pool, the credentials
//! cache and the rate limiter.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;

use crate::clock::{unix_seconds, Clock, Random, Sleep};
use crate::config::{ClientBuilder, Timeouts};
use crate::credentials::cache::CredentialsCache;
use crate::credentials::Credentials;
use crate::endpoint::{resolve, EndpointConfig, ResolvedEndpoint};
use crate::envelope::{self, Decoded, Failure};
use crate::error::{
    ConfigError, ConnectionError, EncodeError, Error, ResponseError, ResponseErrorKind,
    TimeoutError, TimeoutKind,
};
use crate::operation::{
    HttpMethod, InvalidRequest, Operation, Provider, ServiceInfo, SigningAlgorithm,
};
use crate::rate_limit::RateLimiter;
use crate::request::{AttemptInputs, Encoded, RequestOptions};
use crate::retry::{is_read_only, RetryClass, RetryConfig};
use crate::retry_after::requested_delay;
use crate::sign::SignError;
use crate::telemetry::{self, Decision};
use crate::transport::{HttpRequest, Transport, TransportError};

/// A configured connection to the clouds, shared by generated clients.
/// Cheap to clone; clones share connections, credentials and rate limits.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub transport: Arc<dyn Transport>,
    pub credentials: CredentialsCache,
    pub endpoint: EndpointConfig,
    /// Resolved endpoints by (service, version).
    pub endpoints: Mutex<Vec<((&'static str, &'static str), ResolvedEndpoint)>>,
    pub options: RequestOptions,
    pub signing: Vec<SigningAlgorithm>,
    pub timeouts: Timeouts,
    pub retry: RetryConfig,
    pub rate_limiter: Option<RateLimiter>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub sleep: Arc<dyn Sleep>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("region", &inner.endpoint.region)
            .field("endpoint", &inner.endpoint.override_url)
            .field("endpoint_kind", &inner.endpoint.kind)
            .field("signing", &inner.signing)
            .field("timeouts", &inner.timeouts)
            .field("retry", &inner.retry)
            .field("rate_limit", &inner.rate_limiter.is_some())
            .finish_non_exhaustive()
    }
}

/// The provider an algorithm belongs to.
pub(crate) fn provider_of(algorithm: SigningAlgorithm) -> Provider {
    match algorithm {
        SigningAlgorithm::Tc3 | SigningAlgorithm::TencentV1 => Provider::Tencent,
        SigningAlgorithm::Acs3 | SigningAlgorithm::RpcV2 | SigningAlgorithm::RoaV1 => {
            Provider::Alibaba
        }
    }
}

/// One failed attempt.
struct Attempt<E> {
    error: Error<E>,
    class: RetryClass,
    hint: Option<Duration>,
}

impl Client {
    /// A builder with every default (see [`ClientBuilder`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The configured region.
    pub fn region(&self) -> Option<&str> {
        self.inner.options.region.as_deref()
    }

    /// The algorithm calls to `service` are signed with.
    pub fn signing_algorithm_for(
        &self,
        service: &ServiceInfo,
    ) -> Result<SigningAlgorithm, ConfigError> {
        let Some(default) = service.signing.first() else {
            return Err(ConfigError::new(format!(
                "{} {} declares no signing algorithm",
                service.service, service.version
            )));
        };
        match self
            .inner
            .signing
            .iter()
            .find(|a| provider_of(**a) == service.provider)
        {
            None => Ok(*default),
            Some(chosen) if service.signing.contains(chosen) => Ok(*chosen),
            Some(chosen) => Err(ConfigError::new(format!(
                "{} {} does not accept the configured signing algorithm {chosen:?} (it accepts {:?})",
                service.service, service.version, service.signing
            ))),
        }
    }

    /// Validates, signs, sends and decodes one call, retrying as configured.
    ///
    /// The call runs in a `tracing` span with one debug event per attempt
    /// (see the crate README); nothing secret is recorded.
    pub async fn send<O: Operation>(&self, request: O) -> Result<O::Output, Error<O::ErrorCode>> {
        let span = telemetry::call_span(O::SERVICE, O::ACTION, self.region());
        self.call(request).instrument(span).await
    }

    async fn call<O: Operation>(&self, request: O) -> Result<O::Output, Error<O::ErrorCode>> {
        // A service message may quote a secret of the request verbatim.
        let secrets = match O::SENSITIVE {
            [] => Vec::new(),
            names => crate::redact::request_secrets(&request, names),
        };
        let (encoded, endpoint) = match self.prepare(request) {
            Ok(prepared) => prepared,
            Err(error) => {
                telemetry::not_sent(&error);
                return Err(error);
            }
        };
        let inner = &*self.inner;
        let action = O::ACTION;
        // Repeating after an ambiguous failure must not apply a write twice.
        let safe = is_read_only(action.name) || action.idempotency_token.is_some();
        let deadline = later(crate::clock::monotonic_now(), inner.timeouts.operation);
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let failed = match self
                .attempt::<O>(&encoded, &endpoint, deadline, attempts)
                .await
            {
                Ok((decoded, status)) => {
                    telemetry::attempt_succeeded(attempts, status, decoded.request_id.as_deref());
                    return Ok(decoded.output);
                }
                Err(failed) => failed,
            };
            let decision = if failed.class == RetryClass::Never {
                Decision::Stop("not retryable")
            } else if !failed.class.allows_retry(safe) {
                Decision::Stop("may have been applied; not safe to repeat")
            } else if attempts >= inner.retry.max_attempts() {
                Decision::Stop("attempts exhausted")
            } else {
                let delay =
                    inner
                        .retry
                        .delay(failed.class, attempts, inner.random.unit(), failed.hint);
                if later(crate::clock::monotonic_now(), delay) >= deadline {
                    Decision::Stop("the wait would pass the operation deadline")
                } else {
                    Decision::Retry(delay)
                }
            };
            telemetry::attempt_failed(attempts, &failed.error, &decision);
            match decision {
                Decision::Retry(delay) => inner.sleep.sleep(delay).await,
                Decision::Stop(_) => {
                    let mut error = failed.error;
                    if !secrets.is_empty() {
                        error.redact_server_text(|text| {
                            crate::redact::redact_values(text, &secrets)
                        });
                    }
                    return Err(error);
                }
            }
        }
    }

    /// Everything done once per call before the first attempt: validation,
    /// signing algorithm, endpoint, and the encoded parameters (with an
    /// empty idempotency token filled in).
    fn prepare<O: Operation>(
        &self,
        request: O,
    ) -> Result<(Encoded, ResolvedEndpoint), Error<O::ErrorCode>> {
        request.validate()?;
        let action = O::ACTION;
        let service = O::SERVICE;
        let inner = &*self.inner;
        let algorithm = self.signing_algorithm_for(service).map_err(Error::Config)?;
        let endpoint = self.endpoint_for(service).map_err(Error::Config)?;

        // TC3 POST sends the request as JSON: serialise it straight to
        // bytes. (Tencent actions declare no idempotency token to fill.)
        if algorithm == SigningAlgorithm::Tc3
            && action.method == HttpMethod::Post
            && action.idempotency_token.is_none()
        {
            let body = serde_json::to_vec(&request).map_err(|e| {
                Error::Encode(EncodeError::new(
                    action.name,
                    format!("the request cannot be serialised: {}", e.classify_message()),
                ))
            })?;
            if body.first() != Some(&b'{') {
                return Err(Error::Encode(EncodeError::new(
                    action.name,
                    "the request does not serialise to a JSON object",
                )));
            }
            return Ok((Encoded::tc3_json(service, action, body), endpoint));
        }

        let mut params = match serde_json::to_value(&request) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(Error::Encode(EncodeError::new(
                    action.name,
                    "the request does not serialise to a JSON object",
                )))
            }
            Err(e) => {
                return Err(Error::Encode(EncodeError::new(
                    action.name,
                    format!("the request cannot be serialised: {}", e.classify_message()),
                )))
            }
        };
        drop(request);
        params.retain(|_, v| !v.is_null());
        if let Some(token) = action.idempotency_token {
            let empty = match params.get(token) {
                None => true,
                Some(Value::String(s)) => s.is_empty(),
                Some(_) => false,
            };
            if empty {
                params.insert(token.to_owned(), Value::String(inner.random.uuid()));
            }
        }
        let encoded = Encoded::new(
            service,
            action,
            algorithm,
            &params,
            inner.options.region.as_deref(),
        )
        .map_err(|e| sign_error(action.name, e))?;
        Ok((encoded, endpoint))
    }

    /// Signs one attempt with a fresh timestamp and nonce.
    fn sign_attempt<O: Operation>(
        &self,
        encoded: &Encoded,
        endpoint: &ResolvedEndpoint,
        credentials: &Credentials,
    ) -> Result<HttpRequest, Error<O::ErrorCode>> {
        let inner = &*self.inner;
        let action = O::ACTION.name;
        let request = encoded
            .sign(&AttemptInputs {
                credentials,
                timestamp: unix_seconds(inner.clock.now()),
                random: &*inner.random,
                options: &inner.options,
                endpoint,
            })
            .map_err(|e| sign_error(action, e))?;
        HttpRequest::from_signed(request)
            .map_err(|message| Error::Encode(EncodeError::new(action, message)))
    }

    /// Validates, encodes and signs `request` as the first attempt of
    /// [`send`](Self::send) would, without sending it: for dry runs,
    /// inspecting what goes on the wire, or another HTTP stack. The
    /// signature carries the current time, so send it promptly (Tencent
    /// and Alibaba accept about 5 and 15 minutes of skew).
    ///
    /// The result holds signatures, tokens and the body in the clear; its
    /// `Debug` does not show them.
    pub async fn sign_request<O: Operation>(
        &self,
        request: O,
    ) -> Result<HttpRequest, Error<O::ErrorCode>> {
        let (encoded, endpoint) = self.prepare(request)?;
        let credentials = self
            .inner
            .credentials
            .get(O::SERVICE.provider)
            .await
            .map_err(Error::Credentials)?;
        self.sign_attempt::<O>(&encoded, &endpoint, &credentials)
    }

    /// The endpoint of `service`, resolved once per client and service
    /// version (resolving parses a URL).
    fn endpoint_for(&self, service: &'static ServiceInfo) -> Result<ResolvedEndpoint, ConfigError> {
        let inner = &*self.inner;
        let key = (service.service, service.version);
        let mut cache = inner.endpoints.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, endpoint)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(endpoint.clone());
        }
        let endpoint = resolve(service, &inner.endpoint)?;
        cache.push((key, endpoint.clone()));
        Ok(endpoint)
    }

    /// One attempt: rate limit, credentials, signing, exchange, decoding.
    async fn attempt<O: Operation>(
        &self,
        encoded: &Encoded,
        endpoint: &ResolvedEndpoint,
        deadline: Instant,
        attempts: u32,
    ) -> Result<(Decoded<O::Output>, u16), Attempt<O::ErrorCode>> {
        let inner = &*self.inner;
        let action = O::ACTION;
        let operation_timeout = || Attempt {
            error: Error::Timeout(TimeoutError {
                action: action.name,
                kind: TimeoutKind::Operation,
                limit: inner.timeouts.operation,
                attempts,
            }),
            class: RetryClass::Never,
            hint: None,
        };
        let fatal = |error| Attempt {
            error,
            class: RetryClass::Never,
            hint: None,
        };

        if let (Some(limiter), Some(rate)) = (&inner.rate_limiter, action.rate_limit) {
            let reservation = limiter
                .reserve(
                    O::SERVICE.service,
                    action.name,
                    rate,
                    crate::clock::monotonic_now(),
                    deadline,
                )
                .ok_or_else(operation_timeout)?;
            if !reservation.wait().is_zero() {
                inner.sleep.sleep(reservation.wait()).await;
            }
            reservation.used();
        }

        let credentials =
            tokio::time::timeout_at(deadline, inner.credentials.get(O::SERVICE.provider))
                .await
                .map_err(|_| operation_timeout())?
                .map_err(|e| fatal(Error::Credentials(e)))?;
        let request = self
            .sign_attempt::<O>(encoded, endpoint, &credentials)
            .map_err(fatal)?;
        drop(credentials);

        let now = crate::clock::monotonic_now();
        if now >= deadline {
            return Err(operation_timeout());
        }
        let remaining = deadline - now;
        let (limit, kind) = if remaining < inner.timeouts.attempt {
            (remaining, TimeoutKind::Operation)
        } else {
            (inner.timeouts.attempt, TimeoutKind::Attempt)
        };
        let response = match tokio::time::timeout(limit, inner.transport.send(request)).await {
            Err(_) => {
                return Err(Attempt {
                    error: Error::Timeout(TimeoutError {
                        action: action.name,
                        kind,
                        limit: match kind {
                            TimeoutKind::Operation => inner.timeouts.operation,
                            _ => inner.timeouts.attempt,
                        },
                        attempts,
                    }),
                    class: RetryClass::Ambiguous,
                    hint: None,
                })
            }
            Ok(Err(failure)) => {
                return Err(transport_failure(
                    action.name,
                    attempts,
                    &inner.timeouts,
                    failure,
                ))
            }
            Ok(Ok(response)) => response,
        };
        match envelope::decode::<O>(&response) {
            Ok(decoded) => Ok((decoded, response.status())),
            Err(Failure { error, class }) => Err(Attempt {
                error,
                class,
                hint: requested_delay(&response, inner.clock.now()),
            }),
        }
    }
}

/// `start + by`, saturating at a point 100 years away instead of
/// overflowing on absurd durations.
fn later(start: Instant, by: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    start.checked_add(by.min(CENTURY)).unwrap_or(start)
}

fn transport_failure<E>(
    action: &'static str,
    attempts: u32,
    timeouts: &Timeouts,
    failure: TransportError,
) -> Attempt<E> {
    if let Some(status) = failure.body_status {
        let kind = if failure.too_large {
            ResponseErrorKind::TooLarge
        } else {
            ResponseErrorKind::Truncated
        };
        return Attempt {
            error: Error::InvalidResponse(ResponseError {
                action,
                kind,
                status,
                detail: failure.message,
                excerpt: crate::error::response_excerpt(status, kind, &failure.partial_body),
                request_id: None,
            }),
            class: if failure.too_large {
                RetryClass::Never
            } else {
                RetryClass::Ambiguous
            },
            hint: None,
        };
    }
    if failure.connect && failure.timeout {
        return Attempt {
            error: Error::Timeout(TimeoutError {
                action,
                kind: TimeoutKind::Connect,
                limit: timeouts.connect,
                attempts,
            }),
            class: RetryClass::NotApplied,
            hint: None,
        };
    }
    Attempt {
        error: Error::Connection(ConnectionError::new(
            action,
            !failure.connect,
            attempts,
            failure.message,
            failure.source,
        )),
        class: if failure.connect {
            RetryClass::NotApplied
        } else {
            RetryClass::Ambiguous
        },
        hint: None,
    }
}

/// Signing and flattening errors: shapes a style cannot express are the
/// caller's request at fault; the rest are encoding failures.
fn sign_error<E>(action: &'static str, error: SignError) -> Error<E> {
    match error {
        SignError::UnsupportedValue { name, reason } => {
            Error::InvalidRequest(InvalidRequest::new(action, name, reason))
        }
        SignError::TooDeep(name) => {
            Error::InvalidRequest(InvalidRequest::new(action, name, "nests too deeply"))
        }
        other => Error::Encode(EncodeError::new(action, other.to_string())),
    }
}

/// serde_json's error category, without the message (which may quote
/// request values).
trait ClassifyMessage {
    fn classify_message(&self) -> &'static str;
}

impl ClassifyMessage for serde_json::Error {
    fn classify_message(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => {
                "a value has no JSON form (e.g. a map with non-string keys)"
            }
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}
