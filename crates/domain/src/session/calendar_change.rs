//! Changing a session's dates: who may move what (R-SES-3) and the deadline coupling (R-SES-4).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::calendar::{CalendarError, SessionCalendar};
use crate::access::{Actor, ActorKind};
use crate::dates::{add_days, french};
use crate::error::{ErrorKind, RuleError};

/// How far an organisation may postpone the start on its own, in all, from the start as published (R-SES-3).
pub const MAX_START_POSTPONEMENT_DAYS: u64 = 14;

/// Who may make the changes an organisation may not: the funder (France Travail or the OPCO),
/// or the platform.
pub const DATE_AUTHORITIES: [ActorKind; 2] = [ActorKind::Funder, ActorKind::PlatformAdmin];

/// A requested change: `None` leaves a date as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarChange {
    /// New start date.
    pub start: Option<NaiveDate>,
    /// New end date.
    pub end: Option<NaiveDate>,
    /// New registration deadline.
    pub registration_deadline: Option<NaiveDate>,
    /// New late-entry deadline.
    pub late_entry_deadline: Option<NaiveDate>,
}

/// One of the four dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarField {
    /// Date de début.
    Start,
    /// Date de fin.
    End,
    /// Date limite d'inscription.
    RegistrationDeadline,
    /// Date limite d'entrée tardive.
    LateEntryDeadline,
}

/// What the caller must do or show after an accepted change (R-SES-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarWarning {
    /// Shown to the user: applicants' files may be affected.
    ApplicantFilesMayBeAffected,
    /// The API must notify the prescribers of the session's pending applications.
    NotifyPrescribersOfPendingApplications,
}

impl CalendarWarning {
    /// French text.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::ApplicantFilesMayBeAffected => {
                "Attention : tout changement peut avoir une incidence sur le suivi des dossiers \
                 de demandeurs d'emploi positionnés sur la session."
            }
            Self::NotifyPrescribersOfPendingApplications => {
                "Les prescripteurs des candidatures en attente seront informés du changement de dates."
            }
        }
    }
}

/// An accepted change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarChangeOutcome {
    /// The new calendar (satisfies R-SES-2 by construction).
    pub calendar: SessionCalendar,
    /// The start the organisation's 14 days count from after this change (R-SES-3): unchanged by the
    /// organisation's own postponements, the new start when the funder or the platform set it.
    pub published_start: NaiveDate,
    /// The dates that actually changed (empty when the request changed nothing).
    pub changed: Vec<CalendarField>,
    /// Warnings to show and notifications to send.
    pub warnings: Vec<CalendarWarning>,
}

/// Why an organisation may not make a start change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartRefusal {
    /// The new start is earlier than the current one.
    NotAPostponement,
    /// More than 14 days after the start as published, counting every earlier postponement.
    MoreThan14Days,
    /// **[decision]** The session has already started: postponing it makes no sense any more.
    AlreadyStarted,
}

/// A refused calendar change.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarChangeError {
    /// A prescriber may not change a session's dates at all.
    #[error("Vous n'êtes pas autorisé·e à modifier les dates de cette session.")]
    Forbidden,
    /// R-SES-3: the organisation may only postpone the start by 1 to 14 days.
    #[error(
        "La date de début ne peut être modifiée par l'organisme que pour repousser l'ouverture de \
         la session, de 14 jours au plus (au plus tard le {latest}) : toute autre modification doit \
         être demandée au financeur (France Travail ou l'OPCO).", latest = french(*.latest_allowed_start)
    )]
    StartChangeNotAllowed {
        /// Why.
        reason: StartRefusal,
        /// The latest start the organisation may set itself.
        latest_allowed_start: NaiveDate,
        /// Who can make the change instead.
        who_can_change: [ActorKind; 2],
    },
    /// R-SES-3: the end date belongs to the funder.
    #[error(
        "La date de fin ne peut être modifiée que par le financeur (France Travail ou l'OPCO) : \
         adressez-lui votre demande."
    )]
    EndChangeNotAllowed {
        /// Who can make the change instead.
        who_can_change: [ActorKind; 2],
    },
    /// R-SES-4: the new registration deadline passes the late-entry deadline, which the request leaves as is.
    #[error(
        "La date limite d'inscription ne peut pas dépasser la date limite d'entrée tardive : \
         reportez aussi la date limite d'entrée tardive, au plus tôt au {earliest}.",
        earliest = french(*.earliest_valid_late_entry_deadline)
    )]
    LateEntryDeadlineMustMove {
        /// The current late-entry deadline.
        late_entry_deadline: NaiveDate,
        /// The earliest late-entry deadline that makes the request valid (= the new registration deadline).
        earliest_valid_late_entry_deadline: NaiveDate,
    },
    /// The resulting calendar breaks R-SES-2.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// What a client needs to offer a fix for a refused calendar change, sent as the problem's `extra`; the server
