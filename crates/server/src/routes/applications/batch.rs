//! `POST /api/sessions/{reference}/applications/batch` ("Gestion par lot").

use actix_web::{HttpResponse, post, web};
use contract::{BatchRequest, BatchResults};
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::process_batch::process_batch;
use crate::state::AppState;

/// Applies one action (an invite date, a result, a "non retenu" with its reason) to several applications of
/// the session; each succeeds or fails on its own rules and the answer lists every outcome (R-AVIS-8).
#[utoipa::path(
    operation_id = "applyBatchAction",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$")),
    request_body = BatchRequest,
    responses(
        (status = 200, description = "Le résultat de chaque candidature, dans l'ordre demandé", body = BatchResults),
        (status = 403, description = "Votre structure ne donne pas les avis de cette session"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
        (status = 422, description = "Lot vide ou trop grand"),
    )
)]
#[post("/sessions/{reference}/applications/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
    body: Json<BatchRequest>,
) -> Result<HttpResponse, ApiError> {
    let results = process_batch(
        &state.db,
        &caller,
        reference.into_inner(),
        body.into_inner(),
        state.today(),
        state.public_url.clone(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(results))
}
