//! `PATCH /api/sessions/{reference}`: dates, deadlines, comment, capacity, coefficient, under `If-Match`.

use actix_web::{HttpResponse, patch, web};
use contract::{SessionPatch, SessionUpdated};

use super::with_etag;
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::if_match::IfMatch;
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::edit_session::edit_session;
use crate::state::AppState;

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
        (status = 400, description = "Corps illisible, champ inconnu ou If-Match mal formé (`invalid_if_match`)"),
        (status = 403, description = "Action non autorisée"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
        (status = 409, description = "Capacité inférieure aux candidats retenus"),
        (status = 412, description = "Modifiée entre-temps par quelqu'un d'autre"),
        (status = 422, description = "Règle de calendrier ou valeur refusée"),
        (status = 428, description = "En-tête If-Match manquant"),
    )
)]
#[patch("/sessions/{reference}")]
pub async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    if_match: Result<IfMatch, ApiError>,
    reference: Reference<SessionRef>,
    body: Json<SessionPatch>,
) -> Result<HttpResponse, ApiError> {
    // Taken as a `Result` so a bad token or body is answered first, as for every other route.
    let IfMatch(version) = if_match?;
    let updated = edit_session(&state, &caller, reference.into_inner(), version, body.into_inner()).await?;
    let version = updated.session.version;
    Ok(with_etag(HttpResponse::Ok(), &updated, version))
}
