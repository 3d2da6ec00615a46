//! One labelled form control of the offer screens: text, e-mail, date (the French [`DateInput`]), number or a text area, with its help
//! text and error tied by `aria-describedby`. A locked control is disabled, says who may change it, and
//! repeats it in a tooltip.

use leptos::prelude::*;

use crate::components::date_input::DateInput;

/// Who may change a locked field (R-TRN-2, R-SES-3).
pub const LOCKED_HELP: &str = "Modifiable uniquement par le financeur (France Travail ou l'OPCO) ou la plateforme";

/// The kind of control.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Email,
    Tel,
    Date,
    Number,
    /// A multi-line text area.
    Area,
}

impl Control {
    fn input_type(self) -> &'static str {
        match self {
            Self::Text | Self::Area => "text",
            Self::Email => "email",
            Self::Tel => "tel",
            Self::Date => "text",
            Self::Number => "number",
        }
    }
}

/// A labelled control bound to `value`.
#[component]
pub fn Input(
    /// HTML id (unique in the page).
    id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(default = Control::Text)] control: Control,
    /// Editable by the current user; otherwise greyed with [`LOCKED_HELP`].
    #[prop(into, default = Signal::stored(true))]
    editable: Signal<bool>,
    #[prop(into, default = None)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    /// Called on every edit (to clear a stale error).
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
    /// Extra content under the control (a live counter, a computed value).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::stored(None));
    let (hint_id, lock_id, error_id) = (format!("{id}-aide"), format!("{id}-verrou"), format!("{id}-erreur"));
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, lock_id, error_id) = (hint_id.clone(), lock_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if !editable.get() {
                ids.push(lock_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |ev| {
        value.set(event_target_value(&ev));
        if let Some(callback) = on_edit {
            callback.run(());
        }
    };
    let tooltip = move || (!editable.get()).then_some(LOCKED_HELP);
    let invalid = move || error.with(Option::is_some).then_some("true");
    let field = if control == Control::Area {
        view! {
            <textarea
                id=id.clone()
                rows="4"
                prop:value=move || value.get()
                on:input=on_input
                disabled=move || !editable.get()
                title=tooltip
                aria-invalid=invalid
                aria-describedby=described_by.clone()
            ></textarea>
        }
        .into_any()
    } else if control == Control::Date {
        view! {
            <DateInput
                id=id.clone()
                value=value
                disabled=Signal::derive(move || !editable.get())
                described_by=Signal::derive(described_by)
                invalid=Signal::derive(move || error.with(Option::is_some))
                title=Signal::derive(tooltip)
                on_edit=Callback::new(move |()| {
                    if let Some(callback) = on_edit {
                        callback.run(());
                    }
                })
            />
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=control.input_type()
                prop:value=move || value.get()
                on:input=on_input
                disabled=move || !editable.get()
                title=tooltip
                aria-invalid=invalid
                aria-describedby=described_by
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-locked=move || !editable.get() class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <Show when=move || !editable.get()>
                <p class="hint locked-help" id=lock_id.clone()>
                    <svg class="icon-lock" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3H9z" />
                    </svg>
                    {LOCKED_HELP}
                </p>
            </Show>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            {field}
            {children.map(|c| c())}
        </div>
    }
}
