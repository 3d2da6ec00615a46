//! Small date helpers that never panic.

use chrono::{Days, NaiveDate};

/// `date + days`, saturating at the last representable date instead of panicking.
#[must_use]
pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// Formats a date the French way (`dd/mm/yyyy`), as the UI and messages show it.
#[must_use]
pub fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}
