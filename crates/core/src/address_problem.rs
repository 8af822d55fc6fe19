//! Why an address someone typed cannot be used, as keys: the catalogue's `INPUT_INVALID_ADDRESS`
//! template words each in the reader's language and quotes the values. The English `Display` is
//! for logs only.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    /// Nothing was typed.
    #[error("no address given")]
    Empty,
    /// An https:// address for the box, whose plain HTTP port works before any certificate.
    #[error("use the box's plain HTTP address (port 8069), not https")]
    Https,
    /// A scheme other than http(s).
    #[error("only http:// addresses are understood")]
    Scheme,
    /// A user name before `@`.
    #[error("an address with a user name is not a box address")]
    UserInfo,
    /// A port that is no number from 1 to 65535 (as typed).
    #[error("\"{port}\" is not a port number (1-65535)")]
    Port { port: String },
    /// `[` without its `]`.
    #[error("an IPv6 address opened with [ needs a closing ]")]
    Ipv6Bracket,
    /// Something other than `:port` after `[…]`.
    #[error("expected :port after the IPv6 address")]
    Ipv6Port,
    /// Neither an IP address nor a host name (as typed).
    #[error("\"{host}\" is neither an IP address nor a host name")]
    NotAHost { host: String },
    /// An Odoo address over plain HTTP: browsers grant Local Network Access to secure sites only.
    #[error("Chrome and Edge give Local Network Access only to secure sites: serve Odoo over HTTPS first")]
    OdooPlainHttp,
    /// An Odoo address with another scheme than https.
    #[error("the Odoo address must start with https://")]
    OdooScheme,
    /// Not an Odoo database address at all.
    #[error("expected the Odoo database address, e.g. https://shop.odoo.com")]
    OdooAddress,
    /// Not a name a TLS server can be asked for.
    #[error("not a valid TLS server name")]
    ServerName,
}

impl AddressProblem {
    /// The key the catalogue's template selects its sentence by, and the values it quotes.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let key = |k: &str| ("problem", k.to_owned());
        match self {
            Self::Empty => vec![key("empty")],
            Self::Https => vec![key("https")],
            Self::Scheme => vec![key("scheme")],
            Self::UserInfo => vec![key("userInfo")],
            Self::Port { port } => vec![key("port"), ("port", port.clone())],
            Self::Ipv6Bracket => vec![key("ipv6Bracket")],
            Self::Ipv6Port => vec![key("ipv6Port")],
            Self::NotAHost { host } => vec![key("notAHost"), ("host", host.clone())],
            Self::OdooPlainHttp => vec![key("odooPlainHttp")],
            Self::OdooScheme => vec![key("odooScheme")],
            Self::OdooAddress => vec![key("odooAddress")],
            Self::ServerName => vec![key("serverName")],
        }
    }
}
