//! Platform administration screens.

pub mod outbox;
pub mod pending_members;
