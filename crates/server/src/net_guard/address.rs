//! Which IP addresses outgoing deliveries may reach: public unicast only. Everything else is this machine,
//! the operator's internal networks, the cloud's metadata service, or not a single reachable host.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is out of bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forbidden {
    Loopback,
    Private,
    LinkLocal,
    /// The cloud instance metadata service (169.254.169.254, fd00:ec2::254): it hands out credentials.
    Metadata,
    /// RFC 6598 shared address space (100.64/10), used behind carrier-grade NAT.
    SharedAddressSpace,
    UniqueLocal,
    Multicast,
    Broadcast,
    Unspecified,
    Documentation,
    Benchmarking,
    /// Special-purpose or not globally routable (0/8, 240/4, 6to4, Teredo, discard-only…).
    Reserved,
}

impl Forbidden {
    /// French, for the refusal shown to the organisation.
    pub fn label(self) -> &'static str {
        match self {
            Self::Loopback => "une adresse de bouclage (cette machine)",
            Self::Private => "une adresse de réseau privé",
            Self::LinkLocal => "une adresse lien-local",
            Self::Metadata => "le service de métadonnées de l'hébergeur",
            Self::SharedAddressSpace => "une adresse partagée d'opérateur (CGNAT)",
            Self::UniqueLocal => "une adresse locale unique IPv6",
            Self::Multicast => "une adresse de multidiffusion",
            Self::Broadcast => "l'adresse de diffusion",
            Self::Unspecified => "l'adresse non spécifiée",
            Self::Documentation => "une adresse réservée à la documentation",
            Self::Benchmarking => "une adresse réservée aux tests de performance",
            Self::Reserved => "une adresse réservée, non routable sur Internet",
        }
    }
}

/// `None` for a public unicast address; otherwise why it is out of bounds.
pub fn classify(ip: IpAddr) -> Option<Forbidden> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, network: [u8; 4], prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(network)) & mask
}

fn classify_v4(ip: Ipv4Addr) -> Option<Forbidden> {
    use Forbidden::*;
    let ranges: [([u8; 4], u32, Forbidden); 18] = [
        ([169, 254, 169, 254], 32, Metadata),
        ([255, 255, 255, 255], 32, Broadcast),
        ([0, 0, 0, 0], 32, Unspecified),
        ([0, 0, 0, 0], 8, Reserved),
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, SharedAddressSpace),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, Reserved),
        ([192, 0, 2, 0], 24, Documentation),
        ([192, 88, 99, 0], 24, Reserved),
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Benchmarking),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([224, 0, 0, 0], 4, Multicast),
        ([240, 0, 0, 0], 4, Reserved),
    ];
    ranges.iter().find(|(network, prefix, _)| in_v4(ip, *network, *prefix)).map(|(_, _, class)| *class)
}

fn in_v6(ip: Ipv6Addr, network: Ipv6Addr, prefix: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    u128::from(ip) & mask == u128::from(network) & mask
}

/// The IPv4 address carried in the last 32 bits.
fn low_v4(ip: Ipv6Addr) -> Ipv4Addr {
    Ipv4Addr::from(u32::try_from(u128::from(ip) & 0xffff_ffff).unwrap_or(0))
}

fn classify_v6(ip: Ipv6Addr) -> Option<Forbidden> {
    use Forbidden::*;
    if ip == Ipv6Addr::UNSPECIFIED {
        return Some(Unspecified);
    }
    if ip == Ipv6Addr::LOCALHOST {
        return Some(Loopback);
    }
    if ip == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254) {
        return Some(Metadata);
    }
    // Forms that carry an IPv4 address reach that address: judge it instead. ::ffff:0:0/96 (mapped),
    // ::/96 (compatible, deprecated), 64:ff9b::/96 (NAT64).
    let embeds_v4 = in_v6(ip, Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96)
        || in_v6(ip, Ipv6Addr::UNSPECIFIED, 96)
        || in_v6(ip, Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96);
    if embeds_v4 {
        return classify_v4(low_v4(ip));
    }
    let ranges: [(Ipv6Addr, u32, Forbidden); 9] = [
        (Ipv6Addr::new(0x2001, 0x0002, 0, 0, 0, 0, 0, 0), 48, Benchmarking),
        (Ipv6Addr::new(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0), 32, Documentation),
        (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20, Documentation),
        // IETF protocol assignments, Teredo included (it tunnels to an IPv4 address).
        (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, Reserved),
        // 6to4 tunnels to the IPv4 address in its second and third groups.
        (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, Reserved),
        (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, UniqueLocal),
        (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, LinkLocal),
        // Site-local, deprecated but still routed inside some networks.
        (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, Private),
        (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, Multicast),
    ];
    if let Some((_, _, class)) = ranges.iter().find(|(network, prefix, _)| in_v6(ip, *network, *prefix)) {
        return Some(*class);
    }
    // Only 2000::/3 is global unicast; the rest (discard-only 100::/64, NAT64 local use, …) is not a public host.
    (!in_v6(ip, Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3)).then_some(Reserved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> Option<Forbidden> {
        classify(text.parse().unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    #[test]
    fn public_unicast_addresses_pass() {
        for public in [
            "93.184.215.14",
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4007:80e::200e",
            "2001:4860:4860::8888",
        ] {
            assert_eq!(class(public), None, "{public}");
        }
    }

    #[test]
    fn each_forbidden_range_is_named() {
        use Forbidden::*;
        let cases = [
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("::1", Loopback),
            ("10.0.0.5", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("192.168.1.1", Private),
            ("fec0::1", Private),
            ("169.254.0.1", LinkLocal),
            ("fe80::1", LinkLocal),
            ("169.254.169.254", Metadata),
            ("fd00:ec2::254", Metadata),
            ("100.64.0.1", SharedAddressSpace),
            ("100.127.255.255", SharedAddressSpace),
            ("fd00::1", UniqueLocal),
            ("fc00::1", UniqueLocal),
            ("224.0.0.1", Multicast),
            ("239.255.255.250", Multicast),
            ("ff02::1", Multicast),
            ("255.255.255.255", Broadcast),
            ("0.0.0.0", Unspecified),
            ("::", Unspecified),
            ("192.0.2.1", Documentation),
            ("198.51.100.7", Documentation),
            ("203.0.113.9", Documentation),
            ("2001:db8::1", Documentation),
            ("3fff::1", Documentation),
            ("198.18.0.1", Benchmarking),
            ("198.19.255.255", Benchmarking),
            ("2001:2::1", Benchmarking),
            ("0.1.2.3", Reserved),
            ("240.0.0.1", Reserved),
            ("192.0.0.8", Reserved),
            ("2001::1", Reserved),
            ("2002:7f00:1::1", Reserved),
            ("100::1", Reserved),
        ];
        for (address, expected) in cases {
            assert_eq!(class(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn ipv6_forms_carrying_an_ipv4_address_are_judged_by_that_address() {
        assert_eq!(class("::ffff:127.0.0.1"), Some(Forbidden::Loopback));
        assert_eq!(class("::ffff:10.0.0.1"), Some(Forbidden::Private));
        assert_eq!(class("::ffff:169.254.169.254"), Some(Forbidden::Metadata));
        assert_eq!(class("::127.0.0.1"), Some(Forbidden::Loopback));
        assert_eq!(class("::192.168.0.1"), Some(Forbidden::Private));
        assert_eq!(class("64:ff9b::a00:1"), Some(Forbidden::Private));
        assert_eq!(class("::ffff:8.8.8.8"), None);
        assert_eq!(class("64:ff9b::808:808"), None);
    }
}
