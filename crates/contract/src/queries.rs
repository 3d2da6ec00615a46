//! The query strings of the list endpoints: the server parses them, the web app serialises them, so the two
//! cannot disagree on a parameter name or value.

use chrono::NaiveDate;
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::session::{SessionState, SessionType};
use domain::training::TrainingTab;
use serde::{Deserialize, Serialize};

/// "Sessions en cours et à venir" or "Sessions terminées" (R-TIME-4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodTab {
    #[default]
    Current,
    Finished,
}

/// The order of an application list; every order ends on the id so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest applications first (default).
    #[default]
    ReceivedDesc,
    ReceivedAsc,
    /// Candidate's last name, A to Z.
    Candidate,
    /// Soonest session first.
    SessionStart,
}

impl Sort {
    /// Whether the order goes from the largest value down (`aria-sort="descending"`).
    pub fn descending(self) -> bool {
        self == Self::ReceivedDesc
    }
}

/// The order of the training list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrainingSort {
    #[default]
    Reference,
    Title,
}

/// `GET /api/applications`: the guide's tabs and filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ApplicationListQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodTab>,
    /// The role of my organisation (organisations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<SessionRole>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ApplicationState>,
    /// Start of the candidate's last name (then first name; case and accents ignored), start of the application
    /// reference, start of the session reference, or a word of the training title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_start_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_start_to: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_end_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_end_to: Option<NaiveDate>,
    /// "Type session": the training's type, e.g. `SIMPLE`, ignoring case (R-LIST-TYPE-1).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, max_length = 40))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_type: Option<SessionType>,
    /// `received_desc` (default), `received_asc`, `candidate`, `session_start`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 10 by default, 100 at most.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// The `next` of the previous page: continues the list after its last row, at the same cost on every page.
    /// Given, it replaces `page`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /api/sessions/{reference}/applications`: tab, filter and page of a session's applications.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SessionApplicationsQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ApplicationState>,
    /// Start of the candidate's last name (then first name; case and accents ignored), start of the application
    /// reference, start of the session reference, or a word of the training title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `received_desc` (default), `received_asc`, `candidate`, `session_start`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 10 by default, 500 at most.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// The `next` of the previous page: continues the list after its last row, at the same cost on every page.
    /// Given, it replaces `page`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /api/sessions`: "Gestion par sessions", the guide's tabs and filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SessionListQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodTab>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<SessionRole>,
    /// Etat session (derived by the domain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<SessionState>,
    /// Training title, session reference, commune or contract number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_start_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_start_to: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_end_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_end_to: Option<NaiveDate>,
    /// "Type session": the training's type, e.g. `SIMPLE`, ignoring case (R-LIST-TYPE-1).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, max_length = 40))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_type: Option<SessionType>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 10 by default, 100 at most.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Where the next page starts: the `next` of the previous answer. Given, `page` is ignored; a cursor from
    /// another list or order is refused (400 `invalid_cursor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /api/trainings`: tab, search, order and page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct TrainingListQuery {
    /// Defaults to `published`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tab: Option<TrainingTab>,
    /// Part of the title, the reference or the contract number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `reference` (default) or `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<TrainingSort>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 10 by default, 100 at most.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Where the next page starts: the `next` of the previous answer. Given, `page` is ignored; a cursor from
    /// another list or order is refused (400 `invalid_cursor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /api/sessions/{reference}/applications.csv`: the tab to export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ApplicationCsvQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ApplicationState>,
    /// Start of the candidate's last name (then first name; case and accents ignored), start of the application
    /// reference, start of the session reference, or a word of the training title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// `GET /api/dashboard/application-counts`: the start of the cumulative counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DashboardQuery {
    /// Default 2013-01-01, as in the guide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

/// `GET /api/availability`: where, when, what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AvailabilityQuery {
    /// Department code, e.g. `24`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Part of the commune's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    /// Sessions starting on or after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Words of the training's title or objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}
