//! Delivers the outbox: KAIROS documents and webhook events, each with its event id as `Idempotency-Key`, and
//! e-mail with it as `Message-ID`; retried with exponential backoff and full jitter until acknowledged (2xx,
//! or the SMTP server's acceptance), dead after the configured number of attempts (R-AVIS-7). Receivers
//! deduplicate by id: delivery is at least once.

use std::time::Duration;

use chrono::NaiveDateTime;
use rand::Rng;

use crate::db::Db;
use crate::error::ApiError;
use crate::net_guard::{self, Policy};
use crate::store;
use crate::store::outbox::OutboxRow;

/// When to try again.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts before a message is dead.
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl RetryPolicy {
    /// The window after the `attempt`-th failure (1-based): base × 2^(attempt−1), capped.
    pub(crate) fn window(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(30));
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// "Full jitter": a random delay within the window, so failed receivers are not hit in waves.
    pub(crate) fn delay(&self, attempt: u32) -> Duration {
        let window = self.window(attempt).as_millis().max(1);
        Duration::from_millis(u64::try_from(rand::rng().random_range(0..=window)).unwrap_or(u64::MAX))
    }
}

/// How webhooks leave: the URL checks and a client that only connects to addresses they allow.
#[derive(Clone)]
pub struct WebhookDelivery {
    pub client: reqwest::Client,
    pub policy: Policy,
}

impl WebhookDelivery {
    pub fn new(policy: Policy) -> reqwest::Result<Self> {
        Ok(Self { client: net_guard::webhook_client(policy)?, policy })
    }
}

/// Where and how messages go.
#[derive(Clone)]
pub struct Forwarder {
    pub db: Db,
    /// For KAIROS, an endpoint the operator configured.
    pub client: reqwest::Client,
    /// For the endpoints organisations registered.
    pub webhooks: WebhookDelivery,
    /// KAIROS endpoint; KAIROS messages wait while it is not configured.
    pub kairos_url: Option<String>,
    pub kairos_secret: Option<String>,
    /// The SMTP server (`SMTP_URL`); e-mail waits in the outbox while it is not configured.
    pub mail: Option<crate::mail::MailDelivery>,
    pub policy: RetryPolicy,
    /// How long a claimed message is reserved for this forwarder.
    pub lease: Duration,
    pub batch: i64,
}

/// What a pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassReport {
    pub sent: usize,
    pub failed: usize,
    pub dead: usize,
}

enum Attempt {
    Sent,
    Failed(String),
    /// Not attempted (nowhere to send it yet): back in the queue without counting an attempt.
    Waiting,
    /// Not attempted: the claim ended or passed to another forwarder; the message is not this pass's any more.
    NotOurs,
}

impl Forwarder {
    /// Claims the due messages and delivers them concurrently.
    pub async fn pass(&self) -> Result<PassReport, ApiError> {
        let (db, lease, batch) = (self.db.clone(), self.lease, self.batch);
        let now = store::precise_now();
        let lease = chrono::Duration::from_std(lease).map_err(ApiError::internal)?;
        let destinations = self.destinations();
        let claimed = db.run(move |conn| Ok(store::outbox::claim_due(conn, now, lease, batch, &destinations)?)).await?;
        if !claimed.is_empty() {
            tracing::debug!(claimed = claimed.len(), "outbox pass");
        }
        self.deliver_claimed(claimed).await
    }

    /// Delivers messages claimed by [`store::outbox::claim_due`]. One whose claim no longer holds (sent or
    /// claimed again by another forwarder since, or too close to its end) is left alone: a slow or replayed
    /// pass never sends a message a second time.
    pub async fn deliver_claimed(&self, claimed: Vec<OutboxRow>) -> Result<PassReport, ApiError> {
        let attempts = futures_util::future::join_all(claimed.iter().map(|m| self.deliver_if_claimed(m))).await;
        let mut report = PassReport::default();
        for (message, attempt) in claimed.into_iter().zip(attempts) {
            let id = message.id;
            match attempt {
                Attempt::NotOurs => {}
                Attempt::Sent => {
                    report.sent += 1;
                    self.db.run(move |conn| Ok(store::outbox::mark_sent(conn, id)?)).await?;
                }
                Attempt::Waiting => {
                    let later = store::precise_now() + chrono::Duration::seconds(60);
                    self.db.run(move |conn| Ok(store::outbox::postpone(conn, id, later)?)).await?;
                }
                Attempt::Failed(error) => {
                    let attempt = store::count::<u32, _>(message.attempts, "delivery attempts")? + 1;
                    let dead = attempt >= self.policy.max_attempts;
                    report.failed += 1;
                    report.dead += usize::from(dead);
                    let next = next_at(self.policy.delay(attempt));
                    tracing::warn!(event = %message.event_id, attempt, dead, %error, "delivery failed");
                    self.db.run(move |conn| Ok(store::outbox::mark_failed(conn, id, &error, next, dead)?)).await?;
                }
            }
        }
        Ok(report)
    }

