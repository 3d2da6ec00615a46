//! The `outbox_events` and `webhook_subscriptions` tables (R-AVIS-7).

use chrono::NaiveDateTime;
use contract::{DeliveryState, ForwardingStatus, OutboxMessage};
use diesel::prelude::*;
use rand::RngCore;

use super::{Code, Coded, Error};
use crate::db::schema::{outbox_events, webhook_subscriptions};
use crate::db::{AnyConnection, Conn};

/// A message to write in the transaction of the change that causes it.
pub struct NewEvent<'a, E> {
    pub event_type: &'a str,
    /// `kairos`, `webhook` or `email`.
    pub destination: &'a str,
    pub subscription_id: Option<i64>,
    pub application_id: Option<i64>,
    /// Builds the body from the event id, so the id travels inside the document too.
    pub payload: &'a dyn Fn(&str) -> Result<String, E>,
}

/// A stored message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox_events)]
pub struct OutboxRow {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    pub destination: String,
    pub subscription_id: Option<i64>,
    pub application_id: Option<i64>,
    pub payload: String,
    #[diesel(deserialize_as = Coded<DeliveryState>)]
    pub state: DeliveryState,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    /// The end of the current claim: a forwarder delivers only while it still holds this very claim.
    pub claimed_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// 128 random bits in hex: the message's identity for receivers.
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    crate::crypto::hex(&bytes)
}

/// Writes the message, due now; fails with the payload builder's own error, or a store error.
pub fn enqueue<E: From<Error>>(conn: &mut Conn, event: &NewEvent<'_, E>) -> Result<String, E> {
    let event_id = new_event_id();
    let now = super::precise_now();
    diesel::insert_into(outbox_events::table)
        .values((
            outbox_events::event_id.eq(&event_id),
            outbox_events::event_type.eq(event.event_type),
            outbox_events::destination.eq(event.destination),
            outbox_events::subscription_id.eq(event.subscription_id),
            outbox_events::application_id.eq(event.application_id),
            outbox_events::payload.eq((event.payload)(&event_id)?),
            outbox_events::state.eq(Coded(DeliveryState::Pending)),
            outbox_events::next_attempt_at.eq(now),
            outbox_events::created_at.eq(now),
        ))
        .execute(conn)
        .map_err(Error::from)?;
    Ok(event_id)
}

#[derive(QueryableByName)]
struct Due {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Timestamp)]
    next_attempt_at: NaiveDateTime,
}

/// Claims up to `limit` due messages for `lease`, the earliest due first, among those bound for `destinations`
/// (those the forwarder can deliver to): no other forwarder takes them until it ends, so two instances never
/// send one message at the same time (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite has a single writer).
///
/// Each destination is one range of `outbox_events_due` in its order, so a pass reads at most `limit` entries
/// per destination, however many messages wait for another one: with the e-mail of every application waiting
/// for an SMTP server, the claim read and sorted every due message (108 ms at 44,000) and postponed a batch of
/// them each pass, both in write transactions that every other writer of SQLite queued behind.
pub fn claim_due(
    conn: &mut Conn,
    now: NaiveDateTime,
    lease: chrono::Duration,
    limit: i64,
    destinations: &[&str],
) -> Result<Vec<OutboxRow>, Error> {
    crate::db::write_transaction_of(conn, |conn| {
        let mut due = Vec::new();
        for destination in destinations {
            due.extend(due_for(conn, destination, now, limit)?);
        }
        due.sort_by_key(|d| (d.next_attempt_at, d.id));
        // A destination named twice reads its range twice: each message counts once towards the limit.
        due.dedup_by_key(|d| d.id);
        due.truncate(usize::try_from(limit).unwrap_or(0));
        if due.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
        diesel::update(outbox_events::table.filter(outbox_events::id.eq_any(&ids)))
            .set(outbox_events::claimed_until.eq(Some(now + lease)))
            .execute(conn)?;
        Ok(outbox_events::table
            .filter(outbox_events::id.eq_any(&ids))
            .order((outbox_events::next_attempt_at.asc(), outbox_events::id.asc()))
            .select(OutboxRow::as_select())
            .load(conn)?)
    })
}

/// The earliest `limit` messages due for `destination` and not claimed by anyone.
fn due_for(conn: &mut Conn, destination: &str, now: NaiveDateTime, limit: i64) -> Result<Vec<Due>, Error> {
    let due = "SELECT id, next_attempt_at FROM outbox_events WHERE state = 'pending' AND destination = {destination} \
               AND next_attempt_at <= {now} AND (claimed_until IS NULL OR claimed_until <= {now}) \
               ORDER BY next_attempt_at, id LIMIT {limit}";
    Ok(match &mut **conn {
        AnyConnection::Postgresql(pg) => {
            let sql = due.replace("{destination}", "$1").replace("{now}", "$2").replace("{limit}", "$3");
            diesel::sql_query(format!("{sql} FOR UPDATE SKIP LOCKED"))
                .bind::<diesel::sql_types::Text, _>(destination)
                .bind::<diesel::sql_types::Timestamp, _>(now)
                .bind::<diesel::sql_types::BigInt, _>(limit)
                .load::<Due>(pg)?
        }
        AnyConnection::Sqlite(lite) => {
            diesel::sql_query(due.replace("{destination}", "?").replace("{now}", "?").replace("{limit}", "?"))
                .bind::<diesel::sql_types::Text, _>(destination)
                .bind::<diesel::sql_types::Timestamp, _>(now)
                .bind::<diesel::sql_types::Timestamp, _>(now)
                .bind::<diesel::sql_types::BigInt, _>(limit)
                .load::<Due>(lite)?
        }
    })
}

