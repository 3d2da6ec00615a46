//! `GET /api/sessions/{reference}/history`.

use actix_web::{HttpResponse, get, web};
use contract::HistoryEntry;
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::offer_history::session_history;
use crate::state::AppState;

/// Every change of the session: who, when, before and after (R-SES-6), newest first.
#[utoipa::path(
    operation_id = "getSessionHistory",
    tag = "sessions",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$")),
    responses(
        (status = 200, description = "Historique", body = [HistoryEntry]),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/sessions/{reference}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
) -> Result<HttpResponse, ApiError> {
    let entries = session_history(&state, &caller, reference.into_inner()).await?;
    Ok(HttpResponse::Ok().json(entries))
}
