//! The closed loop: N simulated clients, each sending its next request as soon as the previous answer is
//! read, for a fixed time. Closed rather than open (a fixed arrival rate) because the question is how much
//! one machine serves, and a closed loop finds that without guessing a rate first.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::BenchError;
use crate::report::{Row, Tally};

/// What one step of a client did.
pub struct Sample {
    pub micros: u64,
    /// "200", "201 pending", "409 session_full", "error"…
    pub outcome: String,
    /// Set when the answer was not one the scenario expects (a 500, a refused connection, a 404…).
    pub error: Option<String>,
}

impl Sample {
    pub fn timed(started: Instant, outcome: String, error: Option<String>) -> Self {
        Self { micros: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX), outcome, error }
    }

    /// A request that got no HTTP answer, with the causes reqwest keeps behind "error sending request".
    pub fn failed(started: Instant, error: &reqwest::Error) -> Self {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        Self::timed(started, "connection error".to_owned(), Some(text))
    }
}

/// One simulated client: its next request, or `None` when it has nothing left to do (the decision scenario
/// runs out of applications).
pub trait Walker: Send + 'static {
    fn step(&mut self) -> impl Future<Output = Option<Sample>> + Send;
}

/// Runs `clients` walkers made by `make` (given the client's index) for `duration`, and returns the row, or
/// none when the walkers had nothing to do.
pub async fn run<W: Walker>(
    scenario: &str,
    clients: usize,
    duration: Duration,
    make: impl Fn(usize) -> W,
) -> Result<Option<Row>, BenchError> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for index in 0..clients {
        let mut walker = make(index);
        let mut tally = Tally::new().map_err(|e| BenchError::Http(e.to_string()))?;
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let Some(sample) = walker.step().await else { break };
                tally.record(sample.micros, &sample.outcome, sample.error);
            }
            tally
        }));
    }
    let mut total = Tally::new().map_err(|e| BenchError::Http(e.to_string()))?;
    for task in tasks {
        total.merge(task.await.map_err(|e| BenchError::Http(format!("client task: {e}")))?);
    }
    if total.latencies.is_empty() {
        eprintln!("  {scenario:<40} {clients:>3} clients: nothing left to do");
        return Ok(None);
    }
    // The clients' last answers may come after the deadline: rate over the time they really ran.
    let row = total.row(scenario, clients, started.elapsed().as_secs_f64());
    eprintln!(
        "  {scenario:<40} {clients:>3} clients {:>9.1} req/s  p50 {:>8.1} ms  p99 {:>8.1} ms  errors {}",
        row.requests_per_second, row.p50_ms, row.p99_ms, row.errors
    );
    Ok(Some(row))
}
