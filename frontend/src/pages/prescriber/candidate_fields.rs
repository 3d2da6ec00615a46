//! The candidate part of an application (`CandidateInput`) as form fields with French labels; the API's
//! `candidate.<field>` errors show next to each field.

use domain::application::CandidateInput;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::input::{Control, Input};
use crate::format::parse_iso;
use crate::pages::applications::error_of;

/// The values of the candidate fields.
#[derive(Clone, Copy)]
pub struct CandidateFields {
    last_name: RwSignal<String>,
    first_name: RwSignal<String>,
    birth_date: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    postcode: RwSignal<String>,
    city: RwSignal<String>,
    france_travail_id: RwSignal<String>,
    education_level: RwSignal<String>,
    last_diploma: RwSignal<String>,
    employment_situation: RwSignal<String>,
    job_seeker_since: RwSignal<String>,
}

impl CandidateFields {
    /// Empty fields.
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            last_name: s(),
            first_name: s(),
            birth_date: s(),
            email: s(),
            phone: s(),
            postcode: s(),
            city: s(),
            france_travail_id: s(),
            education_level: s(),
            last_diploma: s(),
            employment_situation: s(),
            job_seeker_since: s(),
        }
    }

    /// The candidate to send.
    pub fn input(&self) -> CandidateInput {
        let id = self.france_travail_id.get_untracked();
        CandidateInput {
            last_name: self.last_name.get_untracked(),
            first_name: self.first_name.get_untracked(),
            birth_date: parse_iso(&self.birth_date.get_untracked()),
            email: self.email.get_untracked(),
            phone: self.phone.get_untracked(),
            postcode: self.postcode.get_untracked(),
            city: self.city.get_untracked(),
            france_travail_id: (!id.trim().is_empty()).then_some(id),
            education_level: self.education_level.get_untracked(),
            last_diploma: self.last_diploma.get_untracked(),
            employment_situation: self.employment_situation.get_untracked(),
            job_seeker_since: parse_iso(&self.job_seeker_since.get_untracked()),
        }
    }
}

/// The three groups of the guide: administrative data, education, employment situation.
#[component]
pub fn CandidateForm(fields: CandidateFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let field = move |name: &'static str, label: &'static str, value: RwSignal<String>, control: Control| {
        view! {
            <Input id=format!("candidat-{name}") label=label value=value control=control
                error=error_of(failure, format!("candidate.{name}"))
                on_edit=Callback::new(move |()| failure.set(None)) />
        }
    };
    view! {
        <fieldset class="form-group">
            <legend>"Données administratives"</legend>
            <div class="grid-2">
                {field("last_name", "Nom", fields.last_name, Control::Text)}
                {field("first_name", "Prénom", fields.first_name, Control::Text)}
                {field("birth_date", "Date de naissance", fields.birth_date, Control::Date)}
                {field("france_travail_id", "Identifiant France Travail (facultatif)", fields.france_travail_id, Control::Text)}
                {field("email", "E-mail", fields.email, Control::Email)}
                {field("phone", "Téléphone", fields.phone, Control::Tel)}
                {field("postcode", "Code postal", fields.postcode, Control::Text)}
                {field("city", "Commune", fields.city, Control::Text)}
            </div>
        </fieldset>
        <fieldset class="form-group">
            <legend>"Formation"</legend>
            <div class="grid-2">
                {field("education_level", "Niveau de formation", fields.education_level, Control::Text)}
                {field("last_diploma", "Dernier diplôme obtenu", fields.last_diploma, Control::Text)}
            </div>
        </fieldset>
        <fieldset class="form-group">
            <legend>"Situation au regard de l'emploi"</legend>
            <div class="grid-2">
                {field("employment_situation", "Situation", fields.employment_situation, Control::Text)}
                {field("job_seeker_since", "Inscrit à France Travail depuis le (facultatif)", fields.job_seeker_since, Control::Date)}
            </div>
        </fieldset>
    }
}
