//! A derived session state as bounds on stored values, for filters that cannot call
//! [`SessionState::derive`] (SQL). The rule stays [`SessionState::derive`]: the tests below check on generated
//! sessions that a session matches a state's criteria exactly when it derives that state.

use chrono::NaiveDate;

use super::calendar::SessionCalendar;
use super::state::SessionState;
use crate::dates::add_days;
use crate::quota::Occupancy;

/// Days between two bounds, both included; `None` leaves that side open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DayRange {
    /// Every day.
    pub const ANY: Self = Self { from: None, to: None };

    const fn from(day: NaiveDate) -> Self {
        Self { from: Some(day), to: None }
    }

    const fn to(day: NaiveDate) -> Self {
        Self { from: None, to: Some(day) }
    }

    /// Whether `day` is in the range.
    #[must_use]
    pub fn contains(self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }
}

/// The stored values of the sessions in one state on one day: the cancelled flag, ranges of each date, and
/// whether every place of the quota is held (`None`: either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateCriteria {
    pub cancelled: bool,
    pub start: DayRange,
    pub end: DayRange,
    pub registration_deadline: DayRange,
    pub late_entry_deadline: DayRange,
    pub full: Option<bool>,
}

impl StateCriteria {
    const fn live() -> Self {
        Self {
            cancelled: false,
            start: DayRange::ANY,
            end: DayRange::ANY,
            registration_deadline: DayRange::ANY,
            late_entry_deadline: DayRange::ANY,
            full: None,
        }
    }

    /// The sessions in `state` on `today`.
    #[must_use]
    pub fn of(state: SessionState, today: NaiveDate) -> Self {
        let yesterday = today.pred_opt().unwrap_or(NaiveDate::MIN);
        let live = Self::live();
        match state {
            SessionState::Cancelled => Self { cancelled: true, ..live },
            SessionState::Finished => Self { end: DayRange::to(yesterday), ..live },
            SessionState::Full => Self { late_entry_deadline: DayRange::from(today), full: Some(true), ..live },
            SessionState::Open => Self {
                registration_deadline: DayRange::from(today),
                late_entry_deadline: DayRange::from(today),
                full: Some(false),
                ..live
            },
            SessionState::LateEntryOnly => Self {
                registration_deadline: DayRange::to(yesterday),
                late_entry_deadline: DayRange::from(today),
                full: Some(false),
                ..live
            },
            SessionState::Running => Self {
                start: DayRange::to(today),
                end: DayRange::from(today),
                late_entry_deadline: DayRange::to(yesterday),
                ..live
            },
            SessionState::Closed => Self {
                start: DayRange::from(add_days(today, 1)),
                end: DayRange::from(today),
                late_entry_deadline: DayRange::to(yesterday),
                ..live
            },
        }
    }

    /// The sessions that accept applications on `today` with a place left (R-LIST-4): open or late entry.
    #[must_use]
    pub fn accepting_applications(today: NaiveDate) -> Self {
        Self { late_entry_deadline: DayRange::from(today), full: Some(false), ..Self::live() }
    }

    /// Whether a session's stored values match.
    #[must_use]
    pub fn matches(&self, calendar: &SessionCalendar, cancelled: bool, occupancy: &Occupancy) -> bool {
        self.cancelled == cancelled
            && self.start.contains(calendar.start())
            && self.end.contains(calendar.end())
            && self.registration_deadline.contains(calendar.registration_deadline())
            && self.late_entry_deadline.contains(calendar.late_entry_deadline())
            && self.full.is_none_or(|full| full == occupancy.is_full())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::quota::{Capacity, Coefficient, Quota};

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    /// A valid calendar from four ordered offsets, a today around it, the flag and the places held.
    fn session() -> impl Strategy<Value = (SessionCalendar, NaiveDate, bool, Occupancy)> {
        (0i64..40, 0i64..40, 0i64..40, 0i64..40, 0i64..60, any::<bool>(), 0u32..8, 1u32..4, 1u32..3).prop_map(
            |(start, registration, gap, tail, today, cancelled, held, capacity, coefficient)| {
                // registration ≤ late entry ≤ end, start ≤ end: the deadlines may fall before or after the start.
                let late = registration + gap;
                let end = late.max(start) + tail;
                let calendar = SessionCalendar::new(day(start), day(end), day(registration), day(late)).unwrap();
                let quota = Quota::new(
                    Capacity::parse(capacity.into()).unwrap(),
                    Coefficient::parse(coefficient.into()).unwrap(),
                );
                (calendar, day(today), cancelled, Occupancy::new(held, quota))
            },
        )
    }

    proptest! {
        #[test]
        fn r_ses_1_state_criteria_agree_with_the_derived_state((calendar, today, cancelled, occupancy) in session()) {
            let derived = SessionState::derive(today, &calendar, cancelled, &occupancy);
            for state in SessionState::ALL {
                let matched = StateCriteria::of(state, today).matches(&calendar, cancelled, &occupancy);
                prop_assert_eq!(matched, derived == state, "{:?} derived {:?}", state, derived);
            }
        }

        #[test]
        fn r_list_4_accepting_criteria_agree_with_the_derived_state(
            (calendar, today, cancelled, occupancy) in session()
        ) {
            let derived = SessionState::derive(today, &calendar, cancelled, &occupancy);
            let matched = StateCriteria::accepting_applications(today).matches(&calendar, cancelled, &occupancy);
            prop_assert_eq!(matched, derived.accepts_applications() && occupancy.places_left() > 0);
        }
    }
}
