//! Who acts, and what they may do (R-ACC-1..4, R-GDPR-1's pure part).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};
use crate::ids::OrganisationId;

#[path = "access_refusal.rs"]
mod refusal;
pub use refusal::Refusal;
use refusal::allow;

/// Kinds of organisations, as in API.md's `POST /api/organisations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// Organisme de formation.
    TrainingOrganisation,
    /// France Travail agency (its applications are forwarded to KAIROS, R-AVIS-7).
    PrescriberFranceTravail,
    /// Mission Locale, Cap Emploi…
    PrescriberOther,
    /// France Travail regional direction or an OPCO.
    Funder,
}

impl OrganisationKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [Self; 4] =
        [Self::TrainingOrganisation, Self::PrescriberFranceTravail, Self::PrescriberOther, Self::Funder];

    /// The stored and serialised code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::TrainingOrganisation => "training_organisation",
            Self::PrescriberFranceTravail => "prescriber_france_travail",
            Self::PrescriberOther => "prescriber_other",
            Self::Funder => "funder",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::TrainingOrganisation => "Organisme de formation",
            Self::PrescriberFranceTravail => "Prescripteur France Travail",
            Self::PrescriberOther => "Prescripteur",
            Self::Funder => "Financeur",
        }
    }
}

/// The broad kind of an actor, what most rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// Staff of a training organisation.
    TrainingOrganisation,
    /// A prescriber (France Travail or other).
    Prescriber,
    /// A funder (France Travail regional direction, OPCO).
    Funder,
    /// A platform admin (Cap Métiers).
    PlatformAdmin,
}

/// Who makes a request: a user acting for exactly one organisation (R-ACC-2), or a platform admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A user acting for one of their approved organisations.
    Organisation {
        /// The active organisation.
        id: OrganisationId,
        /// Its kind.
        organisation_kind: OrganisationKind,
    },
    /// A platform admin, acting as the platform.
    PlatformAdmin,
}

impl Actor {
    /// A user acting for an organisation.
    #[must_use]
    pub fn organisation(id: OrganisationId, organisation_kind: OrganisationKind) -> Self {
        Self::Organisation { id, organisation_kind }
    }

    /// The broad kind of this actor.
    #[must_use]
    pub fn kind(&self) -> ActorKind {
        match self {
            Self::PlatformAdmin => ActorKind::PlatformAdmin,
            Self::Organisation { organisation_kind, .. } => match organisation_kind {
                OrganisationKind::TrainingOrganisation => ActorKind::TrainingOrganisation,
                OrganisationKind::PrescriberFranceTravail | OrganisationKind::PrescriberOther => ActorKind::Prescriber,
                OrganisationKind::Funder => ActorKind::Funder,
            },
        }
    }

    /// The organisation acted for, if any.
    #[must_use]
    pub fn organisation_id(&self) -> Option<OrganisationId> {
        match self {
            Self::Organisation { id, .. } => Some(*id),
            Self::PlatformAdmin => None,
        }
    }

    /// Funders and platform admins own the locked fields and the dates (R-ACC-4, R-TRN-2, R-SES-3).
    #[must_use]
    pub fn may_change_locked_fields(&self) -> bool {
        matches!(self.kind(), ActorKind::Funder | ActorKind::PlatformAdmin)
    }

    /// Only funders and platform admins cancel a session (API.md).
    #[must_use]
    pub fn may_cancel_session(&self) -> bool {
        self.may_change_locked_fields()
    }

    /// Checks [`Self::may_cancel_session`].
    pub fn check_may_cancel_session(&self) -> Result<(), Refusal> {
        allow(self.may_cancel_session(), Refusal::CancelForbidden)
    }

    /// Only prescribers apply candidates (R-APP-1).
    #[must_use]
    pub fn may_apply(&self) -> bool {
        self.kind() == ActorKind::Prescriber
    }

    /// Checks [`Self::may_apply`].
    pub fn check_may_apply(&self) -> Result<(), Refusal> {
        allow(self.may_apply(), Refusal::PrescriberRequired)
    }

