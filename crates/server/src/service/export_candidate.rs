//! Everything held on a candidate through an application, for a right-of-access request (R-GDPR-2): recorded in
//! the audit trail and the read log.

use contract::ApplicationDetail;

use domain::ids::ApplicationRef;

use super::applications::{load, views};
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store::audit::{self, Entity};
use crate::store::candidate_reads::{Purpose, Reading};

/// The candidate's data through the application `reference`.
pub async fn export_candidate(
    db: &Db,
    caller: &Caller,
    reference: ApplicationRef,
) -> Result<ApplicationDetail, ApiError> {
    let actor = caller.actor()?;
    let author = crate::service::offer::author(caller.user_id, &actor);
    let reading = Reading::new(caller.user_id, &actor, Purpose::AccessRequestExport);
    db.write(move |conn| {
        let loaded = load(conn, &actor, &reference)?;
        audit::record(conn, Entity::Application(&loaded.application.reference), "candidate_exported", author, &[])?;
        views::detail(conn, &actor, reading, &loaded)
    })
    .await
}
