//! "Historique des modifications" (R-SES-6): who changed what, when, before and after, in a collapsible
//! section loaded when opened.

use contract::HistoryEntry;
use leptos::prelude::*;

use crate::api::{ApiFailure, offer};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::{audit_value, date_time};

/// Which history to show.
#[derive(Clone, PartialEq, Eq)]
pub enum HistoryOf {
    Training(String),
    Session(String),
}

/// French label of an audited field (API names of trainings and sessions).
fn field_label(field: &str) -> String {
    let label = match field {
        "start_date" => "Date de début",
        "end_date" => "Date de fin",
        "registration_deadline" => "Date limite d'inscription",
        "late_entry_deadline" => "Date limite d'entrée tardive",
        "comment" => "Commentaires sur la session",
        "capacity" => "Capacité d'accueil",
        "coefficient" => "Coefficient nombre candidatures possibles",
        "cancelled" => "Annulée",
        "published_start_date" => "Date de début publiée",
        "trainer_organisation_id" => "Organisme formateur",
        "positioner_organisation_id" => "Organisme positionneur",
        "commune" => "Commune",
        "department" => "Département",
        "publication" => "Publication",
        "funder_organisation_id" => "Financeur",
        "responsible_organisation_id" => "Organisme responsable",
        other => {
            return domain::training::TrainingField::ALL
                .into_iter()
                .find(|f| f.code() == other)
                .map_or_else(|| other.to_owned(), |f| f.label().to_owned());
        }
    };
    label.to_owned()
}

fn action_label(action: &str) -> &str {
    match action {
        "created" => "Création",
        "updated" => "Modification",
        "certification_approved" => "Certification validée",
        "certification_rejected" => "Certification refusée",
        "cancelled" => "Annulation",
        other => other,
    }
}

/// The history in a `<details>`; bump `refresh` after a save to reload it.
#[component]
pub fn History(of: HistoryOf, refresh: RwSignal<u32>) -> impl IntoView {
    let opened = RwSignal::new(false);
    let entries = LocalResource::new(move || {
        let of = of.clone();
        let (opened, _) = (opened.get(), refresh.get());
        async move {
            if !opened {
                return Ok(Vec::new());
            }
            match of {
                HistoryOf::Training(reference) => offer::training_history(reference).await,
                HistoryOf::Session(reference) => offer::session_history(reference).await,
            }
        }
    });
    view! {
        <details class="card history" on:toggle=move |_| opened.set(true)>
            <summary>
                <h2>"Historique des modifications"</h2>
            </summary>
            <Transition fallback=|| view! { <Loading label="Chargement de l’historique…" /> }>
                {move || entries.get().map(render)}
            </Transition>
        </details>
    }
}

fn render(result: Result<Vec<HistoryEntry>, ApiFailure>) -> AnyView {
    match result {
        Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
        Ok(entries) if entries.is_empty() => {
            view! { <p class="muted">"Aucune modification enregistrée."</p> }.into_any()
        }
        Ok(entries) => view! {
            <table class="table">
                <caption class="visually-hidden">"Historique des modifications, la plus récente d’abord"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Auteur"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Modifications"</th>
                    </tr>
                </thead>
                <tbody>{entries.into_iter().map(row).collect_view()}</tbody>
            </table>
        }
        .into_any(),
    }
}

fn row(entry: HistoryEntry) -> impl IntoView {
    let author = match entry.organisation_name {
        Some(org) => format!("{} ({org})", entry.actor_name),
        None => entry.actor_name,
    };
    let changes = entry
        .changes
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <span class="change-field">{field_label(&c.field)}</span>
                    " : " {audit_value(&c.before)} " → " {audit_value(&c.after)}
                </li>
            }
        })
        .collect_view();
    view! {
        <tr>
            <td>{date_time(&entry.occurred_at)}</td>
            <td>{author}</td>
            <td>{action_label(&entry.action).to_owned()}</td>
            <td>
                <ul class="changes">{changes}</ul>
            </td>
        </tr>
    }
}
