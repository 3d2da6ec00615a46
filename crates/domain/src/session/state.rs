//! A session's state, derived from today, its calendar, its counts and the cancelled flag
//! (R-SES-1, R-APP-2, R-QUOTA-3, R-TIME-4). Never stored: stored states go stale overnight.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::SessionCalendar;
use crate::quota::Occupancy;

/// The derived state of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Applications accepted, places left (until the registration deadline).
    Open,
    /// After the registration deadline, until the late-entry deadline: applications accepted as late entries.
    LateEntryOnly,
    /// No more applications, the session has not started.
    Closed,
    /// Applications would be accepted by date, but every place is held.
    Full,
    /// Cancelled by the funder or the platform.
    Cancelled,
    /// Between start and end, no more applications.
    Running,
    /// Ended before today.
    Finished,
}

impl SessionState {
    /// Every state, for filters.
    pub const ALL: [Self; 7] =
        [Self::Open, Self::LateEntryOnly, Self::Closed, Self::Full, Self::Cancelled, Self::Running, Self::Finished];

    /// The API code, as serde writes it.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::LateEntryOnly => "late_entry_only",
            Self::Closed => "closed",
            Self::Full => "full",
            Self::Cancelled => "cancelled",
            Self::Running => "running",
            Self::Finished => "finished",
        }
    }

    /// Derives the state. Cancelled wins, then finished, then the application window.
    #[must_use]
    pub fn derive(today: NaiveDate, calendar: &SessionCalendar, cancelled: bool, occupancy: &Occupancy) -> Self {
        if cancelled {
            Self::Cancelled
        } else if today > calendar.end() {
            Self::Finished
        } else if today <= calendar.late_entry_deadline() && occupancy.is_full() {
            Self::Full
        } else if today <= calendar.registration_deadline() {
            Self::Open
        } else if today <= calendar.late_entry_deadline() {
            Self::LateEntryOnly
        } else if today >= calendar.start() {
            Self::Running
        } else {
            Self::Closed
        }
    }

    /// French label, as in the "Etat" column.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Candidature possible",
            Self::LateEntryOnly => "Entrée tardive possible",
            Self::Closed => "Inscriptions closes",
            Self::Full => "Complète",
            Self::Cancelled => "Annulée",
            Self::Running => "En cours",
            Self::Finished => "Terminée",
        }
    }

    /// Whether a prescriber can apply now with a chance of a place (R-LIST-4's availability).
    #[must_use]
    pub fn accepts_applications(self) -> bool {
        matches!(self, Self::Open | Self::LateEntryOnly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quota::{Capacity, Coefficient, Quota};

    #[test]
    fn session_state_code_is_its_wire_name() {
        for state in SessionState::ALL {
            assert_eq!(serde_json::to_value(state).unwrap(), state.code());
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 03/07 → 22/09/2023, registration 20/06, late entry 31/07 (start inside the late-entry window).
    fn calendar() -> SessionCalendar {
        SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 6, 20), d(2023, 7, 31)).unwrap()
    }

    fn occupancy(held: u32) -> Occupancy {
        let quota = Quota::new(Capacity::parse(12).unwrap(), Coefficient::parse(2).unwrap());
        Occupancy::new(held, quota)
    }

    fn state(today: NaiveDate, held: u32) -> SessionState {
        SessionState::derive(today, &calendar(), false, &occupancy(held))
    }

    #[test]
    fn r_ses_1_state_open_until_registration_deadline_inclusive() {
        assert_eq!(state(d(2023, 6, 20), 2), SessionState::Open);
        assert_eq!(SessionState::Open.label(), "Candidature possible");
    }

    #[test]
    fn r_ses_1_state_late_entry_only_between_the_two_deadlines() {
        assert_eq!(state(d(2023, 6, 21), 2), SessionState::LateEntryOnly);
        assert_eq!(state(d(2023, 7, 31), 2), SessionState::LateEntryOnly);
    }

    #[test]
    fn r_ses_1_state_running_after_late_entry_deadline_until_end() {
        assert_eq!(state(d(2023, 8, 1), 2), SessionState::Running);
        assert_eq!(state(d(2023, 9, 22), 2), SessionState::Running);
    }

    #[test]
    fn r_ses_1_state_closed_when_deadlines_passed_before_start() {
        let cal = SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 6, 20), d(2023, 6, 25)).unwrap();
        let s = SessionState::derive(d(2023, 6, 28), &cal, false, &occupancy(0));
        assert_eq!(s, SessionState::Closed);
        assert_eq!(s.label(), "Inscriptions closes");
    }

    #[test]
    fn r_ses_1_state_full_when_quota_held_during_the_application_window() {
        assert_eq!(state(d(2023, 6, 1), 24), SessionState::Full);
        assert_eq!(state(d(2023, 7, 1), 24), SessionState::Full);
        assert!(!SessionState::Full.accepts_applications());
        // Once the window is over, a full session is simply running.
        assert_eq!(state(d(2023, 8, 1), 24), SessionState::Running);
    }

    #[test]
    fn r_ses_1_state_cancelled_wins_over_everything() {
        let s = SessionState::derive(d(2023, 6, 1), &calendar(), true, &occupancy(0));
        assert_eq!(s, SessionState::Cancelled);
    }

    #[test]
    fn r_time_4_state_finished_the_day_after_end() {
        assert_eq!(state(d(2023, 9, 23), 0), SessionState::Finished);
        assert_eq!(serde_json::to_string(&SessionState::LateEntryOnly).unwrap(), "\"late_entry_only\"");
    }
}
