//! Family detection in one round of parallel, side-effect-free probes
//! (docs/protocol/status-reads.md, docs/protocol/speed.md): the two ping routes, the hello
//! route and 16.0's plain-text version route go out together. Only the 17.0 – saas-18.3 pair
//! needs the data route to tell them apart; that answer is kept as the status read, so the
//! side-effecting route is read once. [`Probes::marker`] is the one reading of those probes:
//! connecting (`detect`) and the LAN scan (`discovery`) both use it, so a box cannot be one
//! family to one and another to the other.

use serde_json::{Map, Value};

use super::family::ApiFamily;
use super::status_read::{ReadOptions, StatusReader};
use crate::error::CoreError;
use crate::http::{Answer, BoxHttp};
use crate::malformed_reason::MalformedReason;

/// The 16.0 Jinja homepage carries this sentence (`hw_posbox_homepage/views/homepage.html`).
const LEGACY_HOMEPAGE_MARK: &str = "Your IoT Box is up and running";

/// What detection learnt: the family and, where telling it needed one, the status route's
/// answer (or why there was none), to be used as the status read.
#[derive(Debug)]
pub struct Detection {
    pub family: ApiFamily,
    pub status_read: Option<Result<Answer, CoreError>>,
}

pub async fn detect_family(http: &BoxHttp) -> Result<ApiFamily, CoreError> {
    let reader = StatusReader::new(
        http,
        &ReadOptions {
            timeout: http.limits().timeout,
            on_slow: None,
        },
    )?;
    detect(http, &reader).await.map(|d| d.family)
}

/// The side-effect-free probes, sent together: the two ping routes, the hello route and
/// 16.0's plain-text version route.
pub(crate) struct Probes {
    pub drivers: Result<Answer, CoreError>,
    pub posbox: Result<Answer, CoreError>,
    pub hello: Result<Answer, CoreError>,
    pub version: Result<Answer, CoreError>,
}

/// What the side-effect-free probes alone say about a box's generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `/iot_drivers/ping` answers pong: saas-18.4+.
    IotDrivers,
    /// `/hw_posbox_homepage/ping` answers pong: 17.0 – saas-18.3 (the data route tells which).
    HwPosbox,
    /// `/hw_proxy/hello` pings and `/hw_proxy/get_version` is a plain version: 16.0.
    LegacyHtml { version: String },
    /// None of those: only the 16.0 homepage itself could tell, and reading it may make the
    /// box contact odoo.com.
    Unmarked,
}

impl Probes {
    pub async fn send(http: &BoxHttp) -> Self {
        let (drivers, posbox, hello, version) = tokio::join!(
            http.get("/iot_drivers/ping"),
            http.get("/hw_posbox_homepage/ping"),
            http.get("/hw_proxy/hello"),
            http.get("/hw_proxy/get_version"),
        );
        Self {
            drivers,
            posbox,
            hello,
            version,
        }
    }

    /// `/hw_proxy/hello` answers `ping`: an Odoo IoT box of any generation.
    pub fn hello_pings(&self) -> bool {
        matches!(&self.hello, Ok(a) if answers_ping(a))
    }

    /// The one reading of the probes, for connecting and for the scan alike.
    pub fn marker(&self) -> Marker {
        if matches!(&self.drivers, Ok(a) if is_pong(a)) {
            return Marker::IotDrivers;
        }
        if matches!(&self.posbox, Ok(a) if is_pong(a)) {
            return Marker::HwPosbox;
        }
        match &self.version {
            Ok(a) if self.hello_pings() && a.status == 200 && is_plain_version(&a.text()) => {
                Marker::LegacyHtml {
                    version: a.text().trim().to_owned(),
                }
            }
            _ => Marker::Unmarked,
        }
    }
}

/// Probes `http`; the status route (17.0 – 18.3 data, or `/` where the version route does not
/// answer) is read through `status_http`, whose deadline allows for a box waiting on odoo.com.
pub async fn detect(http: &BoxHttp, status_http: &StatusReader) -> Result<Detection, CoreError> {
    let probes = Probes::send(http).await;
    let (marker, hello_pings) = (probes.marker(), probes.hello_pings());
    // Every probe failing the same way (refused, timed out) is the answer about the box.
    probes.drivers?;
    if marker == Marker::IotDrivers {
        return Ok(found(ApiFamily::IotDrivers, None));
    }
    if marker == Marker::HwPosbox {
        // 17.0 – saas-18.2 and saas-18.3 share routes; the certificate field tells them apart.
        let path = "/hw_posbox_homepage/data";
        let answer = status_http.get(path).await;
        let family = match &answer {
            Ok(a) if a.status == 200 => match json_object(path, &a.body) {
                Ok(data) if data.contains_key("certificate_end_date") => ApiFamily::HwPosboxEndDate,
                _ => ApiFamily::HwPosboxStatus,
            },
            // A crash or a slow read: which of the two is told later, from the logs.
            _ => ApiFamily::HwPosboxStatus,
        };
        return Ok(found(family, Some(answer)));
    }
    if let Marker::LegacyHtml { .. } = marker {
        return Ok(found(ApiFamily::LegacyHtml, None));
    }
    // No side-effect-free marker: the 16.0 homepage itself (reading it may contact odoo.com).
    let home = status_http.get("/").await;
    if let Ok(h) = &home {
        let text = h.text();
        if h.status == 200 && (text.contains(LEGACY_HOMEPAGE_MARK) || text.contains("/steps")) {
            return Ok(found(ApiFamily::LegacyHtml, Some(home)));
        }
    }
    if hello_pings {
        return Err(CoreError::Malformed {
            path: "/".into(),
            reason: MalformedReason::UnknownHomepage,
        });
    }
    home?;
    Err(CoreError::NotOdoo {
        target: http.target().to_string(),
    })
}

fn found(family: ApiFamily, status_read: Option<Result<Answer, CoreError>>) -> Detection {
    Detection {
        family,
        status_read,
    }
}

/// `/hw_proxy/hello` answers the plain text `ping` in every generation.
pub(crate) fn answers_ping(answer: &Answer) -> bool {
    answer.status == 200 && answer.text().trim() == "ping"
}

/// 16.0's `/hw_proxy/get_version`: a short plain string such as `22.11` or `W22_11`.
fn is_plain_version(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() < 32
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
        && t.chars().any(|c| c.is_ascii_digit())
}

/// `{"status":"success","message":"pong"}`; a 404 or anything else means "not this family".
fn is_pong(answer: &Answer) -> bool {
    answer.status == 200
        && serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .and_then(Value::as_str)
                    .map(|m| m == "pong")
            })
            .unwrap_or(false)
}

/// Parses a JSON object whatever the Content-Type says (the JSON routes are `type='http'`
/// and return `json.dumps(…)`, docs/protocol/status-reads.md).
pub(crate) fn json_object(path: &str, body: &[u8]) -> Result<Map<String, Value>, CoreError> {
    let malformed = |reason| CoreError::Malformed {
        path: path.into(),
        reason,
    };
    let text = std::str::from_utf8(body).map_err(|_| malformed(MalformedReason::NotUtf8))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(malformed(MalformedReason::NotJsonObject)),
        Err(_) if text.trim_start().starts_with('<') => Err(malformed(MalformedReason::Html)),
        Err(e) => Err(malformed(MalformedReason::InvalidJson {
            error: e.to_string(),
        })),
    }
}
