//! The CSV export of the largest session, one at a time: how long, how many rows, and how much the server's
//! memory grows while it streams (read from `/proc/PID/status` every 10 ms).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::Serialize;

use crate::BenchError;
use crate::api::{Api, Auth};

#[derive(Debug, Clone, Serialize)]
pub struct ExportRun {
    pub status: u16,
    pub seconds: f64,
    pub first_byte_ms: f64,
    pub bytes: u64,
    /// Lines but the header.
    pub rows: u64,
    pub rows_per_second: f64,
    pub rss: Option<RssGrowth>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RssGrowth {
    pub baseline_mib: f64,
    pub peak_mib: f64,
    pub growth_mib: f64,
    pub samples: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub session: String,
    pub expected_applications: u64,
    pub runs: Vec<ExportRun>,
}

/// `runs` exports of `session` in a row, as `auth`.
pub async fn run(
    api: &Api,
    auth: &Auth,
    session: &str,
    expected: u64,
    runs: usize,
    server_pid: Option<u32>,
) -> Result<Export, BenchError> {
    let mut out = Export { session: session.to_owned(), expected_applications: expected, runs: Vec::new() };
    for _ in 0..runs {
        let sampler = server_pid.map(RssSampler::start);
        let started = Instant::now();
        let path = format!("/api/sessions/{session}/applications.csv");
        let mut response =
            api.get(0, &path, Some(auth)).send().await.map_err(|e| BenchError::Http(format!("GET {path}: {e}")))?;
        let first_byte_ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = response.status();
        let (mut bytes, mut lines) = (0u64, 0u64);
        while let Some(chunk) = response.chunk().await.map_err(|e| BenchError::Http(format!("GET {path}: {e}")))? {
            bytes += chunk.len() as u64;
            lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        }
        let seconds = started.elapsed().as_secs_f64();
        let rss = sampler.and_then(RssSampler::stop);
        let rows = lines.saturating_sub(1);
        let run = ExportRun {
            status: status.as_u16(),
            seconds,
            first_byte_ms,
            bytes,
            rows,
            rows_per_second: if seconds > 0.0 { rows as f64 / seconds } else { 0.0 },
            rss,
        };
        eprintln!(
            "  CSV export {session}: {} in {seconds:.2} s, {rows} rows, {:.1} MiB, {:.0} rows/s, RSS +{:.1} MiB",
            run.status,
            bytes as f64 / MIB,
            run.rows_per_second,
            rss.map_or(0.0, |r| r.growth_mib)
        );
        if status != StatusCode::OK {
            return Err(BenchError::Http(format!("GET {path}: {status}")));
        }
        out.runs.push(run);
    }
    Ok(out)
}

const MIB: f64 = 1024.0 * 1024.0;

/// Reads the server's resident memory every 10 ms on its own thread, so the async download does not skew it.
struct RssSampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Option<RssGrowth>>,
}

impl RssSampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let baseline = vm_rss_kib(pid)?;
            let (mut peak, mut samples) = (baseline, 1u64);
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(10));
                if let Some(now) = vm_rss_kib(pid) {
                    peak = peak.max(now);
                    samples += 1;
                }
            }
            let mib = |kib: u64| kib as f64 / 1024.0;
            Some(RssGrowth {
                baseline_mib: mib(baseline),
                peak_mib: mib(peak),
                growth_mib: mib(peak.saturating_sub(baseline)),
                samples,
            })
        });
        Self { stop, thread }
    }

    fn stop(self) -> Option<RssGrowth> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

/// `VmRSS` of `/proc/PID/status`, in KiB.
pub fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resident_size_is_read_in_kib() {
        let status = "Name:\ttremplin\nVmPeak:\t  900 kB\nVmRSS:\t   52344 kB\nRssAnon:\t 10 kB\n";
        assert_eq!(parse_vm_rss(status), Some(52_344));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
        assert!(vm_rss_kib(std::process::id()).is_some_and(|kib| kib > 0));
    }
}
