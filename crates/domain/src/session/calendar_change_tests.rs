use super::*;
use crate::access::OrganisationKind;
use crate::ids::OrganisationId;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The guide's calendar: 03/07/2023 → 22/09/2023, both deadlines 31/07/2023.
fn guide() -> SessionCalendar {
    SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 7, 31), d(2023, 7, 31)).unwrap()
}

fn today() -> NaiveDate {
    d(2023, 6, 1)
}

fn of() -> Actor {
    Actor::organisation(OrganisationId(1), OrganisationKind::TrainingOrganisation)
}

fn funder() -> Actor {
    Actor::organisation(OrganisationId(2), OrganisationKind::Funder)
}

fn start_to(date: NaiveDate) -> CalendarChange {
    CalendarChange { start: Some(date), ..CalendarChange::default() }
}

#[test]
fn r_ses_3_organisation_may_postpone_start_by_1_to_14_days() {
    for date in [d(2023, 7, 4), d(2023, 7, 17)] {
        let outcome = change_calendar(&guide(), guide().start(), &start_to(date), &of(), today()).unwrap();
        assert_eq!(outcome.calendar.start(), date);
        assert_eq!(outcome.changed, vec![CalendarField::Start]);
    }
}

#[test]
fn r_ses_3_organisation_postponing_start_by_15_days_refused_naming_the_funder() {
    let err = change_calendar(&guide(), guide().start(), &start_to(d(2023, 7, 18)), &of(), today()).unwrap_err();
    assert_eq!(err.code(), "start_change_not_allowed");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.message().contains("France Travail ou l'OPCO"));
    assert!(err.message().contains("17/07/2023"));
    assert!(matches!(
        err,
        CalendarChangeError::StartChangeNotAllowed {
            reason: StartRefusal::MoreThan14Days,
            who_can_change: DATE_AUTHORITIES,
            ..
        }
    ));
}

#[test]
fn r_ses_3_organisation_bringing_start_forward_refused() {
    let err = change_calendar(&guide(), guide().start(), &start_to(d(2023, 7, 2)), &of(), today()).unwrap_err();
    assert!(matches!(err, CalendarChangeError::StartChangeNotAllowed { reason: StartRefusal::NotAPostponement, .. }));
}

#[test]
fn r_ses_3_organisation_cannot_postpone_a_started_session() {
    let err = change_calendar(&guide(), guide().start(), &start_to(d(2023, 7, 5)), &of(), d(2023, 7, 3)).unwrap_err();
    assert!(matches!(err, CalendarChangeError::StartChangeNotAllowed { reason: StartRefusal::AlreadyStarted, .. }));
}

