//! What every handler shares.

use crate::auth::Tokens;
use crate::db::Db;

/// Application state registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
}
