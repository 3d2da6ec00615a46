//! One store over two backends: SQLite (embedded default) and PostgreSQL (several instances, one database).
//!
//! The backend is chosen from the `DATABASE_URL` scheme. Diesel is synchronous, so every query runs on
//! actix's blocking thread pool through [`Db::run`], never on the async workers.

mod commit_group;
pub mod read_log_file;
pub mod schema;
mod slow_queries;
mod wal_checkpoints;
mod writer_gate;

use writer_gate::Writer;
pub(crate) use writer_gate::one_writer;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::ApiError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// A connection to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::pg::PgConnection),
    Sqlite(diesel::sqlite::SqliteConnection),
}

/// The backend named by a database URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

/// A database URL that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnknownScheme(String),
    #[error("cannot create the folder of the SQLite file {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("migrations failed: {0}")]
    Migrate(String),
    #[error("connection pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
}

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub kind: BackendKind,
    /// What the driver receives: a file path for SQLite, the URL itself for PostgreSQL.
    pub target: String,
}

impl DatabaseUrl {
    /// Parses `sqlite://PATH` (also `sqlite:PATH`) or `postgres://…` / `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self, DbSetupError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self { kind: BackendKind::Postgres, target: url.to_owned() });
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"));
        match path {
            Some(path) if !path.is_empty() => Ok(Self { kind: BackendKind::Sqlite, target: path.to_owned() }),
            _ => Err(DbSetupError::UnknownScheme(url.to_owned())),
        }
    }

    fn connect(&self) -> Result<AnyConnection, diesel::ConnectionError> {
        Ok(match self.kind {
            BackendKind::Postgres => AnyConnection::Postgresql(diesel::pg::PgConnection::establish(&self.target)?),
            BackendKind::Sqlite => {
                let mut conn = diesel::sqlite::SqliteConnection::establish(&self.target)?;
                // Every connection, the migrations' included: the settings, then the read log's own file.
                conn.batch_execute(SQLITE_PRAGMAS)
                    .and_then(|()| read_log_file::attach(&mut conn, &self.target))
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                AnyConnection::Sqlite(conn)
            }
        })
    }

    /// Creates the SQLite file's folder when missing, then applies the pending migrations of this backend.
    pub fn migrate(&self) -> Result<(), DbSetupError> {
        if self.kind == BackendKind::Sqlite
            && let Some(dir) = std::path::Path::new(&self.target).parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|source| DbSetupError::Folder { path: self.target.clone(), source })?;
        }
        let result = match self.connect()? {
            AnyConnection::Postgresql(mut c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
            AnyConnection::Sqlite(mut c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        };
        result.map_err(|e| DbSetupError::Migrate(e.to_string()))
    }
}

/// WAL lets readers work while one writer commits; the busy timeout makes writers queue instead of failing.
/// `secure_delete` zeroes what a delete or an update frees, so erased personal data does not linger in free
/// space of the file (R-GDPR-2). Reads go through a memory map and a larger page cache: with the default 2 MiB
/// cache, every list read its pages again with a system call each (measured on a million applications: the
/// counters of an organisation's 12,000 sessions in 60 ms, 7 ms with these).
/// Commits checkpoint the log only past 10,000 pages (40 MiB), a backstop: a thread of the pool does it every
/// second ([`wal_checkpoints`]).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON; \
     PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 10000;";

/// The writer's cache holds the pages its writes keep coming back to: the indexes' upper levels and the
/// recent ends of the time-ordered ones, the counters, the sessions taking applications.
pub(super) const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA cache_size = -65536;";

/// After personal data was erased (R-GDPR-2): on SQLite, copies the write-ahead log into the database and
/// empties it, since its older frames still hold the pages as they were before the erasure. PostgreSQL
/// reclaims old row versions by its own (auto)vacuum.
pub(crate) fn flush_erased_pages(conn: &mut Conn) -> Result<(), ApiError> {
    if let AnyConnection::Sqlite(c) = &mut **conn {
        c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    Ok(())
}

/// Opens connections for r2d2 from the parsed URL (the derive's own `establish` would try every backend).
#[derive(Debug)]
pub struct Manager(DatabaseUrl);

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        self.0.connect().map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// What every new connection of the pool gets: SQLite's settings, and the slow-statement log when asked.
#[derive(Debug)]
struct ConnectionSetup {
    slow_query: Option<Duration>,
    /// Settings of SQLite's writer connection ([`Db::write`]) on top of the common ones.
    writer: bool,
}

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let Some(threshold) = self.slow_query {
            conn.set_instrumentation(slow_queries::SlowQueryLog::new(threshold));
        }
        match conn {
            AnyConnection::Sqlite(c) if self.writer => {
                c.batch_execute(SQLITE_WRITER_PRAGMAS).map_err(diesel::r2d2::Error::QueryError)
            }
            AnyConnection::Sqlite(_) | AnyConnection::Postgresql(_) => Ok(()),
        }
    }
}

/// The shared connection pool.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    /// SQLite's connection for the writes ([`writer_gate`]); `None` on PostgreSQL, whose shared buffers serve
    /// every connection.
    writer: Option<Writer>,
    /// SQLite's checkpoint thread, stopped with the last clone of the pool.
    _checkpoints: Option<std::sync::Arc<wal_checkpoints::Checkpoints>>,
}

