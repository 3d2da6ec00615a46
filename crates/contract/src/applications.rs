//! Applications (candidatures): intake by prescribers, lists, the application page, decisions, batch,
//! dashboard and availability.

use chrono::NaiveDate;
use domain::access::SessionRole;
use domain::application::{ApplicationState, CandidateInput};
use domain::batch::BatchAction;
use domain::decision::DecisionDraftInput;
use domain::session::SessionState;
use serde::{Deserialize, Serialize};

use crate::trainings::OrganisationRef;

/// `POST /api/sessions/{reference}/applications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApplication {
    pub candidate: CandidateInput,
    /// Why this candidate fits the session (≤ 4 000 characters).
    // The pattern: at least one character that is not Unicode White_Space (not blank once trimmed), no U+0000.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 4000,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    pub presentation: String,
}

/// Answer of an application: recorded as pending, or recorded but refused because the session is full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationReceived {
    /// 10 digits.
    pub reference: String,
    pub state: ApplicationState,
    /// Received after the registration deadline (liste complémentaire).
    pub late_entry: bool,
    /// French sentence for the prescriber.
    pub message: String,
}

/// Number of applications per state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCounts {
    pub pending: u64,
    pub retained: u64,
    pub not_retained: u64,
    pub no_decision_sent: u64,
    pub refused_session_full: u64,
    pub refused_session_cancelled: u64,
}

impl StateCounts {
    /// Adds `n` to a state.
    pub fn add(&mut self, state: ApplicationState, n: u64) {
        let slot = match state {
            ApplicationState::Pending => &mut self.pending,
            ApplicationState::Retained => &mut self.retained,
            ApplicationState::NotRetained => &mut self.not_retained,
            ApplicationState::NoDecisionSent => &mut self.no_decision_sent,
            ApplicationState::RefusedSessionFull => &mut self.refused_session_full,
            ApplicationState::RefusedSessionCancelled => &mut self.refused_session_cancelled,
        };
        *slot += n;
    }

    /// The count of a state.
    pub fn get(&self, state: ApplicationState) -> u64 {
        match state {
            ApplicationState::Pending => self.pending,
            ApplicationState::Retained => self.retained,
            ApplicationState::NotRetained => self.not_retained,
            ApplicationState::NoDecisionSent => self.no_decision_sent,
            ApplicationState::RefusedSessionFull => self.refused_session_full,
            ApplicationState::RefusedSessionCancelled => self.refused_session_cancelled,
        }
    }
}

/// One row of an application list (the guide's columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRow {
    pub reference: String,
    /// "NOM Prénom".
    pub candidate_name: String,
    pub candidate_email: String,
    pub candidate_phone: String,
    pub session_reference: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub responsible: OrganisationRef,
    pub positioner: Option<OrganisationRef>,
    pub trainer: OrganisationRef,
    pub prescriber: OrganisationRef,
    /// Date de préinscription.
    pub received_on: NaiveDate,
    pub state: ApplicationState,
    pub state_label: String,
    pub late_entry: bool,
    /// Nombre de convocations.
    pub invites_count: u32,
    /// Réponse à la dernière convocation (French label).
    pub last_invite_result: Option<String>,
    /// Date prévisionnelle d'entrée en formation.
    pub planned_entry_date: Option<NaiveDate>,
}

/// A page of applications with the count per state (same filters but the state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationList {
    pub items: Vec<ApplicationRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub counts: StateCounts,
    /// For the organisation and prescriber lists: rows in each period tab with the other filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_counts: Option<PeriodCounts>,
    /// The `cursor` of the page after this one; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// "Sessions en cours et à venir [n]" and "Sessions terminées [n]".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodCounts {
    pub current: u64,
    pub finished: u64,
}

/// One row of "Gestion par sessions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionListRow {
    pub reference: String,
    pub training_reference: String,
    pub training_title: String,
    pub funding: crate::trainings::Funding,
    pub responsible: OrganisationRef,
    pub positioner: Option<OrganisationRef>,
    pub trainer: OrganisationRef,
    /// Lieu: "24 - Boulazac Isle Manoire".
    pub commune: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub state: SessionState,
    pub state_label: String,
    /// Inscrits "2 / 30" (R-QUOTA-5): `places_held / quota` as text.
    pub occupancy: String,
    /// Pending and retained applications (R-QUOTA-2).
    pub places_held: u32,
    /// capacity × coefficient (R-QUOTA-1).
    pub quota: u32,
    /// Retained applications, never above `capacity` (R-QUOTA-4).
    pub retained: u32,
    /// *Capacité d'accueil* (R-SES-1).
    pub capacity: u32,
}

