//! The check page's HTTP server. It answers only under `/c/<token>/…` (403 for a wrong or
//! expired token, 404 for anything else), caps bodies, header and body time, connections and
//! requests per device address (`gate`), accepts a report only with the device id it gave that
//! address with the page, and stops when the check is closed or its token expires. It holds
//! no secret: the page, the box's name and address, and what devices report.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;

use super::browser::Browser;
use super::gate::{Backoff, Gate};
use super::page::{noscript_text, page_text, Page, NOSCRIPT_SLOT};
use super::report::{DeviceReport, DeviceResult, MAX_REPORT_BYTES};
use super::session::CheckTarget;
use super::token::Token;
use super::verdict::assess;
use crate::findings::FindingCode;

/// Requests per device address per minute: a page load is 3, a report 1.
const REQUESTS_PER_MINUTE: u32 = 60;
const MAX_CONNECTIONS: usize = 32;
/// Distinct devices one check lists; more is not a shop, it is a flood.
use super::standing::MAX_DEVICES;
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// A report body arrives within this, or the request is answered 408 (a trickled body must
/// not hold a connection).
const BODY_TIMEOUT: Duration = Duration::from_secs(5);
const CONNECTION_LIFETIME: Duration = Duration::from_secs(15);
/// Where the page's config names the device id the server issued.
pub(super) const DEVICE_ID_SLOT: &str = "{{DEVICE_ID}}";

pub(super) struct Shared {
    pub token: Token,
    pub target: CheckTarget,
    pub page: Page,
    pub results: Mutex<super::Standing>,
    pub sender: mpsc::UnboundedSender<DeviceResult>,
    pub rate: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    pub gate: Arc<Gate>,
    /// The laptop's clock for `received_at`.
    pub now: fn() -> String,
}

type Resp = Response<Full<Bytes>>;

pub(super) async fn serve(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let deadline = tokio::time::Instant::from_std(shared.token.expires());
    let mut backoff = Backoff::default();
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep_until(deadline) => { stop.cancel(); return }
            acc = listener.accept() => acc,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => {
                backoff.reset();
                accepted
            }
            Err(_) => {
                // Out of file descriptors and the like: pause instead of spinning.
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = tokio::time::sleep(backoff.next()) => continue,
                }
            }
        };
        // Per address first, so one device cannot take the shared slots from the others.
        let Some(admitted) = shared.gate.admit(peer.ip()) else {
            continue; // dropped: this address holds its share
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            continue; // dropped: too many open connections
        };
        let shared = shared.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let _permit = (permit, admitted);
            let svc = service_fn(move |req| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(&shared, peer, req).await) }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(16 * 1024)
                .serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::timeout(CONNECTION_LIFETIME, conn) => {}
            }
        });
    }
}

async fn handle(shared: &Shared, peer: SocketAddr, req: Request<Incoming>) -> Resp {
    // What a person on the device may read (a refused link, too many requests) is in the
    // device's language: the page's texts, picked by `Accept-Language`.
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let lang = accept_language.as_deref();
    let refuse = |status: StatusCode, key: &str| refusal(status, key, lang);
    if !within_rate(shared, peer.ip()) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, "answer_too_many_requests");
    }
    let path = req.uri().path().to_owned();
    let Some(rest) = path.strip_prefix("/c/") else {
        return refuse(StatusCode::NOT_FOUND, "answer_not_found");
    };
    let (token, resource) = rest.split_once('/').unwrap_or((rest, ""));
    if !shared.token.matches(token) || shared.token.is_expired(Instant::now()) {
        return refuse(StatusCode::FORBIDDEN, "answer_link_invalid");
    }
    match (req.method(), resource) {
        (&Method::GET, "") => {
            let Some(device_id) = shared.gate.issue(peer.ip()) else {
                return refuse(StatusCode::TOO_MANY_REQUESTS, "answer_too_many_devices");
            };
            let html = shared
                .page
                .html
                .replace(DEVICE_ID_SLOT, &device_id)
                .replace(NOSCRIPT_SLOT, &noscript_text(lang));
            let mut resp = page(html, "text/html; charset=utf-8", true);
            if let Ok(v) = shared.page.csp.parse() {
                resp.headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, v);
            }
            resp
        }
        (&Method::GET, "check.js") => page(
            shared.page.script.clone(),
            "text/javascript; charset=utf-8",
            false,
        ),
        (&Method::GET, "check.css") => {
            page(shared.page.style.clone(), "text/css; charset=utf-8", false)
        }
        (&Method::POST, "report") => receive(shared, peer, req, lang).await,
        _ => refuse(StatusCode::NOT_FOUND, "answer_not_found"),
    }
}

