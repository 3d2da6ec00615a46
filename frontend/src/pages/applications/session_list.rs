//! `/sessions/:reference/candidatures`, "Candidatures sur cette session": tabs by state with counts, a
//! filter, the guide's columns with a pencil per row, "Gestion par lot" and the CSV export (R-LIST-3, R-AVIS-8).

use contract::{ApplicationList, ApplicationRow, SessionApplicationsQuery, Sort};
use domain::application::ApplicationState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::batch::BatchPanel;
use super::sort_header::{SortChoice, SortHeader, SortSelect};
use crate::api::{ApiFailure, applications as api, search_text};
use crate::app::set_title;
use crate::components::columns::{Column, ColumnChooser, PerPage, hidden_columns, hides};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::date;
use crate::pages::trainings::pencil;
use crate::session::Session;
use crate::url_state;

/// "Afficher N éléments" (the API's maximum is 500).
const PER_PAGE_CHOICES: [u32; 4] = [25, 50, 100, 200];
/// Prefix of this list's parameters in the address (url_state).
const URL_PREFIX: &str = "l.";
/// The columns a user may hide; the selection box and the reference, which opens the application, always show.
const COLUMNS: [Column; 7] = [
    ("candidat", "Coordonnées du candidat"),
    ("prescripteur", "Organisme prescripteur"),
    ("date", "Date de candidature"),
    ("convocations", "Nombre de convocations"),
    ("reponse", "Réponse aux convocations"),
    ("resultat", "Résultat du recrutement"),
    ("entree", "Date prévisionnelle d'entrée en formation"),
];
/// The orders of the column headers, for the card view of small screens.
const SORTS: [SortChoice; 3] = [
    (Sort::ReceivedDesc, "Date de candidature, la plus récente d’abord"),
    (Sort::ReceivedAsc, "Date de candidature, la plus ancienne d’abord"),
    (Sort::Candidate, "Candidat, de A à Z"),
];

/// The tab label of a state, as the guide words it.
fn tab_label(state: ApplicationState) -> &'static str {
    match state {
        ApplicationState::Pending => "En attente de traitement",
        ApplicationState::Retained => "Retenus",
        ApplicationState::NotRetained => "Non retenus",
        other => other.label(),
    }
}

