//! The tabs of "Formations conventionnées" and the alerts that need the organisation (R-TRN-4).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::certification::CertificationStatus;
use crate::application::ApplicationState;
use crate::ids::SessionRef;
use crate::quota::Occupancy;
use crate::session::SessionCalendar;
use crate::time_rules::switches_within_15_days;

/// A listing tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrainingTab {
    /// Alertes.
    Alerts,
    /// Publiées.
    Published,
    /// En attente de validation (a certification change waits for the platform).
    AwaitingValidation,
    /// En attente de publication.
    AwaitingPublication,
    /// Archivées.
    Archived,
    /// Supprimées (soft delete).
    Deleted,
}

impl TrainingTab {
    /// Every tab, in UI order.
    pub const ALL: [Self; 6] = [
        Self::Alerts,
        Self::Published,
        Self::AwaitingValidation,
        Self::AwaitingPublication,
        Self::Archived,
        Self::Deleted,
    ];

    /// The API code, as serde writes it.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Alerts => "alerts",
            Self::Published => "published",
            Self::AwaitingValidation => "awaiting_validation",
            Self::AwaitingPublication => "awaiting_publication",
            Self::Archived => "archived",
            Self::Deleted => "deleted",
        }
    }

    /// The tab of an API code, if it is one.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tab| tab.code() == code)
    }

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Alerts => "Alertes",
            Self::Published => "Publiées",
            Self::AwaitingValidation => "En attente de validation",
            Self::AwaitingPublication => "En attente de publication",
            Self::Archived => "Archivées",
            Self::Deleted => "Supprimées",
        }
    }
}

/// The lifecycle of a training, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Publication {
    /// Created, not yet visible to prescribers.
    AwaitingPublication,
    /// Visible to prescribers.
    Published,
    /// Kept for history, no longer offered.
    Archived,
    /// Soft-deleted.
    Deleted,
}

impl Publication {
    /// Every publication status.
    pub const ALL: [Self; 4] = [Self::AwaitingPublication, Self::Published, Self::Archived, Self::Deleted];

    /// The stored and serialised code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingPublication => "awaiting_publication",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Deleted => "deleted",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// What the alerts need to know about one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFacts {
    /// The session.
    pub reference: SessionRef,
    /// Its calendar.
    pub calendar: SessionCalendar,
    /// Cancelled sessions raise no alert.
    pub cancelled: bool,
    /// Places held against the quota.
    pub occupancy: Occupancy,
    /// Pending applications.
    pub pending: u32,
}

/// What the tabs need to know about one training.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFacts {
    /// Its lifecycle.
    pub publication: Publication,
    /// Its certification.
    pub certification: CertificationStatus,
    /// Its sessions.
    pub sessions: Vec<SessionFacts>,
}

/// Something that needs the organisation's attention (R-TRN-4 **[decision]**).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum TrainingAlert {
    /// The platform rejected the certification change.
    CertificationRejected,
    /// Pending applications will become "avis non transmis" within 15 days (R-TIME-2).
    ApplicationsSwitchingSoon {
        /// The session.
        session: SessionRef,
        /// How many pending applications.
        pending: u32,
    },
    /// The registration deadline passed while places are left: reopen it?
    RegistrationClosedUnderQuota {
        /// The session.
        session: SessionRef,
        /// Places left.
        places_left: u32,
    },
}

impl TrainingAlert {
    /// Stable snake_case code (the serde tag).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::CertificationRejected => "certification_rejected",
            Self::ApplicationsSwitchingSoon { .. } => "applications_switching_soon",
            Self::RegistrationClosedUnderQuota { .. } => "registration_closed_under_quota",
        }
    }

    /// French text.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::CertificationRejected => "Le changement de certification a été refusé par la plateforme.".to_owned(),
            Self::ApplicationsSwitchingSoon { session, pending } => format!(
                "Session {session} : {pending} candidature(s) en attente passeront en « Avis non transmis » d'ici 15 jours."
            ),
            Self::RegistrationClosedUnderQuota { session, places_left } => format!(
                "Session {session} : la date limite d'inscription est passée alors qu'il reste {places_left} place(s)."
            ),
        }
    }
}

/// The alerts of a training. Archived and deleted trainings raise none.
#[must_use]
pub fn alerts(training: &TrainingFacts, today: NaiveDate) -> Vec<TrainingAlert> {
    if matches!(training.publication, Publication::Archived | Publication::Deleted) {
        return Vec::new();
    }
    let mut alerts = Vec::new();
    if training.certification == CertificationStatus::Rejected {
        alerts.push(TrainingAlert::CertificationRejected);
    }
    for session in training.sessions.iter().filter(|s| !s.cancelled) {
        let end = session.calendar.end();
        if session.pending > 0 && switches_within_15_days(ApplicationState::Pending, end, today) {
            alerts.push(TrainingAlert::ApplicationsSwitchingSoon {
                session: session.reference.clone(),
                pending: session.pending,
            });
        }
        // Only while the session has not ended: reopening is still possible then.
        if today > session.calendar.registration_deadline() && today <= end && !session.occupancy.is_full() {
            alerts.push(TrainingAlert::RegistrationClosedUnderQuota {
                session: session.reference.clone(),
                places_left: session.occupancy.places_left(),
            });
        }
    }
    alerts
}

/// The tabs a training appears in. A published training with a pending certification change is
/// both published (old text) and awaiting validation; alerts add the Alerts tab.
#[must_use]
pub fn tabs(training: &TrainingFacts, today: NaiveDate) -> Vec<TrainingTab> {
    let mut tabs = Vec::new();
    match training.publication {
        Publication::Deleted => return vec![TrainingTab::Deleted],
        Publication::Archived => return vec![TrainingTab::Archived],
        Publication::Published => tabs.push(TrainingTab::Published),
        Publication::AwaitingPublication => tabs.push(TrainingTab::AwaitingPublication),
    }
    if training.certification == CertificationStatus::AwaitingValidation {
        tabs.push(TrainingTab::AwaitingValidation);
    }
    if !alerts(training, today).is_empty() {
        tabs.push(TrainingTab::Alerts);
    }
    tabs.sort_unstable();
    tabs
}

/// Count per tab, in UI order, for the tab headers ("Publiées [9]").
#[must_use]
pub fn tab_counts<'a>(
    trainings: impl IntoIterator<Item = &'a TrainingFacts>,
    today: NaiveDate,
) -> Vec<(TrainingTab, u32)> {
    let mut counts: Vec<(TrainingTab, u32)> = TrainingTab::ALL.iter().map(|t| (*t, 0)).collect();
    for training in trainings {
        for tab in tabs(training, today) {
            if let Some(entry) = counts.iter_mut().find(|(t, _)| *t == tab) {
                entry.1 += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
#[path = "tabs_tests.rs"]
mod tests;
