use super::*;
use crate::decision::{Invite, InviteResult::*, RefusalReason};
use crate::error::{ErrorKind, RuleError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The guide's session 00509908: 18/11/2024 → 31/01/2025; late entry until 02/12/2024; capacity 15.
fn context() -> DecisionContext {
    DecisionContext {
        state: ApplicationState::Pending,
        calendar: SessionCalendar::new(d(2024, 11, 18), d(2025, 1, 31), d(2024, 11, 15), d(2024, 12, 2)).unwrap(),
        capacity: Capacity::parse(15).unwrap(),
        retained: 0,
        today: d(2024, 11, 20),
    }
}

fn present() -> Vec<Invite> {
    vec![Invite::with_result(d(2024, 10, 1), Present)]
}

fn retained_input() -> DecisionDraftInput {
    DecisionDraftInput {
        invites: present(),
        recruited: Some(true),
        entry_date: Some(d(2024, 11, 18)),
        exit_date: Some(d(2025, 1, 31)),
        weekly_hours: Some(35.0),
        ..DecisionDraftInput::default()
    }
}

fn validate(input: DecisionDraftInput) -> Result<ValidatedDecision, DecisionError> {
    let draft = save_draft(&context(), input)?;
    validate_decision(&context(), &draft)
}

fn field_codes(result: Result<ValidatedDecision, DecisionError>) -> Vec<&'static str> {
    result.unwrap_err().field_errors().iter().map(|e| e.code).collect()
}

#[test]
fn r_avis_3_unexcused_absence_becomes_not_retained_on_validation() {
    let input = DecisionDraftInput {
        invites: vec![Invite::with_result(d(2024, 10, 1), UnexcusedAbsence)],
        ..DecisionDraftInput::default()
    };
    let decision = validate(input).unwrap();
    assert_eq!(decision.state, ApplicationState::NotRetained);
    assert_eq!(decision.automatic, Some(AutomaticNotRetained::UnexcusedAbsence));
}

#[test]
fn r_avis_3_excused_absence_at_third_invite_becomes_not_retained() {
    let input = DecisionDraftInput {
        invites: vec![
            Invite::with_result(d(2024, 10, 1), ExcusedAbsence),
            Invite::with_result(d(2024, 10, 8), ExcusedAbsence),
            Invite::with_result(d(2024, 10, 15), ExcusedAbsence),
        ],
        ..DecisionDraftInput::default()
    };
    let decision = validate(input).unwrap();
    assert_eq!(decision.state, ApplicationState::NotRetained);
    assert_eq!(decision.automatic, Some(AutomaticNotRetained::ExcusedAbsenceAtLastInvite));
}

#[test]
fn r_avis_3_excused_absence_before_third_invite_needs_new_invite_or_no() {
    let input = DecisionDraftInput {
        invites: vec![Invite::with_result(d(2024, 10, 1), ExcusedAbsence)],
        ..DecisionDraftInput::default()
    };
    assert_eq!(field_codes(validate(input)), ["decision_incomplete"]);
}

#[test]
fn r_avis_4_presence_requires_recruitment_answer() {
    let input = DecisionDraftInput { invites: present(), ..DecisionDraftInput::default() };
    assert_eq!(field_codes(validate(input)), ["recruited_required"]);
}

#[test]
fn r_avis_4_yes_with_dates_and_hours_is_retained() {
    let decision = validate(retained_input()).unwrap();
    assert_eq!(decision.state, ApplicationState::Retained);
    assert_eq!(decision.automatic, None);
}

#[test]
fn r_avis_4_yes_requires_entry_exit_and_hours_listing_each_field() {
    let input = DecisionDraftInput { invites: present(), recruited: Some(true), ..DecisionDraftInput::default() };
    let err = validate(input).unwrap_err();
    assert_eq!(err.code(), "invalid_decision");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let fields: Vec<_> = err.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["entry_date", "exit_date", "weekly_hours"]);
}

#[test]
fn r_avis_4_entry_before_session_start_refused() {
    let mut input = retained_input();
    input.entry_date = Some(d(2024, 11, 17));
    assert_eq!(field_codes(validate(input)), ["entry_before_start"]);
}

#[test]
fn r_avis_4_late_entry_after_start_allowed_until_late_entry_deadline() {
    let mut input = retained_input();
    input.entry_date = Some(d(2024, 12, 2));
    assert!(validate(input.clone()).is_ok());
    input.entry_date = Some(d(2024, 12, 3));
    assert_eq!(field_codes(validate(input)), ["entry_after_late_entry_deadline"]);
}

#[test]
fn r_avis_4_exit_between_entry_and_session_end() {
    let mut input = retained_input();
    input.exit_date = Some(d(2025, 2, 1));
    assert_eq!(field_codes(validate(input.clone())), ["exit_after_end"]);
    input.exit_date = Some(d(2024, 11, 17));
    assert_eq!(field_codes(validate(input)), ["exit_before_entry"]);
}

