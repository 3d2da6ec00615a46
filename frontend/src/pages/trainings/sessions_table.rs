//! "Sessions de formation" at the bottom of the training form: the reference opens the session form.

use contract::SessionSummary;
use leptos::prelude::*;

use crate::components::charts::{SessionsTimeline, Span};
use crate::format::date;

fn matches(session: &SessionSummary, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    if filter.is_empty() {
        return true;
    }
    [
        session.reference.clone(),
        date(session.start_date),
        date(session.end_date),
        session.commune.clone(),
        session.trainer_organisation.name.clone(),
        session.state_label.clone(),
    ]
    .iter()
    .any(|text| text.to_lowercase().contains(&filter))
}

/// The table with its filter.
#[component]
pub fn SessionsTable(sessions: Vec<SessionSummary>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let total = sessions.len();
    let spans: Vec<Span> = sessions
        .iter()
        .map(|s| Span {
            reference: s.reference.clone(),
            start: s.start_date,
            end: s.end_date,
            class: state_class(s.state),
        })
        .collect();
    let sessions = StoredValue::new(sessions);
    let shown = move || {
        let text = filter.get();
        sessions.with_value(|all| all.iter().filter(|s| matches(s, &text)).cloned().collect::<Vec<_>>())
    };
    view! {
        <section class="card" aria-labelledby="titre-sessions">
            <h2 id="titre-sessions">"Sessions de formation"</h2>
            <SessionsTimeline spans=spans today=crate::format::today() />
            <div class="field field-inline">
                <label for="filtre-sessions">"Filtrer les sessions"</label>
                <input id="filtre-sessions" type="search" bind:value=filter />
            </div>
            {move || {
                let rows = shown();
                let count = rows.len();
                view! {
                    <p class="muted" role="status">{format!("{count} session(s) affichée(s) sur {total}")}</p>
                    <table class="table cards-on-mobile">
                        <caption class="visually-hidden">"Sessions de la formation"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Référence"</th>
                                <th scope="col">"Début"</th>
                                <th scope="col">"Fin"</th>
                                <th scope="col">"Commune"</th>
                                <th scope="col">"Organisme de formation"</th>
                                <th scope="col">"État"</th>
                                <th scope="col">"Inscrits"</th>
                            </tr>
                        </thead>
                        <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                    </table>
                }
            }}
        </section>
    }
}

fn row(session: SessionSummary) -> impl IntoView {
    let label = format!("Modifier la session {}", session.reference);
    view! {
        <tr>
            <th scope="row" data-label="Référence">
                <a href=format!("/sessions/{}", session.reference) aria-label=label>{session.reference.clone()}</a>
            </th>
            <td data-label="Début">{date(session.start_date)}</td>
            <td data-label="Fin">{date(session.end_date)}</td>
            <td data-label="Commune">{session.commune}</td>
            <td data-label="Organisme de formation">{session.trainer_organisation.name}</td>
            <td data-label="État"><span class=format!("badge state-{}", state_class(session.state))>{session.state_label}</span></td>
            <td class="nowrap" data-label="Inscrits">{crate::components::charts::occupancy(session.occupancy)}</td>
        </tr>
    }
}

/// A CSS class per session state, for its colour.
pub fn state_class(state: domain::session::SessionState) -> &'static str {
    use domain::session::SessionState;
    match state {
        SessionState::Open | SessionState::LateEntryOnly => "open",
        SessionState::Running => "running",
        SessionState::Closed | SessionState::Full => "closed",
        SessionState::Cancelled => "cancelled",
        SessionState::Finished => "finished",
    }
}
