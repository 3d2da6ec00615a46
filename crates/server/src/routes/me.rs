//! `GET /api/me`.

use actix_web::{HttpResponse, get};
use contract::Me;

use crate::auth::Caller;
use crate::error::ApiError;

/// The current user and its memberships (pending ones included, so the app can say what it waits for).
#[utoipa::path(
    operation_id = "getMe",
    tag = "authentification",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "L'utilisateur connecté", body = Me),
    )
)]
#[get("/me")]
pub async fn me(caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(Me {
        id: caller.user_id,
        email: caller.email,
        full_name: caller.full_name,
        platform_admin: caller.platform_admin,
        memberships: caller.memberships,
    }))
}
