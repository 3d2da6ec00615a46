//! The client address that rate limits key on.
//!
//! The TCP peer, unless that peer is a reverse proxy listed in `TRUSTED_PROXIES`: only then is
//! `X-Forwarded-For` read, from the right, skipping the trusted hops. Anyone can write that header, so
//! trusting it from everywhere would let an attacker pick a fresh address for every attempt.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `TRUSTED_PROXIES` entry that is neither an address nor a network.
#[derive(Debug, thiserror::Error)]
#[error("TRUSTED_PROXIES: {0:?} is neither an IP address nor a network like 10.0.0.0/8")]
pub struct InvalidProxy(pub String);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks (`10.0.0.1, 192.168.0.0/16`).
    pub fn parse(list: &str) -> Result<Self, InvalidProxy> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| InvalidProxy(entry.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The address a request comes from; `None` only when the peer is unknown (a test request).
    pub fn client_ip(&self, request: &HttpRequest) -> Option<IpAddr> {
        let peer = request.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let forwarded = request
            .headers()
            .get_all("X-Forwarded-For")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut client = peer;
        for hop in forwarded.into_iter().rev() {
            // An unreadable hop was written by someone untrusted: stop at the last address we can vouch for.
            let Ok(address) = hop.parse::<IpAddr>() else { break };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        Some(client)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut request = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        if let Some(forwarded) = forwarded {
            request = request.insert_header(("X-Forwarded-For", forwarded));
        }
        request.to_http_request()
    }

    #[test]
    fn without_trusted_proxies_the_forwarded_header_is_ignored() {
        let none = TrustedProxies::default();
        let ip = none.client_ip(&request("203.0.113.9", Some("198.51.100.1")));
        assert_eq!(ip, "203.0.113.9".parse().ok());
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // The client wrote a fake first hop; the proxies appended the real one.
        let ip = proxies.client_ip(&request("10.1.2.3", Some("1.2.3.4, 198.51.100.7, 192.168.1.1")));
        assert_eq!(ip, "198.51.100.7".parse().ok());
        let direct = proxies.client_ip(&request("10.1.2.3", None));
        assert_eq!(direct, "10.1.2.3".parse().ok());
    }

    #[test]
    fn a_request_from_outside_cannot_claim_another_address() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let ip = proxies.client_ip(&request("203.0.113.9", Some("10.0.0.1")));
        assert_eq!(ip, "203.0.113.9".parse().ok());
    }

    #[test]
    fn invalid_entries_are_refused() {
        assert!(TrustedProxies::parse("10.0.0.0/8, proxy.local").is_err());
        assert_eq!(TrustedProxies::parse(" ").unwrap(), TrustedProxies::default());
    }
}
