//! The session calendar: start, end and the two deadlines, always consistent (R-SES-2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::dates::french;
use crate::error::{ErrorKind, RuleError};

/// A calendar breaking R-SES-2.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// end < start.
    #[error("La date de fin ({end}) ne peut pas précéder la date de début ({start}).", start = french(*.start), end = french(*.end))]
    EndBeforeStart {
        /// Requested start.
        start: NaiveDate,
        /// Requested end.
        end: NaiveDate,
    },
    /// registration deadline > late-entry deadline.
    #[error("La date limite d'inscription ne peut pas dépasser la date limite d'entrée tardive.")]
    RegistrationAfterLateEntry {
        /// Requested registration deadline.
        registration_deadline: NaiveDate,
        /// Requested late-entry deadline.
        late_entry_deadline: NaiveDate,
    },
    /// late-entry deadline > end.
    #[error("La date limite d'entrée tardive ne peut pas dépasser la date de fin de session ({end}).", end = french(*.end))]
    LateEntryAfterEnd {
        /// Requested late-entry deadline.
        late_entry_deadline: NaiveDate,
        /// Requested end.
        end: NaiveDate,
    },
}

impl RuleError for CalendarError {
    fn code(&self) -> &'static str {
        match self {
            Self::EndBeforeStart { .. } => "end_before_start",
            Self::RegistrationAfterLateEntry { .. } => "registration_deadline_after_late_entry",
            Self::LateEntryAfterEnd { .. } => "late_entry_deadline_after_end",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::EndBeforeStart { .. } => "end",
            Self::RegistrationAfterLateEntry { .. } => "registration_deadline",
            Self::LateEntryAfterEnd { .. } => "late_entry_deadline",
        })
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// The raw four dates, as received; parse them with [`SessionCalendar::try_from`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDates {
    /// *Date de début*.
    pub start: NaiveDate,
    /// *Date de fin*.
    pub end: NaiveDate,
    /// *Date limite d'inscription*.
    pub registration_deadline: NaiveDate,
    /// *Date limite d'entrée tardive*.
    pub late_entry_deadline: NaiveDate,
}

/// A session calendar satisfying R-SES-2: start ≤ end and
/// registration deadline ≤ late-entry deadline ≤ end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "CalendarDates", into = "CalendarDates")]
pub struct SessionCalendar {
    start: NaiveDate,
    end: NaiveDate,
    registration_deadline: NaiveDate,
    late_entry_deadline: NaiveDate,
}

impl SessionCalendar {
    /// Builds a calendar, refusing any breach of R-SES-2 (the first one found, start/end first).
    pub fn new(
        start: NaiveDate,
        end: NaiveDate,
        registration_deadline: NaiveDate,
        late_entry_deadline: NaiveDate,
    ) -> Result<Self, CalendarError> {
        if end < start {
            return Err(CalendarError::EndBeforeStart { start, end });
        }
        if late_entry_deadline > end {
            return Err(CalendarError::LateEntryAfterEnd { late_entry_deadline, end });
        }
        if registration_deadline > late_entry_deadline {
            return Err(CalendarError::RegistrationAfterLateEntry { registration_deadline, late_entry_deadline });
        }
        Ok(Self { start, end, registration_deadline, late_entry_deadline })
    }

    /// First day of training.
    #[must_use]
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day of training.
    #[must_use]
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Last day applications are accepted normally.
    #[must_use]
    pub fn registration_deadline(&self) -> NaiveDate {
        self.registration_deadline
    }

    /// Last day applications are accepted as late entries.
    #[must_use]
    pub fn late_entry_deadline(&self) -> NaiveDate {
        self.late_entry_deadline
    }

    /// The four dates.
    #[must_use]
    pub fn dates(&self) -> CalendarDates {
        CalendarDates::from(*self)
    }
}

impl TryFrom<CalendarDates> for SessionCalendar {
    type Error = CalendarError;
    fn try_from(d: CalendarDates) -> Result<Self, Self::Error> {
        Self::new(d.start, d.end, d.registration_deadline, d.late_entry_deadline)
    }
}

impl From<SessionCalendar> for CalendarDates {
    fn from(c: SessionCalendar) -> Self {
        Self {
            start: c.start,
            end: c.end,
            registration_deadline: c.registration_deadline,
            late_entry_deadline: c.late_entry_deadline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r_ses_2_guide_calendar_03_07_to_22_09_2023_with_deadlines_31_07_is_valid() {
        let calendar = SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 7, 31), d(2023, 7, 31)).unwrap();
        assert_eq!(calendar.start(), d(2023, 7, 3));
        assert_eq!(calendar.end(), d(2023, 9, 22));
        assert_eq!(calendar.registration_deadline(), d(2023, 7, 31));
        assert_eq!(calendar.late_entry_deadline(), d(2023, 7, 31));
    }

    #[test]
    fn r_ses_2_end_before_start_refused() {
        let err = SessionCalendar::new(d(2023, 9, 22), d(2023, 7, 3), d(2023, 7, 1), d(2023, 7, 1)).unwrap_err();
        assert_eq!(err.code(), "end_before_start");
        assert_eq!(err.field(), Some("end"));
    }

    #[test]
    fn r_ses_2_registration_after_late_entry_refused_in_french() {
        let err = SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 8, 1), d(2023, 7, 31)).unwrap_err();
        assert_eq!(err.code(), "registration_deadline_after_late_entry");
        assert_eq!(err.message(), "La date limite d'inscription ne peut pas dépasser la date limite d'entrée tardive.");
    }

    #[test]
    fn r_ses_2_late_entry_after_end_refused() {
        let err = SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 7, 31), d(2023, 9, 23)).unwrap_err();
        assert_eq!(err.code(), "late_entry_deadline_after_end");
        assert!(err.message().contains("22/09/2023"));
    }

    #[test]
    fn r_ses_2_one_day_session_with_same_day_deadlines_is_valid() {
        let day = d(2024, 1, 15);
        assert!(SessionCalendar::new(day, day, day, day).is_ok());
    }

    #[test]
    fn r_ses_2_invalid_calendar_cannot_be_deserialized() {
        let bad = r#"{"start":"2023-07-03","end":"2023-09-22","registration_deadline":"2023-08-01","late_entry_deadline":"2023-07-31"}"#;
        assert!(serde_json::from_str::<SessionCalendar>(bad).is_err());
        let good = r#"{"start":"2023-07-03","end":"2023-09-22","registration_deadline":"2023-07-31","late_entry_deadline":"2023-07-31"}"#;
        let calendar: SessionCalendar = serde_json::from_str(good).unwrap();
        assert_eq!(serde_json::to_string(&calendar).unwrap(), good);
    }
}
