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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_list_3_dates_are_written_day_month_year_with_leading_zeros() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 4).unwrap();
        assert_eq!(french(day), "04/09/2023");
    }

    #[test]
    fn adding_days_past_the_last_date_saturates() {
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
    }
}
