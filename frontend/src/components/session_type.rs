//! "Type session" in the lists' filters (R-LIST-TYPE-1): the type of the session's training (e.g. SIMPLE),
//! checked by the domain as it is typed.

use domain::session::SessionType;
use leptos::prelude::*;

use crate::components::input::Input;

/// The type to filter on: none when the field is blank, an error message when it cannot be a type.
pub fn parsed(text: &str) -> Result<Option<SessionType>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    SessionType::parse(text).map(Some).map_err(|e| e.to_string())
}

/// The labelled field, with its error shown while the text cannot be a type.
#[component]
pub fn SessionTypeInput(id: String, value: RwSignal<String>) -> impl IntoView {
    let error = Signal::derive(move || value.with(|text| parsed(text).err()));
    view! {
        <Input id=id label="Type session" value=value hint=Some("Type de la formation, par exemple SIMPLE".to_owned())
            error=error />
    }
}
