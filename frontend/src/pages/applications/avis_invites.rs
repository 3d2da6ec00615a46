//! Convocations 1 to 3: a date and the three results in a fieldset with its legend; a result waits for
//! its date (R-AVIS-1) and a new convocation follows an excused absence only (R-AVIS-2).

use domain::decision::{InviteKind, InviteResult};
use leptos::prelude::*;

use super::avis_fields::{DecisionFields, InviteFields};
use super::error_of;
use crate::api::ApiFailure;
use crate::components::input::{Control, Input};
use crate::format::{date, parse_iso, today};

const RESULTS: [InviteResult; 3] =
    [InviteResult::Present, InviteResult::ExcusedAbsence, InviteResult::UnexcusedAbsence];

/// Every convocation and the "Ajouter une convocation" button.
#[component]
pub fn Invites(fields: DecisionFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let general = error_of(failure, "invites".to_owned());
    view! {
        <div class="invites">
            <p class="hint">"Date RDV prévu (information collective et/ou entretien) et résultat"</p>
            {move || general.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <For
                each=move || fields.invites().into_iter().enumerate()
                key=|(i, _)| *i
                children=move |(i, invite)| view! { <InviteFieldset index=i invite=invite failure=failure /> }
            />
            <Show when=move || fields.may_add_invite()>
                <button type="button" class="button button-secondary" on:click=move |_| add(fields)>
                    "Ajouter une convocation"
                </button>
                <p class="hint">"Le candidat absent qui vous a prévenu peut être convoqué jusqu’à trois fois."</p>
            </Show>
        </div>
    }
}

/// Shows the next convocation and moves the focus to its date (the button disappears).
fn add(fields: DecisionFields) {
    fields.add_invite();
    let id = format!("convocation-{}-date", fields.invites_untracked());
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// "Convocation n": the date and its result.
#[component]
fn InviteFieldset(index: usize, invite: InviteFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let n = index + 1;
    let future = Memo::new(move |_| invite.date.with(|d| parse_iso(d).is_some_and(|day| day > today())));
    // A result chosen for a date moved into the future no longer applies.
    Effect::new(move |_| {
        if future.get() {
            invite.result.set(None);
        }
    });
    let result_error = error_of(failure, format!("invites[{index}].result"));
    let date_error = error_of(failure, format!("invites[{index}].date"));
    let group = format!("convocation-{n}-resultat");
    let radios = RESULTS
        .into_iter()
        .map(|result| {
            let id = format!("{group}-{}", result_slug(result));
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=id.clone()
                        name=group.clone()
                        prop:checked=move || invite.result.get() == Some(result)
                        disabled=move || future.get()
                        on:change=move |_| {
                            invite.result.set(Some(result));
                            failure.set(None);
                        }
                    />
                    <label for=id>{result.label()}</label>
                </div>
            }
        })
        .collect_view();
    let waiting = move || {
        future.get().then(|| {
            let day = invite.date.with(|d| parse_iso(d).map(date).unwrap_or_default());
            view! { <p class="hint">{format!("Le résultat pourra être indiqué à partir du {day}.")}</p> }
        })
    };
    view! {
        <fieldset class="invite">
            <legend>{format!("Convocation {n}")}</legend>
            <div class="invite-row">
                <KindSelect n=n kind=invite.kind on_edit=Callback::new(move |()| failure.set(None)) />
                <Input
                    id=format!("convocation-{n}-date")
                    label="Date du rendez-vous"
                    value=invite.date
                    control=Control::Date
                    error=date_error
                    on_edit=Callback::new(move |()| failure.set(None))
                />
                <fieldset class="radios" class:field-invalid=move || result_error.with(Option::is_some)>
                    <legend>{format!("Résultat de la convocation {n}")}</legend>
                    {move || result_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    <div class="radio-row">{radios}</div>
                    {waiting}
                </fieldset>
            </div>
        </fieldset>
    }
}

/// "Type de rendez-vous": information collective or entretien (R-INV-KIND-1).
#[component]
fn KindSelect(n: usize, kind: RwSignal<InviteKind>, on_edit: Callback<()>) -> impl IntoView {
    let id = format!("convocation-{n}-type");
    let options = InviteKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=move || kind.get() == k>{k.label()}</option> })
        .collect_view();
    let on_change = move |event| {
        let code = event_target_value(&event);
        if let Some(chosen) = InviteKind::ALL.into_iter().find(|k| k.code() == code) {
            kind.set(chosen);
            on_edit.run(());
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>"Type de rendez-vous"</label>
            <select id=id on:change=on_change prop:value=move || kind.get().code()>{options}</select>
        </div>
    }
}

fn result_slug(result: InviteResult) -> &'static str {
    match result {
        InviteResult::Present => "presence",
        InviteResult::ExcusedAbsence => "absence-justifiee",
        InviteResult::UnexcusedAbsence => "absence-non-justifiee",
    }
}
