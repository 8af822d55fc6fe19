//! What the assistant cannot do here, and why, as keys: the catalogue's `BOX_ACTION_UNSUPPORTED`
//! template words each reason in the reader's language; the system's own words (an OS error)
//! are the technical detail. The English `Display` is for logs only.

use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unsupported {
    /// A Windows virtual IoT has no reboot route (docs/protocol/families.md).
    #[error("a Windows virtual IoT cannot be rebooted from here; restart the Odoo service, or restart the Windows PC itself")]
    RebootWindows,
    /// The 16.0–saas-18.2 homepage answers 404 on its reboot route.
    #[error("this box's version has no reboot route; restart the Odoo service, or unplug the box for 10 seconds")]
    RebootNoRoute,
    /// saas-18.3 and later have no reboot route.
    #[error("boxes on Odoo saas-18.3 and later have no reboot route; restart the Odoo service, or unplug the box for 10 seconds")]
    RebootNewer,
    /// The box answers none of its log routes.
    #[error("this box has no log route")]
    NoLogRoute,
    /// The laptop has no address in the network of the box, so the device check has nowhere
    /// to listen.
    #[error("this laptop has no address in the network of the box ({box_ip})")]
    NoAddressInBoxNetwork { box_ip: IpAddr },
    /// The device check cannot listen on `addr`; `error` is the system's text.
    #[error("cannot listen on {addr}: {error}")]
    CannotListen { addr: SocketAddr, error: String },
    /// The laptop's network interfaces could not be listed; `error` is the system's text.
    #[error("the laptop's network interfaces could not be listed: {error}")]
    Interfaces { error: String },
    /// The system's random number generator failed (no device-check token).
    #[error("the system's random number generator failed")]
    Random,
}

impl Unsupported {
    /// The key the catalogue's template selects its sentence by, and the values it quotes.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let key = |k: &str| ("reason", k.to_owned());
        match self {
            Self::RebootWindows => vec![key("rebootWindows")],
            Self::RebootNoRoute => vec![key("rebootNoRoute")],
            Self::RebootNewer => vec![key("rebootNewer")],
            Self::NoLogRoute => vec![key("noLogRoute")],
            Self::NoAddressInBoxNetwork { box_ip } => {
                vec![key("noAddress"), ("boxIp", box_ip.to_string())]
            }
            Self::CannotListen { addr, .. } => vec![key("listen"), ("address", addr.to_string())],
            Self::Interfaces { .. } => vec![key("interfaces")],
            Self::Random => vec![key("random")],
        }
    }

    /// The system's own words, for the technical detail.
    pub fn system_words(&self) -> Option<String> {
        match self {
            Self::CannotListen { error, .. } | Self::Interfaces { error } => Some(error.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;

    #[test]
    fn every_reason_is_worded_in_every_language() {
        let all = [
            Unsupported::RebootWindows,
            Unsupported::RebootNoRoute,
            Unsupported::RebootNewer,
            Unsupported::NoLogRoute,
            Unsupported::NoAddressInBoxNetwork {
                box_ip: [192, 168, 1, 50].into(),
            },
            Unsupported::CannotListen {
                addr: "127.0.0.1:9".parse().unwrap(),
                error: "Address already in use (os error 98)".into(),
            },
            Unsupported::Interfaces {
                error: "os error 1".into(),
            },
            Unsupported::Random,
        ];
        let wires: Vec<_> = all
            .iter()
            .map(|reason| crate::wire::WireError::from(CoreError::Unsupported(reason.clone())))
            .collect();
        crate::wire::assert_worded_apart(&wires, None);
        let wire = crate::wire::WireError::from(CoreError::Unsupported(all[4].clone()));
        assert!(
            wire.render("fr").contains("(192.168.1.50)"),
            "{}",
            wire.render("fr")
        );
        let wire = crate::wire::WireError::from(CoreError::Unsupported(all[5].clone()));
        assert_eq!(
            wire.detail.as_deref(),
            Some("Address already in use (os error 98)")
        );
        assert!(
            wire.render("de").contains("127.0.0.1:9"),
            "{}",
            wire.render("de")
        );
    }
}
