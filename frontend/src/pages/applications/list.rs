//! "Gestion par candidatures" (R-LIST-2) and, for prescribers, "Mes candidatures" (R-ACC-4): the tabs
//! "Sessions en cours et à venir" / "Sessions terminées", the filters, the guide's columns and pages.

use contract::{ApplicationList, ApplicationListQuery, ApplicationRow, PeriodTab, Sort};
use domain::access::SessionRole;
use domain::application::ApplicationState;
use leptos::prelude::*;

use super::session_list::Pages;
use super::sort_header::SortHeader;
use super::state_badge;
use crate::api::{applications as api, search_text};
use crate::components::columns::{Column, ColumnChooser, PerPage, hidden_columns, shown};
use crate::components::input::{Control, Input};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::session_type::{self, SessionTypeInput};
use crate::format::{date, iso, parse_iso};
use crate::pages::trainings::pencil;
use crate::session::Session;
use crate::url_state;

/// "Afficher N éléments" (the API's maximum is 100).
const PER_PAGE_CHOICES: [u32; 4] = [10, 25, 50, 100];
/// Prefix of this list's parameters in the address (url_state).
const URL_PREFIX: &str = "c.";
/// The columns a user may hide; the reference, which opens the application, always shows.
const COLUMNS: [Column; 6] = [
    ("candidat", "Candidat"),
    ("session", "Session"),
    ("organismes", "Organismes"),
    ("prescripteur", "Prescripteur"),
    ("date", "Date de préinscription"),
    ("etat", "Etat"),
];

