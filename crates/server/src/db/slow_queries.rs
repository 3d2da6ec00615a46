//! `SLOW_QUERY_MS`: every statement that runs longer is logged with its time and its SQL, so an operator
//! finds what slows a list from the logs, without a profiler or a rebuilt server. Never its bound values: they
//! hold candidates' names, e-mail addresses and birth dates.

use std::time::{Duration, Instant};

use diesel::connection::{DebugQuery, Instrumentation, InstrumentationEvent};

/// The longest SQL text written to the log: a statement with thousands of bound ids would fill it.
const MAX_SQL_CHARS: usize = 2_000;

/// Diesel's text of a statement puts its values after this marker.
const BINDS_MARKER: &str = " -- binds: ";

/// Times each statement of one connection (a connection runs one at a time).
pub(crate) struct SlowQueryLog {
    threshold: Duration,
    started: Option<Instant>,
}

impl SlowQueryLog {
    pub(crate) fn new(threshold: Duration) -> Self {
        Self { threshold, started: None }
    }
}

impl Instrumentation for SlowQueryLog {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => self.started = Some(Instant::now()),
            InstrumentationEvent::FinishQuery { query, error, .. } => {
                let Some(elapsed) = self.started.take().map(|started| started.elapsed()) else { return };
                if elapsed >= self.threshold {
                    tracing::warn!(
                        target: "tremplin::slow_query",
                        elapsed_ms = elapsed.as_secs_f64() * 1000.0,
                        failed = error.is_some(),
                        sql = %statement_text(query),
                        "slow query"
                    );
                }
            }
            _ => {}
        }
    }
}

/// The statement's SQL, without its values, cut to [`MAX_SQL_CHARS`].
fn statement_text(query: &dyn DebugQuery) -> String {
    let shown = query.to_string();
    let sql = shown.split(BINDS_MARKER).next().unwrap_or_default().trim();
    match sql.char_indices().nth(MAX_SQL_CHARS) {
        Some((cut, _)) => format!("{}…", &sql[..cut]),
        None => sql.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use super::*;

    /// What the log received.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Looks up a candidate by name on a connection logging statements slower than `threshold`; returns the
    /// log.
    fn log_of_a_lookup(threshold: Duration) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        tracing::subscriber::with_default(subscriber, || {
            let mut conn = SqliteConnection::establish(":memory:").unwrap();
            conn.batch_execute("CREATE TABLE candidates (last_name TEXT)").unwrap();
            conn.set_instrumentation(SlowQueryLog::new(threshold));
            diesel::sql_query("SELECT last_name FROM candidates WHERE last_name = ?")
                .bind::<Text, _>("Dupont-Confidentiel")
                .execute(&mut conn)
                .unwrap();
        });
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_statement_over_the_threshold_is_logged_with_its_sql_but_not_its_values() {
        let log = log_of_a_lookup(Duration::ZERO);
        assert!(log.contains("slow query"), "{log}");
        assert!(log.contains("SELECT last_name FROM candidates WHERE last_name = ?"), "{log}");
        assert!(log.contains("elapsed_ms="), "{log}");
        assert!(!log.contains("Dupont-Confidentiel"), "a bound value reached the log: {log}");
    }

    #[test]
    fn a_statement_under_the_threshold_is_not_logged() {
        assert_eq!(log_of_a_lookup(Duration::from_secs(3600)), "");
    }

    #[test]
    fn a_huge_statement_is_cut() {
        let long = format!("SELECT 1 WHERE id IN ({})", vec!["?"; 5_000].join(", "));
        let query = diesel::sql_query(long);
        let text = statement_text(&diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query));
        assert_eq!(text.chars().count(), MAX_SQL_CHARS + 1);
        assert!(text.ends_with('…'));
    }
}
