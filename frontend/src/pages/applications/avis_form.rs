//! "Avis sur la candidature par l'organisme de formation": the editable form, saved as a draft or
//! validated after a confirmation that says it is final (R-AVIS-1..6). The page checks the draft with the
//! domain before sending; the API's field errors show next to their fields.

use contract::ApplicationDetail;
use domain::decision::{DecisionDraft, DecisionStep};
use domain::text::DecisionComment;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::avis_fields::DecisionFields;
use super::avis_invites::Invites;
use super::avis_locked::automatic_text;
use super::avis_recruitment::Recruitment;
use super::{contract_errors, error_of};
use crate::api::{ApiFailure, applications as api};
use crate::components::dialog::{Modal, ModalActions};
use crate::components::input::{Control, Input};
use crate::components::problem_alert::ProblemAlert;
use crate::components::status::Outcome;
use crate::format::{date, today};

const COMMENT_HELP: &str = "Pour permettre au prescripteur d'orienter les suites de parcours suite au résultat négatif \
du recrutement, ou pour préciser, dans le cas d'un recrutement positif, le parcours prévu qui sera affiné après positionnement.";

/// What validation will give, for the confirmation.
fn expected(fields: DecisionFields) -> String {
    match (fields.step(), fields.recruited.get_untracked()) {
        (Some(DecisionStep::AutomaticallyNotRetained(_)), _) | (_, Some(false)) => {
            "La candidature sera « Non retenue ».".to_owned()
        }
        (Some(DecisionStep::AwaitingRecruitment), Some(true)) => "La candidature sera « Retenue ».".to_owned(),
        _ => "L’avis sera vérifié avant d’être enregistré.".to_owned(),
    }
}

/// The editable form; `detail` is replaced by the API's answer after each save.
#[component]
pub fn AvisForm(detail: RwSignal<ApplicationDetail>, outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let (reference, deadline, ft) =
        detail.with_untracked(|d| (d.reference.clone(), d.decision.last_decision_day, d.from_france_travail));
    let fields = DecisionFields::new(&detail.with_untracked(|d| d.decision.draft.clone()));
    let failure = RwSignal::new(None::<ApiFailure>);
    let confirm = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let automatic = move || match fields.step() {
        Some(DecisionStep::AutomaticallyNotRetained(reason)) => {
            let code = serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_owned));
            Some(format!(
                "{} Elle le deviendra à la validation de l’avis.",
                automatic_text(code.as_deref().unwrap_or(""))
            ))
        }
        _ => None,
    };
    // Checked with the domain before anything is sent.
    let checked = move || -> Option<domain::decision::DecisionDraftInput> {
        outcome.set(None);
        let input = untrack(|| fields.input()).map_err(contract_errors);
        let input =
            input.and_then(|i| DecisionDraft::parse(i.clone(), today()).map(|_| i).map_err(|e| contract_errors(e.0)));
        match input {
            Ok(input) => {
                failure.set(None);
                Some(input)
            }
            Err(errors) => {
                failure.set(Some(ApiFailure::invalid_form(errors)));
                None
            }
        }
    };
    let run = move |validate: bool| {
        let Some(input) = checked() else { return };
        pending.set(true);
        let reference = reference.clone();
        spawn_local(async move {
            let mut result = api::save_decision(reference.clone(), input).await;
            if validate && result.is_ok() {
                result = api::validate_decision(reference).await;
            }
            match result {
                Ok(saved) => {
                    outcome.set(Some(if validate {
                        Outcome::success(
                            format!("L’avis a été validé : candidature « {} ».", saved.state_label),
                            vec![],
                        )
                    } else {
                        Outcome::success("Le brouillon de l’avis a été enregistré.", vec![])
                    }));
                    detail.set(saved);
                }
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    let run_save = run.clone();
    let on_save = move |_| {
        if !pending.get_untracked() {
            run_save(false);
        }
    };
    let on_validate = move |_| {
        if !pending.get_untracked() && checked().is_some() {
            confirm.set(true);
        }
    };
    let on_confirm = Callback::new(move |()| run(true));
    let counter = move || fields.comment.with(|c| format!("{} / {}", c.chars().count(), DecisionComment::MAX_CHARS));
    view! {
        <ProblemAlert failure=failure />
        <form class="avis-form" novalidate=true on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default() aria-label="Avis sur la candidature">
            <Invites fields=fields failure=failure />
            {move || automatic().map(|text| view! { <p class="alert alert-info">{text}</p> })}
            <Show when=move || !matches!(fields.step(), Some(DecisionStep::AutomaticallyNotRetained(_)))>
                <Recruitment fields=fields failure=failure />
            </Show>
            <Input id="commentaire".to_owned() label="Commentaires et précisions sur l'avis de recrutement"
                value=fields.comment control=Control::Area hint=Some(COMMENT_HELP.to_owned())
                error=error_of(failure, "comment".to_owned()) on_edit=Callback::new(move |()| failure.set(None))>
                <p class="counter" aria-live="polite">{counter}</p>
            </Input>
            <div class="form-actions">
                <button type="button" class="button button-secondary" on:click=on_save aria-disabled=move || pending.get().to_string()>
                    "Enregistrer le brouillon"
                </button>
                <button type="button" class="button" on:click=on_validate aria-disabled=move || pending.get().to_string()>
                    "Valider l'avis"
                </button>
                <p class="hint">{format!("Vous avez jusqu’au {} pour valider l’avis.", date(deadline))}</p>
            </div>
        </form>
        <Modal open=confirm id="confirmation-avis" title="Valider l’avis sur la candidature">
            <p class="modal-question">{move || confirm.get().then(|| expected(fields))}</p>
            <p>"Dès validation de l’avis, vous ne pourrez plus modifier cette candidature. Soyez vigilant."</p>
            {ft.then(|| view! { <p class="hint">"Cette candidature d’un conseiller France Travail sera transmise à France Travail (KAIROS)."</p> })}
            <ModalActions open=confirm confirm_label="Valider définitivement" on_confirm=on_confirm />
        </Modal>
    }
}
