//! What every handler shares.

use crate::auth::{LoginGuard, Tokens};
use crate::db::Db;

/// Application state registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    /// Rate limits, bounded hashing and lockout in front of every password check.
    pub login: LoginGuard,
}

impl AppState {
    /// Today's date where the service runs (the `TZ` of the process; Europe/Paris in production).
    /// Every rule receives it as a parameter (R-TIME-3).
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }
}