    /// Only platform admins create trainings, pre-filled from France Travail's offer (R-TRN-1).
    #[must_use]
    pub fn may_create_training(&self) -> bool {
        self.is_platform()
    }

    /// Checks [`Self::may_create_training`].
    pub fn check_may_create_training(&self) -> Result<(), Refusal> {
        allow(self.may_create_training(), Refusal::PlatformAdminRequired)
    }

    /// Only the platform publishes, archives or deletes a training.
    pub fn check_may_change_publication(&self) -> Result<(), Refusal> {
        allow(self.is_platform(), Refusal::PublicationForbidden)
    }

    /// Only platform admins create trainings and validate certification changes (R-TRN-1, R-TRN-3).
    #[must_use]
    pub fn is_platform(&self) -> bool {
        self.kind() == ActorKind::PlatformAdmin
    }
}

/// The three roles an organisation can hold on a session (R-ACC-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionRole {
    /// Organisme responsable (of the training).
    Responsible,
    /// Organisme positionneur.
    Positioner,
    /// Organisme formateur.
    Trainer,
}

impl SessionRole {
    /// All roles, in the order of the dashboard rows.
    pub const ALL: [Self; 3] = [Self::Responsible, Self::Positioner, Self::Trainer];

    /// The API code, as serde writes it.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Responsible => "responsible",
            Self::Positioner => "positioner",
            Self::Trainer => "trainer",
        }
    }

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Responsible => "Responsable",
            Self::Positioner => "Positionneur",
            Self::Trainer => "Formateur",
        }
    }
}

/// The organisations holding roles on one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionParties {
    /// The training's responsible organisation.
    pub responsible: OrganisationId,
    /// The session's positioner, when set.
    pub positioner: Option<OrganisationId>,
    /// The session's trainer organisation.
    pub trainer: OrganisationId,
}

impl SessionParties {
    /// The roles `organisation` holds on this session (often several).
    #[must_use]
    pub fn roles_of(&self, organisation: OrganisationId) -> Vec<SessionRole> {
        let mut roles = Vec::new();
        if self.responsible == organisation {
            roles.push(SessionRole::Responsible);
        }
        if self.positioner == Some(organisation) {
            roles.push(SessionRole::Positioner);
        }
        if self.trainer == organisation {
            roles.push(SessionRole::Trainer);
        }
        roles
    }

    /// The organisation that gives the decision: the positioner, else the trainer (R-ACC-3).
    #[must_use]
    pub fn decider(&self) -> OrganisationId {
        self.positioner.unwrap_or(self.trainer)
    }

    /// Whether `actor` may read this session's applications and their candidates' data:
    /// any of the three role holders (R-ACC-3). Prescribers go through
    /// [`may_read_application`]; funders and platform admins do not see candidates (R-GDPR-1).
    #[must_use]
    pub fn may_read_applications(&self, actor: &Actor) -> bool {
        actor.kind() == ActorKind::TrainingOrganisation
            && actor.organisation_id().is_some_and(|id| !self.roles_of(id).is_empty())
    }

    /// Whether `actor` may save or validate decisions on this session (R-ACC-3).
    #[must_use]
    pub fn may_decide(&self, actor: &Actor) -> bool {
        actor.kind() == ActorKind::TrainingOrganisation && actor.organisation_id() == Some(self.decider())
    }

    /// Checks [`Self::may_decide`].
    pub fn check_may_decide(&self, actor: &Actor) -> Result<(), Refusal> {
        allow(self.may_decide(actor), Refusal::DecisionForbidden)
    }
}

/// Whether `actor` may read one application: the session's role holders, or the prescriber
/// organisation that sent it (R-ACC-3, R-ACC-4, R-GDPR-1).
#[must_use]
pub fn may_read_application(actor: &Actor, parties: &SessionParties, prescriber: OrganisationId) -> bool {
    match actor.kind() {
        ActorKind::TrainingOrganisation => parties.may_read_applications(actor),
        ActorKind::Prescriber => actor.organisation_id() == Some(prescriber),
        ActorKind::Funder | ActorKind::PlatformAdmin => false,
    }
}

