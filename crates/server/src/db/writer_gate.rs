//! One SQLite writer at a time, queued in the process rather than by SQLite's busy handler, on a connection
//! kept for the writes.
//!
//! SQLite lets one connection write at a time; another that finds the lock taken sleeps (1, 2, 5, … up to
//! 100 ms) and tries again. Every list request writes (its reads are logged, R-GDPR-1): at 16 concurrent
//! requests on a million applications, the server's threads slept 13 s of every 3 s in those waits, with the
//! locks long free. Writers of one process now wait on a mutex per database file and start as soon as the
//! previous one ends; the busy timeout still covers other processes (`tremplin jobs run` beside the server).
//!
//! Behind the mutex, the writes go through one connection, the [`Writer`]: SQLite empties a connection's page
//! cache whenever another connection has committed since its last transaction, so writes spread over the pool
//! each read again the pages of every index they change (an application's insert, 0.9 ms of an intake's
//! 3.5 ms at a million applications, 0.5 ms on the writer). The writer's cache stays warm while it alone
//! writes; a write on a connection inside a transaction of its own stays on that connection.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use diesel::prelude::*;
use diesel::r2d2::Pool;

use super::{AnyConnection, Conn, Manager};

thread_local! {
    /// Whether this thread already holds a gate: a write inside a write (a read logged in a decision's
    /// transaction) must not wait for itself.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
    /// The writer the thread's writes go through, while it works for [`super::Db::run`].
    static SERVING: RefCell<Option<Writer>> = const { RefCell::new(None) };
}

/// SQLite's connection for the writes of this process, behind the gate of its file.
#[derive(Clone)]
pub(crate) struct Writer {
    gate: Arc<Mutex<()>>,
    /// One connection, only ever taken under the gate: never waited for.
    connection: Pool<Manager>,
}

impl Writer {
    /// The writer of the file `connection` (a pool of one) opens; `None` on PostgreSQL, or if SQLite cannot
    /// name its file (the gate's key).
    pub(super) fn of(connection: Pool<Manager>) -> Option<Self> {
        let gate = gate_of(&mut connection.get().ok()?)?;
        Some(Self { gate, connection })
    }

    /// Runs `work` on the writer connection, as the only writer of the file in this process.
    pub(super) fn write<T>(&self, work: impl FnOnce(&mut Conn) -> T) -> Result<T, diesel::r2d2::PoolError> {
        let _held = Held::take(&self.gate);
        Ok(work(&mut self.connection.get()?))
    }

    /// Runs `work` with the thread's writes going through this writer ([`one_writer`]).
    pub(super) fn serving<T>(&self, work: impl FnOnce() -> T) -> T {
        struct Served;
        impl Drop for Served {
            fn drop(&mut self) {
                SERVING.set(None);
            }
        }
        SERVING.set(Some(self.clone()));
        let _served = Served;
        work()
    }
}

/// Runs `work` as the only writer of its SQLite file in this process; on PostgreSQL, as is. On the writer
/// connection when the thread serves one ([`Writer::serving`]) and `conn` is in no transaction of its own.
pub(crate) fn one_writer<T>(conn: &mut Conn, work: impl FnOnce(&mut Conn) -> T) -> T {
    if HOLDING.get() {
        return work(conn);
    }
    let Some(gate) = gate_of(conn) else {
        return work(conn);
    };
    let _held = Held::take(&gate);
    let writer = SERVING.with_borrow(|writer| writer.clone()).filter(|writer| Arc::ptr_eq(&writer.gate, &gate));
    if let Some(writer) = writer
        && !in_transaction(conn)
        && let Ok(mut own) = writer.connection.get()
    {
        return work(&mut own);
    }
    work(conn)
}

/// Whether `conn` is inside a transaction (a savepoint of it must stay on it); `true` if that cannot be told.
fn in_transaction(conn: &mut Conn) -> bool {
    match &mut **conn {
        AnyConnection::Sqlite(sqlite) => super::in_transaction(sqlite).unwrap_or(true),
        AnyConnection::Postgresql(_) => true,
    }
}

/// The gate of the connection's database file; `None` on PostgreSQL (or if SQLite cannot name its file, when
/// the busy timeout alone applies).
fn gate_of(conn: &mut Conn) -> Option<Arc<Mutex<()>>> {
    let AnyConnection::Sqlite(sqlite) = &mut **conn else {
        return None;
    };
    // Through diesel's query builder, so the connection keeps the statement prepared: an `sql_query` was
    // prepared again at each write, 145 µs of every one at a million applications.
    let file: String = pragma_database_list::table
        .filter(pragma_database_list::name.eq("main"))
        .select(pragma_database_list::file)
        .get_result(sqlite)
        .ok()?;
    static GATES: OnceLock<Mutex<HashMap<String, Arc<Mutex<()>>>>> = OnceLock::new();
    let mut gates = GATES.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner);
    Some(gates.entry(file).or_default().clone())
}

diesel::table! {
    /// SQLite's list of the connection's database files (a table-valued pragma).
    pragma_database_list (name) {
        name -> Text,
        file -> Text,
    }
}