#[test]
fn r_ses_3_organisation_may_not_change_the_end_date() {
    let change = CalendarChange { end: Some(d(2023, 9, 29)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap_err();
    assert_eq!(err.code(), "end_change_not_allowed");
    assert!(err.message().contains("financeur"));
}

#[test]
fn r_ses_3_resending_unchanged_dates_is_not_a_change() {
    let change = CalendarChange {
        start: Some(d(2023, 7, 3)),
        end: Some(d(2023, 9, 22)),
        registration_deadline: Some(d(2023, 7, 31)),
        late_entry_deadline: Some(d(2023, 7, 31)),
    };
    let outcome = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap();
    assert_eq!(outcome.calendar, guide());
    assert!(outcome.changed.is_empty());
    assert!(outcome.warnings.is_empty());
}

#[test]
fn r_ses_3_funder_and_platform_change_dates_freely_within_r_ses_2() {
    let change =
        CalendarChange { start: Some(d(2023, 6, 15)), end: Some(d(2023, 10, 31)), ..CalendarChange::default() };
    for actor in [funder(), Actor::PlatformAdmin] {
        let outcome = change_calendar(&guide(), guide().start(), &change, &actor, today()).unwrap();
        assert_eq!(outcome.calendar.start(), d(2023, 6, 15));
        assert_eq!(outcome.calendar.end(), d(2023, 10, 31));
    }
    let bad = CalendarChange { end: Some(d(2023, 7, 15)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &bad, &funder(), today()).unwrap_err();
    assert_eq!(err.code(), "late_entry_deadline_after_end");
}

#[test]
fn r_ses_3_prescriber_may_not_change_dates() {
    let prescriber = Actor::organisation(OrganisationId(3), OrganisationKind::PrescriberOther);
    let err = change_calendar(&guide(), guide().start(), &start_to(d(2023, 7, 4)), &prescriber, today()).unwrap_err();
    assert_eq!(err.code(), "date_change_forbidden");
}

#[test]
fn r_ses_3_every_date_change_warns_and_notifies_prescribers() {
    let change = CalendarChange { registration_deadline: Some(d(2023, 7, 20)), ..CalendarChange::default() };
    let outcome = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap();
    assert_eq!(
        outcome.warnings,
        vec![CalendarWarning::ApplicantFilesMayBeAffected, CalendarWarning::NotifyPrescribersOfPendingApplications]
    );
    assert!(outcome.warnings[0].message().contains("incidence"));
}

#[test]
fn r_ses_4_registration_after_late_entry_refused_with_earliest_valid_date() {
    let change = CalendarChange { registration_deadline: Some(d(2023, 8, 10)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap_err();
    assert_eq!(err.code(), "late_entry_deadline_must_move");
    assert_eq!(err.field(), Some("late_entry_deadline"));
    assert!(err.message().contains("10/08/2023"));
    assert_eq!(
        err,
        CalendarChangeError::LateEntryDeadlineMustMove {
            late_entry_deadline: d(2023, 7, 31),
            earliest_valid_late_entry_deadline: d(2023, 8, 10),
        }
    );
}

#[test]
fn r_ses_4_resending_the_same_late_entry_deadline_does_not_count_as_moving_it() {
    let change = CalendarChange {
        registration_deadline: Some(d(2023, 8, 10)),
        late_entry_deadline: Some(d(2023, 7, 31)),
        ..CalendarChange::default()
    };
    let err = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap_err();
    assert_eq!(err.code(), "late_entry_deadline_must_move");
}

#[test]
fn r_ses_4_moving_both_deadlines_in_one_request_is_accepted() {
    let change = CalendarChange {
        registration_deadline: Some(d(2023, 8, 10)),
        late_entry_deadline: Some(d(2023, 8, 10)),
        ..CalendarChange::default()
    };
    let outcome = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap();
    assert_eq!(outcome.calendar.registration_deadline(), d(2023, 8, 10));
    assert_eq!(outcome.calendar.late_entry_deadline(), d(2023, 8, 10));
    assert_eq!(outcome.changed, vec![CalendarField::RegistrationDeadline, CalendarField::LateEntryDeadline]);
}

#[test]
fn r_ses_4_closing_the_session_by_moving_the_registration_deadline_earlier() {
    let change = CalendarChange { registration_deadline: Some(d(2023, 5, 31)), ..CalendarChange::default() };
    let outcome = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap();
    assert_eq!(outcome.calendar.registration_deadline(), d(2023, 5, 31));
}

#[test]
fn r_ses_4_registration_after_end_is_an_r_ses_2_error_not_an_offer_to_align() {
    let change = CalendarChange { registration_deadline: Some(d(2023, 10, 1)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap_err();
    assert_eq!(err.code(), "registration_deadline_after_late_entry");
}

#[test]
fn r_ses_4_refusal_extra_carries_the_earliest_valid_late_entry_deadline() {
    let change = CalendarChange { registration_deadline: Some(d(2023, 8, 10)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &change, &of(), today()).unwrap_err();
    assert_eq!(err.extra(), Some(serde_json::json!({ "earliest_valid_late_entry_deadline": "2023-08-10" })));
    let details: CalendarRefusalDetails = serde_json::from_value(err.extra().unwrap()).unwrap();
    assert_eq!(details.earliest_valid_late_entry_deadline, Some(d(2023, 8, 10)));
}

#[test]
fn r_ses_3_refusal_extra_names_the_latest_start_and_who_can_change() {
    let err = change_calendar(&guide(), guide().start(), &start_to(d(2023, 7, 18)), &of(), today()).unwrap_err();
    assert_eq!(
        err.extra(),
        Some(
            serde_json::json!({ "latest_allowed_start": "2023-07-17", "who_can_change": ["funder", "platform_admin"] })
        )
    );
    let end = CalendarChange { end: Some(d(2023, 9, 29)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &end, &of(), today()).unwrap_err();
    assert_eq!(err.extra(), Some(serde_json::json!({ "who_can_change": ["funder", "platform_admin"] })));
}

#[test]
fn r_ses_2_calendar_refusal_has_no_extra() {
    let change = CalendarChange { end: Some(d(2023, 7, 1)), ..CalendarChange::default() };
    let err = change_calendar(&guide(), guide().start(), &change, &funder(), today()).unwrap_err();
    assert_eq!(err.extra(), None);
}

/// The guide's calendar after the organisation already postponed it to 13/07/2023 (10 days).
fn postponed() -> SessionCalendar {
    SessionCalendar::new(d(2023, 7, 13), d(2023, 9, 22), d(2023, 7, 31), d(2023, 7, 31)).unwrap()
}

#[test]
fn r_ses_3_postponements_add_up_to_14_days_from_the_published_start() {
    let published = d(2023, 7, 3);
    let err = change_calendar(&postponed(), published, &start_to(d(2023, 7, 18)), &of(), today()).unwrap_err();
    assert!(matches!(
        err,
        CalendarChangeError::StartChangeNotAllowed { reason: StartRefusal::MoreThan14Days, latest_allowed_start, .. }
            if latest_allowed_start == d(2023, 7, 17)
    ));
    assert!(err.message().contains("17/07/2023"));
    let outcome = change_calendar(&postponed(), published, &start_to(d(2023, 7, 17)), &of(), today()).unwrap();
    assert_eq!(outcome.calendar.start(), d(2023, 7, 17));
    assert_eq!(outcome.published_start, published, "the organisation's own postponement publishes nothing");
}

#[test]
fn r_ses_3_repeated_one_day_postponements_stop_at_14_days_in_all() {
    let published = d(2023, 7, 3);
    let mut calendar = guide();
    let mut accepted = 0;
    for _ in 0..30 {
        let next = calendar.start().succ_opt().unwrap();
        match change_calendar(&calendar, published, &start_to(next), &of(), today()) {
            Ok(outcome) => {
                assert_eq!(outcome.published_start, published);
                calendar = outcome.calendar;
                accepted += 1;
            }
            Err(err) => assert_eq!(err.code(), "start_change_not_allowed"),
        }
    }
    assert_eq!(accepted, 14);
    assert_eq!(calendar.start(), d(2023, 7, 17));
}

#[test]
fn r_ses_3_the_funder_setting_a_start_publishes_it_anew() {
    let outcome = change_calendar(&postponed(), d(2023, 7, 3), &start_to(d(2023, 8, 1)), &funder(), today()).unwrap();
    assert_eq!(outcome.published_start, d(2023, 8, 1));
    let moved = CalendarChange { registration_deadline: Some(d(2023, 7, 20)), ..CalendarChange::default() };
    let outcome = change_calendar(&postponed(), d(2023, 7, 3), &moved, &funder(), today()).unwrap();
    assert_eq!(outcome.published_start, d(2023, 7, 3), "no start sent, nothing published");
}

#[test]
fn r_ses_3_latest_organisation_start_is_14_days_after_the_published_start() {
    assert_eq!(latest_organisation_start(d(2023, 7, 3)), d(2023, 7, 17));
}
