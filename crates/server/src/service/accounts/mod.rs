//! Accounts and organisations: signing up, logging in, changing or resetting a password, the members of an
//! organisation and its invitations, choosing one's e-mail notifications, the organisations, their webhook
//! subscriptions, and the platform's outbox administration.

pub mod change_membership;
pub mod change_password;
pub mod create_organisation;
pub mod invitations;
mod links;
pub mod list_organisations;
pub mod log_in;
pub mod members;
mod messages;
pub mod notification_preferences;
pub mod outbox_admin;
pub mod password_reset;
pub mod sign_up;
pub mod webhooks;
