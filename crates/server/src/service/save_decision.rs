//! Saving a decision draft (R-AVIS-1..6): checked by the domain, refused once the decision is final.

use chrono::NaiveDate;
use contract::ApplicationDetail;
use domain::decision::{DecisionDraftInput, save_draft};

use domain::ids::ApplicationRef;

use super::applications::decisions::{context, draft_columns, final_now};
use super::applications::{Loaded, load, load_for_decision, views};
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store;
use crate::store::candidate_reads::{Purpose, Reading};

/// Saves the draft of the application `reference` and answers its page as it now stands.
pub async fn save_decision(
    db: &Db,
    caller: &Caller,
    reference: ApplicationRef,
    input: DecisionDraftInput,
    today: NaiveDate,
) -> Result<ApplicationDetail, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::DecisionAnswer);
    db.run(move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let Loaded { application, session, .. } = load_for_decision(conn, &actor, &reference)?;
            let draft = save_draft(&context(&application, &session, today)?, input).map_err(|e| ApiError::rule(&e))?;
            if !store::applications::save_draft(conn, application.id, &draft_columns(&draft)?)? {
                return Err(final_now(application.state));
            }
            Ok(())
        })?;
        let loaded = load(conn, &actor, &reference)?;
        views::detail(conn, &actor, reading, &loaded)
    })
    .await
}