/// `GET /api/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub items: Vec<SessionListRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub period_counts: PeriodCounts,
    /// The cursor of the page after this one; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The candidate as shown to the organisations of R-ACC-3 and the prescriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateView {
    #[serde(flatten)]
    pub data: CandidateInput,
    /// Set once the retention period has passed and personal data was erased (R-GDPR-2).
    pub anonymised: bool,
}

/// Another application of the same candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationBrief {
    pub reference: String,
    pub training_title: String,
    pub session_reference: String,
    pub session_start: NaiveDate,
    pub received_on: NaiveDate,
    pub state: ApplicationState,
    pub state_label: String,
}

/// The decision (avis) of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    /// The saved draft, or the validated decision.
    pub draft: DecisionDraftInput,
    /// Validated: no change is possible any more (R-AVIS-6).
    pub validated: bool,
    /// When it was validated (UTC, ISO 8601).
    pub decided_at: Option<String>,
    /// Set when *Non retenue* came from an absence (R-AVIS-3): `unexcused_absence`, `excused_absence_at_last_invite`.
    pub automatic: Option<String>,
    /// Whether the caller's organisation gives this decision (R-ACC-3).
    pub may_decide: bool,
    /// Last day a decision is accepted (the day before the switch to "avis non transmis", R-TIME-1).
    pub last_decision_day: NaiveDate,
}

/// `GET /api/applications/{reference}` (R-APP-4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationDetail {
    pub reference: String,
    pub state: ApplicationState,
    pub state_label: String,
    pub late_entry: bool,
    /// UTC, ISO 8601.
    pub received_at: String,
    pub session_reference: String,
    pub training_reference: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub commune: String,
    pub prescriber: OrganisationRef,
    pub from_france_travail: bool,
    pub candidate: CandidateView,
    pub presentation: String,
    /// The candidate's other applications, finished or not.
    pub history: Vec<ApplicationBrief>,
    /// The candidate's other live (pending or retained) applications.
    pub other_live: Vec<ApplicationBrief>,
    pub decision: DecisionView,
    /// The caller's roles on the session.
    pub my_roles: Vec<SessionRole>,
    /// Forwarding to France Travail (KAIROS) once the decision is validated, for applications its
    /// counsellors sent (R-AVIS-7).
    pub forwarding: Option<crate::outbox::ForwardingStatus>,
}

/// `POST /api/sessions/{reference}/applications/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchRequest {
    /// 1 to 500 applications of the session.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub references: Vec<String>,
    pub action: BatchAction,
}

/// The refusal of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemError {
    pub code: String,
    pub message: String,
}

/// The outcome of one item of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub reference: String,
    pub ok: bool,
    pub state: Option<ApplicationState>,
    pub error: Option<ItemError>,
}

/// Answer of a batch: one outcome per reference, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResults {
    pub results: Vec<BatchResult>,
}

/// One line of the dashboard (R-LIST-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleCounts {
    pub role: SessionRole,
    pub role_label: String,
    pub counts: StateCounts,
    /// "Passage en avis non transmis d'ici 15 jours" (R-TIME-2).
    pub switching_within_15_days: u64,
}

/// `GET /api/dashboard/application-counts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardCounts {
    pub since: NaiveDate,
    pub rows: Vec<RoleCounts>,
    /// Sum over the rows, counting each application once.
    pub switching_within_15_days: u64,
}

/// A session with free places, as prescribers see it (no candidate data, R-LIST-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailableSession {
    pub reference: String,
    pub training_reference: String,
    pub training_title: String,
    pub objective: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub department: String,
    pub commune: String,
    pub commune_label: String,
    pub trainer: OrganisationRef,
    pub places_left: u32,
    pub quota: u32,
    pub state: SessionState,
    pub state_label: String,
}
