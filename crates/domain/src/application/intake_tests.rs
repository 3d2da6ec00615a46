use super::*;
use crate::quota::{Capacity, Coefficient, places_held};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 03/07 → 22/09/2023, registration 20/06, late entry 31/07; quota 12 × 2 = 24.
fn request(today: NaiveDate, held: u32) -> IntakeRequest {
    IntakeRequest {
        calendar: SessionCalendar::new(d(2023, 7, 3), d(2023, 9, 22), d(2023, 6, 20), d(2023, 7, 31)).unwrap(),
        cancelled: false,
        quota: Quota::new(Capacity::parse(12).unwrap(), Coefficient::parse(2).unwrap()),
        places_held: held,
        candidate_has_live_application: false,
        today,
    }
}

#[test]
fn r_app_2_accepted_until_registration_deadline_as_pending() {
    let outcome = receive_application(&request(d(2023, 6, 20), 0)).unwrap();
    assert_eq!(outcome, IntakeOutcome::Pending { late_entry: false });
    assert_eq!(outcome.state(), ApplicationState::Pending);
}

#[test]
fn r_app_2_after_registration_deadline_accepted_as_late_entry() {
    let outcome = receive_application(&request(d(2023, 6, 21), 0)).unwrap();
    assert_eq!(outcome, IntakeOutcome::Pending { late_entry: true });
    assert!(receive_application(&request(d(2023, 7, 31), 0)).unwrap().late_entry());
}

#[test]
fn r_app_2_after_late_entry_deadline_refused_registration_closed() {
    let err = receive_application(&request(d(2023, 8, 1), 0)).unwrap_err();
    assert_eq!(err.code(), "registration_closed");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.message().contains("31/07/2023"));
}

#[test]
fn r_app_2_cancelled_session_refuses_all() {
    let mut req = request(d(2023, 6, 1), 0);
    req.cancelled = true;
    let err = receive_application(&req).unwrap_err();
    assert_eq!(err.code(), "session_cancelled");
}

#[test]
fn r_app_1_same_candidate_cannot_hold_two_live_applications() {
    let mut req = request(d(2023, 6, 1), 3);
    req.candidate_has_live_application = true;
    let err = receive_application(&req).unwrap_err();
    assert_eq!(err.code(), "duplicate_application");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(ApplicationState::Pending.is_live() && ApplicationState::Retained.is_live());
    assert!(!ApplicationState::NotRetained.is_live());
}

#[test]
fn r_quota_3_no_free_place_recorded_as_refused_session_full() {
    let outcome = receive_application(&request(d(2023, 6, 1), 24)).unwrap();
    assert_eq!(outcome, IntakeOutcome::RefusedSessionFull { late_entry: false });
    assert_eq!(outcome.state(), ApplicationState::RefusedSessionFull);
    let json = serde_json::to_value(outcome).unwrap();
    assert_eq!(json["state"], "refused_session_full");
}

#[test]
fn r_quota_3_last_free_place_is_taken() {
    let outcome = receive_application(&request(d(2023, 6, 1), 23)).unwrap();
    assert_eq!(outcome.state(), ApplicationState::Pending);
}

#[test]
fn r_quota_3_n_applications_for_q_places_leave_min_n_q_pending() {
    // Serialised intake, as the API must do: 30 applications, 24 places.
    let mut states = Vec::new();
    for _ in 0..30 {
        let held = places_held(&states);
        states.push(receive_application(&request(d(2023, 6, 1), held)).unwrap().state());
    }
    let pending = states.iter().filter(|s| **s == ApplicationState::Pending).count();
    assert_eq!(pending, 24);
    assert_eq!(states.len() - pending, 6);
}

#[test]
fn r_quota_2_refused_and_not_retained_free_their_place() {
    // 24 held minus one that became not_retained → a place is free again.
    let mut states = vec![ApplicationState::Pending; 23];
    states.push(ApplicationState::NotRetained);
    let held = places_held(&states);
    assert_eq!(receive_application(&request(d(2023, 6, 1), held)).unwrap().state(), ApplicationState::Pending);
}
