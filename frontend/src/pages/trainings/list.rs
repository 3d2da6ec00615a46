//! `/formations`, "Gestion des formations": the tabs with their counts, a search, the table and its pages
//! (R-TRN-4). Tab, search and page live in the address, so "back" from a form returns to the same list.

use contract::{TrainingList, TrainingListQuery, TrainingSummary};
use domain::training::TrainingTab;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{offer, search_text};
use crate::app::set_title;
use crate::components::columns::{Column, ColumnChooser, hidden_columns, hides};
use crate::components::layout::CurrentUser;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::pages::trainings::pencil;
use crate::session::Session;

const PER_PAGE_CHOICES: [u32; 4] = [10, 25, 50, 100];
/// The columns a user may hide; the reference, which opens the training, always shows.
const COLUMNS: [Column; 3] = [("type", "Type"), ("intitule", "Intitulé"), ("financement", "Financement")];

/// What the list shows.
#[derive(Clone, PartialEq)]
struct ListState {
    tab: TrainingTab,
    search: String,
    page: u32,
    per_page: u32,
}

impl ListState {
    fn href(&self) -> String {
        let mut href = format!("/formations?onglet={}&page={}&par_page={}", self.tab.code(), self.page, self.per_page);
        if !self.search.trim().is_empty() {
            href.push_str("&q=");
            href.push_str(&String::from(js_sys::encode_uri_component(self.search.trim())));
        }
        href
    }

    /// What the API is asked for.
    fn query(&self) -> TrainingListQuery {
        TrainingListQuery {
            tab: Some(self.tab),
            q: search_text(&self.search),
            sort: None,
            page: Some(self.page),
            per_page: Some(self.per_page),
            cursor: None,
        }
    }

    fn with(&self, change: impl FnOnce(&mut Self)) -> Self {
        let mut next = self.clone();
        change(&mut next);
        next
    }
}

