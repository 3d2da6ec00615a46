//! The platform's upload of an LHEO file: read and checked whole, then written one training per transaction.

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use contract::LheoImportReport;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::lheo::{ImportOptions, import, prepare};
use crate::state::AppState;
use crate::store::audit::Author;

/// Imports `body` for a platform admin; a file that cannot be read is a 422 and nothing is written.
pub async fn import_lheo(
    state: &AppState,
    caller: &Caller,
    body: Bytes,
    dry_run: bool,
) -> Result<LheoImportReport, ApiError> {
    caller.require_platform_admin()?;
    let prepared = actix_web::web::block(move || prepare(&body))
        .await?
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "malformed_lheo", e.0))?;
    let options = ImportOptions {
        today: state.today(),
        author: Some(Author { user_id: caller.user_id, organisation_id: None }),
        dry_run,
    };
    state.db.run(move |conn| import(conn, prepared, options, &mut || {})).await
}
