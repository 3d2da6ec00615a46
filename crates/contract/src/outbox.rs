//! What leaves Tremplin: the KAIROS document, webhook events and subscriptions, and the outbox as the
//! platform admin sees it (R-AVIS-7).

use chrono::NaiveDate;
use domain::application::ApplicationState;
use serde::{Deserialize, Serialize};

/// The candidate as France Travail identifies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KairosCandidate {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    /// Identifiant France Travail, when the counsellor gave it.
    pub france_travail_id: Option<String>,
}

/// The document sent to France Travail's KAIROS when the decision on an application its counsellor sent is
/// validated (R-AVIS-7). Delivered as JSON with the headers `Idempotency-Key` (the event id) and, when a
/// secret is configured, `X-Tremplin-Signature`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KairosDocument {
    /// Unique per message; the receiver deduplicates on it.
    pub event_id: String,
    pub application_reference: String,
    pub candidate: KairosCandidate,
    pub session_reference: String,
    pub training_reference: String,
    /// `retained` or `not_retained`.
    pub decision: ApplicationState,
    pub planned_entry_date: Option<NaiveDate>,
    pub planned_exit_date: Option<NaiveDate>,
    /// Hours per 5-day week.
    pub weekly_hours: Option<f64>,
    /// UTC, ISO 8601.
    pub decided_at: String,
}

/// A webhook delivery body. Signed: `X-Tremplin-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
/// with the subscription's secret, `X-Tremplin-Timestamp: <unix seconds>`; `Idempotency-Key` is `event_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEvent {
    pub event_id: String,
    /// `application.decided`, `session.dates_changed`.
    pub event_type: String,
    /// UTC, ISO 8601.
    pub occurred_at: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// `POST /api/webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWebhook {
    /// `https://…`, without credentials, whose host resolves to public addresses only (not this machine, private
    /// or link-local networks, nor a cloud metadata address). `http://` to this machine only where the server
    /// allows local receivers (`WEBHOOK_ALLOW_HTTP_LOOPBACK`).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 500,
            pattern = r"^(https://|http://127\.0\.0\.1|http://localhost|http://\[::1\])[^\s\u0000]*$"
        )
    )]
    pub url: String,
}

/// A subscription; the secret is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub created_at: String,
    /// Only in the answer of the creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting or being retried.
    Pending,
    /// Acknowledged by the receiver.
    Sent,
    /// Gave up after the configured attempts; a platform admin may retry it.
    Dead,
}

/// One outbox message (platform admin view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    /// `kairos` or `webhook`.
    pub destination: String,
    /// The application the message is about, when it is about one.
    #[serde(default)]
    pub application_reference: Option<String>,
    pub state: DeliveryState,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// The forwarding to France Travail of one application, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForwardingStatus {
    pub state: DeliveryState,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}
