//! Optional client-side rate limiting by each action's documented limit
//! (`ActionInfo::rate_limit`, requests per second).
//!
//! One token bucket per (service, action), shared by all clones of a client:
//! it holds at most one second's worth of tokens (the burst) and refills
//! continuously. Every attempt, retries included, takes a token; when none is
//! left the caller is told how long to wait for its reservation, so waiters
//! are served in order rather than racing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

struct Bucket {
    /// Tokens available; negative when callers hold reservations.
    tokens: f64,
    updated: Instant,
}

/// Token buckets keyed by service and action name.
#[derive(Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<(&'static str, &'static str), Bucket>>,
}

impl RateLimiter {
    /// Takes a token for `action` of `service` limited to `per_second`
    /// requests per second at time `now`; returns how long to wait before
    /// sending.
    pub(crate) fn reserve(
        &self,
        service: &'static str,
        action: &'static str,
        per_second: u32,
        now: Instant,
    ) -> Duration {
        if per_second == 0 {
            return Duration::ZERO;
        }
        let rate = f64::from(per_second);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.entry((service, action)).or_insert(Bucket {
            tokens: rate,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(rate);
        bucket.updated = now.max(bucket.updated);
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-bucket.tokens / rate)
        }
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimiter")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_spacing_then_refill() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        // A burst of 20 passes at 20/s.
        for _ in 0..20 {
            assert_eq!(limiter.reserve("dts", "A", 20, start), Duration::ZERO);
        }
        // Then each reservation waits one more 50 ms slot.
        let first = limiter.reserve("dts", "A", 20, start);
        let second = limiter.reserve("dts", "A", 20, start);
        assert!((first.as_secs_f64() - 0.05).abs() < 1e-9, "{first:?}");
        assert!((second.as_secs_f64() - 0.10).abs() < 1e-9, "{second:?}");
        // Other actions have their own bucket.
        assert_eq!(limiter.reserve("dts", "B", 1, start), Duration::ZERO);
        assert!(limiter.reserve("dts", "B", 1, start) > Duration::from_millis(999));
        // After a quiet second and a half the burst is back (capped at 20).
        let later = start + Duration::from_millis(1600);
        for _ in 0..20 {
            assert_eq!(limiter.reserve("dts", "A", 20, later), Duration::ZERO);
        }
        assert!(limiter.reserve("dts", "A", 20, later) > Duration::ZERO);
    }
}
