//! Form fields tied to the API's field errors: a refused field shows the server's (or the page's) French
//! message next to it, marked `aria-invalid` and described by it; editing the field clears its message.

use leptos::prelude::*;

use crate::api::ApiFailure;

/// The French message refusing `field`, if any.
pub fn field_error(failure: RwSignal<Option<ApiFailure>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| f.field_message(field))))
}

/// Once the user edits a refused field, its message goes; the summary goes with the last one.
pub fn forget_field_error(failure: RwSignal<Option<ApiFailure>>, field: &str) {
    if !failure.with_untracked(|f| f.as_ref().is_some_and(|f| f.field_message(field).is_some())) {
        return;
    }
    failure.update(|f| {
        if let Some(current) = f {
            current.problem.errors.retain(|e| e.field != field);
            if current.problem.errors.is_empty() {
                *f = None;
            }
        }
    });
}

/// A labelled input with an optional hint and error, both tied to it by `aria-describedby`.
#[component]
pub fn TextField(
    /// HTML id of the input (unique in the page).
    id: &'static str,
    /// API field name whose errors this input shows.
    field: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    failure: RwSignal<Option<ApiFailure>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(failure, field);
    let input_id = id;
    let hint_id = format!("{input_id}-aide");
    let error_id = format!("{input_id}-erreur");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=input_id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || {
                error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })
            }}
            <input
                id=input_id
                type=kind
                autocomplete=autocomplete
                required=true
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                bind:value=value
                on:input=move |_| forget_field_error(failure, field)
            />
        </div>
    }
}
