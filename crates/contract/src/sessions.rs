//! Sessions: the table under a training, the session form and its change.

use chrono::NaiveDate;
use domain::session::SessionState;
use serde::{Deserialize, Serialize};

use crate::trainings::{Notice, OrganisationRef};

/// A session to create with its training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSession {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    /// Department code, e.g. `24`.
    pub department: String,
    pub commune: String,
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub trainer_organisation_id: i64,
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub positioner_organisation_id: Option<i64>,
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub capacity: i64,
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub coefficient: i64,
    #[serde(default)]
    pub comment: String,
}

/// One row of the sessions table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    /// 8 digits.
    pub reference: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// Applications are received until this day, then as late entries (R-APP-2).
    pub registration_deadline: NaiveDate,
    /// Late entries are received until this day (R-APP-2).
    pub late_entry_deadline: NaiveDate,
    /// "24 - Boulazac Isle Manoire".
    pub commune: String,
    pub trainer_organisation: OrganisationRef,
    pub state: SessionState,
    pub state_label: String,
    /// "Inscrits 2 / 24" (R-QUOTA-5): `places_held / quota` as text.
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

/// `GET /api/sessions/{reference}` (with an `ETag`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub reference: String,
    pub training_reference: String,
    pub training_title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub department: String,
    pub commune: String,
    /// "24 - Boulazac Isle Manoire".
    pub commune_label: String,
    pub trainer_organisation: OrganisationRef,
    pub positioner_organisation: Option<OrganisationRef>,
    pub comment: String,
    pub capacity: u32,
    pub coefficient: u32,
    /// capacity × coefficient (R-QUOTA-1).
    pub quota: u32,
    pub places_held: u32,
    pub places_left: u32,
    pub occupancy: String,
    /// Retained applications, never above `capacity` (R-QUOTA-4).
    pub retained: u32,
    pub cancelled: bool,
    pub state: SessionState,
    pub state_label: String,
    /// Whether the caller may move every date (funder, platform) or only postpone the start (organisation).
    pub may_change_all_dates: bool,
    /// The start as the funder or the platform last set it: the organisation's postponements count from it
    /// (R-SES-3).
    pub published_start_date: NaiveDate,
    /// The latest start the organisation may set itself: 14 days after `published_start_date`, whatever it
    /// already postponed (R-SES-3).
    pub latest_organisation_start: NaiveDate,
    /// Whether the caller may change the trainer, the positioner and the commune (funder, platform; R-SES-7).
    pub may_change_parties: bool,
    /// Optimistic-lock version, also sent as the `ETag`.
    pub version: i64,
}

/// `PATCH /api/sessions/{reference}`: only the fields present change; requires `If-Match`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SessionPatch {
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub registration_deadline: Option<NaiveDate>,
    pub late_entry_deadline: Option<NaiveDate>,
    /// ≤ 600 characters.
    pub comment: Option<String>,
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub capacity: Option<i64>,
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub coefficient: Option<i64>,
    /// The trainer (organisme formateur): the funder's and the platform's (R-SES-7).
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub trainer_organisation_id: Option<i64>,
    /// The positioner, `null` to remove it: the funder's and the platform's (R-SES-7).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, nullable))]
    #[serde(default, deserialize_with = "crate::whole_number::nullable", skip_serializing_if = "Option::is_none")]
    pub positioner_organisation_id: Option<Option<i64>>,
    /// Department code of the place, e.g. `33`: the funder's and the platform's (R-SES-7).
    pub department: Option<String>,
    /// Commune of the place: the funder's and the platform's (R-SES-7).
    pub commune: Option<String>,
}

/// Answer of an accepted session change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUpdated {
    pub session: Session,
    /// What the user must know (R-SES-3: applicants' files may be affected, prescribers are notified).
    pub warnings: Vec<Notice>,
}
