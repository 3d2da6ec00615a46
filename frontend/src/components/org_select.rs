//! A labelled `<select>` of the organisations of one kind (`GET /api/organisations`), for the platform's forms.

use contract::OrganisationKind;
use leptos::prelude::*;

use crate::api;

/// Binds `value` to the id (as text) of the chosen organisation of `kind`.
#[component]
pub fn OrgSelect(
    id: String,
    #[prop(into)] label: String,
    kind: OrganisationKind,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::stored(None));
    let organisations = LocalResource::new(|| api::organisations(String::new()));
    let error_id = format!("{id}-erreur");
    let options = move || {
        organisations.get().map(|result| match result {
            Ok(list) => list
                .into_iter()
                .filter(|o| o.kind == kind)
                .map(|o| {
                    let value_text = o.id.to_string();
                    let selected = {
                        let value_text = value_text.clone();
                        move || value.with(|v| *v == value_text)
                    };
                    view! { <option value=value_text selected=selected>{format!("{} ({})", o.name, o.commune)}</option> }
                })
                .collect_view()
                .into_any(),
            Err(_) => view! { <option value="" disabled=true>"Liste indisponible"</option> }.into_any(),
        })
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <select
                id=id
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
            >
                <option value="">"Choisir…"</option>
                {options}
            </select>
        </div>
    }
}
