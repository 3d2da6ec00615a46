use super::*;
use InviteResult::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2024, 10, 15)
}

fn with_invites(invites: Vec<Invite>) -> DecisionDraftInput {
    DecisionDraftInput { invites, ..DecisionDraftInput::default() }
}

fn codes(result: Result<DecisionDraft, DraftErrors>) -> Vec<&'static str> {
    result.unwrap_err().0.iter().map(|e| e.code).collect()
}

#[test]
fn r_avis_1_invite_result_on_past_or_today_accepted_on_future_refused() {
    let past = with_invites(vec![Invite::with_result(d(2024, 10, 1), Present)]);
    assert!(DecisionDraft::parse(past, today()).is_ok());
    let same_day = with_invites(vec![Invite::with_result(today(), Present)]);
    assert!(DecisionDraft::parse(same_day, today()).is_ok());
    let future = with_invites(vec![Invite::with_result(d(2024, 10, 16), Present)]);
    let err = DecisionDraft::parse(future, today()).unwrap_err();
    assert_eq!(err.0[0].code, "result_in_future");
    assert_eq!(err.0[0].field, "invites[0].result");
}

#[test]
fn r_avis_1_future_invite_without_result_is_a_valid_draft() {
    let draft = DecisionDraft::parse(with_invites(vec![Invite::on(d(2024, 11, 2))]), today()).unwrap();
    assert_eq!(draft.step(), DecisionStep::AwaitingResult { invite: 0 });
}

#[test]
fn r_avis_1_at_most_three_invites() {
    let four = with_invites(vec![
        Invite::with_result(d(2024, 9, 1), ExcusedAbsence),
        Invite::with_result(d(2024, 9, 8), ExcusedAbsence),
        Invite::with_result(d(2024, 9, 15), ExcusedAbsence),
        Invite::on(d(2024, 9, 22)),
    ]);
    assert!(codes(DecisionDraft::parse(four, today())).contains(&"too_many_invites"));
}

#[test]
fn r_avis_2_new_invite_only_after_excused_absence() {
    let after_present = with_invites(vec![Invite::with_result(d(2024, 9, 1), Present), Invite::on(d(2024, 9, 8))]);
    assert_eq!(codes(DecisionDraft::parse(after_present, today())), ["invite_not_allowed"]);
    let after_unexcused =
        with_invites(vec![Invite::with_result(d(2024, 9, 1), UnexcusedAbsence), Invite::on(d(2024, 9, 8))]);
    assert!(DecisionDraft::parse(after_unexcused, today()).is_err());
    let after_pending = with_invites(vec![Invite::on(d(2024, 9, 1)), Invite::on(d(2024, 9, 8))]);
    assert!(DecisionDraft::parse(after_pending, today()).is_err());
    let after_excused =
        with_invites(vec![Invite::with_result(d(2024, 9, 1), ExcusedAbsence), Invite::on(d(2024, 9, 8))]);
    let draft = DecisionDraft::parse(after_excused, today()).unwrap();
    assert!(!draft.may_add_invite());
}

#[test]
fn r_avis_2_may_add_invite_up_to_three_after_excused_absences() {
    let mut invites = vec![Invite::with_result(d(2024, 9, 1), ExcusedAbsence)];
    let draft = DecisionDraft::parse(with_invites(invites.clone()), today()).unwrap();
    assert!(draft.may_add_invite());
    assert_eq!(draft.step(), DecisionStep::AwaitingNewInvite);
    invites.push(Invite::with_result(d(2024, 9, 8), ExcusedAbsence));
    invites.push(Invite::with_result(d(2024, 9, 15), ExcusedAbsence));
    let draft = DecisionDraft::parse(with_invites(invites), today()).unwrap();
    assert!(!draft.may_add_invite());
}

#[test]
fn r_avis_2_invite_dates_must_follow_each_other() {
    let backwards = with_invites(vec![Invite::with_result(d(2024, 9, 8), ExcusedAbsence), Invite::on(d(2024, 9, 8))]);
    assert_eq!(codes(DecisionDraft::parse(backwards, today())), ["invite_date_order"]);
}

#[test]
fn r_avis_3_steps_show_automatic_not_retained() {
    let unexcused =
        DecisionDraft::parse(with_invites(vec![Invite::with_result(d(2024, 9, 1), UnexcusedAbsence)]), today())
            .unwrap();
    assert_eq!(unexcused.step(), DecisionStep::AutomaticallyNotRetained(AutomaticNotRetained::UnexcusedAbsence));
}

#[test]
fn r_avis_5_comment_over_250_chars_refused_in_draft() {
    let input = DecisionDraftInput { comment: Some("é".repeat(251)), ..DecisionDraftInput::default() };
    let err = DecisionDraft::parse(input, today()).unwrap_err();
    assert_eq!(err.0[0].code, "too_long");
    assert_eq!(err.0[0].field, "comment");
    let ok = DecisionDraftInput { comment: Some("é".repeat(250)), ..DecisionDraftInput::default() };
    assert!(DecisionDraft::parse(ok, today()).is_ok());
}

#[test]
fn r_avis_6_draft_lists_every_failing_field() {
    let input = DecisionDraftInput {
        invites: vec![Invite::with_result(d(2024, 10, 20), Present), Invite::on(d(2024, 10, 1))],
        weekly_hours: Some(40.0),
        comment: Some("x".repeat(300)),
        ..DecisionDraftInput::default()
    };
    let codes = codes(DecisionDraft::parse(input, today()));
    for code in ["invite_not_allowed", "invite_date_order", "invalid_weekly_hours", "too_long", "result_in_future"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn r_avis_6_draft_round_trips_through_json_and_rejects_invalid_json() {
    let input = DecisionDraftInput {
        invites: vec![Invite::with_result(d(2024, 10, 1), Present)],
        recruited: Some(true),
        weekly_hours: Some(20.0),
        comment: Some("Parcours prévu".into()),
        ..DecisionDraftInput::default()
    };
    let draft = DecisionDraft::parse(input, today()).unwrap();
    let json = serde_json::to_string(&draft).unwrap();
    assert!(json.contains("\"result\":\"present\""));
    assert_eq!(serde_json::from_str::<DecisionDraft>(&json).unwrap(), draft);
    let bad = r#"{"invites":[],"weekly_hours":50}"#;
    assert!(serde_json::from_str::<DecisionDraft>(bad).is_err());
}

#[test]
fn r_avis_6_blank_texts_count_as_absent() {
    let input = DecisionDraftInput {
        refusal_detail: Some("   ".into()),
        comment: Some(String::new()),
        ..DecisionDraftInput::default()
    };
    let draft = DecisionDraft::parse(input, today()).unwrap();
    assert!(draft.refusal_detail().is_none());
    assert!(draft.comment().is_none());
}

#[test]
fn r_gdpr_2_anonymised_draft_keeps_the_structure_and_drops_the_free_texts() {
    let input = DecisionDraftInput {
        invites: vec![Invite::with_result(d(2024, 10, 1), Present)],
        recruited: Some(false),
        refusal_reason: Some(RefusalReason::PrerequisitesNotMet),
        refusal_detail: Some("Permis C manquant, dit Mme Durand".into()),
        comment: Some("Rappeler au 06 12 34 56 78".into()),
        ..DecisionDraftInput::default()
    };
    let draft = DecisionDraft::parse(input.clone(), today()).unwrap();
    let kept = draft.anonymised().to_input();
    assert_eq!(kept, DecisionDraftInput { refusal_detail: None, comment: None, ..input });
}
