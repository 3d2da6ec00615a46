//! What one measurement says (rate, percentiles, outcomes, errors) and the tables printed from it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// The latencies of one scenario at one concurrency, in microseconds, and what each answer was.
#[derive(Debug, Clone)]
pub struct Tally {
    pub latencies: Histogram<u64>,
    /// Answer kind ("200", "409 session_full", …) → count; errors are counted here too.
    pub outcomes: BTreeMap<String, u64>,
    pub errors: u64,
    /// The first few errors, to tell a refused connection from a 500.
    pub error_samples: Vec<String>,
}

/// Latencies beyond a minute are clamped: nothing the bench measures should come near it.
const MAX_MICROS: u64 = 60_000_000;
const KEPT_ERROR_SAMPLES: usize = 5;

impl Tally {
    /// Three significant digits from 1 µs to a minute.
    pub fn new() -> Result<Self, hdrhistogram::CreationError> {
        let latencies = Histogram::new_with_bounds(1, MAX_MICROS, 3)?;
        Ok(Self { latencies, outcomes: BTreeMap::new(), errors: 0, error_samples: Vec::new() })
    }

    /// One answer: `outcome` names it, `error` says whether it was not one of the expected answers.
    pub fn record(&mut self, micros: u64, outcome: &str, error: Option<String>) {
        // `saturating_record` clamps into the bounds instead of failing.
        self.latencies.saturating_record(micros.clamp(1, MAX_MICROS));
        *self.outcomes.entry(outcome.to_owned()).or_default() += 1;
        if let Some(error) = error {
            self.errors += 1;
            if self.error_samples.len() < KEPT_ERROR_SAMPLES {
                self.error_samples.push(error);
            }
        }
    }

    pub fn merge(&mut self, other: Self) {
        // Same bounds on both sides, so adding cannot fail; clamp anyway rather than lose a client's data.
        if self.latencies.add(&other.latencies).is_err() {
            for value in other.latencies.iter_recorded() {
                self.latencies.saturating_record_n(value.value_iterated_to(), value.count_at_value());
            }
        }
        for (outcome, n) in other.outcomes {
            *self.outcomes.entry(outcome).or_default() += n;
        }
        self.errors += other.errors;
        for sample in other.error_samples {
            if self.error_samples.len() < KEPT_ERROR_SAMPLES {
                self.error_samples.push(sample);
            }
        }
    }

    /// The row of the table: `seconds` is the wall time the clients ran.
    pub fn row(&self, scenario: &str, clients: usize, seconds: f64) -> Row {
        let requests = self.latencies.len();
        let ms = |q: f64| micros_to_ms(self.latencies.value_at_quantile(q));
        Row {
            scenario: scenario.to_owned(),
            clients,
            requests,
            seconds,
            requests_per_second: if seconds > 0.0 { requests as f64 / seconds } else { 0.0 },
            p50_ms: ms(0.50),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            max_ms: micros_to_ms(self.latencies.max()),
            errors: self.errors,
            outcomes: self.outcomes.clone(),
            error_samples: self.error_samples.clone(),
            percent_of_ceiling: None,
        }
    }
}

fn micros_to_ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// One line of the table, as written in the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub scenario: String,
    pub clients: usize,
    pub requests: u64,
    pub seconds: f64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub errors: u64,
    pub outcomes: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_samples: Vec<String>,
    /// Requests/s as a percentage of the ceiling's at the same number of clients.
    pub percent_of_ceiling: Option<f64>,
}

/// Sets each row's percentage of the ceiling row measured at the same number of clients.
pub fn apply_ceiling(rows: &mut [Row], ceiling: &str) {
    let ceilings: BTreeMap<usize, f64> =
        rows.iter().filter(|r| r.scenario == ceiling).map(|r| (r.clients, r.requests_per_second)).collect();
    for row in rows {
        row.percent_of_ceiling =
            ceilings.get(&row.clients).filter(|c| **c > 0.0).map(|c| row.requests_per_second / c * 100.0);
    }
}

