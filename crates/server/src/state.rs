//! What every handler shares.

use crate::auth::Tokens;
use crate::clock::Clock;
use crate::db::Db;

/// Application state registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    pub clock: Clock,
    /// Where webhooks may point (checked at registration).
    pub webhook_policy: crate::net_guard::Policy,
    /// Who `/metrics` answers on this listener.
    pub metrics: crate::metrics::MetricsAccess,
}

impl AppState {
    /// Today's date where the service runs; every rule receives it as a parameter (R-TIME-3).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
