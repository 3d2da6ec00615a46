//! Platform administration screens.

pub mod lheo_import;
pub mod outbox;
pub mod pending_members;
