//! The avis form's values as signals, and their conversion to the API's `DecisionDraftInput`; the
//! domain's own draft tells the step reached (R-AVIS-2, R-AVIS-3) so the form shows what comes next.

use domain::decision::{
    DecisionDraft, DecisionDraftInput, DecisionStep, Invite, InviteKind, InviteResult, MAX_INVITES, RefusalReason,
};
use leptos::prelude::*;

use crate::format::{iso, parse_iso};

/// One convocation: its date (`yyyy-mm-dd` as the date input gives it), its kind and its result.
#[derive(Clone, Copy)]
pub struct InviteFields {
    pub date: RwSignal<String>,
    pub kind: RwSignal<InviteKind>,
    pub result: RwSignal<Option<InviteResult>>,
}

impl InviteFields {
    fn new(invite: Option<&Invite>) -> Self {
        Self {
            date: RwSignal::new(invite.map(|i| iso(i.date)).unwrap_or_default()),
            kind: RwSignal::new(invite.map(|i| i.kind).unwrap_or_default()),
            result: RwSignal::new(invite.and_then(|i| i.result)),
        }
    }
}

/// Every value of the avis form.
#[derive(Clone, Copy)]
pub struct DecisionFields {
    /// Three slots made with the form (signals made in a click handler would die with the button's owner).
    slots: StoredValue<Vec<InviteFields>>,
    /// How many convocations are shown.
    shown: RwSignal<usize>,
    pub recruited: RwSignal<Option<bool>>,
    pub entry: RwSignal<String>,
    pub exit: RwSignal<String>,
    pub hours: RwSignal<String>,
    pub reason: RwSignal<Option<RefusalReason>>,
    pub detail: RwSignal<String>,
    pub comment: RwSignal<String>,
}

/// Hours as a French reader types them ("17,5").
pub fn hours_text(hours: f64) -> String {
    if hours.fract() == 0.0 { format!("{hours:.0}") } else { format!("{hours}").replace('.', ",") }
}

fn parse_hours(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>().map(Some).map_err(|_| ())
}

fn blank_to_none(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

impl DecisionFields {
    /// The form filled with a saved draft; "Convocation 1" is always shown.
    pub fn new(draft: &DecisionDraftInput) -> Self {
        let slots = (0..MAX_INVITES).map(|i| InviteFields::new(draft.invites.get(i))).collect();
        Self {
            slots: StoredValue::new(slots),
            shown: RwSignal::new(draft.invites.len().clamp(1, MAX_INVITES)),
            recruited: RwSignal::new(draft.recruited),
            entry: RwSignal::new(draft.entry_date.map(iso).unwrap_or_default()),
            exit: RwSignal::new(draft.exit_date.map(iso).unwrap_or_default()),
            hours: RwSignal::new(draft.weekly_hours.map(hours_text).unwrap_or_default()),
            reason: RwSignal::new(draft.refusal_reason),
            detail: RwSignal::new(draft.refusal_detail.clone().unwrap_or_default()),
            comment: RwSignal::new(draft.comment.clone().unwrap_or_default()),
        }
    }

    /// The draft to send, or the fields the page can already refuse (a date not understood).
    /// Reads the signals with tracking, so it can back a memo.
    pub fn input(&self) -> Result<DecisionDraftInput, Vec<domain::FieldError>> {
        let mut errors = Vec::new();
        let mut invites = Vec::new();
        let count = self.shown.get();
        for (i, fields) in self.invites().into_iter().enumerate() {
            let (date, kind, result) = (fields.date.get(), fields.kind.get(), fields.result.get());
            match parse_iso(&date) {
                Some(day) => invites.push(Invite { date: day, kind, result }),
                // An empty last convocation is not planned yet: it is simply not sent.
                None if date.trim().is_empty() && result.is_none() && i + 1 == count => {}
                None => errors.push(domain::FieldError {
                    field: format!("invites[{i}].date"),
                    code: "invite_date_required",
                    message: "Indiquez la date de la convocation.".to_owned(),
                }),
            }
        }
        let recruited = self.recruited.get();
        let yes = recruited == Some(true);
        let no = recruited == Some(false);
        let hours = if yes { parse_hours(&self.hours.get()) } else { Ok(None) };
        let weekly_hours = hours.unwrap_or_else(|()| {
            errors.push(domain::FieldError {
                field: "weekly_hours".to_owned(),
                code: "invalid_weekly_hours",
                message: "L'intensité hebdomadaire est un nombre d'heures, par exemple 20 ou 17,5.".to_owned(),
            });
            None
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DecisionDraftInput {
            invites,
            recruited,
            entry_date: if yes { parse_iso(&self.entry.get()) } else { None },
            exit_date: if yes { parse_iso(&self.exit.get()) } else { None },
            weekly_hours,
            refusal_reason: if no { self.reason.get() } else { None },
            refusal_detail: if no { blank_to_none(self.detail.get()) } else { None },
            comment: blank_to_none(self.comment.get()),
        })
    }

    /// The step the domain sees in the current values, when they form a valid draft.
    pub fn step(&self) -> Option<DecisionStep> {
        let input = self.input().ok()?;
        DecisionDraft::try_from(input).ok().map(|draft| draft.step())
    }

    /// The convocations shown, tracked.
    pub fn invites(&self) -> Vec<InviteFields> {
        let shown = self.shown.get();
        self.slots.with_value(|slots| slots.iter().take(shown).copied().collect())
    }

    /// How many convocations are shown, not tracked.
    pub fn invites_untracked(&self) -> usize {
        self.shown.get_untracked()
    }

    /// "Ajouter une convocation" is offered only after an excused absence, up to three (R-AVIS-2).
    pub fn may_add_invite(&self) -> bool {
        let invites = self.invites();
        invites.len() < MAX_INVITES
            && invites.last().is_some_and(|last| last.result.get() == Some(InviteResult::ExcusedAbsence))
    }

    /// Shows the next convocation.
    pub fn add_invite(&self) {
        self.shown.update(|n| *n = (*n + 1).min(MAX_INVITES));
    }
}
