//! An organisation's members: who may join, who administers, and the single-use links that invite a person or
//! reset a password. Rules R-ACC-5..R-ACC-9 complete R-ACC-1:
//!
//! - **R-ACC-5** An admin approves or refuses a *pending* request; a refusal carries a reason, e-mailed to the
//!   person. A refused or removed person may be invited again.
//! - **R-ACC-6** The first member approved in an organisation that has no admin becomes its admin, so a new
//!   organisation approved by the platform can then run itself.
//! - **R-ACC-7** An organisation always keeps at least one admin: the last one can neither be unmade admin nor
//!   removed (name another first).
//! - **R-ACC-8** An invitation is for one e-mail address, valid [`INVITATION_VALID_DAYS`] days and used once;
//!   accepting it makes an approved membership, creating the account if the address has none.
//! - **R-ACC-9** A password reset link is valid [`RESET_VALID_MINUTES`] minutes and used once; only a hash of
//!   its token is stored. Asking for one never tells whether the address has an account.

use chrono::{NaiveDateTime, TimeDelta};
use thiserror::Error;

use crate::access::MembershipStatus;
use crate::error::{ErrorKind, RuleError};

/// How long an invitation can be accepted (R-ACC-8).
pub const INVITATION_VALID_DAYS: i64 = 7;

/// How long a password reset link works (R-ACC-9).
pub const RESET_VALID_MINUTES: i64 = 60;

/// What an admin does to a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    Approve,
    Refuse,
    MakeAdmin,
    UnmakeAdmin,
    Remove,
}

/// A membership as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberState {
    pub status: MembershipStatus,
    pub is_admin: bool,
}

/// What a change leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberOutcome {
    pub status: MembershipStatus,
    pub is_admin: bool,
}

/// Refusals of a change to a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MemberError {
    /// Approving what is already approved.
    #[error("Ce rattachement est déjà validé.")]
    AlreadyApproved,
    /// Approving or refusing what is not a pending request (R-ACC-5).
    #[error("Seule une demande de rattachement en attente peut être validée ou refusée.")]
    NotPending,
    /// Naming or removing someone who is not an approved member.
    #[error("Cette personne n'est pas membre actif de la structure.")]
    NotActive,
    /// R-ACC-7.
    #[error("Une structure garde toujours au moins un administrateur : nommez-en un autre avant.")]
    LastAdmin,
}

impl RuleError for MemberError {
    fn code(&self) -> &'static str {
        match self {
            Self::AlreadyApproved => "membership_already_approved",
            Self::NotPending => "membership_not_pending",
            Self::NotActive => "membership_not_active",
            Self::LastAdmin => "last_admin",
        }
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }
}

/// The membership after `change`, given how many approved admins the organisation has now (R-ACC-5..7).
pub fn apply_change(
    change: MemberChange,
    current: MemberState,
    approved_admins: usize,
) -> Result<MemberOutcome, MemberError> {
    use MembershipStatus::{Approved, Pending, Refused, Removed};
    let MemberState { status, is_admin } = current;
    let is_last_admin = status == Approved && is_admin && approved_admins <= 1;
    match change {
        MemberChange::Approve => match status {
            Pending => Ok(MemberOutcome { status: Approved, is_admin: is_admin || approved_admins == 0 }),
            Approved => Err(MemberError::AlreadyApproved),
            Refused | Removed => Err(MemberError::NotPending),
        },
        MemberChange::Refuse if status == Pending => Ok(MemberOutcome { status: Refused, is_admin: false }),
        MemberChange::Refuse => Err(MemberError::NotPending),
        _ if status != Approved => Err(MemberError::NotActive),
        MemberChange::MakeAdmin => Ok(MemberOutcome { status, is_admin: true }),
        MemberChange::UnmakeAdmin | MemberChange::Remove if is_last_admin => Err(MemberError::LastAdmin),
        MemberChange::UnmakeAdmin => Ok(MemberOutcome { status, is_admin: false }),
        MemberChange::Remove => Ok(MemberOutcome { status: Removed, is_admin: false }),
    }
}

/// Whether a person accepting an invitation becomes the organisation's admin (R-ACC-6 applies to invitations
/// too: an organisation with no admin gets its first one).
#[must_use]
pub fn admin_on_joining(approved_admins: usize) -> bool {
    approved_admins == 0
}

/// A single-use link's stored state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkState {
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Which link a refusal is about, to word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Invitation,
    PasswordReset,
}

/// A link that cannot be used (R-ACC-8, R-ACC-9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("{}", unknown_message(*.0))]
    Unknown(LinkKind),
    #[error("{}", expired_message(*.0))]
    Expired(LinkKind),
    #[error("{}", used_message(*.0))]
    Used(LinkKind),
}

fn unknown_message(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Invitation => "Ce lien d'invitation n'est pas valide : vérifiez qu'il est complet.",
        LinkKind::PasswordReset => "Ce lien de réinitialisation n'est pas valide : vérifiez qu'il est complet.",
    }
}

fn expired_message(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Invitation => {
            "Cette invitation a expiré : demandez-en une nouvelle à l'administrateur de la structure."
        }
        LinkKind::PasswordReset => "Ce lien de réinitialisation a expiré (valable une heure) : demandez-en un nouveau.",
    }
}

fn used_message(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Invitation => "Cette invitation a déjà été acceptée.",
        LinkKind::PasswordReset => "Ce lien de réinitialisation a déjà servi : demandez-en un nouveau si besoin.",
    }
}

impl RuleError for LinkError {
    fn code(&self) -> &'static str {
        match self {
            Self::Unknown(LinkKind::Invitation) => "invitation_invalid",
            Self::Expired(LinkKind::Invitation) => "invitation_expired",
            Self::Used(LinkKind::Invitation) => "invitation_used",
            Self::Unknown(LinkKind::PasswordReset) => "reset_link_invalid",
            Self::Expired(LinkKind::PasswordReset) => "reset_link_expired",
            Self::Used(LinkKind::PasswordReset) => "reset_link_used",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("token")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// Checks that a link found by its token (`None` when no link has it) can be used at `now`.
pub fn check_link(kind: LinkKind, link: Option<LinkState>, now: NaiveDateTime) -> Result<(), LinkError> {
    let link = link.ok_or(LinkError::Unknown(kind))?;
    if link.used_at.is_some() {
        return Err(LinkError::Used(kind));
    }
    if now >= link.expires_at {
        return Err(LinkError::Expired(kind));
    }
    Ok(())
}

/// When a link created at `now` stops working.
#[must_use]
pub fn link_expiry(kind: LinkKind, now: NaiveDateTime) -> NaiveDateTime {
    now + match kind {
        LinkKind::Invitation => TimeDelta::days(INVITATION_VALID_DAYS),
        LinkKind::PasswordReset => TimeDelta::minutes(RESET_VALID_MINUTES),
    }
}

#[cfg(test)]
#[path = "members_tests.rs"]
mod tests;
