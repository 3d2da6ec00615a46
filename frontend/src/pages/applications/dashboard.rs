//! `/candidatures`, "Gestion des candidatures": the counts by role × state (R-LIST-1, R-TIME-2), then
//! "Gestion par candidatures" and "Gestion par sessions" (R-LIST-2).

use contract::DashboardCounts;
use domain::application::ApplicationState;
use leptos::prelude::*;

use super::list::ApplicationsSection;
use super::sessions_view::SessionsSection;
use crate::api::applications as api;
use crate::app::set_title;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::date;
use crate::session::Session;

/// The page.
#[component]
pub fn ApplicationsDashboardPage() -> impl IntoView {
    set_title("Gestion des candidatures");
    let user = Session::use_context();
    let counts = LocalResource::new(move || {
        let _ = user.org();
        api::dashboard()
    });
    view! {
        <h1>"Gestion des candidatures"</h1>
        <section class="card" aria-labelledby="titre-compteurs">
            <h2 id="titre-compteurs">"Nombre de candidatures* par état en fonction du rôle de mon organisme de formation"</h2>
            <Transition fallback=|| view! { <Loading label="Chargement des compteurs…" /> }>
                {move || counts.get().map(|result| match result {
                    Ok(counts) => view! { <CountsTable counts=counts /> }.into_any(),
                    Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
                })}
            </Transition>
        </section>
        <details class="card section" open=true>
            <summary><h2>"Gestion par candidatures"</h2></summary>
            <ApplicationsSection prescriber=false />
        </details>
        <details class="card section">
            <summary><h2>"Gestion par sessions"</h2></summary>
            <SessionsSection />
        </details>
    }
}

#[component]
fn CountsTable(counts: DashboardCounts) -> impl IntoView {
    let columns: [(&str, Option<ApplicationState>); 7] = [
        ("En attente", Some(ApplicationState::Pending)),
        ("Passage en avis non transmis d'ici 15 jours", None),
        ("Retenues", Some(ApplicationState::Retained)),
        ("Non retenues", Some(ApplicationState::NotRetained)),
        ("Avis non transmis", Some(ApplicationState::NoDecisionSent)),
        ("Refus : session complète", Some(ApplicationState::RefusedSessionFull)),
        ("Refus : session annulée", Some(ApplicationState::RefusedSessionCancelled)),
    ];
    view! {
        <div class="table-scroll">
            <table class="table counts-table">
                <caption class="visually-hidden">"Nombre de candidatures par état et par rôle"</caption>
                <thead><tr>
                    <th scope="col">"Rôle de mon organisme de formation"</th>
                    {columns.iter().map(|(label, _)| view! { <th scope="col">{*label}</th> }).collect_view()}
                </tr></thead>
                <tbody>{counts.rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row">{row.role_label}</th>
                        {columns.iter().map(|(_, state)| {
                            let n = state.map_or(row.switching_within_15_days, |s| row.counts.get(s));
                            view! { <td class="number">{n}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
        <p class="hint">{format!("*Données cumulées depuis le {} sur les sessions publiées et non archivées", date(counts.since))}</p>
    }
}
