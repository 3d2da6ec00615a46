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
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::Pool;

use super::commit_group::{CommitGroups, Group, Pending, Ran};
use super::{AnyConnection, Conn, Manager};
use crate::error::ApiError;

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
    /// The use cases waiting to be written ([`super::commit_group`]).
    groups: Arc<CommitGroups>,
}

impl Writer {
    /// The writer of the file `connection` (a pool of one) opens; `None` on PostgreSQL, or if SQLite cannot
    /// name its file (the gate's key).
    pub(super) fn of(connection: Pool<Manager>) -> Option<Self> {
        let gate = gate_of(&mut connection.get().ok()?)?;
        Some(Self { gate, connection, groups: Arc::default() })
    }

    /// Runs `work` in a write transaction on the writer connection, as the only writer of the file in this
    /// process: in a savepoint of a transaction it shares with the use cases that wait beside it, and answered
    /// once that transaction is committed ([`super::commit_group`]).
    pub(super) fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    {
        self.groups.write(move |conn| super::write_transaction(conn, work), |group| self.write_group(group))
    }

    /// Writes a group: one `BEGIN IMMEDIATE`, each use case in its savepoint, one commit.
    fn write_group(&self, group: Group<'_>) {
        let _held = Held::take(&self.gate);
        let pending = group.take();
        crate::metrics::write_group(pending.len());
        let mut connection = match self.connection.get() {
            Ok(connection) => connection,
            Err(error) => return fail_all(pending, &ApiError::from(error)),
        };
        let begun = sqlite(&mut connection)
            .and_then(|conn| Ok(AnsiTransactionManager::begin_transaction_sql(conn, "BEGIN IMMEDIATE")?));
        if let Err(error) = begun {
            return fail_all(pending, &error);
        }
        let mut ran: Vec<Box<dyn Ran>> = Vec::with_capacity(pending.len());
        let mut pending = pending.into_iter();
        while let Some(job) = pending.next() {
            // A use case that panics is dropped unanswered (its client gets a server error); the group's
            // transaction no longer tells what it wrote, so it is rolled back whole.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| job.run(&mut connection)));
            let lost = match outcome {
                Ok(outcome) => {
                    ran.push(outcome);
                    // SQLite ends the whole transaction on a few failures (a full disk, an I/O error).
                    if in_transaction(&mut connection) {
                        continue;
                    }
                    "the group's transaction ended during one of its use cases"
                }
                Err(_) => "a use case of the group panicked",
            };
            let error = ApiError::internal(lost);
            roll_back_all(&mut connection);
            fail_all(pending.collect(), &error);
            return ran.into_iter().for_each(|outcome| outcome.settle(Err(error.clone())));
        }
        let committed = sqlite(&mut connection).and_then(|conn| Ok(AnsiTransactionManager::commit_transaction(conn)?));
        if committed.is_err() {
            roll_back_all(&mut connection);
        }
        ran.into_iter().for_each(|outcome| outcome.settle(committed.clone()));
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

/// The writer connection as what it always is: a writer is only made for a SQLite file ([`Writer::of`]).
fn sqlite(connection: &mut Conn) -> Result<&mut diesel::sqlite::SqliteConnection, ApiError> {
    match &mut **connection {
        AnyConnection::Sqlite(conn) => Ok(conn),
        AnyConnection::Postgresql(_) => Err(ApiError::internal("the writer connection is not SQLite")),
    }
}

fn fail_all(pending: Vec<Box<dyn Pending>>, error: &ApiError) {
    pending.into_iter().for_each(|job| job.fail(error.clone()));
}

/// Leaves the writer connection out of any transaction, whatever depth of savepoints a panic left it in, so the
/// next group can begin.
fn roll_back_all(connection: &mut Conn) {
    while in_transaction(connection) {
        let Ok(conn) = sqlite(connection) else { return };
        if AnsiTransactionManager::rollback_transaction(conn).is_err() {
            // A failed statement outside any transaction makes diesel forget the depth it counted.
            let _ = conn.batch_execute("ROLLBACK");
            let _ = conn.batch_execute("ROLLBACK");
            break;
        }
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

    /// What a test use case does once it has inserted its row.
    enum Then {
        Succeed,
        Fail,
        Panic,
        /// Says it ran, then waits to be told to end.
        Wait(mpsc::Sender<()>, mpsc::Receiver<()>),
    }

    /// The rows the use cases wrote: those of the table but the one the gate's holder wrote each time.
    fn written(db: &Db, holds: i64) -> i64 {
        let rows: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT count(*) FROM t")
            .get_result(&mut db.get().unwrap())
            .unwrap();
        rows - holds
    }

    /// Queues, behind the held gate of `db`, one use case per `then`, in order; once they all wait, releases the
    /// gate and returns each one's answer, in the same order.
    fn written_together(db: &Db, thens: Vec<Then>) -> Vec<mpsc::Receiver<Result<(), ApiError>>> {
        let writer = db.writer.clone().unwrap();
        let (end, holder) = hold(db);
        let answers = thens
            .into_iter()
            .enumerate()
            .map(|(queued, then)| {
                let (answer, answered) = mpsc::channel();
                let own = writer.clone();
                thread::spawn(move || {
                    let result = own.write(move |conn| {
                        insert(conn);
                        match then {
                            Then::Succeed => Ok(()),
                            Then::Fail => Err(ApiError::not_found("Ligne")),
                            Then::Panic => panic!("a use case's bug"),
                            Then::Wait(ran, go) => {
                                ran.send(()).unwrap();
                                go.recv().unwrap();
                                Ok(())
                            }
                        }
                    });
                    let _ = answer.send(result);
                });
                // One at a time, so the queue's order is the list's.
                while writer.groups.waiting() <= queued {
                    thread::sleep(Duration::from_millis(1));
                }
                answered
            })
            .collect();
        end.send(()).unwrap();
        holder.join().unwrap();
        answers
    }

    /// A database of its own (dropping the folder removes it).
    fn fresh(name: &str) -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = database(&dir, name);
        (dir, db)
    }

    fn answer(answered: &mpsc::Receiver<Result<(), ApiError>>) -> Result<(), ApiError> {
        answered.recv_timeout(Duration::from_secs(10)).expect("answered")
    }

    /// Use cases that wait for the writer together are written in one transaction: the first is answered only
    /// once the last is done and their commit made both visible.
    #[test]
    fn use_cases_waiting_together_share_one_commit() {
        let (_dir, db) = fresh("together.db");
        let (ran_tx, ran) = mpsc::channel();
        let (go, go_rx) = mpsc::channel();
        let answers = written_together(&db, vec![Then::Succeed, Then::Wait(ran_tx, go_rx)]);
        ran.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(answers[0].recv_timeout(Duration::from_millis(200)).is_err(), "the first waits for the commit");
        assert_eq!(written(&db, 1), 0, "nothing is visible before the group's commit");
        go.send(()).unwrap();
        assert_eq!(answer(&answers[0]), Ok(()));
        assert_eq!(answer(&answers[1]), Ok(()));
        assert_eq!(written(&db, 1), 2);
    }

    /// A use case that fails undoes its own writes only; those before and after it in its group are saved.
    #[test]
    fn a_failing_use_case_of_a_group_undoes_only_its_own_writes() {
        let (_dir, db) = fresh("failing.db");
        let answers = written_together(&db, vec![Then::Succeed, Then::Fail, Then::Succeed]);
        assert_eq!(answer(&answers[0]), Ok(()));
        assert_eq!(answer(&answers[1]).unwrap_err().code, "not_found");
        assert_eq!(answer(&answers[2]), Ok(()));
        assert_eq!(written(&db, 1), 2);
    }

    /// A panic in one use case rolls its whole group back and answers every one of them with an error (none is
    /// told its writes were saved); the writer then writes the next group.
    #[test]
    fn a_panicking_use_case_fails_its_group_and_the_writer_goes_on() {
        let (_dir, db) = fresh("panicking.db");
        let answers = written_together(&db, vec![Then::Succeed, Then::Panic, Then::Succeed]);
        for answered in &answers {
            assert_eq!(answer(answered).unwrap_err().code, "internal_error");
        }
        assert_eq!(written(&db, 1), 0, "the group was rolled back");
        let answers = written_together(&db, vec![Then::Succeed]);
        assert_eq!(answer(&answers[0]), Ok(()));
        assert_eq!(written(&db, 2), 1);
    }

    /// More use cases than one group holds: the leader hands the lead on, and every one is written.
    #[test]
    fn use_cases_beyond_one_group_are_written_by_the_next_leader() {
        let (_dir, db) = fresh("many.db");
        let many = super::super::commit_group::MOST_PER_GROUP + 6;
        let answers = written_together(&db, (0..many).map(|_| Then::Succeed).collect());
        for answered in &answers {
            assert_eq!(answer(answered), Ok(()));
        }
        assert_eq!(written(&db, 1), i64::try_from(many).unwrap());
    }
}
