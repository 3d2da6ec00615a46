//! Rate limits on log-in, sign-up and password change, per client address and per e-mail address (GCRA
//! buckets from `governor`), checked before any password is hashed so a flood costs almost nothing.
//!
//! Memory stays bounded: keys whose bucket has refilled are indistinguishable from new ones and are dropped
//! once the map grows past [`EVICT_ABOVE`] keys, at most once per [`EVICTION_INTERVAL`] so a crowd of keys
//! does not turn every check into a scan of the map.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::ApiError;

/// Past this many tracked keys, refilled buckets are evicted.
const EVICT_ABOVE: usize = 10_000;

/// The least time between two evictions.
const EVICTION_INTERVAL: Duration = Duration::from_secs(1);

/// Attempts allowed per minute, as a burst that refills evenly over the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerMinute(pub NonZeroU32);

impl PerMinute {
    /// `count` attempts a minute; 0 counts as 1 (a limit of none would lock everyone out).
    pub fn at_least_one(count: u32) -> Self {
        Self(NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN))
    }

    fn quota(self) -> Quota {
        Quota::per_minute(self.0)
    }
}

/// One keyed limiter and when it last dropped its refilled buckets.
struct Buckets<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    last_eviction: Mutex<Option<Instant>>,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    fn new(limit: PerMinute) -> Self {
        Self { limiter: DefaultKeyedRateLimiter::keyed(limit.quota()), last_eviction: Mutex::new(None) }
    }

    /// Counts one attempt for `key`; 429 with the wait, rounded up to the second, when over the limit.
    fn check(&self, key: &K, clock: &DefaultClock) -> Result<(), ApiError> {
        self.evict_if_crowded();
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(clock.now());
            ApiError::too_many_attempts(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }

    fn evict_if_crowded(&self) {
        if self.limiter.len() <= EVICT_ABOVE {
            return;
        }
        // Another thread evicting right now is as good as this one doing it.
        let Ok(mut last) = self.last_eviction.try_lock() else { return };
        if last.is_some_and(|at| at.elapsed() < EVICTION_INTERVAL) {
            return;
        }
        *last = Some(Instant::now());
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Both limits of the authentication endpoints.
pub(crate) struct AttemptLimits {
    per_ip: Buckets<IpAddr>,
    per_account: Buckets<String>,
    clock: DefaultClock,
}

impl AttemptLimits {
    pub(crate) fn new(per_ip: PerMinute, per_account: PerMinute) -> Self {
        Self { per_ip: Buckets::new(per_ip), per_account: Buckets::new(per_account), clock: DefaultClock::default() }
    }

    /// Counts one attempt from `ip` (when known) for the normalised `email`; 429 with the wait when either
    /// is over its limit. Unknown and existing addresses are limited alike.
    pub(crate) fn check(&self, ip: Option<IpAddr>, email: &str) -> Result<(), ApiError> {
        if let Some(ip) = ip {
            self.per_ip.check(&ip, &self.clock)?;
        }
        self.per_account.check(&email.to_owned(), &self.clock)
    }

    /// How many keys are tracked (for tests of the eviction).
    #[cfg(test)]
    fn tracked_keys(&self) -> usize {
        self.per_ip.limiter.len() + self.per_account.limiter.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_ip: u32, per_account: u32) -> AttemptLimits {
        AttemptLimits::new(PerMinute::at_least_one(per_ip), PerMinute::at_least_one(per_account))
    }

    #[test]
    fn an_address_over_its_burst_waits_with_a_retry_after() {
        let limits = limits(3, 100);
        let ip = Some("203.0.113.9".parse().unwrap());
        for n in 0..3 {
            assert!(limits.check(ip, &format!("user{n}@example.org")).is_ok());
        }
        let refused = limits.check(ip, "another@example.org").unwrap_err();
        assert_eq!((refused.status.as_u16(), refused.code), (429, "too_many_attempts"));
        // 3 per minute refill one every 20 s.
        assert!(refused.retry_after.is_some_and(|s| (1..=20).contains(&s)), "{:?}", refused.retry_after);
        assert!(limits.check(Some("203.0.113.10".parse().unwrap()), "x@example.org").is_ok(), "other addresses pass");
    }

    #[test]
    fn an_account_is_limited_whatever_the_address() {
        let limits = limits(100, 2);
        for n in 1..=2 {
            assert!(limits.check(Some(IpAddr::from([198, 51, 100, n])), "cible@example.org").is_ok());
        }
        let refused = limits.check(Some(IpAddr::from([198, 51, 100, 3])), "cible@example.org").unwrap_err();
        assert_eq!(refused.code, "too_many_attempts");
    }

    #[test]
    fn refilled_buckets_are_evicted_past_the_threshold() {
        let limits = limits(1000, 1000);
        for n in 0..=EVICT_ABOVE {
            let _ = limits.check(None, &format!("u{n}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
        // 1000 per minute refill one every 60 ms: every key is back to a fresh bucket and goes on the next check.
        let _ = limits.check(None, "last");
        assert!(limits.tracked_keys() < 10, "{} keys kept", limits.tracked_keys());
    }
}
