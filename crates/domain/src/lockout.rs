//! Log-in lockout: consecutive wrong passwords lock an e-mail address for a growing delay, so guessing a
//! password online takes years while a person who mistyped waits a minute.
//!
//! The state is kept per e-mail address, whether or not an account exists, so a lock never tells an
//! attacker which addresses have accounts. No clock here: `now` is a parameter.

use chrono::{NaiveDateTime, TimeDelta};

/// Thresholds and growth of the lock (operator settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// The failure that first locks (the 5th by default); earlier ones only count.
    pub failures_before_lock: u32,
    /// The first lock's length; each further failure doubles it.
    pub first_lock_seconds: u32,
    /// The longest lock, so an attacker cannot lock a colleague out for days.
    pub max_lock_seconds: u32,
    /// Failures older than this are forgotten: a typo a month ago does not count toward today's lock.
    pub forget_after_seconds: u32,
}

impl Default for LockoutPolicy {
    /// **[decision]** 5 failures lock for 1 minute, then 2, 4, 8, capped at 15 minutes; a day without
    /// failure starts the count again.
    fn default() -> Self {
        Self {
            failures_before_lock: 5,
            first_lock_seconds: 60,
            max_lock_seconds: 15 * 60,
            forget_after_seconds: 86_400,
        }
    }
}

/// What is remembered about an address's recent failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockState {
    /// Consecutive failures since the last success (or since they were forgotten).
    pub failures: u32,
    pub last_failure_at: Option<NaiveDateTime>,
    pub locked_until: Option<NaiveDateTime>,
}

impl LockState {
    /// Whole seconds left before a log-in may be tried again (rounded up), or `None` when not locked.
    #[must_use]
    pub fn retry_after(&self, now: NaiveDateTime) -> Option<u64> {
        let left = self.locked_until? - now;
        let millis = u64::try_from(left.num_milliseconds()).ok().filter(|&m| m > 0)?;
        Some(millis.div_ceil(1000))
    }

    /// The state after one more wrong password at `now`.
    #[must_use]
    pub fn after_failure(&self, policy: &LockoutPolicy, now: NaiveDateTime) -> LockState {
        let forgotten = self
            .last_failure_at
            .is_some_and(|last| now - last > TimeDelta::seconds(i64::from(policy.forget_after_seconds)));
        let failures = if forgotten { 1 } else { self.failures.saturating_add(1) };
        let locked_until = policy.lock_seconds(failures).map(|s| now + TimeDelta::seconds(i64::from(s)));
        LockState { failures, last_failure_at: Some(now), locked_until: locked_until.or(self.locked_until) }
    }
}

impl LockoutPolicy {
    /// How long the `failures`-th consecutive failure locks the address, if at all.
    #[must_use]
    pub fn lock_seconds(&self, failures: u32) -> Option<u32> {
        let doublings = failures.checked_sub(self.failures_before_lock.max(1))?;
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        Some(self.first_lock_seconds.saturating_mul(factor).min(self.max_lock_seconds))
    }
}

#[cfg(test)]
#[path = "lockout_tests.rs"]
mod tests;
