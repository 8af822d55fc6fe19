//! Family detection by probing side-effect-free routes in the order of protocol §8.3.

use serde_json::{Map, Value};

use super::family::ApiFamily;
use crate::error::CoreError;
use crate::http::BoxHttp;

/// The 16.0 Jinja homepage carries this sentence (§8.3 step 3).
const LEGACY_HOMEPAGE_MARK: &str = "Your IoT Box is up and running";

pub async fn detect_family(http: &BoxHttp) -> Result<ApiFamily, CoreError> {
    if answers_pong(http, "/iot_drivers/ping").await? {
        return Ok(ApiFamily::IotDrivers);
    }
    if answers_pong(http, "/hw_posbox_homepage/ping").await? {
        // 17.0 – saas-18.2 and saas-18.3 share routes; the certificate field tells them apart.
        // That needs one data read, which on 17.0 – 18.2 may contact odoo.com (§4.1); the
        // status read that follows detection needs it anyway.
        let path = "/hw_posbox_homepage/data";
        let answer = http.get(path).await?;
        if answer.status != 200 {
            return Err(CoreError::HttpStatus {
                path: path.into(),
                status: answer.status,
            });
        }
        let data = json_object(path, &answer.body)?;
        return Ok(if data.contains_key("certificate_end_date") {
            ApiFamily::HwPosboxEndDate
        } else {
            ApiFamily::HwPosboxStatus
        });
    }
    let home = http.get("/").await?;
    let text = home.text();
    if home.status == 200 && (text.contains(LEGACY_HOMEPAGE_MARK) || text.contains("/steps")) {
        return Ok(ApiFamily::LegacyHtml);
    }
    let hello = http.get("/hw_proxy/hello").await?;
    if hello.status == 200 && hello.text().trim() == "ping" {
        return Err(CoreError::Malformed {
            path: "/".into(),
            why: "the box answers /hw_proxy/hello but none of the known homepage generations; it may be newer than this assistant".into(),
        });
    }
    Err(CoreError::NotOdoo {
        target: http.target().to_string(),
    })
}

/// `{"status":"success","message":"pong"}`; a 404 or anything else means "not this family".
async fn answers_pong(http: &BoxHttp, path: &str) -> Result<bool, CoreError> {
    let answer = http.get(path).await?;
    if answer.status != 200 {
        return Ok(false);
    }
    Ok(serde_json::from_slice::<Value>(&answer.body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(Value::as_str)
                .map(|m| m == "pong")
        })
        .unwrap_or(false))
}

/// Parses a JSON object whatever the Content-Type says (§2.2).
pub(crate) fn json_object(path: &str, body: &[u8]) -> Result<Map<String, Value>, CoreError> {
    let malformed = |why: String| CoreError::Malformed {
        path: path.into(),
        why,
    };
    let text =
        std::str::from_utf8(body).map_err(|_| malformed("the answer is not UTF-8 text".into()))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(malformed("expected a JSON object".into())),
        Err(_) if text.trim_start().starts_with('<') => {
            Err(malformed("got an HTML page where JSON was expected".into()))
        }
        Err(e) => Err(malformed(format!("invalid JSON: {e}"))),
    }
}
