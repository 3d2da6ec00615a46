//! `GET /api/sessions/{reference}/applications.csv`: the shown table, ready for French Excel.

use actix_web::{HttpResponse, get, web};
use contract::ApplicationRow;
use domain::application::ApplicationState;
use serde::Deserialize;

use super::session_list::readable_session;
use crate::auth::Caller;
use crate::candidacy::views;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::application_lists::{self, Filter, Page, Scope};
use crate::store::candidate_reads::{Purpose, Reading};

/// The tab to export.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CsvQuery {
    pub state: Option<ApplicationState>,
    pub q: Option<String>,
}

const HEADER: [&str; 9] = [
    "Référence",
    "Candidat",
    "Coordonnées du candidat",
    "Organisme prescripteur",
    "Date de candidature",
    "Nombre de convocations",
    "Réponse aux convocations",
    "Résultat du recrutement",
    "Date prévisionnelle d'entrée en formation",
];

/// The session's applications as CSV that opens correctly in French Excel (R-LIST-3): UTF-8 with a BOM,
/// `;` separator, dates dd/mm/yyyy, and cells starting with `= + - @` neutralised against formula injection.
#[utoipa::path(
    operation_id = "exportSessionApplicationsCsv",
    tag = "candidatures",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "Session, 8 chiffres", pattern = "^[0-9]{8}$"), CsvQuery),
    responses(
        (status = 200, description = "Fichier CSV", content_type = "text/csv", body = String),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{reference}/applications.csv")]
pub async fn csv_export(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<CsvQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::CsvExport);
    let CsvQuery { state: wanted, q } = query.into_inner();
    let reference = path.into_inner();
    let file_name = format!("candidatures-session-{reference}.csv");
    // Checked before the first byte goes out, so a refusal is still a proper problem+json answer.
    let session_id = state.db.run(move |conn| readable_session(conn, &actor, &reference)).await?;
    let filter = Filter { state: wanted, text: q, ..Filter::default() };
    let db = state.db.clone();
    // One chunk per page of 500 rows: memory stays bounded whatever the size of the session.
    let chunks = futures_util::stream::unfold(Some(1u32), move |page| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let page = page?;
            let chunk = db.run(move |conn| csv_page(conn, reading, session_id, &filter, page)).await;
            Some(match chunk {
                Ok((bytes, more)) => (Ok::<_, ApiError>(web::Bytes::from(bytes)), more.then_some(page + 1)),
                Err(error) => (Err(error), None),
            })
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{file_name}\"")))
        .streaming(chunks))
}

const PAGE: u32 = 500;

/// The bytes of one page (the first starts with the BOM and the header) and whether more pages follow.
fn csv_page(
    conn: &mut crate::db::Conn,
    reading: Reading,
    session_id: i64,
    filter: &Filter,
    page: u32,
) -> Result<(Vec<u8>, bool), ApiError> {
    let start = if page == 1 { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(start);
    if page == 1 {
        writer.write_record(HEADER).map_err(ApiError::internal)?;
    }
    let rows = application_lists::rows(conn, Scope::Session(session_id), filter, page, PAGE)?;
    let more = rows.len() == PAGE as usize;
    let list = views::list(conn, reading, Page { rows, total: 0, counts: Vec::new() }, page, PAGE)?;
    for row in &list.items {
        writer.write_record(record(row).iter().map(|cell| neutralise(cell))).map_err(ApiError::internal)?;
    }
    Ok((writer.into_inner().map_err(ApiError::internal)?, more))
}

fn french_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn record(row: &ApplicationRow) -> [String; 9] {
    [
        row.reference.clone(),
        row.candidate_name.clone(),
        format!("Mail : {} / Tél. : {}", row.candidate_email, row.candidate_phone),
        row.prescriber.name.clone(),
        french_date(row.received_on),
        row.invites_count.to_string(),
        row.last_invite_result.clone().unwrap_or_default(),
        row.state_label.clone(),
        row.planned_entry_date.map(french_date).unwrap_or_default(),
    ]
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection advice).
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+33 6 12"), "'+33 6 12");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("DUPONT Élodie"), "DUPONT Élodie");
    }
}
