//! "Organismes et lieu" of the session form (R-SES-7): the funder and the platform change the trainer, the
//! positioner and the commune; the organisation reads who to ask.

use contract::{OrganisationKind, Session};
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::input::Input;
use crate::components::org_select::OrgSelect;
use crate::pages::sessions::draft::SessionDraft;

const ASK_THE_FUNDER: &str = "Pour changer d'organisme formateur, d'organisme positionneur ou de lieu, adressez-vous \
     au financeur (France Travail ou l'OPCO).";

fn error_of(failure: RwSignal<Option<ApiFailure>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| f.field_message(field))))
}

/// The fieldset for the funder and the platform; the organisation's hint otherwise.
#[component]
pub fn PartiesFields(session: Session, draft: SessionDraft, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    if !session.may_change_parties {
        return view! { <p class="hint">{ASK_THE_FUNDER}</p> }.into_any();
    }
    let on_edit = Callback::new(move |()| failure.set(None));
    view! {
        <fieldset class="form-group">
            <legend>"Organismes et lieu"</legend>
            <div class="grid-2">
                <OrgSelect id="session-formateur".to_owned() label="Organisme formateur"
                    kind=OrganisationKind::TrainingOrganisation value=draft.trainer
                    error=error_of(failure, "trainer_organisation_id") />
                <OrgSelect id="session-positionneur".to_owned() label="Organisme positionneur (facultatif)"
                    kind=OrganisationKind::TrainingOrganisation value=draft.positioner
                    error=error_of(failure, "positioner_organisation_id") />
                <Input id="session-departement".to_owned() label="Département" value=draft.department
                    hint=Some("Code du département, par exemple 24".to_owned())
                    error=Signal::derive(move || error_of(failure, "department").get().or_else(|| error_of(failure, "commune").get()))
                    on_edit=on_edit />
                <Input id="session-commune".to_owned() label="Commune" value=draft.commune on_edit=on_edit />
            </div>
        </fieldset>
    }
    .into_any()
}
