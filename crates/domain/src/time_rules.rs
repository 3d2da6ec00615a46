//! Rules driven by the calendar: the three-week cut-off (R-TIME-1), the 15-day warning
//! (R-TIME-2) and the current / finished split (R-TIME-4). `today` is always a parameter (R-TIME-3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::application::ApplicationState;
use crate::dates::add_days;

/// Days after the session's end during which decisions can still be given (R-TIME-1).
pub const DECISION_GRACE_DAYS: u64 = 21;
/// Horizon of the "Passage en avis non transmis d'ici 15 jours" column (R-TIME-2).
pub const SWITCH_WARNING_DAYS: u64 = 15;

/// The day still-pending applications become *Avis non transmis*: end + 21 days (R-TIME-1).
///
/// **[decision]** On that day itself decisions are refused: the last day to give one is end + 20.
#[must_use]
pub fn switch_date(session_end: NaiveDate) -> NaiveDate {
    add_days(session_end, DECISION_GRACE_DAYS)
}

/// Whether the cut-off has passed: decisions are refused from the switch date on,
/// even if the job has not run yet (R-TIME-1).
#[must_use]
pub fn decisions_closed(session_end: NaiveDate, today: NaiveDate) -> bool {
    today >= switch_date(session_end)
}

/// Whether the scheduled job must switch this application to `no_decision_sent` (R-TIME-1).
/// Idempotent: a switched application is no longer pending.
#[must_use]
pub fn is_due_for_no_decision_sent(state: ApplicationState, session_end: NaiveDate, today: NaiveDate) -> bool {
    state == ApplicationState::Pending && decisions_closed(session_end, today)
}

/// The state the job sets, if any (R-TIME-1).
#[must_use]
pub fn switch_to_no_decision_sent(
    state: ApplicationState,
    session_end: NaiveDate,
    today: NaiveDate,
) -> Option<ApplicationState> {
    is_due_for_no_decision_sent(state, session_end, today).then_some(ApplicationState::NoDecisionSent)
}

/// "Passage en avis non transmis d'ici 15 jours": a pending application whose switch date falls
/// between today and today + 15 days, both included (R-TIME-2).
#[must_use]
pub fn switches_within_15_days(state: ApplicationState, session_end: NaiveDate, today: NaiveDate) -> bool {
    let switch = switch_date(session_end);
    state == ApplicationState::Pending && today <= switch && switch <= add_days(today, SWITCH_WARNING_DAYS)
}

/// The earliest session end whose pending applications have not switched yet on `today` (R-TIME-1): sessions
/// that ended earlier are past the grace days, so lists of what may still switch (R-TIME-2) start here.
#[must_use]
pub fn earliest_end_not_switched(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(chrono::Days::new(DECISION_GRACE_DAYS)).unwrap_or(NaiveDate::MIN)
}

/// The latest session end whose pending applications switch within 15 days on `today` (R-TIME-2): with
/// [`earliest_end_not_switched`], the only session ends the count needs to read.
#[must_use]
pub fn latest_end_switching_within_15_days(today: NaiveDate) -> NaiveDate {
    let latest_switch = add_days(today, SWITCH_WARNING_DAYS);
    latest_switch.checked_sub_days(chrono::Days::new(DECISION_GRACE_DAYS)).unwrap_or(NaiveDate::MIN)
}

/// A range of session ends: `from` included, `before` excluded (R-TIME-4 as a filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionEnds {
    pub from: Option<NaiveDate>,
    pub before: Option<NaiveDate>,
}

impl SessionEnds {
    /// Whether a session ending on `end` is in the range.
    #[must_use]
    pub fn contains(self, end: NaiveDate) -> bool {
        self.from.is_none_or(|from| end >= from) && self.before.is_none_or(|before| end < before)
    }
}

/// The two tabs of the lists (R-TIME-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionPeriod {
    /// "Sessions en cours et à venir": ending today or later.
    Current,
    /// "Sessions terminées": ended before today.
    Finished,
}

impl SessionPeriod {
    /// The period of a session ending on `session_end`.
    #[must_use]
    pub fn of(session_end: NaiveDate, today: NaiveDate) -> Self {
        if session_end >= Self::first_current_end(today) { Self::Current } else { Self::Finished }
    }

    /// The earliest session end that is still "en cours et à venir" on `today`: the session's last day counts.
    #[must_use]
    pub fn first_current_end(today: NaiveDate) -> NaiveDate {
        today
    }