fn within_rate(shared: &Shared, ip: IpAddr) -> bool {
    let mut rate = shared.rate.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    if rate.len() > 4 * MAX_DEVICES {
        rate.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
    }
    let entry = rate.entry(ip).or_insert((now, 0));
    if now.duration_since(entry.0) >= Duration::from_secs(60) {
        *entry = (now, 0);
    }
    entry.1 += 1;
    entry.1 <= REQUESTS_PER_MINUTE
}

/// A refusal a person may read (a link opened in a browser), in the device's language
/// (`Accept-Language`): the page text `key`.
fn refusal(status: StatusCode, key: &str, accept_language: Option<&str>) -> Resp {
    plain(status, &page_text(key, accept_language))
}

/// A report from a device. Refusals of the device itself are in its language
/// ([`refusal`]); those of a malformed request (wrong media type, too large, too slow,
/// unparsable) answer only the page's script, which shows nothing but their status.
async fn receive(
    shared: &Shared,
    peer: SocketAddr,
    req: Request<Incoming>,
    accept_language: Option<&str>,
) -> Resp {
    let refuse = |status: StatusCode, key: &str| refusal(status, key, accept_language);
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send application/json");
    }
    let collect = Limited::new(req.into_body(), MAX_REPORT_BYTES).collect();
    let body = match tokio::time::timeout(BODY_TIMEOUT, collect).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(_)) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "report too large"),
        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "report too slow"),
    };
    let report = match DeviceReport::parse(&body) {
        Ok(r) => r,
        Err(why) => return plain(StatusCode::BAD_REQUEST, &format!("bad report: {why}")),
    };
    if !shared.gate.is_issued(peer.ip(), &report.device_id) {
        // Only a device that loaded the page from this address reports, under the id it got.
        return refuse(StatusCode::FORBIDDEN, "answer_unknown_device");
    }
    let browser = Browser::identify(&report.user_agent, &report.brands);
    let findings = assess(&report, &browser, &shared.target);
    let result = DeviceResult {
        device_id: report.device_id.clone(),
        peer: peer.ip().to_string(),
        browser,
        verdict: findings
            .first()
            .map_or(FindingCode::DeviceBoxUnreachable, |f| f.code),
        findings,
        report,
        received_at: (shared.now)(),
    };
    {
        let mut results = shared.results.lock().unwrap_or_else(|e| e.into_inner());
        if !results.record(result.clone(), MAX_DEVICES) {
            return refuse(StatusCode::TOO_MANY_REQUESTS, "answer_too_many_devices");
        }
    }
    let _ = shared.sender.send(result.clone());
    let body = serde_json::json!({ "verdict": result.verdict }).to_string();
    with_headers(
        Response::new(Full::new(Bytes::from(body))),
        "application/json",
        false,
    )
}

fn page(body: String, content_type: &str, is_document: bool) -> Resp {
    with_headers(
        Response::new(Full::new(Bytes::from(body))),
        content_type,
        is_document,
    )
}

fn plain(status: StatusCode, text: &str) -> Resp {
    let mut resp = with_headers(
        Response::new(Full::new(Bytes::from(text.to_owned()))),
        "text/plain; charset=utf-8",
        false,
    );
    *resp.status_mut() = status;
    resp
}

fn with_headers(mut resp: Resp, content_type: &str, is_document: bool) -> Resp {
    let h = resp.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = value.parse() {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, content_type);
    set(header::CACHE_CONTROL, "no-store");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // The token is in the URL: no Referer may carry it to the box.
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::CONNECTION, "close");
    if is_document {
        set(header::X_FRAME_OPTIONS, "DENY");
    }
    resp
}

pub(super) fn csp(target: &CheckTarget) -> String {
    let urls = target.probe_urls();
    let origins: Vec<String> = [urls.https_by_name, urls.http_by_name, urls.http_by_ip]
        .into_iter()
        .flatten()
        .filter_map(|u| u.split("/hw_proxy").next().map(str::to_owned))
        .collect();
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' {}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        origins.join(" ")
    )
}
