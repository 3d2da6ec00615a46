//! "Gestion par sessions" (R-LIST-2): the sessions where the organisation holds a role, from
//! `GET /api/sessions`, with the guide's tabs, filters and columns and the server's pages; the pencil opens
//! the session's applications.

use contract::{PeriodTab, SessionList, SessionListQuery, SessionListRow};
use leptos::prelude::*;

use super::filters::{FilterForm, Filters, session_states};
use super::session_list::Pages;
use crate::api::offer;
use crate::components::charts::{Occupancy, Places};
use crate::components::columns::{Column, ColumnChooser, PerPage, hidden_columns, hides};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::date;
use crate::pages::trainings::{pencil, sessions_table::state_class};
use crate::session::Session;
use crate::url_state;

/// "Afficher N éléments" (the API's maximum is 100).
const PER_PAGE_CHOICES: [u32; 4] = [10, 25, 50, 100];
/// Prefix of this list's parameters in the address (url_state).
const URL_PREFIX: &str = "s.";
/// The columns a user may hide; the reference, which opens the session's applications, always shows.
const COLUMNS: [Column; 8] = [
    ("session", "Session"),
    ("responsable", "Responsable"),
    ("positionneur", "Positionneur"),
    ("formateur", "Formateur"),
    ("lieu", "Lieu"),
    ("date", "Date"),
    ("etat", "Etat"),
    ("inscrits", "Inscrits et retenus"),
];

/// The filters of this list.
fn filter_form() -> FilterForm {
    FilterForm {
        id_prefix: "sessions",
        name: "Filtrer les sessions",
        text_hint: "Référence, intitulé, commune, n° de marché…",
        state_label: "Etat session",
        states: session_states(),
        organisation_fields: true,
    }
}

/// Tabs, filters, table and pages; all of them in the address, like "Gestion par candidatures".
#[component]
pub fn SessionsSection() -> impl IntoView {
    let user = Session::use_context();
    let initial: SessionListQuery = url_state::read(URL_PREFIX);
    let finished = RwSignal::new(initial.period == Some(PeriodTab::Finished));
    let page = RwSignal::new(initial.page.unwrap_or(1).max(1));
    let per_page =
        RwSignal::new(initial.per_page.filter(|n| PER_PAGE_CHOICES.contains(n)).unwrap_or(PER_PAGE_CHOICES[0]));
    let applied = RwSignal::new(SessionListQuery { period: None, page: None, per_page: None, cursor: None, ..initial });
    let query = Memo::new(move |_| {
        let period = if finished.get() { PeriodTab::Finished } else { PeriodTab::Current };
        SessionListQuery {
            period: Some(period),
            page: Some(page.get()),
            per_page: Some(per_page.get()),
            ..applied.get()
        }
    });
    Effect::new(move |_| url_state::write(URL_PREFIX, &query.get()));
    let list = LocalResource::new(move || {
        let _ = user.org();
        offer::sessions(query.get())
    });
    let hidden = hidden_columns("sessions");
    let tab = move |value: bool, label: &'static str| {
        let count = move || {
            list.get()
                .and_then(Result::ok)
                .map(|l| format!(" [{}]", if value { l.period_counts.finished } else { l.period_counts.current }))
                .unwrap_or_default()
        };
        view! {
            <li><a href="#" aria-current=move || (finished.get() == value).then_some("page")
                on:click=move |ev| { ev.prevent_default(); finished.set(value); page.set(1); }>
                {label} <span class="tab-count">{count}</span></a></li>
        }
    };
    view! {
        <nav aria-label="Période des sessions (gestion par sessions)"><ul class="tabs">
            {tab(false, "Sessions en cours et à venir")}
            {tab(true, "Sessions terminées")}
        </ul></nav>
        <Filters form=filter_form() applied=applied page=page />
        <div class="list-options">
            <ColumnChooser list="sessions" columns=COLUMNS.to_vec() hidden=hidden />
            <PerPage id="sessions-par-page" per_page=per_page page=page choices=&PER_PAGE_CHOICES />
        </div>
        <Transition fallback=|| view! { <Loading label="Chargement des sessions…" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! { <Table list=list page=page per_page=per_page.get_untracked() hidden=hidden /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Table(list: SessionList, page: RwSignal<u32>, per_page: u32, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let total = list.total;
    if list.items.is_empty() {
        return view! { <p class="empty" role="status">"Aucune session ne correspond."</p> }.into_any();
    }
    view! {
        <p class="muted" role="status">{format!("{total} session(s)")}</p>
        <div class="table-scroll"><table class="table table-compact sessions-table cards-on-mobile">
            <caption class="visually-hidden">"Sessions"</caption>
            <thead><tr>
                <th scope="col">"Référence"</th>
                {COLUMNS.into_iter().map(|(key, label)| view! { <th scope="col" hidden=hides(hidden, key)>{label}</th> }).collect_view()}
            </tr></thead>
            <tbody>{list.items.into_iter().map(|s| row(s, hidden)).collect_view()}</tbody>
        </table></div>
        <Pages total=total per_page=per_page page=page />
    }
    .into_any()
}

fn row(s: SessionListRow, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let label = format!("Candidatures de la session {}", s.reference);
    let places = Places::from(&s);
    let hide = move |key| hides(hidden, key);
    view! {
        <tr>
            <th scope="row" class="nowrap" data-label="Référence">{s.reference.clone()}
                <a class="icon-link" href=format!("/sessions/{}/candidatures", s.reference) aria-label=label.clone() title=label>{pencil()}</a>
            </th>
            <td class="session-cell" data-label="Session" hidden=hide("session")>
                // One line per row; the whole title on hover and for screen readers (the text is all there).
                <strong class="block truncate" title=s.training_title.clone()>{s.training_title.clone()}</strong>
                <span class="block muted">{format!("Financier\u{a0}: {}", s.funding.funder.name)}</span>
                <span class="block muted">{format!("N°\u{a0}de marché\u{a0}: {}", s.funding.contract_number)}</span></td>
            <td data-label="Responsable" hidden=hide("responsable")>{s.responsible.name}</td>
            <td data-label="Positionneur" hidden=hide("positionneur")>{s.positioner.map(|o| o.name).unwrap_or_default()}</td>
            <td data-label="Formateur" hidden=hide("formateur")>{s.trainer.name}</td>
            <td data-label="Lieu" hidden=hide("lieu")>{s.commune}</td>
            <td data-label="Date" hidden=hide("date")><span class="nowrap">{format!("du {}", date(s.start_date))}</span>
                " " <span class="nowrap">{format!("au {}", date(s.end_date))}</span></td>
            <td data-label="Etat" hidden=hide("etat")><span class=format!("badge state-{}", state_class(s.state))>{s.state_label}</span></td>
            <td data-label="Inscrits et retenus" hidden=hide("inscrits")><Occupancy places=places /></td>
        </tr>
    }
}
