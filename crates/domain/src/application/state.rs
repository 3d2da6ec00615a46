//! The states of an application (R-APP-3): only *pending* changes, every other state is final.

use serde::{Deserialize, Serialize};

/// The state of an application, as in API.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// *En attente*: waiting for the decision.
    Pending,
    /// *Retenue*.
    Retained,
    /// *Non retenue*.
    NotRetained,
    /// *Avis non transmis*: no decision three weeks after the session's end (R-TIME-1).
    NoDecisionSent,
    /// *Refus : session complète* (R-QUOTA-3).
    RefusedSessionFull,
    /// *Refus : session annulée*.
    RefusedSessionCancelled,
}

impl ApplicationState {
    /// Every state, in the order of the UI tabs.
    pub const ALL: [Self; 6] = [
        Self::Pending,
        Self::Retained,
        Self::NotRetained,
        Self::NoDecisionSent,
        Self::RefusedSessionFull,
        Self::RefusedSessionCancelled,
    ];

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "En attente",
            Self::Retained => "Retenue",
            Self::NotRetained => "Non retenue",
            Self::NoDecisionSent => "Avis non transmis",
            Self::RefusedSessionFull => "Refus : session complète",
            Self::RefusedSessionCancelled => "Refus : session annulée",
        }
    }

    /// The snake_case code (same as serde), for database columns and query strings.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Retained => "retained",
            Self::NotRetained => "not_retained",
            Self::NoDecisionSent => "no_decision_sent",
            Self::RefusedSessionFull => "refused_session_full",
            Self::RefusedSessionCancelled => "refused_session_cancelled",
        }
    }

    /// Parses a code (from a database column or a query string).
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the application holds a place in the quota: pending and retained (R-QUOTA-2).
    #[must_use]
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Pending | Self::Retained)
    }

    /// Whether the state can never change again: all but pending (R-APP-3).
    #[must_use]
    pub fn is_final(self) -> bool {
        self != Self::Pending
    }

    /// Whether the application is live, i.e. blocks a second application of the same
    /// candidate on the same session (R-APP-1): pending or retained.
    #[must_use]
    pub fn is_live(self) -> bool {
        self.holds_place()
    }

    /// Whether `self → next` is a legal transition: only from pending, to a final state (R-APP-3).
    #[must_use]
    pub fn can_become(self, next: Self) -> bool {
        self == Self::Pending && next.is_final()
    }

    /// The state an application takes when its session is cancelled: live pending applications
    /// become *Refus : session annulée*; final ones keep their state (R-APP-3).
    #[must_use]
    pub fn on_session_cancelled(self) -> Option<Self> {
        (self == Self::Pending).then_some(Self::RefusedSessionCancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    #[test]
    fn r_app_3_only_pending_changes_all_others_are_final() {
        assert!(!Pending.is_final());
        for state in &ApplicationState::ALL[1..] {
            assert!(state.is_final(), "{state:?}");
            for next in ApplicationState::ALL {
                assert!(!state.can_become(next), "{state:?} → {next:?}");
            }
        }
        assert!(Pending.can_become(Retained));
        assert!(!Pending.can_become(Pending));
    }

    #[test]
    fn r_app_3_states_have_french_labels_and_snake_case_codes() {
        let labels: Vec<_> = ApplicationState::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(
            labels,
            [
                "En attente",
                "Retenue",
                "Non retenue",
                "Avis non transmis",
                "Refus : session complète",
                "Refus : session annulée"
            ]
        );
        for state in ApplicationState::ALL {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.code()));
            assert_eq!(ApplicationState::from_code(state.code()), Some(state));
        }
    }

    #[test]
    fn r_quota_2_holds_place_only_pending_and_retained() {
        let holding: Vec<_> = ApplicationState::ALL.into_iter().filter(|s| s.holds_place()).collect();
        assert_eq!(holding, [Pending, Retained]);
    }

    #[test]
    fn r_app_3_cancelling_a_session_refuses_pending_applications_only() {
        assert_eq!(Pending.on_session_cancelled(), Some(RefusedSessionCancelled));
        assert_eq!(Retained.on_session_cancelled(), None);
        assert_eq!(NotRetained.on_session_cancelled(), None);
    }
}
