//! `GET /api/sessions/{reference}/applications`.

use actix_web::{HttpResponse, get, web};
use contract::{ApplicationList, SessionApplicationsQuery};
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::list_session_applications::list_session_applications;
use crate::state::AppState;

/// The session's applications in one state tab, with the count of every tab (R-LIST-3). Readable by the
/// session's responsible, positioner and trainer organisations (R-ACC-3).
#[utoipa::path(
    operation_id = "listSessionApplications",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$"), SessionApplicationsQuery),
    responses(
        (status = 200, description = "Une page, et le nombre de candidatures par état", body = ApplicationList),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/sessions/{reference}/applications")]
pub async fn session_list(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
    query: web::Query<SessionApplicationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = list_session_applications(&state.db, &caller, reference.into_inner(), query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}
