//! The decision draft (R-AVIS-1, R-AVIS-2, R-AVIS-5, R-AVIS-6): what the organisation saves before
//! validating, and the step of the workflow it has reached.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::field_error;
use super::invite::{Invite, InviteResult, MAX_INVITES};
use super::refusal::RefusalReason;
use crate::dates::french;
use crate::error::FieldError;
use crate::text::{DecisionComment, RefusalDetail};
use crate::weekly_hours::WeeklyHours;

/// The draft as received from the API (`PUT /api/applications/{reference}/decision`), unchecked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DecisionDraftInput {
    /// Up to three invites.
    pub invites: Vec<Invite>,
    /// "Recrutement accepté ?" Oui / Non.
    pub recruited: Option<bool>,
    /// Planned entry date.
    pub entry_date: Option<NaiveDate>,
    /// Planned exit date.
    pub exit_date: Option<NaiveDate>,
    /// Weekly intensity in hours.
    pub weekly_hours: Option<f64>,
    /// Reason of a "Non".
    pub refusal_reason: Option<RefusalReason>,
    /// Explanation of a "Non".
    pub refusal_detail: Option<String>,
    /// Comment for the prescriber.
    pub comment: Option<String>,
}

/// A draft that satisfies the draft rules: ≤ 3 invites, each new invite after an excused absence,
/// dates in order, no result for a future date, bounded texts, weekly hours in range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DecisionDraftInput", into = "DecisionDraftInput")]
pub struct DecisionDraft {
    invites: Vec<Invite>,
    recruited: Option<bool>,
    entry_date: Option<NaiveDate>,
    exit_date: Option<NaiveDate>,
    weekly_hours: Option<WeeklyHours>,
    refusal_reason: Option<RefusalReason>,
    refusal_detail: Option<RefusalDetail>,
    comment: Option<DecisionComment>,
}

/// Why an application becomes *Non retenue* without a "Non" (R-AVIS-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutomaticNotRetained {
    /// *Absence non justifiée* at the last invite.
    UnexcusedAbsence,
    /// *Absence justifiée* at the third invite.
    ExcusedAbsenceAtLastInvite,
}

impl AutomaticNotRetained {
    /// The stored and serialised code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::UnexcusedAbsence => "unexcused_absence",
            Self::ExcusedAbsenceAtLastInvite => "excused_absence_at_last_invite",
        }
    }
}

/// Where a draft stands: the explicit state machine of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DecisionStep {
    /// No invite yet: plan one (or answer "Non").
    AwaitingInvite,
    /// The last invite has no result yet.
    AwaitingResult {
        /// Index of the invite (0-based).
        invite: usize,
    },
    /// Excused absence before the third invite: a new invite, or "Non".
    AwaitingNewInvite,
    /// The candidate came: "Recrutement accepté ?" must be answered and completed.
    AwaitingRecruitment,
    /// Validation will give *Non retenue* whatever else is filled.
    AutomaticallyNotRetained(AutomaticNotRetained),
}

/// Builds the structural draft errors, independent of today.
fn structural_errors(input: &DecisionDraftInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if input.invites.len() > MAX_INVITES {
        errors.push(field_error("invites", "too_many_invites", "Un candidat peut être convoqué au plus trois fois."));
    }
    for (i, pair) in input.invites.windows(2).enumerate() {
        let (previous, next) = (pair[0], pair[1]);
        if previous.result != Some(InviteResult::ExcusedAbsence) {
            errors.push(field_error(
                format!("invites[{}]", i + 1),
                "invite_not_allowed",
                "Une nouvelle convocation n'est possible qu'après une absence justifiée à la précédente.",
            ));
        }
        if next.date <= previous.date {
            errors.push(field_error(
                format!("invites[{}].date", i + 1),
                "invite_date_order",
                "Chaque convocation doit être postérieure à la précédente.",
            ));
        }
    }
    if let Some(hours) = input.weekly_hours
        && let Err(e) = WeeklyHours::from_hours(hours)
    {
        errors.push(FieldError::from_rule("weekly_hours", &e));
    }
    if let Some(Err(e)) = input.comment.as_deref().map(DecisionComment::parse) {
        errors.push(FieldError::from_rule("comment", &e));
    }
    if let Some(Err(e)) = input.refusal_detail.as_deref().map(RefusalDetail::parse) {
        errors.push(FieldError::from_rule("refusal_detail", &e));
    }
    errors
}

/// Results on future dates are refused (R-AVIS-1).
pub(crate) fn future_result_errors(invites: &[Invite], today: NaiveDate) -> Vec<FieldError> {
    invites
        .iter()
        .enumerate()
        .filter(|(_, invite)| invite.result.is_some() && invite.date > today)
        .map(|(i, invite)| {
            field_error(
                format!("invites[{i}].result"),
                "result_in_future",
                format!(
                    "Le résultat de la convocation du {} ne peut être indiqué qu'à partir de cette date.",
                    french(invite.date)
                ),
            )
        })
        .collect()
}

/// Blank texts count as absent: the form sends "" for an empty field.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

