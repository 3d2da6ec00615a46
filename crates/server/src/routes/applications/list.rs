//! `GET /api/applications`: "Gestion par candidatures" for organisations, the own list for prescribers.

use actix_web::{HttpResponse, get, web};
use contract::{ApplicationList, ApplicationListQuery, PeriodCounts, PeriodTab};
use domain::access::{Actor, ActorKind};

use crate::auth::Caller;
use crate::candidacy::views;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::application_lists::{self, Filter, Period, Scope};
use crate::store::candidate_reads::{Purpose, Reading};

/// Applications of the caller's organisation, newest first: through its session roles for a training
/// organisation (R-LIST-2), its own for a prescriber (R-ACC-4).
#[utoipa::path(
    operation_id = "listApplications",
    tag = "candidatures",
    security(("bearer" = [])),
    params(ApplicationListQuery),
    responses(
        (status = 200, description = "Une page, et le nombre de candidatures par état", body = ApplicationList),
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Ni organisme de formation ni prescripteur", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ApplicationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let q = query.into_inner();
    let scope = match (actor.kind(), actor) {
        (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) => {
            Scope::Organisation { id: id.0, role: q.role }
        }
        (ActorKind::Prescriber, Actor::Organisation { id, .. }) => Scope::Prescriber(id.0),
        _ => {
            return Err(ApiError::forbidden(
                "applications_not_available",
                "Les candidatures se consultent depuis un organisme de formation ou un prescripteur.",
            ));
        }
    };
    let reading = Reading::new(caller.user_id, &actor, Purpose::ApplicationList);
    let today = state.today();
    let filter = Filter {
        state: q.state,
        text: q.q,
        period: q.period.map(|p| match p {
            PeriodTab::Current => Period::Current(today),
            PeriodTab::Finished => Period::Finished(today),
        }),
        start_from: q.session_start_from,
        start_to: q.session_start_to,
        end_from: q.session_end_from,
        end_to: q.session_end_to,
        sort: q.sort.unwrap_or_default(),
        ..Filter::default()
    };
    let paging = super::super::paging(q.page, q.per_page, 100)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let list = state
        .db
        .run(move |conn| {
            let found = application_lists::page(conn, scope, &filter, page, per_page)?;
            let mut list = views::list(conn, reading, found, page, per_page)?;
            let tab = |period| Filter { period: Some(period), ..filter.clone() };
            list.period_counts = Some(PeriodCounts {
                current: application_lists::total(conn, scope, &tab(Period::Current(today)))?,
                finished: application_lists::total(conn, scope, &tab(Period::Finished(today)))?,
            });
            Ok(list)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
