//! The application screens: "Gestion des candidatures", a session's applications with the batch and the
//! CSV export, and the application page with the avis form (R-APP-4, R-AVIS-*, R-LIST-*).

pub mod avis_fields;
pub mod avis_form;
pub mod avis_invites;
pub mod avis_locked;
pub mod avis_recruitment;
pub mod batch;
pub mod candidate;
pub mod dashboard;
pub mod detail;
pub mod filters;
pub mod list;
pub mod session_list;
pub mod sessions_view;
pub mod sort_header;

use domain::application::ApplicationState;
use leptos::prelude::*;

use crate::api::ApiFailure;

/// A CSS class per application state, for its badge colour.
pub fn state_class(state: ApplicationState) -> &'static str {
    match state {
        ApplicationState::Pending => "badge badge-pending",
        ApplicationState::Retained => "badge badge-ok",
        ApplicationState::NotRetained
        | ApplicationState::RefusedSessionFull
        | ApplicationState::RefusedSessionCancelled => "badge badge-error",
        ApplicationState::NoDecisionSent => "badge state-finished",
    }
}

/// The state of an application as a coloured badge with its French label.
pub fn state_badge(state: ApplicationState) -> impl IntoView {
    view! { <span class=state_class(state)>{state.label()}</span> }
}

/// The French message refusing a field whose name is built at run time (`invites[1].result`).
pub fn error_of(failure: RwSignal<Option<ApiFailure>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| f.field_message(&field))))
}

/// The domain's field errors, as the API would send them.
pub fn contract_errors(errors: Vec<domain::error::FieldError>) -> Vec<contract::FieldError> {
    errors
        .into_iter()
        .map(|e| contract::FieldError { field: e.field, code: e.code.to_owned(), message: e.message })
        .collect()
}
