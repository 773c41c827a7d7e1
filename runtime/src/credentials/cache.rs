//! Credential caches: [`RefreshCache`], the single-flight cache every
//! refreshing provider keeps, and [`CredentialsCache`], the one every client
//! puts in front of its provider (one [`RefreshCache`] per cloud).
//!
//! Credentials without an expiry are fetched once and kept. Credentials with
//! one are refreshed when less than the refresh window (default 5 minutes)
//! remains: one caller refreshes while the others keep signing with the
//! current credentials as long as they are still valid; a failed refresh
//! falls back to them too. Only when nothing valid is cached do callers wait
//! for the fetch, and then they share one: the first caller fetches, the
//! others wait for it and take its result.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, CredentialsProvider, Provider};
use crate::clock::Clock;

/// Credentials this close to expiry are no longer used at all: a request
/// signed with them could arrive after they expired.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// How long before expiry providers refresh by default.
pub(crate) const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(300);

/// One cached set of credentials and the lock that makes its refresh
/// single-flight.
pub(crate) struct RefreshCache {
    refresh_window: Duration,
    current: Mutex<Option<Credentials>>,
    refreshing: tokio::sync::Mutex<()>,
}

/// Shows whether something is cached and until when; never the credentials'
/// secrets (their own `Debug` redacts them anyway).
impl std::fmt::Debug for RefreshCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let expiry = self.cached().map(|c| c.expiry());
        f.debug_struct("RefreshCache")
            .field("refresh_window", &self.refresh_window)
            .field("cached_expiry", &expiry)
            .finish()
    }
}

impl Default for RefreshCache {
    fn default() -> Self {
        Self::new(DEFAULT_REFRESH_WINDOW)
    }
}