    /// Where this forwarder can deliver: KAIROS and e-mail once configured, webhooks always. What waits for the
    /// others stays unclaimed, for an instance that can deliver it or for a restart with the setting.
    fn destinations(&self) -> Vec<&'static str> {
        let mut destinations = vec!["webhook"];
        if self.kairos_url.is_some() {
            destinations.push("kairos");
        }
        if self.mail.is_some() {
            destinations.push(crate::mail::DESTINATION);
        }
        destinations
    }

    /// How much of the claim must remain to start an attempt, so that it ends before anyone can claim again.
    fn margin(&self) -> Duration {
        crate::mail::SEND_TIMEOUT.min(self.lease / 2)
    }

    async fn deliver_if_claimed(&self, message: &OutboxRow) -> Attempt {
        let Some(claimed_until) = message.claimed_until else { return Attempt::NotOurs };
        let (id, margin) = (message.id, self.margin());
        let ours = self.db.run(move |conn| Ok(store::outbox::still_claimed(conn, id, claimed_until, margin)?)).await;
        match ours {
            Ok(true) => self.deliver(message).await,
            Ok(false) => {
                tracing::info!(event = %message.event_id, "claim ended before delivery; left to the next pass");
                Attempt::NotOurs
            }
            Err(error) => Attempt::Failed(error.to_string()),
        }
    }

    async fn deliver(&self, message: &OutboxRow) -> Attempt {
        let target = match message.destination.as_str() {
            "kairos" => match &self.kairos_url {
                Some(url) => Ok((&self.client, url.clone(), self.kairos_secret.clone())),
                None => return Attempt::Waiting,
            },
            crate::mail::DESTINATION => {
                return match &self.mail {
                    Some(mail) => match mail.send(&message.event_id, &message.payload).await {
                        Ok(()) => Attempt::Sent,
                        Err(error) => Attempt::Failed(error),
                    },
                    None => Attempt::Waiting,
                };
            }
            _ => self.webhook_target(message.subscription_id).await,
        };
        let (client, url, secret) = match target {
            Ok(target) => target,
            Err(error) => return Attempt::Failed(error),
        };
        let timestamp = chrono::Utc::now().timestamp();
        let mut request = client
            .post(&url)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &message.event_id)
            .header("X-Tremplin-Event", &message.event_type)
            .header("X-Tremplin-Timestamp", timestamp.to_string())
            .body(message.payload.clone());
        if let Some(secret) = secret {
            let signature = crate::crypto::sign(secret.as_bytes(), timestamp, &message.payload);
            request = request.header("X-Tremplin-Signature", format!("sha256={signature}"));
        }
        match request.send().await {
            Ok(response) if response.status().is_success() => Attempt::Sent,
            Ok(response) => Attempt::Failed(format!("HTTP {}", response.status().as_u16())),
            Err(error) => Attempt::Failed(with_causes(&error)),
        }
    }

    /// The subscription's URL, checked again now: the row may predate the checks, or its name may have been
    /// rebound to an internal address since registration.
    async fn webhook_target(
        &self,
        subscription: Option<i64>,
    ) -> Result<(&reqwest::Client, String, Option<String>), String> {
        let id = subscription.ok_or("message sans abonnement")?;
        let found = self.db.run(move |conn| Ok(store::outbox::subscription(conn, id)?)).await;
        let (url, secret) = found.map_err(|e| e.to_string())?.ok_or("abonnement introuvable")?;
        let url = net_guard::check_webhook_url(&url, self.webhooks.policy)
            .await
            .map_err(|refusal| format!("adresse refusée, rien n'a été envoyé : {refusal}"))?;
        Ok((&self.webhooks.client, url.to_string(), Some(secret)))
    }

    /// Runs passes every `interval` while the server runs.
    pub async fn run(self, interval: Duration) {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = self.pass().await {
                tracing::warn!(%error, "outbox pass failed");
            }
        }
    }
}

/// reqwest's (and lettre's) top-level message hides the cause ("error sending request"): keep the whole chain.
pub(crate) fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(" : ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn next_at(delay: Duration) -> NaiveDateTime {
    store::precise_now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_window_doubles_up_to_the_cap_and_the_delay_stays_inside() {
        let policy = RetryPolicy { max_attempts: 10, base: Duration::from_secs(1), cap: Duration::from_secs(60) };
        let windows: Vec<u64> = (1..=8).map(|a| policy.window(a).as_secs()).collect();
        assert_eq!(windows, vec![1, 2, 4, 8, 16, 32, 60, 60]);
        for attempt in 1..=8 {
            assert!(policy.delay(attempt) <= policy.window(attempt));
        }
    }
}
