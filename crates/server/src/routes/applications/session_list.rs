//! `GET /api/sessions/{reference}/applications`.

use actix_web::{HttpResponse, get, web};
use contract::{ApplicationList, SessionApplicationsQuery};

use crate::auth::Caller;
use crate::candidacy::views;
use crate::error::ApiError;
use crate::service::offer::{load_session, parties};
use crate::state::AppState;
use crate::store::application_lists::{self, Filter, Scope};
use crate::store::candidate_reads::{Purpose, Reading};

/// The session's applications in one state tab, with the count of every tab (R-LIST-3). Readable by the
/// session's responsible, positioner and trainer organisations (R-ACC-3).
#[utoipa::path(
    operation_id = "listSessionApplications",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$"), SessionApplicationsQuery),
    responses(
        (status = 200, description = "Une page, et le nombre de candidatures par état", body = ApplicationList),
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{reference}/applications")]
pub async fn session_list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<SessionApplicationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::SessionApplicationList);
    let SessionApplicationsQuery { state: wanted, q, sort, page, per_page } = query.into_inner();
    let paging = super::super::paging(page, per_page, 500)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let list = state
        .db
        .run(move |conn| {
            let session_id = readable_session(conn, &actor, &path)?;
            let filter = Filter { state: wanted, text: q, sort: sort.unwrap_or_default(), ..Filter::default() };
            let found = application_lists::page(conn, Scope::Session(session_id), &filter, page, per_page)?;
            views::list(conn, reading, found, page, per_page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The session's id if the actor may read its applications (R-ACC-3); 404 otherwise.
pub fn readable_session(
    conn: &mut crate::db::Conn,
    actor: &domain::access::Actor,
    reference: &str,
) -> Result<i64, ApiError> {
    let (training, session) = load_session(conn, actor, reference)?;
    if !parties(&training, &session).may_read_applications(actor) {
        return Err(ApiError::not_found("Session"));
    }
    Ok(session.id)
}
