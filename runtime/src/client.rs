//! The client every generated service client wraps.
//!
//! [`Client::send`] runs one call: validate the request, encode it once
//! (filling an empty idempotency token with a fresh UUID), then for each
//! attempt take a rate-limit token (when enabled), get credentials from the
//! cache, sign with the current timestamp (and a fresh nonce, except under
//! TC3), send, and decode. Failed
//! attempts are retried by the rules of [`crate::retry`], within the
//! operation timeout. Clones share the connection pool, the credentials
//! cache and the rate limiter; [`Client::with_overrides`] makes such a
//! clone with other timeouts, retries or endpoint.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;
use zeroize::Zeroizing;

use crate::alibaba_params::FlattenError;
use crate::clock::{unix_seconds, Clock, Random, Sleep};
use crate::config::{ClientBuilder, Overrides, Timeouts};
use crate::credentials::cache::CredentialsCache;
use crate::credentials::Credentials;
use crate::endpoint::{parse_override, resolve, EndpointConfig, ResolvedEndpoint};
use crate::envelope::{self, Decoded, Failure};
use crate::error::{
    ConfigError, ConnectionError, EncodeError, Error, ResponseError, ResponseErrorKind,
    TimeoutError, TimeoutKind,
};
use crate::operation::{
    HttpMethod, InvalidRequest, Operation, Provider, ServiceInfo, SigningAlgorithm,
};
use crate::rate_limit::RateLimiter;
use crate::request::{AttemptInputs, Encoded, RequestOptions, Tc3Keys};
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
    settings: Arc<CallSettings>,
}

/// What all clones share.
pub(crate) struct Inner {
    pub transport: Arc<dyn Transport>,
    pub credentials: CredentialsCache,
    pub options: RequestOptions,
    pub signing: Vec<SigningAlgorithm>,
    pub tc3_keys: Tc3Keys,
    pub rate_limiter: Option<RateLimiter>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub sleep: Arc<dyn Sleep>,
}

/// Resolved endpoints by (service, version).
type EndpointCache = Mutex<Vec<((&'static str, &'static str), ResolvedEndpoint)>>;

/// What [`Client::with_overrides`] may change: the endpoint, timeouts and
/// retries of the calls made through one client value.
pub(crate) struct CallSettings {
    endpoint: EndpointConfig,
    /// Shared by clones whose endpoint settings are the same.
    endpoints: Arc<EndpointCache>,
    timeouts: Timeouts,
    retry: RetryConfig,
    /// An override that cannot be used: every call fails with it.
    invalid: Option<ConfigError>,
}

