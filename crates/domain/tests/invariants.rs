//! Property tests: invariants that no sequence of operations may break.
//!
//! A small in-memory session is driven by random intakes, draft saves, validations, batches,
//! day changes, the R-TIME-1 job and cancellations, each through the domain's functions only,
//! exactly as the API will call them.
#![expect(clippy::unwrap_used, reason = "a test panics to report a failure")]

use chrono::{Days, NaiveDate};
use domain::application::{ApplicationState, IntakeRequest, receive_application};
use domain::batch::{BatchAction, BatchEffect, BatchItem, BatchSession, apply_batch};
use domain::decision::{
    DecisionContext, DecisionDraft, DecisionDraftInput, DecisionError, Invite, InviteKind, InviteResult, RefusalReason,
    save_draft, validate_decision,
};
use domain::ids::ApplicationRef;
use domain::quota::{Capacity, Coefficient, Quota, places_held, retained_count};
use domain::session::SessionCalendar;
use domain::time_rules::switch_to_no_decision_sent;
use proptest::prelude::*;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.checked_add_days(Days::new(offset))).unwrap_or(NaiveDate::MIN)
}

/// A calendar from offsets, always satisfying R-SES-2 by construction.
fn calendar_strategy() -> impl Strategy<Value = SessionCalendar> {
    (0u64..40, 0u64..30, 0u64..60, 0u64..60).prop_filter_map(
        "valid calendar",
        |(registration, late_gap, start, end_gap)| {
            let late = registration + late_gap;
            let end = start.max(late) + end_gap;
            SessionCalendar::new(day(start), day(end), day(registration), day(late)).ok()
        },
    )
}

#[derive(Debug, Clone)]
enum Op {
    Intake { candidate: u8 },
    SaveDraft { app: usize, result: Option<InviteResult>, recruited: Option<bool> },
    Retain { app: usize },
    Validate { app: usize },
    BatchNotRetained { apps: Vec<usize> },
    Advance { days: u64 },
    SwitchJob,
    Cancel,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let result = prop_oneof![
        Just(None),
        Just(Some(InviteResult::Present)),
        Just(Some(InviteResult::ExcusedAbsence)),
        Just(Some(InviteResult::UnexcusedAbsence)),
    ];
    prop_oneof![
        6 => (0u8..12).prop_map(|candidate| Op::Intake { candidate }),
        2 => (0usize..40, result, proptest::option::of(any::<bool>()))
            .prop_map(|(app, result, recruited)| Op::SaveDraft { app, result, recruited }),
        4 => (0usize..40).prop_map(|app| Op::Retain { app }),
        2 => (0usize..40).prop_map(|app| Op::Validate { app }),
        1 => proptest::collection::vec(0usize..40, 0..5).prop_map(|apps| Op::BatchNotRetained { apps }),
        2 => (0u64..20).prop_map(|days| Op::Advance { days }),
        1 => Just(Op::SwitchJob),
        1 => Just(Op::Cancel).boxed(),
    ]
}

struct App {
    candidate: u8,
    state: ApplicationState,
    draft: DecisionDraft,
    validated: bool,
}

struct Sim {
    calendar: SessionCalendar,
    capacity: Capacity,
    quota: Quota,
    cancelled: bool,
    today: NaiveDate,
    apps: Vec<App>,
}

impl Sim {
    fn states(&self) -> Vec<ApplicationState> {
        self.apps.iter().map(|a| a.state).collect()
    }

    fn context(&self, index: usize) -> DecisionContext {
        let states = self.states();
        DecisionContext {
            state: self.apps[index].state,
            calendar: self.calendar,
            capacity: self.capacity,
            retained: retained_count(&states),
            today: self.today,
        }
    }

    fn store(&mut self, index: usize, result: Result<DecisionDraft, DecisionError>) {
        if let Ok(draft) = result {
            self.apps[index].draft = draft;
        }
    }

