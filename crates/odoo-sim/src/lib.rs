//! `odoo-db-sim`: a stand-in for an Odoo server, as far as a fleet tool sees it: the external
//! APIs a client uses to read `iot.box` records, with their real request and response shapes.
//!
//! * `/jsonrpc` (16.0 – 19.x, deprecated in 19): `common.version`, `common.authenticate`,
//!   `common.login`, `object.execute_kw` — `odoo/service/common.py`, `odoo/service/model.py`
//!   (`security.check` → `AccessDenied`, `"Object %s doesn't exist"` as a `UserError`), the
//!   envelope and fault of `JsonRPCDispatcher` in `odoo/http.py` (`serialize_exception`).
//!   A 19+ server can switch it off, as `addons/rpc/controllers/jsonrpc.py` does when
//!   `rpc.use_deprecated_services` is unset: `object` and `login`/`authenticate` answer NotFound.
//! * JSON-2 (19.0+): `POST /json/2/<model>/<method>`, `Authorization: bearer <api key>`,
//!   `X-Odoo-Database` (`addons/rpc/controllers/json2.py`; the request/response and the error
//!   object `{name, message, arguments, context, debug}` of odoo/documentation
//!   `content/developer/reference/external_api.rst`, 401 `"Invalid apikey"` verbatim).
//! * `GET /web/version` (19.0+): `{"version_info": […], "version": "19.0"}` (same document).
//!
//! `iot.box` is the Enterprise model: `name`, `identifier`, `ip`, `version`, and from 18.3
//! `ssl_certificate_end_date` (a Datetime, sent as `"YYYY-MM-DD HH:MM:SS"` UTC), written by the
//! box through `/iot/box/update_certificate_status`. `use_lna` is exposed on 19+ databases only
//! when configured: it is known from a third-party parity list, not from Odoo's source.
//!
//! It shares no code with the client (`iot-https-core`), so a misreading on either side shows
//! up in tests. It binds loopback only.

mod config;
mod faults;
mod json2;
mod jsonrpc;
mod model;
mod server;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub use config::{Database, IotBox, OdooServer, User, Version};
pub use server::Seen;

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(
        "refusing to bind {0}: the Odoo stand-in only listens on loopback (127.0.0.0/8 or ::1)"
    )]
    NonLoopback(SocketAddr),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// A running stand-in server.
pub struct OdooSimHandle {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl OdooSimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`: what a technician would type as the database URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Binds `server.bind` (loopback only) and serves until `shutdown`.
pub async fn spawn(server: OdooServer) -> Result<OdooSimHandle, SimError> {
    let addr = server.bind;
    if !addr.ip().is_loopback() {
        return Err(SimError::NonLoopback(addr));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| SimError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SimError::Bind { addr, source })?;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(server::serve(
        listener,
        Arc::new(server),
        seen.clone(),
        stopped,
    ));
    Ok(OdooSimHandle {
        addr,
        seen,
        stop,
        task,
    })
}
