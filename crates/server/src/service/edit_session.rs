//! Changing a session's dates, comment, size, trainer, positioner and place under the version its editor read.
//! Every date change goes through the domain (R-SES-2..4), every change of who runs it and where too (R-SES-7);
//! every change is audited (R-SES-6). A new trainer or positioner moves the copies its applications keep and
//! the counters of both organisations: the database's triggers on `sessions` do it in this transaction.

use actix_web::http::StatusCode;
use contract::{SessionPatch, SessionUpdated, warning_notice};
use domain::access::Actor;
use domain::session::{CalendarChange, change_calendar};
use domain::text::SessionComment;

use domain::ids::SessionRef;

use super::Acting;
use super::audit_diff::AuditDiff;
use super::offer::{SessionModel, load_session, session_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};
use crate::store::sessions::{SessionChanges, SessionRow};

/// Applies the patch in one transaction if the session is still at `expected_version`; answers with the
/// session as it now is and the warnings to show.
pub async fn edit_session(
    state: &AppState,
    caller: &Caller,
    reference: SessionRef,
    expected_version: i64,
    patch: SessionPatch,
) -> Result<SessionUpdated, ApiError> {
    let Acting { actor, author, today } = Acting::of(state, caller)?;
    let public_url = state.public_url.clone();
    state
        .db
        .write(move |conn| {
            let (training, row) = load_session(conn, &actor, &reference)?;
            if row.version != expected_version {
                return Err(stale());
            }
            let (mut changes, warnings) = apply(&row, &patch, &actor, today)?;
            parties::apply(conn, &row, &patch, &actor, &mut changes)?;
            let diff = diff(&row.changes(), &changes);
            if !diff.is_empty() {
                if !store::sessions::update_if_version(conn, row.id, expected_version, &changes)? {
                    return Err(stale());
                }
                audit::record(conn, Entity::Session(&row.reference), "updated", author, diff.changes())?;
            }
            let row = store::sessions::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Session"))?;
            if !warnings.is_empty() {
                crate::service::applications::events::dates_changed(conn, &row)?;
                crate::service::notify::session_rescheduled(conn, &public_url, &row, &training)?;
            }
            Ok(SessionUpdated { session: session_view(conn, &training, &row, &actor, today)?, warnings })
        })
        .await
}

/// The session's columns once the patch is applied through the domain, and the warnings of a date change.
fn apply(
    row: &SessionRow,
    patch: &SessionPatch,
    actor: &Actor,
    today: chrono::NaiveDate,
) -> Result<(SessionChanges, Vec<contract::Notice>), ApiError> {
    let model = SessionModel::of(row)?;
    let mut changes = row.changes();
    let mut warnings = Vec::new();
    let request = CalendarChange {
        start: patch.start_date,
        end: patch.end_date,
        registration_deadline: patch.registration_deadline,
        late_entry_deadline: patch.late_entry_deadline,
    };
    if request != CalendarChange::default() {
        let outcome = change_calendar(&model.calendar, row.published_start_date, &request, actor, today)
            .map_err(|e| ApiError::rule(&e))?;
        let dates = outcome.calendar;
        changes.start_date = dates.start();
        changes.end_date = dates.end();
        changes.registration_deadline = dates.registration_deadline();
        changes.late_entry_deadline = dates.late_entry_deadline();
        changes.published_start_date = outcome.published_start;
        warnings = outcome.warnings.into_iter().map(warning_notice).collect();
    }
    if let Some(comment) = patch.comment.as_deref().map(str::trim).filter(|c| *c != row.comment) {
        let comment = SessionComment::parse(comment).map_err(|e| ApiError::rule(&e))?;
        changes.comment = comment.into();
    }
    if patch.capacity.is_some() || patch.coefficient.is_some() {
        let retained = store::count(row.retained, &format!("retained applications of session {}", row.reference))?;
        let size = model.size.change(patch.capacity, patch.coefficient, retained).map_err(|e| ApiError::rule(&e))?;
        changes.capacity = i32::try_from(size.capacity.get()).map_err(ApiError::internal)?;
        changes.coefficient = i32::try_from(size.coefficient.get()).map_err(ApiError::internal)?;
    }
    Ok((changes, warnings))
}