/// The list of trainings.
#[component]
pub fn TrainingListPage() -> impl IntoView {
    set_title("Gestion des formations");
    let session = Session::use_context();
    let current = CurrentUser::use_context();
    let query = use_query_map();
    let state = Memo::new(move |_| {
        query.with(|q| ListState {
            tab: q.get("onglet").and_then(|c| TrainingTab::from_code(&c)).unwrap_or(TrainingTab::Published),
            search: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
            per_page: q
                .get("par_page")
                .and_then(|p| p.parse().ok())
                .filter(|p| PER_PAGE_CHOICES.contains(p))
                .unwrap_or(10),
        })
    });
    let list = LocalResource::new(move || {
        let _ = session.org();
        let s = state.get();
        offer::trainings(s.query())
    });
    let hidden = hidden_columns("formations");
    let is_admin =
        move || current.0.with(|me| me.as_ref().is_some_and(|m| m.platform_admin)) && session.org().is_none();
    view! {
        <div class="page-heading">
            <h1>"Gestion des formations"</h1>
            <Show when=is_admin>
                <a class="button" href="/nouvelle-formation">"Saisir une formation POEC"</a>
            </Show>
        </div>
        <section class="card" aria-labelledby="titre-conventionnees">
            <h2 id="titre-conventionnees">"Formations conventionnées"</h2>
            <SearchForm state=state />
            <div class="list-options">
                <ColumnChooser list="formations" columns=COLUMNS.to_vec() hidden=hidden />
            </div>
            <Transition fallback=|| view! { <Loading label="Chargement des formations…" /> }>
                {move || {
                    list.get().map(|result| match result {
                        Ok(list) => view! { <Listing list=list state=state.get_untracked() hidden=hidden /> }.into_any(),
                        Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

/// The search field and the page size.
#[component]
fn SearchForm(state: Memo<ListState>) -> impl IntoView {
    let navigate = use_navigate();
    let text = RwSignal::new(state.get_untracked().search);
    let go = {
        let navigate = navigate.clone();
        move |next: ListState| navigate(&next.href(), NavigateOptions::default())
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(state.get_untracked().with(|s| {
                s.search = text.get_untracked();
                s.page = 1;
            }));
        }
    };
    let on_per_page = move |ev| {
        let per_page = event_target_value(&ev).parse().unwrap_or(10);
        go(state.get_untracked().with(|s| {
            s.per_page = per_page;
            s.page = 1;
        }));
    };
    view! {
        <div class="list-tools">
            <form class="search-form" role="search" on:submit=on_submit>
                <label for="recherche-formation">"Rechercher une formation"</label>
                <div class="search-row">
                    <input id="recherche-formation" type="search" bind:value=text aria-describedby="recherche-formation-aide" />
                    <button type="submit" class="button button-secondary">"Rechercher"</button>
                </div>
                <p class="hint" id="recherche-formation-aide">"Référence, intitulé ou N° de marché"</p>
            </form>
            <div class="per-page">
                <label for="par-page">"Afficher"</label>
                <select id="par-page" on:change=on_per_page>
                    {PER_PAGE_CHOICES
                        .iter()
                        .map(|n| {
                            let n = *n;
                            view! { <option value=n.to_string() selected=move || state.get().per_page == n>{n}</option> }
                        })
                        .collect_view()}
                </select>
                <span aria-hidden="true">"éléments"</span>
            </div>
        </div>
    }
}

/// Tabs, table and pages of one answer.
#[component]
fn Listing(list: TrainingList, state: ListState, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let tabs = TrainingTab::ALL
        .into_iter()
        .map(|tab| {
            let href = state.with(|s| {
                s.tab = tab;
                s.page = 1;
            });
            let current = (tab == state.tab).then_some("page");
            view! {
                <li>
                    <a href=href.href() aria-current=current>
                        {tab.label()} " " <span class="tab-count">{format!("[{}]", list.counts.get(tab))}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let pages = list.total.div_ceil(u64::from(list.per_page.max(1))).max(1);
    let summary = format!(
        "{} formation{} dans l’onglet « {} » · page {} sur {pages}",
        list.total,
        if list.total > 1 { "s" } else { "" },
        state.tab.label(),
        list.page
    );
    view! {
        <nav aria-label="Onglets des formations">
            <ul class="tabs">{tabs}</ul>
        </nav>
        <p class="muted" role="status">{summary}</p>
        {if list.items.is_empty() {
            view! { <p class="empty">"Aucune formation dans cet onglet."</p> }.into_any()
        } else {
            view! { <TrainingTable items=list.items hidden=hidden /> }.into_any()
        }}
        <Pagination state=state pages=pages />
    }
}

#[component]
fn TrainingTable(items: Vec<TrainingSummary>, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <table class="table trainings-table">
            <caption class="visually-hidden">"Formations conventionnées"</caption>
            <thead>
                <tr>
                    <th scope="col">"Référence"</th>
                    {COLUMNS.into_iter().map(|(key, label)| view! { <th scope="col" hidden=hides(hidden, key)>{label}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|t| view! { <TrainingRow training=t hidden=hidden /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TrainingRow(training: TrainingSummary, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    let hide = move |key| hides(hidden, key);
    let href = format!("/formations/{}", training.reference);
    let name = format!("Modifier la formation {}", training.reference);
    let funding = training.funding;
    view! {
        <tr>
            <th scope="row" class="nowrap">
                {training.reference.clone()}
                <a class="icon-link" href=href aria-label=name.clone() title=name>{pencil()}</a>
            </th>
            <td hidden=hide("type")>{training.training_type}</td>
            <td hidden=hide("intitule")>
                {training.title}
                {training.alerts.into_iter().map(|a| view! { <p class="row-alert">{a}</p> }).collect_view()}
            </td>
            <td class="funding" hidden=hide("financement")>
                <strong>{funding.funder.name}</strong>
                <span>{format!("N° de marché : {}", funding.contract_number)}</span>
                <span>{format!("Dispositif : {}", funding.scheme)}</span>
                <span>{format!("Mesure : {}", funding.measure)}</span>
            </td>
        </tr>
    }
}

#[component]
fn Pagination(state: ListState, pages: u64) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let page = u64::from(state.page);
    let link = move |target: u64| state.with(|s| s.page = u32::try_from(target).unwrap_or(1)).href();
    let numbers = (1..=pages)
        .map(|n| {
            let current = (n == page).then_some("page");
            view! { <li><a href=link(n) aria-current=current aria-label=format!("Page {n}")>{n}</a></li> }
        })
        .collect_view();
    view! {
        <nav aria-label="Pagination" class="pagination">
            <ul>
                {(page > 1).then(|| view! { <li><a href=link(page - 1)>"Page précédente"</a></li> })}
                {numbers}
                {(page < pages).then(|| view! { <li><a href=link(page + 1)>"Page suivante"</a></li> })}
            </ul>
        </nav>
    }
    .into_any()
}
