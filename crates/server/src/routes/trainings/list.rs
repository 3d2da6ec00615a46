//! `GET /api/trainings`.

use actix_web::{HttpResponse, get, web};
use contract::{TrainingList, TrainingListQuery};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::list_trainings::list_trainings;
use crate::state::AppState;

/// The trainings the caller's organisation holds a role on, in one tab, with the count of every tab (R-TRN-4).
#[utoipa::path(
    operation_id = "listTrainings",
    tag = "formations",
    security(("bearer" = [])),
    params(TrainingListQuery),
    responses(
        (status = 200, description = "Une page de l'onglet, et le nombre de formations par onglet", body = TrainingList),
    )
)]
#[get("/trainings")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TrainingListQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = list_trainings(&state, &caller, query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}
