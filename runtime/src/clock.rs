//! Injectable sources of time, randomness and sleeping.
//!
//! Signatures depend on the wall clock (TC3 timestamp and scope date, Alibaba
//! `Timestamp`/`x-acs-date`) and on random nonces; retries depend on random
//! jitter and on sleeping. Each is a small trait with a production
//! implementation ([`SystemClock`], [`OsRandom`], [`TokioSleep`]) that a test
//! replaces through [`ClientBuilder`](crate::ClientBuilder) to make calls
//! reproducible.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wall clock used for signing and for credential expiry.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one production read of the wall clock; everything else asks a
    // `Clock`, which tests replace.
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Monotonic time for deadlines and rate limits. tokio's clock, so tests
/// that pause tokio's time control it too.
// The one read of monotonic time (clippy.toml disallows it elsewhere).
#[allow(clippy::disallowed_methods)]
pub(crate) fn monotonic_now() -> tokio::time::Instant {
    tokio::time::Instant::now()
}

/// A clock that always tells the same time (tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub SystemTime);

impl FixedClock {
    /// A clock fixed at `secs` seconds after the Unix epoch.
    pub fn from_unix(secs: u64) -> Self {
        Self(UNIX_EPOCH + Duration::from_secs(secs))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Unix seconds of `time`; times before the epoch count as the epoch.
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Random values: signature nonces, idempotency tokens and retry jitter.
pub trait Random: Send + Sync + fmt::Debug {
    /// 16 random bytes, formatted by [`uuid`](Random::uuid) as a version-4 UUID.
    fn bytes16(&self) -> [u8; 16];

    /// A uniformly distributed value in `[0, 1)` for backoff jitter.
    fn unit(&self) -> f64 {
        let bytes = self.bytes16();
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[..8]);
        // 53 random bits make every representable step of [0, 1) reachable.
        (u64::from_le_bytes(word) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A version-4 UUID in lowercase hyphenated form: Alibaba
    /// `SignatureNonce`/`x-acs-signature-nonce` and `ClientToken`.
    fn uuid(&self) -> String {
        format_uuid_v4(self.bytes16())
    }

    /// A positive integer below 2^63: Tencent signature v1 `Nonce`.
    fn nonce_u63(&self) -> u64 {
        let bytes = self.bytes16();
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[8..]);
        (u64::from_le_bytes(word) >> 1).max(1)
    }
}

/// Randomness from the operating system.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl Random for OsRandom {
    // The one production read of OS randomness; everything else asks a
    // `Random`, which tests replace.
    #[allow(clippy::disallowed_methods)]
    fn bytes16(&self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        if getrandom::getrandom(&mut bytes).is_err() {
            // The OS source essentially never fails; fall back to a mix of the
            // clock and a counter, which is still unique per call.
            fallback_bytes(&mut bytes);
        }
        bytes
    }
}

// Only when the OS source failed: uniqueness, not reproducibility.
#[allow(clippy::disallowed_methods)]
fn fallback_bytes(bytes: &mut [u8; 16]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    bytes[..8].copy_from_slice(&nanos.to_le_bytes());
    bytes[8..].copy_from_slice(&count.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
}

/// Formats 16 bytes as a version-4, variant-1 UUID.
pub fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    // 8-4-4-4-12 hex digits, written straight into one string.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut uuid = String::with_capacity(36);
    for (index, byte) in bytes.into_iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        uuid.push(char::from(DIGITS[usize::from(byte >> 4)]));
        uuid.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    uuid
}

/// A boxed, sendable future, the return type of the object-safe async traits
/// of this crate ([`Sleep`], [`CredentialsProvider`](crate::credentials::CredentialsProvider)).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Waits between retries.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps on the Tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed([u8; 16]);

    impl Random for Fixed {
        fn bytes16(&self) -> [u8; 16] {
            self.0
        }
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let uuid = Fixed([0xff; 16]).uuid();
        assert_eq!(uuid, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let uuid = Fixed([0; 16]).uuid();
        assert_eq!(uuid, "00000000-0000-4000-8000-000000000000");
        let counting: [u8; 16] = std::array::from_fn(|i| (i as u8) * 0x11);
        assert_eq!(
            format_uuid_v4(counting),
            "00112233-4455-4677-8899-aabbccddeeff"
        );
    }

    #[test]
    fn unit_stays_below_one_and_nonce_positive() {
        assert!(Fixed([0xff; 16]).unit() < 1.0);
        assert_eq!(Fixed([0; 16]).unit(), 0.0);
        assert_eq!(Fixed([0; 16]).nonce_u63(), 1);
        assert!(Fixed([0xff; 16]).nonce_u63() < 1 << 63);
    }

    #[test]
    fn os_random_differs() {
        assert_ne!(OsRandom.uuid(), OsRandom.uuid());
    }
}