impl CallSettings {
    pub(crate) fn new(endpoint: EndpointConfig, timeouts: Timeouts, retry: RetryConfig) -> Self {
        Self {
            endpoint,
            endpoints: Arc::default(),
            timeouts,
            retry,
            invalid: None,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let settings = &self.settings;
        f.debug_struct("Client")
            .field("region", &settings.endpoint.region)
            .field("endpoint", &settings.endpoint.override_url)
            .field("endpoint_kind", &settings.endpoint.kind)
            .field("signing", &inner.signing)
            .field("timeouts", &settings.timeouts)
            .field("retry", &settings.retry)
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

    pub(crate) fn from_parts(inner: Inner, settings: CallSettings) -> Self {
        Self {
            inner: Arc::new(inner),
            settings: Arc::new(settings),
        }
    }

    /// A clone whose calls use other timeouts, retries or endpoint; it
    /// shares the connection pool, credentials and rate limiter with this
    /// client, so it is cheap to make for a single call:
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn f(client: &cloud_sdk_runtime::Client) {
    /// let patient = client.with_overrides(|o| {
    ///     o.operation_timeout(Duration::from_secs(300)).max_attempts(5)
    /// });
    /// # let _ = patient; }
    /// ```
    ///
    /// The connect timeout belongs to the pool and cannot be overridden. A
    /// zero timeout or an invalid endpoint makes every call of the clone
    /// fail with [`Error::Config`] before anything is sent.
    pub fn with_overrides(&self, change: impl FnOnce(Overrides) -> Overrides) -> Self {
        let current = &*self.settings;
        let changed = change(Overrides {
            timeouts: current.timeouts,
            retry: current.retry.clone(),
            endpoint: None,
        });
        let mut settings = CallSettings {
            endpoint: current.endpoint.clone(),
            endpoints: current.endpoints.clone(),
            timeouts: changed.timeouts,
            retry: changed.retry,
            invalid: current.invalid.clone(),
        };
        if changed.timeouts.attempt.is_zero() || changed.timeouts.operation.is_zero() {
            settings.invalid = Some(ConfigError::new("timeouts must be greater than zero"));
        }
        if let Some(endpoint) = changed.endpoint {
            match parse_override(&endpoint) {
                Ok(url) => {
                    settings.endpoint.override_url = Some(url);
                    settings.endpoints = Arc::default();
                }
                Err(error) => settings.invalid = Some(error),
            }
        }
        Self {
            inner: self.inner.clone(),
            settings: Arc::new(settings),
        }
    }

    /// A uniform value in `[0, 1)` from the configured randomness (waiter jitter).
    pub(crate) fn random_unit(&self) -> f64 {
        self.inner.random.unit()
    }

    /// Sleeps on the configured [`Sleep`](crate::clock::Sleep) (waiter pauses).
    pub(crate) async fn sleep_for(&self, duration: Duration) {
        self.inner.sleep.sleep(duration).await;
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
        let (encoded, endpoint) = match self.prepare(&request) {
            Ok(prepared) => prepared,
            Err(error) => {
                telemetry::not_sent(&error);
                return Err(error);
            }
        };
        let inner = &*self.inner;
        let settings = &*self.settings;
        let action = O::ACTION;
        // Repeating after an ambiguous failure must not apply a write twice.
        let safe = is_read_only(action.name) || action.idempotency_token.is_some();
        let deadline = later(crate::clock::monotonic_now(), settings.timeouts.operation);
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
            } else if attempts >= settings.retry.max_attempts() {
                Decision::Stop("attempts exhausted")
            } else {
                let delay =
                    settings
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
                Decision::Stop(_) => return Err(redact_request_secrets(failed.error, &request)),
            }
        }
    }

    /// Everything done once per call before the first attempt: validation,
    /// signing algorithm, endpoint, and the encoded parameters (with an
    /// empty idempotency token filled in).
    fn prepare<O: Operation>(
        &self,
        request: &O,
    ) -> Result<(Encoded, ResolvedEndpoint), Error<O::ErrorCode>> {
        if let Some(error) = &self.settings.invalid {
            return Err(Error::Config(error.clone()));
        }
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
            let body = serde_json::to_vec(request).map_err(|e| {
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

        // Alibaba RPC: flattened straight from the typed request. (ROA
        // actions, with a path template, are placed from a `Value` below.)
        if service.provider == Provider::Alibaba && action.path.is_none() {
            let flattened =
                crate::alibaba_params::flatten_request(action, request).map_err(|e| match e {
                    FlattenError::Sign(e) => sign_error(action.name, e),
                    FlattenError::NotAnObject => Error::Encode(EncodeError::new(
                        action.name,
                        "the request does not serialise to a JSON object",
                    )),
                    FlattenError::Serialise => Error::Encode(EncodeError::new(
                        action.name,
                        "the request cannot be serialised",
                    )),
                })?;
            let encoded = Encoded::alibaba(
                service,
                action,
                algorithm,
                flattened,
                || inner.random.uuid(),
                inner.options.region.as_deref(),
            );
            return Ok((encoded, endpoint));
        }

        // Tencent signature v1, TC3 GET and Alibaba ROA: from a `Value`.
        let mut params = match serde_json::to_value(request) {
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
                tc3_keys: &inner.tc3_keys,
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
        let (encoded, endpoint) = self.prepare(&request)?;
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
        let settings = &*self.settings;
        let key = (service.service, service.version);
        let mut cache = settings.endpoints.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, endpoint)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(endpoint.clone());
        }
        let endpoint = resolve(service, &settings.endpoint)?;
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
        let timeouts = &self.settings.timeouts;
        let action = O::ACTION;
        let operation_timeout = || Attempt {
            error: Error::Timeout(TimeoutError {
                action: action.name,
                kind: TimeoutKind::Operation,
                limit: timeouts.operation,
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
        let (limit, kind) = if remaining < timeouts.attempt {
            (remaining, TimeoutKind::Operation)
        } else {
            (timeouts.attempt, TimeoutKind::Attempt)
        };
        let response = match tokio::time::timeout(limit, inner.transport.send(request)).await {
            Err(_) => {
                return Err(Attempt {
                    error: Error::Timeout(TimeoutError {
                        action: action.name,
                        kind,
                        limit: match kind {
                            TimeoutKind::Operation => timeouts.operation,
                            _ => timeouts.attempt,
                        },
                        attempts,
                    }),
                    class: RetryClass::Ambiguous,
                    hint: None,
                })
            }
            Ok(Err(failure)) => {
                return Err(transport_failure(action.name, attempts, timeouts, failure))
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

/// `error` with the values of the request's sensitive members removed from
/// the server's text, which may echo them. The request is serialised again
/// for this only when the error holds such text, and the copies are wiped.
fn redact_request_secrets<O: Operation>(
    mut error: Error<O::ErrorCode>,
    request: &O,
) -> Error<O::ErrorCode> {
    let quotes_server = matches!(
        error,
        Error::Service(_) | Error::UnexpectedStatus(_) | Error::InvalidResponse(_)
    );
    if O::SENSITIVE.is_empty() || !quotes_server {
        return error;
    }
    let secrets: Vec<Zeroizing<String>> = crate::redact::request_secrets(request, O::SENSITIVE);
    if !secrets.is_empty() {
        error.redact_server_text(|text| crate::redact::redact_values(text, &secrets));
    }
    error
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
