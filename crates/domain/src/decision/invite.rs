//! Interview invites (*convocations*), their kind (R-INV-KIND-1, R-INV-KIND-2) and their results (R-AVIS-1,
//! R-AVIS-2).

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

/// What the candidate is invited to (R-INV-KIND-1): the guide's "Date RDV prévu (information collective
/// et/ou entretien)".
///
/// R-INV-KIND-2 **[decision]**: an invite saved before kinds existed is an *entretien* (the guide's form asks
/// for "la date à laquelle vous avez reçu le candidat", one person); the kind changes nothing in the R-AVIS
/// workflow, a *présence* at an information collective counts like one at an interview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InviteKind {
    /// *Information collective*: a group meeting presenting the training.
    InformationCollective,
    /// *Entretien*: an individual interview.
    #[default]
    Interview,
}

impl InviteKind {
    /// Both kinds, in the order the form offers them.
    pub const ALL: [Self; 2] = [Self::InformationCollective, Self::Interview];

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::InformationCollective => "Information collective",
            Self::Interview => "Entretien",
        }
    }

    /// The API's code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::InformationCollective => "information_collective",
            Self::Interview => "interview",
        }
    }
}

/// One invite: a date, its kind (information collective or interview) and, once that date has come, a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invite {
    /// *Date RDV prévu*.
    pub date: NaiveDate,
    /// *Information collective* or *entretien*; absent means *entretien* (R-INV-KIND-2).
    #[serde(default)]
    pub kind: InviteKind,
    /// Set once the date is today or past (R-AVIS-1).
    #[serde(default)]
    pub result: Option<InviteResult>,
}

impl Invite {
    /// An interview without result yet.
    #[must_use]
    pub fn on(date: NaiveDate) -> Self {
        Self { date, kind: InviteKind::Interview, result: None }
    }

    /// An interview with its result.
    #[must_use]
    pub fn with_result(date: NaiveDate, result: InviteResult) -> Self {
        Self { date, kind: InviteKind::Interview, result: Some(result) }
    }

    /// The same invite, of another kind.
    #[must_use]
    pub fn of_kind(self, kind: InviteKind) -> Self {
        Self { kind, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 10, day).unwrap()
    }

    #[test]
    fn r_inv_kind_1_an_invite_is_an_information_collective_or_an_interview() {
        let invite = Invite::on(d(1)).of_kind(InviteKind::InformationCollective);
        let json = serde_json::to_value(invite).unwrap();
        assert_eq!(json, serde_json::json!({"date": "2024-10-01", "kind": "information_collective", "result": null}));
        assert_eq!(serde_json::from_value::<Invite>(json).unwrap(), invite);
        assert_eq!(InviteKind::ALL.map(InviteKind::label), ["Information collective", "Entretien"]);
        assert_eq!(
            InviteKind::ALL.map(|k| serde_json::to_value(k).unwrap()),
            InviteKind::ALL.map(|k| serde_json::Value::from(k.code()))
        );
        assert!(serde_json::from_value::<Invite>(serde_json::json!({"date": "2024-10-01", "kind": "visite"})).is_err());
    }

    #[test]
    fn r_inv_kind_2_an_invite_saved_without_kind_is_an_interview() {
        let invite: Invite =
            serde_json::from_value(serde_json::json!({"date": "2024-10-01", "result": "present"})).unwrap();
        assert_eq!(invite, Invite::with_result(d(1), InviteResult::Present));
        assert_eq!(invite.kind, InviteKind::Interview);
    }
}
