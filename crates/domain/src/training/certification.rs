//! Certification changes go through the platform's validation (R-TRN-3).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::access::{Actor, ActorKind};
use crate::error::{ErrorKind, RuleError};

/// Where the certification of a training stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificationStatus {
    /// No change waiting.
    UpToDate,
    /// The organisation proposed a change; the platform has not answered (tab "En attente de validation").
    AwaitingValidation,
    /// The platform rejected the last proposal (an alert, R-TRN-4).
    Rejected,
}

/// A refused certification operation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CertificationError {
    /// Only the training's organisation, its funder or the platform change the certification.
    #[error("Vous n'êtes pas autorisé·e à modifier la certification de cette formation.")]
    ChangeForbidden,
    /// Only a platform admin accepts or rejects a proposal.
    #[error("Seule la plateforme peut valider ou refuser un changement de certification.")]
    ReviewForbidden,
    /// Nothing to accept or reject.
    #[error("Aucun changement de certification n'est en attente de validation.")]
    NothingPending,
}

impl RuleError for CertificationError {
    fn code(&self) -> &'static str {
        match self {
            Self::ChangeForbidden => "certification_change_forbidden",
            Self::ReviewForbidden => "certification_review_forbidden",
            Self::NothingPending => "no_certification_change_pending",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("certification")
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::ChangeForbidden | Self::ReviewForbidden => ErrorKind::Forbidden,
            Self::NothingPending => ErrorKind::Conflict,
        }
    }
}

/// The certification of a training: the published text, and a proposal waiting or rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    published: String,
    proposed: Option<String>,
    rejected: Option<String>,
}

impl Certification {
    /// A certification with no change waiting.
    #[must_use]
    pub fn new(published: impl Into<String>) -> Self {
        Self { published: published.into(), proposed: None, rejected: None }
    }

    /// A certification as stored: the published value, a proposal waiting, the last rejected one.
    #[must_use]
    pub fn from_parts(published: String, proposed: Option<String>, rejected: Option<String>) -> Self {
        Self { published, proposed, rejected }
    }

    /// The text prescribers see: the old value stays until the platform accepts a change.
    #[must_use]
    pub fn published(&self) -> &str {
        &self.published
    }

    /// The proposal waiting for validation.
    #[must_use]
    pub fn proposed(&self) -> Option<&str> {
        self.proposed.as_deref()
    }

    /// The last rejected proposal, until the organisation proposes again.
    #[must_use]
    pub fn rejected(&self) -> Option<&str> {
        self.rejected.as_deref()
    }

    /// Where it stands.
    #[must_use]
    pub fn status(&self) -> CertificationStatus {
        if self.proposed.is_some() {
            CertificationStatus::AwaitingValidation
        } else if self.rejected.is_some() {
            CertificationStatus::Rejected
        } else {
            CertificationStatus::UpToDate
        }
    }

    /// A change of certification. From an organisation it waits for validation (proposing the
    /// published value again withdraws the proposal); funders and the platform change it at once.
    pub fn request_change(&self, value: impl Into<String>, actor: &Actor) -> Result<Self, CertificationError> {
        let value = value.into();
        match actor.kind() {
            ActorKind::Prescriber => Err(CertificationError::ChangeForbidden),
            ActorKind::Funder | ActorKind::PlatformAdmin => Ok(Self::new(value)),
            ActorKind::TrainingOrganisation => Ok(Self {
                proposed: (value != self.published).then_some(value),
                rejected: None,
                published: self.published.clone(),
            }),
        }
    }

    /// The platform accepts the proposal: it becomes the published text.
    pub fn approve(&self, actor: &Actor) -> Result<Self, CertificationError> {
        let proposed = self.pending_for_review(actor)?;
        Ok(Self::new(proposed))
    }

    /// The platform rejects the proposal: the published text stays, the training gets an alert.
    pub fn reject(&self, actor: &Actor) -> Result<Self, CertificationError> {
        let proposed = self.pending_for_review(actor)?;
        Ok(Self { published: self.published.clone(), proposed: None, rejected: Some(proposed.to_owned()) })
    }

    fn pending_for_review(&self, actor: &Actor) -> Result<&str, CertificationError> {
        if !actor.is_platform() {
            return Err(CertificationError::ReviewForbidden);
        }
        self.proposed().ok_or(CertificationError::NothingPending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrganisationKind;
    use crate::ids::OrganisationId;

    fn of() -> Actor {
        Actor::organisation(OrganisationId(1), OrganisationKind::TrainingOrganisation)
    }

    fn proposed() -> Certification {
        Certification::new("CACES R489").request_change("Titre pro Préparateur de commandes", &of()).unwrap()
    }

    #[test]
    fn r_trn_3_organisation_change_awaits_validation_and_keeps_published_text() {
        let c = proposed();
        assert_eq!(c.status(), CertificationStatus::AwaitingValidation);
        assert_eq!(c.published(), "CACES R489");
        assert_eq!(c.proposed(), Some("Titre pro Préparateur de commandes"));
    }

    #[test]
    fn r_trn_3_platform_approval_publishes_the_new_certification() {
        let c = proposed().approve(&Actor::PlatformAdmin).unwrap();
        assert_eq!(c.published(), "Titre pro Préparateur de commandes");
        assert_eq!(c.status(), CertificationStatus::UpToDate);
    }

    #[test]
    fn r_trn_3_platform_rejection_keeps_old_value_and_raises_alert_status() {
        let c = proposed().reject(&Actor::PlatformAdmin).unwrap();
        assert_eq!(c.published(), "CACES R489");
        assert_eq!(c.status(), CertificationStatus::Rejected);
        // Proposing again clears the rejection.
        let again = c.request_change("Titre pro Agent magasinier", &of()).unwrap();
        assert_eq!(again.status(), CertificationStatus::AwaitingValidation);
    }

    #[test]
    fn r_trn_3_only_platform_reviews_and_only_pending_changes() {
        let funder = Actor::organisation(OrganisationId(2), OrganisationKind::Funder);
        assert_eq!(proposed().approve(&of()).unwrap_err().code(), "certification_review_forbidden");
        assert_eq!(proposed().reject(&funder).unwrap_err(), CertificationError::ReviewForbidden);
        let err = Certification::new("CACES").approve(&Actor::PlatformAdmin).unwrap_err();
        assert_eq!(err.code(), "no_certification_change_pending");
        assert_eq!(err.kind(), ErrorKind::Conflict);
    }

    #[test]
    fn r_trn_3_funder_or_platform_change_applies_at_once() {
        let funder = Actor::organisation(OrganisationId(2), OrganisationKind::Funder);
        let c = proposed().request_change("Titre pro Cariste", &funder).unwrap();
        assert_eq!(c.published(), "Titre pro Cariste");
        assert_eq!(c.status(), CertificationStatus::UpToDate);
        let prescriber = Actor::organisation(OrganisationId(3), OrganisationKind::PrescriberOther);
        assert!(proposed().request_change("x", &prescriber).is_err());
    }

    #[test]
    fn r_trn_3_proposing_the_published_value_withdraws_the_proposal() {
        let c = proposed().request_change("CACES R489", &of()).unwrap();
        assert_eq!(c.status(), CertificationStatus::UpToDate);
    }
}
