//! What every handler shares.

use crate::auth::{LoginGuard, Tokens};
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
    /// Rate limits, bounded hashing and lockout in front of every password check.
    pub login: LoginGuard,
    /// `PUBLIC_URL`: where users reach the web app, for the links in e-mail.
    pub public_url: String,
}

impl AppState {
    /// Today's date where the service runs; every rule receives it as a parameter (R-TIME-3).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
