//! The 16.0 / early 17.0 family keeps its state in a server-rendered homepage (§3.1, §4.1):
//! a table of `<td class="heading">Label</td><td>value</td>` rows, the HTTPS certificate row
//! with `<details><summary>OK</summary>…` or "Error code:" + `<code>…</code>`, and the
//! credentials only on `/list_credential`. A small tolerant reader, not an HTML engine: it
//! takes labels and cell text and ignores everything else.

use super::family::{ApiFamily, OsFlavour};
use super::status::{BoxStatus, Credentials, Pairing, RawCertificate};
use crate::error::CoreError;
use crate::http::BoxHttp;

/// One table row: the label cell's text and the value cell's raw inner HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value_html: String,
}

pub async fn read(http: &BoxHttp, address: String) -> Result<BoxStatus, CoreError> {
    let home = http.get("/").await?;
    read_with_home(http, address, home).await
}

/// [`read`] with the homepage already fetched (detection or a slow read did it): `/` runs the
/// certificate check, so it is read once (docs/protocol/status-reads.md).
pub async fn read_with_home(
    http: &BoxHttp,
    address: String,
    home: crate::http::Answer,
) -> Result<BoxStatus, CoreError> {
    if home.status != 200 {
        return Err(CoreError::HttpStatus {
            path: "/".into(),
            status: home.status,
        });
    }
    let html = home.text();
    let version_answer = http.get("/hw_proxy/get_version").await?;
    let plain_version = (version_answer.status == 200)
        .then(|| version_answer.text().trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() < 64 && !v.contains('<'));
    let credentials = match http.get("/list_credential").await {
        Ok(answer) if answer.status == 200 => credentials_from(&rows(&answer.text())),
        _ => Credentials {
            db_uuid: None,
            enterprise_code_present: false,
        },
    };
    Ok(from_homepage(
        &html,
        plain_version,
        credentials,
        address,
        home.date,
    ))
}

pub fn from_homepage(
    html: &str,
    plain_version: Option<String>,
    credentials: Credentials,
    address: String,
    box_date: Option<String>,
) -> BoxStatus {
    let rows = rows(html);
    let cell = |prefix: &str| {
        rows.iter()
            .find(|r| r.label.to_ascii_lowercase().starts_with(prefix))
            .map(|r| text(&r.value_html))
            .filter(|v| !v.is_empty())
    };
    let version = plain_version.or_else(|| cell("version"));
    let server = cell("server").filter(|s| !s.eq_ignore_ascii_case("not configured"));
    let pairing = match server {
        Some(server) => Pairing::Paired { server },
        None => Pairing::NotPaired {
            pairing_code: cell("pairing code"),
            code_expired: false,
        },
    };
    // In access-point mode with nothing configured, `/` is only a refresh to `/steps` (§3.1).
    let access_point = cell("network").is_some_and(|n| n.eq_ignore_ascii_case("wifi access point"))
        || (rows.is_empty() && html.contains("/steps"));
    let certificate = rows
        .iter()
        .find(|r| {
            r.label
                .to_ascii_lowercase()
                .starts_with("https certificate")
        })
        .map(|r| certificate_cell(&r.value_html))
        .unwrap_or(RawCertificate::Absent);
    BoxStatus {
        address,
        family: ApiFamily::LegacyHtml,
        flavour: OsFlavour::detect(None, version.as_deref()),
        version,
        ip: cell("ip"),
        hostname: cell("name"),
        identifier: None,
        mac: cell("mac"),
        pairing,
        access_point,
        credentials,
        certificate,
        box_date,
        anomalies: Vec::new(),
    }
}

/// OK: `<details><summary>OK</summary>details</details>`; error: "Error code:", a help link,
/// and the full details in a pre-wrap `<code>` (§4.1).
fn certificate_cell(html: &str) -> RawCertificate {
    let lower = html.to_ascii_lowercase();
    if let Some(at) = lower.find("<summary>ok</summary>") {
        let rest = &html[at + "<summary>ok</summary>".len()..];
        let end = rest
            .to_ascii_lowercase()
            .find("</details>")
            .unwrap_or(rest.len());
        return RawCertificate::Status {
            ok: true,
            details: text(&rest[..end]),
        };
    }
    let details = inner(html, "code")
        .map(|c| decode(&strip_tags(c)).trim().to_owned())
        .unwrap_or_else(|| text(html));
    RawCertificate::Status { ok: false, details }
}

/// `/list_credential` rows `db_uuid` / `enterprise_code`; the code is reduced to presence.
fn credentials_from(rows: &[Row]) -> Credentials {
    let value = |label: &str| {
        rows.iter()
            .find(|r| r.label == label)
            .map(|r| text(&r.value_html))
            .filter(|v| !v.is_empty())
    };
    Credentials {
        db_uuid: value("db_uuid"),
        enterprise_code_present: value("enterprise_code").is_some(),
    }
}

