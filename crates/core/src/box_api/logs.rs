//! The box's Odoo log, by whichever route the generation has (docs/protocol/logs.md):
//! the JSON `iot_logs` route, then the `download_logs` attachment where `iot_logs` fails
//! (saas-18.3 and earlier on Windows open a Linux path and answer 500), then, where Odoo does
//! not answer at all, nginx's `/odoo-logs/` on the Pi (an autoindex of /var/log on port 80).
//! A log longer than `LOG_TAIL` is cut to its end, and says so.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Serialize;

use super::family::ApiFamily;
use super::BoxClient;
use crate::address::BoxAddress;
use crate::error::CoreError;
use crate::http::{BoxHttp, Limits};
use crate::net_policy::NetPolicy;

/// How much of a log is kept: the last 8 MiB.
pub const LOG_TAIL: usize = 8 << 20;

/// nginx's plain-HTTP port on a Pi image (`iot_box_image/overwrite_after_init/etc/nginx/conf.d/iot.conf`).
pub const NGINX_PORT: u16 = 80;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoxLogs {
    /// The log text (invalid UTF-8 replaced). Box text: sanitise before showing in a terminal.
    pub text: String,
    /// Where it came from: a path on the box's Odoo port, or nginx's URL.
    pub source: String,
    /// The log was longer than `LOG_TAIL`; only its end is here, from a line start.
    pub truncated: bool,
    /// Routes tried first, and why they gave nothing.
    pub fallbacks: Vec<String>,
}

#[derive(Clone, Copy)]
enum Route {
    /// `{"status": "success", "logs": "…"}`.
    Json(&'static str),
    /// The file itself, as an attachment.
    File(&'static str),
}

fn routes(family: ApiFamily) -> &'static [Route] {
    match family {
        ApiFamily::LegacyHtml => &[Route::File("/hw_drivers/download_logs")],
        ApiFamily::HwPosboxStatus | ApiFamily::HwPosboxEndDate => &[
            Route::Json("/hw_posbox_homepage/iot_logs"),
            Route::File("/hw_drivers/download_logs"),
        ],
        ApiFamily::IotDrivers => &[
            Route::Json("/iot_drivers/iot_logs"),
            Route::File("/iot_drivers/download_logs"),
        ],
    }
}

fn log_limits() -> Limits {
    Limits {
        // 8 MiB over a shop LAN, and a box that is busy: generous, but bounded.
        timeout: Duration::from_secs(60),
        connect_timeout: Duration::from_secs(4),
        max_body: LOG_TAIL,
    }
}

impl BoxClient {
    /// The log text only (for the 18.3+ cause-from-logs reading).
    pub async fn logs(&self) -> Result<String, CoreError> {
        Ok(self.fetch_logs().await?.text)
    }

