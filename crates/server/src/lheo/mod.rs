//! LHEO 2.3, the format in which the Carif-Oref network and France Travail exchange training offers
//! (`lheo > offres > formation > action > session`): the public export of the published offer and the
//! platform's import of the regional base (issue 13). The schema the export is checked against ships in
//! `crates/server/lheo/lheo-2.3.xsd`.

pub mod cli;
pub mod document;
pub mod export;
pub mod extras;
pub mod import;
pub mod tree;

use std::pin::Pin;

use actix_web::web::Bytes;
use futures_util::Stream;

use crate::db::{Conn, Db};
use crate::error::ApiError;
pub use export::{Export, Position};
pub use import::{ImportOptions, Unreadable, import, prepare};

/// The export as a stream of pages, for the HTTP answer: the first page is read before the answer starts.
pub fn export_stream(db: &Db, today: chrono::NaiveDate) -> Pin<Box<dyn Stream<Item = Result<Bytes, ApiError>>>> {
    let db = db.clone();
    let pages = futures_util::stream::unfold(Some((Export::new(today), Position::Start)), move |state| {
        let db = db.clone();
        async move {
            let (mut export, position) = state?;
            let page = db
                .run(move |conn| {
                    let page = export.page(conn, position)?;
                    Ok((export, page))
                })
                .await;
            Some(match page {
                Ok((export, (bytes, next))) => (Ok(Bytes::from(bytes)), next.map(|p| (export, p))),
                Err(error) => (Err(error), None),
            })
        }
    });
    Box::pin(pages)
}

/// The whole export written to `out`, page by page (the command line's `tremplin lheo export`).
pub fn export_to(conn: &mut Conn, today: chrono::NaiveDate, out: &mut dyn std::io::Write) -> Result<(), ApiError> {
    let mut export = Export::new(today);
    let mut position = Some(Position::Start);
    while let Some(at) = position {
        let (bytes, next) = export.page(conn, at)?;
        out.write_all(&bytes).map_err(ApiError::internal)?;
        position = next;
    }
    out.flush().map_err(ApiError::internal)
}
