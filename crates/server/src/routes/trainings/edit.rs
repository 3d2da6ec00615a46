//! `PATCH /api/trainings/{reference}`.

use actix_web::{HttpResponse, patch, web};
use contract::{Training, TrainingPatch};
use domain::ids::TrainingRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::routes::reference::Reference;
use crate::service::edit_training::edit_training;
use crate::state::AppState;

/// Changes a training. Its responsible organisation may change only the enrichment fields (R-TRN-2: others get
/// 422 `field_locked` naming them); its certification change waits for the platform (R-TRN-3). The trainer or
/// positioner of one of its sessions only reads it (403 `training_read_only`).
#[utoipa::path(
    operation_id = "updateTraining",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    request_body = TrainingPatch,
    responses(
        (status = 200, description = "La formation modifiée", body = Training),
        (status = 400, description = "Corps illisible ou champ inconnu"),
        (status = 403, description = "Action non autorisée, ou formation en lecture seule pour votre structure (`training_read_only`)"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
        (status = 422, description = "Champ verrouillé (`field_locked`) ou invalide"),
    )
)]
#[patch("/trainings/{reference}")]
pub async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<TrainingRef>,
    body: Json<TrainingPatch>,
) -> Result<HttpResponse, ApiError> {
    let training = edit_training(&state, &caller, reference.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(training))
}
