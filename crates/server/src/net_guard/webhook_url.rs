//! The checks a webhook URL passes before anything is sent to it.

use std::net::IpAddr;
use std::time::Duration;

use url::{Host, Url};

use super::{Forbidden, Policy};

/// Longest accepted URL, in bytes.
pub const MAX_URL_LENGTH: usize = 500;

/// How long a name may take to resolve before the URL is refused.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a webhook URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefusal {
    #[error("L'adresse dépasse {MAX_URL_LENGTH} caractères.")]
    TooLong,
    #[error("L'adresse n'est pas une URL valide.")]
    Unparsable,
    #[error("L'adresse doit commencer par https:// : les événements contiennent des données personnelles.")]
    NotHttps,
    #[error(
        "L'adresse ne doit pas contenir d'identifiant ni de mot de passe : le secret de l'abonnement signe les envois."
    )]
    Credentials,
    #[error("L'adresse ne désigne aucun serveur.")]
    NoHost,
    #[error("Le nom {0} ne se résout en aucune adresse.")]
    Unresolvable(String),
    #[error("Le nom {host} désigne {label} ({ip}) : les envois ne vont que vers des adresses publiques.", label = .class.label())]
    ForbiddenAddress { host: String, ip: IpAddr, class: Forbidden },
    #[error(
        "L'adresse doit commencer par https:// ; http:// n'est admis que vers cette machine, quand le réglage WEBHOOK_ALLOW_HTTP_LOOPBACK l'autorise."
    )]
    HttpOutsideLoopback,
}

/// Parses and checks `raw`, resolving its host: every address it resolves to must be allowed by `policy`.
/// `http` is only for loopback receivers, and only when the policy allows them.
pub async fn check_webhook_url(raw: &str, policy: Policy) -> Result<Url, UrlRefusal> {
    let url = parse(raw)?;
    let host = url.host().ok_or(UrlRefusal::NoHost)?;
    let host_text = host.to_string();
    let addresses = match host {
        Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
        Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
        Host::Domain(name) => resolve(name, url.port_or_known_default().unwrap_or(443)).await?,
    };
    for ip in &addresses {
        if let Some(class) = policy.refusal(*ip) {
            return Err(UrlRefusal::ForbiddenAddress { host: host_text, ip: *ip, class });
        }
    }
    let all_loopback = addresses.iter().all(|ip| super::classify(*ip) == Some(Forbidden::Loopback));
    if url.scheme() == "http" && !(policy.allow_http_loopback && all_loopback) {
        return Err(UrlRefusal::HttpOutsideLoopback);
    }
    Ok(url)
}

/// The checks that need no network.
fn parse(raw: &str) -> Result<Url, UrlRefusal> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_LENGTH {
        return Err(UrlRefusal::TooLong);
    }
    let url = Url::parse(raw).map_err(|_| UrlRefusal::Unparsable)?;
    match url.scheme() {
        "https" | "http" => {}
        _ => return Err(UrlRefusal::NotHttps),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefusal::Credentials);
    }
    Ok(url)
}

async fn resolve(name: &str, port: u16) -> Result<Vec<IpAddr>, UrlRefusal> {
    let unresolvable = || UrlRefusal::Unresolvable(name.to_owned());
    let found = tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((name, port)))
        .await
        .map_err(|_| unresolvable())?
        .map_err(|_| unresolvable())?;
    let addresses: Vec<IpAddr> = found.map(|socket| socket.ip()).collect();
    if addresses.is_empty() { Err(unresolvable()) } else { Ok(addresses) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Policy = Policy { allow_http_loopback: false };
    const LOCAL: Policy = Policy { allow_http_loopback: true };

    #[tokio::test]
    async fn the_reported_urls_are_refused() {
        for url in [
            "http://localhost@10.0.0.5:9200/x",
            "http://127.0.0.1:5432/",
            "http://[::1]:6379/",
            "https://10.0.0.1/",
            "https://192.168.1.1/",
            "https://[fd00::1]/",
            "https://169.254.169.254/",
            "https://[::ffff:169.254.169.254]/",
            "https://2130706433/",
            "https://0x7f.1/",
            "https://localhost/",
        ] {
            assert!(check_webhook_url(url, STRICT).await.is_err(), "{url}");
        }
    }

    #[tokio::test]
    async fn each_refusal_says_why() {
        assert_eq!(check_webhook_url("ftp://example.org/", STRICT).await, Err(UrlRefusal::NotHttps));
        assert_eq!(check_webhook_url("https://u:p@example.org/", STRICT).await, Err(UrlRefusal::Credentials));
        assert_eq!(check_webhook_url("http://localhost@10.0.0.5:9200/x", LOCAL).await, Err(UrlRefusal::Credentials));
        assert_eq!(check_webhook_url("pas une url", STRICT).await, Err(UrlRefusal::Unparsable));
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_LENGTH));
        assert_eq!(check_webhook_url(&long, STRICT).await, Err(UrlRefusal::TooLong));
        let metadata = check_webhook_url("https://169.254.169.254/latest", STRICT).await;
        assert!(matches!(metadata, Err(UrlRefusal::ForbiddenAddress { class: Forbidden::Metadata, .. })));
        let message = metadata.unwrap_err().to_string();
        assert!(message.contains("métadonnées") && message.contains("169.254.169.254"), "{message}");
        // Public but plain http: refused whatever the policy.
        assert_eq!(check_webhook_url("http://8.8.8.8/", LOCAL).await, Err(UrlRefusal::HttpOutsideLoopback));
    }

    #[tokio::test]
    async fn loopback_only_behind_the_setting() {
        for url in ["http://127.0.0.1:8080/hooks", "http://localhost:8080/hooks", "http://[::1]:8080/"] {
            let refused = check_webhook_url(url, STRICT).await;
            assert!(matches!(refused, Err(UrlRefusal::ForbiddenAddress { class: Forbidden::Loopback, .. })), "{url}");
            assert!(check_webhook_url(url, LOCAL).await.is_ok(), "{url}");
        }
        // The setting opens this machine, not the private networks.
        assert!(check_webhook_url("http://10.0.0.5/", LOCAL).await.is_err());
        assert!(check_webhook_url("https://169.254.169.254/", LOCAL).await.is_err());
    }

    #[tokio::test]
    async fn public_https_ip_literals_pass_without_any_lookup() {
        let url = check_webhook_url("  https://8.8.8.8:8443/hooks?x=1  ", STRICT).await;
        assert_eq!(url.map(|u| u.to_string()), Ok("https://8.8.8.8:8443/hooks?x=1".to_owned()));
    }
}
