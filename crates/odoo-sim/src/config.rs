//! What one stand-in server holds: its Odoo version, its databases, their users (login, API
//! key, whether they have IoT rights) and their `iot.box` records. Deserialisable, so the
//! binary reads the same shape from a JSON file.

use std::net::SocketAddr;

use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OdooServer {
    /// Loopback only; port 0 picks a free one.
    #[serde(default = "default_bind")]
    pub bind: SocketAddr,
    pub version: Version,
    pub databases: Vec<Database>,
    /// 19+ only: `/jsonrpc` refuses `object` and `login`/`authenticate` with NotFound, as when
    /// `rpc.use_deprecated_services` is unset (`addons/rpc/controllers/jsonrpc.py`).
    #[serde(default)]
    pub jsonrpc_switched_off: bool,
}

impl OdooServer {
    /// A 19.0 server on loopback with `/jsonrpc` switched off and one database, `bakery`: one
    /// user (`login`, uid 2, IoT rights) whose API key is `api_key`, and one box, `Counter`
    /// (identifier `1000a`, image 25.10, certificate end 2027-01-20 08:00:00 UTC) whose `ip`
    /// field says `box_ip` (an 18.4+ box with a certificate reports its HTTPS name there,
    /// `<ip-dashed>.<hash>.odoo-iot.com`) — data only, the fleet check contacts no box.
    pub fn one_box(login: &str, api_key: &str, box_ip: &str) -> Self {
        OdooServer {
            bind: default_bind(),
            version: Version::parse("19.0"),
            databases: vec![Database {
                name: "bakery".into(),
                iot_app: true,
                use_lna_field: false,
                users: vec![User {
                    login: login.into(),
                    uid: 2,
                    api_key: api_key.into(),
                    iot_access: true,
                }],
                boxes: vec![IotBox {
                    name: "Counter".into(),
                    identifier: "1000a".into(),
                    ip: Some(box_ip.into()),
                    version: Some("25.10".into()),
                    ssl_certificate_end_date: Some("2027-01-20 08:00:00".into()),
                    use_lna: false,
                }],
            }],
            jsonrpc_switched_off: true,
        }
    }
}

fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A release as Odoo names it: `"16.0"`, `"17.0"`, `"saas~18.3"`, `"19.0"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Version {
    pub label: String,
    pub major: u32,
    pub minor: u32,
    pub saas: bool,
}

impl TryFrom<String> for Version {
    type Error = String;
    fn try_from(label: String) -> Result<Self, String> {
        let (saas, number) = match label.strip_prefix("saas~") {
            Some(rest) => (true, rest),
            None => (false, label.as_str()),
        };
        let (major, minor) = number
            .split_once('.')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .ok_or_else(|| format!("\"{label}\" is not an Odoo version like 17.0 or saas~18.3"))?;
        Ok(Self {
            label,
            major,
            minor,
            saas,
        })
    }
}

impl Version {
    pub fn parse(label: &str) -> Self {
        Self::try_from(label.to_owned()).expect("a valid Odoo version label")
    }

    /// `odoo.release.version_info`: `(19, 0, 0, 'final', 0, '')`; a SaaS release carries its
    /// serie in the first item: `('saas~18', 3, 0, 'final', 0, '')`.
    pub fn version_info(&self) -> Value {
        let first = if self.saas {
            json!(format!("saas~{}", self.major))
        } else {
            json!(self.major)
        };
        json!([first, self.minor, 0, "final", 0, ""])
    }

    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// The JSON-2 API and `GET /web/version` exist from 19.0.
    pub fn has_json2(&self) -> bool {
        self.at_least(19, 0)
    }

    /// `iot.box.ssl_certificate_end_date` exists from 18.3 (odoo/odoo PR #206693).
    pub fn has_end_date(&self) -> bool {
        self.at_least(18, 3)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub name: String,
    /// The IoT app (Enterprise `iot`) is installed: without it there is no `iot.box` model.
    #[serde(default = "yes")]
    pub iot_app: bool,
    /// The database exposes `iot.box.use_lna` (19+ only).
    #[serde(default)]
    pub use_lna_field: bool,
    pub users: Vec<User>,
    #[serde(default)]
    pub boxes: Vec<IotBox>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub login: String,
    pub uid: u32,
    /// Accepted as the password of `/jsonrpc` and as the bearer token of JSON-2.
    pub api_key: String,
    /// Member of a group that may read `iot.box`.
    #[serde(default = "yes")]
    pub iot_access: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IotBox {
    pub name: String,
    pub identifier: String,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    /// `"YYYY-MM-DD HH:MM:SS"` (UTC), what the box last reported; ignored before 18.3.
    #[serde(default)]
    pub ssl_certificate_end_date: Option<String>,
    #[serde(default)]
    pub use_lna: bool,
}
