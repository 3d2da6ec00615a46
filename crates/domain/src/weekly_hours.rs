//! *Intensité hebdomadaire*: training hours brought back to a full 5-day week (R-AVIS-4).
//!
//! Stored in whole minutes so that 7 h 30 or 17,5 h are exact and comparisons never suffer from
//! floating point; the API exchanges hours as a JSON number.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// Working days in the reference week of the guide.
const DAYS_PER_WEEK: u64 = 5;
const MAX_MINUTES: u32 = 35 * 60;

/// A weekly intensity that cannot be right.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WeeklyHoursError {
    /// Zero, negative, above 35 h, or not a number.
    #[error("L'intensité hebdomadaire doit être supérieure à 0 et au plus de 35 heures.")]
    OutOfRange,
    /// The helper was given no day or no session.
    #[error("Indiquez au moins une séance et au moins un jour pour calculer l'intensité hebdomadaire.")]
    EmptySchedule,
}

impl RuleError for WeeklyHoursError {
    fn code(&self) -> &'static str {
        match self {
            Self::OutOfRange => "invalid_weekly_hours",
            Self::EmptySchedule => "invalid_schedule",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("weekly_hours")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// Weekly intensity: 0 < hours ≤ 35, kept in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct WeeklyHours {
    minutes: u32,
}

impl WeeklyHours {
    /// From whole minutes per week.
    pub fn from_minutes(minutes: u32) -> Result<Self, WeeklyHoursError> {
        if minutes == 0 || minutes > MAX_MINUTES {
            return Err(WeeklyHoursError::OutOfRange);
        }
        Ok(Self { minutes })
    }

    /// From hours as entered (`17.5`), rounded to the nearest minute.
    pub fn from_hours(hours: f64) -> Result<Self, WeeklyHoursError> {
        if !hours.is_finite() || hours <= 0.0 || hours > 35.0 {
            return Err(WeeklyHoursError::OutOfRange);
        }
        // Range checked above, so the cast cannot truncate: 0 < minutes ≤ 2100.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "hours is finite and within (0, 35]"
        )]
        let minutes = (hours * 60.0).round() as u32;
        Self::from_minutes(minutes)
    }

    /// The guide's helper: `sessions` sessions of `minutes_per_session` spread over `days` days,
    /// brought back to a 5-day week. 4 sessions of 2 h over 2 days → 8 h / 2 × 5 = 20 h.
    pub fn from_schedule(sessions: u32, minutes_per_session: u32, days: u32) -> Result<Self, WeeklyHoursError> {
        if sessions == 0 || minutes_per_session == 0 || days == 0 {
            return Err(WeeklyHoursError::EmptySchedule);
        }
        let total = u64::from(sessions) * u64::from(minutes_per_session) * DAYS_PER_WEEK;
        let days = u64::from(days);
        // Round half up to the nearest minute.
        let minutes = (total + days / 2) / days;
        Self::from_minutes(u32::try_from(minutes).unwrap_or(u32::MAX))
    }

    /// Minutes per week.
    #[must_use]
    pub fn minutes(self) -> u32 {
        self.minutes
    }

    /// Hours per week, for display and JSON.
    #[must_use]
    pub fn hours(self) -> f64 {
        f64::from(self.minutes) / 60.0
    }
}

impl TryFrom<f64> for WeeklyHours {
    type Error = WeeklyHoursError;
    fn try_from(hours: f64) -> Result<Self, Self::Error> {
        Self::from_hours(hours)
    }
}

impl From<WeeklyHours> for f64 {
    fn from(hours: WeeklyHours) -> Self {
        hours.hours()
    }
}

/// French display: `20 h`, `17 h 30`.
impl fmt::Display for WeeklyHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        if m == 0 { write!(f, "{h} h") } else { write!(f, "{h} h {m:02}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_avis_4_guide_example_4_sessions_of_2h_over_2_days_is_20h_per_week() {
        let hours = WeeklyHours::from_schedule(4, 120, 2).unwrap();
        assert_eq!(hours.minutes(), 20 * 60);
        assert_eq!(hours.to_string(), "20 h");
    }

    #[test]
    fn r_avis_4_weekly_hours_must_be_above_0_and_at_most_35() {
        assert!(WeeklyHours::from_hours(0.0).is_err());
        assert!(WeeklyHours::from_hours(-1.0).is_err());
        assert!(WeeklyHours::from_hours(35.01).is_err());
        assert!(WeeklyHours::from_hours(f64::NAN).is_err());
        assert_eq!(WeeklyHours::from_hours(35.0).unwrap().minutes(), 2100);
        assert_eq!(WeeklyHours::from_hours(17.5).unwrap().to_string(), "17 h 30");
        assert_eq!(WeeklyHours::from_minutes(0).unwrap_err().code(), "invalid_weekly_hours");
    }

    #[test]
    fn r_avis_4_schedule_above_35h_is_refused() {
        // 6 sessions of 7 h in 1 day → 210 h/week: impossible.
        assert_eq!(WeeklyHours::from_schedule(6, 420, 1), Err(WeeklyHoursError::OutOfRange));
        assert_eq!(WeeklyHours::from_schedule(1, 60, 0), Err(WeeklyHoursError::EmptySchedule));
    }

    #[test]
    fn r_avis_4_weekly_hours_round_trip_through_json_exactly() {
        let hours = WeeklyHours::from_minutes(20).unwrap(); // 1/3 h
        let json = serde_json::to_string(&hours).unwrap();
        assert_eq!(serde_json::from_str::<WeeklyHours>(&json).unwrap(), hours);
        assert!(serde_json::from_str::<WeeklyHours>("36").is_err());
        assert_eq!(serde_json::to_string(&WeeklyHours::from_hours(20.0).unwrap()).unwrap(), "20.0");
    }
}
