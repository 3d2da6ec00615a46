//! Who manages an organisation's webhook subscriptions, and how many it may keep. Deliveries carry candidates'
//! decisions (R-AVIS-7), so only the organisation's admins choose where they go; the cap bounds what one
//! organisation can make the forwarder do.

use thiserror::Error;

use crate::access::{Membership, is_organisation_admin};
use crate::error::{ErrorKind, RuleError};
use crate::ids::OrganisationId;

/// Active subscriptions an organisation may keep.
pub const MAX_ACTIVE_PER_ORGANISATION: usize = 5;

/// Refusals about webhook subscriptions.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebhookError {
    /// The user is not an approved admin of the organisation acted for.
    #[error("Seuls les administrateurs de la structure gèrent ses abonnements aux événements.")]
    AdminRequired,
    /// The organisation already has the maximum of active subscriptions.
    #[error(
        "La structure a déjà {MAX_ACTIVE_PER_ORGANISATION} abonnements actifs : supprimez-en un avant d'en créer un autre."
    )]
    LimitReached,
}

impl RuleError for WebhookError {
    fn code(&self) -> &'static str {
        match self {
            Self::AdminRequired => "organisation_admin_required",
            Self::LimitReached => "webhook_limit_reached",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::AdminRequired => ErrorKind::Forbidden,
            Self::LimitReached => ErrorKind::Invalid,
        }
    }
}

/// Whether the user may create, list or delete `organisation`'s subscriptions: only as its approved admin.
pub fn may_manage(memberships: &[Membership], organisation: OrganisationId) -> Result<(), WebhookError> {
    if is_organisation_admin(memberships, organisation) { Ok(()) } else { Err(WebhookError::AdminRequired) }
}

/// Whether one more subscription fits beside the `active` ones.
pub fn check_room_for_one_more(active: usize) -> Result<(), WebhookError> {
    if active < MAX_ACTIVE_PER_ORGANISATION { Ok(()) } else { Err(WebhookError::LimitReached) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{MembershipStatus, OrganisationKind};

    const ORG: OrganisationId = OrganisationId(1);

    fn membership(organisation: OrganisationId, status: MembershipStatus, is_admin: bool) -> Membership {
        Membership { organisation, organisation_kind: OrganisationKind::PrescriberFranceTravail, status, is_admin }
    }

    #[test]
    fn only_an_approved_admin_of_the_organisation_manages_its_webhooks() {
        assert_eq!(may_manage(&[membership(ORG, MembershipStatus::Approved, true)], ORG), Ok(()));
        let refused = [
            membership(ORG, MembershipStatus::Approved, false),
            membership(ORG, MembershipStatus::Pending, true),
            membership(OrganisationId(2), MembershipStatus::Approved, true),
        ];
        for other in refused {
            assert_eq!(may_manage(&[other], ORG), Err(WebhookError::AdminRequired), "{other:?}");
        }
    }

    #[test]
    fn the_sixth_active_subscription_is_refused() {
        assert_eq!(check_room_for_one_more(MAX_ACTIVE_PER_ORGANISATION - 1), Ok(()));
        assert_eq!(check_room_for_one_more(MAX_ACTIVE_PER_ORGANISATION), Err(WebhookError::LimitReached));
        assert_eq!(WebhookError::LimitReached.code(), "webhook_limit_reached");
        assert_eq!(WebhookError::AdminRequired.kind(), ErrorKind::Forbidden);
    }
}
