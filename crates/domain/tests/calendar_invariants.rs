//! Property tests of date changes (R-SES-2, R-SES-3, R-SES-4).

use chrono::{Days, NaiveDate};
use domain::access::{Actor, OrganisationKind};
use domain::ids::OrganisationId;
use domain::session::{CalendarChange, CalendarChangeError, SessionCalendar, change_calendar};
use proptest::prelude::*;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.checked_add_days(Days::new(offset))).unwrap_or(NaiveDate::MIN)
}

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// R-SES-2, R-SES-3, R-SES-4: every accepted change yields a valid calendar, organisations only
    /// postpone the start, to at most 14 days after its published start, and never move the end, and the R-SES-4 offer is valid.
    #[test]
    fn r_ses_2_r_ses_3_r_ses_4_every_accepted_calendar_change_is_valid(
        current in calendar_strategy(),
        start in proptest::option::of(0u64..120),
        end in proptest::option::of(0u64..120),
        registration in proptest::option::of(0u64..120),
        late_entry in proptest::option::of(0u64..120),
        actor_kind in 0u8..4,
        today in 0u64..60,
        already_postponed in 0u64..20,
    ) {
        let actor = match actor_kind {
            0 => Actor::organisation(OrganisationId(1), OrganisationKind::TrainingOrganisation),
            1 => Actor::organisation(OrganisationId(2), OrganisationKind::Funder),
            2 => Actor::organisation(OrganisationId(3), OrganisationKind::PrescriberOther),
            _ => Actor::PlatformAdmin,
        };
        let change = CalendarChange {
            start: start.map(day),
            end: end.map(day),
            registration_deadline: registration.map(day),
            late_entry_deadline: late_entry.map(day),
        };
        // The session may already have been postponed: its published start is up to 19 days earlier.
        let published = current.start().checked_sub_days(Days::new(already_postponed)).unwrap_or(current.start());
        match change_calendar(&current, published, &change, &actor, day(today)) {
            Ok(outcome) => {
                let c = outcome.calendar;
                prop_assert!(c.start() <= c.end());
                prop_assert!(c.registration_deadline() <= c.late_entry_deadline());
                prop_assert!(c.late_entry_deadline() <= c.end());
                if actor_kind == 0 {
                    prop_assert_eq!(c.end(), current.end());
                    prop_assert!(c.start() >= current.start());
                    // R-SES-3: 14 days in all from the published start, however many edits came before.
                    prop_assert!((c.start() - published).num_days() <= 14 || c.start() == current.start());
                    prop_assert_eq!(outcome.published_start, published);
                }
                prop_assert_ne!(actor_kind, 2);
                prop_assert_eq!(outcome.changed.is_empty(), outcome.warnings.is_empty());
            }
            Err(CalendarChangeError::LateEntryDeadlineMustMove { earliest_valid_late_entry_deadline, .. }) => {
                // Taking the offer must not be refused for the same reason again.
                let aligned = CalendarChange { late_entry_deadline: Some(earliest_valid_late_entry_deadline), ..change };
                let again = change_calendar(&current, published, &aligned, &actor, day(today));
                let refused_again = matches!(again, Err(CalendarChangeError::LateEntryDeadlineMustMove { .. }));
                prop_assert!(!refused_again);
            }
            Err(_) => {}
        }
    }
}
