//! Who is told what by e-mail (issue 12), and what a user chose to receive.
//!
//! - R-MAIL-1 Each user chooses which kinds of notification they receive; every kind is on until they turn it
//!   off (a new kind reaches everyone).
//! - R-MAIL-2 A new application is announced to the members of the organisation that decides on it (R-ACC-3);
//!   a validated decision to the prescriber who sent the application; a date change (R-SES-3) or a
//!   cancellation to the prescriber organisations holding a live application (pending or retained) on the
//!   session — a prescriber of another session hears nothing.
//! - R-MAIL-3 Each deciding organisation receives at most one digest a week (weeks start on Monday) of its
//!   applications switching to *avis non transmis* within 15 days (R-TIME-2), and none when there are none.
//! - R-MAIL-4 E-mail crosses servers nobody here controls: a message names an application by its reference
//!   and a session by its reference, training title and dates, never the candidate; the link it carries
//!   needs a log-in, where the recipient reads what they may.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::application::ApplicationState;
use crate::error::{ErrorKind, RuleError};

/// The kinds of notification a user may turn on or off (R-MAIL-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewApplication,
    DecisionValidated,
    SessionRescheduled,
    SessionCancelled,
    WeeklyDigest,
}

impl NotificationKind {
    pub const ALL: &'static [Self] = &[
        Self::NewApplication,
        Self::DecisionValidated,
        Self::SessionRescheduled,
        Self::SessionCancelled,
        Self::WeeklyDigest,
    ];

    /// The stable code stored and exchanged.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NewApplication => "new_application",
            Self::DecisionValidated => "decision_validated",
            Self::SessionRescheduled => "session_rescheduled",
            Self::SessionCancelled => "session_cancelled",
            Self::WeeklyDigest => "weekly_digest",
        }
    }

    /// What the preference screen says.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NewApplication => "Nouvelle candidature reçue par mon organisation",
            Self::DecisionValidated => "Avis validé sur une candidature que j'ai envoyée",
            Self::SessionRescheduled => "Changement de dates d'une session où mon organisation a une candidature",
            Self::SessionCancelled => "Annulation d'une session où mon organisation a une candidature",
            Self::WeeklyDigest => "Récapitulatif hebdomadaire des candidatures bientôt en avis non transmis",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Result<Self, UnknownKind> {
        Self::ALL.iter().copied().find(|k| k.code() == code).ok_or_else(|| UnknownKind(code.to_owned()))
    }
}

/// A notification kind that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Type de notification inconnu : « {0} ».")]
pub struct UnknownKind(pub String);

impl RuleError for UnknownKind {
    fn code(&self) -> &'static str {
        "unknown_notification_kind"
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// Whether a user who turned off `opted_out` receives `kind` (R-MAIL-1).
#[must_use]
pub fn receives(kind: NotificationKind, opted_out: &[NotificationKind]) -> bool {
    !opted_out.contains(&kind)
}

/// The kinds turned off once `choices` (kind, on?) apply to `opted_out` (R-MAIL-1): kinds not chosen keep
/// their value; the last choice for a kind wins. What is stored, in [`NotificationKind::ALL`]'s order.
#[must_use]
pub fn opt_outs_after(opted_out: &[NotificationKind], choices: &[(NotificationKind, bool)]) -> Vec<NotificationKind> {
    NotificationKind::ALL
        .iter()
        .copied()
        .filter(|kind| match choices.iter().rev().find(|(k, _)| k == kind) {
            Some((_, enabled)) => !enabled,
            None => opted_out.contains(kind),
        })
        .collect()
}

/// Whether an application in `state` makes its prescriber hear of its session's date change or cancellation
/// (R-MAIL-2): a live one, still waiting or retained.
#[must_use]
pub fn prescriber_hears_of_session_change(state: ApplicationState) -> bool {
    matches!(state, ApplicationState::Pending | ApplicationState::Retained)
}

/// The prescriber organisations to tell of a session's change, once each (R-MAIL-2), from the session's
/// applications as (prescriber organisation, state).
#[must_use]
pub fn prescribers_to_tell(applications: &[(i64, ApplicationState)]) -> BTreeSet<i64> {
    applications
        .iter()
        .filter(|(_, state)| prescriber_hears_of_session_change(*state))
        .map(|(organisation, _)| *organisation)
        .collect()
}

/// The week a digest sent on `today` belongs to, by its Monday: the key of "one digest a week" (R-MAIL-3).
#[must_use]
pub fn digest_week(today: NaiveDate) -> NaiveDate {
    today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_mail_1_every_kind_is_on_until_turned_off() {
        for &kind in NotificationKind::ALL {
            assert!(receives(kind, &[]));
        }
        assert!(!receives(NotificationKind::WeeklyDigest, &[NotificationKind::WeeklyDigest]));
        assert!(receives(NotificationKind::NewApplication, &[NotificationKind::WeeklyDigest]));
    }

    #[test]
    fn r_mail_1_choices_change_the_kinds_named_and_keep_the_others() {
        use NotificationKind::*;
        let stored =
            opt_outs_after(&[WeeklyDigest, NewApplication], &[(NewApplication, true), (SessionCancelled, false)]);
        assert_eq!(stored, vec![SessionCancelled, WeeklyDigest]);
        let last_wins = opt_outs_after(&[WeeklyDigest], &[(WeeklyDigest, false), (WeeklyDigest, true)]);
        assert!(last_wins.is_empty(), "the last choice for a kind wins");
        assert_eq!(opt_outs_after(&[], &[]), vec![]);
    }

    #[test]
    fn r_mail_1_codes_round_trip_and_unknown_ones_are_refused() {
        for &kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.code()), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
        }
        let refused = NotificationKind::parse("spam").unwrap_err();
        assert_eq!(refused.code(), "unknown_notification_kind");
        assert!(refused.message().contains("spam"));
    }

    #[test]
    fn r_mail_2_only_prescribers_with_a_live_application_hear_of_a_session_change() {
        let applications = [
            (1, ApplicationState::Pending),
            (1, ApplicationState::Retained),
            (2, ApplicationState::Retained),
            (3, ApplicationState::NotRetained),
            (4, ApplicationState::NoDecisionSent),
            (5, ApplicationState::RefusedSessionCancelled),
        ];
        assert_eq!(prescribers_to_tell(&applications).into_iter().collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn r_mail_3_a_digest_week_starts_on_monday() {
        assert_eq!(digest_week(day("2026-11-30")), day("2026-11-30"), "a Monday is its own week");
        assert_eq!(digest_week(day("2026-12-06")), day("2026-11-30"), "Sunday closes it");
        assert_eq!(digest_week(day("2026-12-07")), day("2026-12-07"));
        assert_eq!(digest_week(day("2027-01-01")), day("2026-12-28"), "across the new year");
    }
}
