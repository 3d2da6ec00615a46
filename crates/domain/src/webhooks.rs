//! Who manages an organisation's webhook subscriptions, and how many it may keep. Deliveries carry candidates'
//! decisions (R-AVIS-7), so only the organisation's admins choose where they go; the cap bounds what one
//! organisation can make the forwarder do.

use thiserror::Error;

use crate::access::{Actor, Membership, Refusal, is_organisation_admin};
use crate::error::{ErrorKind, RuleError};
use crate::ids::OrganisationId;

/// Active subscriptions an organisation may keep.
pub const MAX_ACTIVE_PER_ORGANISATION: usize = 5;

/// Refusals about webhook subscriptions.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebhookError {
    /// The organisation already has the maximum of active subscriptions.
    #[error(
        "La structure a déjà {MAX_ACTIVE_PER_ORGANISATION} abonnements actifs : supprimez-en un avant d'en créer un autre."
    )]
    LimitReached,
}

impl RuleError for WebhookError {
    fn code(&self) -> &'static str {
        match self {
            Self::LimitReached => "webhook_limit_reached",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::LimitReached => ErrorKind::Invalid,
        }
    }
}

/// The organisation whose subscriptions the user, acting as `actor`, may create, list or delete: the one acted
/// for, when the user is its approved admin. The platform acting as itself has none.
pub fn managed_organisation(actor: &Actor, memberships: &[Membership]) -> Result<OrganisationId, Refusal> {
    let Actor::Organisation { id, .. } = *actor else { return Err(Refusal::OrganisationRequired) };
    if is_organisation_admin(memberships, id) { Ok(id) } else { Err(Refusal::OrganisationAdminRequired) }
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
        let actor = Actor::organisation(ORG, OrganisationKind::PrescriberFranceTravail);
        assert_eq!(managed_organisation(&actor, &[membership(ORG, MembershipStatus::Approved, true)]), Ok(ORG));
        let refused = [
            membership(ORG, MembershipStatus::Approved, false),
            membership(ORG, MembershipStatus::Pending, true),
            membership(OrganisationId(2), MembershipStatus::Approved, true),
        ];
        for other in refused {
            assert_eq!(managed_organisation(&actor, &[other]), Err(Refusal::OrganisationAdminRequired), "{other:?}");
        }
    }

    #[test]
    fn the_platform_acting_as_itself_has_no_webhooks() {
        let admin_of_org = [membership(ORG, MembershipStatus::Approved, true)];
        assert_eq!(managed_organisation(&Actor::PlatformAdmin, &admin_of_org), Err(Refusal::OrganisationRequired));
    }

    #[test]
    fn the_sixth_active_subscription_is_refused() {
        assert_eq!(check_room_for_one_more(MAX_ACTIVE_PER_ORGANISATION - 1), Ok(()));
        assert_eq!(check_room_for_one_more(MAX_ACTIVE_PER_ORGANISATION), Err(WebhookError::LimitReached));
        assert_eq!(WebhookError::LimitReached.code(), "webhook_limit_reached");
        assert_eq!(WebhookError::LimitReached.kind(), ErrorKind::Invalid);
    }
}
