//! Retry policy: which failures are retried, how long to wait, and when a
//! request must not be repeated.
//!
//! # What is retried
//!
//! | failure | class | retried |
//! |---|---|---|
//! | Tencent `RequestLimitExceeded*`, Alibaba `Throttling*`, HTTP 429 | throttling | always (nothing was applied) |
//! | connection not established (refused, DNS, TLS, connect timeout), HTTP 503, `ServiceUnavailable*` | not applied | always |
//! | other 5xx, `InternalError`, timeout or connection reset after sending, truncated body | ambiguous | only when the call is safe to repeat |
//! | anything else (4xx codes, business errors, decode errors) | never | no |
//!
//! A call is *safe to repeat* when its action is read-only by name (it starts
//! with `Describe`, `List`, `Query`, `Get` or `Check`) or it carries an
//! idempotency token (`ActionInfo::idempotency_token`, which the client fills
//! with a fresh UUID when the caller left it empty, and keeps across
//! attempts). A write without a token is never repeated after an ambiguous
//! failure: the first attempt may have been applied (a second
//! `CreateMigrationService` would buy a second job).
//!
//! # Backoff
//!
//! Exponential with full jitter: before retry `n` (1-based) the client waits
//! `U[0,1) × min(base × 2^(n−1), max_delay)`, where `base` is 1 s after
//! throttling and 100 ms otherwise, and at least what the service asked for
//! in `Retry-After` (seconds or an HTTP-date) or `x-acs-retry-after`
//! (milliseconds), capped at `max_delay` in every form. Attempts are bounded
//! by `max_attempts` (default 3) and by the operation timeout: a retry whose
//! wait would end past the deadline is not made.

use std::time::Duration;

/// How the client retries failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    throttling_base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, 100 ms base (1 s after throttling), 20 s cap.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            throttling_base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Total attempts including the first (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base delay after transient failures.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Base delay after throttling.
    pub fn with_throttling_base_delay(mut self, delay: Duration) -> Self {
        self.throttling_base_delay = delay;
        self
    }

    /// Upper bound of any single wait.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Total attempts including the first.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1 = the first retry) after a
    /// failure of `class`, for a jitter sample in `[0, 1)` and an optional
    /// server hint.
    pub(crate) fn delay(
        &self,
        class: RetryClass,
        retry: u32,
        jitter: f64,
        hint: Option<Duration>,
    ) -> Duration {
        let base = if class == RetryClass::Throttling {
            self.throttling_base_delay
        } else {
            self.base_delay
        };
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = base
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let delay = ceiling.mul_f64(jitter);
        match hint {
            Some(hint) => delay.max(hint).min(self.max_delay),
            None => delay,
        }
    }
}

/// How a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RetryClass {
    /// Not retryable.
    Never,
    /// The service asked to slow down; nothing was applied.
    Throttling,
    /// Transient, and the request certainly was not applied.
    NotApplied,
    /// Transient, but the request may have been applied.
    Ambiguous,
}

impl RetryClass {
    /// Whether a call in this class may be retried; `safe` tells whether the
    /// call may be repeated after it was possibly applied.
    pub(crate) fn allows_retry(self, safe: bool) -> bool {
        match self {
            RetryClass::Never => false,
            RetryClass::Throttling | RetryClass::NotApplied => true,
            RetryClass::Ambiguous => safe,
        }
    }
}

/// Classifies a service error by its code, then by its HTTP status: an
/// `InternalError` sent with a 503 may have been applied, whatever the
/// status says.
pub(crate) fn classify_service(code: &str, status: u16) -> RetryClass {
    if code.starts_with("RequestLimitExceeded") || code.starts_with("Throttling") || status == 429 {
        RetryClass::Throttling
    } else if code.starts_with("ServiceUnavailable") {
        RetryClass::NotApplied
    } else if code == "InternalError" || code == "InternalServerError" {
        RetryClass::Ambiguous
    } else if status == 503 {
        RetryClass::NotApplied
    } else if status >= 500 {
        RetryClass::Ambiguous
    } else {
        RetryClass::Never
    }
}

/// Classifies an HTTP status without a service error code.
pub(crate) fn classify_status(status: u16) -> RetryClass {
    classify_service("", status)
}

/// Read-only actions by name prefix: `Describe`, `List`, `Query`, `Get`,
/// `Check`.
pub fn is_read_only(action: &str) -> bool {
    ["Describe", "List", "Query", "Get", "Check"]
        .iter()
        .any(|prefix| action.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_bounds() {
        let config = RetryConfig::standard();
        let ms = Duration::from_millis;
        assert_eq!(config.delay(RetryClass::Ambiguous, 1, 0.0, None), ms(0));
        assert_eq!(config.delay(RetryClass::Ambiguous, 1, 0.5, None), ms(50));
        assert_eq!(config.delay(RetryClass::Ambiguous, 3, 0.5, None), ms(200));
        assert_eq!(config.delay(RetryClass::Throttling, 2, 0.5, None), ms(1000));
        // Capped at 20 s, even for absurd retry numbers and jitter.
        assert_eq!(
            config.delay(RetryClass::Throttling, 40, 0.99, None),
            ms(19_800)
        );
        assert_eq!(
            config.delay(RetryClass::Throttling, 40, 7.0, None),
            ms(20_000)
        );
        assert_eq!(
            config.delay(RetryClass::Throttling, 1, f64::NAN, None),
            ms(0)
        );
        // A server hint is a floor, the cap still applies.
        assert_eq!(
            config.delay(RetryClass::Throttling, 1, 0.0, Some(ms(3000))),
            ms(3000)
        );
        assert_eq!(
            config.delay(RetryClass::Throttling, 1, 0.0, Some(ms(90_000))),
            ms(20_000)
        );
    }

    #[test]
    fn classes() {
        assert_eq!(
            classify_service("RequestLimitExceeded", 200),
            RetryClass::Throttling
        );
        assert_eq!(
            classify_service("Throttling.Api", 400),
            RetryClass::Throttling
        );
        assert_eq!(
            classify_service("ServiceUnavailable", 503),
            RetryClass::NotApplied
        );
        assert_eq!(
            classify_service("InternalError", 200),
            RetryClass::Ambiguous
        );
        assert_eq!(
            classify_service("InternalError.DbError", 200),
            RetryClass::Never
        );
        // The code decides before the status: an internal error may have
        // been applied even when sent with a 503.
        assert_eq!(
            classify_service("InternalError", 503),
            RetryClass::Ambiguous
        );
        assert_eq!(classify_service("Unknown", 503), RetryClass::NotApplied);
        assert_eq!(classify_status(503), RetryClass::NotApplied);
        assert_eq!(classify_status(502), RetryClass::Ambiguous);
        assert_eq!(classify_status(404), RetryClass::Never);
        assert!(!RetryClass::Ambiguous.allows_retry(false));
        assert!(RetryClass::Ambiguous.allows_retry(true));
        assert!(RetryClass::NotApplied.allows_retry(false));
    }

    #[test]
    fn read_only_prefixes() {
        assert!(is_read_only("DescribeMigrationJobs"));
        assert!(is_read_only("ListTagResources"));
        assert!(!is_read_only("CreateMigrationService"));
        assert!(!is_read_only("ModifyDtsJob"));
    }
}
