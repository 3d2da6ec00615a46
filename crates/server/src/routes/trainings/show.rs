//! `GET /api/trainings/{reference}`.

use actix_web::{HttpResponse, get, web};
use contract::Training;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::offer::{load_training, organisation_names, views};
use crate::state::AppState;

/// The training form, with the fields the caller may edit and the sessions it may see.
#[utoipa::path(
    operation_id = "getTraining",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    responses(
        (status = 200, description = "La formation", body = Training),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Rattachement non validé", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/trainings/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let today = state.today();
    let training = state
        .db
        .run(move |conn| {
            let (training, sessions) = load_training(conn, &actor, &path)?;
            training_view(conn, &training, &sessions, &actor, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(training))
}

/// The form view of a loaded training (also the answer of a change).
pub fn training_view(
    conn: &mut crate::db::Conn,
    training: &crate::store::trainings::TrainingRow,
    sessions: &[crate::store::sessions::SessionRow],
    actor: &domain::access::Actor,
    today: chrono::NaiveDate,
) -> Result<Training, ApiError> {
    let ids = [training.funder_organisation_id, training.responsible_organisation_id]
        .into_iter()
        .chain(sessions.iter().map(|s| s.trainer_organisation_id));
    let names = organisation_names(conn, ids)?;
    views::training(training, sessions, actor, &names, today)
}
