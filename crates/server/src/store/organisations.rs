//! The `organisations` table.

use contract::{Organisation, OrganisationKind, OrganisationSummary};
use diesel::prelude::*;

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::organisations;

#[derive(Queryable, Selectable)]
#[diesel(table_name = organisations)]
struct Row {
    id: i64,
    name: String,
    siret: String,
    #[diesel(deserialize_as = Coded<OrganisationKind>)]
    kind: OrganisationKind,
    commune: String,
}

impl Row {
    fn into_organisation(self) -> Organisation {
        Organisation { id: self.id, name: self.name, siret: self.siret, kind: self.kind, commune: self.commune }
    }
}

/// A new organisation, already validated.
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub siret: &'a str,
    pub kind: OrganisationKind,
    pub commune: &'a str,
}

pub fn insert(conn: &mut Conn, new: &NewOrganisation<'_>) -> Result<Organisation, Error> {
    // RETURNING is not available through diesel's multi-backend connection: read the row back by its
    // unique SIRET instead.
    diesel::insert_into(organisations::table)
        .values((
            organisations::name.eq(new.name),
            organisations::siret.eq(new.siret),
            organisations::kind.eq(Coded(new.kind)),
            organisations::commune.eq(new.commune),
            organisations::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    let row: Row =
        organisations::table.filter(organisations::siret.eq(new.siret)).select(Row::as_select()).first(conn)?;
    Ok(row.into_organisation())
}

pub fn find(conn: &mut Conn, id: i64) -> Result<Option<Organisation>, Error> {
    let row: Option<Row> = organisations::table.find(id).select(Row::as_select()).first(conn).optional()?;
    Ok(row.map(Row::into_organisation))
}

/// The public list shown at sign-up, filtered by a case-insensitive substring of name or commune.
pub fn search(conn: &mut Conn, query: Option<&str>, limit: i64) -> Result<Vec<OrganisationSummary>, Error> {
    let mut select =
        organisations::table.select(Row::as_select()).order(organisations::name.asc()).limit(limit).into_boxed();
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        // Lower-casing both sides keeps the match case-insensitive on SQLite and PostgreSQL alike.
        let pattern = containing(q);
        select = select.filter(
            lower(organisations::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(organisations::commune).like(pattern).escape('\\')),
        );
    }
    Ok(select
        .load::<Row>(conn)?
        .into_iter()
        .map(|row| OrganisationSummary { id: row.id, name: row.name, commune: row.commune, kind: row.kind })
        .collect())
}

/// SQL `lower()`, the same on both backends for the texts we search.
pub mod sql {
    diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);
}
pub use sql::lower;

/// Escapes LIKE wildcards so a user's `%` or `_` matches itself.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// The `LIKE … ESCAPE '\'` pattern of a lower-cased column containing `text` in any case, its wildcards as text.
pub fn containing(text: &str) -> String {
    format!("%{}%", escape_like(&text.to_lowercase()))
}

/// Names of some organisations by id.
pub fn names(conn: &mut Conn, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, Error> {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut names = std::collections::HashMap::with_capacity(unique.len());
    for chunk in unique.chunks(500) {
        let rows: Vec<(i64, String)> = organisations::table
            .filter(organisations::id.eq_any(chunk))
            .select((organisations::id, organisations::name))
            .load(conn)?;
        names.extend(rows);
    }
    Ok(names)
}

/// The id and kind of the organisation with this SIRET.
pub fn by_siret(conn: &mut Conn, siret: &str) -> Result<Option<Organisation>, Error> {
    let row: Option<Row> =
        organisations::table.filter(organisations::siret.eq(siret)).select(Row::as_select()).first(conn).optional()?;
    Ok(row.map(Row::into_organisation))
}
