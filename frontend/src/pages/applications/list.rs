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
use crate::components::input::{Control, Input};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::session_type::{self, SessionTypeInput};
use crate::format::{date, parse_iso};
use crate::pages::trainings::pencil;
use crate::session::Session;

const PER_PAGE: u32 = 10;

/// The tabs, filters, table and pages; `prescriber` hides the organisation-only filters and columns.
#[component]
pub fn ApplicationsSection(prescriber: bool) -> impl IntoView {
    let user = Session::use_context();
    let finished = RwSignal::new(false);
    let page = RwSignal::new(1_u32);
    let applied = RwSignal::new(ApplicationListQuery::default());
    let sort = RwSignal::new(Sort::default());
    let list = LocalResource::new(move || {
        let _ = user.org();
        let period = if finished.get() { PeriodTab::Finished } else { PeriodTab::Current };
        let query = ApplicationListQuery {
            period: Some(period),
            sort: Some(sort.get()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
            ..applied.get()
        };
        api::applications(query)
    });
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
    view! {
        <nav aria-label="Période des sessions"><ul class="tabs">
            {tab(false, "Sessions en cours et à venir")}
            {tab(true, "Sessions terminées")}
        </ul></nav>
        <Filters prescriber=prescriber applied=applied page=page />
        <Transition fallback=|| view! { <Loading label="Chargement des candidatures…" /> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! { <Table list=list prescriber=prescriber page=page sort=sort /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Filters(prescriber: bool, applied: RwSignal<ApplicationListQuery>, page: RwSignal<u32>) -> impl IntoView {
    let s = || RwSignal::new(String::new());
    let (start_from, start_to, end_from, end_to, text, role, state) = (s(), s(), s(), s(), s(), s(), s());
    let kind = s();
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
fn Table(list: ApplicationList, prescriber: bool, page: RwSignal<u32>, sort: RwSignal<Sort>) -> impl IntoView {
    let total = list.total;
    let back_to_first = Callback::new(move |()| page.set(1));
    if list.items.is_empty() {
        return view! { <p class="empty" role="status">"Aucune candidature ne correspond."</p> }.into_any();
    }
    view! {
        <p class="muted" role="status">{format!("{total} candidature(s)")}</p>
        <div class="table-scroll"><table class="table table-compact">
            <caption class="visually-hidden">"Candidatures (les en-têtes Candidat, Session et Date de préinscription trient le tableau)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Référence"</th>
                    <SortHeader label="Candidat" sort=sort first=Sort::Candidate on_change=back_to_first />
                    <SortHeader label="Session" sort=sort first=Sort::SessionStart on_change=back_to_first />
                    {(!prescriber).then(|| view! {
                        <th scope="col">"Organismes"</th>
                        <th scope="col">"Prescripteur"</th>
                    })}
                    <SortHeader label="Date de préinscription" sort=sort first=Sort::ReceivedDesc
                        second=Sort::ReceivedAsc on_change=back_to_first />
                    <th scope="col">"Etat"</th>
                </tr>
            </thead>
            <tbody>{list.items.into_iter().map(|row| view! { <Row row=row prescriber=prescriber /> }).collect_view()}</tbody>
        </table></div>
        <Pages total=total per_page=PER_PAGE page=page />
    }
    .into_any()
}

#[component]
fn Row(row: ApplicationRow, prescriber: bool) -> impl IntoView {
    let open = format!("Ouvrir la candidature {}", row.reference);
    let positioner = row.positioner.map(|o| o.name).unwrap_or_default();
    view! {
        <tr>
            <th scope="row" class="nowrap">
                {row.reference.clone()}
                <a class="icon-link" href=format!("/candidatures/{}", row.reference) aria-label=open.clone() title=open>{pencil()}</a>
            </th>
            <td class="wrap-anywhere">{row.candidate_name}</td>
            <td class="session-cell">
                <strong>{row.session_reference}</strong>
                <span class="block">{row.training_title}</span>
                <span class="block muted">{format!("du {} au {}", date(row.session_start), date(row.session_end))}</span>
            </td>
            {(!prescriber).then(|| view! {
                <td>
                    <dl class="org-roles">
                        <div><dt>"Responsable\u{a0}: "</dt><dd>{row.responsible.name}</dd></div>
                        {(!positioner.is_empty()).then(|| view! { <div><dt>"Positionneur\u{a0}: "</dt><dd>{positioner}</dd></div> })}
                        <div><dt>"Formateur\u{a0}: "</dt><dd>{row.trainer.name}</dd></div>
                    </dl>
                </td>
                <td>{row.prescriber.name}</td>
            })}
            <td class="nowrap">{date(row.received_on)}</td>
            <td>{state_badge(row.state)}</td>
        </tr>
    }
}
