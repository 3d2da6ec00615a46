//! `/candidatures`, "Gestion des candidatures": the counts by role × state (R-LIST-1, R-TIME-2), then
//! "Gestion par candidatures" and "Gestion par sessions" (R-LIST-2).

use contract::DashboardCounts;
use domain::application::ApplicationState;
use leptos::prelude::*;

use super::list::ApplicationsSection;
use super::sessions_view::SessionsSection;
use crate::api::applications as api;
use crate::app::set_title;
use crate::components::charts::{Segment, StackedBar};
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
    let bars = role_bars(&counts);
    view! {
        {bars}
        <div class="table-scroll">
            <table class="table counts-table cards-on-mobile">
                <caption class="visually-hidden">"Nombre de candidatures par état et par rôle"</caption>
                <thead><tr>
                    <th scope="col">"Rôle de mon organisme de formation"</th>
                    {columns.iter().map(|(label, _)| view! { <th scope="col">{*label}</th> }).collect_view()}
                </tr></thead>
                <tbody>{counts.rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row">{row.role_label}</th>
                        {columns.iter().map(|(label, state)| {
                            let n = state.map_or(row.switching_within_15_days, |s| row.counts.get(s));
                            view! { <td class="number" data-label=*label>{n}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
        <p class="hint">{format!("*Données cumulées depuis le {} sur les sessions publiées et non archivées", date(counts.since))}</p>
    }
}

/// The states of the stacked bars, in the table's order, with their colour.
const BAR_STATES: [(ApplicationState, &str, &str); 6] = [
    (ApplicationState::Pending, "En attente", "segment-pending"),
    (ApplicationState::Retained, "Retenues", "segment-retained"),
    (ApplicationState::NotRetained, "Non retenues", "segment-not-retained"),
    (ApplicationState::NoDecisionSent, "Avis non transmis", "segment-no-decision"),
    (ApplicationState::RefusedSessionFull, "Refus : session complète", "segment-full"),
    (ApplicationState::RefusedSessionCancelled, "Refus : session annulée", "segment-cancelled"),
];

/// One stacked bar per role, on a common scale, with a legend. The table under it says the same numbers
/// (and is what a screen reader reads), so the picture is hidden from them.
fn role_bars(counts: &DashboardCounts) -> impl IntoView + use<> {
    let totals: Vec<u64> =
        counts.rows.iter().map(|row| BAR_STATES.iter().map(|(s, _, _)| row.counts.get(*s)).sum()).collect();
    let scale = totals.iter().copied().max().unwrap_or(0);
    let rows = counts
        .rows
        .iter()
        .zip(totals)
        .map(|(row, total)| {
            let segments: Vec<Segment> = BAR_STATES.iter().map(|(s, _, class)| (row.counts.get(*s), *class)).collect();
            view! {
                <div class="role-bar">
                    <span class="role-bar-label">{row.role_label.clone()}</span>
                    <StackedBar segments=segments scale=scale />
                    <span class="role-bar-total number">{total}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="role-bars" aria-hidden="true">
            {rows}
            <ul class="legend">
                {BAR_STATES.iter().map(|(_, label, class)| view! {
                    <li>
                        <svg width="12" height="12" viewBox="0 0 12 12" focusable="false"><rect class=*class width="12" height="12" rx="2" /></svg>
                        {*label}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
