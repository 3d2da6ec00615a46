//! The messages a change sends, written into the outbox in the change's own transaction: a validated decision
//! goes to KAIROS for France Travail's applications (R-AVIS-7) and to the prescriber's webhooks; a date change
//! goes to the prescribers of the session's pending applications (R-SES-3).

use std::collections::BTreeMap;

use contract::{KairosCandidate, KairosDocument, WebhookEvent};
use domain::application::ApplicationState;
use domain::decision::DecisionDraft;
use serde_json::json;

use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::applications::ApplicationRow;
use crate::store::outbox::{NewEvent, enqueue};
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

fn now_iso() -> String {
    store::now().and_utc().to_rfc3339()
}

fn webhook_body(event_type: &str, data: &serde_json::Value) -> impl Fn(&str) -> Result<String, ApiError> {
    let (event_type, data) = (event_type.to_owned(), data.clone());
    move |event_id: &str| {
        let event = WebhookEvent {
            event_id: event_id.to_owned(),
            event_type: event_type.clone(),
            occurred_at: now_iso(),
            data: data.clone(),
        };
        serde_json::to_string(&event).map_err(ApiError::internal)
    }
}

/// One webhook message per active subscription of the organisation.
fn to_subscribers(
    conn: &mut Conn,
    organisation_id: i64,
    application_id: Option<i64>,
    event_type: &str,
    data: &serde_json::Value,
) -> Result<(), ApiError> {
    for (subscription_id, _, _) in store::outbox::subscriptions_of(conn, organisation_id)? {
        let body = webhook_body(event_type, data);
        enqueue(
            conn,
            &NewEvent {
                event_type,
                destination: "webhook",
                subscription_id: Some(subscription_id),
                application_id,
                payload: &body,
            },
        )?;
    }
    Ok(())
}

/// After a decision was validated (and the e-mail to the prescriber who sent the application, R-MAIL-2).
pub fn decision_validated(
    conn: &mut Conn,
    public_url: &str,
    application: &ApplicationRow,
    session: &SessionRow,
    training: &TrainingRow,
    state: ApplicationState,
    draft: &DecisionDraft,
) -> Result<(), ApiError> {
    let data = json!({
        "application_reference": application.reference,
        "session_reference": session.reference,
        "training_reference": training.reference,
        "state": state,
        "state_label": state.label(),
    });
    to_subscribers(conn, application.prescriber_organisation_id, Some(application.id), "application.decided", &data)?;
    crate::service::notify::decision_validated(conn, public_url, application, session, training, state)?;
    if application.from_france_travail {
        let candidate = store::applications::candidate(conn, application.candidate_id)?;
        let document = |event_id: &str| {
            let document = KairosDocument {
                event_id: event_id.to_owned(),
                application_reference: application.reference.clone(),
                candidate: KairosCandidate {
                    last_name: candidate.last_name.clone(),
                    first_name: candidate.first_name.clone(),
                    birth_date: candidate.birth_date,
                    france_travail_id: candidate.france_travail_id.clone(),
                },
                session_reference: session.reference.clone(),
                training_reference: training.reference.clone(),
                decision: state,
                planned_entry_date: draft.entry_date(),
                planned_exit_date: draft.exit_date(),
                weekly_hours: draft.weekly_hours().map(|h| h.hours()),
                decided_at: now_iso(),
            };
            serde_json::to_string(&document).map_err(ApiError::internal)
        };
        enqueue(
            conn,
            &NewEvent {
                event_type: "application.decided",
                destination: "kairos",
                subscription_id: None,
                application_id: Some(application.id),
                payload: &document,
            },
        )?;
    }
    Ok(())
}

/// After a session's dates changed: each prescriber organisation with pending applications hears of it.
pub fn dates_changed(conn: &mut Conn, session: &SessionRow) -> Result<(), ApiError> {
    let mut by_prescriber: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in store::applications::live_of_session(conn, session.id)? {
        if row.state == ApplicationState::Pending {
            by_prescriber.entry(row.prescriber_organisation_id).or_default().push(row.reference);
        }
    }
    for (organisation_id, applications) in by_prescriber {
        let data = json!({
            "session_reference": session.reference,
            "start_date": session.start_date,
            "end_date": session.end_date,
            "registration_deadline": session.registration_deadline,
            "late_entry_deadline": session.late_entry_deadline,
            "pending_applications": applications,
        });
        to_subscribers(conn, organisation_id, None, "session.dates_changed", &data)?;
    }
    Ok(())
}
