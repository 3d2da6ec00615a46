//! The `trainings` table.

use diesel::prelude::*;

use domain::training::Publication;

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::trainings;

/// A stored training: its id and its values (`row.title` reads through to the values).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trainings)]
pub struct TrainingRow {
    pub id: i64,
    #[diesel(embed)]
    pub values: TrainingValues,
}

impl std::ops::Deref for TrainingRow {
    type Target = TrainingValues;

    fn deref(&self) -> &TrainingValues {
        &self.values
    }
}

/// Column values of a new or changed training (every column but the id and timestamps).
#[derive(Debug, Clone, Insertable, AsChangeset, Queryable, Selectable)]
#[diesel(table_name = trainings, treat_none_as_null = true)]
pub struct TrainingValues {
    pub reference: String,
    pub training_type: String,
    pub title: String,
    pub funder_organisation_id: i64,
    pub contract_number: String,
    pub scheme: String,
    pub measure: String,
    pub responsible_organisation_id: i64,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub highlights: String,
    pub objective: String,
    pub programme: String,
    pub access_conditions: String,
    pub prerequisites: String,
    pub certification: String,
    pub certification_proposed: Option<String>,
    pub certification_rejected: Option<String>,
    #[diesel(deserialize_as = Coded<Publication>, serialize_as = Coded<Publication>)]
    pub publication: Publication,
    /// The contact persons after the first (whose values are `contact_*`), as a JSON array (R-TRN-CONTACT-3).
    pub other_contacts: String,
}

impl TrainingValues {
    /// Every contact person, the first from `contact_*` when it has a name (R-TRN-CONTACT-3).
    pub fn contacts(&self) -> Result<Vec<domain::training::Contact>, Error> {
        let first = domain::training::Contact {
            name: self.contact_name.clone(),
            phone: self.contact_phone.clone(),
            email: self.contact_email.clone(),
        };
        let others: Vec<domain::training::Contact> = serde_json::from_str(&self.other_contacts)
            .map_err(|e| Error::Other(format!("stored contacts of training {}: {e}", self.reference)))?;
        Ok((!first.name.is_empty()).then_some(first).into_iter().chain(others).collect())
    }

    /// Stores `contacts` (already checked by the domain): the first in `contact_*`, the others as JSON.
    pub fn set_contacts(&mut self, contacts: &[domain::training::Contact]) -> Result<(), Error> {
        let first = contacts.first().cloned().unwrap_or_default();
        (self.contact_name, self.contact_phone, self.contact_email) = (first.name, first.phone, first.email);
        self.other_contacts = serde_json::to_string(contacts.get(1..).unwrap_or_default())
            .map_err(|e| Error::Other(format!("contacts: {e}")))?;
        Ok(())
    }
}

pub fn insert(conn: &mut Conn, values: &TrainingValues) -> Result<TrainingRow, Error> {
    let now = super::now();
    diesel::insert_into(trainings::table)
        .values((values.clone(), trainings::created_at.eq(now), trainings::updated_at.eq(now)))
        .execute(conn)?;
    find(conn, &values.reference)?.ok_or_else(|| Error::Other("training vanished after insert".to_owned()))
}

pub fn update(conn: &mut Conn, id: i64, values: &TrainingValues) -> Result<(), Error> {
    diesel::update(trainings::table.find(id))
        .set((values.clone(), trainings::updated_at.eq(super::now())))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut Conn, reference: &str) -> Result<Option<TrainingRow>, Error> {
    Ok(trainings::table
        .filter(trainings::reference.eq(reference))
        .select(TrainingRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_id(conn: &mut Conn, id: i64) -> Result<Option<TrainingRow>, Error> {
    Ok(trainings::table.find(id).select(TrainingRow::as_select()).first(conn).optional()?)
}

/// Some trainings by id.
pub fn by_ids(
    conn: &mut Conn,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, TrainingRow>, Error> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    // Bounded IN lists: SQLite limits bound parameters per statement.
    for chunk in ids.chunks(500) {
        let rows: Vec<TrainingRow> =
            trainings::table.filter(trainings::id.eq_any(chunk)).select(TrainingRow::as_select()).load(conn)?;
        found.extend(rows.into_iter().map(|row| (row.id, row)));
    }
    Ok(found)
}

/// Whether a reference is free.
pub fn reference_taken(conn: &mut Conn, reference: &str) -> Result<bool, Error> {
    Ok(find(conn, reference)?.is_some())
}

/// The training imported from this LHEO `formation` id, with the values last imported (JSON).
pub fn find_by_lheo_id(conn: &mut Conn, lheo_id: &str) -> Result<Option<(TrainingRow, Option<String>)>, Error> {
    Ok(trainings::table
        .filter(trainings::lheo_formation_id.eq(lheo_id))
        .select((TrainingRow::as_select(), trainings::lheo_imported))
        .first(conn)
        .optional()?)
}

/// Links a training to its LHEO id and keeps the values just imported; `updated_at` stays, since the
/// training's own values did not change.
pub fn set_lheo(conn: &mut Conn, id: i64, lheo_id: &str, imported: &str) -> Result<(), Error> {
    diesel::update(trainings::table.find(id))
        .set((trainings::lheo_formation_id.eq(lheo_id), trainings::lheo_imported.eq(imported)))
        .execute(conn)?;
    Ok(())
}

/// Published trainings after `after_id` by id, `limit` at most, with their LHEO id: the export's keyset.
pub fn published_after(
    conn: &mut Conn,
    after_id: i64,
    limit: i64,
) -> Result<Vec<(TrainingRow, Option<String>)>, Error> {
    Ok(trainings::table
        .filter(trainings::publication.eq(Publication::Published.code()))
        .filter(trainings::id.gt(after_id))
        .order(trainings::id.asc())
        .limit(limit)
        .select((TrainingRow::as_select(), trainings::lheo_formation_id))
        .load(conn)?)
}