    /// The session ends this tab shows on `today`, for filters that cannot call [`SessionPeriod::of`] (SQL).
    #[must_use]
    pub fn session_ends(self, today: NaiveDate) -> SessionEnds {
        let boundary = Self::first_current_end(today);
        match self {
            Self::Current => SessionEnds { from: Some(boundary), before: None },
            Self::Finished => SessionEnds { from: None, before: Some(boundary) },
        }
    }

    /// French tab label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Current => "Sessions en cours et à venir",
            Self::Finished => "Sessions terminées",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r_time_2_the_switching_count_reads_exactly_the_ends_between_its_bounds() {
        let today = d(2026, 3, 1);
        let (first, last) = (earliest_end_not_switched(today), latest_end_switching_within_15_days(today));
        for offset in -60..60_i64 {
            let end = d(2026, 1, 1) + chrono::Duration::days(offset + 60);
            let inside = first <= end && end <= last;
            assert_eq!(switches_within_15_days(Pending, end, today), inside, "session end {end}");
        }
        assert_eq!((first, last), (d(2026, 2, 8), d(2026, 2, 23)));
    }

    const END: (i32, u32, u32) = (2023, 9, 22);

    fn end() -> NaiveDate {
        d(END.0, END.1, END.2)
    }

    #[test]
    fn r_time_1_switch_date_is_end_plus_21_days() {
        assert_eq!(switch_date(end()), d(2023, 10, 13));
    }

    #[test]
    fn r_time_1_pending_switches_to_no_decision_sent_on_the_switch_date() {
        assert_eq!(switch_to_no_decision_sent(Pending, end(), d(2023, 10, 12)), None);
        assert_eq!(switch_to_no_decision_sent(Pending, end(), d(2023, 10, 13)), Some(NoDecisionSent));
        assert!(!decisions_closed(end(), d(2023, 10, 12)));
        assert!(decisions_closed(end(), d(2023, 10, 13)));
    }

    #[test]
    fn r_time_1_switch_is_idempotent_and_leaves_final_states_alone() {
        let late = d(2024, 1, 1);
        for state in [Retained, NotRetained, NoDecisionSent, RefusedSessionFull, RefusedSessionCancelled] {
            assert_eq!(switch_to_no_decision_sent(state, end(), late), None);
        }
    }

    #[test]
    fn r_time_2_switching_within_15_days_counts_pending_with_switch_in_window() {
        // Switch date 13/10/2023.
        assert!(!switches_within_15_days(Pending, end(), d(2023, 9, 27)));
        assert!(switches_within_15_days(Pending, end(), d(2023, 9, 28)));
        assert!(switches_within_15_days(Pending, end(), d(2023, 10, 13)));
        assert!(!switches_within_15_days(Pending, end(), d(2023, 10, 14)));
        assert!(!switches_within_15_days(Retained, end(), d(2023, 10, 1)));
    }

    #[test]
    fn r_time_3_rules_take_today_as_a_parameter() {
        // The same application gives different answers on different days: no hidden clock.
        assert_ne!(
            is_due_for_no_decision_sent(Pending, end(), d(2023, 10, 1)),
            is_due_for_no_decision_sent(Pending, end(), d(2023, 11, 1))
        );
    }

    #[test]
    fn r_time_4_current_ends_today_or_later_finished_before_today() {
        assert_eq!(SessionPeriod::of(end(), end()), SessionPeriod::Current);
        assert_eq!(SessionPeriod::of(end(), d(2023, 9, 1)), SessionPeriod::Current);
        assert_eq!(SessionPeriod::of(end(), d(2023, 9, 23)), SessionPeriod::Finished);
        assert_eq!(SessionPeriod::Finished.label(), "Sessions terminées");
    }

    #[test]
    fn r_time_4_session_ends_filter_agrees_with_the_period_of_each_session() {
        let today = end();
        for offset in -3i64..=3 {
            let session_end = today + chrono::Duration::days(offset);
            for period in [SessionPeriod::Current, SessionPeriod::Finished] {
                let shown = period.session_ends(today).contains(session_end);
                assert_eq!(shown, SessionPeriod::of(session_end, today) == period, "{period:?} {session_end}");
            }
        }
    }

    #[test]
    fn r_time_2_earliest_end_not_switched_is_21_days_back() {
        let today = d(2023, 10, 13);
        let earliest = earliest_end_not_switched(today);
        assert_eq!(earliest, d(2023, 9, 22));
        assert!(switches_within_15_days(Pending, earliest, today));
        assert!(!switches_within_15_days(Pending, earliest.pred_opt().unwrap(), today));
    }
}
