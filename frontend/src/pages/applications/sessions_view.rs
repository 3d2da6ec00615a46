//! "Gestion par sessions" (R-LIST-2): the organisation's sessions with their place, dates, state and
//! "Inscrits"; the pencil opens the session's applications. No session list endpoint exists yet, so the
//! sessions come from the published trainings (`GET /api/trainings`, then each training) and are filtered here.

use contract::{SessionSummary, Training};
use domain::training::TrainingTab;
use leptos::prelude::*;

use crate::api::{ApiFailure, offer};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::{date, today};
use crate::pages::trainings::{pencil, sessions_table::state_class};
use crate::session::Session;

async fn sessions() -> Result<Vec<(Training, SessionSummary)>, ApiFailure> {
    let list = offer::trainings(TrainingTab::Published, String::new(), 1, 100).await?;
    let mut rows = Vec::new();
    for summary in list.items {
        let training = offer::training(summary.reference).await?;
        for session in training.sessions.clone() {
            rows.push((training.clone(), session));
        }
    }
    Ok(rows)
}

/// Tabs, filter and table.
#[component]
pub fn SessionsSection() -> impl IntoView {
    let user = Session::use_context();
    let finished = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let _ = user.org();
        sessions()
    });
    let shown = move |all: &[(Training, SessionSummary)], done: bool| -> Vec<(Training, SessionSummary)> {
        let filter = text.get().trim().to_lowercase();
        all.iter()
            .filter(|(_, s)| (s.end_date < today()) == done)
            .filter(|(t, s)| {
                filter.is_empty()
                    || [&s.reference, &t.title, &s.commune, &s.trainer_organisation.name]
                        .iter()
                        .any(|v| v.to_lowercase().contains(&filter))
            })
            .cloned()
            .collect()
    };
    let tab = move |value: bool, label: &'static str| {
        let count = move || {
            (finished.get() == value)
                .then(|| loaded.get().and_then(Result::ok).map(|all| format!(" [{}]", shown(&all, value).len())))
                .flatten()
                .unwrap_or_default()
        };
        view! {
            <li><a href="#" aria-current=move || (finished.get() == value).then_some("page")
                on:click=move |ev| { ev.prevent_default(); finished.set(value); }>
                {label} <span class="tab-count">{count}</span></a></li>
        }
    };
    view! {
        <nav aria-label="Période des sessions (gestion par sessions)"><ul class="tabs">
            {tab(false, "Sessions en cours et à venir")}
            {tab(true, "Sessions terminées")}
        </ul></nav>
        <div class="field field-inline">
            <label for="filtre-sessions-gestion">"Filtrer"</label>
            <input id="filtre-sessions-gestion" type="search" bind:value=text />
        </div>
        <Transition fallback=|| view! { <Loading label="Chargement des sessions…" /> }>
            {move || loaded.get().map(|result| match result {
                Ok(all) => view! { <Table rows=shown(&all, finished.get()) /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Table(rows: Vec<(Training, SessionSummary)>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"Aucune session."</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="visually-hidden">"Sessions"</caption>
            <thead><tr>
                <th scope="col">"Référence"</th>
                <th scope="col">"Session"</th>
                <th scope="col">"Responsable / Formateur"</th>
                <th scope="col">"Lieu"</th>
                <th scope="col">"Date"</th>
                <th scope="col">"Etat"</th>
                <th scope="col">"Inscrits"</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|(t, s)| {
                let label = format!("Candidatures de la session {}", s.reference);
                view! {
                    <tr>
                        <th scope="row" class="nowrap">{s.reference.clone()}
                            <a class="icon-link" href=format!("/sessions/{}/candidatures", s.reference) aria-label=label.clone() title=label>{pencil()}</a>
                        </th>
                        <td><strong>{t.title}</strong>
                            <span class="block muted">{format!("Financeur : {} · N° de marché : {}", t.funding.funder.name, t.funding.contract_number)}</span></td>
                        <td>{t.responsible_organisation.name}<span class="block muted">{s.trainer_organisation.name}</span></td>
                        <td>{s.commune}</td>
                        <td class="nowrap">{format!("du {} au {}", date(s.start_date), date(s.end_date))}</td>
                        <td><span class=format!("badge state-{}", state_class(s.state))>{s.state_label}</span></td>
                        <td>{s.occupancy}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}
