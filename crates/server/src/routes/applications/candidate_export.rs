//! `GET /api/applications/{reference}/candidate-export`: the candidate's data for an access request.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationDetail;

use crate::auth::Caller;
use crate::candidacy::{load, views};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Author, Entity};
use crate::store::candidate_reads::{Purpose, Reading};

/// Everything held on the candidate through this application, as a downloadable JSON document, for a
/// right-of-access request (R-GDPR-2); recorded in the audit trail and the read log.
#[utoipa::path(
    operation_id = "exportCandidateData",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "10 chiffres", pattern = "^[0-9]{10}$")),
    responses(
        (status = 200, description = "Données du candidat", body = ApplicationDetail),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou hors de votre périmètre", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{reference}/candidate-export")]
pub async fn candidate_export(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let author = Author { user_id: caller.user_id, organisation_id: actor.organisation_id().map(|o| o.0) };
    let reading = Reading::new(caller.user_id, &actor, Purpose::AccessRequestExport);
    let reference = path.into_inner();
    let file_name = format!("donnees-candidat-{reference}.json");
    let detail = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let loaded = load(conn, &actor, &reference)?;
                audit::record(
                    conn,
                    Entity::Application(&loaded.application.reference),
                    "candidate_exported",
                    author,
                    &[],
                )?;
                views::detail(conn, &actor, reading, &loaded)
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{file_name}\"")))
        .json(detail))
}
