//! "Valider l'avis": the final state, computed by the domain on counts read under the session's lock so
//! retained applications never exceed the capacity (R-AVIS-6, R-QUOTA-4, R-TIME-1).

use chrono::NaiveDate;
use contract::ApplicationDetail;
use domain::decision::validate_decision as decide;

use domain::ids::ApplicationRef;

use super::applications::decisions::{context, draft_columns, final_now, stored_draft};
use super::applications::{Loaded, events, load, load_for_decision, views};
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store;
use crate::store::candidate_reads::{Purpose, Reading};

/// Validates the saved decision of the application `reference` and answers its page as it now stands.
pub async fn validate_decision(
    db: &Db,
    caller: &Caller,
    reference: ApplicationRef,
    today: NaiveDate,
    public_url: String,
) -> Result<ApplicationDetail, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::DecisionAnswer);
    db.run(move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let Loaded { application, session, training } = load_for_decision(conn, &actor, &reference)?;
            let session =
                store::applications::lock_session(conn, session.id)?.ok_or_else(|| ApiError::not_found("Session"))?;
            let application = store::applications::find(conn, &application.reference)?
                .ok_or_else(|| ApiError::not_found("Candidature"))?;
            let context = context(&application, &session, today)?;
            let decision = decide(&context, &stored_draft(&application)?).map_err(|e| ApiError::rule(&e))?;
            let automatic = decision.automatic;
            let columns = draft_columns(&decision.draft)?;
            if !store::applications::finalise(conn, application.id, decision.state, automatic, Some(&columns))? {
                return Err(final_now(application.state));
            }
            let (state, draft) = (decision.state, &decision.draft);
            events::decision_validated(conn, &public_url, &application, &session, &training, state, draft)
        })?;
        let loaded = load(conn, &actor, &reference)?;
        views::detail(conn, &actor, reading, &loaded)
    })
    .await
}
