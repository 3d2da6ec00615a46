//! On SQLite the read log (R-GDPR-1, `candidate_reads`) lives in a file of its own beside the database,
//! attached to every connection as the schema `reads`.
//!
//! SQLite empties a connection's page cache whenever another connection has committed to the file since its
//! last transaction, and every list of applications commits its read log: with the log in the database file,
//! every request of the pool's readers started from a cold cache. Measured on a million applications, 16
//! clients: the organisation's applications list 430–500 pages/s with the log in the file, 900–1,240 without
//! it. In a file of its own, the log's commits leave the database file, and so the readers' caches, alone.
//!
//! The log is never joined with the rest (one row per application shown, written by every list, read only by
//! an audit), so what it gives up is its foreign keys, which SQLite cannot check across files: its ids come from the rows the same
//! request has just read. A transaction writing both files (a decision and the read of its answer) is atomic
//! in each file, not across them (WAL): a crash in the middle of its commit can keep one without the other.

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;

/// The read log's table, created when its file is new, indexed by time only (`store::candidate_reads`). Its
/// rows moved out of the database file in migration `2026-12-02-000200_read_log_apart`, which keeps the same
/// columns.
const TABLE: &str = "CREATE TABLE IF NOT EXISTS reads.candidate_reads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        application_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        organisation_id BIGINT,
        read_at TIMESTAMP NOT NULL,
        purpose TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS reads.candidate_reads_read_at ON candidate_reads (read_at);";

/// The read log's file for the database file `main`: `data/tremplin.db` → `data/tremplin.db-reads`, so whatever
/// copies or removes `tremplin.db*` takes it too. An in-memory database keeps its read log in memory.
pub fn path_of(main: &str) -> String {
    if main == ":memory:" { main.to_owned() } else { format!("{main}-reads") }
}

/// Attaches the read log's file of `main` to `conn` as `reads`, creating it when missing, with the database
/// file's durability and erasure settings.
pub(super) fn attach(conn: &mut SqliteConnection, main: &str) -> diesel::QueryResult<()> {
    let path = path_of(main).replace('\'', "''");
    conn.batch_execute(&format!(
        "ATTACH DATABASE '{path}' AS reads; PRAGMA reads.journal_mode = WAL; PRAGMA reads.synchronous = NORMAL; \
         PRAGMA reads.secure_delete = ON;"
    ))?;
    conn.batch_execute(TABLE)
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    use diesel_migrations::MigrationHarness;

    use crate::db::{AnyConnection, Conn, DatabaseUrl, Db, SQLITE_MIGRATIONS};
    use crate::store::candidate_reads::{self, Purpose, Reading};

    #[derive(QueryableByName)]
    struct Number {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn number(conn: &mut Conn, sql: &str) -> i64 {
        diesel::sql_query(sql).get_result::<Number>(conn).unwrap().n
    }

    fn migrated(dir: &tempfile::TempDir) -> (String, Db) {
        let file = dir.path().join("reads.db").display().to_string();
        let url = DatabaseUrl::parse(&format!("sqlite://{file}")).unwrap();
        url.migrate().unwrap();
        (file, Db::connect(&url, 2).unwrap())
    }

    /// The migration moving the read log (`2026-12-02-000200_read_log_apart`).
    const MOVE_VERSION: &str = "20261202000200";

    const READING: Reading = Reading { user_id: 1, organisation_id: None, purpose: Purpose::ApplicationList };

    /// A read logged changes nothing in the database file as the pool's other connections see it (their page
    /// caches stay), lands in the file beside it, and is read back from any connection.
    #[test]
    fn a_read_logged_leaves_the_database_file_unchanged_for_the_readers() {
        let dir = tempfile::tempdir().unwrap();
        let (file, db) = migrated(&dir);
        let (mut reader, mut other) = (db.get().unwrap(), db.get().unwrap());
        let version = |conn: &mut Conn| number(conn, "SELECT data_version AS n FROM pragma_data_version");
        let before = version(&mut reader);

        candidate_reads::record(&mut other, READING, &[7, 8, 7]).unwrap();
        assert_eq!(version(&mut reader), before, "the read log committed into the database file");
        assert_eq!(candidate_reads::count(&mut reader, 7).unwrap(), 2);
        assert!(std::path::Path::new(&super::path_of(&file)).exists());
        let in_main = "SELECT count(*) AS n FROM main.sqlite_master WHERE name = 'candidate_reads'";
        assert_eq!(number(&mut reader, in_main), 0);

        // The check above can fail: a commit to the database file is seen.
        other.batch_execute("CREATE TABLE probe (n INTEGER)").unwrap();
        assert_ne!(version(&mut reader), before);
    }

    /// The migration moves an existing read log out of the database file with its ids, and back when reverted.
    #[test]
    fn the_migration_moves_the_read_log_into_its_file_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let (_, db) = migrated(&dir);
        let mut conn = db.get().unwrap();
        candidate_reads::record(&mut conn, READING, &[3]).unwrap();
        let count = |conn: &mut Conn, table: &str| number(conn, &format!("SELECT count(*) AS n FROM {table}"));
        // The rows name no real application or user: the foreign keys of the reverted table are not the point.
        conn.batch_execute("PRAGMA foreign_keys = OFF").unwrap();
        let AnyConnection::Sqlite(sqlite) = &mut *conn else { unreachable!() };
        // Back to before the move, through the migrations that came after it.
        while sqlite.revert_last_migration(SQLITE_MIGRATIONS).unwrap().to_string().replace('-', "") != MOVE_VERSION {}
        assert_eq!((count(&mut conn, "main.candidate_reads"), count(&mut conn, "reads.candidate_reads")), (1, 0));

        conn.batch_execute(
            "INSERT INTO main.candidate_reads (id, application_id, user_id, read_at, purpose) \
             VALUES (40, 3, 1, '2026-12-02 08:00:00', 'application_page')",
        )
        .unwrap();
        let AnyConnection::Sqlite(sqlite) = &mut *conn else { unreachable!() };
        sqlite.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
        assert_eq!(number(&mut conn, "SELECT count(*) AS n FROM main.sqlite_master WHERE name = 'candidate_reads'"), 0);
        assert_eq!(candidate_reads::purposes(&mut conn, 3).unwrap(), ["application_list", "application_page"]);
        candidate_reads::record(&mut conn, READING, &[3]).unwrap();
        let last = number(&mut conn, "SELECT max(id) AS n FROM candidate_reads");
        assert!(last > 40, "a new row takes an id after the moved ones, got {last}");
    }
}
