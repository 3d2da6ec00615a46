//! `POST /api/trainings/{reference}/certification/approve|reject` (platform, R-TRN-3).

use actix_web::{HttpResponse, post, web};
use contract::Training;

use super::edit::write_certification;
use super::show::training_view;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::offer::{certification, load_training};
use crate::state::AppState;
use crate::store;
use crate::store::audit::Author;

#[derive(Clone, Copy)]
enum Review {
    Approve,
    Reject,
}

async fn review(
    state: web::Data<AppState>,
    caller: Caller,
    reference: String,
    review: Review,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let author = Author { user_id: caller.user_id, organisation_id: actor.organisation_id().map(|o| o.0) };
    let today = state.today();
    let training: Training = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let (row, sessions) = load_training(conn, &actor, &reference)?;
                let current = certification(&row);
                let (after, action) = match review {
                    Review::Approve => (current.approve(&actor), "certification_approved"),
                    Review::Reject => (current.reject(&actor), "certification_rejected"),
                };
                let after = after.map_err(|e| ApiError::rule(&e))?;
                write_certification(conn, &row, &after, action, author)?;
                let row =
                    store::trainings::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Formation"))?;
                training_view(conn, &row, &sessions, &actor, today)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(training))
}

/// Publishes the certification change awaiting validation.
#[utoipa::path(
    operation_id = "approveCertificationChange",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "Certification publiée", body = Training),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Formation inconnue", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Aucun changement en attente", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/trainings/{reference}/certification/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    review(state, caller, path.into_inner(), Review::Approve).await
}

/// Rejects the certification change awaiting validation; the published value stays.
#[utoipa::path(
    operation_id = "rejectCertificationChange",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "Changement refusé", body = Training),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Formation inconnue", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Aucun changement en attente", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/trainings/{reference}/certification/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    review(state, caller, path.into_inner(), Review::Reject).await
}
