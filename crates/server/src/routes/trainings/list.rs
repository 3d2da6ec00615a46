//! `GET /api/trainings`.

use actix_web::{HttpResponse, get, web};
use contract::{TabCounts, TrainingList, TrainingListQuery, TrainingSort};
use domain::access::Actor;
use domain::training::{TrainingTab, tabs};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::offer::{facts, organisation_names, views};
use crate::state::AppState;
use crate::store;

/// The trainings the caller's organisation holds a role on, in one tab, with the count of every tab (R-TRN-4).
#[utoipa::path(
    operation_id = "listTrainings",
    tag = "formations",
    security(("bearer" = [])),
    params(TrainingListQuery),
    responses(
        (status = 200, description = "Une page de l'onglet, et le nombre de formations par onglet", body = TrainingList),
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Rattachement non validé", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/trainings")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TrainingListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let TrainingListQuery { tab, q, sort, page, per_page } = query.into_inner();
    let tab = tab.unwrap_or(TrainingTab::Published);
    let paging = super::super::paging(page, per_page, 100)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let today = state.today();
    let organisation = match actor {
        Actor::PlatformAdmin => None,
        Actor::Organisation { id, .. } => Some(id.0),
    };
    let list = state
        .db
        .run(move |conn| {
            let trainings = store::trainings::visible(conn, organisation, q.as_deref())?;
            let ids: Vec<i64> = trainings.iter().map(|t| t.id).collect();
            let sessions = store::sessions::of_trainings(conn, &ids)?;
            let mut by_training: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
            for session in sessions {
                by_training.entry(session.training_id).or_default().push(session);
            }
            let mut counts = TabCounts::default();
            let mut in_tab = Vec::new();
            for training in &trainings {
                let own = by_training.remove(&training.id).unwrap_or_default();
                let training_tabs = tabs(&facts(training, &own)?, today);
                training_tabs.iter().for_each(|t| counts.add(*t));
                if training_tabs.contains(&tab) {
                    in_tab.push((training, own));
                }
            }
            if let Some(TrainingSort::Title) = sort {
                in_tab.sort_by_key(|(t, _)| t.title.to_lowercase());
            }
            let total = in_tab.len() as u64;
            let start = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
            let shown: Vec<_> = in_tab.into_iter().skip(start).take(per_page as usize).collect();
            let names = organisation_names(conn, shown.iter().map(|(t, _)| t.funder_organisation_id))?;
            let items = shown
                .iter()
                .map(|(training, own)| views::summary(training, own, &names, today))
                .collect::<Result<_, _>>()?;
            Ok(TrainingList { items, total, page, per_page, counts })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
