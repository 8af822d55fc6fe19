//! The control endpoint (`--control`): inspect the simulated box and change its scenario or
//! restart it at run time, e.g. to "fix the firewall" and watch a retry succeed. Not part of
//! any Odoo API; it stays up while the box is down.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::certs::fmt_naive;
use crate::http::Resp;
use crate::lifecycle;
use crate::scenario::Scenario;
use crate::shared::{Phase, Shared};
use crate::SimError;

/// Switch scenario. `keep_state = false` resets credentials, pairing and certificate to the
/// scenario's initial state; `true` changes only the environment (odoo.com, AP mode, file
/// readability) and keeps what the box has saved.
pub fn switch(
    sh: &Arc<Shared>,
    scenario: Scenario,
    http_status: Option<u16>,
    keep_state: bool,
) -> Result<(), SimError> {
    {
        let mut st = sh.lock();
        let status = http_status.unwrap_or(st.http_status);
        if keep_state {
            st.set_environment(scenario, status);
            st.refresh_pairing_code(&sh.id);
        } else {
            st.reset_to(scenario, status, &sh.ca, &sh.id)?;
        }
        sh.persist(&st);
    }
    if sh.lock().nginx_refuses_file() {
        lifecycle::nginx_stopped(sh);
    } else if *sh.https_phase.borrow() == crate::shared::Phase::Down && sh.lock().up {
        lifecycle::nginx_started(sh); // a repaired file: nginx runs again
    } else if !keep_state {
        lifecycle::nginx_reload(sh); // drop TLS sessions holding the previous certificate
    }
    Ok(())
}

/// Snapshot for `GET /state` and `SimHandle::state()`.
pub fn state_json(sh: &Shared) -> Value {
    let serving = sh.serving.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let st = sh.lock();
    json!({
        "family": sh.family().as_str(),
        "flavour": sh.flavour.as_str(),
        "iot_module_missing": sh.iot_module_missing(),
        "scenario": st.scenario.as_str(),
        "http_status": st.http_status,
        "up": st.up,
        "restarting": st.restarting,
        "boots": st.boots,
        "odoo_com_calls": st.odoo_com_calls,
        "downloads": st.downloads,
        "http": sh.http_addr.to_string(),
        "https": sh.https_addr.map(|a| a.to_string()),
        "control": sh.control_addr.map(|a| a.to_string()),
        "ip": sh.reported_ip(&st),
        "server_url": st.server_url,
        "db_uuid": st.db_uuid,
        "enterprise_code": st.enterprise_code,
        "pairing_code": st.pairing_code,
        "access_point": st.spec.access_point,
        "certificate": {
            "cn": st.cert.cn,
            "not_after": fmt_naive(st.cert.not_after),
            "placeholder": st.cert.is_placeholder(),
            "unreadable": st.spec.cert_unreadable,
            "fingerprint": st.cert.fingerprint(),
        },
        "identity": {"mac": sh.id.mac, "identifier": sh.id.identifier, "hostname": sh.id.hostname},
        "requests": sh.requests.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        "next_family": sh.next_family.lock().unwrap_or_else(|e| e.into_inner()).map(|f| f.as_str()),
        "https_serving": serving.map(|s| json!({"fingerprint": s.fingerprint, "since_unix_ms": s.since_unix_ms})),
    })
}

fn json_resp(status: StatusCode, v: &Value) -> Resp {
    let mut r = Response::new(Full::new(Bytes::from(v.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        "application/json".parse().expect("static"),
    );
    r
}

fn bad(msg: impl Into<String>) -> Resp {
    json_resp(StatusCode::BAD_REQUEST, &json!({"error": msg.into()}))
}

async fn handle(sh: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let (parts, body) = req.into_parts();
    let body = Limited::new(body, 1 << 20)
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let json_body = || serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null);
    Ok(match (&parts.method, parts.uri.path()) {
        (&Method::GET, "/state") => json_resp(StatusCode::OK, &state_json(&sh)),
        (&Method::GET, "/received-codes") => {
            let codes = sh.lock().received_codes.clone();
            json_resp(StatusCode::OK, &json!({"codes": codes}))
        }
        (&Method::GET, "/logs") => {
            let text = sh.lock().logs.join("\n");
            json_resp(StatusCode::OK, &json!({"logs": text}))
        }
        (&Method::POST, "/scenario") => {
            let b = json_body();
            let Some(name) = b.get("scenario").and_then(Value::as_str) else {
                return Ok(bad("body must be {\"scenario\": \"<name>\", \"http_status\"?: n, \"keep_state\"?: bool}"));
            };
            let scenario = match name.parse::<Scenario>() {
                Ok(s) => s,
                Err(e) => return Ok(bad(e.to_string())),
            };
            let status = b
                .get("http_status")
                .and_then(Value::as_u64)
                .and_then(|n| u16::try_from(n).ok());
            let keep = b
                .get("keep_state")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            match switch(&sh, scenario, status, keep) {
                Ok(()) => json_resp(StatusCode::OK, &state_json(&sh)),
                Err(e) => json_resp(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &json!({"error": e.to_string()}),
                ),
            }
        }
        (&Method::POST, "/branch") => {
            let family = json_body()
                .get("family")
                .and_then(Value::as_str)
                .map(str::parse::<crate::names::Family>);
            match family {
                Some(Ok(f)) => {
                    *sh.next_family.lock().unwrap_or_else(|e| e.into_inner()) = Some(f);
                    json_resp(StatusCode::OK, &state_json(&sh))
                }
                Some(Err(e)) => bad(e.to_string()),
                None => bad("body must be {\"family\": \"<family>\"}"),
            }
        }
        (&Method::POST, "/midnight") => {
            crate::slow::midnight_check(&sh);
            json_resp(StatusCode::OK, &state_json(&sh))
        }
        (&Method::POST, "/restart") => {
            let reboot = json_body()
                .get("reboot")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if sh.lock().restarting {
                json_resp(
                    StatusCode::CONFLICT,
                    &json!({"error": "already restarting"}),
                )
            } else {
                let sh2 = sh.clone();
                sh.rt
                    .spawn(async move { lifecycle::restart(&sh2, reboot).await });
                json_resp(StatusCode::ACCEPTED, &json!({"status": "restarting"}))
            }
        }
        _ => json_resp(
            StatusCode::NOT_FOUND,
            &json!({"error": "not found",
            "routes": ["GET /state", "GET /logs", "GET /received-codes", "POST /scenario",
                       "POST /restart", "POST /branch", "POST /midnight"]}),
        ),
    })
}

pub async fn run_control(sh: Arc<Shared>, listener: TcpListener) {
    let mut rx = sh.http_phase.subscribe();
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            changed = rx.changed() => {
                if changed.is_err() || *rx.borrow() == Phase::Shutdown { break; }
            }
            acc = listener.accept() => if let Ok((stream, _)) = acc {
                let sh = sh.clone();
                conns.spawn(async move {
                    let svc = service_fn(move |req| handle(sh.clone(), req));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
}
