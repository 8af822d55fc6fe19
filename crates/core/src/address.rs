//! The box address a technician types: `192.168.1.50`, `192.168.1.50:8069`, `[fe80::1]:8069`,
//! `iotbox.local`, or a URL pasted from the browser (`http://192.168.1.50:8069/`).

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use serde::Serialize;

use crate::address_problem::AddressProblem;
use crate::error::CoreError;
use crate::net_policy::NetPolicy;

/// Odoo's own HTTP port on every box generation (odoo-iot-protocol.md §2.1).
pub const DEFAULT_HTTP_PORT: u16 = 8069;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoxAddress {
    pub host: Host,
    pub port: u16,
}

impl fmt::Display for BoxAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            Host::Ip(IpAddr::V6(v6)) => write!(f, "[{v6}]:{}", self.port),
            Host::Ip(ip) => write!(f, "{ip}:{}", self.port),
            Host::Name(name) => write!(f, "{name}:{}", self.port),
        }
    }
}

fn invalid(input: &str, problem: AddressProblem) -> CoreError {
    CoreError::InvalidAddress {
        input: input.to_owned(),
        problem,
    }
}

impl BoxAddress {
    pub fn parse(input: &str) -> Result<Self, CoreError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(invalid(input, AddressProblem::Empty));
        }
        let rest = match trimmed.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(invalid(input, AddressProblem::Https))
            }
            Some(_) => return Err(invalid(input, AddressProblem::Scheme)),
            None => trimmed,
        };
        // A pasted URL may carry a path or query; the box address is what comes before it.
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(invalid(input, AddressProblem::UserInfo));
        }
        let (host, port) = split_host_port(authority).map_err(|why| invalid(input, why))?;
        let port = match port {
            None => DEFAULT_HTTP_PORT,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| invalid(input, AddressProblem::Port { port: p.to_owned() }))?,
        };
        let host = match host.parse::<IpAddr>() {
            Ok(ip) => Host::Ip(ip),
            Err(_) => Host::Name(validate_hostname(host).map_err(|why| invalid(input, why))?),
        };
        Ok(Self { host, port })
    }

    pub fn ip(&self) -> Option<IpAddr> {
        match self.host {
            Host::Ip(ip) => Some(ip),
            Host::Name(_) => None,
        }
    }

    /// Turns the address into the socket address to connect to, asking the policy first.
    /// In loopback-only mode no name lookup is made except for `localhost`, so not even a DNS
    /// query leaves the machine.
    pub async fn resolve(&self, policy: &NetPolicy) -> Result<SocketAddr, CoreError> {
        let ip = match &self.host {
            Host::Ip(ip) => *ip,
            Host::Name(name) if name.eq_ignore_ascii_case("localhost") => {
                IpAddr::from([127, 0, 0, 1])
            }
            Host::Name(name) => {
                if let Some(mode) = policy.loopback_reason() {
                    return Err(CoreError::PolicyRefused(crate::net_policy::PolicyRefusal {
                        target: name.clone(),
                        mode,
                        scope: crate::net_policy::Refused::Name,
                    }));
                }
                let mut found = within_lookup_deadline(
                    name,
                    tokio::net::lookup_host((name.as_str(), self.port)),
                    NAME_LOOKUP_DEADLINE,
                )
                .await?;
                found
                    .next()
                    .ok_or_else(|| CoreError::NameLookup {
                        name: name.clone(),
                        detail: "no address found".into(),
                    })?
                    .ip()
            }
        };
        policy.check(ip)?;
        Ok(SocketAddr::new(ip, self.port))
    }
}

/// The system resolver can hang for long (a dead DNS server, retries); a lookup that has not
/// answered by then is a failed lookup.
pub const NAME_LOOKUP_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

