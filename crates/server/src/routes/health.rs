//! `GET /api/health`.

use actix_web::{HttpResponse, get, web};
use contract::Health;
use diesel::connection::SimpleConnection;

use crate::error::ApiError;
use crate::state::AppState;

/// Answers once the database answers; load balancers probe it.
#[utoipa::path(
    operation_id = "getHealth",
    tag = "système",
    responses(
        (status = 200, description = "Le service et sa base répondent", body = Health),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.db.run(|conn| conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)).await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok".to_owned() }))
}
