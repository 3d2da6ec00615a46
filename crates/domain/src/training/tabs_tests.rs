use super::*;
use crate::quota::{Capacity, Coefficient, Quota};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 18/11/2024 → 31/01/2025, registration 15/11/2024, late entry 02/12/2024, quota 15 × 2 = 30.
fn session(held: u32, pending: u32) -> SessionFacts {
    let quota = Quota::new(Capacity::parse(15).unwrap(), Coefficient::parse(2).unwrap());
    SessionFacts {
        reference: SessionRef::parse("00509908").unwrap(),
        calendar: SessionCalendar::new(d(2024, 11, 18), d(2025, 1, 31), d(2024, 11, 15), d(2024, 12, 2)).unwrap(),
        cancelled: false,
        occupancy: Occupancy::new(held, quota),
        pending,
    }
}

fn training(sessions: Vec<SessionFacts>) -> TrainingFacts {
    TrainingFacts { publication: Publication::Published, certification: CertificationStatus::UpToDate, sessions }
}

#[test]
fn r_trn_4_published_training_without_alert_is_only_in_published() {
    let t = training(vec![session(30, 0)]);
    assert_eq!(tabs(&t, d(2024, 11, 1)), [TrainingTab::Published]);
}

#[test]
fn r_trn_4_rejected_certification_raises_an_alert() {
    let mut t = training(vec![]);
    t.certification = CertificationStatus::Rejected;
    assert_eq!(alerts(&t, d(2024, 11, 1)), [TrainingAlert::CertificationRejected]);
    assert_eq!(tabs(&t, d(2024, 11, 1)), [TrainingTab::Alerts, TrainingTab::Published]);
}

#[test]
fn r_trn_4_pending_applications_switching_within_15_days_raise_an_alert() {
    // Switch date 21/02/2025; 10/02 is within 15 days. Session full so no quota alert.
    let t = training(vec![session(30, 2)]);
    let alerts = alerts(&t, d(2025, 2, 10));
    assert_eq!(
        alerts,
        [TrainingAlert::ApplicationsSwitchingSoon { session: SessionRef::parse("00509908").unwrap(), pending: 2 }]
    );
    assert!(alerts[0].message().contains("00509908"));
    assert!(super::alerts(&t, d(2025, 1, 20)).is_empty());
}

#[test]
fn r_trn_4_registration_deadline_passed_under_quota_raises_an_alert() {
    // The guide's "2 / 30" session, after its registration deadline.
    let t = training(vec![session(2, 0)]);
    assert_eq!(
        alerts(&t, d(2024, 11, 16)),
        [TrainingAlert::RegistrationClosedUnderQuota {
            session: SessionRef::parse("00509908").unwrap(),
            places_left: 28
        }]
    );
    assert!(alerts(&t, d(2024, 11, 15)).is_empty());
    let mut cancelled = session(2, 0);
    cancelled.cancelled = true;
    assert!(alerts(&training(vec![cancelled]), d(2024, 11, 16)).is_empty());
}

#[test]
fn r_trn_4_awaiting_validation_keeps_the_training_published() {
    let mut t = training(vec![]);
    t.certification = CertificationStatus::AwaitingValidation;
    assert_eq!(tabs(&t, d(2024, 11, 1)), [TrainingTab::Published, TrainingTab::AwaitingValidation]);
}

#[test]
fn r_trn_4_archived_and_deleted_are_exclusive_tabs_with_no_alert() {
    let mut t = training(vec![session(2, 5)]);
    t.publication = Publication::Deleted;
    assert_eq!(tabs(&t, d(2024, 11, 16)), [TrainingTab::Deleted]);
    t.publication = Publication::Archived;
    assert_eq!(tabs(&t, d(2024, 11, 16)), [TrainingTab::Archived]);
}

#[test]
fn r_trn_4_tab_counts_for_the_headers() {
    let mut waiting = training(vec![]);
    waiting.publication = Publication::AwaitingPublication;
    let trainings = [training(vec![]), training(vec![session(2, 0)]), waiting];
    let counts = tab_counts(&trainings, d(2024, 11, 16));
    assert_eq!(
        counts,
        [
            (TrainingTab::Alerts, 1),
            (TrainingTab::Published, 2),
            (TrainingTab::AwaitingValidation, 0),
            (TrainingTab::AwaitingPublication, 1),
            (TrainingTab::Archived, 0),
            (TrainingTab::Deleted, 0),
        ]
    );
    assert_eq!(TrainingTab::Published.label(), "Publiées");
}

#[test]
fn training_tab_code_is_its_wire_name_and_reads_back() {
    for tab in TrainingTab::ALL {
        assert_eq!(serde_json::to_value(tab).unwrap(), tab.code());
        assert_eq!(TrainingTab::from_code(tab.code()), Some(tab));
    }
    assert_eq!(TrainingTab::from_code("publiees"), None);
}
