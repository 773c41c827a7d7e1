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
    /// Reserves a token for `action` of `service`, limited to `per_second`
    /// requests per second, at time `now`. Returns `None`, taking nothing,
    /// when the wait would reach `deadline`: a refused call must not leave
    /// debt that delays everyone after it.
    pub(crate) fn reserve(
        &self,
        service: &'static str,
        action: &'static str,
        per_second: u32,
        now: Instant,
        deadline: Instant,
    ) -> Option<Reservation<'_>> {
        if per_second == 0 {
            return Some(Reservation {
                limiter: self,
                key: None,
                wait: Duration::ZERO,
            });
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
        let wait = if bucket.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - bucket.tokens) / rate)
        };
        if now.checked_add(wait).is_none_or(|at| at >= deadline) {
            return None;
        }
        bucket.tokens -= 1.0;
        Some(Reservation {
            limiter: self,
            key: Some((service, action)),
            wait,
        })
    }

    fn give_back(&self, key: (&'static str, &'static str)) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bucket) = buckets.get_mut(&key) {
            bucket.tokens += 1.0;
        }
    }
}

/// A token taken from a bucket. Dropped before [`Reservation::used`] (the
/// caller was cancelled while waiting), it goes back.
pub(crate) struct Reservation<'a> {
    limiter: &'a RateLimiter,
    key: Option<(&'static str, &'static str)>,
    wait: Duration,
}

impl Reservation<'_> {
    /// How long to wait before sending.
    pub(crate) fn wait(&self) -> Duration {
        self.wait
    }

    /// The request is going out: the token stays spent.
    pub(crate) fn used(mut self) {
        self.key = None;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.limiter.give_back(key);
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

    /// Reserves and keeps the token, as a call that sends does.
    fn take(limiter: &RateLimiter, action: &'static str, rate: u32, now: Instant) -> Duration {
        let far = now + Duration::from_secs(3600);
        let reservation = limiter.reserve("dts", action, rate, now, far).unwrap();
        let wait = reservation.wait();
        reservation.used();
        wait
    }

    #[test]
    fn burst_then_spacing_then_refill() {
        let limiter = RateLimiter::default();
        let start = crate::clock::monotonic_now();
        // A burst of 20 passes at 20/s.
        for _ in 0..20 {
            assert_eq!(take(&limiter, "A", 20, start), Duration::ZERO);
        }
        // Then each reservation waits one more 50 ms slot.
        let first = take(&limiter, "A", 20, start);
        let second = take(&limiter, "A", 20, start);
        assert!((first.as_secs_f64() - 0.05).abs() < 1e-9, "{first:?}");
        assert!((second.as_secs_f64() - 0.10).abs() < 1e-9, "{second:?}");
        // Other actions have their own bucket.
        assert_eq!(take(&limiter, "B", 1, start), Duration::ZERO);
        assert!(take(&limiter, "B", 1, start) > Duration::from_millis(999));
        // After a quiet second and a half the burst is back (capped at 20).
        let later = start + Duration::from_millis(1600);
        for _ in 0..20 {
            assert_eq!(take(&limiter, "A", 20, later), Duration::ZERO);
        }
        assert!(take(&limiter, "A", 20, later) > Duration::ZERO);
    }

    #[test]
    fn refused_and_abandoned_reservations_leave_no_debt() {
        let limiter = RateLimiter::default();
        let now = crate::clock::monotonic_now();
        assert_eq!(take(&limiter, "A", 1, now), Duration::ZERO);
        // The next token is a second away: past a 100 ms deadline, refused,
        // however often it is asked for.
        let soon = now + Duration::from_millis(100);
        for _ in 0..50 {
            assert!(limiter.reserve("dts", "A", 1, now, soon).is_none());
        }
        // A caller that gives up while waiting returns its token.
        let far = now + Duration::from_secs(60);
        let abandoned = limiter.reserve("dts", "A", 1, now, far).unwrap();
        assert_eq!(abandoned.wait(), Duration::from_secs(1));
        drop(abandoned);
        // So the wait is still one second, not 52 or 2.
        assert_eq!(take(&limiter, "A", 1, now), Duration::from_secs(1));
    }
}
