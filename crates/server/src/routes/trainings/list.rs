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
    let query = query.into_inner();
    let paging = super::super::paging(query.page, query.per_page, 100)?;
    let list = list_trainings(&state, &caller, query, paging).await?;
    Ok(HttpResponse::Ok().json(list))
}
