//! The applications of one session: who sent them, when, what became of them, and the decision drafts the
//! application page reads back (the shapes `demo` and `store::applications::finalise` write).

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::application::ApplicationState;
use domain::decision::{
    AutomaticNotRetained, DecisionDraft, DecisionDraftInput, Invite, InviteKind, InviteResult, RefusalReason,
};
use domain::time_rules::switch_date;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::BenchDataError;
use super::counts::{Counts, window};
use super::offer::{Session, Training, Zipf, day};
use super::organisations::Orgs;
use super::places::PRESENTATIONS;
use crate::db::schema::applications;
use crate::service::applications::decisions::draft_columns;
use crate::store::Coded;
use crate::store::applications::{DraftColumns, NewApplicationRow, SessionCopy};

/// What happened to one application.
#[derive(Debug, Clone)]
pub struct Story {
    pub state: ApplicationState,
    pub person: u64,
    /// Index in [`Orgs::all`].
    pub prescriber: usize,
    pub received_at: NaiveDateTime,
    pub late_entry: bool,
    /// `None`: the draft column keeps its default `{}`.
    pub draft: Option<DecisionDraftInput>,
    pub decided_at: Option<NaiveDateTime>,
    pub automatic: Option<AutomaticNotRetained>,
}

/// Who sends applications: France Travail agencies seven times in ten, Missions Locales and Cap Emploi the rest.
pub struct Prescribers {
    france_travail: Vec<usize>,
    others: Vec<usize>,
    france_travail_sizes: Zipf,
    other_sizes: Zipf,
}

impl Prescribers {
    pub fn new(orgs: &Orgs) -> Self {
        Self {
            france_travail_sizes: Zipf::new(orgs.france_travail.len(), 0.8),
            other_sizes: Zipf::new(orgs.other_prescribers.len(), 0.8),
            france_travail: orgs.france_travail.clone(),
            others: orgs.other_prescribers.clone(),
        }
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        if rng.random_bool(0.7) {
            self.france_travail[self.france_travail_sizes.pick(rng)]
        } else {
            self.others[self.other_sizes.pick(rng)]
        }
    }
}

fn at(date: NaiveDate, rng: &mut ChaCha8Rng) -> NaiveDateTime {
    date.and_hms_opt(rng.random_range(8..18), rng.random_range(0..60), rng.random_range(0..60)).unwrap_or_default()
}

fn between(from: NaiveDate, to: NaiveDate, rng: &mut ChaCha8Rng) -> NaiveDate {
    let days = (to - from).num_days().max(0);
    day(from, rng.random_range(0..=days))
}

/// An invite day after `received` and the day the decision was validated, both by `limit`.
fn decision_days(received: NaiveDate, limit: NaiveDate, rng: &mut ChaCha8Rng) -> (NaiveDate, NaiveDate) {
    let invite = day(received, rng.random_range(1..=14)).min(limit).max(received);
    let decided = day(invite, rng.random_range(0..=5)).min(limit).max(invite);
    (invite, decided)
}

/// Generates the stories of one session, those that hold no place first: SQLite's quota trigger then counts
/// few rows at each insert.
pub struct SessionStories<'a> {
    pub session: &'a Session,
    pub today: NaiveDate,
    pub persons: u64,
    pub prescribers: &'a Prescribers,
}

