//! The Pi's nginx on plain HTTP (port 80 on a box; any loopback port here). Odoo's image
//! (`addons/iot_box_image/overwrite_after_init/etc/nginx/conf.d/iot.conf` @180b6d55) proxies
//! `/` to Odoo on 8069, answers 502 while Odoo is down, and exposes /var/log as `/odoo-logs`
//! with `autoindex on`, "so that it remains accessible even if Odoo is failing to start".
//! Odoo writes its log to /var/log/odoo/odoo-server.log. The listener stays up through Odoo
//! restarts. This is also the path of Odoo's Local Network Access mode: iot_base's
//! `formatEndpoint` (`network_utils/http.js` @d7d1ac2c) calls `http://<box IP>/<route>`. The
//! Windows virtual IoT's `nginx.conf` (@899f12c3) listens on 443 only, so a Windows simulator
//! starts no plain-HTTP listener at all (`spawn`).

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::families::{self, logs_text};
use crate::http::{parse_qs, Req, Resp};
use crate::shared::{Phase, Shared};

const LOG_NAME: &str = "odoo-server.log";
/// What logrotate made of the previous content (no `dateext`: Debian's numbering).
const ROTATED_NAME: &str = "odoo-server.log.1";

pub async fn run(sh: Arc<Shared>, listener: TcpListener, mut phase: watch::Receiver<Phase>) {
    loop {
        tokio::select! {
            changed = phase.changed() => {
                if changed.is_err() || *phase.borrow() == Phase::Shutdown {
                    return;
                }
            }
            accepted = listener.accept() => if let Ok((stream, _)) = accepted {
                let sh = sh.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| handle(sh.clone(), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            },
        }
    }
}

fn page(status: StatusCode, content_type: &str, body: String) -> Resp {
    let mut r = hyper::Response::new(http_body_util::Full::new(body.into()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type.parse().expect("static"));
    h.insert(header::SERVER, "nginx/1.22.1".parse().expect("static"));
    r
}

fn nginx_error(status: StatusCode) -> Resp {
    let line = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    page(
        status,
        "text/html",
        format!("<html>\r\n<head><title>{line}</title></head>\r\n<body>\r\n<center><h1>{line}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"),
    )
}

/// An nginx autoindex page.
fn autoindex(path: &str, entries: &[(String, usize)]) -> Resp {
    let date = crate::certs::fmt_naive(time::OffsetDateTime::now_utc());
    let mut rows = String::from("<a href=\"../\">../</a>\r\n");
    for (name, size) in entries {
        let size = if name.ends_with('/') {
            "-".to_string()
        } else {
            size.to_string()
        };
        rows += &format!(
            "<a href=\"{name}\">{name}</a>{:pad$}{date} {size:>19}\r\n",
            "",
            pad = 51usize.saturating_sub(name.len())
        );
    }
    let body = format!(
        "<html>\r\n<head><title>Index of {path}</title></head>\r\n<body>\r\n<h1>Index of {path}</h1><hr><pre>{rows}</pre><hr></body>\r\n</html>\r\n"
    );
    page(StatusCode::OK, "text/html", body)
}

async fn handle(sh: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    if path == "/odoo-logs" || path.starts_with("/odoo-logs/") {
        return Ok(odoo_logs(&sh, &path));
    }
    // `location /`: proxied to Odoo, or nginx's 502 page while Odoo is down.
    if !sh.lock().up {
        return Ok(nginx_error(StatusCode::BAD_GATEWAY));
    }
    let Ok(body) = Limited::new(body, 10 << 20).collect().await else {
        return Ok(nginx_error(StatusCode::PAYLOAD_TOO_LARGE));
    };
    let req = Req {
        method: parts.method,
        path,
        query: parts.uri.query().map(parse_qs).unwrap_or_default(),
        body: body.to_bytes(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
    };
    let out = families::handle(&sh, &req);
    crate::lifecycle::apply_effects(&sh, out.fx);
    Ok(out.resp)
}

fn odoo_logs(sh: &Shared, path: &str) -> Resp {
    let (log, rotated) = {
        let st = sh.lock();
        let rotated = (!st.rotated_logs.is_empty()).then(|| st.rotated_logs.join("\n") + "\n");
        (logs_text(&st), rotated)
    };
    match path {
        "/odoo-logs" => {
            let mut r = nginx_error(StatusCode::MOVED_PERMANENTLY);
            r.headers_mut()
                .insert(header::LOCATION, "/odoo-logs/".parse().expect("static"));
            r
        }
        "/odoo-logs/" => autoindex(
            path,
            &[
                ("odoo/".into(), 0),
                ("nginx/".into(), 0),
                ("syslog".into(), 4096),
            ],
        ),
        "/odoo-logs/odoo/" => {
            let mut entries = vec![(LOG_NAME.to_string(), log.len())];
            if let Some(rotated) = rotated.as_ref() {
                entries.insert(0, (ROTATED_NAME.into(), rotated.len()));
            }
            autoindex(path, &entries)
        }
        "/odoo-logs/odoo/odoo-server.log" => page(StatusCode::OK, "text/plain", log),
        "/odoo-logs/odoo/odoo-server.log.1" => match rotated {
            Some(rotated) => page(StatusCode::OK, "text/plain", rotated),
            None => nginx_error(StatusCode::NOT_FOUND),
        },
        _ => nginx_error(StatusCode::NOT_FOUND),
    }
}