impl RefreshCache {
    pub(crate) fn new(refresh_window: Duration) -> Self {
        Self {
            refresh_window,
            current: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    fn cached(&self) -> Option<Credentials> {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        current.clone()
    }

    fn store(&self, credentials: Credentials) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        *current = Some(credentials);
    }

    fn fresh(&self, credentials: &Credentials, now: SystemTime) -> bool {
        match credentials.expiry() {
            None => true,
            Some(expiry) => expiry
                .checked_sub(self.refresh_window)
                .is_some_and(|refresh_at| now < refresh_at),
        }
    }

    fn usable(credentials: &Credentials, now: SystemTime) -> bool {
        match credentials.expiry() {
            None => true,
            Some(expiry) => expiry
                .checked_sub(EXPIRY_MARGIN)
                .is_some_and(|limit| now < limit),
        }
    }

    async fn fetch_and_store<F, Fut>(&self, fetch: F) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials, CredentialsError>>,
    {
        let credentials = fetch().await?;
        self.store(credentials.clone());
        Ok(credentials)
    }

    /// Usable credentials, from the cache or from `fetch`.
    ///
    /// The clock is read only when cached credentials have an expiry, so
    /// static credentials leave an injected test clock untouched.
    pub(crate) async fn get<F, Fut>(
        &self,
        clock: &dyn Clock,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials, CredentialsError>>,
    {
        let current = match self.cached() {
            Some(credentials) if credentials.expiry().is_none() => return Ok(credentials),
            Some(credentials) => {
                let now = clock.now();
                if self.fresh(&credentials, now) {
                    return Ok(credentials);
                }
                Some(credentials).filter(|c| Self::usable(c, now))
            }
            None => None,
        };
        match current {
            Some(current) => {
                // Refresh early; if someone else already is, or it fails,
                // keep using what still works.
                let Ok(_guard) = self.refreshing.try_lock() else {
                    return Ok(current);
                };
                Ok(self.fetch_and_store(fetch).await.unwrap_or(current))
            }
            None => {
                let _guard = self.refreshing.lock().await;
                // Another caller may have fetched while this one waited.
                if let Some(credentials) = self.cached() {
                    if credentials.expiry().is_none() || Self::usable(&credentials, clock.now()) {
                        return Ok(credentials);
                    }
                }
                self.fetch_and_store(fetch).await
            }
        }
    }
}

/// The cache of a client: one [`RefreshCache`] per cloud in front of the
/// configured provider; what the provider returns is checked before use.
pub(crate) struct CredentialsCache {
    provider: Arc<dyn CredentialsProvider>,
    clock: Arc<dyn Clock>,
    /// One slot per provider kind (Tencent, Alibaba).
    slots: [RefreshCache; 2],
}

fn slot(cloud: Provider) -> usize {
    match cloud {
        Provider::Alibaba => 1,
        Provider::Tencent => 0,
    }
}

impl CredentialsCache {
    pub(crate) fn new(
        provider: Arc<dyn CredentialsProvider>,
        clock: Arc<dyn Clock>,
        refresh_window: Duration,
    ) -> Self {
        Self {
            provider,
            clock,
            slots: [
                RefreshCache::new(refresh_window),
                RefreshCache::new(refresh_window),
            ],
        }
    }

    /// Usable credentials for `cloud`, from the cache or the provider.
    pub(crate) async fn get(&self, cloud: Provider) -> Result<Credentials, CredentialsError> {
        self.slots[slot(cloud)]
            .get(&*self.clock, || async {
                let credentials = self.provider.provide_credentials(cloud).await?;
                credentials.check()?;
                Ok(credentials)
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::BoxFuture;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::time::UNIX_EPOCH;

    #[derive(Debug, Default)]
    struct Now(AtomicU64);

    impl Clock for Now {
        fn now(&self) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
        }
    }

    /// Hands out credentials valid for 1000 s; fails when `fail` is set.
    struct Counting {
        calls: AtomicUsize,
        clock: Arc<Now>,
        fail: std::sync::atomic::AtomicBool,
    }

    impl CredentialsProvider for Counting {
        fn provide_credentials(
            &self,
            _cloud: Provider,
        ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let expiry = self.clock.now() + Duration::from_secs(1000);
            let fail = self.fail.load(Ordering::SeqCst);
            Box::pin(async move {
                if fail {
                    return Err(CredentialsError::provider("down"));
                }
                Ok(Credentials::new(format!("id{n}"), "secret").with_expiry(expiry))
            })
        }
    }

    #[tokio::test]
    async fn refreshes_before_expiry_and_falls_back_while_valid() {
        let clock = Arc::new(Now::default());
        let provider = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            clock: clock.clone(),
            fail: Default::default(),
        });
        let cache =
            CredentialsCache::new(provider.clone(), clock.clone(), Duration::from_secs(300));
        assert_eq!(cache.get(Provider::Tencent).await.unwrap().id(), "id0");
        clock.0.store(600, Ordering::SeqCst);
        assert_eq!(cache.get(Provider::Tencent).await.unwrap().id(), "id0");
        // 300 s before expiry: refresh.
        clock.0.store(700, Ordering::SeqCst);
        assert_eq!(cache.get(Provider::Tencent).await.unwrap().id(), "id1");
        // Refresh fails but id1 (expires at 1700) is still valid.
        provider.fail.store(true, Ordering::SeqCst);
        clock.0.store(1500, Ordering::SeqCst);
        assert_eq!(cache.get(Provider::Tencent).await.unwrap().id(), "id1");
        // Expired and the provider is down: the error surfaces.
        clock.0.store(1695, Ordering::SeqCst);
        assert!(cache.get(Provider::Tencent).await.is_err());
        // The other cloud has its own slot.
        provider.fail.store(false, Ordering::SeqCst);
        assert_eq!(cache.get(Provider::Alibaba).await.unwrap().id(), "id4");
        assert_eq!(cache.get(Provider::Tencent).await.unwrap().id(), "id5");
    }

    #[tokio::test]
    async fn static_credentials_are_fetched_once_and_checked() {
        let clock: Arc<dyn Clock> = Arc::new(Now::default());
        let cache = CredentialsCache::new(
            Arc::new(Credentials::new("id", "secret ")),
            clock,
            Duration::from_secs(300),
        );
        let error = cache.get(Provider::Tencent).await.unwrap_err();
        assert!(error.message().contains("whitespace"));
    }
}
