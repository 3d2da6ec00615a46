//! `GET /api/applications/{reference}`.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationDetail;
use domain::ids::ApplicationRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::show_application::show_application;
use crate::state::AppState;

/// The application page (R-APP-4): candidate, their history and other live applications, presentation,
/// decision. Each read is recorded (R-GDPR-1).
#[utoipa::path(
    operation_id = "getApplication",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    responses(
        (status = 200, description = "La candidature", body = ApplicationDetail),
        (status = 404, description = "Inconnue, ou hors de votre périmètre"),
    )
)]
#[get("/applications/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<ApplicationRef>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(show_application(&state.db, &caller, reference.into_inner()).await?))
}
