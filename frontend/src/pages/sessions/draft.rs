//! The session form's values and the checks the page makes with the domain crate before sending, so the
//! page and the API refuse the same things with the same French message (R-SES-2..5, R-QUOTA-1).

use chrono::NaiveDate;
use contract::{FieldError, Session, SessionPatch};
use domain::access::Actor;
use domain::quota::{Capacity, Coefficient, Quota};
use domain::session::{CalendarChange, SessionCalendar, change_calendar};
use domain::text::SessionComment;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::format::{iso, parse_iso};

/// One signal per field of the form, as text.
#[derive(Clone, Copy)]
pub struct SessionDraft {
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
    pub registration: RwSignal<String>,
    pub late_entry: RwSignal<String>,
    pub comment: RwSignal<String>,
    pub capacity: RwSignal<String>,
    pub coefficient: RwSignal<String>,
    /// R-SES-7 (funder and platform): the trainer's and the positioner's ids as text (empty: no positioner).
    pub trainer: RwSignal<String>,
    pub positioner: RwSignal<String>,
    pub department: RwSignal<String>,
    pub commune: RwSignal<String>,
}

impl SessionDraft {
    /// A draft holding the session's values.
    pub fn new(session: &Session) -> Self {
        let draft = Self {
            start: RwSignal::new(String::new()),
            end: RwSignal::new(String::new()),
            registration: RwSignal::new(String::new()),
            late_entry: RwSignal::new(String::new()),
            comment: RwSignal::new(String::new()),
            capacity: RwSignal::new(String::new()),
            coefficient: RwSignal::new(String::new()),
            trainer: RwSignal::new(String::new()),
            positioner: RwSignal::new(String::new()),
            department: RwSignal::new(String::new()),
            commune: RwSignal::new(String::new()),
        };
        draft.reset(session);
        draft
    }

    /// Puts the session's values back.
    pub fn reset(&self, session: &Session) {
        self.start.set(iso(session.start_date));
        self.end.set(iso(session.end_date));
        self.registration.set(iso(session.registration_deadline));
        self.late_entry.set(iso(session.late_entry_deadline));
        self.comment.set(session.comment.clone());
        self.capacity.set(session.capacity.to_string());
        self.coefficient.set(session.coefficient.to_string());
        self.trainer.set(session.trainer_organisation.id.to_string());
        self.positioner.set(session.positioner_organisation.as_ref().map(|o| o.id.to_string()).unwrap_or_default());
        self.department.set(session.department.clone());
        self.commune.set(session.commune.clone());
    }

    /// R-SES-7: the trainer, positioner and place that changed, for the funder and the platform only (the
    /// organisation's form does not show them).
    fn parties(&self, session: &Session, patch: &mut SessionPatch) {
        if !session.may_change_parties {
            return;
        }
        let trainer = self.trainer.get_untracked().trim().parse::<i64>().ok();
        patch.trainer_organisation_id = trainer.filter(|t| *t != session.trainer_organisation.id);
        let positioner = self.positioner.get_untracked().trim().parse::<i64>().ok();
        if positioner != session.positioner_organisation.as_ref().map(|o| o.id) {
            patch.positioner_organisation_id = Some(positioner);
        }
        let (department, commune) = (self.department.get_untracked(), self.commune.get_untracked());
        if department.trim() != session.department || commune.trim() != session.commune {
            patch.department = Some(department.trim().to_owned());
            patch.commune = Some(commune.trim().to_owned());
        }
    }

    /// "On pourra préinscrire au maximum : N" while capacity and coefficient are valid (R-QUOTA-1).
    pub fn quota(&self) -> Option<u32> {
        let capacity = Capacity::parse(self.capacity.get().trim().parse().ok()?).ok()?;
        let coefficient = Coefficient::parse(self.coefficient.get().trim().parse().ok()?).ok()?;
        Some(Quota::new(capacity, coefficient).get())
    }

