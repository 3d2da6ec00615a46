//! The application page (R-APP-4), each read recorded (R-GDPR-1).

use contract::ApplicationDetail;

use domain::ids::ApplicationRef;

use super::applications::{load, views};
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store::candidate_reads::{Purpose, Reading};

/// The application `reference` as the actor may see it; 404 outside their scope.
pub async fn show_application(
    db: &Db,
    caller: &Caller,
    reference: ApplicationRef,
) -> Result<ApplicationDetail, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::ApplicationPage);
    db.run(move |conn| {
        let loaded = load(conn, &actor, &reference)?;
        views::detail(conn, &actor, reading, &loaded)
    })
    .await
}
