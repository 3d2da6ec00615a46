//! "Recrutement accepté ?" Oui / Non, with what each answer needs (R-AVIS-4): entry and exit dates and
//! the weekly intensity (with the guide's help and a small calculator), or a reason and its explanation.

use domain::decision::RefusalReason;
use domain::weekly_hours::WeeklyHours;
use leptos::prelude::*;

use super::avis_fields::{DecisionFields, hours_text};
use super::error_of;
use crate::api::ApiFailure;
use crate::components::input::{Control, Input};

const INTENSITY_HELP: &str = "Nombre d'heures de formation rapportées à une semaine complète (5 jours ouvrés). \
Exemple : 4 séances de 2 heures sur 2 jours font 8 heures, divisées par 2 jours et multipliées par 5 jours ouvrés : 20 heures.";

/// The Oui / Non radios and the fields of the chosen answer.
#[component]
pub fn Recruitment(fields: DecisionFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let error = error_of(failure, "recruited".to_owned());
    let radio = move |value: bool, label: &'static str, id: &'static str| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="recrutement"
                    prop:checked=move || fields.recruited.get() == Some(value)
                    on:change=move |_| {
                        fields.recruited.set(Some(value));
                        failure.set(None);
                    }
                />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="radios recruitment" class:field-invalid=move || error.with(Option::is_some)>
            <legend>"Recrutement accepté ?"</legend>
            {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="radio-row">{radio(true, "Oui", "recrutement-oui")} {radio(false, "Non", "recrutement-non")}</div>
        </fieldset>
        <Show when=move || fields.recruited.get() == Some(true)>
            <Accepted fields=fields failure=failure />
        </Show>
        <Show when=move || fields.recruited.get() == Some(false)>
            <Refused fields=fields failure=failure />
        </Show>
    }
}

#[component]
fn Accepted(fields: DecisionFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let clear = Callback::new(move |()| failure.set(None));
    view! {
        <div class="grid-3">
            <Input id="date-entree".to_owned() label="Date d'entrée en formation" value=fields.entry control=Control::Date
                hint=Some("Date prévisionnelle d'entrée en formation du stagiaire".to_owned())
                error=error_of(failure, "entry_date".to_owned()) on_edit=clear />
            <Input id="date-sortie".to_owned() label="Date de sortie de formation" value=fields.exit control=Control::Date
                hint=Some("Date prévisionnelle de sortie de formation du stagiaire".to_owned())
                error=error_of(failure, "exit_date".to_owned()) on_edit=clear />
            <Input id="intensite".to_owned() label="Intensité hebdomadaire (heures)" value=fields.hours
                hint=Some(INTENSITY_HELP.to_owned())
                error=error_of(failure, "weekly_hours".to_owned()) on_edit=clear />
        </div>
        <Calculator hours=fields.hours />
    }
}

/// Séances × durée sur un nombre de jours → heures par semaine, with the domain's own rule.
#[component]
fn Calculator(hours: RwSignal<String>) -> impl IntoView {
    let (sessions, length, days) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let number = |s: RwSignal<String>| s.with(|t| t.trim().replace(',', ".").parse::<f64>().ok());
    let result = Memo::new(move |_| {
        let (Some(n), Some(h), Some(d)) = (number(sessions), number(length), number(days)) else {
            return None;
        };
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to u32 range")]
        let (n, minutes, d) =
            (n.clamp(0.0, 1e6) as u32, (h * 60.0).round().clamp(0.0, 1e6) as u32, d.clamp(0.0, 1e6) as u32);
        Some(WeeklyHours::from_schedule(n, minutes, d).map_err(|e| e.to_string()))
    });
    let shown = move || match result.get() {
        None => "Renseignez les trois valeurs.".to_owned(),
        Some(Ok(h)) => format!("Intensité hebdomadaire : {h}"),
        Some(Err(e)) => e,
    };
    let apply = move |_| {
        if let Some(Ok(h)) = result.get_untracked() {
            hours.set(hours_text(h.hours()));
        }
    };
    view! {
        <details class="calculator">
            <summary>"Calculer l'intensité hebdomadaire"</summary>
            <div class="grid-3">
                <Input id="calcul-seances".to_owned() label="Nombre de séances" value=sessions control=Control::Number />
                <Input id="calcul-duree".to_owned() label="Durée d'une séance (heures)" value=length />
                <Input id="calcul-jours".to_owned() label="Sur un nombre de jours" value=days control=Control::Number />
            </div>
            <p class="computed" role="status">{shown}</p>
            <button type="button" class="button button-secondary" on:click=apply>"Reporter cette intensité"</button>
        </details>
    }
}

#[component]
fn Refused(fields: DecisionFields, failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let reason_error = error_of(failure, "refusal_reason".to_owned());
    let on_change = move |ev| {
        let code = event_target_value(&ev);
        fields.reason.set(RefusalReason::ALL.into_iter().find(|r| reason_code(*r) == code));
        failure.set(None);
    };
    view! {
        <div class="field" class:field-invalid=move || reason_error.with(Option::is_some)>
            <label for="motif-refus">"Motif du refus"</label>
            {move || reason_error.get().map(|e| view! { <p class="field-error" id="motif-refus-erreur">{e}</p> })}
            <select id="motif-refus" on:change=on_change aria-invalid=move || reason_error.with(Option::is_some).then_some("true")>
                <option value="" selected=move || fields.reason.get().is_none()>"Choisissez un motif"</option>
                {RefusalReason::ALL
                    .into_iter()
                    .map(|r| view! {
                        <option value=reason_code(r) selected=move || fields.reason.get() == Some(r)>{r.label()}</option>
                    })
                    .collect_view()}
            </select>
        </div>
        <Input id="precisions-refus".to_owned() label="Précisions sur le refus" value=fields.detail control=Control::Area
            error=error_of(failure, "refusal_detail".to_owned()) on_edit=Callback::new(move |()| failure.set(None)) />
    }
}

/// The API code of a reason (`candidate_withdrew`…), as serde writes it.
pub fn reason_code(reason: RefusalReason) -> String {
    serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
