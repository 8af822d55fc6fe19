//! Which pages the window may open in the browser: only a box's own HTTPS page, by its IP or by
//! the name its certificate gives it (`<ip-with-dashes>.<hash>.odoo-iot.com`). Anything else a
//! page could ask for — another host, a userinfo trick, a path to somewhere — is refused.

use std::net::IpAddr;

use crate::dns::name::ip_encoded_in;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("only the HTTPS page of a box this assistant is working with can be opened")]
pub struct NotABoxPage;

/// `url` when it is `https://<host>[:port]/` and the host is one of `box_ips` or a name that
/// encodes one of them under `odoo-iot.com`. Returns the URL rebuilt from its checked parts.
pub fn box_https_url(url: &str, box_ips: &[IpAddr]) -> Result<String, NotABoxPage> {
    let rest = url.strip_prefix("https://").ok_or(NotABoxPage)?;
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty()
        || !authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(NotABoxPage);
    }
    let (host, port) = split_port(authority).ok_or(NotABoxPage)?;
    let ip = match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        Ok(ip) => ip,
        Err(_) => {
            let lower = host.to_ascii_lowercase();
            let lower = lower.strip_suffix('.').unwrap_or(&lower);
            if !lower.ends_with(".odoo-iot.com") {
                return Err(NotABoxPage);
            }
            IpAddr::V4(ip_encoded_in(lower).ok_or(NotABoxPage)?)
        }
    };
    if !box_ips.contains(&ip) {
        return Err(NotABoxPage);
    }
    Ok(match port {
        Some(port) => format!("https://{host}:{port}/"),
        None => format!("https://{host}/"),
    })
}

fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, after) = authority.split_at(end + 1);
        return match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port.parse().ok()?))),
        None => Some((authority, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: [IpAddr; 1] = [IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 9))];

    #[test]
    fn the_boxs_own_name_or_address_opens() {
        for url in [
            "https://127-0-0-9.abc123.odoo-iot.com/",
            "https://127-0-0-9.abc123.odoo-iot.com",
            "https://127.0.0.9/",
            "https://127.0.0.9:8443/",
        ] {
            assert!(box_https_url(url, &BOX).is_ok(), "{url}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "http://127.0.0.9/",
            "https://127.0.0.10/",
            "https://127-0-0-10.abc123.odoo-iot.com/",
            "https://127-0-0-9.evil.example/",
            "https://evil.example/",
            "https://127.0.0.9@evil.example/",
            "https://127.0.0.9/../../etc",
            "https://127.0.0.9/ x",
            "file:///etc/passwd",
            "https://",
        ] {
            assert_eq!(box_https_url(url, &BOX), Err(NotABoxPage), "{url}");
        }
    }
}
