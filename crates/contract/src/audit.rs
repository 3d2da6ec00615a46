//! The audit trail of a training or a session (R-SES-6).

use serde::{Deserialize, Serialize};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    /// Any JSON value: a date, a number, a text, `true`…
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub before: serde_json::Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub after: serde_json::Value,
}

/// Who did what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// UTC, ISO 8601.
    pub occurred_at: String,
    /// e.g. `created`, `updated`, `certification_approved`, `cancelled`.
    pub action: String,
    pub actor_name: String,
    pub organisation_name: Option<String>,
    pub changes: Vec<FieldChange>,
}
