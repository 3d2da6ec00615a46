//! SQLite's write-ahead log copied back into the database file by a thread of its own.
//!
//! By default SQLite checkpoints in whichever commit takes the log past 1,000 pages, holding the one write lock
//! while it copies them and syncs the file. Every list writes its read log (R-GDPR-1), fifty index entries in as
//! many pages: at a million applications one list in twenty paid a checkpoint, half of the read log's cost
//! (1.33 ms a page on average, 0.6 ms without). This thread checkpoints every second without waiting for readers
//! or writers (`PASSIVE`), and the commits keep SQLite's own checkpoint only as a backstop, at ten times
//! SQLite's default mark (`SQLITE_PRAGMAS`), which this thread keeps the log under unless it falls behind.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use diesel::connection::SimpleConnection;

use super::AnyConnection;

/// How often the thread checkpoints.
const EVERY: Duration = Duration::from_secs(1);

/// The running thread; dropping this stops it.
#[derive(Debug)]
pub(super) struct Checkpoints {
    _stop: Sender<()>,
}

/// Starts the thread on `conn`, a connection of its own to the SQLite file; `None` for PostgreSQL, which
/// checkpoints by its own process.
pub(super) fn start(conn: AnyConnection) -> Option<Checkpoints> {
    let AnyConnection::Sqlite(mut conn) = conn else {
        return None;
    };
    let (stop, stopped) = mpsc::channel::<()>();
    let spawned = std::thread::Builder::new().name("wal-checkpoints".to_owned()).spawn(move || {
        // A passive checkpoint never waits: one already running (a commit's backstop) is simply not repeated.
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
            if let Err(error) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE);") {
                tracing::warn!(%error, "checkpoint of the SQLite write-ahead log failed; commits will do it");
            }
        }
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "no thread for SQLite checkpoints; commits will do them");
    }
    Some(Checkpoints { _stop: stop })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use diesel::connection::SimpleConnection;

    use crate::db::{DatabaseUrl, Db};

    /// A megabyte written stays in the log as far as the commits go (under their 40 MiB backstop): only the
    /// thread moves it into the database file, within seconds, while the pool is open.
    #[test]
    fn the_log_reaches_the_database_file_without_a_commit_checkpointing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checkpointed.db");
        let db = Db::connect(&DatabaseUrl::parse(&format!("sqlite://{}", file.display())).unwrap(), 2).unwrap();
        let mut conn = db.get().unwrap();
        conn.batch_execute(
            "CREATE TABLE t (b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO t SELECT randomblob(1000) FROM n;",
        )
        .unwrap();
        let size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or_default();
        let deadline = Instant::now() + Duration::from_secs(10);
        while size() < 1_000_000 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(size() >= 1_000_000, "the database file holds {} bytes: the log was not checkpointed", size());
    }
}