/// The tabs, filters, table and pages; `prescriber` hides the organisation-only filters and columns. Tab,
/// filters, order, page and page size live in the address (a bookmark restores them).
#[component]
pub fn ApplicationsSection(prescriber: bool) -> impl IntoView {
    let user = Session::use_context();
    let initial: ApplicationListQuery = url_state::read(URL_PREFIX);
    let finished = RwSignal::new(initial.period == Some(PeriodTab::Finished));
    let page = RwSignal::new(initial.page.unwrap_or(1).max(1));
    let per_page =
        RwSignal::new(initial.per_page.filter(|n| PER_PAGE_CHOICES.contains(n)).unwrap_or(PER_PAGE_CHOICES[0]));
    let sort = RwSignal::new(initial.sort.unwrap_or_default());
    let applied = RwSignal::new(ApplicationListQuery {
        period: None,
        sort: None,
        page: None,
        per_page: None,
        cursor: None,
        ..initial
    });
    let query = Memo::new(move |_| {
        let period = if finished.get() { PeriodTab::Finished } else { PeriodTab::Current };
        ApplicationListQuery {
            period: Some(period),
            sort: Some(sort.get()),
            page: Some(page.get()),
            per_page: Some(per_page.get()),
            ..applied.get()
        }
    });
    Effect::new(move |_| url_state::write(URL_PREFIX, &query.get()));
    let list = LocalResource::new(move || {
        let _ = user.org();
        api::applications(query.get())
    });
    let hidden = hidden_columns(if prescriber { "mes-candidatures" } else { "candidatures" });
    let columns: Vec<Column> =
        COLUMNS.into_iter().filter(|(key, _)| !prescriber || !matches!(*key, "organismes" | "prescripteur")).collect();
    let tab = move |value: bool, label: &'static str| {
        // Both tabs show their count when the server gives `period_counts`; else only the open one.
        let count = move || {
            list.get()
                .and_then(Result::ok)
                .and_then(|l| match l.period_counts {
                    Some(c) => Some(if value { c.finished } else { c.current }),
                    None => (finished.get() == value).then_some(l.total),
                })
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default()
        };
        view! {
            <li>
                <a href="#" aria-current=move || (finished.get() == value).then_some("page")
                    on:click=move |ev| { ev.prevent_default(); finished.set(value); page.set(1); }>
                    {label} <span class="tab-count">{count}</span>
                </a>
            </li>
        }
    };
    let id_prefix = if prescriber { "mes" } else { "gestion" };
    view! {
        <nav aria-label="Période des sessions"><ul class="tabs">
            {tab(false, "Sessions en cours et à venir")}
            {tab(true, "Sessions terminées")}
        </ul></nav>
        <Filters prescriber=prescriber applied=applied page=page />
        <div class="list-options">
            <ColumnChooser list=id_prefix columns=columns hidden=hidden />
            <PerPage id=if prescriber { "mes-par-page" } else { "gestion-par-page" } per_page=per_page page=page choices=&PER_PAGE_CHOICES />
        </div>
        <Transition fallback=|| view! { <Loading label="Chargement des candidatures…" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! {
                    <Table list=list prescriber=prescriber page=page per_page=per_page.get_untracked() sort=sort hidden=hidden />
                }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Filters(prescriber: bool, applied: RwSignal<ApplicationListQuery>, page: RwSignal<u32>) -> impl IntoView {
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
        applied.set(ApplicationListQuery {
            session_type,
            role: SessionRole::ALL.into_iter().find(|r| r.code() == role.get_untracked()),
            state: ApplicationState::from_code(&state.get_untracked()),
            q: search_text(&text.get_untracked()),
            session_start_from: parse_iso(&start_from.get_untracked()),
            session_start_to: parse_iso(&start_to.get_untracked()),
            session_end_from: parse_iso(&end_from.get_untracked()),
            session_end_to: parse_iso(&end_to.get_untracked()),
            ..ApplicationListQuery::default()
        });
        page.set(1);
    };
    let id = move |name: &str| format!("{}-{name}", if prescriber { "mes" } else { "gestion" });
    view! {
        <form class="filters" role="search" aria-label="Filtrer les candidatures" on:submit=on_submit>
            <div class="grid-3">
                <Show when=move || !prescriber>
                    <Input id=id("debut-du") label="Début session : du" value=start_from control=Control::Date />
                    <Input id=id("debut-au") label="Début session : au" value=start_to control=Control::Date />
                    <Input id=id("fin-du") label="Fin session : du" value=end_from control=Control::Date />
                    <Input id=id("fin-au") label="Fin session : au" value=end_to control=Control::Date />
                    <div class="field">
                        <label for=id("role")>"Rôle organisme"</label>
                        <select id=id("role") bind:value=role>
                            <option value="">"Tous"</option>
                            {SessionRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <SessionTypeInput id=id("type") value=kind />
                </Show>
                <Input id=id("texte") label="Filtrer" value=text hint=Some("Référence, candidat, session…".to_owned()) />
                <div class="field">
                    <label for=id("etat")>"Etat candidatures"</label>
                    <select id=id("etat") bind:value=state>
                        <option value="">"Tous"</option>
                        {ApplicationState::ALL.into_iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <button type="submit" class="button button-secondary">"Appliquer les filtres"</button>
        </form>
    }
}

#[component]
fn Table(
    list: ApplicationList,
    prescriber: bool,
    page: RwSignal<u32>,
    per_page: u32,
    sort: RwSignal<Sort>,
    hidden: RwSignal<Vec<String>>,
) -> impl IntoView {
    let total = list.total;
    let back_to_first = Callback::new(move |()| page.set(1));
    if list.items.is_empty() {
        return view! { <p class="empty" role="status">"Aucune candidature ne correspond."</p> }.into_any();
    }
    let show = move |key: &'static str| move || shown(hidden, key);
    let items = list.items;
    view! {
        <p class="muted" role="status">{format!("{total} candidature(s)")}</p>
        <div class="table-scroll"><table class="table table-compact cards-on-mobile">
            <caption class="visually-hidden">"Candidatures (les en-têtes Candidat, Session et Date de préinscription trient le tableau)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Référence"</th>
                    <Show when=show("candidat")>
                        <SortHeader label="Candidat" sort=sort first=Sort::Candidate on_change=back_to_first />
                    </Show>
                    <Show when=show("session")>
                        <SortHeader label="Session" sort=sort first=Sort::SessionStart on_change=back_to_first />
                    </Show>
                    {(!prescriber).then(|| view! {
                        <Show when=show("organismes")><th scope="col">"Organismes"</th></Show>
                        <Show when=show("prescripteur")><th scope="col">"Prescripteur"</th></Show>
                    })}
                    <Show when=show("date")>
                        <SortHeader label="Date de préinscription" sort=sort first=Sort::ReceivedDesc
                            second=Sort::ReceivedAsc on_change=back_to_first />
                    </Show>
                    <Show when=show("etat")><th scope="col">"Etat"</th></Show>
                </tr>
            </thead>
            <tbody>{items.into_iter().map(|row| view! { <Row row=row prescriber=prescriber hidden=hidden /> }).collect_view()}</tbody>
        </table></div>
        <Pages total=total per_page=per_page page=page />
    }
    .into_any()
}

#[component]
fn Row(row: ApplicationRow, prescriber: bool, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let open = format!("Ouvrir la candidature {}", row.reference);
    let positioner = row.positioner.map(|o| o.name).unwrap_or_default();
    let show = move |key: &'static str| move || shown(hidden, key);
    let title = row.training_title;
    let dates = format!("du {} au {}", date(row.session_start), date(row.session_end));
    let (responsible, trainer, prescriber_name) = (row.responsible.name, row.trainer.name, row.prescriber.name);
    let (candidate, session_reference) = (row.candidate_name, row.session_reference);
    let received = date(row.received_on);
    let state = row.state;
    view! {
        <tr>
            <th scope="row" class="nowrap" data-label="Référence">
                {row.reference.clone()}
                <a class="icon-link" href=format!("/candidatures/{}", row.reference) aria-label=open.clone() title=open>{pencil()}</a>
            </th>
            <Show when=show("candidat")><td class="wrap-anywhere" data-label="Candidat">{candidate.clone()}</td></Show>
            <Show when=show("session")>
                <td class="session-cell" data-label="Session">
                    <strong>{session_reference.clone()}</strong>
                    // One line per row; the whole title on hover and for screen readers (the text is all there).
                    <span class="block truncate" title=title.clone()>{title.clone()}</span>
                    <span class="block muted">{dates.clone()}</span>
                </td>
            </Show>
            {(!prescriber).then(|| {
                let (responsible, trainer, positioner) = (responsible.clone(), trainer.clone(), positioner.clone());
                let prescriber_name = prescriber_name.clone();
                view! {
                    <Show when=show("organismes")>
                        <td data-label="Organismes">
                            <dl class="org-roles">
                                <div><dt>"Responsable\u{a0}: "</dt><dd>{responsible.clone()}</dd></div>
                                {(!positioner.is_empty()).then(|| view! { <div><dt>"Positionneur\u{a0}: "</dt><dd>{positioner.clone()}</dd></div> })}
                                <div><dt>"Formateur\u{a0}: "</dt><dd>{trainer.clone()}</dd></div>
                            </dl>
                        </td>
                    </Show>
                    <Show when=show("prescripteur")><td data-label="Prescripteur">{prescriber_name.clone()}</td></Show>
                }
            })}
            <Show when=show("date")><td class="nowrap" data-label="Date de préinscription">{received.clone()}</td></Show>
            <Show when=show("etat")><td data-label="Etat">{state_badge(state)}</td></Show>
        </tr>
    }
}
