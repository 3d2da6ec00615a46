//! "Gestion par sessions" (R-LIST-2): the sessions where the organisation holds a role, from
//! `GET /api/sessions`, with the guide's tabs, filters and columns and the server's pages; the pencil opens
//! the session's applications.

use contract::{PeriodTab, SessionList, SessionListQuery, SessionListRow};
use domain::access::SessionRole;
use domain::session::SessionState;
use leptos::prelude::*;

use super::session_list::Pages;
use crate::api::{offer, search_text};
use crate::components::charts::occupancy;
use crate::components::columns::PerPage;
use crate::components::input::{Control, Input};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::session_type::{self, SessionTypeInput};
use crate::format::{date, iso, parse_iso};
use crate::pages::trainings::{pencil, sessions_table::state_class};
use crate::session::Session;
use crate::url_state;

/// "Afficher N éléments" (the API's maximum is 100).
const PER_PAGE_CHOICES: [u32; 4] = [10, 25, 50, 100];
/// Prefix of this list's parameters in the address (url_state).
const URL_PREFIX: &str = "s.";

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
        <Filters applied=applied page=page />
        <div class="list-options">
            <PerPage id="sessions-par-page" per_page=per_page page=page choices=&PER_PAGE_CHOICES />
        </div>
        <Transition fallback=|| view! { <Loading label="Chargement des sessions…" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! { <Table list=list page=page per_page=per_page.get_untracked() /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Filters(applied: RwSignal<SessionListQuery>, page: RwSignal<u32>) -> impl IntoView {
    // A bookmarked list shows its filters in the form.
    let now = applied.get_untracked();
    let day = |d: Option<chrono::NaiveDate>| RwSignal::new(d.map(iso).unwrap_or_default());
    let (start_from, start_to) = (day(now.session_start_from), day(now.session_start_to));
    let (end_from, end_to) = (day(now.session_end_from), day(now.session_end_to));
    let text = RwSignal::new(now.q.clone().unwrap_or_default());
    let role = RwSignal::new(now.role.map(|r| r.code().to_owned()).unwrap_or_default());
    let state = RwSignal::new(now.state.map(|s| s.code().to_owned()).unwrap_or_default());
    let kind = RwSignal::new(now.session_type.as_ref().map(ToString::to_string).unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The field shows why a type cannot be one; the filters stay as they were until it can.
        let Ok(session_type) = session_type::parsed(&kind.get_untracked()) else { return };
        applied.set(SessionListQuery {
            session_type,
            role: SessionRole::ALL.into_iter().find(|r| r.code() == role.get_untracked()),
            state: SessionState::ALL.into_iter().find(|s| s.code() == state.get_untracked()),
            q: search_text(&text.get_untracked()),
            session_start_from: parse_iso(&start_from.get_untracked()),
            session_start_to: parse_iso(&start_to.get_untracked()),
            session_end_from: parse_iso(&end_from.get_untracked()),
            session_end_to: parse_iso(&end_to.get_untracked()),
            ..SessionListQuery::default()
        });
        page.set(1);
    };
    let id = |name: &str| format!("sessions-{name}");
    view! {
        <form class="filters" role="search" aria-label="Filtrer les sessions" on:submit=on_submit>
            <div class="grid-3">
                <Input id=id("debut-du") label="Début session : du" value=start_from control=Control::Date />
                <Input id=id("debut-au") label="Début session : au" value=start_to control=Control::Date />
                <Input id=id("fin-du") label="Fin session : du" value=end_from control=Control::Date />
                <Input id=id("fin-au") label="Fin session : au" value=end_to control=Control::Date />
                <Input id=id("texte") label="Filtrer" value=text
                    hint=Some("Référence, intitulé, commune, n° de marché…".to_owned()) />
                <div class="field">
                    <label for=id("role")>"Rôle organisme"</label>
                    <select id=id("role") bind:value=role>
                        <option value="">"Tous"</option>
                        {SessionRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=id("etat")>"Etat session"</label>
                    <select id=id("etat") bind:value=state>
                        <option value="">"Tous"</option>
                        {SessionState::ALL.into_iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <SessionTypeInput id=id("type") value=kind />
            </div>
            <button type="submit" class="button button-secondary">"Appliquer les filtres"</button>
        </form>
    }
}

#[component]
fn Table(list: SessionList, page: RwSignal<u32>, per_page: u32) -> impl IntoView {
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
                <th scope="col">"Session"</th>
                <th scope="col">"Responsable"</th>
                <th scope="col">"Positionneur"</th>
                <th scope="col">"Formateur"</th>
                <th scope="col">"Lieu"</th>
                <th scope="col">"Date"</th>
                <th scope="col">"Etat"</th>
                <th scope="col">"Inscrits"</th>
            </tr></thead>
            <tbody>{list.items.into_iter().map(row).collect_view()}</tbody>
        </table></div>
        <Pages total=total per_page=per_page page=page />
    }
    .into_any()
}

fn row(s: SessionListRow) -> impl IntoView {
    let label = format!("Candidatures de la session {}", s.reference);
    view! {
        <tr>
            <th scope="row" class="nowrap" data-label="Référence">{s.reference.clone()}
                <a class="icon-link" href=format!("/sessions/{}/candidatures", s.reference) aria-label=label.clone() title=label>{pencil()}</a>
            </th>
            <td class="session-cell" data-label="Session">
                // One line per row; the whole title on hover and for screen readers (the text is all there).
                <strong class="block truncate" title=s.training_title.clone()>{s.training_title.clone()}</strong>
                <span class="block muted">{format!("Financier\u{a0}: {}", s.funding.funder.name)}</span>
                <span class="block muted">{format!("N°\u{a0}de marché\u{a0}: {}", s.funding.contract_number)}</span></td>
            <td data-label="Responsable">{s.responsible.name}</td>
            <td data-label="Positionneur">{s.positioner.map(|o| o.name).unwrap_or_default()}</td>
            <td data-label="Formateur">{s.trainer.name}</td>
            <td data-label="Lieu">{s.commune}</td>
            <td data-label="Date"><span class="nowrap">{format!("du {}", date(s.start_date))}</span>
                " " <span class="nowrap">{format!("au {}", date(s.end_date))}</span></td>
            <td data-label="Etat"><span class=format!("badge state-{}", state_class(s.state))>{s.state_label}</span></td>
            <td data-label="Inscrits">{occupancy(s.occupancy)}</td>
        </tr>
    }
}