impl SessionStories<'_> {
    pub fn generate(&self, counts: &Counts, rng: &mut ChaCha8Rng) -> Vec<Story> {
        let Some(window) = window(self.session, self.today) else { return Vec::new() };
        let mut people = HashSet::with_capacity(counts.total() as usize);
        let mut stories = Vec::with_capacity(counts.total() as usize);
        for (state, n) in [
            (ApplicationState::RefusedSessionCancelled, counts.refused_cancelled),
            (ApplicationState::RefusedSessionFull, counts.refused_full),
            (ApplicationState::NotRetained, counts.not_retained),
            (ApplicationState::NoDecisionSent, counts.no_decision_sent),
            (ApplicationState::Retained, counts.retained),
            (ApplicationState::Pending, counts.pending),
        ] {
            for _ in 0..n {
                // One application per person and session: simpler than R-APP-1, which forbids two live ones.
                let person = loop {
                    let candidate = rng.random_range(0..self.persons);
                    if people.insert(candidate) {
                        break candidate;
                    }
                };
                stories.push(self.story(state, person, window, rng));
            }
        }
        stories
    }

    fn story(
        &self,
        state: ApplicationState,
        person: u64,
        (open, close): (NaiveDate, NaiveDate),
        rng: &mut ChaCha8Rng,
    ) -> Story {
        let row = &self.session.row;
        // One in twelve arrives after the registration deadline, as a late entry (R-APP-2), when it can.
        let late_from = day(row.registration_deadline, 1);
        let received = if late_from <= close && rng.random_bool(1.0 / 12.0) {
            between(late_from, close, rng)
        } else {
            between(open, row.registration_deadline.min(close), rng)
        };
        let limit = self.today.min(day(switch_date(row.end_date), -1));
        let received_at = at(received, rng);
        let mut story = Story {
            state,
            person,
            prescriber: self.prescribers.pick(rng),
            received_at,
            late_entry: received > row.registration_deadline,
            draft: None,
            decided_at: None,
            automatic: None,
        };
        let (invite, decided) = decision_days(received, limit, rng);
        match state {
            ApplicationState::Pending => {
                if rng.random_bool(0.4) {
                    let date = day(received, rng.random_range(1..=14));
                    let result = (date <= self.today && rng.random_bool(0.5)).then_some(InviteResult::Present);
                    story.draft = Some(DecisionDraftInput {
                        invites: vec![Invite { date, kind: InviteKind::Interview, result }],
                        ..Default::default()
                    });
                }
            }
            ApplicationState::Retained => {
                let entry =
                    if received <= row.start_date { row.start_date } else { received.min(row.late_entry_deadline) };
                story.draft = Some(DecisionDraftInput {
                    invites: vec![Invite::with_result(invite, InviteResult::Present)],
                    recruited: Some(true),
                    entry_date: Some(entry),
                    exit_date: Some(row.end_date),
                    weekly_hours: Some([35.0, 35.0, 30.0, 28.0, 20.0][rng.random_range(0..5)]),
                    comment: rng.random_bool(0.5).then(|| "Recrutement confirmé après l'entretien.".to_owned()),
                    ..Default::default()
                });
                story.decided_at = Some(at(decided, rng));
            }
            ApplicationState::NotRetained => {
                let roll = rng.random_range(0..10);
                let (draft, automatic) = if roll < 6 {
                    let reason = RefusalReason::ALL[rng.random_range(0..RefusalReason::ALL.len())];
                    let draft = DecisionDraftInput {
                        invites: vec![Invite::with_result(invite, InviteResult::Present)],
                        recruited: Some(false),
                        refusal_reason: Some(reason),
                        refusal_detail: Some("Motif expliqué au candidat lors de l'entretien.".to_owned()),
                        ..Default::default()
                    };
                    (draft, None)
                } else if roll < 9 || day(invite, 6) > limit {
                    let invites = vec![Invite::with_result(invite, InviteResult::UnexcusedAbsence)];
                    (DecisionDraftInput { invites, ..Default::default() }, Some(AutomaticNotRetained::UnexcusedAbsence))
                } else {
                    let invites =
                        (0..3).map(|k| Invite::with_result(day(invite, 3 * k), InviteResult::ExcusedAbsence)).collect();
                    let automatic = Some(AutomaticNotRetained::ExcusedAbsenceAtLastInvite);
                    (DecisionDraftInput { invites, ..Default::default() }, automatic)
                };
                story.draft = Some(draft);
                story.automatic = automatic;
                let decided = decided.max(day(invite, 6)).min(limit.max(invite));
                story.decided_at = Some(at(decided, rng));
            }
            ApplicationState::NoDecisionSent => {
                if rng.random_bool(0.5) {
                    story.draft = Some(DecisionDraftInput { invites: vec![Invite::on(invite)], ..Default::default() });
                }
                story.decided_at = switch_date(row.end_date).and_hms_opt(2, 0, 0);
            }
            ApplicationState::RefusedSessionFull => story.decided_at = Some(received_at),
            ApplicationState::RefusedSessionCancelled => {
                story.decided_at = Some(at(between(received, close.max(received), rng), rng).max(received_at));
            }
        }
        story
    }
}

/// An application row with its id, for a multi-row INSERT: every column bound, none left to a default.
pub type ApplicationInsert = (
    diesel::dsl::Eq<applications::id, i64>,
    NewApplicationRow,
    diesel::dsl::Eq<applications::decision_draft, String>,
    diesel::dsl::Eq<applications::invites_count, i32>,
    diesel::dsl::Eq<applications::last_invite_result, Option<String>>,
    diesel::dsl::Eq<applications::planned_entry_date, Option<NaiveDate>>,
    diesel::dsl::Eq<applications::decided_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<applications::decision_automatic, Option<Coded<AutomaticNotRetained>>>,
);

/// A 10-digit application reference per index: an affine permutation of 0..9·10^9, so all differ.
pub fn reference(index: u64, seed: u64) -> String {
    const SPAN: u64 = 9_000_000_000;
    let number = 1_000_000_000 + ((u128::from(index) * 2_654_435_761 + u128::from(seed)) % u128::from(SPAN)) as u64;
    format!("{number:010}")
}

/// The one place an application row is built, with its session and training at hand: columns copied from them
/// belong here.
#[expect(clippy::too_many_arguments, reason = "every part of the row, named at the call")]
pub fn application_row(
    id: i64,
    reference: String,
    candidate_id: i64,
    (identity_key, candidate_sort): (String, String),
    session: &Session,
    training: &Training,
    orgs: &Orgs,
    story: Story,
) -> Result<ApplicationInsert, BenchDataError> {
    let prescriber = &orgs.all[story.prescriber];
    let columns = match story.draft {
        None => DraftColumns {
            decision_draft: "{}".to_owned(),
            invites_count: 0,
            last_invite_result: None,
            planned_entry_date: None,
        },
        Some(input) => {
            let draft = DecisionDraft::try_from(input)
                .map_err(|e| BenchDataError::Invalid(format!("generated draft of {reference}: {e:?}")))?;
            draft_columns(&draft)?
        }
    };
    let row = NewApplicationRow {
        reference,
        session_id: session.id,
        candidate_id,
        identity_key,
        candidate_sort,
        prescriber_organisation_id: prescriber.id,
        prescriber_user_id: prescriber.user_id,
        from_france_travail: prescriber.role == super::organisations::Role::FranceTravail,
        presentation: PRESENTATIONS[usize::try_from(story.person % PRESENTATIONS.len() as u64).unwrap_or(0)].to_owned(),
        received_at: story.received_at,
        late_entry: story.late_entry,
        state: story.state,
        updated_at: story.decided_at.unwrap_or(story.received_at),
        session_copy: SessionCopy::of(&session.row, training.values.responsible_organisation_id),
    };
    Ok((
        applications::id.eq(id),
        row,
        applications::decision_draft.eq(columns.decision_draft),
        applications::invites_count.eq(columns.invites_count),
        applications::last_invite_result.eq(columns.last_invite_result),
        applications::planned_entry_date.eq(columns.planned_entry_date),
        applications::decided_at.eq(story.decided_at),
        applications::decision_automatic.eq(story.automatic.map(Coded)),
    ))
}
