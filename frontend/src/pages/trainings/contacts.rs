//! The contact persons after the first (R-TRN-CONTACT-1..3): up to four more rows of name, phone and e-mail,
//! a blank row being no contact; the API answers which row and value it refuses (`contacts[1].email`).

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::input::{Control, Input};
use crate::pages::trainings::draft::ContactSlot;

/// The rows, numbered from 2 (the first contact is the fields above them).
#[component]
pub fn OtherContacts(slots: Vec<ContactSlot>, editable: bool, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let rows = slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            let n = i + 2;
            let error = move |part: &'static str| {
                let field = format!("contacts[{}].{part}", i + 1);
                Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| f.field_message(&field))))
            };
            view! {
                <fieldset class="contact-row">
                    <legend>{format!("Personne contact {n}")}</legend>
                    <div class="grid-3">
                        <Input id=format!("contact-{n}-nom") label="Nom" value=slot.name editable=editable error=error("name") />
                        <Input id=format!("contact-{n}-telephone") label="Téléphone" value=slot.phone control=Control::Tel
                            editable=editable error=error("phone") />
                        <Input id=format!("contact-{n}-courriel") label="Courriel" value=slot.email control=Control::Email
                            editable=editable error=error("email") />
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <p class="hint">"Jusqu'à cinq personnes contact : laissez vides les lignes inutiles."</p>
        {rows}
    }
}
