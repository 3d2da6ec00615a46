//! `GET /api/sessions`: "Gestion par sessions".

use actix_web::{HttpResponse, get, web};
use contract::{SessionList, SessionListQuery};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::list_sessions::list_sessions;
use crate::state::AppState;

/// Sessions where the caller's organisation holds a role (R-ACC-3), soonest first, with the count of each
/// period tab (R-LIST-2, R-TIME-4) and "Inscrits" (R-QUOTA-5).
#[utoipa::path(
    operation_id = "listSessions",
    tag = "sessions",
    security(("bearer" = [])),
    params(SessionListQuery),
    responses(
        (status = 200, description = "Une page de sessions", body = SessionList),
        (status = 403, description = "Réservé aux organismes, financeurs et à la plateforme"),
    )
)]
#[get("/sessions")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SessionListQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = list_sessions(&state, &caller, query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}