/// The page.
#[component]
pub fn SessionApplicationsPage() -> impl IntoView {
    let params = use_params_map();
    let reference = Memo::new(move |_| params.with(|p| p.get("reference").unwrap_or_default()));
    set_title(&format!("Candidatures de la session {}", reference.get_untracked()));
    let user = Session::use_context();
    // Tab, filter, order, page and page size live in the address: a bookmark shows the same list.
    let initial: SessionApplicationsQuery = url_state::read(URL_PREFIX);
    let tab = RwSignal::new(initial.state.unwrap_or(ApplicationState::Pending));
    let filter = RwSignal::new(initial.q.clone().unwrap_or_default());
    let typed = RwSignal::new(initial.q.unwrap_or_default());
    let page = RwSignal::new(initial.page.unwrap_or(1).max(1));
    let per_page =
        RwSignal::new(initial.per_page.filter(|n| PER_PAGE_CHOICES.contains(n)).unwrap_or(PER_PAGE_CHOICES[1]));
    let refresh = RwSignal::new(0_u32);
    let sort = RwSignal::new(initial.sort.unwrap_or_default());
    let selected = RwSignal::new(Vec::<String>::new());
    let hidden = hidden_columns("session-candidatures");
    let query = Memo::new(move |_| SessionApplicationsQuery {
        state: Some(tab.get()),
        q: search_text(&filter.get()),
        sort: Some(sort.get()),
        page: Some(page.get()),
        per_page: Some(per_page.get()),
        cursor: None,
    });
    Effect::new(move |_| url_state::write(URL_PREFIX, &query.get()));
    let list = LocalResource::new(move || {
        let (_, _) = (user.org(), refresh.get());
        api::session_applications(reference.get(), query.get())
    });
    let export_failure = RwSignal::new(None::<ApiFailure>);
    let export = move |_| {
        export_failure.set(None);
        let (r, t, q) = (reference.get_untracked(), tab.get_untracked(), filter.get_untracked());
        spawn_local(async move {
            if let Err(f) = api::download_csv(r, Some(t), q).await {
                export_failure.set(Some(f));
            }
        });
    };
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filter.set(typed.get_untracked());
        page.set(1);
        selected.set(Vec::new());
    };
    let choose_tab = move |state: ApplicationState| {
        tab.set(state);
        page.set(1);
        selected.set(Vec::new());
    };
    view! {
        <p class="breadcrumb"><a href=move || format!("/sessions/{}", reference.get())>"← Fiche de la session"</a></p>
        <h1>{move || format!("Candidatures sur la session {}", reference.get())}</h1>
        <section class="card" aria-labelledby="titre-candidatures-session">
            <h2 id="titre-candidatures-session" class="visually-hidden">"Candidatures sur cette session"</h2>
            <div class="list-tools">
                <form class="search-form" role="search" on:submit=on_filter>
                    <label for="filtre-candidatures">"Filtrer"</label>
                    <div class="search-row">
                        <input id="filtre-candidatures" type="search" bind:value=typed />
                        <button type="submit" class="button button-secondary">"Filtrer"</button>
                    </div>
                </form>
                <PerPage id="session-par-page" per_page=per_page page=page choices=&PER_PAGE_CHOICES />
                <button type="button" class="button button-secondary" on:click=export>"Exporter le tableau (CSV)"</button>
            </div>
            <div class="list-options">
                <ColumnChooser list="session-candidatures" columns=COLUMNS.to_vec() hidden=hidden />
                <SortSelect id="session-tri" sort=sort choices=&SORTS on_change=Callback::new(move |()| page.set(1)) />
            </div>
            <ProblemAlert failure=export_failure />
            <Transition fallback=|| view! { <Loading label="Chargement des candidatures…" /> }>
                {move || list.get().map(|result| match result {
                    Ok(list) => view! {
                        <Tabs list=list.clone() tab=tab choose=Callback::new(choose_tab) />
                        <Table items=list.items selected=selected sort=sort page=page hidden=hidden />
                        <Pages total=list.total per_page=per_page.get_untracked() page=page />
                    }
                    .into_any(),
                    Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
                })}
            </Transition>
        </section>
        <BatchPanel reference=reference selected=selected on_done=Callback::new(move |()| refresh.update(|n| *n += 1)) />
    }
}

