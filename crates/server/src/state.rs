//! What every handler shares.

use crate::auth::Tokens;
use crate::db::Db;

/// Application state registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    /// Where webhooks may point (checked at registration).
    pub webhook_policy: crate::net_guard::Policy,
    /// Who `/metrics` answers on this listener.
    pub metrics: crate::metrics::MetricsAccess,
}

impl AppState {
    /// Today's date where the service runs (the `TZ` of the process; Europe/Paris in production).
    /// Every rule receives it as a parameter (R-TIME-3).
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }
}
