//! `PATCH /api/sessions/{reference}`: dates, deadlines, comment, capacity, coefficient, under `If-Match`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, patch, web};
use contract::{SessionPatch, SessionUpdated, warning_notice};
use domain::session::{CalendarChange, CalendarChangeError, change_calendar};
use domain::text::SessionComment;

use super::{session_view, with_etag};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::offer::{SessionModel, load_session};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Author, Entity};

/// Changes a session. Every date change goes through the domain (R-SES-2..4): an organisation may only
/// postpone the start by up to 14 days (`start_change_not_allowed` otherwise, naming who can), and moving the
/// registration deadline past the late-entry deadline needs both in one request
/// (`late_entry_deadline_must_move`, with `extra.earliest_valid_late_entry_deadline`). `If-Match` with the
/// `ETag` of the version read is required, so two editors never overwrite each other.
#[utoipa::path(
    operation_id = "updateSession",
    tag = "sessions",
    security(("bearer" = [])),
    params(
        ("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$"),
        ("If-Match" = String, Header, description = "ETag de la version lue, par exemple `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = SessionPatch,
    responses(
        (status = 200, description = "Session modifiée, avec les avertissements à afficher", body = SessionUpdated),
        (status = 400, description = "Corps illisible, champ inconnu ou If-Match mal formé (`invalid_if_match`)", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Action non autorisée", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Capacité inférieure aux candidats retenus", body = contract::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Modifiée entre-temps par quelqu'un d'autre", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Règle de calendrier ou valeur refusée", body = contract::Problem, content_type = "application/problem+json"),
        (status = 428, description = "En-tête If-Match manquant", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/sessions/{reference}")]
pub async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    path: web::Path<String>,
    body: Json<SessionPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected_version = if_match(&request)?;
    let actor = caller.actor()?;
    let author = Author { user_id: caller.user_id, organisation_id: actor.organisation_id().map(|o| o.0) };
    let patch = body.into_inner();
    let today = state.today();
    let updated = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let (training, row) = load_session(conn, &actor, &path)?;
                if row.version != expected_version {
                    return Err(stale());
                }
                let model = SessionModel::of(&row)?;
                let mut changes = row.changes();
                let mut audit_changes = Vec::new();
                let mut warnings = Vec::new();

                let request = CalendarChange {
                    start: patch.start_date,
                    end: patch.end_date,
                    registration_deadline: patch.registration_deadline,
                    late_entry_deadline: patch.late_entry_deadline,
                };
                if request != CalendarChange::default() {
                    let outcome =
                        change_calendar(&model.calendar, &request, &actor, today).map_err(calendar_refusal)?;
                    let dates = outcome.calendar;
                    for (field, before, after) in [
                        ("start_date", row.start_date, dates.start()),
                        ("end_date", row.end_date, dates.end()),
                        ("registration_deadline", row.registration_deadline, dates.registration_deadline()),
                        ("late_entry_deadline", row.late_entry_deadline, dates.late_entry_deadline()),
                    ] {
                        if before != after {
                            audit_changes.push(audit::change(field, before, after));
                        }
                    }
                    changes.start_date = dates.start();
                    changes.end_date = dates.end();
                    changes.registration_deadline = dates.registration_deadline();
                    changes.late_entry_deadline = dates.late_entry_deadline();
                    warnings = outcome.warnings.into_iter().map(warning_notice).collect();
                }
                if let Some(comment) = patch.comment.as_deref().map(str::trim).filter(|c| *c != row.comment) {
                    let comment = SessionComment::parse(comment).map_err(|e| ApiError::rule(&e))?;
                    audit_changes.push(audit::change("comment", row.comment.as_str(), comment.as_str()));
                    changes.comment = comment.as_str().to_owned();
                }
                if patch.capacity.is_some() || patch.coefficient.is_some() {
                    let retained = u32::try_from(row.retained).unwrap_or(0);
                    let size = model
                        .size
                        .change(patch.capacity, patch.coefficient, retained)
                        .map_err(|e| ApiError::rule(&e))?;
                    let (capacity, coefficient) = (size.capacity.get(), size.coefficient.get());
                    if capacity != model.size.capacity.get() {
                        audit_changes.push(audit::change("capacity", model.size.capacity.get(), capacity));
                    }
                    if coefficient != model.size.coefficient.get() {
                        audit_changes.push(audit::change("coefficient", model.size.coefficient.get(), coefficient));
                    }
                    changes.capacity = i32::try_from(capacity).map_err(ApiError::internal)?;
                    changes.coefficient = i32::try_from(coefficient).map_err(ApiError::internal)?;
                }
                if !audit_changes.is_empty() {
                    if !store::sessions::update_if_version(conn, row.id, expected_version, &changes)? {
                        return Err(stale());
                    }
                    audit::record(conn, Entity::Session(&row.reference), "updated", author, &audit_changes)?;
                }
                let dates_moved = !warnings.is_empty();
                let row = store::sessions::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Session"))?;
                if dates_moved {
                    crate::service::applications::events::dates_changed(conn, &row)?;
                }
                Ok(SessionUpdated { session: session_view(conn, &training, &row, &actor, today)?, warnings })
            })
        })
        .await?;
    let version = updated.session.version;
    Ok(with_etag(HttpResponse::Ok(), &updated, version))
}

fn if_match(request: &HttpRequest) -> Result<i64, ApiError> {
    let header = request.headers().get(actix_web::http::header::IF_MATCH).ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "Indiquez la version modifiée (en-tête If-Match avec l'ETag lu), pour ne pas écraser le travail d'un autre.",
        )
    })?;
    // A malformed value is the client's mistake (400), not a version someone else changed (412).
    let malformed =
        || ApiError::bad_request("invalid_if_match", "L'en-tête If-Match doit reprendre l'ETag lu, par exemple \"3\".");
    let value = header.to_str().map_err(|_| malformed())?.trim();
    let quoted = value.strip_prefix("W/").unwrap_or(value);
    let digits = quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or_else(malformed)?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    digits.parse().map_err(|_| malformed())
}

fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "stale_version",
        "La session a été modifiée entre-temps par quelqu'un d'autre : rechargez-la avant d'enregistrer.",
    )
}

/// The domain's refusal, with the data the web app needs to offer a fix.
fn calendar_refusal(error: CalendarChangeError) -> ApiError {
    let mut api = ApiError::rule(&error);
    api.extra = match &error {
        CalendarChangeError::LateEntryDeadlineMustMove { earliest_valid_late_entry_deadline, .. } => {
            Some(serde_json::json!({ "earliest_valid_late_entry_deadline": earliest_valid_late_entry_deadline }))
        }
        CalendarChangeError::StartChangeNotAllowed { latest_allowed_start, who_can_change, .. } => {
            Some(serde_json::json!({ "latest_allowed_start": latest_allowed_start, "who_can_change": who_can_change }))
        }
        CalendarChangeError::EndChangeNotAllowed { who_can_change } => {
            Some(serde_json::json!({ "who_can_change": who_can_change }))
        }
        _ => None,
    };
    api
}
