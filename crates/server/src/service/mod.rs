//! Use cases: each owns its transaction and audit and returns a contract type; handlers call one of them.

pub mod applications;
pub mod availability;
pub mod dashboard;
pub mod export_applications;
pub mod export_candidate;
pub mod list_applications;
pub mod list_session_applications;
pub mod process_batch;
pub mod receive_application;
pub mod save_decision;
pub mod show_application;
pub mod validate_decision;
