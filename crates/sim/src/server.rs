//! Listeners that can go down and come back: while a listener is `Down` its socket is closed
//! (new connections are refused) and open connections are dropped (odoo-iot-protocol.md §9.6 "expect the connection
//! to drop"). Loopback only, always.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Request};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::http::{parse_qs, Req, Resp};
use crate::shared::{Phase, Shared};
use crate::{families, lifecycle, tls, SimError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Odoo's own port (8069 on a box, odoo-iot-protocol.md §2.1).
    Http,
    /// nginx TLS in front of Odoo (443 on a box, §2.1).
    Https,
}

/// The project's safety rule: tests and demos stay on 127.0.0.0/8 or ::1.
pub fn check_loopback(addr: SocketAddr) -> Result<(), SimError> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(SimError::NonLoopback(addr))
    }
}

/// Bind with SO_REUSEADDR so a restarted listener gets its port back at once.
pub fn bind(addr: SocketAddr) -> Result<TcpListener, SimError> {
    check_loopback(addr)?;
    let bind_err = |source| SimError::Bind { addr, source };
    let sock = if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(bind_err)?;
    sock.set_reuseaddr(true).map_err(bind_err)?;
    sock.bind(addr).map_err(bind_err)?;
    sock.listen(128).map_err(bind_err)
}

/// Rebind after a down period; retries while the phase stays `Up`.
async fn rebind(addr: SocketAddr, rx: &mut watch::Receiver<Phase>) -> Option<TcpListener> {
    loop {
        match bind(addr) {
            Ok(l) => return Some(l),
            Err(e) => eprintln!("iot-box-sim: rebind {addr} failed, retrying: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(50)) => {}
            changed = rx.changed() => if changed.is_err() || !matches!(*rx.borrow(), Phase::Up(_)) { return None },
        }
    }
}

pub async fn run_listener(
    sh: Arc<Shared>,
    kind: Kind,
    addr: SocketAddr,
    initial: Option<TcpListener>,
    mut rx: watch::Receiver<Phase>,
) {
    let mut listener = initial;
    loop {
        let phase = *rx.borrow_and_update();
        match phase {
            Phase::Shutdown => return,
            Phase::Down => {
                listener = None; // closing the socket: connects are refused while down
                if rx.changed().await.is_err() {
                    return;
                }
            }
            Phase::Up(_) => {
                if listener.is_none() {
                    listener = rebind(addr, &mut rx).await;
                    if listener.is_none() {
                        continue;
                    }
                }
                let Some(l) = listener.as_ref() else { continue };
                if kind == Kind::Https {
                    sh.note_serving();
                }
                let mut conns = JoinSet::new();
                loop {
                    tokio::select! {
                        changed = rx.changed() => {
                            if changed.is_err() { return; }
                            break;
                        }
                        acc = l.accept() => if let Ok((stream, _)) = acc {
                            conns.spawn(serve_conn(sh.clone(), kind, stream));
                        },
                        Some(_) = conns.join_next(), if !conns.is_empty() => {}
                    }
                }
                // Restart or nginx reload: open connections go away with the process.
                conns.abort_all();
            }
        }
    }
}

async fn serve_conn(sh: Arc<Shared>, kind: Kind, stream: TcpStream) {
    let werkzeug = sh.werkzeug_writes && kind == Kind::Http;
    let _ = stream.set_nodelay(!werkzeug);
    let svc_sh = sh.clone();
    let svc = service_fn(move |req| handle(svc_sh.clone(), kind, req));
    match kind {
        Kind::Http if werkzeug => {
            let io = crate::werkzeug_io::SeparateWrites(stream);
            let _ = http1::Builder::new()
                .writev(true)
                .serve_connection(TokioIo::new(io), svc)
                .await;
        }
        Kind::Http => {
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        }
        Kind::Https => {
            let cert = sh.lock().served().clone();
            let Ok(cfg) = tls::server_config(&cert) else {
                return;
            };
            let Ok(Ok(tls)) = tokio::time::timeout(
                Duration::from_secs(10),
                tokio_rustls::TlsAcceptor::from(cfg).accept(stream),
            )
            .await
            else {
                return;
            };
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(tls), svc)
                .await;
        }
    }
}

/// RFC 9110's IMF-fixdate, e.g. `Mon, 07 Dec 2026 02:22:03 GMT`.
const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// nginx allows 10 MB bodies on master (odoo-iot-protocol.md §2.1); plenty for JSON-RPC.
const MAX_BODY: usize = 10 * 1024 * 1024;

async fn handle(sh: Arc<Shared>, kind: Kind, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let (parts, body) = req.into_parts();
    sh.count_request(parts.uri.path());
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(crate::http::bad_request(
                "Request body too large or unreadable",
            ))
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(parse_qs).unwrap_or_default(),
        body,
        content_type,
    };
    let out = families::handle(&sh, &req);
    let mut resp = out.resp;
    // Odoo's werkzeug on 8069; nginx in front on 443 (odoo-iot-protocol.md §2.1).
    let server = match kind {
        Kind::Http => "Werkzeug/2.2.2 Python/3.11.2",
        Kind::Https => "nginx/1.22.1",
    };
    resp.headers_mut()
        .insert(header::SERVER, server.parse().expect("static"));
    // The box's clock (`--clock-offset`); hyper adds the host's `Date` only when none is set.
    let offset = sh.lock().clock_offset;
    if !offset.is_zero() {
        let now = time::OffsetDateTime::now_utc() + offset;
        if let Ok(date) = now.format(HTTP_DATE) {
            if let Ok(v) = date.parse() {
                resp.headers_mut().insert(header::DATE, v);
            }
        }
    }
    // The real box answers only after its own waits (odoo.com, the 3 s sleep, nginx).
    if !out.fx.answer_delay.is_zero() {
        tokio::time::sleep(out.fx.answer_delay).await;
    }
    lifecycle::apply_effects(&sh, out.fx);
    if out.fx.drop_answer {
        // Odoo restarts while answering: the restart aborts this connection unanswered.
        std::future::pending::<()>().await;
    }
    Ok(resp)
}