    /// The changed fields, checked with the domain; the refusal the API would give otherwise.
    pub fn patch(
        &self,
        session: &Session,
        actor: Option<&Actor>,
        today: NaiveDate,
    ) -> Result<SessionPatch, ApiFailure> {
        let mut errors = Vec::new();
        let mut date = |signal: RwSignal<String>, field: &str, label: &str, current: NaiveDate| match parse_iso(
            &signal.get_untracked(),
        ) {
            Some(day) => (day != current).then_some(day),
            None => {
                errors.push(field_error(field, "invalid_date", format!("« {label} » : saisissez une date valide.")));
                None
            }
        };
        let mut patch = SessionPatch {
            start_date: date(self.start, "start_date", "Date de début", session.start_date),
            end_date: date(self.end, "end_date", "Date de fin", session.end_date),
            registration_deadline: date(
                self.registration,
                "registration_deadline",
                "Date limite d'inscription",
                session.registration_deadline,
            ),
            late_entry_deadline: date(
                self.late_entry,
                "late_entry_deadline",
                "Date limite d'entrée tardive",
                session.late_entry_deadline,
            ),
            ..SessionPatch::default()
        };
        let comment = self.comment.get_untracked().trim().to_owned();
        if comment != session.comment {
            match SessionComment::parse(comment.clone()) {
                Ok(_) => patch.comment = Some(comment),
                Err(e) => errors.push(field_error("comment", "too_long", e.to_string())),
            }
        }
        let mut number = |signal: RwSignal<String>,
                          field: &str,
                          label: &str,
                          current: u32,
                          check: fn(i64) -> Result<u32, String>| {
            let parsed = match signal.get_untracked().trim().parse::<i64>() {
                Ok(value) => check(value),
                Err(_) => Err(format!("« {label} » : saisissez un nombre entier.")),
            };
            match parsed {
                Ok(value) if value == current => None,
                Ok(value) => Some(i64::from(value)),
                Err(message) => {
                    errors.push(field_error(field, "invalid_value", message));
                    None
                }
            }
        };
        patch.capacity = number(self.capacity, "capacity", "Capacité d'accueil", session.capacity, |v| {
            Capacity::parse(v).map(Capacity::get).map_err(|e| e.to_string())
        });
        patch.coefficient = number(
            self.coefficient,
            "coefficient",
            "Coefficient nombre candidatures possibles",
            session.coefficient,
            |v| Coefficient::parse(v).map(Coefficient::get).map_err(|e| e.to_string()),
        );
        self.parties(session, &mut patch);
        if !errors.is_empty() {
            return Err(ApiFailure::invalid_form(errors));
        }
        if let Some(actor) = actor {
            check_calendar(session, &patch, actor, today)?;
        }
        Ok(patch)
    }
}

fn field_error(field: &str, code: &str, message: String) -> FieldError {
    FieldError { field: field.to_owned(), code: code.to_owned(), message }
}

/// Whether the patch changes nothing.
pub fn is_empty(patch: &SessionPatch) -> bool {
    *patch == SessionPatch::default()
}

/// R-SES-2..4 as the API applies them, with the details the page needs to offer a fix (the domain's `extra`).
fn check_calendar(session: &Session, patch: &SessionPatch, actor: &Actor, today: NaiveDate) -> Result<(), ApiFailure> {
    let change = CalendarChange {
        start: patch.start_date,
        end: patch.end_date,
        registration_deadline: patch.registration_deadline,
        late_entry_deadline: patch.late_entry_deadline,
    };
    if change == CalendarChange::default() {
        return Ok(());
    }
    let Ok(current) = SessionCalendar::new(
        session.start_date,
        session.end_date,
        session.registration_deadline,
        session.late_entry_deadline,
    ) else {
        // A stored calendar the domain refuses: let the API answer.
        return Ok(());
    };
    change_calendar(&current, session.published_start_date, &change, actor, today)
        .map(|_| ())
        .map_err(|error| ApiFailure::rule(&error, 422))
}
