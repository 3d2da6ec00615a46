//! "Suites de parcours" of the funder (R-OUT-3): the ratios of each of its ended sessions with trainees and
//! their total (`GET /api/outcomes`).

use contract::{FunderOutcomes, FunderSessionOutcomes};
use leptos::prelude::*;

use crate::api::offer;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::date;
use crate::pages::sessions::outcomes::{Ratios, percent};

/// The page.
#[component]
pub fn FunderOutcomesPage() -> impl IntoView {
    let loaded = LocalResource::new(offer::funder_outcomes);
    view! {
        <h1>"Suites de parcours"</h1>
        <Transition fallback=|| view! { <Loading label="Chargement des suites de parcours…" /> }>
            {move || loaded.get().map(|result| match result {
                Ok(outcomes) => view! { <Summary outcomes=outcomes /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Summary(outcomes: FunderOutcomes) -> impl IntoView {
    let rows = outcomes.sessions.into_iter().map(|s| view! { <Row session=s /> }).collect_view();
    view! {
        <section class="card" aria-labelledby="suites-total">
            <h2 id="suites-total">"Toutes vos sessions terminées"</h2>
            <Ratios ratios=outcomes.total />
        </section>
        <div class="table-scroll"><table class="table table-compact">
            <caption>"Par session"</caption>
            <thead><tr>
                <th scope="col">"Session"</th>
                <th scope="col">"Fin"</th>
                <th scope="col">"Stagiaires"</th>
                <th scope="col">"Sorties positives"</th>
                <th scope="col">"Non renseignée"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
fn Row(session: FunderSessionOutcomes) -> impl IntoView {
    let ratios = session.ratios;
    view! {
        <tr>
            <th scope="row"><a href=format!("/sessions/{}", session.session_reference)>{session.session_reference.clone()}</a></th>
            <td>{date(session.session_end)}</td>
            <td>{ratios.trainees}</td>
            <td>{format!("{} ({})", ratios.positive, percent(ratios.positive_percent))}</td>
            <td>{ratios.not_recorded}</td>
        </tr>
    }
}