/// How much an actor sees, on an application's page, of another application of the same person
/// (R-APP-4 within R-ACC-3, R-ACC-4 and R-GDPR-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherApplicationView {
    /// The actor may read that application anyway: shown as it is.
    Full,
    /// Shown to the organisation deciding the viewed application, as what a decision needs: that it exists,
    /// its state and when its session starts; never which organisations hold it, nor anything of its file.
    ExistenceAndState,
    /// Not shown at all.
    Hidden,
}

/// What `actor`, viewing an application of the session `viewed`, sees of the same person's application on
/// the session `other`, sent by `other_prescriber`. Only the decider of the viewed application learns of
/// another organisation's applications; a prescriber, a responsible or trainer organisation that does not
/// decide, learns nothing of them.
#[must_use]
pub fn other_application_view(
    actor: &Actor,
    viewed: &SessionParties,
    other: &SessionParties,
    other_prescriber: OrganisationId,
) -> OtherApplicationView {
    if may_read_application(actor, other, other_prescriber) {
        OtherApplicationView::Full
    } else if viewed.may_decide(actor) {
        OtherApplicationView::ExistenceAndState
    } else {
        OtherApplicationView::Hidden
    }
}

/// Whether `actor` holds a role on a whole training (R-ACC-3, R-ACC-4): its responsible organisation, its
/// funder, or the platform. Such an actor sees every session of the training.
#[must_use]
pub fn holds_training_role(actor: &Actor, responsible: OrganisationId, funder: OrganisationId) -> bool {
    match actor {
        Actor::PlatformAdmin => true,
        Actor::Organisation { id, .. } => *id == responsible || *id == funder,
    }
}

/// Whether `actor` may change a training (R-TRN-2, R-ACC-3): its responsible organisation, its funder or the
/// platform. The trainer or positioner of one of its sessions only reads it.
#[must_use]
pub fn may_edit_training(actor: &Actor, responsible: OrganisationId, funder: OrganisationId) -> bool {
    holds_training_role(actor, responsible, funder)
}

/// Checks [`may_edit_training`] for an actor already known to read the training.
pub fn check_may_edit_training(
    actor: &Actor,
    responsible: OrganisationId,
    funder: OrganisationId,
) -> Result<(), TrainingReadOnly> {
    if may_edit_training(actor, responsible, funder) { Ok(()) } else { Err(TrainingReadOnly) }
}

/// A reader of a training (through a session role) asked to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error(
    "Cette formation est modifiée par son organisme responsable, son financeur ou la plateforme : votre structure, \
     formatrice ou positionneuse d'une de ses sessions, la consulte seulement."
)]
pub struct TrainingReadOnly;

impl RuleError for TrainingReadOnly {
    fn code(&self) -> &'static str {
        "training_read_only"
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Forbidden
    }
}

/// Whether `actor` may read a training: a role on the training itself, or on one of its sessions (R-ACC-3).
#[must_use]
pub fn may_read_training(
    actor: &Actor,
    responsible: OrganisationId,
    funder: OrganisationId,
    sessions: &[SessionParties],
) -> bool {
    holds_training_role(actor, responsible, funder) || sessions.iter().any(|p| may_read_session(actor, p, funder))
}

/// Whether `actor` may read a session and its training (R-ACC-3, R-ACC-4): one of the session's parties,
/// the training's funder, or the platform. Prescribers use the public availability instead.
#[must_use]
pub fn may_read_session(actor: &Actor, parties: &SessionParties, funder: OrganisationId) -> bool {
    match actor {
        Actor::PlatformAdmin => true,
        Actor::Organisation { id, .. } => *id == funder || !parties.roles_of(*id).is_empty(),
    }
}

/// A user's membership of an organisation (R-ACC-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Chosen at sign-up, not yet approved: grants nothing.
    Pending,
    /// Approved by an organisation admin or a platform admin.
    Approved,
    /// Refused by an admin, with a reason e-mailed to the person: grants nothing.
    Refused,
    /// Removed by an admin: grants nothing from that moment, the tokens already issued included.
    Removed,
}