/// writes it and the web app reads it with this one type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarRefusalDetails {
    /// R-SES-4: the late-entry deadline to propose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest_valid_late_entry_deadline: Option<NaiveDate>,
    /// R-SES-3: the latest start the organisation may set itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_allowed_start: Option<NaiveDate>,
    /// R-SES-3: who may make the change instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_can_change: Option<[ActorKind; 2]>,
}

impl CalendarChangeError {
    /// The details of this refusal, if it has any.
    #[must_use]
    pub fn details(&self) -> Option<CalendarRefusalDetails> {
        let details = match self {
            Self::LateEntryDeadlineMustMove { earliest_valid_late_entry_deadline, .. } => CalendarRefusalDetails {
                earliest_valid_late_entry_deadline: Some(*earliest_valid_late_entry_deadline),
                ..CalendarRefusalDetails::default()
            },
            Self::StartChangeNotAllowed { latest_allowed_start, who_can_change, .. } => CalendarRefusalDetails {
                latest_allowed_start: Some(*latest_allowed_start),
                who_can_change: Some(*who_can_change),
                ..CalendarRefusalDetails::default()
            },
            Self::EndChangeNotAllowed { who_can_change } => {
                CalendarRefusalDetails { who_can_change: Some(*who_can_change), ..CalendarRefusalDetails::default() }
            }
            Self::Forbidden | Self::Calendar(_) => return None,
        };
        Some(details)
    }
}

impl RuleError for CalendarChangeError {
    fn code(&self) -> &'static str {
        match self {
            Self::Forbidden => "date_change_forbidden",
            Self::StartChangeNotAllowed { .. } => "start_change_not_allowed",
            Self::EndChangeNotAllowed { .. } => "end_change_not_allowed",
            Self::LateEntryDeadlineMustMove { .. } => "late_entry_deadline_must_move",
            Self::Calendar(e) => e.code(),
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            Self::Forbidden => None,
            Self::StartChangeNotAllowed { .. } => Some("start"),
            Self::EndChangeNotAllowed { .. } => Some("end"),
            Self::LateEntryDeadlineMustMove { .. } => Some("late_entry_deadline"),
            Self::Calendar(e) => e.field(),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Forbidden => ErrorKind::Forbidden,
            // 422 like a locked field: the actor may edit the session, just not make this change (R-TRN-2).
            Self::StartChangeNotAllowed { .. }
            | Self::EndChangeNotAllowed { .. }
            | Self::LateEntryDeadlineMustMove { .. } => ErrorKind::Invalid,
            Self::Calendar(e) => e.kind(),
        }
    }
    fn extra(&self) -> Option<serde_json::Value> {
        self.details().and_then(|d| serde_json::to_value(d).ok())
    }
}

/// Returns `Some(new)` when `requested` differs from `current`: sending an unchanged date is no change.
fn moved(requested: Option<NaiveDate>, current: NaiveDate) -> Option<NaiveDate> {
    requested.filter(|date| *date != current)
}

