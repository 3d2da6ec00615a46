//! `GET /api/trainings/{reference}`.

use actix_web::{HttpResponse, get, web};
use contract::Training;
use domain::ids::TrainingRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::show_training::show_training;
use crate::state::AppState;

/// The training form, with the fields the caller may edit and the sessions it may see.
#[utoipa::path(
    operation_id = "getTraining",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "La formation", body = Training),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/trainings/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<TrainingRef>,
) -> Result<HttpResponse, ApiError> {
    let training = show_training(&state, &caller, reference.into_inner()).await?;
    Ok(HttpResponse::Ok().json(training))
}
