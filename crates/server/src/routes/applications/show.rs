//! `GET /api/applications/{reference}`.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationDetail;

use crate::auth::Caller;
use crate::candidacy::{load, views};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::candidate_reads::{Purpose, Reading};

/// The application page (R-APP-4): candidate, their history and other live applications, presentation,
/// decision. Each read is recorded (R-GDPR-1).
#[utoipa::path(
    operation_id = "getApplication",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    responses(
        (status = 200, description = "La candidature", body = ApplicationDetail),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou hors de votre périmètre", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::ApplicationPage);
    let detail = state
        .db
        .run(move |conn| {
            let loaded = load(conn, &actor, &path)?;
            views::detail(conn, &actor, reading, &loaded)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}