    /// The log by the first route of this family that works.
    pub async fn fetch_logs(&self) -> Result<BoxLogs, CoreError> {
        let http = self.http.with_limits(log_limits())?;
        let mut fallbacks = Vec::new();
        // When every route fails, the family's own route says best why.
        let mut first = None;
        for route in routes(self.family) {
            match fetch(&http, *route).await {
                Ok(mut logs) => {
                    logs.fallbacks = fallbacks;
                    return Ok(logs);
                }
                Err(e) => {
                    let path = match route {
                        Route::Json(p) | Route::File(p) => p,
                    };
                    fallbacks.push(format!("{path}: {e}"));
                    first.get_or_insert(e);
                }
            }
        }
        Err(first.unwrap_or(crate::unsupported::Unsupported::NoLogRoute.into()))
    }
}

async fn fetch(http: &BoxHttp, route: Route) -> Result<BoxLogs, CoreError> {
    match route {
        Route::Json(path) => {
            // JSON cannot be cut; a log too long for it comes from the file route instead.
            let answer = http.get(path).await?;
            if answer.status != 200 {
                return Err(CoreError::HttpStatus {
                    path: path.into(),
                    status: answer.status,
                });
            }
            let data = super::detect::json_object(path, &answer.body)?;
            let text = data
                .get("logs")
                .and_then(|l| l.as_str())
                .ok_or(CoreError::Malformed {
                    path: path.into(),
                    reason: crate::malformed_reason::MalformedReason::NoLogsText,
                })?;
            Ok(BoxLogs {
                text: text.to_owned(),
                source: path.into(),
                truncated: false,
                fallbacks: Vec::new(),
            })
        }
        Route::File(path) => file(http, path, path.into()).await,
    }
}

/// A log file, its end kept when long.
async fn file(http: &BoxHttp, path: &str, source: String) -> Result<BoxLogs, CoreError> {
    let answer = http.get_tail(path).await?;
    if answer.status != 200 {
        return Err(CoreError::HttpStatus {
            path: path.into(),
            status: answer.status,
        });
    }
    let mut body = answer.body.as_slice();
    if answer.truncated {
        // Start at a line, not mid-record (and never mid-character).
        if let Some(nl) = body.iter().position(|&b| b == b'\n') {
            body = &body[nl + 1..];
        }
    }
    Ok(BoxLogs {
        text: String::from_utf8_lossy(body).into_owned(),
        source,
        truncated: answer.truncated,
        fallbacks: Vec::new(),
    })
}

/// The Pi's nginx serves /var/log as `/odoo-logs/` even when Odoo does not start. Odoo's log is
/// `odoo/odoo-server.log` there; the directory listing names it when it has another name.
pub async fn logs_from_nginx(
    ip: IpAddr,
    port: u16,
    policy: NetPolicy,
) -> Result<BoxLogs, CoreError> {
    let target = SocketAddr::new(ip, port);
    let http = BoxHttp::new(target, policy.for_target(ip), log_limits())?;
    let dir = "/odoo-logs/odoo/";
    let name = match http.get(dir).await {
        Ok(a) if a.status == 200 => log_file_in_listing(&a.text()),
        _ => None,
    }
    .unwrap_or_else(|| "odoo-server.log".to_owned());
    let path = format!("{dir}{name}");
    file(&http, &path, format!("http://{target}{path}")).await
}

/// The Odoo log's file name in an nginx autoindex page: `odoo-server.log` when listed, else
/// the first `*.log` entry. Names with anything but plain file-name characters are ignored.
fn log_file_in_listing(html: &str) -> Option<String> {
    let names: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|n| {
            n.ends_with(".log")
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .collect();
    names
        .iter()
        .find(|n| **n == "odoo-server.log")
        .or(names.first())
        .map(|n| (*n).to_owned())
}

/// Logs by whatever route works: Odoo's own routes when the box answers, else nginx's
/// `/odoo-logs/` on `nginx_port` of the same address.
pub async fn collect_logs(
    address: &BoxAddress,
    policy: NetPolicy,
    nginx_port: u16,
) -> Result<BoxLogs, CoreError> {
    let target = address.resolve(&policy).await?;
    let odoo_error = match BoxClient::connect_to(target, policy).await {
        Ok(client) => match client.fetch_logs().await {
            Ok(logs) => return Ok(logs),
            Err(e) => e,
        },
        Err(e) => e,
    };
    match logs_from_nginx(target.ip(), nginx_port, policy).await {
        Ok(mut logs) => {
            logs.fallbacks
                .insert(0, format!("Odoo at {target}: {odoo_error}"));
            Ok(logs)
        }
        Err(_) => Err(odoo_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_odoo_log_is_found_in_an_autoindex_page() {
        let page = "<html><head><title>Index of /odoo-logs/odoo/</title></head><body>\
            <h1>Index of /odoo-logs/odoo/</h1><hr><pre><a href=\"../\">../</a>\n\
            <a href=\"odoo-server.log.1\">odoo-server.log.1</a>  01-Dec-2026 00:00  1234\n\
            <a href=\"odoo-server.log\">odoo-server.log</a>  01-Dec-2026 08:00  5678\n</pre>";
        assert_eq!(
            log_file_in_listing(page).as_deref(),
            Some("odoo-server.log")
        );
        let other = "<a href=\"iot.log\">iot.log</a><a href=\"../../etc/x.log\">x</a>";
        assert_eq!(log_file_in_listing(other).as_deref(), Some("iot.log"));
        assert_eq!(log_file_in_listing("<a href=\"x.txt\">"), None);
    }
}
