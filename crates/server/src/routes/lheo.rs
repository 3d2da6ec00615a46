//! `GET /api/lheo/offres.xml` (public) and `POST /api/admin/imports/lheo` (platform admin): the offer in
//! LHEO 2.3, the format of the Carif-Oref network.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use contract::LheoImportReport;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::import_lheo::import_lheo;
use crate::state::AppState;

/// The published trainings and their sessions not cancelled nor ended, as LHEO 2.3 (valid against the
/// schema the repository ships), with what LHEO lacks in `extras` (capacity, coefficient, quota, deadlines,
/// Tremplin's references). No candidate and no member: only each training's public contact. Streamed, so
/// the whole regional offer never sits in memory.
#[utoipa::path(
    operation_id = "exportLheoOffer",
    tag = "offre",
    responses(
        (status = 200, description = "L'offre au format LHEO 2.3", content_type = "application/xml", body = String),
    )
)]
#[get("/lheo/offres.xml")]
pub async fn export(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header(("Content-Disposition", "inline; filename=\"offres.xml\""))
        .streaming(crate::lheo::export_stream(&state.db, state.today()))
}

/// Options of an import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `true`: check and report, write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// Imports an LHEO 2.3 file (the body, UTF-8): creates or updates the POEC trainings and sessions keyed by
/// their LHEO ids (`formation`, `action`, `session` `numero`). A second import of the same file changes
/// nothing. Each training is written in its own transaction; a training with a refused element is left
/// out, with the element's path and the reason in the report. A field changed in Tremplin since the last
/// import keeps its value. Organisations are found by SIRET and never created; the funder's SIRET travels
/// in the training's `extra info="siret-financeur"`. A file that is not well-formed is refused whole.
#[utoipa::path(
    operation_id = "importLheo",
    tag = "administration",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "Le fichier LHEO 2.3"),
    responses(
        (status = 200, description = "Compte rendu de l'import", body = LheoImportReport),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 413, description = "Fichier trop volumineux"),
        (status = 422, description = "Fichier illisible (XML mal formé, ou pas un document LHEO) : rien n'est écrit"),
    )
)]
#[post("/admin/imports/lheo")]
pub async fn import(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    caller.require_platform_admin()?;
    let limit = state.lheo_import_max_bytes;
    let too_large = || {
        ApiError::new(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("Le fichier dépasse la taille maximale d'un import LHEO ({} Mo).", limit / (1024 * 1024)),
        )
    };
    let declared = request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request("invalid_body", format!("Corps de requête illisible : {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let report = import_lheo(&state, &caller, body.freeze(), query.dry_run).await?;
    Ok(HttpResponse::Ok().json(report))
}
