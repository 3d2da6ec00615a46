//! The "Calendrier" and "Capacité" groups of the session form, with the guide's help texts.

use contract::Session;
use domain::text::SessionComment;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::input::{Control, Input};
use crate::pages::sessions::draft::SessionDraft;

/// R-SES-3: the 14 days count from the start as published, so the hint names the last date left.
fn start_hint(session: &Session) -> String {
    format!(
        "Modification possible uniquement si l'ouverture de la session est repoussée, de 14 jours au plus \
         depuis la date publiée ({}), soit au plus tard le {}. Au-delà, ou pour l'avancer, adressez-vous au \
         financeur.",
        domain::dates::french(session.published_start_date),
        domain::dates::french(session.latest_organisation_start)
    )
}
const START_HINT_FUNDER: &str = "Le financeur et la plateforme peuvent modifier toutes les dates.";
const DATE_WARNING: &str = "Attention : tout changement peut avoir une incidence sur le suivi des dossiers \
     de demandeurs d'emploi positionnés sur la session";
const COMMENT_HINT: &str = "Saisir un commentaire BREF lié aux dates (Ex. « Ouverture prochaine », \
     « recrutement ouvert »...), 600 caractères au plus.";
const REGISTRATION_HINT: &str = "Ce champ ouvre ou ferme votre session à la candidature. Cette date est liée \
     à la date limite d'entrée tardive : il peut vous être proposé de reporter celle-ci.";
const LATE_ENTRY_HINT: &str = "Particulièrement pour les actions qualifiantes, permet de connaître le \
     « rattrapage » potentiel de candidats sur liste complémentaire.";

/// The message refusing one of `fields` (the API says `start_date`, the domain `start`).
fn error_of(failure: RwSignal<Option<ApiFailure>>, fields: &'static [&'static str]) -> Signal<Option<String>> {
    Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| fields.iter().find_map(|n| f.field_message(n)))))
}

/// Dates, comment and deadlines.
#[component]
pub fn CalendarFields(
    session: Session,
    draft: SessionDraft,
    failure: RwSignal<Option<ApiFailure>>,
    on_edit: Callback<()>,
) -> impl IntoView {
    let all_dates = session.may_change_all_dates;
    let comment_error = Signal::derive(move || {
        let live = draft.comment.with(|c| SessionComment::parse(c.trim()).err().map(|e| e.to_string()));
        live.or_else(|| failure.with(|f| f.as_ref().and_then(|f| f.field_message("comment"))))
    });
    let counter =
        move || draft.comment.with(|c| format!("{} / {}", c.trim().chars().count(), SessionComment::MAX_CHARS));
    view! {
        <fieldset class="form-group">
            <legend>"Calendrier"</legend>
            <div class="grid-2">
                <Input
                    id="session-debut".to_owned()
                    label="Date de début"
                    value=draft.start
                    control=Control::Date
                    hint=if all_dates { START_HINT_FUNDER.to_owned() } else { start_hint(&session) }
                    error=error_of(failure, &["start_date", "start"])
                    on_edit=on_edit
                >
                    <p class="hint hint-warning">{DATE_WARNING}</p>
                </Input>
                <Input
                    id="session-fin".to_owned()
                    label="Date de fin"
                    value=draft.end
                    control=Control::Date
                    editable=all_dates
                    error=error_of(failure, &["end_date", "end"])
                    on_edit=on_edit
                />
            </div>
            <Input
                id="session-commentaire".to_owned()
                label="Commentaires sur la session"
                value=draft.comment
                control=Control::Area
                hint=COMMENT_HINT.to_owned()
                error=comment_error
                on_edit=on_edit
            >
                <p class="counter" aria-hidden="true">{counter}</p>
            </Input>
            <div class="grid-2">
                <Input
                    id="session-inscription".to_owned()
                    label="Date limite d'inscription"
                    value=draft.registration
                    control=Control::Date
                    hint=REGISTRATION_HINT.to_owned()
                    error=error_of(failure, &["registration_deadline"])
                    on_edit=on_edit
                />
                <Input
                    id="session-entree-tardive".to_owned()
                    label="Date limite d'entrée tardive"
                    value=draft.late_entry
                    control=Control::Date
                    hint=LATE_ENTRY_HINT.to_owned()
                    error=error_of(failure, &["late_entry_deadline"])
                    on_edit=on_edit
                />
            </div>
        </fieldset>
    }
}

/// Capacity, coefficient and the maximum of pre-registrations (R-QUOTA-1).
#[component]
pub fn SizeFields(draft: SessionDraft, failure: RwSignal<Option<ApiFailure>>, on_edit: Callback<()>) -> impl IntoView {
    let maximum = move || match draft.quota() {
        Some(n) => format!("On pourra préinscrire au maximum (coefficient × capacité d'accueil) : {n}"),
        None => "On pourra préinscrire au maximum : saisissez une capacité et un coefficient valides.".to_owned(),
    };
    view! {
        <fieldset class="form-group">
            <legend>"Capacité"</legend>
            <p class="hint">
                "Le nombre de candidatures est défini par la capacité d'accueil multipliée par le coefficient du nombre de candidatures possibles."
            </p>
            <div class="grid-2">
                <Input
                    id="session-capacite".to_owned()
                    label="Capacité d'accueil"
                    value=draft.capacity
                    control=Control::Number
                    error=error_of(failure, &["capacity"])
                    on_edit=on_edit
                />
                <Input
                    id="session-coefficient".to_owned()
                    label="Coefficient nombre candidatures possibles"
                    value=draft.coefficient
                    control=Control::Number
                    hint="Nombre entier de 1 à 10.".to_owned()
                    error=error_of(failure, &["coefficient"])
                    on_edit=on_edit
                />
            </div>
            <p class="computed" role="status">{maximum}</p>
        </fieldset>
    }
}