/// Whether the message is still pending under the claim that ended at `claimed_until`, with at least `margin`
/// of it left: otherwise it was sent, or another forwarder claimed it since, or may do so before an attempt
/// started now ends.
pub fn still_claimed(
    conn: &mut Conn,
    id: i64,
    claimed_until: NaiveDateTime,
    margin: std::time::Duration,
) -> Result<bool, Error> {
    let margin = chrono::Duration::from_std(margin).unwrap_or(chrono::Duration::zero());
    if claimed_until < super::precise_now() + margin {
        return Ok(false);
    }
    let count: i64 = outbox_events::table
        .find(id)
        .filter(outbox_events::state.eq(Coded(DeliveryState::Pending)))
        .filter(outbox_events::claimed_until.eq(Some(claimed_until)))
        .count()
        .get_result(conn)?;
    Ok(count == 1)
}

pub fn mark_sent(conn: &mut Conn, id: i64) -> Result<(), Error> {
    let now = super::now();
    diesel::update(outbox_events::table.find(id))
        .set((
            outbox_events::state.eq(Coded(DeliveryState::Sent)),
            outbox_events::attempts.eq(outbox_events::attempts + 1),
            outbox_events::sent_at.eq(Some(now)),
            outbox_events::claimed_until.eq(None::<NaiveDateTime>),
            outbox_events::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: retried at `next_attempt_at`, or dead.
pub fn mark_failed(
    conn: &mut Conn,
    id: i64,
    error: &str,
    next_attempt_at: NaiveDateTime,
    dead: bool,
) -> Result<(), Error> {
    diesel::update(outbox_events::table.find(id))
        .set((
            outbox_events::state.eq(Coded(if dead { DeliveryState::Dead } else { DeliveryState::Pending })),
            outbox_events::attempts.eq(outbox_events::attempts + 1),
            outbox_events::next_attempt_at.eq(next_attempt_at),
            outbox_events::claimed_until.eq(None::<NaiveDateTime>),
            outbox_events::last_error.eq(Some(error.chars().take(500).collect::<String>())),
        ))
        .execute(conn)?;
    Ok(())
}

fn iso(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339()
}

/// Messages in one state, newest first (platform admin).
pub fn list(conn: &mut Conn, wanted: DeliveryState, limit: i64) -> Result<Vec<OutboxMessage>, Error> {
    use crate::db::schema::applications;
    let rows: Vec<(OutboxRow, Option<String>)> = outbox_events::table
        .left_join(applications::table.on(applications::id.nullable().eq(outbox_events::application_id)))
        .filter(outbox_events::state.eq(Coded(wanted)))
        .order(outbox_events::id.desc())
        .limit(limit)
        .select((OutboxRow::as_select(), applications::reference.nullable()))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, application_reference)| {
            Ok(OutboxMessage {
                application_reference,
                id: row.id,
                event_id: row.event_id,
                event_type: row.event_type,
                destination: row.destination,
                state: row.state,
                attempts: super::count(row.attempts, "delivery attempts")?,
                next_attempt_at: iso(row.next_attempt_at),
                last_error: row.last_error,
                created_at: iso(row.created_at),
                sent_at: row.sent_at.map(iso),
            })
        })
        .collect()
}

/// Puts a dead message back in the queue, due now; returns whether it was dead (and still has a body: an
/// erased one is never sent).
pub fn retry(conn: &mut Conn, id: i64) -> Result<bool, Error> {
    let retriable = outbox_events::table.find(id).filter(outbox_events::state.eq(Coded(DeliveryState::Dead)));
    let changed = diesel::update(retriable.filter(outbox_events::payload.ne(ERASED)))
        .set((
            outbox_events::state.eq(Coded(DeliveryState::Pending)),
            outbox_events::next_attempt_at.eq(super::precise_now()),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The body of a message whose personal data was erased.
const ERASED: &str = "";

/// Erases the bodies of an application's messages (R-GDPR-2). Delivered ones keep their trace (when, where,
/// how many attempts). Undelivered ones are abandoned: past the retention period, the person's data must not
/// leave any more, however late; they show as dead with `reason`, and cannot be retried.
pub fn erase_for_application(conn: &mut Conn, application_id: i64, reason: &str) -> Result<(), Error> {
    let of_application = outbox_events::table.filter(outbox_events::application_id.eq(application_id));
    diesel::update(of_application.filter(outbox_events::state.eq(Coded(DeliveryState::Sent))))
        .set(outbox_events::payload.eq(ERASED))
        .execute(conn)?;
    diesel::update(of_application.filter(outbox_events::state.ne(Coded(DeliveryState::Sent))))
        .set((
            outbox_events::payload.eq(ERASED),
            outbox_events::state.eq(Coded(DeliveryState::Dead)),
            outbox_events::claimed_until.eq(None::<NaiveDateTime>),
            outbox_events::last_error.eq(Some(reason)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The KAIROS forwarding of an application, if it has one.
pub fn forwarding_status(conn: &mut Conn, application_id: i64) -> Result<Option<ForwardingStatus>, Error> {
    let row: Option<OutboxRow> = outbox_events::table
        .filter(outbox_events::application_id.eq(application_id))
        .filter(outbox_events::destination.eq("kairos"))
        .order(outbox_events::id.desc())
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| {
        Ok(ForwardingStatus {
            state: row.state,
            attempts: super::count(row.attempts, "delivery attempts")?,
            last_error: row.last_error,
            sent_at: row.sent_at.map(iso),
        })
    })
    .transpose()
}

/// Active subscriptions of an organisation: (id, url, secret).
pub fn subscriptions_of(conn: &mut Conn, organisation_id: i64) -> Result<Vec<(i64, String, String)>, Error> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select((webhook_subscriptions::id, webhook_subscriptions::url, webhook_subscriptions::secret))
        .load(conn)?)
}

/// The url and secret of a subscription, deleted or not (messages already queued are still delivered).
pub fn subscription(conn: &mut Conn, id: i64) -> Result<Option<(String, String)>, Error> {
    Ok(webhook_subscriptions::table
        .find(id)
        .select((webhook_subscriptions::url, webhook_subscriptions::secret))
        .first(conn)
        .optional()?)
}

pub fn subscribe(
    conn: &mut Conn,
    organisation_id: i64,
    url: &str,
    secret: &str,
) -> Result<(i64, NaiveDateTime), Error> {
    let now = super::now();
    diesel::insert_into(webhook_subscriptions::table)
        .values((
            webhook_subscriptions::organisation_id.eq(organisation_id),
            webhook_subscriptions::url.eq(url),
            webhook_subscriptions::secret.eq(secret),
            webhook_subscriptions::created_at.eq(now),
        ))
        .execute(conn)?;
    let id = webhook_subscriptions::table
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .order(webhook_subscriptions::id.desc())
        .select(webhook_subscriptions::id)
        .first(conn)?;
    Ok((id, now))
}

/// How many active subscriptions the organisation has. Inside a write transaction on PostgreSQL it first locks
/// the organisation's row, so two concurrent subscriptions count one after the other and the cap holds (SQLite's
/// write transaction already runs them one at a time).
pub fn count_active_subscriptions_locked(conn: &mut Conn, organisation_id: i64) -> Result<usize, Error> {
    if let AnyConnection::Postgresql(pg) = &mut **conn {
        diesel::sql_query("SELECT id FROM organisations WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(organisation_id)
            .execute(pg)?;
    }
    let count: i64 = webhook_subscriptions::table
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    super::count(count, "active subscriptions")
}

/// Active subscriptions of an organisation for listing: (id, url, created_at).
pub fn listed_subscriptions(conn: &mut Conn, organisation_id: i64) -> Result<Vec<(i64, String, NaiveDateTime)>, Error> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .order(webhook_subscriptions::id.asc())
        .select((webhook_subscriptions::id, webhook_subscriptions::url, webhook_subscriptions::created_at))
        .load(conn)?)
}

/// Stops a subscription of the organisation; returns whether it had one with this id.
pub fn unsubscribe(conn: &mut Conn, organisation_id: i64, id: i64) -> Result<bool, Error> {
    let changed = diesel::update(
        webhook_subscriptions::table
            .find(id)
            .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
            .filter(webhook_subscriptions::deleted_at.is_null()),
    )
    .set(webhook_subscriptions::deleted_at.eq(Some(super::now())))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Puts a claimed message back without counting an attempt (nowhere to send it yet).
pub fn postpone(conn: &mut Conn, id: i64, next_attempt_at: NaiveDateTime) -> Result<(), Error> {
    diesel::update(outbox_events::table.find(id))
        .set((
            outbox_events::next_attempt_at.eq(next_attempt_at),
            outbox_events::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Messages per delivery state, every state listed.
pub fn depth(conn: &mut Conn) -> Result<Vec<(&'static str, i64)>, Error> {
    let mut depth = Vec::with_capacity(3);
    for &state in DeliveryState::ALL {
        let count: i64 = outbox_events::table.filter(outbox_events::state.eq(Coded(state))).count().get_result(conn)?;
        depth.push((state.code(), count));
    }
    Ok(depth)
}
