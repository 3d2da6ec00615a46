//! `GET /api/availability`: sessions with free places, for prescribers.

use actix_web::{HttpResponse, get, web};
use contract::{AvailabilityQuery, AvailableSession};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;

/// Open sessions with free places (R-LIST-4): no candidate data, only places left.
#[utoipa::path(
    operation_id = "listAvailableSessions",
    tag = "candidatures",
    security(("bearer" = [])),
    params(AvailabilityQuery),
    responses(
        (status = 200, description = "Sessions ouvertes avec des places, 200 au plus", body = [AvailableSession]),
    )
)]
#[get("/availability")]
pub async fn availability(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AvailabilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let found = service::availability::availability(&state.db, &caller, query.into_inner(), state.today()).await?;
    Ok(HttpResponse::Ok().json(found))
}
