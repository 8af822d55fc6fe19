//! The 16.0 / early 17.0 family keeps its state in a server-rendered homepage
//! (docs/protocol/legacy-html.md): a table of `<td class="heading">Label</td><td>value …</td>`
//! rows whose value cells also carry button links ("configure", "configure wifi", "update"),
//! the HTTPS certificate row with `<details><summary>OK</summary><code>…` or "Error code:" +
//! `<code>…</code>`, and the credentials only on `/list_credential`, a form whose values sit in
//! `value` attributes. Each page is scanned once by `html::scan` (linear in its size).

use super::family::{ApiFamily, OsFlavour};
use super::html::{self, Page};
use super::status::{BoxStatus, Credentials, Pairing, RawCertificate};
use crate::error::CoreError;
use crate::http::BoxHttp;

pub use super::html::{Cell, Row};

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
        Ok(answer) if answer.status == 200 => credentials_from(&html::parse(&answer.text())),
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

/// Jinja renders an unset value as an empty string, or as `None` where Odoo's
/// `read_file_first_line` returns nothing (some 16.0 builds).
fn set(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty() && value != "None").then(|| value.to_owned())
}

pub fn from_homepage(
    html: &str,
    plain_version: Option<String>,
    credentials: Credentials,
    address: String,
    box_date: Option<String>,
) -> BoxStatus {
    let page = html::parse(html);
    let row = |prefix: &str| {
        page.rows
            .iter()
            .find(|r| r.label.to_ascii_lowercase().starts_with(prefix))
            .map(|r| &r.value)
    };
    let cell = |prefix: &str| row(prefix).and_then(|c| set(&c.text));
    let version = plain_version.or_else(|| cell("version"));
    // The Server cell is `<a href='{{ server_status }}'>{{ server_status }}<a class="btn">configure</a>`:
    // the link target is the value, "Not Configured" when unpaired.
    let server = row("server")
        .and_then(|c| c.link.as_deref().and_then(set).or_else(|| set(&c.text)))
        .filter(|s| !s.eq_ignore_ascii_case("not configured"));
    let pairing = match server {
        Some(server) => Pairing::Paired { server },
        None => Pairing::NotPaired {
            pairing_code: cell("pairing code"),
            code_expired: false,
        },
    };
    // In access-point mode with nothing configured, `/` is only a refresh to `/steps`.
    let access_point = cell("network").is_some_and(|n| n.eq_ignore_ascii_case("wifi access point"))
        || (page.rows.is_empty() && page.refresh_to_steps);
    let certificate = row("https certificate")
        .map(certificate_cell)
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
        new_database_url: None,
        access_point,
        credentials,
        certificate,
        box_date,
        odoo_uptime_seconds: None,
        anomalies: Vec::new(),
    }
}

/// OK: `<details><summary>OK</summary><code>details</code></details>`; error: "Error code:",
/// a help button and the full details in a pre-wrap `<code>`.
fn certificate_cell(cell: &Cell) -> RawCertificate {
    let ok = cell
        .summary
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("ok"));
    let details = match &cell.code {
        Some(code) => code.clone(),
        None if ok => cell
            .text
            .strip_prefix("OK")
            .unwrap_or(&cell.text)
            .trim()
            .to_owned(),
        None => cell.text.clone(),
    };
    RawCertificate::Status { ok, details }
}

/// `/list_credential`: `<input name="db_uuid" value="…">` and `<input name="enterprise_code"
/// value="…">`, and "Current DB uuid: <strong>…</strong>" / "Current Contract Number:
/// <strong>…</strong>" when either is set. The code is reduced to presence here.
pub fn credentials_from(page: &Page) -> Credentials {
    let input = |name: &str| {
        page.inputs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| set(v))
    };
    let strong = |label: &str| {
        page.strongs
            .iter()
            .find(|(l, _)| l.to_ascii_lowercase().starts_with(label))
            .and_then(|(_, v)| set(v))
    };
    Credentials {
        db_uuid: input("db_uuid").or_else(|| strong("current db uuid")),
        enterprise_code_present: input("enterprise_code")
            .or_else(|| strong("current contract number"))
            .is_some(),
    }
}

/// Every `<tr>` with at least two cells, in document order.
pub fn rows(html: &str) -> Vec<Row> {
    html::parse(html).rows
}