/// A pooled connection handed to store functions.
pub type Conn = PooledConnection<Manager>;

impl Db {
    /// Builds the pool. A short timeout makes a down PostgreSQL fail fast with its real cause.
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Self, DbSetupError> {
        Self::connect_logging(url, max_size, None)
    }

    /// [`Db::connect`], logging every statement slower than `slow_query` (`SLOW_QUERY_MS`).
    pub fn connect_logging(
        url: &DatabaseUrl,
        max_size: u32,
        slow_query: Option<Duration>,
    ) -> Result<Self, DbSetupError> {
        // Fail with the driver's own message (not r2d2's generic time-out) when the server is unreachable; on
        // SQLite this first connection then serves the checkpoint thread.
        let first = url.connect()?;
        let pool = Pool::builder()
            .max_size(max_size)
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(ConnectionSetup { slow_query, writer: false }))
            .build(Manager(url.clone()))?;
        let writer = match url.kind {
            BackendKind::Sqlite => Writer::of(
                Pool::builder()
                    .max_size(1)
                    .connection_timeout(Duration::from_secs(10))
                    .connection_customizer(Box::new(ConnectionSetup { slow_query, writer: true }))
                    .build(Manager(url.clone()))?,
            ),
            BackendKind::Postgres => None,
        };
        let checkpoints = wal_checkpoints::start(first).map(std::sync::Arc::new);
        Ok(Self { pool, writer, _checkpoints: checkpoints })
    }

    /// Runs `work` in one write transaction ([`write_transaction`]) on the blocking pool: the shape of every
    /// use case that changes data.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(writer) = self.writer.clone() else {
            return self.run(move |conn| write_transaction(conn, work)).await;
        };
        actix_web::web::block(move || writer.write(work)).await?
    }

    /// Runs blocking database work on the blocking pool and maps every failure to an [`ApiError`]. On SQLite,
    /// what `work` writes outside a transaction of its own (a list's read log) goes through the writer
    /// connection ([`writer_gate`]).
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = self.writer.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            match writer {
                Some(writer) => writer.serving(|| work(&mut conn)),
                None => work(&mut conn),
            }
        })
        .await?
    }

    /// A connection for synchronous callers (CLI commands, demo loading).
    pub fn get(&self) -> Result<Conn, ApiError> {
        Ok(self.pool.get()?)
    }
}

/// Runs `work` in a transaction that holds the write lock from its first statement.
///
/// SQLite's default `BEGIN` starts a reader that fails at once with `SQLITE_BUSY` when it later tries to
/// write after another writer committed; `BEGIN IMMEDIATE` takes the write lock up front and waits for it
/// (busy timeout), after the writers of this process before it ([`one_writer`]). PostgreSQL locks rows as they
/// are written, so its plain transaction is right. Inside another write transaction, `work` runs in a
/// savepoint: its failure undoes its own writes only.
pub fn write_transaction<T>(
    conn: &mut Conn,
    work: impl FnOnce(&mut Conn) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    write_transaction_of(conn, work)
}

/// [`write_transaction`] for work failing with any error a diesel error converts into (the store's own).
pub(crate) fn write_transaction_of<T, E: From<diesel::result::Error>>(
    conn: &mut Conn,
    work: impl FnOnce(&mut Conn) -> Result<T, E>,
) -> Result<T, E> {
    let AnyConnection::Sqlite(sqlite) = &mut **conn else {
        return conn.transaction(work);
    };
    if in_transaction(sqlite)? {
        return one_writer(conn, |conn| conn.transaction(work));
    }
    one_writer(conn, |conn| immediate_transaction(conn, work))
}

pub(super) fn in_transaction(sqlite: &mut diesel::sqlite::SqliteConnection) -> Result<bool, diesel::result::Error> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    Ok(AnsiTransactionManager::transaction_manager_status_mut(sqlite).transaction_depth()?.is_some())
}

fn immediate_transaction<T, E: From<diesel::result::Error>>(
    conn: &mut Conn,
    work: impl FnOnce(&mut Conn) -> Result<T, E>,
) -> Result<T, E> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    if let AnyConnection::Sqlite(c) = &mut **conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = work(conn);
    let AnyConnection::Sqlite(c) = &mut **conn else {
        return Err(diesel::result::Error::BrokenTransactionManager.into());
    };
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(c)?;
            Ok(value)
        }
        Err(error) => {
            AnsiTransactionManager::rollback_transaction(c)?;
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }

    /// `.cargo/config.toml` builds the bundled SQLite without its two process-wide mutexes (allocation
    /// statistics and a page cache shared by every connection): a build that lost the setting serves
    /// noticeably fewer reads under load, which no functional test would tell.
    #[test]
    fn sqlite_is_built_without_process_wide_mutexes() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
            .load::<CompileOption>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|o| o.compile_options)
            .collect();
        assert!(options.iter().any(|o| o == "THREADSAFE=1"), "{options:?}");
        assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
        assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
    }
}
