//! `/candidatures/:reference`: the application page (R-APP-4) with the avis (R-AVIS-*): editable for the
//! organisation that decides while it is pending, read-only otherwise and for good once validated.

use contract::{ApplicationDetail, DeliveryState, ForwardingStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::avis_form::AvisForm;
use super::avis_locked::LockedAvis;
use super::candidate::{BriefTable, CandidateData};
use super::state_badge;
use crate::api::applications as api;
use crate::app::set_title;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::format::{date, date_time};
use crate::session::Session;

/// Loads the application named in the address.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    set_title("Candidature");
    let params = use_params_map();
    let session = Session::use_context();
    let loaded = LocalResource::new(move || {
        let _ = session.org();
        api::application(params.with(|p| p.get("reference").unwrap_or_default()))
    });
    view! {
        <Transition fallback=|| view! { <Loading label="Chargement de la candidature…" /> }>
            {move || {
                loaded.get().map(|result| match result {
                    Ok(detail) => view! { <ApplicationView detail=detail /> }.into_any(),
                    Err(failure) => view! {
                        <h1>"Candidature indisponible"</h1>
                        <ProblemAlert failure=Signal::stored(Some(failure)) />
                    }
                    .into_any(),
                })
            }}
        </Transition>
    }
}

#[component]
fn ApplicationView(detail: ApplicationDetail) -> impl IntoView {
    set_title(&format!("Candidature {}", detail.reference));
    let d = detail.clone();
    let detail = RwSignal::new(detail);
    let outcome = RwSignal::new(None::<Outcome>);
    let editable =
        Memo::new(move |_| detail.with(|d| d.decision.may_decide && !d.decision.validated && !d.state.is_final()));
    let back = if d.my_roles.is_empty() {
        view! { <a href="/mes-candidatures">"← Mes candidatures"</a> }.into_any()
    } else {
        let href = format!("/sessions/{}/candidatures", d.session_reference);
        view! { <a href=href>{format!("← Candidatures de la session {}", d.session_reference)}</a> }.into_any()
    };
    let name = format!("{} {}", d.candidate.data.last_name.to_uppercase(), d.candidate.data.first_name);
    view! {
        <p class="breadcrumb">{back}</p>
        <h1>{format!("Candidature {} – {name}", d.reference)}</h1>
        <dl class="facts">
            <div><dt>"Etat"</dt><dd>{move || detail.with(|d| state_badge(d.state))}</dd></div>
            <div><dt>"Session"</dt><dd>{format!("{} – {}", d.session_reference, d.training_title)}</dd></div>
            <div><dt>"Dates de la session"</dt><dd>{format!("du {} au {}", date(d.session_start), date(d.session_end))}</dd></div>
            <div><dt>"Lieu"</dt><dd>{d.commune.clone()}</dd></div>
            <div><dt>"Organisme prescripteur"</dt><dd>{d.prescriber.name.clone()}</dd></div>
            <div><dt>"Date de candidature"</dt><dd>{date_time(&d.received_at)}</dd></div>
            {d.late_entry.then(|| view! { <div><dt>"Entrée tardive"</dt><dd>"Liste complémentaire"</dd></div> })}
            {move || detail.with(|d| (d.from_france_travail && d.decision.validated).then(|| d.forwarding.clone()).flatten())
                .map(|f| view! { <Forwarding status=f /> })}
        </dl>
        <CandidateData candidate=d.candidate.clone() />
        <BriefTable id="titre-historique" title="Historique des candidatures du candidat"
            empty="Aucune autre candidature pour ce candidat." items=d.history.clone() />
        <BriefTable id="titre-en-cours" title="Candidatures en cours pour le candidat"
            empty="Aucune autre candidature en cours." items=d.other_live.clone() />
        <section class="card" aria-labelledby="titre-presentation">
            <h2 id="titre-presentation">"Présentation de la candidature"</h2>
            <p class="presentation">{d.presentation.clone()}</p>
        </section>
        <section class="card" aria-labelledby="titre-avis">
            <h2 id="titre-avis">"Avis sur la candidature par l'organisme de formation"</h2>
            <StatusRegion outcome=outcome />
            {move || {
                if editable.get() {
                    view! { <AvisForm detail=detail outcome=outcome /> }.into_any()
                } else {
                    view! { {move || view! { <LockedAvis detail=detail.get() /> }} }.into_any()
                }
            }}
        </section>
    }
}

/// "Transmission à France Travail (KAIROS)" of a validated decision (R-AVIS-7).
#[component]
fn Forwarding(status: ForwardingStatus) -> impl IntoView {
    let (class, text) = match status.state {
        DeliveryState::Pending => ("badge badge-pending", "en attente".to_owned()),
        DeliveryState::Sent => (
            "badge badge-ok",
            status
                .sent_at
                .as_deref()
                .map_or_else(|| "transmise".to_owned(), |at| format!("transmise le {}", date_time(at))),
        ),
        DeliveryState::Dead => ("badge badge-error", "en échec".to_owned()),
    };
    let note = match status.state {
        DeliveryState::Dead => Some("La plateforme est alertée et peut relancer l’envoi.".to_owned()),
        DeliveryState::Pending if status.attempts > 0 => {
            Some(format!("{} tentative(s) ; nouvel essai automatique.", status.attempts))
        }
        _ => None,
    };
    view! {
        <div class="fact-wide">
            <dt>"Transmission à France Travail (KAIROS)"</dt>
            <dd><span class=class>{text}</span>{note.map(|n| view! { <span class="block hint">{n}</span> })}</dd>
        </div>
    }
}