/// Visible text: tags removed, entities decoded, whitespace collapsed.
pub fn text(html: &str) -> String {
    let wrapped = format!("<tr><td></td><td>{html}</td></tr>");
    rows(&wrapped)
        .into_iter()
        .next()
        .map(|r| r.value.text)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells as Odoo 16.0's `hw_posbox_homepage/views/homepage.html` renders them.
    fn home(hostname: &str, network: &str, server: &str, cert_cell: &str) -> String {
        format!(
            r#"<html><body><h2>Your IoT Box is up and running</h2>
<table align="center" cellpadding="3">
<tr><td class="heading">Name</td>
<td> {hostname} <a class="btn btn-sm float-right" href='/server'>configure</a></td></tr>
<tr><td class="heading">Version</td>
<td> 22.11 <a class="btn btn-sm float-right" href='/hw_proxy/upgrade/'>update</a></td></tr>
<tr><td class="heading">IP Address</td><td>192.0.2.50</a></td></tr>
<tr><td class="heading">Mac Address</td><td> b8:27:eb:00:00:01</td></tr>
<tr><td class="heading">Network</td>
<td>{network} <a class="btn btn-sm float-right" href='/wifi'>configure wifi</a></td></tr>
<tr><td class="heading">Server</td>
<td><a href='{server}' target=_blank>{server}<a class="btn btn-sm float-end" href='/server'>configure</a></td></tr>
<tr class="warn-tr"><td class="heading">HTTPS certificate</td><td>{cert_cell}</td></tr>
</table></body></html>"#
        )
    }

    const ERROR_CELL: &str = r#"
        Error code:
        <a target="_blank" class="btn btn-sm float-end" href="https://www.odoo.com/documentation/master/applications/productivity/iot/config/https_certificate_iot.html#err-iot-https-load-request-status">help</a>
        <br/>
        <code style="white-space: pre-wrap;">ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404

Not Found</code>"#;

    fn creds() -> Credentials {
        Credentials {
            db_uuid: None,
            enterprise_code_present: false,
        }
    }

    #[test]
    fn reads_the_homepage_cells_without_their_buttons() {
        let html = home(
            "iotbox-shop",
            "Ethernet",
            "https://shop.example",
            ERROR_CELL,
        );
        let s = from_homepage(&html, None, creds(), "a".into(), None);
        assert_eq!(s.hostname.as_deref(), Some("iotbox-shop"));
        assert_eq!(s.version.as_deref(), Some("22.11"));
        assert_eq!(s.flavour, OsFlavour::Linux);
        assert_eq!(s.ip.as_deref(), Some("192.0.2.50"));
        assert_eq!(s.mac.as_deref(), Some("b8:27:eb:00:00:01"));
        assert!(!s.access_point);
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
    fn not_configured_is_unpaired_and_access_point_is_seen() {
        let html = home("iotbox", "Wifi access point", "Not Configured", ERROR_CELL);
        let s = from_homepage(&html, None, creds(), "a".into(), None);
        assert!(
            matches!(s.pairing, Pairing::NotPaired { .. }),
            "{:?}",
            s.pairing
        );
        assert!(s.access_point);
        let refresh = "<meta http-equiv='refresh' content='0; url=http://10.11.12.1:8069/steps'>";
        assert!(from_homepage(refresh, None, creds(), "a".into(), None).access_point);
    }

    #[test]
    fn ok_row_and_entities() {
        let cell = "<details>\n<summary>OK</summary>\n<code>Your certificate *.h.odoo-iot.com is valid until 2026-12-01 08:00:00 &amp; more</code>\n</details>";
        let html = home("w", "Ethernet", "https://s", cell);
        let s = from_homepage(&html, Some("W22_11".into()), creds(), "a".into(), None);
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

    /// `hw_posbox_homepage/views/list_credential.html` of 16.0.
    fn list_credential(db_uuid: &str, code: &str) -> String {
        let current = if db_uuid.is_empty() && code.is_empty() {
            String::new()
        } else {
            format!(
                "<p class=\"text-center font-small\">\n Current DB uuid: <strong>{db_uuid}</strong>\n</p>\n\
                 <p class=\"text-center font-small\">\n Current Contract Number: <strong>{code}</strong>\n</p>"
            )
        };
        format!(
            r#"<h2 class="text-center">List Credential</h2>
<form id="list-credential" action='/save_credential' method='POST'><table align="center">
<tr><td>DB uuid</td><td><input type="text" name="db_uuid" value="{db_uuid}"></td></tr>
<tr><td>Contract Number</td><td><input type="text" name="enterprise_code" value="{code}"></td></tr>
<tr><td/><td><input class="btn" type="submit" value="Save"/></td></tr>
</table></form>{current}"#
        )
    }

    #[test]
    fn list_credential_form_values() {
        let got = credentials_from(&html::parse(&list_credential("uuid-1", "CANARY-CODE")));
        assert_eq!(got.db_uuid.as_deref(), Some("uuid-1"));
        assert!(got.enterprise_code_present);
        let got = credentials_from(&html::parse(&list_credential("uuid-1", "")));
        assert_eq!(got.db_uuid.as_deref(), Some("uuid-1"));
        assert!(!got.enterprise_code_present);
        let got = credentials_from(&html::parse(&list_credential("None", "None")));
        assert_eq!(got, creds());
        assert_eq!(
            credentials_from(&html::parse(&list_credential("", ""))),
            creds()
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
