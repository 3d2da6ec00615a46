//! Anonymisation of a candidate past the retention period (R-GDPR-2): every copy of their personal data goes —
//! identity and contact, the presentation, the decision's free texts, the messages' bodies, the values in the
//! audit trail — while applications, states, dates and counts stay for statistics.

use domain::retention::audit_field_survives_anonymisation;

use super::decisions::stored_draft;
use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::audit::{self, Entity};

/// Why an undelivered message is abandoned.
const ABANDONED: &str = "Message abandonné : les données personnelles du candidat ont été effacées à la fin de \
                         leur durée de conservation.";

/// Anonymises the candidate of the application `reference`; returns whether it was not already. Call it in a
/// transaction.
pub fn anonymise(conn: &mut Conn, candidate_id: i64, reference: &str) -> Result<bool, ApiError> {
    let Some(candidate_sort) = store::applications::anonymise_candidate(conn, candidate_id)? else {
        return Ok(false);
    };
    let application =
        store::applications::find(conn, reference)?.ok_or_else(|| ApiError::internal("anonymised application"))?;
    let draft =
        serde_json::to_string(&stored_draft(&application)?.anonymised().to_input()).map_err(ApiError::internal)?;
    store::applications::anonymise_application(conn, application.id, candidate_id, &candidate_sort, &draft)?;
    store::outbox::erase_for_application(conn, application.id, ABANDONED)?;
    audit::redact(conn, Entity::Application(reference), audit_field_survives_anonymisation)?;
    audit::record_by_system(conn, Entity::Application(reference), "anonymised", &[])?;
    Ok(true)
}
