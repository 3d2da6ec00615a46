//! The stored decision (avis) of an application and the domain's view of its session (R-AVIS-1..6, R-QUOTA-4),
//! and what a cancelled session does to its applications (R-APP-3).

use chrono::NaiveDate;
use domain::application::ApplicationState;
use domain::decision::{DecisionContext, DecisionDraft, DecisionDraftInput, DecisionError};

use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::SessionModel;
use crate::store;
use crate::store::applications::{ApplicationRow, DraftColumns};
use crate::store::sessions::SessionRow;

/// The stored draft (rules that do not depend on the day were checked when it was saved).
pub fn stored_draft(row: &ApplicationRow) -> Result<DecisionDraft, ApiError> {
    let input: DecisionDraftInput = serde_json::from_str(&row.decision_draft).map_err(ApiError::internal)?;
    DecisionDraft::try_from(input).map_err(|e| ApiError::internal(format!("stored draft of {}: {e:?}", row.reference)))
}

/// The columns storing a draft, and the list columns derived from it.
pub fn draft_columns(draft: &DecisionDraft) -> Result<DraftColumns, ApiError> {
    let last = draft.invites().last();
    Ok(DraftColumns {
        decision_draft: serde_json::to_string(&draft.to_input()).map_err(ApiError::internal)?,
        invites_count: i32::try_from(draft.invites().len()).map_err(ApiError::internal)?,
        last_invite_result: last.and_then(|i| i.result).map(|r| r.label().to_owned()),
        planned_entry_date: draft.entry_date(),
    })
}

/// What the domain needs to judge a decision on `application` today.
pub fn context(
    application: &ApplicationRow,
    session: &SessionRow,
    today: NaiveDate,
) -> Result<DecisionContext, ApiError> {
    let model = SessionModel::of(session)?;
    Ok(DecisionContext {
        state: application.state,
        calendar: model.calendar,
        capacity: model.size.capacity,
        retained: store::count(session.retained, &format!("retained applications of session {}", session.reference))?,
        today,
    })
}

/// The refusal of a change to an application whose decision became final meanwhile.
pub fn final_now(state: ApplicationState) -> ApiError {
    ApiError::rule(&DecisionError::Final { state })
}

/// A cancelled session refuses its pending applications (R-APP-3); final ones keep their state.
pub fn on_session_cancelled(conn: &mut Conn, session_id: i64) -> Result<usize, ApiError> {
    let mut changed = 0;
    for row in store::applications::live_of_session(conn, session_id)? {
        let current = row.state;
        if let Some(next) = current.on_session_cancelled()
            && store::applications::finalise(conn, row.id, next, None, None)?
        {
            changed += 1;
        }
    }
    Ok(changed)
}
