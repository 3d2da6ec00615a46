//! Trainings: list with tabs, creation by the platform, the form and its changes, certification review,
//! history.

pub mod certification;
pub mod create;
pub mod edit;
pub mod history;
pub mod list;
pub mod show;
