//! `GET /api/applications`: "Gestion par candidatures" for organisations, the own list for prescribers.

use actix_web::{HttpResponse, get, web};
use contract::{ApplicationList, ApplicationListQuery};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::list_applications::list_applications;
use crate::state::AppState;

/// Applications of the caller's organisation, newest first: through its session roles for a training
/// organisation (R-LIST-2), its own for a prescriber (R-ACC-4).
#[utoipa::path(
    operation_id = "listApplications",
    tag = "candidatures",
    security(("bearer" = [])),
    params(ApplicationListQuery),
    responses(
        (status = 200, description = "Une page, et le nombre de candidatures par état", body = ApplicationList),
        (status = 403, description = "Ni organisme de formation ni prescripteur"),
    )
)]
#[get("/applications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ApplicationListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(list_applications(&state.db, &caller, query.into_inner(), state.today()).await?))
}
