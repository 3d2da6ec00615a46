//! "Gestion par candidatures" (R-LIST-2) and, for prescribers, "Mes candidatures" (R-ACC-4): the tabs
//! "Sessions en cours et à venir" / "Sessions terminées", the filters, the guide's columns and pages.

use contract::{ApplicationList, ApplicationListQuery, ApplicationRow, PeriodTab, Sort};
use leptos::prelude::*;

use super::filters::{FilterForm, Filters, application_states};
use super::session_list::Pages;
use super::sort_header::{SortChoice, SortHeader, SortSelect};
use super::state_badge;
use crate::api::applications as api;
use crate::components::columns::{Column, ColumnChooser, PerPage, hidden_columns, hides};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::date;
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
/// The orders of the column headers, for the card view of small screens.
const SORTS: [SortChoice; 4] = [
    (Sort::ReceivedDesc, "Date de préinscription, la plus récente d’abord"),
    (Sort::ReceivedAsc, "Date de préinscription, la plus ancienne d’abord"),
    (Sort::Candidate, "Candidat, de A à Z"),
    (Sort::SessionStart, "Session, la plus proche d’abord"),
];

/// The filters of this list: prescribers filter on the text and the state only.
fn filter_form(prescriber: bool) -> FilterForm {
    FilterForm {
        id_prefix: if prescriber { "mes" } else { "gestion" },
        name: "Filtrer les candidatures",
        text_hint: "Référence, candidat, session…",
        state_label: "Etat candidatures",
        states: application_states(),
        organisation_fields: !prescriber,
    }
}

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
        <Filters form=filter_form(prescriber) applied=applied page=page />
        <div class="list-options">
            <ColumnChooser list=id_prefix columns=columns hidden=hidden />
            <SortSelect id=if prescriber { "mes-tri" } else { "gestion-tri" } sort=sort choices=&SORTS
                on_change=Callback::new(move |()| page.set(1)) />
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
    let hide = move |key| Signal::derive(hides(hidden, key));
    let items = list.items;
    view! {
        <p class="muted" role="status">{format!("{total} candidature(s)")}</p>
        <div class="table-scroll"><table class="table table-compact cards-on-mobile">
            <caption class="visually-hidden">"Candidatures (les en-têtes Candidat, Session et Date de préinscription trient le tableau)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Référence"</th>
                    <SortHeader label="Candidat" sort=sort first=Sort::Candidate on_change=back_to_first hidden=hide("candidat") />
                    <SortHeader label="Session" sort=sort first=Sort::SessionStart on_change=back_to_first hidden=hide("session") />
                    {(!prescriber).then(|| view! {
                        <th scope="col" hidden=hides(hidden, "organismes")>"Organismes"</th>
                        <th scope="col" hidden=hides(hidden, "prescripteur")>"Prescripteur"</th>
                    })}
                    <SortHeader label="Date de préinscription" sort=sort first=Sort::ReceivedDesc
                        second=Sort::ReceivedAsc on_change=back_to_first hidden=hide("date") />
                    <th scope="col" hidden=hides(hidden, "etat")>"Etat"</th>
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
    let hide = move |key| hides(hidden, key);
    let title = row.training_title;
    view! {
        <tr>
            <th scope="row" class="nowrap" data-label="Référence">
                {row.reference.clone()}
                <a class="icon-link" href=format!("/candidatures/{}", row.reference) aria-label=open.clone() title=open>{pencil()}</a>
            </th>
            <td class="wrap-anywhere" data-label="Candidat" hidden=hide("candidat")>{row.candidate_name}</td>
            <td class="session-cell" data-label="Session" hidden=hide("session")>
                <strong>{row.session_reference}</strong>
                // One line per row; the whole title on hover and for screen readers (the text is all there).
                <span class="block truncate" title=title.clone()>{title.clone()}</span>
                <span class="block muted">{format!("du {} au {}", date(row.session_start), date(row.session_end))}</span>
            </td>
            {(!prescriber).then(|| view! {
                <td data-label="Organismes" hidden=hide("organismes")>
                    <dl class="org-roles">
                        <div><dt>"Responsable\u{a0}: "</dt><dd>{row.responsible.name}</dd></div>
                        {(!positioner.is_empty()).then(|| view! { <div><dt>"Positionneur\u{a0}: "</dt><dd>{positioner}</dd></div> })}
                        <div><dt>"Formateur\u{a0}: "</dt><dd>{row.trainer.name}</dd></div>
                    </dl>
                </td>
                <td data-label="Prescripteur" hidden=hide("prescripteur")>{row.prescriber.name}</td>
            })}
            <td class="nowrap" data-label="Date de préinscription" hidden=hide("date")>{date(row.received_on)}</td>
            <td data-label="Etat" hidden=hide("etat")>{state_badge(row.state)}</td>
        </tr>
    }
}
