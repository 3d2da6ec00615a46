//! A session's applications in one state tab, with the count of every tab (R-LIST-3), for the session's
//! responsible, positioner and trainer organisations (R-ACC-3).

use contract::{ApplicationList, SessionApplicationsQuery};

use domain::ids::SessionRef;

use super::applications::start::start;
use super::applications::{readable_session, views};
use super::paging::paging;
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store::application_lists::{self, Filter, Scope, Search};
use crate::store::candidate_reads::{Purpose, Reading};

/// The largest page.
const MAX_PER_PAGE: u32 = 500;

/// One page of the applications of the session `reference`; 404 when the caller has no role on it.
pub async fn list_session_applications(
    db: &Db,
    caller: &Caller,
    reference: SessionRef,
    query: SessionApplicationsQuery,
) -> Result<ApplicationList, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::SessionApplicationList);
    let SessionApplicationsQuery { state, q, sort, page, per_page, cursor } = query;
    let paging = paging(page, per_page, MAX_PER_PAGE)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let mut filter = Filter { state, sort: sort.unwrap_or_default(), ..Filter::default() };
    let start = start(cursor.as_deref(), page, filter.sort)?;
    db.run(move |conn| {
        let session_id = readable_session(conn, &actor, &reference)?;
        let scope = Scope::Session(session_id);
        filter.search = q.map(|text| Search::resolve(conn, scope, &text)).transpose()?.flatten();
        let found = application_lists::page(conn, scope, &filter, &start, per_page)?;
        views::list(conn, reading, found, page, per_page)
    })
    .await
}
