//! The caller's own choice of e-mail notifications (R-MAIL-1): a user reads and changes only theirs, so the
//! user id comes from the token, never from the request.

use contract::{NotificationPreference, NotificationPreferences, NotificationPreferencesUpdate};
use domain::notifications::{NotificationKind, opt_outs_after, receives};

use crate::auth::Caller;
use crate::db::Conn;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

fn view(opted_out: &[NotificationKind]) -> NotificationPreferences {
    NotificationPreferences {
        preferences: NotificationKind::ALL
            .iter()
            .map(|&kind| NotificationPreference {
                kind,
                label: kind.label().to_owned(),
                enabled: receives(kind, opted_out),
            })
            .collect(),
    }
}

fn read(conn: &mut Conn, user_id: i64) -> Result<NotificationPreferences, ApiError> {
    Ok(view(&store::notifications::opt_outs(conn, user_id)?))
}

pub async fn show(state: &AppState, caller: &Caller) -> Result<NotificationPreferences, ApiError> {
    let user_id = caller.user_id;
    state.db.run(move |conn| read(conn, user_id)).await
}

pub async fn change(
    state: &AppState,
    caller: &Caller,
    update: NotificationPreferencesUpdate,
) -> Result<NotificationPreferences, ApiError> {
    let user_id = caller.user_id;
    let choices: Vec<(NotificationKind, bool)> = update.preferences.iter().map(|c| (c.kind, c.enabled)).collect();
    state
        .db
        .write(move |conn| {
            let current = store::notifications::opt_outs(conn, user_id)?;
            store::notifications::set_opt_outs(conn, user_id, &opt_outs_after(&current, &choices))?;
            read(conn, user_id)
        })
        .await
}
