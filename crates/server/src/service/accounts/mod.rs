//! Accounts and organisations: signing up, logging in, changing a password, approving a membership, choosing
//! one's e-mail notifications, the organisations, their webhook subscriptions, and the platform's outbox administration.

pub mod approve_membership;
pub mod change_password;
pub mod create_organisation;
pub mod list_organisations;
pub mod log_in;
pub mod notification_preferences;
pub mod outbox_admin;
pub mod sign_up;
pub mod webhooks;
