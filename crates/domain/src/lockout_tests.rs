use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::*;

fn at(seconds: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(9, 0, 0).unwrap() + TimeDelta::seconds(seconds)
}

fn failures(policy: &LockoutPolicy, count: u32, now: NaiveDateTime) -> LockState {
    (0..count).fold(LockState::default(), |state, _| state.after_failure(policy, now))
}

#[test]
fn the_fifth_failure_locks_for_a_minute_then_each_one_doubles_up_to_the_cap() {
    let policy = LockoutPolicy::default();
    let locks: Vec<_> = (1..=12).map(|n| policy.lock_seconds(n)).collect();
    assert_eq!(
        locks,
        [None, None, None, None, Some(60), Some(120), Some(240), Some(480), Some(900), Some(900), Some(900), Some(900)]
    );
    assert_eq!(policy.lock_seconds(u32::MAX), Some(900), "no overflow however many failures");
}

#[test]
fn four_failures_do_not_lock_and_the_fifth_does() {
    let policy = LockoutPolicy::default();
    let four = failures(&policy, 4, at(0));
    assert_eq!((four.failures, four.retry_after(at(0))), (4, None));
    let five = four.after_failure(&policy, at(10));
    assert_eq!(five.locked_until, Some(at(70)));
    assert_eq!(five.retry_after(at(10)), Some(60));
    assert_eq!(five.retry_after(at(69)), Some(1));
    assert_eq!(five.retry_after(at(70)), None, "free again once the delay is over");
}

#[test]
fn retry_after_rounds_a_partial_second_up() {
    let state = LockState { failures: 5, last_failure_at: Some(at(0)), locked_until: Some(at(60)) };
    let now = at(58) + TimeDelta::milliseconds(100);
    assert_eq!(state.retry_after(now), Some(2));
}

#[test]
fn a_failure_after_the_lock_expired_locks_again_for_twice_as_long() {
    let policy = LockoutPolicy::default();
    let five = failures(&policy, 5, at(0));
    let six = five.after_failure(&policy, at(61));
    assert_eq!(six.failures, 6);
    assert_eq!(six.retry_after(at(61)), Some(120));
}

#[test]
fn failures_older_than_the_forget_delay_start_the_count_again() {
    let policy = LockoutPolicy::default();
    let four = failures(&policy, 4, at(0));
    let next_day = four.after_failure(&policy, at(86_401));
    assert_eq!((next_day.failures, next_day.retry_after(at(86_401))), (1, None));
}

#[test]
fn a_test_policy_can_lock_for_one_second() {
    let policy =
        LockoutPolicy { failures_before_lock: 2, first_lock_seconds: 1, max_lock_seconds: 1, forget_after_seconds: 60 };
    let two = failures(&policy, 2, at(0));
    assert_eq!(two.retry_after(at(0)), Some(1));
    assert_eq!(two.retry_after(at(1)), None);
}