impl MembershipStatus {
    /// Every status, in the order lists show them.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Approved, Self::Refused, Self::Removed];

    /// The stored and serialised code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Refused => "refused",
            Self::Removed => "removed",
        }
    }

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "En attente de validation",
            Self::Approved => "Validé",
            Self::Refused => "Refusé",
            Self::Removed => "Retiré",
        }
    }
}

/// One membership of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The organisation.
    pub organisation: OrganisationId,
    /// Its kind.
    pub organisation_kind: OrganisationKind,
    /// Pending or approved.
    pub status: MembershipStatus,
    /// Whether the user administers this organisation (may approve others).
    pub is_admin: bool,
}

/// Refusals about memberships and the active organisation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccessError {
    /// Several approved memberships and no `X-Organisation-Id`.
    #[error("Vous êtes rattaché·e à plusieurs structures : choisissez celle pour laquelle vous agissez.")]
    OrganisationRequired,
    /// No approved membership at all (e.g. still pending).
    #[error("Votre rattachement à une structure n'a pas encore été validé.")]
    NoApprovedMembership,
    /// The requested organisation is not one of the user's approved memberships.
    #[error("Vous n'êtes pas membre validé·e de cette structure.")]
    NotAMember,
}

impl RuleError for AccessError {
    fn code(&self) -> &'static str {
        match self {
            Self::OrganisationRequired => "organisation_required",
            Self::NoApprovedMembership => "membership_pending",
            Self::NotAMember => "not_a_member",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::OrganisationRequired => ErrorKind::Invalid,
            Self::NoApprovedMembership | Self::NotAMember => ErrorKind::Forbidden,
        }
    }
}

/// Chooses the organisation a request acts for (R-ACC-2): the requested one when it is an approved
/// membership, or the only approved one when none is requested. Pending memberships count for nothing (R-ACC-1).
pub fn active_organisation(
    memberships: &[Membership],
    requested: Option<OrganisationId>,
) -> Result<Actor, AccessError> {
    let mut approved = memberships.iter().filter(|m| m.status == MembershipStatus::Approved);
    let chosen = match requested {
        Some(id) => approved.find(|m| m.organisation == id).ok_or(AccessError::NotAMember)?,
        None => {
            let first = approved.next().ok_or(AccessError::NoApprovedMembership)?;
            if approved.next().is_some() {
                return Err(AccessError::OrganisationRequired);
            }
            first
        }
    };
    Ok(Actor::organisation(chosen.organisation, chosen.organisation_kind))
}

/// Whether `approver` may approve a pending membership of `organisation` (R-ACC-1): a platform
/// admin, or an approved admin of that very organisation. `approver_memberships` are the
/// approver's own memberships.
pub fn may_approve_membership(
    approver_is_platform_admin: bool,
    approver_memberships: &[Membership],
    organisation: OrganisationId,
) -> Result<(), Refusal> {
    let allowed = approver_is_platform_admin || is_organisation_admin(approver_memberships, organisation);
    allow(allowed, Refusal::MembershipApprovalForbidden)
}

/// Only an approved admin of `organisation`, or a platform admin, administers its members: lists them, refuses,
/// names or removes them, invites (R-ACC-1).
pub fn may_administer_members(
    is_platform_admin: bool,
    memberships: &[Membership],
    organisation: OrganisationId,
) -> Result<(), Refusal> {
    let allowed = is_platform_admin || is_organisation_admin(memberships, organisation);
    allow(allowed, Refusal::MemberAdministrationForbidden)
}

/// Only platform admins, whichever organisation they act for, administer the platform: its organisations,
/// its outbox.
pub fn check_platform_admin(is_platform_admin: bool) -> Result<(), Refusal> {
    allow(is_platform_admin, Refusal::PlatformAdminRequired)
}

/// Whether a user with these memberships is an approved admin of `organisation` (R-ACC-1). A pending
/// admin flag grants nothing.
#[must_use]
pub fn is_organisation_admin(memberships: &[Membership], organisation: OrganisationId) -> bool {
    memberships.iter().any(|m| m.organisation == organisation && m.status == MembershipStatus::Approved && m.is_admin)
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
