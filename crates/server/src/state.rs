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
    /// `LHEO_IMPORT_MAX_BYTES`: the largest LHEO file an upload may send (413 beyond).
    pub lheo_import_max_bytes: usize,
}

/// The default largest LHEO upload: a regional base of about 60,000 sessions, with room.
pub const LHEO_IMPORT_MAX_BYTES: usize = 256 * 1024 * 1024;

impl AppState {
    /// Today's date where the service runs; every rule receives it as a parameter (R-TIME-3).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