/// Every answer but a plain 200, e.g. "201 pending ×80, 201 refused_session_full ×12, 409 session_full ×3",
/// for the table's last column.
fn notable_outcomes(row: &Row) -> String {
    row.outcomes
        .iter()
        .filter(|(outcome, _)| outcome.as_str() != "200")
        .map(|(outcome, n)| format!("{outcome} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table: scenario | clients | req/s | p50 ms | p95 | p99 | errors | % of ceiling | other answers.
pub fn table(rows: &[Row]) -> String {
    let width = rows.iter().map(|r| r.scenario.chars().count()).max().unwrap_or(8).max(8);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$} | {:>7} | {:>9} | {:>8} | {:>8} | {:>8} | {:>6} | {:>10} | other answers",
        "scenario", "clients", "req/s", "p50 ms", "p95", "p99", "errors", "% ceiling"
    );
    let _ = writeln!(out, "{}", "-".repeat(width + 95));
    for row in rows {
        let ratio = row.percent_of_ceiling.map_or_else(|| "-".to_owned(), |p| format!("{p:.1} %"));
        let _ = writeln!(
            out,
            "{:<width$} | {:>7} | {:>9.1} | {:>8.1} | {:>8.1} | {:>8.1} | {:>6} | {:>10} | {}",
            row.scenario,
            row.clients,
            row.requests_per_second,
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
            row.errors,
            ratio,
            notable_outcomes(row)
        );
    }
    out
}

/// One against two instances: the same scenarios' rates side by side.
pub fn comparison(one: &[Row], two: &[Row]) -> String {
    let width = one.iter().map(|r| r.scenario.chars().count()).max().unwrap_or(8).max(8);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$} | {:>7} | {:>10} | {:>10} | {:>6} | {:>8} | {:>8}",
        "scenario", "clients", "1× req/s", "2× req/s", "ratio", "1× p99", "2× p99"
    );
    let _ = writeln!(out, "{}", "-".repeat(width + 66));
    for row in one {
        let Some(other) = two.iter().find(|r| r.scenario == row.scenario && r.clients == row.clients) else {
            continue;
        };
        let ratio = if row.requests_per_second > 0.0 {
            format!("{:.2}", other.requests_per_second / row.requests_per_second)
        } else {
            "-".to_owned()
        };
        let _ = writeln!(
            out,
            "{:<width$} | {:>7} | {:>10.1} | {:>10.1} | {:>6} | {:>8.1} | {:>8.1}",
            row.scenario,
            row.clients,
            row.requests_per_second,
            other.requests_per_second,
            ratio,
            row.p99_ms,
            other.p99_ms
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(latencies_ms: &[u64]) -> Tally {
        let mut tally = Tally::new().unwrap();
        for ms in latencies_ms {
            tally.record(ms * 1000, "200", None);
        }
        tally
    }

    #[test]
    fn percentiles_come_from_the_recorded_latencies() {
        let latencies: Vec<u64> = (1..=100).collect();
        let row = tally(&latencies).row("list", 16, 2.0);
        assert_eq!(row.requests, 100);
        assert!((row.requests_per_second - 50.0).abs() < 1e-9);
        // Three significant digits: within 0.1 % of the exact order statistics.
        for (got, want) in [(row.p50_ms, 50.0), (row.p95_ms, 95.0), (row.p99_ms, 99.0), (row.max_ms, 100.0)] {
            assert!((got - want).abs() / want < 0.001, "{got} vs {want}");
        }
    }

    #[test]
    fn merged_tallies_add_their_requests_outcomes_and_errors() {
        let mut first = tally(&[1, 2, 3]);
        let mut second = tally(&[4]);
        second.record(5000, "500", Some("500 Internal Server Error".to_owned()));
        second.record(7000, "409 session_full", None);
        first.merge(second);
        let row = first.row("intake", 64, 1.0);
        assert_eq!((row.requests, row.errors), (6, 1));
        assert_eq!(row.outcomes.get("200"), Some(&4));
        assert_eq!(row.outcomes.get("409 session_full"), Some(&1));
        assert_eq!(row.error_samples, vec!["500 Internal Server Error".to_owned()]);
        assert!(table(&[row]).contains("409 session_full ×1, 500 ×1"));
    }

    #[test]
    fn each_row_is_compared_with_the_ceiling_at_the_same_concurrency() {
        let row =
            |scenario: &str, clients, rps| Row { requests_per_second: rps, ..tally(&[1]).row(scenario, clients, 1.0) };
        let mut rows = vec![
            row("ceiling", 16, 1000.0),
            row("ceiling", 64, 2000.0),
            row("list", 16, 250.0),
            row("list", 64, 100.0),
        ];
        apply_ceiling(&mut rows, "ceiling");
        let percents: Vec<_> = rows.iter().map(|r| r.percent_of_ceiling).collect();
        assert_eq!(percents, vec![Some(100.0), Some(100.0), Some(25.0), Some(5.0)]);
        let printed = table(&rows);
        assert!(printed.lines().any(|l| l.starts_with("list") && l.contains("25.0 %")), "{printed}");
        let one = [row("list", 16, 250.0)];
        let two = [row("list", 16, 450.0)];
        assert!(comparison(&one, &two).contains("1.80"));
    }

    #[test]
    fn latencies_past_the_bounds_are_clamped_not_lost() {
        let mut tally = Tally::new().unwrap();
        tally.record(0, "200", None);
        tally.record(u64::MAX, "200", None);
        assert_eq!(tally.row("x", 1, 1.0).requests, 2);
    }
}
