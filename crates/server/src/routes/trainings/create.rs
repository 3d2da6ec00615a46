//! `POST /api/trainings` (platform admin, R-TRN-1).

use actix_web::{HttpResponse, post, web};
use contract::{CreateTraining, Training};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::create_training::create_training;
use crate::state::AppState;

/// Creates a POEC training with its sessions, pre-filled as collected by France Travail (R-TRN-1).
#[utoipa::path(
    operation_id = "createTraining",
    tag = "formations",
    security(("bearer" = [])),
    request_body = CreateTraining,
    responses(
        (status = 201, description = "Formation créée", body = Training),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 422, description = "Champ invalide (intitulé sans [POEC], calendrier, capacité…)"),
    )
)]
#[post("/trainings")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateTraining>,
) -> Result<HttpResponse, ApiError> {
    let training = create_training(&state, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(training))
}