impl DecisionDraft {
    /// Checks every draft rule, `today` included, and lists every failing field.
    pub fn parse(input: DecisionDraftInput, today: NaiveDate) -> Result<Self, DraftErrors> {
        let mut errors = structural_errors(&input);
        errors.extend(future_result_errors(&input.invites, today));
        if !errors.is_empty() {
            return Err(DraftErrors(errors));
        }
        Self::try_from(input)
    }

    /// The invites, in order.
    #[must_use]
    pub fn invites(&self) -> &[Invite] {
        &self.invites
    }
    /// "Recrutement accepté ?".
    #[must_use]
    pub fn recruited(&self) -> Option<bool> {
        self.recruited
    }
    /// Planned entry date.
    #[must_use]
    pub fn entry_date(&self) -> Option<NaiveDate> {
        self.entry_date
    }
    /// Planned exit date.
    #[must_use]
    pub fn exit_date(&self) -> Option<NaiveDate> {
        self.exit_date
    }
    /// Weekly intensity.
    #[must_use]
    pub fn weekly_hours(&self) -> Option<WeeklyHours> {
        self.weekly_hours
    }
    /// Reason of a "Non".
    #[must_use]
    pub fn refusal_reason(&self) -> Option<RefusalReason> {
        self.refusal_reason
    }
    /// Explanation of a "Non".
    #[must_use]
    pub fn refusal_detail(&self) -> Option<&RefusalDetail> {
        self.refusal_detail.as_ref()
    }
    /// Comment for the prescriber.
    #[must_use]
    pub fn comment(&self) -> Option<&DecisionComment> {
        self.comment.as_ref()
    }

    /// What anonymisation keeps (R-GDPR-2): the structure statistics need (invites and their results, the
    /// answer, dates, hours, the refusal reason), without the free texts the organisation wrote about the person.
    #[must_use]
    pub fn anonymised(&self) -> Self {
        Self { refusal_detail: None, comment: None, ..self.clone() }
    }

    /// Back to the raw shape, to edit it (batch) or send it.
    #[must_use]
    pub fn to_input(&self) -> DecisionDraftInput {
        DecisionDraftInput::from(self.clone())
    }

    /// Whether another invite may be added now (R-AVIS-2).
    #[must_use]
    pub fn may_add_invite(&self) -> bool {
        match self.invites.last() {
            None => true,
            Some(last) => self.invites.len() < MAX_INVITES && last.result == Some(InviteResult::ExcusedAbsence),
        }
    }

    /// The step reached (R-AVIS-2, R-AVIS-3, R-AVIS-4).
    #[must_use]
    pub fn step(&self) -> DecisionStep {
        let Some(last) = self.invites.last() else {
            return DecisionStep::AwaitingInvite;
        };
        match last.result {
            None => DecisionStep::AwaitingResult { invite: self.invites.len() - 1 },
            Some(InviteResult::UnexcusedAbsence) => {
                DecisionStep::AutomaticallyNotRetained(AutomaticNotRetained::UnexcusedAbsence)
            }
            Some(InviteResult::ExcusedAbsence) if self.invites.len() >= MAX_INVITES => {
                DecisionStep::AutomaticallyNotRetained(AutomaticNotRetained::ExcusedAbsenceAtLastInvite)
            }
            Some(InviteResult::ExcusedAbsence) => DecisionStep::AwaitingNewInvite,
            Some(InviteResult::Present) => DecisionStep::AwaitingRecruitment,
        }
    }
}

impl TryFrom<DecisionDraftInput> for DecisionDraft {
    type Error = DraftErrors;

    /// Checks the rules that do not depend on today (used when reading a stored draft).
    fn try_from(input: DecisionDraftInput) -> Result<Self, Self::Error> {
        let errors = structural_errors(&input);
        if !errors.is_empty() {
            return Err(DraftErrors(errors));
        }
        // Every value was checked by `structural_errors`; `.ok()` cannot drop a value here.
        Ok(Self {
            weekly_hours: input.weekly_hours.and_then(|h| WeeklyHours::from_hours(h).ok()),
            comment: non_blank(input.comment.as_deref()).and_then(|c| DecisionComment::parse(c).ok()),
            refusal_detail: non_blank(input.refusal_detail.as_deref()).and_then(|d| RefusalDetail::parse(d).ok()),
            invites: input.invites,
            recruited: input.recruited,
            entry_date: input.entry_date,
            exit_date: input.exit_date,
            refusal_reason: input.refusal_reason,
        })
    }
}

impl From<DecisionDraft> for DecisionDraftInput {
    fn from(draft: DecisionDraft) -> Self {
        Self {
            invites: draft.invites,
            recruited: draft.recruited,
            entry_date: draft.entry_date,
            exit_date: draft.exit_date,
            weekly_hours: draft.weekly_hours.map(WeeklyHours::hours),
            refusal_reason: draft.refusal_reason,
            refusal_detail: draft.refusal_detail.map(String::from),
            comment: draft.comment.map(String::from),
        }
    }
}

/// The failing fields of a draft; `Display` joins their French messages (serde reports it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftErrors(pub Vec<FieldError>);

impl std::fmt::Display for DraftErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<_> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join(" "))
    }
}

impl std::error::Error for DraftErrors {}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
