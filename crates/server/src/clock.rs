//! The one clock of the server: every rule gets "today" from here as a parameter (R-TIME-3).
//!
//! Tests that move time forward (the stateful fuzzer crossing end + 21 days and the retention period) shift
//! it by whole days. That shift exists only in builds with the `test-clock` feature *and* debug assertions:
//! a release build has no code that can move it, whatever its features or settings.

#[cfg(all(feature = "test-clock", debug_assertions))]
use std::sync::Arc;
#[cfg(all(feature = "test-clock", debug_assertions))]
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::NaiveDate;

/// Where "today" comes from.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    #[cfg(all(feature = "test-clock", debug_assertions))]
    shift_days: Arc<AtomicI64>,
}

impl Clock {
    /// The date where the service runs (the `TZ` of the process; Europe/Paris in production).
    pub fn today(&self) -> NaiveDate {
        self.shifted(chrono::Local::now().date_naive())
    }

    #[cfg(all(feature = "test-clock", debug_assertions))]
    fn shifted(&self, today: NaiveDate) -> NaiveDate {
        let shift = self.shift_days.load(Ordering::SeqCst);
        today.checked_add_signed(chrono::Duration::days(shift)).unwrap_or(today)
    }

    #[cfg(not(all(feature = "test-clock", debug_assertions)))]
    fn shifted(&self, today: NaiveDate) -> NaiveDate {
        today
    }

    /// Moves "today" forward by `days` for every holder of this clock (tests only).
    #[cfg(all(feature = "test-clock", debug_assertions))]
    pub fn advance_days(&self, days: i64) {
        self.shift_days.fetch_add(days, Ordering::SeqCst);
    }
}
