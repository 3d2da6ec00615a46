//! A session's applications as CSV that opens correctly in French Excel (R-LIST-3): UTF-8 with a BOM, `;`
//! separator, dates dd/mm/yyyy, and cells starting with `= + - @` neutralised against formula injection.

use std::pin::Pin;

use actix_web::web::Bytes;
use contract::{ApplicationCsvQuery, ApplicationRow};
use domain::dates::french;
use futures_util::Stream;

use domain::ids::SessionRef;

use super::applications::{readable_session, views};
use crate::auth::Caller;
use crate::db::{Conn, Db};
use crate::error::ApiError;
use crate::store::application_lists::{self, Filter, Key, Page, Scope, Search, Start};
use crate::store::candidate_reads::{Purpose, Reading};

/// The file: its name and its bytes, one chunk per page of rows.
pub struct CsvFile {
    pub file_name: String,
    pub chunks: Pin<Box<dyn Stream<Item = Result<Bytes, ApiError>>>>,
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

const PAGE: u32 = 500;

/// The export of the session `reference`; access is checked before the first byte goes out, so a refusal is
/// still a proper problem+json answer.
pub async fn export_applications(
    db: &Db,
    caller: &Caller,
    reference: SessionRef,
    query: ApplicationCsvQuery,
) -> Result<CsvFile, ApiError> {
    let actor = caller.actor()?;
    let reading = Reading::new(caller.user_id, &actor, Purpose::CsvExport);
    let ApplicationCsvQuery { state, q } = query;
    let file_name = format!("candidatures-session-{reference}.csv");
    let (session_id, search) = db
        .run(move |conn| {
            let session_id = readable_session(conn, &actor, &reference)?;
            let search = q.map(|text| Search::resolve(conn, Scope::Session(session_id), &text)).transpose()?.flatten();
            Ok::<_, ApiError>((session_id, search))
        })
        .await?;
    let filter = Filter { state, search, ..Filter::default() };
    let db = db.clone();
    // One chunk per page, each resuming after the last row of the one before: memory stays bounded and time
    // linear whatever the size of the session.
    let chunks = futures_util::stream::unfold(Some(Start::Page(1)), move |start| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let start = start?;
            let chunk = db.run(move |conn| csv_page(conn, reading, session_id, &filter, &start)).await;
            Some(match chunk {
                Ok((bytes, next)) => (Ok(Bytes::from(bytes)), next.map(Start::After)),
                Err(error) => (Err(error), None),
            })
        }
    });
    Ok(CsvFile { file_name, chunks: Box::pin(chunks) })
}

/// The bytes of one page (the first starts with the BOM and the header) and where the next page starts.
fn csv_page(
    conn: &mut Conn,
    reading: Reading,
    session_id: i64,
    filter: &Filter,
    start: &Start,
) -> Result<(Vec<u8>, Option<Key>), ApiError> {
    let first = matches!(start, Start::Page(_));
    let bom = if first { domain::lists::CSV_BYTE_ORDER_MARK.to_vec() } else { Vec::new() };
    let mut writer = csv::WriterBuilder::new().delimiter(domain::lists::CSV_SEPARATOR).from_writer(bom);
    if first {
        writer.write_record(HEADER).map_err(ApiError::internal)?;
    }
    let (rows, next) = application_lists::rows(conn, Scope::Session(session_id), filter, start, PAGE)?;
    let list = views::list(conn, reading, Page { rows, ..Page::default() }, 1, PAGE)?;
    for row in &list.items {
        writer.write_record(record(row).iter().map(|cell| neutralise(cell))).map_err(ApiError::internal)?;
    }
    Ok((writer.into_inner().map_err(ApiError::internal)?, next))
}

fn record(row: &ApplicationRow) -> [String; 9] {
    [
        row.reference.clone(),
        row.candidate_name.clone(),
        format!("Mail : {} / Tél. : {}", row.candidate_email, row.candidate_phone),
        row.prescriber.name.clone(),
        french(row.received_on),
        row.invites_count.to_string(),
        row.last_invite_result.clone().unwrap_or_default(),
        row.state_label.clone(),
        row.planned_entry_date.map(french).unwrap_or_default(),
    ]
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection advice).
fn neutralise(cell: &str) -> String {
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
