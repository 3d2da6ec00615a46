//! The delivery side: an HTTP client whose every connection goes through [`GuardedResolver`].

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::Policy;

/// Resolves names like the system does, then drops the addresses `policy` forbids: the client connects to
/// what this returned, so an address checked here is the address used (no DNS rebinding in between).
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub policy: Policy,
}

/// Every address of the name was forbidden.
#[derive(Debug, thiserror::Error)]
#[error("adresse refusée : {name} ne désigne que des adresses interdites ({reason})")]
struct AllForbidden {
    name: String,
    reason: &'static str,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        let name = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let mut reason = "aucune adresse";
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|socket| match policy.refusal(socket.ip()) {
                    Some(class) => {
                        reason = class.label();
                        false
                    }
                    None => true,
                })
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(AllForbidden { name, reason }) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addresses: Addrs = Box::new(allowed.into_iter());
            Ok(addresses)
        })
    }
}

/// The client webhooks are delivered with: guarded resolution, no redirects (a 3xx could point anywhere and
/// counts as a failed attempt), no proxy from the environment (it would resolve the name, not us).
pub fn webhook_client(policy: Policy) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .dns_resolver(GuardedResolver { policy })
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("tremplin/", env!("CARGO_PKG_VERSION")))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(policy: Policy, name: &str) -> Resolving {
        GuardedResolver { policy }.resolve(name.parse().unwrap_or_else(|_| panic!("{name}")))
    }

    #[tokio::test]
    async fn names_of_this_machine_resolve_only_behind_the_setting() {
        let refused = resolve(Policy { allow_http_loopback: false }, "localhost").await;
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("adresse refusée") && message.contains("bouclage"), "{message}");
        let allowed: Vec<SocketAddr> =
            resolve(Policy { allow_http_loopback: true }, "localhost").await.map(Iterator::collect).unwrap_or_default();
        assert!(!allowed.is_empty() && allowed.iter().all(|s| s.ip().is_loopback()), "{allowed:?}");
    }

    #[tokio::test]
    async fn the_client_connects_to_no_forbidden_name() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let client = webhook_client(Policy::default()).unwrap_or_else(|e| panic!("{e}"));
        let sent = client.post(format!("http://localhost:{port}/")).send().await;
        let error = sent.err().map(|e| format!("{e:?}")).unwrap_or_default();
        assert!(error.contains("AllForbidden") && error.contains("bouclage"), "{error}");
        listener.set_nonblocking(true).unwrap_or_else(|e| panic!("{e}"));
        assert!(listener.accept().is_err(), "no connection reached the listener");
    }
}
