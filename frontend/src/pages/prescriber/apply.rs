//! `/disponibilites/:reference/candidature`: a prescriber applies a candidate (R-APP-1..2, R-QUOTA-3) and
//! reads the API's answer, "session complète" included. One `Idempotency-Key` per submission, so a
//! double click or a retry never records two applications.

use contract::{ApplicationReceived, NewApplication};
use domain::application::ApplicationState;
use domain::text::ApplicationPresentation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::candidate_fields::{CandidateFields, CandidateForm};
use crate::api::{ApiFailure, applications as api};
use crate::app::set_title;
use crate::components::input::{Control, Input};
use crate::components::problem_alert::ProblemAlert;
use crate::pages::applications::error_of;

fn new_key() -> String {
    let random = || format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u64);
    format!("web-{}-{}{}", js_sys::Date::now() as u64, random(), random())
}

/// The form.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let reference = params.with_untracked(|p| p.get("reference").unwrap_or_default());
    set_title(&format!("Positionner un candidat sur la session {reference}"));
    let fields = CandidateFields::new();
    let presentation = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let received = RwSignal::new(None::<ApplicationReceived>);
    let pending = RwSignal::new(false);
    let key = RwSignal::new(None::<String>);
    let on_submit = {
        let reference = reference.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            failure.set(None);
            let idempotency = key.get_untracked().unwrap_or_else(|| {
                let fresh = new_key();
                key.set(Some(fresh.clone()));
                fresh
            });
            let body = NewApplication { candidate: fields.input(), presentation: presentation.get_untracked() };
            pending.set(true);
            let reference = reference.clone();
            spawn_local(async move {
                match api::apply(reference, body, idempotency).await {
                    Ok(answer) => received.set(Some(answer)),
                    Err(f) => failure.set(Some(f)),
                }
                // A corrected form is a new submission.
                key.set(None);
                pending.set(false);
            });
        }
    };
    // The same limit the server applies, counted in characters as it does.
    let counter =
        move || presentation.with(|p| format!("{} / {}", p.trim().chars().count(), ApplicationPresentation::MAX_CHARS));
    view! {
        <p class="breadcrumb"><a href="/disponibilites">"← Sessions disponibles"</a></p>
        <h1>{format!("Positionner un candidat sur la session {reference}")}</h1>
        {move || match received.get() {
            Some(answer) => view! { <Received answer=answer /> }.into_any(),
            None => view! {
                <ProblemAlert failure=failure />
                <form class="card" novalidate=true on:submit=on_submit.clone() aria-label="Candidature">
                    <CandidateForm fields=fields failure=failure />
                    <Input id="presentation".to_owned() label="Présentation de la candidature" value=presentation control=Control::Area
                        hint=Some("Parcours, projet professionnel et motivation du candidat pour cette session.".to_owned())
                        error=error_of(failure, "presentation".to_owned())>
                        <p class="counter" aria-live="polite">{counter}</p>
                    </Input>
                    <div class="form-actions">
                        <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>"Envoyer la candidature"</button>
                    </div>
                </form>
            }
            .into_any(),
        }}
    }
}

#[component]
fn Received(answer: ApplicationReceived) -> impl IntoView {
    let class = if answer.state == ApplicationState::Pending { "alert alert-success" } else { "alert alert-error" };
    view! {
        <div role="status" class=class>
            <p class="alert-title">{answer.message.clone()}</p>
            <p>{format!("Référence de la candidature : {} – état : {}", answer.reference, answer.state.label())}</p>
            {answer.late_entry.then(|| view! { <p>"Candidature reçue en entrée tardive (liste complémentaire)."</p> })}
        </div>
        <p>
            <a href=format!("/candidatures/{}", answer.reference)>"Voir la candidature"</a>
            " · "
            <a href="/mes-candidatures">"Mes candidatures"</a>
            " · "
            <a href="/disponibilites">"Sessions disponibles"</a>
        </p>
    }
}
