//! Retention of candidates' personal data (R-GDPR-2): when a session's applications are anonymised.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// An operator setting out of range.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("La durée de conservation doit être comprise entre 1 et 120 mois (reçu : {received}).")]
pub struct RetentionError {
    /// The value received.
    pub received: i64,
}

impl RuleError for RetentionError {
    fn code(&self) -> &'static str {
        "invalid_retention"
    }
    fn field(&self) -> Option<&'static str> {
        Some("retention_months")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// How long candidate data is kept after the session's end, in months (operator setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Retention(u32);

impl Default for Retention {
    /// **[decision]** 2 years after the session's end (DOMAIN.md R-GDPR-2).
    fn default() -> Self {
        Self(24)
    }
}

impl Retention {
    /// Parses a number of months, 1 to 120.
    pub fn months(months: i64) -> Result<Self, RetentionError> {
        u32::try_from(months)
            .ok()
            .filter(|m| (1..=120).contains(m))
            .map(Self)
            .ok_or(RetentionError { received: months })
    }

    /// The number of months.
    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }

    /// The first day the data of a session ending on `session_end` must be anonymised.
    /// A month-end overflows to the last day of the target month (31/08 + 6 months → 28/02).
    #[must_use]
    pub fn anonymise_after(self, session_end: NaiveDate) -> NaiveDate {
        session_end.checked_add_months(Months::new(self.0)).unwrap_or(NaiveDate::MAX)
    }

    /// Whether that day has come.
    #[must_use]
    pub fn is_due_for_anonymisation(self, session_end: NaiveDate, today: NaiveDate) -> bool {
        today >= self.anonymise_after(session_end)
    }
}

/// How long the read log keeps an entry (R-GDPR-2: read-log entries have their own retention, 12 months).
pub const READ_LOG_MONTHS: u32 = 12;

/// Read-log entries of days before this one are past their retention on `today`.
#[must_use]
pub fn read_log_kept_from(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(READ_LOG_MONTHS)).unwrap_or(NaiveDate::MIN)
}

/// Fields of an application's audit trail whose values survive anonymisation: states, counts and dates that
/// statistics and the funder's audits need. Any other field (a comment, a name…) keeps only the fact that it
/// changed.
pub const AUDIT_FIELDS_KEPT: [&str; 7] =
    ["state", "invites_count", "last_invite_result", "planned_entry_date", "refusal_reason", "decided_at", "automatic"];

/// Whether an audited field keeps its values once the application is anonymised.
#[must_use]
pub fn audit_field_survives_anonymisation(field: &str) -> bool {
    AUDIT_FIELDS_KEPT.contains(&field)
}

impl TryFrom<i64> for Retention {
    type Error = RetentionError;
    fn try_from(months: i64) -> Result<Self, Self::Error> {
        Self::months(months)
    }
}

impl From<Retention> for u32 {
    fn from(retention: Retention) -> Self {
        retention.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r_gdpr_2_default_retention_is_two_years_after_session_end() {
        let retention = Retention::default();
        assert_eq!(retention.anonymise_after(d(2023, 9, 22)), d(2025, 9, 22));
        assert!(!retention.is_due_for_anonymisation(d(2023, 9, 22), d(2025, 9, 21)));
        assert!(retention.is_due_for_anonymisation(d(2023, 9, 22), d(2025, 9, 22)));
    }

    #[test]
    fn r_gdpr_2_read_log_entries_are_kept_twelve_months() {
        assert_eq!(read_log_kept_from(d(2025, 3, 31)), d(2024, 3, 31));
        assert_eq!(read_log_kept_from(d(2024, 2, 29)), d(2023, 2, 28));
    }

    #[test]
    fn r_gdpr_2_audit_keeps_states_and_dates_but_not_free_texts() {
        assert!(audit_field_survives_anonymisation("state"));
        assert!(audit_field_survives_anonymisation("planned_entry_date"));
        for personal in ["comment", "refusal_detail", "presentation", "last_name", "email"] {
            assert!(!audit_field_survives_anonymisation(personal), "{personal}");
        }
    }

    #[test]
    fn r_gdpr_2_retention_is_an_operator_setting_in_months() {
        let three_months = Retention::months(3).unwrap();
        assert_eq!(three_months.anonymise_after(d(2023, 11, 30)), d(2024, 2, 29));
        assert!(Retention::months(0).is_err());
        assert!(Retention::months(121).is_err());
    }
}
