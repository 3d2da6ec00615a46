//! RFC 9457 problem details, the one error body of the API.

use serde::{Deserialize, Serialize};

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON field, dotted for nested ones (`candidate.email`).
    pub field: String,
    /// Stable machine code (snake_case).
    pub code: String,
    /// French explanation.
    pub message: String,
}

/// `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type (`urn:tremplin:problem:<code>`).
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short French title of the problem type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// French sentence for a person.
    pub detail: String,
    /// Stable machine code (snake_case), the field integrators switch on.
    pub code: String,
    /// Per-field errors, empty when the problem is not about fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Data a client needs to recover (e.g. the earliest valid date), when the rule provides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub extra: Option<serde_json::Value>,
}
