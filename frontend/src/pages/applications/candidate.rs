//! The candidate's part of the application page (R-APP-4): administrative data, education, employment
//! situation, their other applications and the presentation.

use contract::{ApplicationBrief, CandidateView};
use leptos::prelude::*;

use super::state_badge;
use crate::format::date;

fn item(label: &'static str, value: String) -> impl IntoView {
    let value = if value.trim().is_empty() { "Non renseigné".to_owned() } else { value };
    view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
}

/// "Informations du candidat".
#[component]
pub fn CandidateData(candidate: CandidateView) -> impl IntoView {
    let c = candidate.data;
    let opt_date = |d: Option<chrono::NaiveDate>| d.map(date).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="titre-candidat">
            <h2 id="titre-candidat">"Informations du candidat"</h2>
            {candidate.anonymised.then(|| view! {
                <p class="alert alert-info">"Les données personnelles de ce candidat ont été anonymisées (durée de conservation écoulée)."</p>
            })}
            <h3>"Données administratives"</h3>
            <dl class="facts">
                {item("Nom", c.last_name)}
                {item("Prénom", c.first_name)}
                {item("Date de naissance", opt_date(c.birth_date))}
                {item("E-mail", c.email)}
                {item("Téléphone", c.phone)}
                {item("Code postal", c.postcode)}
                {item("Commune", c.city)}
                {item("Identifiant France Travail", c.france_travail_id.unwrap_or_default())}
            </dl>
            <h3>"Formation"</h3>
            <dl class="facts">
                {item("Niveau de formation", c.education_level)}
                {item("Dernier diplôme obtenu", c.last_diploma)}
            </dl>
            <h3>"Situation au regard de l'emploi"</h3>
            <dl class="facts">
                {item("Situation", c.employment_situation)}
                {item("Inscrit à France Travail depuis le", opt_date(c.job_seeker_since))}
            </dl>
        </section>
    }
}

/// A table of the candidate's other applications.
#[component]
pub fn BriefTable(
    id: &'static str,
    title: &'static str,
    empty: &'static str,
    items: Vec<ApplicationBrief>,
) -> impl IntoView {
    let body = if items.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <table class="table">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Référence"</th>
                        <th scope="col">"Formation"</th>
                        <th scope="col">"Session"</th>
                        <th scope="col">"Début de session"</th>
                        <th scope="col">"Date de candidature"</th>
                        <th scope="col">"Etat"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|b| view! {
                        <tr>
                            <th scope="row"><a href=format!("/candidatures/{}", b.reference)>{b.reference.clone()}</a></th>
                            <td>{b.training_title}</td>
                            <td>{b.session_reference}</td>
                            <td>{date(b.session_start)}</td>
                            <td>{date(b.received_on)}</td>
                            <td>{state_badge(b.state)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {body}
        </section>
    }
}
