//! Deterministic clock, randomness and sleeping to inject into a client.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloud_sdk_runtime::clock::{BoxFuture, Clock, Random, Sleep};

/// A clock that advances by one second each time it is read, so every
/// attempt has a distinct timestamp.
#[derive(Debug)]
pub struct TickingClock(AtomicU64);

impl TickingClock {
    pub fn starting_at(secs: u64) -> Arc<Self> {
        Arc::new(Self(AtomicU64::new(secs)))
    }
}

impl Clock for TickingClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.fetch_add(1, Ordering::SeqCst))
    }
}

/// Counter-based randomness with a fixed jitter.
#[derive(Debug)]
pub struct CountingRandom {
    counter: AtomicU64,
    pub jitter: f64,
}

impl CountingRandom {
    pub fn with_jitter(jitter: f64) -> Arc<Self> {
        Arc::new(Self {
            counter: AtomicU64::new(1),
            jitter,
        })
    }
}

impl Random for CountingRandom {
    fn bytes16(&self) -> [u8; 16] {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&n.to_be_bytes());
        bytes[8..].copy_from_slice(&n.to_be_bytes());
        bytes
    }

    fn unit(&self) -> f64 {
        self.jitter
    }
}

/// Records requested sleeps and returns at once.
#[derive(Debug, Default)]
pub struct RecordingSleep(pub Mutex<Vec<Duration>>);

impl RecordingSleep {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}
