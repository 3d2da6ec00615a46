//! `GET /api/applications/{reference}/candidate-export`: the candidate's data for an access request.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationDetail;
use domain::ids::ApplicationRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::export_candidate::export_candidate;
use crate::state::AppState;

/// Everything held on the candidate through this application, as a downloadable JSON document, for a
/// right-of-access request (R-GDPR-2); recorded in the audit trail and the read log.
#[utoipa::path(
    operation_id = "exportCandidateData",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    responses(
        (status = 200, description = "Données du candidat", body = ApplicationDetail),
        (status = 404, description = "Inconnue, ou hors de votre périmètre"),
    )
)]
#[get("/applications/{reference}/candidate-export")]
pub async fn candidate_export(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<ApplicationRef>,
) -> Result<HttpResponse, ApiError> {
    let reference = reference.into_inner();
    let file_name = format!("donnees-candidat-{reference}.json");
    let detail = export_candidate(&state.db, &caller, reference).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{file_name}\"")))
        .json(detail))
}