/// A held gate, released (and the thread's flag cleared) when dropped, on a panic too.
struct Held<'a> {
    _guard: MutexGuard<'a, ()>,
}

impl<'a> Held<'a> {
    fn take(gate: &'a Mutex<()>) -> Self {
        // A writer that panicked left nothing half-done here: SQLite rolled its transaction back.
        let guard = gate.lock().unwrap_or_else(PoisonError::into_inner);
        HOLDING.set(true);
        Self { _guard: guard }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        HOLDING.set(false);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::db::{DatabaseUrl, Db, write_transaction};

    fn database(dir: &tempfile::TempDir, name: &str) -> Db {
        let url = DatabaseUrl::parse(&format!("sqlite://{}", dir.path().join(name).display())).unwrap();
        let db = Db::connect(&url, 4).unwrap();
        db.get().unwrap().batch_execute("CREATE TABLE t (n INTEGER)").unwrap();
        db
    }

    fn insert(conn: &mut Conn) {
        conn.batch_execute("INSERT INTO t VALUES (1)").unwrap();
    }

    /// Holds the gate of `db` on another thread until told to end; returns the signal and the thread.
    fn hold(db: &Db) -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
        let (entered_tx, entered) = mpsc::channel();
        let (end, end_rx) = mpsc::channel::<()>();
        let db = db.clone();
        let holder = thread::spawn(move || {
            let mut conn = db.get().unwrap();
            one_writer(&mut conn, |conn| {
                insert(conn);
                entered_tx.send(()).unwrap();
                end_rx.recv().unwrap();
            });
        });
        entered.recv_timeout(Duration::from_secs(10)).unwrap();
        (end, holder)
    }

    /// One row written in a write transaction on another thread; the receiver hears when it is done.
    fn write_on_a_thread(db: &Db) -> mpsc::Receiver<()> {
        let (done_tx, done) = mpsc::channel();
        let db = db.clone();
        thread::spawn(move || {
            write_transaction(&mut db.get().unwrap(), |conn| {
                insert(conn);
                Ok(())
            })
            .unwrap();
            done_tx.send(()).unwrap();
        });
        done
    }

    /// A writer waits for the writer of the same file before it, and only for it.
    #[test]
    fn writers_of_one_file_queue_and_writers_of_another_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (database(&dir, "first.db"), database(&dir, "second.db"));
        let (end, holder) = hold(&first);

        let done = write_on_a_thread(&second);
        assert_eq!(done.recv_timeout(Duration::from_secs(10)), Ok(()), "another file's writer goes on");

        let done = write_on_a_thread(&first);
        assert!(done.recv_timeout(Duration::from_millis(300)).is_err(), "the same file's writer waits");
        end.send(()).unwrap();
        holder.join().unwrap();
        assert_eq!(done.recv_timeout(Duration::from_secs(10)), Ok(()), "then writes");
        let count: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT count(*) FROM t")
            .get_result(&mut first.get().unwrap())
            .unwrap();
        assert_eq!(count, 2);
    }

    fn cache_size(conn: &mut Conn) -> i64 {
        diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT cache_size FROM pragma_cache_size")
            .get_result(conn)
            .unwrap()
    }

    /// The writes of a use case, and those a read makes outside a transaction (a list's read log), go through
    /// the writer connection (told by its larger cache); one inside a transaction stays in it.
    #[actix_web::test]
    async fn writes_go_through_the_writer_connection_unless_in_a_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(&dir, "writer.db");
        let writer = crate::db::SQLITE_WRITER_PRAGMAS.trim_start_matches("PRAGMA cache_size = ").trim_end_matches(';');
        let writer: i64 = writer.parse().unwrap();
        let written = db.write(|conn| Ok(cache_size(conn))).await.unwrap();
        assert_eq!(written, writer, "a use case's write");
        let (read, logged) = db.run(|conn| Ok((cache_size(conn), one_writer(conn, cache_size)))).await.unwrap();
        assert_ne!(read, writer, "reads stay on the pool");
        assert_eq!(logged, writer, "a write during a read");
        let in_transaction = db
            .run(|conn| {
                Ok(conn.transaction(|conn| Ok::<_, diesel::result::Error>(one_writer(conn, cache_size))).unwrap())
            })
            .await
            .unwrap();
        assert_ne!(in_transaction, writer, "a write inside the connection's own transaction");
        let rows = db
            .run(|conn| {
                one_writer(conn, insert);
                crate::db::write_transaction(conn, |conn| {
                    insert(conn);
                    Ok(())
                })?;
                Ok(diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT count(*) FROM t").get_result::<i64>(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(rows, 2, "what the writer committed, the reading connection sees");
    }

    /// A write inside a write (a read logged within a decision's transaction) does not wait for itself.
    #[test]
    fn a_write_within_a_write_goes_through() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(&dir, "nested.db");
        let (done_tx, done) = mpsc::channel();
        thread::spawn(move || {
            write_transaction(&mut db.get().unwrap(), |conn| {
                one_writer(conn, insert);
                Ok(())
            })
            .unwrap();
            done_tx.send(()).unwrap();
        });
        assert_eq!(done.recv_timeout(Duration::from_secs(10)), Ok(()));
    }
}
