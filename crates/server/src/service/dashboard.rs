//! The training organisation's dashboard: applications by role × state, cumulative since a date on published
//! sessions (R-LIST-1), with "Passage en avis non transmis d'ici 15 jours" (R-TIME-2).

use chrono::NaiveDate;
use contract::{DashboardCounts, DashboardQuery, RoleCounts, StateCounts};
use domain::access::Refusal;
use domain::access::{Actor, ActorKind, SessionRole};
use domain::application::ApplicationState;
use domain::time_rules::{earliest_end_not_switched, latest_end_switching_within_15_days, switches_within_15_days};

use crate::auth::Caller;
use crate::db::{Conn, Db};
use crate::error::ApiError;
use crate::store::application_lists::{Filter, Scope, tally};

const ROLES: [SessionRole; 3] = [SessionRole::Responsible, SessionRole::Positioner, SessionRole::Trainer];

/// The counts of the caller's organisation; 403 for anyone but a training organisation.
pub async fn dashboard(
    db: &Db,
    caller: &Caller,
    query: DashboardQuery,
    today: NaiveDate,
) -> Result<DashboardCounts, ApiError> {
    let actor = caller.actor()?;
    let (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) = (actor.kind(), actor) else {
        return Err(ApiError::rule(&Refusal::TrainingOrganisationRequired));
    };
    let since = query.since.unwrap_or_else(domain::lists::dashboard_default_since);
    db.run(move |conn| {
        let filter = Filter { received_from: Some(since), published_only: true, ..Filter::default() };
        let mut rows = Vec::with_capacity(ROLES.len());
        for role in ROLES {
            let scope = Scope::Organisation { id: id.0, role: Some(role) };
            let mut counts = StateCounts::default();
            tally::of(conn, scope, &filter)?.per_state().into_iter().for_each(|(s, n)| counts.add(s, n));
            rows.push(RoleCounts {
                role,
                role_label: role.label().to_owned(),
                counts,
                switching_within_15_days: switching(conn, scope, filter.clone(), today)?,
            });
        }
        let all = Scope::Organisation { id: id.0, role: None };
        let switching_within_15_days = switching(conn, all, filter, today)?;
        Ok(DashboardCounts { since, rows, switching_within_15_days })
    })
    .await
}

/// Pending applications whose switch to "avis non transmis" falls within 15 days, decided by the domain for
/// each session end.
fn switching(conn: &mut Conn, scope: Scope, filter: Filter, today: NaiveDate) -> Result<u64, ApiError> {
    let filter = Filter {
        end_from: Some(earliest_end_not_switched(today)),
        end_to: Some(latest_end_switching_within_15_days(today)),
        ..filter
    };
    Ok(tally::counted(conn, scope, &filter, &[])?
        .into_iter()
        .filter(|c| switches_within_15_days(ApplicationState::Pending, c.session_end, today))
        .map(|c| c.tally.get(ApplicationState::Pending))
        .sum())
}
