//! "Gestion par lot" (R-AVIS-8): one action for the selected applications of the session, then the
//! outcome of each, in a live region (each item succeeds or fails on its own rules).

use contract::{BatchRequest, BatchResult};
use domain::batch::BatchAction;
use domain::decision::{InviteResult, RefusalReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::avis_recruitment::reason_code;
use crate::api::{ApiFailure, applications as api};
use crate::components::date_input::DateInput;
use crate::components::problem_alert::ProblemAlert;
use crate::format::parse_iso;

const RESULTS: [InviteResult; 3] =
    [InviteResult::Present, InviteResult::ExcusedAbsence, InviteResult::UnexcusedAbsence];

/// The panel under the table.
#[component]
pub fn BatchPanel(reference: Memo<String>, selected: RwSignal<Vec<String>>, on_done: Callback<()>) -> impl IntoView {
    let kind = RwSignal::new("not_retained".to_owned());
    let day = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let detail = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let outcomes = RwSignal::new(Vec::<BatchResult>::new());
    let pending = RwSignal::new(false);
    let action = move || -> Result<BatchAction, &'static str> {
        match kind.get_untracked().as_str() {
            "invite_date" => parse_iso(&day.get_untracked())
                .map(|date| BatchAction::SetInviteDate { date })
                .ok_or("Indiquez la date de convocation."),
            "invite_result" => RESULTS
                .into_iter()
                .find(|r| r.label() == result.get_untracked())
                .map(|result| BatchAction::SetInviteResult { result })
                .ok_or("Choisissez le résultat de la convocation."),
            _ => {
                let reason = RefusalReason::ALL.into_iter().find(|r| reason_code(*r) == reason.get_untracked());
                match (reason, detail.get_untracked().trim()) {
                    (None, _) => Err("Choisissez le motif du refus."),
                    (_, "") => Err("Précisez la raison du refus."),
                    (Some(reason), text) => Ok(BatchAction::NotRetained { reason, detail: text.to_owned() }),
                }
            }
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let references = selected.get_untracked();
        if references.is_empty() {
            failure.set(Some(ApiFailure::invalid_form(vec![]).with_detail("Sélectionnez au moins une candidature.")));
            return;
        }
        let action = match action() {
            Ok(a) => a,
            Err(message) => {
                failure.set(Some(ApiFailure::invalid_form(vec![]).with_detail(message)));
                return;
            }
        };
        pending.set(true);
        let reference = reference.get_untracked();
        spawn_local(async move {
            match api::batch(reference, BatchRequest { references, action }).await {
                Ok(answer) => {
                    outcomes.set(answer.results);
                    selected.set(Vec::new());
                    on_done.run(());
                }
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="titre-lot">
            <h2 id="titre-lot">"Gestion par lot"</h2>
            <p class="muted">{move || format!("{} candidature(s) sélectionnée(s) dans le tableau.", selected.with(Vec::len))}</p>
            <ProblemAlert failure=failure />
            <form class="batch-form" on:submit=apply novalidate=true>
                <div class="field field-inline">
                    <label for="lot-action">"Action"</label>
                    <select id="lot-action" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="invite_date">"Date de convocation"</option>
                        <option value="invite_result">"Résultat de la convocation"</option>
                        <option value="not_retained" selected=true>"Non retenu"</option>
                    </select>
                </div>
                {move || match kind.get().as_str() {
                    "invite_date" => view! {
                        <div class="field field-inline">
                            <label for="lot-date">"Date de convocation"</label>
                            <DateInput id="lot-date".to_owned() value=day />
                        </div>
                    }.into_any(),
                    "invite_result" => view! {
                        <div class="field field-inline">
                            <label for="lot-resultat">"Résultat"</label>
                            <select id="lot-resultat" bind:value=result>
                                <option value="">"Choisissez un résultat"</option>
                                {RESULTS.into_iter().map(|r| view! { <option value=r.label()>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    _ => view! {
                        <div class="field field-inline">
                            <label for="lot-motif">"Motif du refus"</label>
                            <select id="lot-motif" bind:value=reason>
                                <option value="">"Choisissez un motif"</option>
                                {RefusalReason::ALL.into_iter().map(|r| view! { <option value=reason_code(r)>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="lot-precisions">"Précisions sur le refus"</label>
                            <textarea id="lot-precisions" rows="3" bind:value=detail></textarea>
                        </div>
                    }.into_any(),
                }}
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    "Appliquer aux candidatures sélectionnées"
                </button>
            </form>
            <div role="status" aria-live="polite" class="alert-region">
                {move || (!outcomes.with(Vec::is_empty)).then(|| view! { <Outcomes results=outcomes.get() /> })}
            </div>
        </section>
    }
}

#[component]
fn Outcomes(results: Vec<BatchResult>) -> impl IntoView {
    let ok = results.iter().filter(|r| r.ok).count();
    let total = results.len();
    view! {
        <div class="alert alert-info batch-results">
            <p class="alert-title">{format!("Résultat du lot : {ok} candidature(s) traitée(s) sur {total}.")}</p>
            <ul>
                {results.into_iter().map(|r| {
                    let text = match (&r.error, r.state) {
                        (Some(e), _) => format!("{} : refusée – {}", r.reference, e.message),
                        (None, Some(state)) => format!("{} : effectuée – {}", r.reference, state.label()),
                        (None, None) => format!("{} : effectuée", r.reference),
                    };
                    view! { <li class=if r.ok { "batch-ok" } else { "batch-error" }>{text}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