    fn validate(&mut self, index: usize) {
        let context = self.context(index);
        if let Ok(decision) = validate_decision(&context, &self.apps[index].draft) {
            let app = &mut self.apps[index];
            app.state = decision.state;
            app.draft = decision.draft;
            app.validated = true;
        }
    }

    fn apply(&mut self, op: &Op) {
        let len = self.apps.len();
        match op {
            Op::Intake { candidate } => {
                let states = self.states();
                let request = IntakeRequest {
                    calendar: self.calendar,
                    cancelled: self.cancelled,
                    quota: self.quota,
                    places_held: places_held(&states),
                    candidate_has_live_application: self
                        .apps
                        .iter()
                        .any(|a| a.candidate == *candidate && a.state.is_live()),
                    today: self.today,
                };
                if let Ok(outcome) = receive_application(&request) {
                    self.apps.push(App {
                        candidate: *candidate,
                        state: outcome.state(),
                        draft: DecisionDraft::default(),
                        validated: false,
                    });
                }
            }
            Op::SaveDraft { app, result, recruited } if len > 0 => {
                let index = app % len;
                let input = DecisionDraftInput {
                    invites: vec![Invite { date: self.today, kind: InviteKind::Interview, result: *result }],
                    recruited: *recruited,
                    ..DecisionDraftInput::default()
                };
                let result = save_draft(&self.context(index), input);
                self.store(index, result);
            }
            Op::Retain { app } if len > 0 => {
                let index = app % len;
                let input = DecisionDraftInput {
                    invites: vec![Invite::with_result(self.today, InviteResult::Present)],
                    recruited: Some(true),
                    entry_date: Some(self.calendar.start()),
                    exit_date: Some(self.calendar.end()),
                    weekly_hours: Some(35.0),
                    ..DecisionDraftInput::default()
                };
                let result = save_draft(&self.context(index), input);
                self.store(index, result);
                self.validate(index);
            }
            Op::Validate { app } if len > 0 => self.validate(app % len),
            Op::BatchNotRetained { apps } if len > 0 => {
                let states = self.states();
                let session = BatchSession {
                    calendar: self.calendar,
                    capacity: self.capacity,
                    retained: retained_count(&states),
                    today: self.today,
                };
                let items: Vec<BatchItem> = apps
                    .iter()
                    .map(|i| i % len)
                    .map(|i| BatchItem {
                        reference: ApplicationRef::from_number(i as u64).unwrap(),
                        state: self.apps[i].state,
                        draft: self.apps[i].draft.clone(),
                    })
                    .collect();
                let action = BatchAction::NotRetained { reason: RefusalReason::Other, detail: "Lot".into() };
                for outcome in apply_batch(&session, &items, &action) {
                    let index: usize = outcome.reference.as_str().parse().unwrap();
                    match outcome.result {
                        Ok(BatchEffect::Validated { decision }) => {
                            let app = &mut self.apps[index];
                            app.state = decision.state;
                            app.validated = true;
                        }
                        Ok(BatchEffect::DraftSaved { draft }) => self.apps[index].draft = draft,
                        Err(_) => {}
                    }
                }
            }
            Op::Advance { days } => {
                self.today = self.today.checked_add_days(Days::new(*days)).unwrap();
            }
            Op::SwitchJob => {
                for app in &mut self.apps {
                    if let Some(next) = switch_to_no_decision_sent(app.state, self.calendar.end(), self.today) {
                        app.state = next;
                    }
                }
            }
            Op::Cancel => {
                self.cancelled = true;
                for app in &mut self.apps {
                    if let Some(next) = app.state.on_session_cancelled() {
                        app.state = next;
                    }
                }
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// R-QUOTA-2/3/4, R-APP-3, R-AVIS-6: whatever happens, at most the quota is held, at most
    /// the capacity retained, no final state changes, and a validated decision stays final.
    #[test]
    fn r_quota_3_r_quota_4_r_app_3_r_avis_6_invariants_hold_for_any_sequence(
        calendar in calendar_strategy(),
        capacity in 1i64..5,
        coefficient in 1i64..4,
        start_offset in 0u64..30,
        ops in proptest::collection::vec(op_strategy(), 1..80),
    ) {
        let capacity = Capacity::parse(capacity).unwrap();
        let quota = Quota::new(capacity, Coefficient::parse(coefficient).unwrap());
        let mut sim = Sim { calendar, capacity, quota, cancelled: false, today: day(start_offset), apps: Vec::new() };
        for op in &ops {
            let before: Vec<(ApplicationState, DecisionDraft)> =
                sim.apps.iter().map(|a| (a.state, a.draft.clone())).collect();
            sim.apply(op);
            let states = sim.states();
            prop_assert!(places_held(&states) <= quota.get(), "quota exceeded after {op:?}");
            prop_assert!(retained_count(&states) <= capacity.get(), "capacity exceeded after {op:?}");
            for (app, (state, draft)) in sim.apps.iter().zip(&before) {
                if state.is_final() {
                    prop_assert_eq!(app.state, *state, "left a final state after {:?}", op);
                    prop_assert_eq!(&app.draft, draft);
                }
            }
        }
        for index in 0..sim.apps.len() {
            if sim.apps[index].validated {
                let context = sim.context(index);
                let err = save_draft(&context, DecisionDraftInput::default()).unwrap_err();
                prop_assert_eq!(err, DecisionError::Final { state: sim.apps[index].state });
                let err = validate_decision(&context, &sim.apps[index].draft).unwrap_err();
                let is_final = matches!(err, DecisionError::Final { .. });
                prop_assert!(is_final, "validation not refused as final: {:?}", err);
            }
        }
    }

    /// R-QUOTA-3: N serialised applications for Q free places leave exactly min(N, Q) pending.
    #[test]
    fn r_quota_3_n_applications_leave_min_n_q_pending(
        calendar in calendar_strategy(),
        capacity in 1i64..10,
        coefficient in 1i64..=10,
        n in 0usize..120,
    ) {
        let quota = Quota::new(Capacity::parse(capacity).unwrap(), Coefficient::parse(coefficient).unwrap());
        let mut states = Vec::new();
        for _ in 0..n {
            let request = IntakeRequest {
                calendar,
                cancelled: false,
                quota,
                places_held: places_held(&states),
                candidate_has_live_application: false,
                today: calendar.registration_deadline(),
            };
            states.push(receive_application(&request).unwrap().state());
        }
        let pending = states.iter().filter(|s| **s == ApplicationState::Pending).count();
        prop_assert_eq!(pending, n.min(quota.get() as usize));
    }
}

/// Guards against a vacuous simulation: a fixed scenario reaches the interesting states.
#[test]
fn simulation_reaches_full_retained_not_retained_and_cancelled() {
    let calendar = SessionCalendar::new(day(30), day(90), day(20), day(40)).unwrap();
    let capacity = Capacity::parse(2).unwrap();
    let quota = Quota::new(capacity, Coefficient::parse(2).unwrap());
    let mut sim = Sim { calendar, capacity, quota, cancelled: false, today: day(10), apps: Vec::new() };
    for candidate in 0..6 {
        sim.apply(&Op::Intake { candidate });
    }
    sim.apply(&Op::Intake { candidate: 0 }); // duplicate: not recorded
    assert_eq!(sim.apps.len(), 6);
    assert_eq!(sim.apps[4].state, ApplicationState::RefusedSessionFull);
    for app in 0..3 {
        sim.apply(&Op::Retain { app });
    }
    assert_eq!(retained_count(&sim.states()), 2, "third retain refused by R-QUOTA-4");
    sim.apply(&Op::BatchNotRetained { apps: vec![2] });
    assert_eq!(sim.apps[2].state, ApplicationState::NotRetained);
    sim.apply(&Op::Cancel);
    assert_eq!(sim.apps[3].state, ApplicationState::RefusedSessionCancelled);
    assert_eq!(sim.apps[0].state, ApplicationState::Retained);
}
