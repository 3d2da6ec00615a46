//! `GET /api/trainings/{reference}/history`.

use actix_web::{HttpResponse, get, web};
use contract::HistoryEntry;
use domain::ids::TrainingRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::offer_history::training_history;
use crate::state::AppState;

/// Every change of the training: who, when, before and after (R-SES-6), newest first.
#[utoipa::path(
    operation_id = "getTrainingHistory",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "Historique", body = [HistoryEntry]),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/trainings/{reference}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<TrainingRef>,
) -> Result<HttpResponse, ApiError> {
    let entries = training_history(&state, &caller, reference.into_inner()).await?;
    Ok(HttpResponse::Ok().json(entries))
}