#[component]
fn Tabs(list: ApplicationList, tab: RwSignal<ApplicationState>, choose: Callback<ApplicationState>) -> impl IntoView {
    let items = ApplicationState::ALL
        .into_iter()
        .map(|state| {
            let current = move || (tab.get() == state).then_some("page");
            let count = list.counts.get(state);
            view! {
                <li>
                    <a href="#" aria-current=current on:click=move |ev| { ev.prevent_default(); choose.run(state); }>
                        {tab_label(state)} " " <span class="tab-count">{format!("[{count}]")}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <nav aria-label="États des candidatures"><ul class="tabs">{items}</ul></nav> }
}

#[component]
fn Table(
    items: Vec<ApplicationRow>,
    selected: RwSignal<Vec<String>>,
    sort: RwSignal<Sort>,
    page: RwSignal<u32>,
    hidden: RwSignal<Vec<String>>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty" role="status">"Aucune candidature dans cet onglet."</p> }.into_any();
    }
    let all: Vec<String> = items.iter().map(|r| r.reference.clone()).collect();
    let all_checked = {
        let all = all.clone();
        move || selected.with(|s| all.iter().all(|r| s.contains(r)))
    };
    let toggle_all = move |ev| selected.set(if event_target_checked(&ev) { all.clone() } else { Vec::new() });
    let back_to_first = Callback::new(move |()| page.set(1));
    let hide = move |key| Signal::derive(hides(hidden, key));
    let th = move |key, label: &'static str| view! { <th scope="col" hidden=hides(hidden, key)>{label}</th> };
    view! {
        <div class="table-scroll"><table class="table table-compact applications-table cards-on-mobile">
            <caption class="visually-hidden">"Candidatures sur cette session"</caption>
            <thead>
                <tr>
                    <th scope="col">
                        <input type="checkbox" aria-label="Sélectionner toutes les candidatures affichées"
                            prop:checked=all_checked on:change=toggle_all />
                    </th>
                    <th scope="col">"Référence"</th>
                    <SortHeader label="Coordonnées du candidat" sort=sort first=Sort::Candidate on_change=back_to_first
                        hidden=hide("candidat") />
                    {th("prescripteur", "Organisme prescripteur")}
                    <SortHeader label="Date de candidature" sort=sort first=Sort::ReceivedDesc
                        second=Sort::ReceivedAsc on_change=back_to_first hidden=hide("date") />
                    {th("convocations", "Nombre de convocations")}
                    {th("reponse", "Réponse aux convocations")}
                    {th("resultat", "Résultat du recrutement")}
                    {th("entree", "Date prévisionnelle d'entrée en formation")}
                </tr>
            </thead>
            <tbody>{items.into_iter().map(|row| view! { <Row row=row selected=selected hidden=hidden /> }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

#[component]
fn Row(row: ApplicationRow, selected: RwSignal<Vec<String>>, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let hide = move |key| hides(hidden, key);
    let reference = row.reference.clone();
    let checked = {
        let reference = reference.clone();
        move || selected.with(|s| s.contains(&reference))
    };
    let toggle = {
        let reference = reference.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            selected.update(|s| {
                s.retain(|r| *r != reference);
                if on {
                    s.push(reference.clone());
                }
            });
        }
    };
    let open = format!("Ouvrir la candidature {reference}");
    view! {
        <tr>
            <td class="row-select"><input type="checkbox" aria-label=format!("Sélectionner la candidature {reference}") prop:checked=checked on:change=toggle /></td>
            <th scope="row" class="nowrap" data-label="Référence">
                {reference.clone()}
                <a class="icon-link" href=format!("/candidatures/{reference}") aria-label=open.clone() title=open>{pencil()}</a>
            </th>
            <td class="contact wrap-anywhere" data-label="Candidat" hidden=hide("candidat")>
                <strong>{row.candidate_name}</strong>
                <span>{format!("Mail : {}", row.candidate_email)}</span>
                <span>{format!("Tél. : {}", row.candidate_phone)}</span>
                {row.late_entry.then(|| view! { <span class="row-alert">"Entrée tardive"</span> })}
            </td>
            <td data-label="Prescripteur" hidden=hide("prescripteur")>{row.prescriber.name}</td>
            <td data-label="Date de candidature" hidden=hide("date")>{date(row.received_on)}</td>
            <td data-label="Convocations" hidden=hide("convocations")>{row.invites_count}</td>
            <td data-label="Réponse aux convocations" hidden=hide("reponse")>{row.last_invite_result.unwrap_or_default()}</td>
            <td data-label="Résultat" hidden=hide("resultat")>{super::state_badge(row.state)}</td>
            <td data-label="Entrée prévue" hidden=hide("entree")>{row.planned_entry_date.map(date).unwrap_or_default()}</td>
        </tr>
    }
}

/// "Page précédente / suivante" over the server's pages.
#[component]
pub fn Pages(total: u64, per_page: u32, page: RwSignal<u32>) -> impl IntoView {
    let pages = u32::try_from(total.div_ceil(u64::from(per_page.max(1))).max(1)).unwrap_or(1);
    (pages > 1).then(|| {
        view! {
            <nav aria-label="Pagination" class="pagination">
                <ul>
                    <li><button type="button" class="button button-secondary" disabled=move || { page.get() <= 1 }
                        on:click=move |_| page.update(|p| *p -= 1)>"Page précédente"</button></li>
                    <li class="muted">{move || format!("Page {} sur {pages}", page.get())}</li>
                    <li><button type="button" class="button button-secondary" disabled=move || { page.get() >= pages }
                        on:click=move |_| page.update(|p| *p += 1)>"Page suivante"</button></li>
                </ul>
            </nav>
        }
    })
}
