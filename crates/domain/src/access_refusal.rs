//! Every "you may not do this" of the API (HTTP 403), with its stable code and its one French message. A refusal
//! names the case, not the endpoint: the same case gets the same words wherever it is met.

use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// An actor refused an action it is known to attempt (R-ACC-1..4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum Refusal {
    /// Reserved to platform admins acting as the platform: creating organisations and trainings (R-TRN-1), the
    /// outbox's administration.
    #[error("Action réservée à l'administration de la plateforme.")]
    PlatformAdminRequired,
    /// What belongs to one organisation (its webhook subscriptions) asked for by the platform acting as itself.
    #[error("Les abonnements appartiennent à une structure.")]
    OrganisationRequired,
    /// Only an approved admin of the organisation manages what it decides alone (its webhook subscriptions).
    #[error("Seuls les administrateurs de la structure gèrent ses abonnements aux événements.")]
    OrganisationAdminRequired,
    /// Only an admin of the organisation or a platform admin approves a membership (R-ACC-1).
    #[error("Seul un administrateur de la structure ou de la plateforme peut valider ce rattachement.")]
    MembershipApprovalForbidden,
    /// Only an admin of the organisation or a platform admin lists, refuses, names or removes its members and
    /// invites new ones (R-ACC-1).
    #[error("Seuls les administrateurs de la structure ou de la plateforme gèrent ses membres.")]
    MemberAdministrationForbidden,
    /// Only prescribers apply candidates (R-APP-1).
    #[error("Seul un prescripteur (France Travail, Mission Locale, Cap Emploi…) positionne un candidat.")]
    PrescriberRequired,
    /// Only the session's decider gives the decisions (R-ACC-3).
    #[error("Les avis sont donnés par l'organisme positionneur de la session (ou, à défaut, l'organisme formateur).")]
    DecisionForbidden,
    /// Only funders and the platform cancel a session (R-ACC-4).
    #[error("Seul le financeur (France Travail ou l'OPCO) ou la plateforme peut annuler une session.")]
    CancelForbidden,
    /// Only the platform publishes, archives or deletes a training.
    #[error("Seule la plateforme publie, archive ou supprime une formation.")]
    PublicationForbidden,
    /// The dashboard belongs to training organisations.
    #[error("Le tableau de bord est celui d'un organisme de formation.")]
    TrainingOrganisationRequired,
    /// Prescribers find sessions through the public availability, not the session list.
    #[error("Les prescripteurs recherchent les sessions ouvertes dans « Sessions disponibles ».")]
    SessionsNotAvailable,
    /// Applications are listed for a training organisation or a prescriber only (R-GDPR-1).
    #[error("Les candidatures se consultent depuis un organisme de formation ou un prescripteur.")]
    ApplicationsNotAvailable,
}

impl Refusal {
    /// Every refusal, for tests and documentation.
    pub const ALL: [Self; 12] = [
        Self::PlatformAdminRequired,
        Self::OrganisationRequired,
        Self::OrganisationAdminRequired,
        Self::MembershipApprovalForbidden,
        Self::MemberAdministrationForbidden,
        Self::PrescriberRequired,
        Self::DecisionForbidden,
        Self::CancelForbidden,
        Self::PublicationForbidden,
        Self::TrainingOrganisationRequired,
        Self::SessionsNotAvailable,
        Self::ApplicationsNotAvailable,
    ];
}

impl RuleError for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Self::PlatformAdminRequired => "platform_admin_required",
            Self::OrganisationRequired => "organisation_required",
            Self::OrganisationAdminRequired => "organisation_admin_required",
            Self::MembershipApprovalForbidden => "membership_approval_forbidden",
            Self::MemberAdministrationForbidden => "member_administration_forbidden",
            Self::PrescriberRequired => "prescriber_required",
            Self::DecisionForbidden => "decision_forbidden",
            Self::CancelForbidden => "cancel_forbidden",
            Self::PublicationForbidden => "publication_forbidden",
            Self::TrainingOrganisationRequired => "training_organisation_required",
            Self::SessionsNotAvailable => "sessions_not_available",
            Self::ApplicationsNotAvailable => "applications_not_available",
        }
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Forbidden
    }
}

/// Turns an access rule's answer into a refusal.
pub(crate) fn allow(allowed: bool, refusal: Refusal) -> Result<(), Refusal> {
    if allowed { Ok(()) } else { Err(refusal) }
}
