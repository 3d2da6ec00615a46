//! Platform administration screens.

pub mod outbox;
