//! The use cases: each one owns its transaction and its audit and answers with a contract type, so a handler
//! only parses the request, calls one of them and answers.
//!
//! The offer (trainings and sessions): [`create_training`], [`edit_training`], [`review_certification`],
//! [`edit_session`], [`cancel_session`], the reads [`show_training`], [`list_trainings`], [`show_session`],
//! [`list_sessions`], [`offer_history`], and what they share in [`offer`]; [`audit_diff`] turns the values
//! before and after an edit into the audit's changes.

pub mod audit_diff;
pub mod cancel_session;
pub mod create_training;
pub mod edit_session;
pub mod edit_training;
pub mod list_sessions;
pub mod list_trainings;
pub mod offer;
pub mod offer_history;
pub mod review_certification;
pub mod show_session;
pub mod show_training;
