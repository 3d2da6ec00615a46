//! `GET /api/sessions/{reference}/applications.csv`: the shown table, ready for French Excel.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationCsvQuery as CsvQuery;
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::export_applications::export_applications;
use crate::state::AppState;

/// The session's applications as CSV that opens correctly in French Excel (R-LIST-3): UTF-8 with a BOM,
/// `;` separator, dates dd/mm/yyyy, and cells starting with `= + - @` neutralised against formula injection.
#[utoipa::path(
    operation_id = "exportSessionApplicationsCsv",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$"), CsvQuery),
    responses(
        (status = 200, description = "Fichier CSV", content_type = "text/csv", body = String),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/sessions/{reference}/applications.csv")]
pub async fn csv_export(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
    query: web::Query<CsvQuery>,
) -> Result<HttpResponse, ApiError> {
    let file = export_applications(&state.db, &caller, reference.into_inner(), query.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", file.file_name)))
        .streaming(file.chunks))
}
