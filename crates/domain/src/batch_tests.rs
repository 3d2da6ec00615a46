use super::*;
use crate::decision::DecisionDraftInput;
use crate::error::RuleError;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn session() -> BatchSession {
    BatchSession {
        calendar: SessionCalendar::new(d(2024, 11, 18), d(2025, 1, 31), d(2024, 11, 15), d(2024, 12, 2)).unwrap(),
        capacity: Capacity::parse(15).unwrap(),
        retained: 0,
        today: d(2024, 11, 10),
    }
}

fn item(n: u64, state: ApplicationState, invites: Vec<Invite>) -> BatchItem {
    let input = DecisionDraftInput { invites, ..DecisionDraftInput::default() };
    BatchItem {
        reference: ApplicationRef::from_number(n).unwrap(),
        state,
        draft: DecisionDraft::try_from(input).unwrap(),
    }
}

#[test]
fn r_avis_8_batch_invite_date_gives_per_item_outcome() {
    let items = [
        item(1, ApplicationState::Pending, vec![]),
        item(2, ApplicationState::Retained, vec![]),
        item(3, ApplicationState::Pending, vec![Invite::with_result(d(2024, 11, 1), InviteResult::Present)]),
        item(4, ApplicationState::Pending, vec![Invite::on(d(2024, 11, 12))]),
    ];
    let outcomes = apply_batch(&session(), &items, &BatchAction::SetInviteDate { date: d(2024, 11, 14) });
    assert_eq!(outcomes.len(), 4);
    let Ok(BatchEffect::DraftSaved { draft }) = &outcomes[0].result else {
        panic!("{:?}", outcomes[0]);
    };
    assert_eq!(draft.invites(), [Invite::on(d(2024, 11, 14))]);
    assert_eq!(outcomes[1].result.as_ref().unwrap_err().code(), "decision_final");
    assert_eq!(outcomes[2].result.as_ref().unwrap_err().code(), "invalid_decision");
    // An invite without result is rescheduled, not duplicated.
    let Ok(BatchEffect::DraftSaved { draft }) = &outcomes[3].result else {
        panic!("{:?}", outcomes[3]);
    };
    assert_eq!(draft.invites(), [Invite::on(d(2024, 11, 14))]);
    assert_eq!(outcomes[3].reference.as_str(), "0000000004");
}

#[test]
fn r_avis_8_batch_result_sets_last_invite_and_refuses_future_dates() {
    let items = [
        item(1, ApplicationState::Pending, vec![Invite::on(d(2024, 11, 5))]),
        item(2, ApplicationState::Pending, vec![Invite::on(d(2024, 11, 20))]),
        item(3, ApplicationState::Pending, vec![]),
    ];
    let outcomes =
        apply_batch(&session(), &items, &BatchAction::SetInviteResult { result: InviteResult::UnexcusedAbsence });
    assert!(outcomes[0].result.is_ok());
    let err = outcomes[1].result.as_ref().unwrap_err();
    assert_eq!(err.field_errors()[0].code, "result_in_future");
    assert_eq!(outcomes[2].result.as_ref().unwrap_err().field_errors()[0].code, "invite_required");
}

#[test]
fn r_avis_8_batch_not_retained_validates_each_item() {
    let items = [
        item(1, ApplicationState::Pending, vec![Invite::with_result(d(2024, 11, 1), InviteResult::Present)]),
        item(2, ApplicationState::Pending, vec![Invite::on(d(2024, 11, 1))]),
        item(3, ApplicationState::NoDecisionSent, vec![]),
    ];
    let action = BatchAction::NotRetained {
        reason: RefusalReason::ProjectNotSuited,
        detail: "Projet orienté vers un autre métier.".into(),
    };
    let outcomes = apply_batch(&session(), &items, &action);
    let Ok(BatchEffect::Validated { decision }) = &outcomes[0].result else {
        panic!("{:?}", outcomes[0]);
    };
    assert_eq!(decision.state, ApplicationState::NotRetained);
    assert_eq!(outcomes[1].result.as_ref().unwrap_err().field_errors()[0].code, "invite_result_required");
    assert_eq!(outcomes[2].result.as_ref().unwrap_err().code(), "decision_final");
}

#[test]
fn r_avis_8_batch_action_deserializes_from_the_api_shape() {
    let action: BatchAction =
        serde_json::from_str(r#"{"type":"set_invite_result","result":"excused_absence"}"#).unwrap();
    assert_eq!(action, BatchAction::SetInviteResult { result: InviteResult::ExcusedAbsence });
}
