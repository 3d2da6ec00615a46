//! Receiving an application (R-APP-1, R-APP-2, R-QUOTA-2, R-QUOTA-3).
//!
//! This function decides on a snapshot of the session. Under concurrency the API must take the
//! decision and insert the row in one serialised step (a row lock on the session, or a conditional
//! insert re-counting held places), so that N simultaneous applications for Q free places leave
//! exactly min(N, Q) pending (R-QUOTA-3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::state::ApplicationState;
use crate::dates::french;
use crate::error::{ErrorKind, RuleError};
use crate::quota::{Occupancy, Quota};
use crate::session::SessionCalendar;

/// What the domain needs to know to receive an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeRequest {
    /// The session's calendar.
    pub calendar: SessionCalendar,
    /// Whether the session was cancelled.
    pub cancelled: bool,
    /// capacity × coefficient.
    pub quota: Quota,
    /// Applications currently holding a place (pending + retained).
    pub places_held: u32,
    /// Whether this candidate already has a live (pending or retained) application on this session.
    pub candidate_has_live_application: bool,
    /// Today.
    pub today: NaiveDate,
}

/// An accepted application: it is recorded, in one of these states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IntakeOutcome {
    /// Recorded as pending; `late_entry` after the registration deadline (*liste complémentaire*).
    Pending {
        /// Received after the registration deadline, before the late-entry deadline.
        late_entry: bool,
    },
    /// Recorded, but no place was left: *Refus : session complète* (R-QUOTA-3). Not an error.
    RefusedSessionFull {
        /// Would have been a late entry.
        late_entry: bool,
    },
}

impl IntakeOutcome {
    /// The state to store.
    #[must_use]
    pub fn state(self) -> ApplicationState {
        match self {
            Self::Pending { .. } => ApplicationState::Pending,
            Self::RefusedSessionFull { .. } => ApplicationState::RefusedSessionFull,
        }
    }

    /// The late-entry flag to store.
    #[must_use]
    pub fn late_entry(self) -> bool {
        match self {
            Self::Pending { late_entry } | Self::RefusedSessionFull { late_entry } => late_entry,
        }
    }
}

/// An application that is not recorded at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IntakeError {
    /// The session was cancelled (R-APP-2).
    #[error("Cette session a été annulée : elle n'accepte plus de candidatures.")]
    SessionCancelled,
    /// The candidate already has a live application on this session (R-APP-1).
    #[error("Ce candidat a déjà une candidature en cours sur cette session.")]
    DuplicateApplication,
    /// After the late-entry deadline (R-APP-2).
    #[error("Les inscriptions sont closes pour cette session depuis le {closed_since}.", closed_since = french(*.late_entry_deadline))]
    RegistrationClosed {
        /// The last day applications were accepted.
        late_entry_deadline: NaiveDate,
    },
}

impl RuleError for IntakeError {
    fn code(&self) -> &'static str {
        match self {
            Self::SessionCancelled => "session_cancelled",
            Self::DuplicateApplication => "duplicate_application",
            Self::RegistrationClosed { .. } => "registration_closed",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::SessionCancelled | Self::DuplicateApplication => ErrorKind::Conflict,
            Self::RegistrationClosed { .. } => ErrorKind::Invalid,
        }
    }
}

/// Decides what happens to a new application.
///
/// Order: a cancelled session refuses all; then the window (R-APP-2); then the duplicate check
/// (R-APP-1); then the quota: with no free place the application is recorded as
/// `refused_session_full` (R-QUOTA-3).
pub fn receive_application(request: &IntakeRequest) -> Result<IntakeOutcome, IntakeError> {
    let calendar = &request.calendar;
    if request.cancelled {
        return Err(IntakeError::SessionCancelled);
    }
    if request.today > calendar.late_entry_deadline() {
        return Err(IntakeError::RegistrationClosed { late_entry_deadline: calendar.late_entry_deadline() });
    }
    if request.candidate_has_live_application {
        return Err(IntakeError::DuplicateApplication);
    }
    let late_entry = request.today > calendar.registration_deadline();
    if Occupancy::new(request.places_held, request.quota).is_full() {
        return Ok(IntakeOutcome::RefusedSessionFull { late_entry });
    }
    Ok(IntakeOutcome::Pending { late_entry })
}

#[cfg(test)]
#[path = "intake_tests.rs"]
mod tests;
