//! The use cases: each one owns its transaction and its audit and answers with a contract type, so a handler
//! only parses the request, calls one of them and answers.
//!
//! The offer (trainings and sessions): [`create_training`], [`edit_training`], [`review_certification`],
//! [`edit_session`], [`cancel_session`], the reads [`show_training`], [`list_trainings`], [`show_session`],
//! [`list_sessions`], [`offer_history`], and what they share in [`offer`]; [`audit_diff`] turns the values
//! before and after an edit into the audit's changes.
//!
//! Applications: [`receive_application`], [`save_decision`], [`validate_decision`], [`process_batch`], the
//! reads [`list_applications`], [`list_session_applications`], [`show_application`], [`dashboard`],
//! [`availability`], the exports [`export_applications`] and [`export_candidate`], and what they share in
//! [`applications`].
//!
//! Accounts (sign-up, log-in, passwords, memberships, organisations, webhooks, the outbox's administration):
//! [`accounts`].

pub mod accounts;
pub mod applications;
pub mod audit_diff;
pub mod availability;
pub mod cancel_session;
pub mod create_training;
pub(crate) mod cursor;
pub mod dashboard;
pub mod edit_session;
pub mod edit_training;
pub mod export_applications;
pub mod export_candidate;
pub mod import_lheo;
pub mod list_applications;
pub mod list_session_applications;
pub mod list_sessions;
pub mod list_trainings;
pub mod notify;
pub mod offer;
pub mod offer_history;
pub mod outcomes;
mod paging;
pub mod process_batch;
pub mod receive_application;
pub mod review_certification;
pub mod save_decision;
pub mod show_application;
pub mod show_session;
pub mod show_training;
pub mod validate_decision;

use chrono::NaiveDate;
use domain::access::Actor;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::Author;

/// Who acts, under which name the change is audited, and the day: what a use case that changes data starts from.
pub(crate) struct Acting {
    pub actor: Actor,
    pub author: Author,
    pub today: NaiveDate,
}

impl Acting {
    pub(crate) fn of(state: &AppState, caller: &Caller) -> Result<Self, ApiError> {
        let actor = caller.actor()?;
        Ok(Self { author: offer::author(caller.user_id, &actor), actor, today: state.today() })
    }
}
