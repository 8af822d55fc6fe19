//! One device check: what the page probes, where it listens, its URL and QR code, and the
//! device results as they arrive. The server runs until `close()`, drop, or the token's
//! deadline (15 minutes), whichever comes first.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::listen::choose_listen_addr;
use super::page::Page;
use super::qr::qr_svg;
use super::report::DeviceResult;
use super::server::{serve, Shared};
use super::token::Token;
use crate::error::CoreError;
use crate::net_policy::NetPolicy;

/// How long a check link is valid.
pub const CHECK_TTL: Duration = Duration::from_secs(15 * 60);

/// The box as the page on the device tries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckTarget {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub box_ip: IpAddr,
    /// Odoo's own port (8069): the name probe over plain HTTP (DNS only).
    pub http_port: u16,
    /// nginx's port (443).
    pub https_port: u16,
    /// nginx's plain-HTTP port, the one Odoo's Local Network Access mode calls: iot_base's
    /// `formatEndpoint` turns the HTTPS name into `http://<box IP>/<route>` (port 80, nginx
    /// proxying to Odoo). `None` on a Windows IoT, whose nginx listens on 443 only: it has no
    /// LNA path (docs/protocol/families.md, "Local Network Access").
    pub lna_port: Option<u16>,
    /// The database's `iot.box.use_lna` for this box, where known (Odoo 19+ databases).
    pub use_lna: Option<bool>,
    /// The HTTPS name (`192-168-1-50.<hash>.odoo-iot.com`), when the box has a certificate.
    pub box_name: Option<String>,
    /// The address the box reports for itself when it is not the one the laptop reached: a
    /// conflict to show, never an address the page or the laptop uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub reported_ip: Option<IpAddr>,
}

/// The three URLs the page fetches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeUrls {
    pub https_by_name: Option<String>,
    pub http_by_name: Option<String>,
    /// Odoo's LNA path, `http://<box IP>/hw_proxy/hello`; `None` when the box has none.
    pub http_by_ip: Option<String>,
}

impl CheckTarget {
    pub fn probe_urls(&self) -> ProbeUrls {
        let https_port = match self.https_port {
            443 => String::new(),
            p => format!(":{p}"),
        };
        ProbeUrls {
            https_by_name: self
                .box_name
                .as_ref()
                .map(|n| format!("https://{n}{https_port}/hw_proxy/hello")),
            http_by_name: self
                .box_name
                .as_ref()
                .map(|n| format!("http://{n}:{}/hw_proxy/hello", self.http_port)),
            http_by_ip: self.lna_port.map(|port| match port {
                80 => format!("http://{}/hw_proxy/hello", url_host(self.box_ip)),
                p => format!("http://{}/hw_proxy/hello", SocketAddr::new(self.box_ip, p)),
            }),
        }
    }

    /// Whether the box has Odoo's LNA path at all (a Pi's nginx on port 80).
    pub fn has_lna_path(&self) -> bool {
        self.lna_port.is_some()
    }

    /// A box at 192.168.1.50 with its certificate, for examples and tests.
    pub fn example() -> Self {
        Self {
            box_ip: IpAddr::from([192, 168, 1, 50]),
            http_port: 8069,
            https_port: 443,
            lna_port: Some(80),
            use_lna: None,
            box_name: Some("192-168-1-50.d73e7513.odoo-iot.com".into()),
            reported_ip: None,
        }
    }
}

/// An IP as a URL host: IPv6 in brackets.
fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

#[derive(Debug, Clone)]
pub struct StartOptions {
    pub target: CheckTarget,
    /// Where to listen; `None` picks by the policy (see `listen`).
    pub listen: Option<SocketAddr>,
    pub valid_for: Duration,
}

impl StartOptions {
    pub fn new(target: CheckTarget) -> Self {
        Self {
            target,
            listen: None,
            valid_for: CHECK_TTL,
        }
    }
}

/// What the window and the CLI show while the check is open.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DeviceCheckInfo {
    /// `http://<laptop>:<port>/c/<token>`: the one-time link.
    pub url: String,
    pub listen: String,
    /// The QR code of `url`, a self-contained SVG.
    pub qr_svg: String,
    /// RFC 3339: when the link stops working.
    pub expires_at: String,
    pub target: CheckTarget,
}

/// A running check. Dropping it closes the server.
pub struct DeviceCheck {
    info: DeviceCheckInfo,
    shared: Arc<Shared>,
    stop: CancellationToken,
}

impl DeviceCheck {
    pub fn info(&self) -> &DeviceCheckInfo {
        &self.info
    }

    /// Every device that reported so far, one entry each (a re-run replaces it).
    pub fn results(&self) -> Vec<DeviceResult> {
        self.shared
            .results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .devices()
            .to_vec()
    }

    pub fn close(&self) {
        self.stop.cancel();
    }

    /// Resolves once the check is closed or expired.
    pub async fn closed(&self) {
        self.stop.cancelled().await;
    }

    /// A token that is cancelled when the check closes, for tasks that outlive a borrow.
    pub fn closed_token(&self) -> CancellationToken {
        self.stop.clone()
    }

    pub fn is_closed(&self) -> bool {
        self.stop.is_cancelled()
    }
}

impl Drop for DeviceCheck {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Opens the check: binds where the policy allows, starts serving, and hands back the link
/// and a receiver of device results as they arrive.
pub async fn start(
    opts: StartOptions,
    policy: NetPolicy,
) -> Result<(DeviceCheck, mpsc::UnboundedReceiver<DeviceResult>), CoreError> {
    let policy = policy.for_target(opts.target.box_ip);
    let addr = choose_listen_addr(&policy, opts.target.box_ip, opts.listen)?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| cannot_listen(addr, &e))?;
    let bound = listener.local_addr().map_err(|e| cannot_listen(addr, &e))?;
    let token = Token::generate(opts.valid_for)
        .map_err(|_| CoreError::Unsupported(crate::unsupported::Unsupported::Random))?;
    let url = format!("http://{bound}/c/{}", token.as_str());
    let expires_at = (OffsetDateTime::now_utc() + opts.valid_for)
        .format(&Rfc3339)
        .unwrap_or_default();
    let (sender, receiver) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        page: Page::render(&opts.target, &format!("/c/{}", token.as_str())),
        token,
        target: opts.target.clone(),
        results: Mutex::new(super::Standing::default()),
        sender,
        rate: Mutex::new(Default::default()),
        gate: Default::default(),
        now: now_rfc3339,
    });
    let stop = CancellationToken::new();
    tokio::spawn(serve(listener, shared.clone(), stop.clone()));
    let info = DeviceCheckInfo {
        qr_svg: qr_svg(&url),
        url,
        listen: bound.to_string(),
        expires_at,
        target: opts.target,
    };
    Ok((DeviceCheck { info, shared, stop }, receiver))
}

/// The device check cannot listen: the address, and the system's words for why.
fn cannot_listen(addr: SocketAddr, e: &std::io::Error) -> CoreError {
    CoreError::Unsupported(crate::unsupported::Unsupported::CannotListen {
        addr,
        error: e.to_string(),
    })
}
