//! Trainings (formations): the list with its tabs, the form, creation by the platform.

use domain::session::CalendarWarning;
use domain::training::{CertificationStatus, Contact, Publication, TrainingField, TrainingTab};
use serde::{Deserialize, Serialize};

use crate::sessions::{NewSession, SessionSummary};

/// An organisation as shown beside a training or a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: i64,
    pub name: String,
}

/// The "Financement" column: funder, contract number, scheme, measure (locked for organisations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funding {
    pub funder: OrganisationRef,
    /// N° de marché.
    pub contract_number: String,
    /// Dispositif.
    pub scheme: String,
    /// Mesure.
    pub measure: String,
}

/// One row of "Gestion des formations".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingSummary {
    /// 12 digits.
    pub reference: String,
    pub training_type: String,
    pub title: String,
    pub funding: Funding,
    pub publication: Publication,
    pub certification_status: CertificationStatus,
    /// French messages of the training's alerts (R-TRN-4).
    pub alerts: Vec<String>,
}

/// Number of trainings in each tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TabCounts {
    pub alerts: u64,
    pub published: u64,
    pub awaiting_validation: u64,
    pub awaiting_publication: u64,
    pub archived: u64,
    pub deleted: u64,
}

impl TabCounts {
    /// The count of one tab.
    pub fn get(&self, tab: TrainingTab) -> u64 {
        match tab {
            TrainingTab::Alerts => self.alerts,
            TrainingTab::Published => self.published,
            TrainingTab::AwaitingValidation => self.awaiting_validation,
            TrainingTab::AwaitingPublication => self.awaiting_publication,
            TrainingTab::Archived => self.archived,
            TrainingTab::Deleted => self.deleted,
        }
    }

    /// Adds one to a tab.
    pub fn add(&mut self, tab: TrainingTab) {
        let slot = match tab {
            TrainingTab::Alerts => &mut self.alerts,
            TrainingTab::Published => &mut self.published,
            TrainingTab::AwaitingValidation => &mut self.awaiting_validation,
            TrainingTab::AwaitingPublication => &mut self.awaiting_publication,
            TrainingTab::Archived => &mut self.archived,
            TrainingTab::Deleted => &mut self.deleted,
        };
        *slot += 1;
    }
}

/// `GET /api/trainings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingList {
    pub items: Vec<TrainingSummary>,
    /// Rows in the selected tab matching the search, across all pages.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Count per tab (with the same search), for the tab headers.
    pub counts: TabCounts,
    /// The cursor of the page after this one; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The texts an organisation enriches (R-TRN-2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrainingTexts {
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// "Le + de cette formation".
    pub highlights: String,
    pub objective: String,
    pub programme: String,
    pub access_conditions: String,
    pub prerequisites: String,
}

/// The certification with its change awaiting validation (R-TRN-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificationView {
    /// The value published to prescribers.
    pub published: String,
    /// A change awaiting the platform's validation.
    pub proposed: Option<String>,
    /// The last change the platform rejected.
    pub rejected: Option<String>,
    pub status: CertificationStatus,
}

/// A message of the domain with its stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub code: String,
    pub message: String,
}

/// `GET /api/trainings/{reference}`: the training form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Training {
    pub reference: String,
    pub training_type: String,
    pub title: String,
    pub funding: Funding,
    pub responsible_organisation: OrganisationRef,
    pub texts: TrainingTexts,
    /// "Coordonnées des personnes contact", up to five; the first is also `texts.contact_*`
    /// (R-TRN-CONTACT-1..3).
    pub contacts: Vec<Contact>,
    pub certification: CertificationView,
    pub publication: Publication,
    pub alerts: Vec<Notice>,
    /// The fields the caller may change; the others are shown greyed.
    pub editable_fields: Vec<TrainingField>,
    /// The sessions visible to the caller.
    pub sessions: Vec<SessionSummary>,
}

/// `PATCH /api/trainings/{reference}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TrainingPatch {
    /// Replaces every contact person (up to five, R-TRN-CONTACT-1..3); not with `contact_name`,
    /// `contact_phone` or `contact_email`, which change the first one only.
    pub contacts: Option<Vec<Contact>>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub highlights: Option<String>,
    pub objective: Option<String>,
    pub programme: Option<String>,
    pub access_conditions: Option<String>,
    pub prerequisites: Option<String>,
    /// An organisation's change awaits the platform's validation (R-TRN-3).
    pub certification: Option<String>,
    pub title: Option<String>,
    pub training_type: Option<String>,
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub funder_organisation_id: Option<i64>,
    pub contract_number: Option<String>,
    pub scheme: Option<String>,
    pub measure: Option<String>,
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub responsible_organisation_id: Option<i64>,
    pub publication: Option<Publication>,
}

/// `POST /api/trainings` (platform admin): a POEC training with its sessions (R-TRN-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTraining {
    /// Starts with `[POEC]`.
    #[cfg_attr(feature = "openapi", schema(max_length = 300, pattern = r"^\[POEC\][^\u0000]*$"))]
    pub title: String,
    #[serde(default = "simple")]
    pub training_type: String,
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub funder_organisation_id: i64,
    pub contract_number: String,
    pub scheme: String,
    pub measure: String,
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub responsible_organisation_id: i64,
    #[serde(default)]
    pub texts: TrainingTexts,
    #[serde(default)]
    pub certification: String,
    /// Published at once, or left awaiting publication.
    #[serde(default)]
    pub publish: bool,
    pub sessions: Vec<NewSession>,
}

fn simple() -> String {
    "SIMPLE".to_owned()
}

/// A warning to show after a change.
pub fn warning_notice(warning: CalendarWarning) -> Notice {
    let code = serde_json::to_value(warning).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    Notice { code, message: warning.message().to_owned() }
}