fn diff(before: &SessionChanges, after: &SessionChanges) -> AuditDiff {
    AuditDiff::default()
        .field("start_date", before.start_date, after.start_date)
        .field("end_date", before.end_date, after.end_date)
        .field("registration_deadline", before.registration_deadline, after.registration_deadline)
        .field("late_entry_deadline", before.late_entry_deadline, after.late_entry_deadline)
        .field("comment", before.comment.as_str(), after.comment.as_str())
        .field("capacity", before.capacity, after.capacity)
        .field("coefficient", before.coefficient, after.coefficient)
        .field("cancelled", before.cancelled, after.cancelled)
        .field("published_start_date", before.published_start_date, after.published_start_date)
        .field("trainer_organisation_id", before.trainer_organisation_id, after.trainer_organisation_id)
        .field("positioner_organisation_id", before.positioner_organisation_id, after.positioner_organisation_id)
        .field("department", before.department.as_str(), after.department.as_str())
        .field("commune", before.commune.as_str(), after.commune.as_str())
}

/// R-SES-7: the trainer, the positioner and the place, through the domain; the organisations named must be
/// training organisations.
mod parties {
    use contract::SessionPatch;
    use domain::access::Actor;
    use domain::ids::OrganisationId;
    use domain::session::{Commune, PartiesAndPlace, PartiesChange, PartyField, change_parties};

    use crate::db::Conn;
    use crate::error::ApiError;
    use crate::service::offer::organisations::check_session_organisations;
    use crate::store::sessions::{SessionChanges, SessionRow};

    pub fn apply(
        conn: &mut Conn,
        row: &SessionRow,
        patch: &SessionPatch,
        actor: &Actor,
        changes: &mut SessionChanges,
    ) -> Result<(), ApiError> {
        let placed = patch.department.is_some() || patch.commune.is_some();
        if patch.trainer_organisation_id.is_none() && patch.positioner_organisation_id.is_none() && !placed {
            return Ok(());
        }
        let stored = |e: domain::session::CommuneError| ApiError::internal(format!("stored commune: {e}"));
        let current = PartiesAndPlace {
            trainer: OrganisationId(row.trainer_organisation_id),
            positioner: row.positioner_organisation_id.map(OrganisationId),
            commune: Commune::parse(&row.department, &row.commune).map_err(stored)?,
        };
        let commune = if placed {
            let department = patch.department.as_deref().unwrap_or(&row.department);
            let name = patch.commune.as_deref().unwrap_or(&row.commune);
            Some(Commune::parse(department, name).map_err(|e| ApiError::rule(&e))?)
        } else {
            None
        };
        let change = PartiesChange {
            trainer: patch.trainer_organisation_id.map(OrganisationId),
            positioner: patch.positioner_organisation_id.map(|p| p.map(OrganisationId)),
            commune,
        };
        let (next, moved) = change_parties(&current, &change, actor).map_err(|e| ApiError::rule(&e))?;
        if moved.iter().any(|f| matches!(f, PartyField::Trainer | PartyField::Positioner)) {
            check_session_organisations(conn, next.trainer.0, next.positioner.map(|p| p.0))?;
        }
        changes.trainer_organisation_id = next.trainer.0;
        changes.positioner_organisation_id = next.positioner.map(|p| p.0);
        changes.department = next.commune.department().to_owned();
        changes.commune = next.commune.name().to_owned();
        Ok(())
    }
}

fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "stale_version",
        "La session a été modifiée entre-temps par quelqu'un d'autre : rechargez-la avant d'enregistrer.",
    )
}