/// Applies a requested calendar change for `actor` (R-SES-2, R-SES-3, R-SES-4).
///
/// Organisations may postpone the start before the session starts, to at most 14 days after
/// `published_start` (the start as the funder or the platform last set it: repeated postponements add up),
/// and move both deadlines; funders and platform admins may move anything within R-SES-2 and their start
/// becomes the new `published_start` (**[decision]**: the funder granting a new date publishes it anew);
/// prescribers nothing.
pub fn change_calendar(
    current: &SessionCalendar,
    published_start: NaiveDate,
    change: &CalendarChange,
    actor: &Actor,
    today: NaiveDate,
) -> Result<CalendarChangeOutcome, CalendarChangeError> {
    let start = moved(change.start, current.start());
    let end = moved(change.end, current.end());
    let registration = moved(change.registration_deadline, current.registration_deadline());
    let late_entry = moved(change.late_entry_deadline, current.late_entry_deadline());

    match actor.kind() {
        ActorKind::Prescriber => return Err(CalendarChangeError::Forbidden),
        ActorKind::TrainingOrganisation => check_organisation_limits(current, published_start, start, end, today)?,
        ActorKind::Funder | ActorKind::PlatformAdmin => {}
    }
    let published_start = match (actor.kind(), start) {
        (ActorKind::Funder | ActorKind::PlatformAdmin, Some(start)) => start,
        _ => published_start,
    };

    let new_end = end.unwrap_or(current.end());
    if let Some(registration) = registration
        && late_entry.is_none()
        && registration > current.late_entry_deadline()
        && registration <= new_end
    {
        return Err(CalendarChangeError::LateEntryDeadlineMustMove {
            late_entry_deadline: current.late_entry_deadline(),
            earliest_valid_late_entry_deadline: registration,
        });
    }

    let calendar = SessionCalendar::new(
        start.unwrap_or(current.start()),
        new_end,
        registration.unwrap_or(current.registration_deadline()),
        late_entry.unwrap_or(current.late_entry_deadline()),
    )?;

    let changed: Vec<CalendarField> = [
        (start, CalendarField::Start),
        (end, CalendarField::End),
        (registration, CalendarField::RegistrationDeadline),
        (late_entry, CalendarField::LateEntryDeadline),
    ]
    .into_iter()
    .filter_map(|(value, field)| value.map(|_| field))
    .collect();
    let warnings = if changed.is_empty() {
        Vec::new()
    } else {
        vec![CalendarWarning::ApplicantFilesMayBeAffected, CalendarWarning::NotifyPrescribersOfPendingApplications]
    };
    Ok(CalendarChangeOutcome { calendar, published_start, changed, warnings })
}

/// The latest start an organisation may set itself (R-SES-3): 14 days after the start as published, whatever
/// it already postponed.
#[must_use]
pub fn latest_organisation_start(published_start: NaiveDate) -> NaiveDate {
    add_days(published_start, MAX_START_POSTPONEMENT_DAYS)
}

fn check_organisation_limits(
    current: &SessionCalendar,
    published_start: NaiveDate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), CalendarChangeError> {
    if let Some(start) = start {
        let latest_allowed_start = latest_organisation_start(published_start);
        let reason = if current.start() <= today {
            Some(StartRefusal::AlreadyStarted)
        } else if start < current.start() {
            Some(StartRefusal::NotAPostponement)
        } else if start > latest_allowed_start {
            Some(StartRefusal::MoreThan14Days)
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(CalendarChangeError::StartChangeNotAllowed {
                reason,
                latest_allowed_start,
                who_can_change: DATE_AUTHORITIES,
            });
        }
    }
    if end.is_some() {
        return Err(CalendarChangeError::EndChangeNotAllowed { who_can_change: DATE_AUTHORITIES });
    }
    Ok(())
}

#[cfg(test)]
#[path = "calendar_change_tests.rs"]
mod tests;