/// Awaits a name lookup for at most `deadline`.
pub async fn within_lookup_deadline<T>(
    name: &str,
    lookup: impl std::future::Future<Output = std::io::Result<T>>,
    deadline: std::time::Duration,
) -> Result<T, CoreError> {
    match tokio::time::timeout(deadline, lookup).await {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(e)) => Err(CoreError::NameLookup {
            name: name.to_owned(),
            detail: e.to_string(),
        }),
        Err(_) => Err(CoreError::NameLookup {
            name: name.to_owned(),
            detail: format!("no answer within {} s", deadline.as_secs_f32()),
        }),
    }
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), AddressProblem> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or(AddressProblem::Ipv6Bracket)?;
        return match after {
            "" => Ok((host, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (host, Some(p)))
                .ok_or(AddressProblem::Ipv6Port),
        };
    }
    match authority.matches(':').count() {
        0 => Ok((authority, None)),
        1 => {
            let (h, p) = authority.split_once(':').unwrap_or((authority, ""));
            Ok((h, Some(p)))
        }
        // A bare IPv6 address without brackets and without a port.
        _ => Ok((authority, None)),
    }
}

fn validate_hostname(host: &str) -> Result<String, AddressProblem> {
    let ok_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let host = host.trim_end_matches('.');
    if host.is_empty() || host.len() > 253 || !host.split('.').all(ok_label) {
        return Err(AddressProblem::NotAHost {
            host: host.to_owned(),
        });
    }
    Ok(host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_lookup_that_never_answers_fails_at_its_deadline() {
        let never = std::future::pending::<std::io::Result<()>>();
        let err =
            within_lookup_deadline("box.shop.lan", never, std::time::Duration::from_millis(20))
                .await
                .unwrap_err();
        assert_eq!(err.code(), "NAME_LOOKUP_FAILED");
        assert!(err.to_string().contains("box.shop.lan"), "{err}");
    }
    use crate::net_policy::LoopbackReason;

    fn parsed(s: &str) -> String {
        BoxAddress::parse(s).unwrap().to_string()
    }

    #[test]
    fn accepts_what_technicians_type_and_paste() {
        assert_eq!(parsed("192.0.2.50"), "192.0.2.50:8069");
        assert_eq!(parsed("  192.0.2.50:8070 "), "192.0.2.50:8070");
        assert_eq!(
            parsed("http://192.0.2.50:8069/hw_posbox_homepage/data"),
            "192.0.2.50:8069"
        );
        assert_eq!(parsed("HTTP://127.0.0.1"), "127.0.0.1:8069");
        assert_eq!(parsed("[::1]:9000"), "[::1]:9000");
        assert_eq!(parsed("::1"), "[::1]:8069");
        assert_eq!(parsed("IoTBox.local"), "iotbox.local:8069");
    }

    #[test]
    fn explains_what_is_wrong() {
        for (input, fragment) in [
            ("", "Enter the box"),
            ("192.0.2.50:99999", "“99999” is not a port"),
            ("192.0.2.50:0", "“0” is not a port"),
            ("https://192.0.2.50", "plain HTTP"),
            ("ftp://x", "Only http"),
            ("bad host!", "“bad host!” is neither an IP"),
            ("[::1", "closing ]"),
            ("[::1]x", ":port after"),
            ("user@192.0.2.1", "user name"),
        ] {
            let wire = crate::wire::WireError::from(BoxAddress::parse(input).unwrap_err());
            assert!(wire.render("en").contains(fragment), "{input:?}: {wire:?}");
            assert_eq!(wire.detail, None, "no English beside the catalogue's words");
        }
        // In the reader's language, the typed value quoted as it is.
        let wire = crate::wire::WireError::from(BoxAddress::parse("192.0.2.50:99999").unwrap_err());
        assert!(
            wire.render("fr")
                .contains("« 99999 » n'est pas un numéro de port"),
            "{}",
            wire.render("fr")
        );
    }

    #[tokio::test]
    async fn loopback_only_mode_looks_up_no_names_and_refuses_lan_addresses() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let name = BoxAddress::parse("iotbox.example").unwrap();
        assert_eq!(
            name.resolve(&policy).await.unwrap_err().code(),
            "NET_POLICY_REFUSED"
        );
        let lan = BoxAddress::parse("192.0.2.50").unwrap();
        assert_eq!(
            lan.resolve(&policy).await.unwrap_err().code(),
            "NET_POLICY_REFUSED"
        );
        let local = BoxAddress::parse("localhost:1234").unwrap();
        assert_eq!(
            local.resolve(&policy).await.unwrap().to_string(),
            "127.0.0.1:1234"
        );
    }
}
