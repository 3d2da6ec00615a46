//! R-TRN-4's tabs as stored values, for filters that cannot call [`tabs`] (SQL). The rule stays [`tabs`] and
//! [`alerts`]: the tests below check on generated trainings that a training matches a tab's criteria exactly
//! when [`tabs`] puts it in that tab.

use chrono::NaiveDate;

use super::certification::CertificationStatus;
use super::tabs::{Publication, SessionFacts, TrainingFacts, TrainingTab};
#[cfg(test)]
use super::tabs::{alerts, tabs};
use crate::session::DayRange;
use crate::time_rules::{DECISION_GRACE_DAYS, SWITCH_WARNING_DAYS};

/// The sessions that raise an alert on one day (R-TRN-4 **[decision]**, R-TIME-2): not cancelled, and either
/// pending applications with a session end in `switching_ends`, or a registration deadline in
/// `closed_registration` with a session end in `not_ended` and a place left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertCriteria {
    pub switching_ends: DayRange,
    pub closed_registration: DayRange,
    pub not_ended: DayRange,
}

impl AlertCriteria {
    /// The criteria on `today`.
    #[must_use]
    pub fn on(today: NaiveDate) -> Self {
        // The switch date is end + 21 days; it must fall within [today, today + 15].
        let back = |days: u64| today.checked_sub_days(chrono::Days::new(days)).unwrap_or(NaiveDate::MIN);
        Self {
            switching_ends: DayRange {
                from: Some(back(DECISION_GRACE_DAYS)),
                to: Some(back(DECISION_GRACE_DAYS - SWITCH_WARNING_DAYS)),
            },
            closed_registration: DayRange { from: None, to: Some(back(1)) },
            not_ended: DayRange { from: Some(today), to: None },
        }
    }

    /// The earliest end of a session that can raise an alert on the day: a list need not read the sessions
    /// that ended before it. Both kinds of alert bound the end (a closed registration with `not_ended`).
    #[must_use]
    pub fn earliest_end(&self) -> Option<NaiveDate> {
        Some(self.switching_ends.from?.min(self.not_ended.from?))
    }

    /// Whether a session raises an alert.
    #[must_use]
    pub fn raised_by(&self, session: &SessionFacts) -> bool {
        let end = session.calendar.end();
        !session.cancelled
            && ((session.pending > 0 && self.switching_ends.contains(end))
                || (self.closed_registration.contains(session.calendar.registration_deadline())
                    && self.not_ended.contains(end)
                    && !session.occupancy.is_full()))
    }
}

/// The trainings of one tab on one day: a publication among `publications`, and, when set, a certification
/// status; the Alerts tab adds "a rejected certification or a session raising an alert".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabCriteria {
    pub publications: &'static [Publication],
    pub certification: Option<CertificationStatus>,
    pub alerts: Option<AlertCriteria>,
}

/// Trainings still offered: the only ones with a certification tab or alerts.
const LIVE: &[Publication] = &[Publication::Published, Publication::AwaitingPublication];

impl TabCriteria {
    /// The criteria of `tab` on `today`.
    #[must_use]
    pub fn of(tab: TrainingTab, today: NaiveDate) -> Self {
        let only = |publications| Self { publications, certification: None, alerts: None };
        match tab {
            TrainingTab::Published => only(&[Publication::Published]),
            TrainingTab::AwaitingPublication => only(&[Publication::AwaitingPublication]),
            TrainingTab::Archived => only(&[Publication::Archived]),
            TrainingTab::Deleted => only(&[Publication::Deleted]),
            TrainingTab::AwaitingValidation => {
                Self { certification: Some(CertificationStatus::AwaitingValidation), ..only(LIVE) }
            }
            TrainingTab::Alerts => Self { alerts: Some(AlertCriteria::on(today)), ..only(LIVE) },
        }
    }

    /// Whether a training of this publication and certification status matches, alerts aside: what a count
    /// per group can decide ([`TabCriteria::alerts`] needs the sessions).
    #[must_use]
    pub fn admits(&self, publication: Publication, certification: CertificationStatus) -> bool {
        self.publications.contains(&publication) && self.certification.is_none_or(|status| status == certification)
    }

    /// Whether a training matches.
    #[must_use]
    pub fn matches(&self, training: &TrainingFacts) -> bool {
        self.admits(training.publication, training.certification)
            && self.alerts.is_none_or(|alerts| {
                training.certification == CertificationStatus::Rejected
                    || training.sessions.iter().any(|s| alerts.raised_by(s))
            })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ids::SessionRef;
    use crate::quota::{Capacity, Coefficient, Occupancy, Quota};
    use crate::session::SessionCalendar;

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    fn session() -> impl Strategy<Value = SessionFacts> {
        (0i64..40, 0i64..40, 0i64..10, 0i64..10, any::<bool>(), 0u32..5, 0u32..3).prop_map(
            |(start, registration, gap, tail, cancelled, held, pending)| {
                let late = registration + gap;
                let end = late.max(start) + tail;
                let quota = Quota::new(Capacity::parse(2).unwrap(), Coefficient::parse(2).unwrap());
                SessionFacts {
                    reference: SessionRef::parse("00500001").unwrap(),
                    calendar: SessionCalendar::new(day(start), day(end), day(registration), day(late)).unwrap(),
                    cancelled,
                    occupancy: Occupancy::new(held, quota),
                    pending: pending.min(held),
                }
            },
        )
    }

    fn training() -> impl Strategy<Value = TrainingFacts> {
        let publication = prop::sample::select(Publication::ALL.to_vec());
        let certification = prop::sample::select(vec![
            CertificationStatus::UpToDate,
            CertificationStatus::AwaitingValidation,
            CertificationStatus::Rejected,
        ]);
        (publication, certification, prop::collection::vec(session(), 0..4))
            .prop_map(|(publication, certification, sessions)| TrainingFacts { publication, certification, sessions })
    }

    proptest! {
        #[test]
        fn r_trn_4_tab_criteria_agree_with_the_tabs(training in training(), today in (0i64..80).prop_map(day)) {
            let shown = tabs(&training, today);
            for tab in TrainingTab::ALL {
                let matched = TabCriteria::of(tab, today).matches(&training);
                prop_assert_eq!(matched, shown.contains(&tab), "{:?} in {:?}", tab, shown);
            }
        }

        #[test]
        fn r_trn_4_alert_criteria_agree_with_the_alerts(training in training(), today in (0i64..80).prop_map(day)) {
            let criteria = AlertCriteria::on(today);
            let live = matches!(training.publication, Publication::Published | Publication::AwaitingPublication);
            let expected = live
                && (training.certification == CertificationStatus::Rejected
                    || training.sessions.iter().any(|s| criteria.raised_by(s)));
            prop_assert_eq!(!alerts(&training, today).is_empty(), expected);
        }

        #[test]
        fn r_trn_4_the_sessions_ended_before_the_earliest_alert_end_change_no_alert(
            training in training(),
            today in (0i64..80).prop_map(day),
        ) {
            let earliest = AlertCriteria::on(today).earliest_end().expect("the day's criteria bound the end");
            let mut recent = training.clone();
            recent.sessions.retain(|s| s.calendar.end() >= earliest);
            prop_assert_eq!(alerts(&recent, today), alerts(&training, today));
        }
    }
}
