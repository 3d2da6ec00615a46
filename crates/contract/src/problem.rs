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

/// Every `code` a [`Problem`] may carry, sorted: integrators switch on these, and the OpenAPI document lists them
/// as the enum of `Problem.code`. The server refuses (in debug builds) to answer with a code missing here, so
/// the tests and fuzzers find any code added without being listed. Field errors (`errors[].code`) are not
/// listed: they name what is wrong with one field.
pub const PROBLEM_CODES: &[&str] = &[
    "already_exists",
    "already_member",
    "applications_not_available",
    "authentication_busy",
    "cancel_forbidden",
    "capacity_below_retained",
    "capacity_reached",
    "certification_change_forbidden",
    "certification_rejected",
    "certification_review_forbidden",
    "commune_required",
    "concurrent_update",
    "constraint_violation",
    "contacts_and_first_contact",
    "database_unavailable",
    "date_change_forbidden",
    "decision_deadline_passed",
    "decision_final",
    "decision_forbidden",
    "duplicate_application",
    "email_taken",
    "end_before_start",
    "end_change_not_allowed",
    "field_locked",
    "idempotency_key_reused",
    "idempotent_request_in_progress",
    "if_match_required",
    "internal_error",
    "invalid_application_reference",
    "invalid_batch_size",
    "invalid_body",
    "invalid_candidate",
    "invalid_capacity",
    "invalid_coefficient",
    "invalid_contact_email",
    "invalid_contact_name",
    "invalid_contact_phone",
    "invalid_credentials",
    "invalid_current_password",
    "invalid_cursor",
    "invalid_decision",
    "invalid_department",
    "invalid_email",
    "invalid_full_name",
    "invalid_idempotency_key",
    "invalid_if_match",
    "invalid_metrics_token",
    "invalid_organisation",
    "invalid_organisation_header",
    "invalid_page",
    "invalid_path",
    "invalid_per_page",
    "invalid_presentation",
    "invalid_query",
    "invalid_refusal_reason",
    "invalid_retention",
    "invalid_schedule",
    "invalid_session_reference",
    "invalid_session_type",
    "invalid_siret_checksum",
    "invalid_siret_format",
    "invalid_title",
    "invalid_token",
    "invalid_training_reference",
    "invalid_webhook_url",
    "invalid_weekly_hours",
    "invitation_expired",
    "invitation_invalid",
    "invitation_used",
    "last_admin",
    "late_entry_deadline_after_end",
    "late_entry_deadline_must_move",
    "malformed_json",
    "malformed_lheo",
    "member_administration_forbidden",
    "membership_already_approved",
    "membership_approval_forbidden",
    "membership_not_active",
    "membership_not_pending",
    "membership_pending",
    "method_not_allowed",
    "missing_token",
    "no_certification_change_pending",
    "not_a_member",
    "not_found",
    "nul_character",
    "organisation_admin_required",
    "organisation_required",
    "outcome_before_session_end",
    "outcome_forbidden",
    "outcome_needs_retained",
    "outcomes_funder_only",
    "password_too_short",
    "payload_too_large",
    "platform_admin_required",
    "prescriber_required",
    "publication_forbidden",
    "registration_closed",
    "registration_closed_under_quota",
    "registration_deadline_after_late_entry",
    "required",
    "reset_link_expired",
    "reset_link_invalid",
    "reset_link_used",
    "revoked_token",
    "route_not_found",
    "session_already_cancelled",
    "session_cancelled",
    "session_change_forbidden",
    "session_full",
    "session_parties_funder_only",
    "sessions_not_available",
    "siret_taken",
    "stale_version",
    "start_change_not_allowed",
    "text_too_long",
    "too_long",
    "too_many_attempts",
    "too_many_contacts",
    "training_organisation_required",
    "training_read_only",
    "unknown_reference",
    "unsupported_media_type",
    "webhook_limit_reached",
];

#[cfg(test)]
mod tests {
    #[test]
    fn problem_codes_are_sorted_unique_snake_case() {
        let codes = super::PROBLEM_CODES;
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique, for binary search");
        assert!(codes.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
    }
}
