//! "Sessions de formation" at the bottom of the training form: the timeline of the sessions, then the table
//! with its filter and its optional columns; the reference opens the session form.

use contract::SessionSummary;
use leptos::prelude::*;

use crate::components::charts::{Occupancy, Places, SessionsTimeline, Span};
use crate::components::columns::{Column, ColumnChooser, hidden_columns, hides};
use crate::format::date;

/// The columns a user may hide; the reference, which opens the session, always shows.
const COLUMNS: [Column; 6] = [
    ("debut", "Début"),
    ("fin", "Fin"),
    ("commune", "Commune"),
    ("organisme", "Organisme de formation"),
    ("etat", "État"),
    ("inscrits", "Inscrits et retenus"),
];

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

fn span(session: &SessionSummary) -> Span {
    Span {
        reference: session.reference.clone(),
        start: session.start_date,
        end: session.end_date,
        registration: session.registration_deadline,
        late_entry: session.late_entry_deadline,
        class: state_class(session.state),
    }
}

/// The timeline, then the table with its filter.
#[component]
pub fn SessionsTable(sessions: Vec<SessionSummary>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let hidden = hidden_columns("formation-sessions");
    let total = sessions.len();
    let spans: Vec<Span> = sessions.iter().map(span).collect();
    let sessions = StoredValue::new(sessions);
    let shown = move || {
        let text = filter.get();
        sessions.with_value(|all| all.iter().filter(|s| matches(s, &text)).cloned().collect::<Vec<_>>())
    };
    let hide = move |key| hides(hidden, key);
    view! {
        <section class="card" aria-labelledby="titre-sessions">
            <h2 id="titre-sessions">"Sessions de formation"</h2>
            <SessionsTimeline spans=spans today=crate::format::today() />
            <div class="list-options">
                <div class="field field-inline">
                    <label for="filtre-sessions">"Filtrer les sessions"</label>
                    <input id="filtre-sessions" type="search" bind:value=filter />
                </div>
                <ColumnChooser list="formation-sessions" columns=COLUMNS.to_vec() hidden=hidden />
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
                                <th scope="col" hidden=hide("debut")>"Début"</th>
                                <th scope="col" hidden=hide("fin")>"Fin"</th>
                                <th scope="col" hidden=hide("commune")>"Commune"</th>
                                <th scope="col" hidden=hide("organisme")>"Organisme de formation"</th>
                                <th scope="col" hidden=hide("etat")>"État"</th>
                                <th scope="col" hidden=hide("inscrits")>"Inscrits et retenus"</th>
                            </tr>
                        </thead>
                        <tbody>{rows.into_iter().map(|s| row(s, hidden)).collect_view()}</tbody>
                    </table>
                }
            }}
        </section>
    }
}

fn row(session: SessionSummary, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let label = format!("Modifier la session {}", session.reference);
    let places = Places::from(&session);
    let hide = move |key| hides(hidden, key);
    view! {
        <tr>
            <th scope="row" data-label="Référence">
                <a href=format!("/sessions/{}", session.reference) aria-label=label>{session.reference.clone()}</a>
            </th>
            <td data-label="Début" hidden=hide("debut")>{date(session.start_date)}</td>
            <td data-label="Fin" hidden=hide("fin")>{date(session.end_date)}</td>
            <td data-label="Commune" hidden=hide("commune")>{session.commune}</td>
            <td data-label="Organisme de formation" hidden=hide("organisme")>{session.trainer_organisation.name}</td>
            <td data-label="État" hidden=hide("etat")>
                <span class=format!("badge state-{}", state_class(session.state))>{session.state_label}</span>
            </td>
            <td class="nowrap" data-label="Inscrits et retenus" hidden=hide("inscrits")><Occupancy places=places /></td>
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
