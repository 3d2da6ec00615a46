//! What stands in front of every password check: rate limits per address and per account, the bounded
//! hashing gate, and the lockout policy the database enforces (see `store::login_failures`).

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::HttpRequest;
use domain::account::Email;
use domain::lockout::LockoutPolicy;

use super::client_ip::TrustedProxies;
use super::hashing::{Admission, HashingGate};
use super::limits::{AttemptLimits, PerMinute};
use crate::crypto::sha256_hex;
use crate::error::ApiError;

/// Operator settings of the log-in protections (README § Configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginSettings {
    /// Log-in, sign-up and password-change attempts per client address.
    pub per_ip: PerMinute,
    /// Attempts per e-mail address, from any client.
    pub per_account: PerMinute,
    pub hash_concurrency: usize,
    pub hash_queue: usize,
    pub lockout: LockoutPolicy,
    pub trusted_proxies: TrustedProxies,
}

impl Default for LoginSettings {
    /// 30 attempts a minute per address (an office behind one NAT logs in at 9 o'clock), 10 per account.
    fn default() -> Self {
        Self {
            per_ip: PerMinute::at_least_one(30),
            per_account: PerMinute::at_least_one(10),
            hash_concurrency: HashingGate::default_concurrency(),
            hash_queue: 8,
            lockout: LockoutPolicy::default(),
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

/// Shared by every worker (cheap to clone).
#[derive(Clone)]
pub struct LoginGuard {
    limits: Arc<AttemptLimits>,
    gate: HashingGate,
    lockout: LockoutPolicy,
    proxies: Arc<TrustedProxies>,
}

impl LoginGuard {
    pub fn new(settings: &LoginSettings) -> Self {
        Self {
            limits: Arc::new(AttemptLimits::new(settings.per_ip, settings.per_account)),
            gate: HashingGate::new(settings.hash_concurrency, settings.hash_queue),
            lockout: settings.lockout,
            proxies: Arc::new(settings.trusted_proxies.clone()),
        }
    }

    /// The address of the request's client, through the trusted proxies; the key of its rate limit.
    pub(crate) fn client_ip(&self, request: &HttpRequest) -> Option<IpAddr> {
        self.proxies.client_ip(request)
    }

    /// Counts an attempt for the normalised `email` from `client` and lets it in: 429 over a rate limit, 503
    /// when the hashing gate is full. Nothing is read or hashed before this passes.
    pub(crate) fn enter(&self, client: Option<IpAddr>, email: &str) -> Result<Admission, ApiError> {
        // A bucket per address, but never one the size of whatever the client sent.
        let account = if Email::could_be_account(email) { email.to_owned() } else { sha256_hex(email) };
        self.limits.check(client, &account)?;
        self.gate.admit()
    }

    /// How repeated failures lock an address.
    pub(crate) fn lockout(&self) -> &LockoutPolicy {
        &self.lockout
    }
}
