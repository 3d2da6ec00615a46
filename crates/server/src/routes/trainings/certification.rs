//! `POST /api/trainings/{reference}/certification/approve|reject` (platform, R-TRN-3).

use actix_web::{HttpResponse, post, web};
use contract::Training;
use domain::ids::TrainingRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::review_certification::{Review, review_certification};
use crate::state::AppState;

/// Publishes the certification change awaiting validation.
#[utoipa::path(
    operation_id = "approveCertificationChange",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "Certification publiée", body = Training),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 404, description = "Formation inconnue"),
        (status = 409, description = "Aucun changement en attente"),
    )
)]
#[post("/trainings/{reference}/certification/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<TrainingRef>,
) -> Result<HttpResponse, ApiError> {
    let training = review_certification(&state, &caller, reference.into_inner(), Review::Approve).await?;
    Ok(HttpResponse::Ok().json(training))
}

/// Rejects the certification change awaiting validation; the published value stays.
#[utoipa::path(
    operation_id = "rejectCertificationChange",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "Changement refusé", body = Training),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 404, description = "Formation inconnue"),
        (status = 409, description = "Aucun changement en attente"),
    )
)]
#[post("/trainings/{reference}/certification/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<TrainingRef>,
) -> Result<HttpResponse, ApiError> {
    let training = review_certification(&state, &caller, reference.into_inner(), Review::Reject).await?;
    Ok(HttpResponse::Ok().json(training))
}