/// Every `<tr>` with at least two cells, in document order.
pub fn rows(html: &str) -> Vec<Row> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(row) = next_element(&mut rest, "tr") {
        let mut cells = row;
        let first = next_element(&mut cells, "td");
        let second = next_element(&mut cells, "td");
        if let (Some(label), Some(value)) = (first, second) {
            out.push(Row {
                label: text(label),
                value_html: value.to_owned(),
            });
        }
    }
    out
}

/// The inner HTML of the next `<tag …>…</tag>` in `rest`, advancing past it.
fn next_element<'a>(rest: &mut &'a str, tag: &str) -> Option<&'a str> {
    let lower = rest.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut search = 0;
    let start = loop {
        let at = search + lower[search..].find(&open)?;
        // `<tr` must not match `<track`: the next byte ends the tag name.
        match lower.as_bytes().get(at + open.len()) {
            Some(b'>' | b' ' | b'\n' | b'\t' | b'\r' | b'/') => break at,
            _ => search = at + open.len(),
        }
    };
    let content_start = start + lower[start..].find('>')? + 1;
    let close = format!("</{tag}>");
    let content_end = content_start
        + lower[content_start..]
            .find(&close)
            .unwrap_or(lower.len() - content_start);
    let inner = &rest[content_start..content_end];
    *rest = &rest[(content_end + close.len()).min(rest.len())..];
    Some(inner)
}

fn inner<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let mut rest = html;
    next_element(&mut rest, tag)
}

/// Visible text: tags removed, entities decoded, whitespace collapsed.
pub fn text(html: &str) -> String {
    decode(&strip_tags(html))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Entities are short; look for `;` in the next few characters (not bytes: no split char).
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" | "#x27" => Some('\''),
                "nbsp" => Some(' '),
                e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = r#"<html><body><h2>Your IoT Box is up and running</h2>
<table>
<tr><td class="heading">Name</td><td> iotbox-shop </td></tr>
<tr><td class="heading">Version</td><td>22.11</td></tr>
<tr><td class="heading">IP Address</td><td>192.0.2.50</td></tr>
<tr><td class="heading">Mac Address</td><td>b8:27:eb:00:00:01</td></tr>
<tr><td class="heading">Network</td><td>Ethernet</td></tr>
<tr><td class="heading">Server</td><td><a href="https://shop.example">https://shop.example</a></td></tr>
<tr class="warn-tr"><td class="heading">HTTPS certificate</td><td>Error code: <a href="https://www.odoo.com/documentation#err-iot-https-load-request-status">help</a>
<code style="white-space: pre-wrap">ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404

Not Found</code></td></tr>
</table></body></html>"#;

    fn creds() -> Credentials {
        Credentials {
            db_uuid: None,
            enterprise_code_present: false,
        }
    }

    #[test]
    fn reads_the_homepage_rows() {
        let s = from_homepage(HOME, None, creds(), "a".into(), None);
        assert_eq!(s.hostname.as_deref(), Some("iotbox-shop"));
        assert_eq!(s.version.as_deref(), Some("22.11"));
        assert_eq!(s.flavour, OsFlavour::Linux);
        assert_eq!(s.ip.as_deref(), Some("192.0.2.50"));
        assert_eq!(s.mac.as_deref(), Some("b8:27:eb:00:00:01"));
        assert_eq!(
            s.pairing,
            Pairing::Paired {
                server: "https://shop.example".into()
            }
        );
        assert_eq!(
            s.certificate,
            RawCertificate::Status {
                ok: false,
                details: "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found".into()
            }
        );
    }

    #[test]
    fn ok_row_and_entities() {
        let html = "<tr><td>HTTPS certificate</td><td><details><summary>OK</summary>Your certificate *.h.odoo-iot.com is valid until 2026-12-01 08:00:00 &amp; more</details></td></tr>";
        let s = from_homepage(html, Some("W22_11".into()), creds(), "a".into(), None);
        assert_eq!(s.flavour, OsFlavour::Windows);
        assert_eq!(
            s.certificate,
            RawCertificate::Status {
                ok: true,
                details:
                    "Your certificate *.h.odoo-iot.com is valid until 2026-12-01 08:00:00 & more"
                        .into()
            }
        );
    }

    #[test]
    fn hostile_html_does_not_panic() {
        for html in [
            "<tr",
            "<tr><td>",
            "<tr><td>a</td><td>&#xFFFFFFFF;&#99999999999;&",
            "<tr><td>é</td><td><code>\u{0}</td></tr>",
            "<tr><td>a</td><td>&éééééééééééééé;</td></tr>",
            &"<tr><td>".repeat(10_000),
        ] {
            let _ = from_homepage(html, None, creds(), "a".into(), None);
        }
        assert_eq!(text("a &lt;b&gt; &unknown; &#65;"), "a <b> &unknown; A");
    }
}
