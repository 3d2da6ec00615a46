//! Bounded password hashing: Argon2 is deliberately slow, so at most `concurrency` hashes run at once (on
//! blocking threads, never holding a database connection) and at most `queue` more requests wait; anyone
//! beyond gets 503 at once instead of piling up behind them and starving the other routes.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// The gate every password check and hash goes through.
#[derive(Clone)]
pub struct HashingGate {
    /// Requests in flight in an authentication route: running plus waiting.
    admitted: Arc<Semaphore>,
    /// Hashes running now.
    running: Arc<Semaphore>,
}

/// A request let into an authentication route; its place frees when dropped.
pub struct Admission {
    _place: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl HashingGate {
    /// `concurrency` hashes at once (at least 1), `queue` more waiting.
    pub fn new(concurrency: usize, queue: usize) -> Self {
        let concurrency = concurrency.max(1);
        Self { admitted: Arc::new(Semaphore::new(concurrency + queue)), running: Arc::new(Semaphore::new(concurrency)) }
    }

    /// The default concurrency: every core but one, so the rest of the service always has a core.
    pub fn default_concurrency() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
    }

    /// Lets a request in, or 503 when every running and waiting place is taken. Taken before the database
    /// is read, so a flood of log-ins does not reach the pool either.
    pub fn admit(&self) -> Result<Admission, ApiError> {
        let place = self.admitted.clone().try_acquire_owned().map_err(|_| ApiError::authentication_busy())?;
        Ok(Admission { _place: place, running: self.running.clone() })
    }
}

impl Admission {
    /// Runs CPU-heavy password work on a blocking thread once a hashing slot is free.
    pub async fn hash<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _slot = self.running.acquire().await.map_err(ApiError::internal)?;
        Ok(actix_web::web::block(work).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn requests_beyond_the_running_and_waiting_places_are_turned_away() {
        let gate = HashingGate::new(1, 1);
        let first = gate.admit().unwrap();
        let second = gate.admit().unwrap();
        let refused = gate.admit().err().unwrap();
        assert_eq!((refused.status.as_u16(), refused.code, refused.retry_after), (503, "authentication_busy", Some(1)));
        drop(first);
        assert!(gate.admit().is_ok(), "a place frees when a request ends");
        assert_eq!(second.hash(|| 2 + 2).await.unwrap(), 4);
    }

    #[actix_web::test]
    async fn no_more_than_the_concurrency_runs_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let gate = HashingGate::new(2, 8);
        let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let runs = (0..8).map(|_| {
            let admission = gate.admit().unwrap();
            let (now, peak) = (now.clone(), peak.clone());
            async move {
                admission
                    .hash(move || {
                        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(running, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }
        });
        futures_util::future::join_all(runs).await;
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }
}
