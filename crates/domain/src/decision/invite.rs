//! Interview invites (*convocations*) and their results (R-AVIS-1, R-AVIS-2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// At most three invites per application (R-AVIS-1).
pub const MAX_INVITES: usize = 3;

/// What happened at an invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InviteResult {
    /// *Présence*.
    Present,
    /// *Absence justifiée*: the candidate warned; a new invite is allowed (R-AVIS-2).
    ExcusedAbsence,
    /// *Absence non justifiée*: the application becomes *Non retenue* on validation (R-AVIS-3).
    UnexcusedAbsence,
}

impl InviteResult {
    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Present => "Présence",
            Self::ExcusedAbsence => "Absence justifiée",
            Self::UnexcusedAbsence => "Absence non justifiée",
        }
    }
}

/// One invite: a date (information collective or interview) and, once that date has come, a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invite {
    /// *Date RDV prévu*.
    pub date: NaiveDate,
    /// Set once the date is today or past (R-AVIS-1).
    #[serde(default)]
    pub result: Option<InviteResult>,
}

impl Invite {
    /// An invite without result yet.
    #[must_use]
    pub fn on(date: NaiveDate) -> Self {
        Self { date, result: None }
    }

    /// An invite with its result.
    #[must_use]
    pub fn with_result(date: NaiveDate, result: InviteResult) -> Self {
        Self { date, result: Some(result) }
    }
}
