//! `GET /api/dashboard/application-counts`.

use actix_web::{HttpResponse, get, web};
use contract::{DashboardCounts, DashboardQuery};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service;
use crate::state::AppState;

/// Applications by role of my organisation × state, cumulative since a date on published sessions (R-LIST-1),
/// with "Passage en avis non transmis d'ici 15 jours" (R-TIME-2).
#[utoipa::path(
    operation_id = "getApplicationCounts",
    tag = "candidatures",
    security(("bearer" = [])),
    params(DashboardQuery),
    responses(
        (status = 200, description = "Compteurs par rôle et par état", body = DashboardCounts),
        (status = 403, description = "Réservé aux organismes de formation"),
    )
)]
#[get("/dashboard/application-counts")]
pub async fn dashboard(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(service::dashboard::dashboard(&state.db, &caller, query.into_inner(), state.today()).await?))
}
