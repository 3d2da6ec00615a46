//! Keeps outgoing webhook deliveries away from this machine and the operator's networks (SSRF): URLs are
//! checked when an organisation registers them and again before each delivery, and the delivery client only
//! connects to addresses its own resolver allowed, so a name cannot be rebound to an internal address between
//! the check and the connection.

mod address;
mod resolver;
mod webhook_url;

pub(crate) use address::{Forbidden, classify};
pub(crate) use resolver::webhook_client;
pub(crate) use webhook_url::check_webhook_url;

/// How strict the guard is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Lets webhooks go to this machine, over plain `http` too (`WEBHOOK_ALLOW_HTTP_LOOPBACK`): for local
    /// receivers in development and tests, never in production.
    pub allow_http_loopback: bool,
}

impl Policy {
    /// Why `ip` may not be reached under this policy, if it may not.
    pub(crate) fn refusal(self, ip: std::net::IpAddr) -> Option<Forbidden> {
        classify(ip).filter(|class| !(self.allow_http_loopback && *class == Forbidden::Loopback))
    }
}
