//! `/formations/:reference`: the training form. The organisation enriches the texts (R-TRN-2), its
//! certification change waits for the platform (R-TRN-3), every save is confirmed and audited (R-SES-6);
//! the sessions are listed at the bottom.

use contract::Training;
use domain::training::{CertificationStatus, TrainingField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{ApiFailure, offer};
use crate::app::set_title;
use crate::components::dialog::{Modal, ModalActions};
use crate::components::history::{History, HistoryOf};
use crate::components::layout::CurrentUser;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::pages::trainings::certification::CertificationReview;
use crate::pages::trainings::draft::TrainingDraft;
use crate::pages::trainings::fields::TrainingFields;
use crate::pages::trainings::sessions_table::SessionsTable;
use crate::session::Session;

/// Loads the training named in the address.
#[component]
pub fn TrainingPage() -> impl IntoView {
    set_title("Formation");
    let params = use_params_map();
    let session = Session::use_context();
    let training = LocalResource::new(move || {
        let _ = session.org();
        offer::training(params.with(|p| p.get("reference").unwrap_or_default()))
    });
    view! {
        <p class="breadcrumb"><a href="/formations">"← Gestion des formations"</a></p>
        <Transition fallback=|| view! { <Loading label="Chargement de la formation…" /> }>
            {move || {
                training.get().map(|result| match result {
                    Ok(training) => view! { <TrainingEditor training=training /> }.into_any(),
                    Err(failure) => view! {
                        <h1>"Formation indisponible"</h1>
                        <ProblemAlert failure=Signal::stored(Some(failure)) />
                    }
                    .into_any(),
                })
            }}
        </Transition>
    }
}

/// The form of a loaded training.
#[component]
fn TrainingEditor(training: Training) -> impl IntoView {
    set_title(&format!("Formation {}", training.reference));
    let reference = training.reference.clone();
    let current = RwSignal::new(training.clone());
    let draft = TrainingDraft::new(&training);
    let failure = RwSignal::new(None::<ApiFailure>);
    let outcome = RwSignal::new(None::<Outcome>);
    let confirm = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let changed = RwSignal::new(Vec::<TrainingField>::new());
    let refresh = RwSignal::new(0_u32);

    let on_submit = {
        let draft = draft.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            failure.set(None);
            outcome.set(None);
            let (fields, _) = draft.changes(&current.get_untracked());
            if fields.is_empty() {
                outcome.set(Some(Outcome::info("Aucune modification à enregistrer.")));
                return;
            }
            let refusals = draft.refusals(&current.get_untracked());
            if !refusals.is_empty() {
                failure.set(Some(ApiFailure::invalid_form(refusals)));
                return;
            }
            changed.set(fields);
            confirm.set(true);
        }
    };
    let applied = {
        let draft = draft.clone();
        move |training: Training, message: &str| {
            draft.reset(&training);
            let mut lines = Vec::new();
            if let Some(proposed) = training.certification.proposed.as_ref() {
                lines.push(format!("Certification en attente de validation par la plateforme : {proposed}"));
            }
            current.set(training);
            outcome.set(Some(Outcome::success(message, lines)));
            refresh.update(|n| *n += 1);
        }
    };
    let save = {
        let (draft, applied, reference) = (draft.clone(), applied.clone(), reference.clone());
        Callback::new(move |()| {
            let (_, patch) = draft.changes(&current.get_untracked());
            pending.set(true);
            let (applied, reference) = (applied.clone(), reference.clone());
            spawn_local(async move {
                match offer::update_training(reference, patch).await {
                    Ok(training) => applied(training, "Vos modifications ont été enregistrées."),
                    Err(f) => failure.set(Some(f)),
                }
                pending.set(false);
            });
        })
    };
    let reviewed = Callback::new(move |result: Result<Training, ApiFailure>| match result {
        Ok(training) => {
            let message = match training.certification.status {
                CertificationStatus::Rejected => "La modification de la certification a été refusée.",
                _ => "La certification proposée est validée et publiée.",
            };
            applied(training, message);
        }
        Err(f) => failure.set(Some(f)),
    });
    let (me, session) = (CurrentUser::use_context(), Session::use_context());
    let is_platform = move || me.0.with(|m| m.as_ref().is_some_and(|m| m.platform_admin)) && session.org().is_none();
    let awaiting = move || current.with(|t| t.certification.status == CertificationStatus::AwaitingValidation);
    let fields_draft = draft.clone();

    view! {
        {move || current.with(|t| view! { <TrainingHeading training=t.clone() /> })}
        <StatusRegion outcome=outcome />
        <ProblemAlert failure=failure />
        <form class="card training-form" on:submit=on_submit novalidate=true aria-label="Formulaire de l’action de formation">
            {move || view! { <TrainingFields training=current.get() draft=fields_draft.clone() failure=failure /> }}
            <div class="form-actions">
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    "Enregistrer les modifications"
                </button>
                <p class="hint">"Validez vos modifications : une confirmation vous sera demandée."</p>
            </div>
        </form>
        <Show when=move || is_platform() && awaiting()>
            <section class="card" aria-labelledby="titre-validation">
                <h2 id="titre-validation">"Validation de la certification"</h2>
                <CertificationReview reference=reference.clone() on_done=reviewed />
            </section>
        </Show>
        <Modal open=confirm id="confirmation-formation" title="Validez vos modifications">
            <p>"Les champs suivants seront enregistrés :"</p>
            <ul>{move || changed.get().into_iter().map(|f| view! { <li>{f.label()}</li> }).collect_view()}</ul>
            <Show when=move || changed.with(|c| c.contains(&TrainingField::Certification))>
                <p class="hint">"La nouvelle certification sera soumise à la validation de la plateforme."</p>
            </Show>
            <ModalActions open=confirm confirm_label="Confirmer l’enregistrement" on_confirm=save />
        </Modal>
        <History of=HistoryOf::Training(training.reference.clone()) refresh=refresh />
        {move || view! { <SessionsTable sessions=current.with(|t| t.sessions.clone()) /> }}
    }
}

/// Title, reference, type and publication of the training, and its alerts.
#[component]
fn TrainingHeading(training: Training) -> impl IntoView {
    let publication = match training.publication {
        domain::training::Publication::Published => "Publiée",
        domain::training::Publication::AwaitingPublication => "En attente de publication",
        domain::training::Publication::Archived => "Archivée",
        domain::training::Publication::Deleted => "Supprimée",
    };
    view! {
        <h1>{training.title.clone()}</h1>
        <p class="lead">
            {format!("Référence {} · Type {} · ", training.reference, training.training_type)}
            <span class="badge">{publication}</span>
        </p>
        {(!training.alerts.is_empty()).then(|| view! {
            <div class="alert alert-info">
                <p class="alert-title">"Alertes"</p>
                <ul>{training.alerts.into_iter().map(|a| view! { <li>{a.message}</li> }).collect_view()}</ul>
            </div>
        })}
    }
}
