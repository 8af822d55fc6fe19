//! The HTTP side: one hyper connection task per client, routes by path, every request logged.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::config::OdooServer;
use crate::{json2, jsonrpc};

type Resp = Response<Full<Bytes>>;

/// One request as the stand-in received it, for tests to check what a client sent where.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub database_header: Option<String>,
    pub body: String,
}

const MAX_BODY: usize = 1 << 20;

pub async fn serve(
    listener: TcpListener,
    server: Arc<OdooServer>,
    seen: Arc<Mutex<Vec<Seen>>>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let mut conns = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => if let Ok((stream, _)) = accepted {
                let (server, seen) = (server.clone(), seen.clone());
                conns.spawn(async move {
                    let svc = service_fn(move |req| handle(server.clone(), seen.clone(), req));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
}

async fn handle(
    server: Arc<OdooServer>,
    seen: Arc<Mutex<Vec<Seen>>>,
    req: Request<Incoming>,
) -> Result<Resp, Infallible> {
    let (parts, body) = req.into_parts();
    let Ok(body) = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map(|b| b.to_bytes())
    else {
        return Ok(text(413, "text/plain", "Request Entity Too Large"));
    };
    let header_text = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let path = parts.uri.path().to_owned();
    let authorization = header_text(header::AUTHORIZATION.as_str());
    let database = header_text("x-odoo-database");
    if let Ok(mut log) = seen.lock() {
        log.push(Seen {
            method: parts.method.to_string(),
            path: path.clone(),
            authorization: authorization.clone(),
            database_header: database.clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    let resp = match (&parts.method, path.as_str()) {
        (&Method::POST, "/jsonrpc") => {
            let (status, value) = jsonrpc::handle(&server, &body);
            match value {
                Value::String(s) => text(status, "text/html; charset=utf-8", &s),
                value => json_resp(status, &value),
            }
        }
        (&Method::GET, "/web/version") if server.version.has_json2() => json_resp(
            200,
            &json!({ "version_info": server.version.version_info(), "version": server.version.label }),
        ),
        (&Method::POST, p) if p.starts_with("/json/2/") => {
            let request = json2::Request {
                path: p,
                authorization: authorization.as_deref(),
                database: database.as_deref(),
                body: &body,
            };
            match json2::handle(&server, &request) {
                json2::Answer::Json(status, value) => json_resp(status, &value),
                json2::Answer::Html404 => not_found_page(),
            }
        }
        _ => not_found_page(),
    };
    Ok(resp)
}

fn text(status: u16, content_type: &str, body: &str) -> Resp {
    let mut resp = Response::new(Full::new(Bytes::from(body.to_owned())));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        content_type.parse().expect("static content type"),
    );
    resp.headers_mut().insert(
        header::SERVER,
        "Werkzeug/3.0.1 Python/3.12.3".parse().expect("static"),
    );
    resp
}

fn json_resp(status: u16, value: &Value) -> Resp {
    text(
        status,
        "application/json; charset=utf-8",
        &value.to_string(),
    )
}

/// The website-less 404 page werkzeug renders.
fn not_found_page() -> Resp {
    text(
        404,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n\
         <p>The requested URL was not found on the server. If you entered the URL manually please \
         check your spelling and try again.</p>\n",
    )
}
