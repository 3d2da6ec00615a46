//! Changing who runs a session and where (R-SES-7).
//!
//! R-SES-7 **[decision]** (the guide: "modification du formateur, du positionneur, du lieu : passer par le
//! financeur"): a session's trainer, positioner and commune are changed by its funder or the platform only.
//! The organisation reads them as locked fields (422, like R-TRN-2's locked fields: it may edit the session,
//! not these); a prescriber changes nothing (403). The trainer stays set; the positioner may be removed.

use serde::Serialize;
use thiserror::Error;

use super::calendar_change::DATE_AUTHORITIES;
use super::commune::Commune;
use crate::access::{Actor, ActorKind};
use crate::error::{ErrorKind, RuleError};
use crate::ids::OrganisationId;

/// A requested change: `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartiesChange {
    /// The new trainer (organisme formateur).
    pub trainer: Option<OrganisationId>,
    /// The new positioner; `Some(None)` removes it.
    pub positioner: Option<Option<OrganisationId>>,
    /// The new commune.
    pub commune: Option<Commune>,
}

/// The session's current parties and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartiesAndPlace {
    pub trainer: OrganisationId,
    pub positioner: Option<OrganisationId>,
    pub commune: Commune,
}

/// One of the values R-SES-7 reserves to the funder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyField {
    Trainer,
    Positioner,
    Commune,
}

impl PartyField {
    /// The API's field name.
    #[must_use]
    pub fn field(self) -> &'static str {
        match self {
            Self::Trainer => "trainer_organisation_id",
            Self::Positioner => "positioner_organisation_id",
            Self::Commune => "commune",
        }
    }
}

/// A refused change of R-SES-7.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PartiesChangeError {
    /// A prescriber changes nothing of a session.
    #[error("Vous n'êtes pas autorisé·e à modifier cette session.")]
    Forbidden,
    /// The organisation asked for a change only the funder or the platform makes.
    #[error(
        "Le changement d'organisme formateur, d'organisme positionneur ou de lieu d'une session se fait par le \
         financeur (France Travail ou l'OPCO) : adressez-lui votre demande."
    )]
    FunderOnly {
        /// The first value asked for.
        field: PartyField,
        /// Who can make the change instead.
        who_can_change: [ActorKind; 2],
    },
}

impl RuleError for PartiesChangeError {
    fn code(&self) -> &'static str {
        match self {
            Self::Forbidden => "session_change_forbidden",
            Self::FunderOnly { .. } => "session_parties_funder_only",
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            Self::Forbidden => None,
            Self::FunderOnly { field, .. } => Some(field.field()),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Forbidden => ErrorKind::Forbidden,
            Self::FunderOnly { .. } => ErrorKind::Invalid,
        }
    }
    fn extra(&self) -> Option<serde_json::Value> {
        match self {
            Self::Forbidden => None,
            Self::FunderOnly { who_can_change, .. } => Some(serde_json::json!({ "who_can_change": who_can_change })),
        }
    }
}

/// The session's parties and place after `change`, and which of them moved (R-SES-7). Sending a value
/// unchanged is no change, whoever sends it.
///
/// # Errors
/// [`PartiesChangeError`] when the actor may not make a change it asked for.
pub fn change_parties(
    current: &PartiesAndPlace,
    change: &PartiesChange,
    actor: &Actor,
) -> Result<(PartiesAndPlace, Vec<PartyField>), PartiesChangeError> {
    let mut next = current.clone();
    let mut moved = Vec::new();
    if let Some(trainer) = change.trainer.filter(|t| *t != current.trainer) {
        next.trainer = trainer;
        moved.push(PartyField::Trainer);
    }
    if let Some(positioner) = change.positioner.filter(|p| *p != current.positioner) {
        next.positioner = positioner;
        moved.push(PartyField::Positioner);
    }
    if let Some(commune) = change.commune.as_ref().filter(|c| **c != current.commune) {
        next.commune = commune.clone();
        moved.push(PartyField::Commune);
    }
    match (actor.kind(), moved.first()) {
        (_, None) | (ActorKind::Funder | ActorKind::PlatformAdmin, _) => Ok((next, moved)),
        (ActorKind::Prescriber, Some(_)) => Err(PartiesChangeError::Forbidden),
        (ActorKind::TrainingOrganisation, Some(field)) => {
            Err(PartiesChangeError::FunderOnly { field: *field, who_can_change: DATE_AUTHORITIES })
        }
    }
}

#[cfg(test)]
#[path = "parties_change_tests.rs"]
mod tests;