#[test]
fn r_avis_4_weekly_hours_over_35_refused_at_draft() {
    let mut input = retained_input();
    input.weekly_hours = Some(36.0);
    assert_eq!(field_codes(validate(input)), ["invalid_weekly_hours"]);
}

#[test]
fn r_avis_4_no_requires_reason_and_detail() {
    let input = DecisionDraftInput { invites: present(), recruited: Some(false), ..DecisionDraftInput::default() };
    assert_eq!(field_codes(validate(input.clone())), ["refusal_reason_required", "refusal_detail_required"]);
    let complete = DecisionDraftInput {
        refusal_reason: Some(RefusalReason::PrerequisitesNotMet),
        refusal_detail: Some("Niveau de français insuffisant pour la certification.".into()),
        ..input
    };
    let decision = validate(complete).unwrap();
    assert_eq!(decision.state, ApplicationState::NotRetained);
    assert_eq!(decision.automatic, None);
}

#[test]
fn r_avis_4_no_is_possible_without_any_invite_yes_is_not() {
    let withdrew = DecisionDraftInput {
        recruited: Some(false),
        refusal_reason: Some(RefusalReason::CandidateWithdrew),
        refusal_detail: Some("A trouvé un CDI.".into()),
        ..DecisionDraftInput::default()
    };
    assert_eq!(validate(withdrew).unwrap().state, ApplicationState::NotRetained);
    let mut yes = retained_input();
    yes.invites.clear();
    assert_eq!(field_codes(validate(yes)), ["presence_required"]);
}

#[test]
fn r_avis_1_validation_requires_every_invite_result() {
    let input = DecisionDraftInput {
        invites: vec![Invite::on(d(2024, 11, 19))],
        recruited: Some(false),
        refusal_reason: Some(RefusalReason::Other),
        refusal_detail: Some("Ne s'est pas présenté.".into()),
        ..DecisionDraftInput::default()
    };
    assert_eq!(field_codes(validate(input)), ["invite_result_required"]);
}

#[test]
fn r_avis_1_result_saved_then_date_in_future_is_rechecked_at_validation() {
    // A stored draft read back (no `today` check on deserialization) is re-checked.
    let json = r#"{"invites":[{"date":"2024-12-01","result":"unexcused_absence"}]}"#;
    let draft: DecisionDraft = serde_json::from_str(json).unwrap();
    let err = validate_decision(&context(), &draft).unwrap_err();
    assert_eq!(err.field_errors()[0].code, "result_in_future");
}

#[test]
fn r_avis_6_validated_decision_is_final_any_change_refused_decision_final() {
    let decision = validate(retained_input()).unwrap();
    let after = DecisionContext { state: decision.state, ..context() };
    let err = save_draft(&after, retained_input()).unwrap_err();
    assert_eq!(err.code(), "decision_final");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("définitive"));
    let err = validate_decision(&after, &decision.draft).unwrap_err();
    assert_eq!(err.code(), "decision_final");
}

#[test]
fn r_avis_6_draft_may_be_saved_incomplete() {
    let draft = save_draft(&context(), DecisionDraftInput::default()).unwrap();
    assert_eq!(draft.step(), crate::decision::DecisionStep::AwaitingInvite);
}

#[test]
fn r_quota_4_retaining_beyond_capacity_refused() {
    let full = DecisionContext { retained: 15, ..context() };
    let draft = save_draft(&full, retained_input()).unwrap();
    let err = validate_decision(&full, &draft).unwrap_err();
    assert_eq!(err.code(), "capacity_reached");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    // Not retaining is still possible when full.
    let no = DecisionDraftInput {
        invites: present(),
        recruited: Some(false),
        refusal_reason: Some(RefusalReason::Other),
        refusal_detail: Some("Session complète côté recrutement.".into()),
        ..DecisionDraftInput::default()
    };
    let draft = save_draft(&full, no).unwrap();
    assert!(validate_decision(&full, &draft).is_ok());
    let last_place = DecisionContext { retained: 14, ..context() };
    let draft = save_draft(&last_place, retained_input()).unwrap();
    assert!(validate_decision(&last_place, &draft).is_ok());
}

#[test]
fn r_time_1_decision_after_end_plus_21_days_refused_even_if_job_not_run() {
    // End 31/01/2025 → switch date 21/02/2025.
    let late = DecisionContext { today: d(2025, 2, 21), ..context() };
    let err = save_draft(&late, retained_input()).unwrap_err();
    assert_eq!(err.code(), "decision_deadline_passed");
    assert!(err.message().contains("21/02/2025"));
    let draft = save_draft(&context(), retained_input()).unwrap();
    assert_eq!(validate_decision(&late, &draft).unwrap_err().code(), "decision_deadline_passed");
    let last_day = DecisionContext { today: d(2025, 2, 20), ..context() };
    assert!(validate_decision(&last_day, &draft).is_ok());
}
