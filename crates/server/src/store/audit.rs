//! The `audit_events` table: who changed what, when, with the values before and after (R-SES-6).

use contract::{FieldChange, HistoryEntry};
use diesel::prelude::*;

use super::Error;
use crate::db::schema::{audit_events, organisations, users};
use crate::db::{AnyConnection, Conn};

/// What an audited change is about.
#[derive(Debug, Clone, Copy)]
pub enum Entity<'a> {
    Training(&'a str),
    Session(&'a str),
    Application(&'a str),
    /// A membership, as `<organisation id>/<user id>`.
    Membership(&'a str),
    /// An account, by user id.
    Account(&'a str),
    /// An invitation, by id.
    Invitation(&'a str),
}

impl Entity<'_> {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Entity::Training(reference) => ("training", reference),
            Entity::Session(reference) => ("session", reference),
            Entity::Application(reference) => ("application", reference),
            Entity::Membership(reference) => ("membership", reference),
            Entity::Account(reference) => ("account", reference),
            Entity::Invitation(reference) => ("invitation", reference),
        }
    }
}

/// The author of a change.
#[derive(Debug, Clone, Copy)]
pub struct Author {
    pub user_id: i64,
    pub organisation_id: Option<i64>,
}

/// Records one change; call it in the transaction that makes the change.
pub fn record(
    conn: &mut Conn,
    entity: Entity<'_>,
    action: &str,
    author: Author,
    changes: &[FieldChange],
) -> Result<(), Error> {
    insert(conn, entity, action, Some(author), changes)
}

/// Records a change made by a scheduled job ("Système" in the history).
pub fn record_by_system(
    conn: &mut Conn,
    entity: Entity<'_>,
    action: &str,
    changes: &[FieldChange],
) -> Result<(), Error> {
    insert(conn, entity, action, None, changes)
}

/// Records the same change by a scheduled job on many entities, a few hundred rows per statement.
pub fn record_many_by_system(
    conn: &mut Conn,
    entities: &[Entity<'_>],
    action: &str,
    changes: &[FieldChange],
) -> Result<(), Error> {
    // SQLite binds at most 32,766 parameters per statement: 7 per row.
    const ROWS_PER_STATEMENT: usize = 500;
    let changes = serde_json::to_string(changes).map_err(|e| Error::Other(e.to_string()))?;
    let now = super::now();
    for chunk in entities.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|entity| {
                let (entity_type, reference) = entity.parts();
                (
                    audit_events::entity_type.eq(entity_type),
                    audit_events::entity_reference.eq(reference),
                    audit_events::action.eq(action),
                    audit_events::actor_user_id.eq(None::<i64>),
                    audit_events::actor_organisation_id.eq(None::<i64>),
                    audit_events::occurred_at.eq(now),
                    audit_events::changes.eq(&changes),
                )
            })
            .collect();
        // A multi-row INSERT has no `MultiConnection` form: each backend's own.
        match &mut **conn {
            AnyConnection::Sqlite(c) => diesel::insert_into(audit_events::table).values(&rows).execute(c)?,
            AnyConnection::Postgresql(c) => diesel::insert_into(audit_events::table).values(&rows).execute(c)?,
        };
    }
    Ok(())
}

fn insert(
    conn: &mut Conn,
    entity: Entity<'_>,
    action: &str,
    author: Option<Author>,
    changes: &[FieldChange],
) -> Result<(), Error> {
    let (entity_type, reference) = entity.parts();
    let changes = serde_json::to_string(changes).map_err(|e| Error::Other(e.to_string()))?;
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::entity_type.eq(entity_type),
            audit_events::entity_reference.eq(reference),
            audit_events::action.eq(action),
            audit_events::actor_user_id.eq(author.map(|a| a.user_id)),
            audit_events::actor_organisation_id.eq(author.and_then(|a| a.organisation_id)),
            audit_events::occurred_at.eq(super::now()),
            audit_events::changes.eq(changes),
        ))
        .execute(conn)?;
    Ok(())
}

/// (when, action, author, author's organisation, changes as JSON).
type HistoryRow = (chrono::NaiveDateTime, String, Option<String>, Option<String>, String);

/// The history of one object, newest first.
pub fn history(conn: &mut Conn, entity: Entity<'_>) -> Result<Vec<HistoryEntry>, Error> {
    let (entity_type, reference) = entity.parts();
    let rows: Vec<HistoryRow> = audit_events::table
        .left_join(users::table.on(users::id.nullable().eq(audit_events::actor_user_id)))
        .left_join(organisations::table.on(organisations::id.nullable().eq(audit_events::actor_organisation_id)))
        .filter(audit_events::entity_type.eq(entity_type))
        .filter(audit_events::entity_reference.eq(reference))
        .order((audit_events::occurred_at.desc(), audit_events::id.desc()))
        .select((
            audit_events::occurred_at,
            audit_events::action,
            users::full_name.nullable(),
            organisations::name.nullable(),
            audit_events::changes,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(at, action, actor, organisation_name, changes)| {
            Ok(HistoryEntry {
                occurred_at: at.and_utc().to_rfc3339(),
                action,
                actor_name: actor.unwrap_or_else(|| "Système".to_owned()),
                organisation_name,
                changes: serde_json::from_str(&changes).map_err(|e| Error::Corrupt(format!("audit changes: {e}")))?,
            })
        })
        .collect()
}

/// Blanks the values before and after of an object's history, except for the fields `keep` accepts: the
/// history still says what changed and when, not to what (R-GDPR-2). Returns how many entries changed.
pub fn redact(conn: &mut Conn, entity: Entity<'_>, keep: fn(&str) -> bool) -> Result<usize, Error> {
    let (entity_type, reference) = entity.parts();
    let rows: Vec<(i64, String)> = audit_events::table
        .filter(audit_events::entity_type.eq(entity_type))
        .filter(audit_events::entity_reference.eq(reference))
        .select((audit_events::id, audit_events::changes))
        .load(conn)?;
    let mut redacted = 0;
    for (id, stored) in rows {
        let mut changes: Vec<FieldChange> =
            serde_json::from_str(&stored).map_err(|e| Error::Corrupt(format!("audit changes: {e}")))?;
        let mut touched = false;
        for change in changes.iter_mut().filter(|c| !keep(&c.field)) {
            touched |= !change.before.is_null() || !change.after.is_null();
            change.before = serde_json::Value::Null;
            change.after = serde_json::Value::Null;
        }
        if touched {
            let changes = serde_json::to_string(&changes).map_err(|e| Error::Other(e.to_string()))?;
            diesel::update(audit_events::table.find(id)).set(audit_events::changes.eq(changes)).execute(conn)?;
            redacted += 1;
        }
    }
    Ok(redacted)
}

/// A field change from two serialisable values.
pub fn change<T: serde::Serialize>(field: &str, before: T, after: T) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        before: serde_json::to_value(before).unwrap_or_default(),
        after: serde_json::to_value(after).unwrap_or_default(),
    }
}
