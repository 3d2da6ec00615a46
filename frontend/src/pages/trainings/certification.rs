//! "Certification/Diplôme préparé": an organisation's change waits for the platform (R-TRN-3); the platform
//! approves or rejects it.

use contract::Training;
use domain::training::{CertificationStatus, TrainingField};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, offer};
use crate::components::input::Input;

const VALIDATION_NOTE: &str = "Toute modification demande une validation par la plateforme (Cap Métiers) : \
     la certification publiée reste affichée aux prescripteurs jusqu’à cette validation.";

/// The certification field with the change awaiting validation, or the one rejected.
#[component]
pub fn CertificationField(training: Training, value: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let certification = training.certification;
    let editable = training.editable_fields.contains(&TrainingField::Certification);
    let status = match (certification.status, certification.proposed, certification.rejected) {
        (CertificationStatus::AwaitingValidation, Some(proposed), _) => Some(
            view! {
                <p class="status-note status-pending">
                    <span class="badge badge-pending">"En attente de validation"</span>
                    {format!("En attente de validation : {proposed}")}
                </p>
            }
            .into_any(),
        ),
        (CertificationStatus::Rejected, _, Some(rejected)) => Some(
            view! {
                <p class="status-note status-rejected">
                    <span class="badge badge-error">"Refusée"</span>
                    {format!("Modification refusée par la plateforme : {rejected}")}
                </p>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <Input
            id="formation-certification".to_owned()
            label="Certification / diplôme préparé"
            value=value
            editable=editable
            hint=VALIDATION_NOTE.to_owned()
            error=error
        >
            {status}
        </Input>
    }
}

/// The platform's two buttons, shown while a change awaits validation.
#[component]
pub fn CertificationReview(reference: String, on_done: Callback<Result<Training, ApiFailure>, ()>) -> impl IntoView {
    let pending = RwSignal::new(false);
    let review = move |approve: bool| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let reference = reference.clone();
        spawn_local(async move {
            on_done.run(offer::review_certification(reference, approve).await);
            pending.set(false);
        });
    };
    let approve = review.clone();
    view! {
        <div class="review-actions" role="group" aria-label="Validation de la certification par la plateforme">
            <button type="button" class="button" on:click=move |_| approve(true) aria-disabled=move || pending.get().to_string()>
                "Valider la certification proposée"
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| review(false) aria-disabled=move || pending.get().to_string()>
                "Refuser la modification"
            </button>
        </div>
    }
}
