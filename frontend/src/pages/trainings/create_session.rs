//! One session of the platform's creation form, checked with the domain before sending (R-SES-1, R-SES-2).

use contract::{FieldError, NewSession, OrganisationKind};
use domain::RuleError;
use domain::quota::{Capacity, Coefficient};
use domain::session::{Commune, SessionCalendar};
use leptos::prelude::*;

use crate::components::input::{Control, Input};
use crate::components::org_select::OrgSelect;
use crate::format::parse_iso;

/// The values of one new session, as text.
#[derive(Clone, Copy)]
pub struct NewSessionDraft {
    pub key: u32,
    start: RwSignal<String>,
    end: RwSignal<String>,
    registration: RwSignal<String>,
    late_entry: RwSignal<String>,
    department: RwSignal<String>,
    commune: RwSignal<String>,
    trainer: RwSignal<String>,
    capacity: RwSignal<String>,
    coefficient: RwSignal<String>,
}

impl NewSessionDraft {
    /// An empty session, 12 places × 2 by default as in the guide.
    pub fn new(key: u32, trainer: String) -> Self {
        let text = |v: &str| RwSignal::new(v.to_owned());
        Self {
            key,
            start: text(""),
            end: text(""),
            registration: text(""),
            late_entry: text(""),
            department: text(""),
            commune: text(""),
            trainer: RwSignal::new(trainer),
            capacity: text("12"),
            coefficient: text("2"),
        }
    }

    /// The session to send, or the French messages of what is wrong.
    pub fn build(&self, index: usize) -> Result<NewSession, Vec<FieldError>> {
        let number = index + 1;
        let mut errors = Vec::new();
        let mut fail = |message: String| {
            errors.push(FieldError {
                field: format!("sessions[{index}]"),
                code: "invalid".to_owned(),
                message: format!("Session {number} : {message}"),
            });
        };
        let day = |s: RwSignal<String>| parse_iso(&s.get_untracked());
        let (start, end, registration, late) =
            (day(self.start), day(self.end), day(self.registration), day(self.late_entry));
        let calendar = match (start, end, registration, late) {
            (Some(s), Some(e), Some(r), Some(l)) => {
                SessionCalendar::new(s, e, r, l).map_err(|e| fail(e.message())).ok()
            }
            _ => {
                fail("saisissez les quatre dates.".to_owned());
                None
            }
        };
        let commune = Commune::parse(&self.department.get_untracked(), &self.commune.get_untracked())
            .map_err(|e| fail(e.to_string()))
            .ok();
        let int = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(0);
        let capacity = Capacity::parse(int(self.capacity)).map_err(|e| fail(e.to_string())).ok();
        let coefficient = Coefficient::parse(int(self.coefficient)).map_err(|e| fail(e.to_string())).ok();
        let trainer = self.trainer.get_untracked().parse::<i64>().ok();
        if trainer.is_none() {
            fail("choisissez l'organisme de formation.".to_owned());
        }
        match (calendar, commune, capacity, coefficient, trainer) {
            (Some(calendar), Some(commune), Some(capacity), Some(coefficient), Some(trainer)) if errors.is_empty() => {
                Ok(NewSession {
                    start_date: calendar.start(),
                    end_date: calendar.end(),
                    registration_deadline: calendar.registration_deadline(),
                    late_entry_deadline: calendar.late_entry_deadline(),
                    department: commune.department().to_owned(),
                    commune: commune.name().to_owned(),
                    trainer_organisation_id: trainer,
                    positioner_organisation_id: None,
                    capacity: i64::from(capacity.get()),
                    coefficient: i64::from(coefficient.get()),
                    comment: String::new(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The fields of one new session.
#[component]
pub fn NewSessionFields(draft: NewSessionDraft, number: usize, on_remove: Option<Callback<u32>>) -> impl IntoView {
    let id = move |name: &str| format!("nouvelle-session-{}-{name}", draft.key);
    view! {
        <fieldset class="form-group">
            <legend>{format!("Session {number}")}</legend>
            <div class="grid-2">
                <Input id=id("debut") label="Date de début" value=draft.start control=Control::Date />
                <Input id=id("fin") label="Date de fin" value=draft.end control=Control::Date />
                <Input id=id("inscription") label="Date limite d'inscription" value=draft.registration control=Control::Date />
                <Input id=id("entree-tardive") label="Date limite d'entrée tardive" value=draft.late_entry control=Control::Date />
                <Input id=id("departement") label="Département" value=draft.department hint="Code du département, par exemple 24.".to_owned() />
                <Input id=id("commune") label="Commune" value=draft.commune />
            </div>
            <OrgSelect id=id("formateur") label="Organisme de formation" kind=OrganisationKind::TrainingOrganisation value=draft.trainer />
            <div class="grid-2">
                <Input id=id("capacite") label="Capacité d'accueil" value=draft.capacity control=Control::Number />
                <Input id=id("coefficient") label="Coefficient nombre candidatures possibles" value=draft.coefficient control=Control::Number />
            </div>
            {on_remove.map(|remove| view! {
                <button type="button" class="button button-secondary" on:click=move |_| remove.run(draft.key)>
                    {format!("Retirer la session {number}")}
                </button>
            })}
        </fieldset>
    }
}
