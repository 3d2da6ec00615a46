//! The fields of the training form in the guide's groups: contact, description (what the organisation
//! enriches, R-TRN-2) and identification and funding (locked for organisations).

use contract::{OrganisationKind, Training};
use domain::training::TrainingField;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::input::{Control, Input, LOCKED_HELP};
use crate::components::org_select::OrgSelect;
use crate::pages::trainings::certification::CertificationField;
use crate::pages::trainings::contacts::OtherContacts;
use crate::pages::trainings::draft::TrainingDraft;

/// Help texts of the guide.
fn hint(field: TrainingField) -> Option<&'static str> {
    match field {
        TrainingField::Highlights => {
            Some("Pour mettre en avant les points forts de votre formation ou de votre organisme.")
        }
        TrainingField::ContactEmail => Some("Exemple : contact@organisme.fr"),
        _ => None,
    }
}

fn control(field: TrainingField) -> Control {
    match field {
        TrainingField::ContactEmail => Control::Email,
        TrainingField::ContactPhone => Control::Tel,
        TrainingField::Highlights
        | TrainingField::Objective
        | TrainingField::Programme
        | TrainingField::AccessConditions
        | TrainingField::Prerequisites => Control::Area,
        _ => Control::Text,
    }
}

/// The API's message for a field (`field_locked` names `title`, a bad funder `funder_organisation_id`).
fn error_of(failure: RwSignal<Option<ApiFailure>>, field: TrainingField) -> Signal<Option<String>> {
    Signal::derive(move || {
        failure.with(|f| {
            let f = f.as_ref()?;
            let alias = match field {
                TrainingField::Funder => "funder_organisation_id",
                TrainingField::ResponsibleOrganisation => "responsible_organisation_id",
                _ => field.code(),
            };
            f.field_message(field.code()).or_else(|| f.field_message(alias))
        })
    })
}

/// All the groups of the form.
#[component]
pub fn TrainingFields(
    training: Training,
    draft: TrainingDraft,
    failure: RwSignal<Option<ApiFailure>>,
) -> impl IntoView {
    let editable = training.editable_fields.clone();
    let certification = draft.signal(TrainingField::Certification);
    let org_draft = draft.clone();
    let draft_others = draft.others.clone();
    let field = move |f: TrainingField| {
        let value = draft.signal(f);
        view! {
            <Input
                id=format!("formation-{}", f.code())
                label=f.label()
                value=value
                control=control(f)
                editable=editable.contains(&f)
                hint=hint(f).map(str::to_owned)
                error=error_of(failure, f)
            />
        }
    };
    let org = {
        let training = training.clone();
        move |f: TrainingField, kind: OrganisationKind| {
            let name = match f {
                TrainingField::Funder => training.funding.funder.name.clone(),
                _ => training.responsible_organisation.name.clone(),
            };
            if training.editable_fields.contains(&f) {
                view! { <OrgSelect id=format!("formation-{}", f.code()) label=f.label() kind=kind value=org_draft.signal(f) error=error_of(failure, f) /> }.into_any()
            } else {
                view! { <Input id=format!("formation-{}", f.code()) label=f.label() value=RwSignal::new(name) editable=false /> }.into_any()
            }
        }
    };
    let locked_note = (!training.editable_fields.contains(&TrainingField::Title)).then(
        || view! { <p class="hint">{format!("Ces informations sont saisies par la plateforme. {LOCKED_HELP}.")}</p> },
    );
    let contacts_editable = training.editable_fields.contains(&TrainingField::ContactName);
    view! {
        <fieldset class="form-group">
            <legend>"Coordonnées des personnes contact"</legend>
            <div class="grid-3">
                {field(TrainingField::ContactName)}
                {field(TrainingField::ContactPhone)}
                {field(TrainingField::ContactEmail)}
            </div>
            <OtherContacts slots=draft_others editable=contacts_editable failure=failure />
        </fieldset>
        <fieldset class="form-group">
            <legend>"Description de la formation"</legend>
            {field(TrainingField::Highlights)}
            {field(TrainingField::Objective)}
            {field(TrainingField::Programme)}
            <CertificationField training=training.clone() value=certification error=error_of(failure, TrainingField::Certification) />
            {field(TrainingField::AccessConditions)}
            {field(TrainingField::Prerequisites)}
        </fieldset>
        <fieldset class="form-group">
            <legend>"Identification et financement"</legend>
            {locked_note}
            {field(TrainingField::Title)}
            <div class="grid-2">
                {field(TrainingField::TrainingType)}
                {field(TrainingField::ContractNumber)}
            </div>
            {org(TrainingField::Funder, OrganisationKind::Funder)}
            <div class="grid-2">
                {field(TrainingField::Scheme)}
                {field(TrainingField::Measure)}
            </div>
            {org(TrainingField::ResponsibleOrganisation, OrganisationKind::TrainingOrganisation)}
        </fieldset>
    }
}
