//! HTML of the 16.0 Jinja pages (§3.1, §4.1 "16.0 Jinja"). Written from the doc's description,
//! not copied from Odoo's templates.

use crate::shared::Shared;
use crate::state::BoxState;

/// Documentation page the 16.0 help link points to (§4.1).
pub const HELP_URL: &str =
    "https://www.odoo.com/documentation/master/applications/productivity/iot/config/https_certificate_iot.html";

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// §4.1: the anchor is the part before the first space, `_` → `-`, lower-cased.
pub fn help_anchor(details: &str) -> String {
    details
        .split([' ', '\n'])
        .next()
        .unwrap_or("")
        .replace('_', "-")
        .to_lowercase()
}

pub fn meta_refresh(secs: u32, url: &str) -> String {
    format!("<meta http-equiv='refresh' content='{secs}; url={url}'>")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE HTML>\n<html>\n<head>\n<title>{title}</title>\n<meta charset=\"UTF-8\">\n<style>\n\
         body {{ width: 600px; margin: 30px auto; font-family: sans-serif; }}\n\
         .warn-tr {{ background-color: #f8d7da; }}\n td.heading {{ font-weight: bold; }}\n</style>\n\
         </head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

pub fn simple_page(title: &str, heading: &str) -> String {
    page(title, &format!("<h2>{}</h2>", escape(heading)))
}

/// The "HTTPS certificate" row (§4.1): OK → `<details>`; error → "Error code:", a help link and
/// the full details in a `pre-wrap` `<code>`; the row gets class `warn-tr`.
pub fn certificate_row(ok: bool, details: &str) -> String {
    if ok {
        format!(
            "<tr>\n<td class=\"heading\">HTTPS certificate</td>\n<td><details><summary>OK</summary>{}</details></td>\n</tr>",
            escape(details)
        )
    } else {
        format!(
            "<tr class=\"warn-tr\">\n<td class=\"heading\">HTTPS certificate</td>\n<td>Error code: \
             <a href=\"{HELP_URL}#{anchor}\" target=\"_blank\">help</a><br/>\
             <code style=\"white-space: pre-wrap\">{code}</code></td>\n</tr>",
            anchor = help_anchor(details),
            code = escape(details)
        )
    }
}

fn row(heading: &str, value: &str) -> String {
    format!(
        "<tr>\n<td class=\"heading\">{heading}</td>\n<td>{}</td>\n</tr>",
        escape(value)
    )
}

/// The 16.0 homepage: Name, Version, IP, MAC, Network, Server, HTTPS certificate, Six terminal,
/// Pairing code, devices (§3.1 `/`).
pub fn homepage(sh: &Shared, st: &BoxState, ok: bool, details: &str) -> String {
    let mut rows = vec![
        row("Name", &sh.id.hostname),
        row("Version", sh.version()),
        row("IP Address", &sh.reported_ip(st)),
        row("Mac Address", &sh.id.mac),
        row(
            "Network",
            if st.spec.access_point {
                "Wifi access point"
            } else {
                "Ethernet"
            },
        ),
        row(
            "Server",
            st.server_url.as_deref().unwrap_or("Not Configured"),
        ),
        certificate_row(ok, details),
        row("Six payment terminal", "Not Configured"),
    ];
    if let Some(code) = &st.pairing_code {
        rows.push(row("Pairing code", code));
    }
    rows.push(row("IOT Device", "No Device Found"));
    let body = format!(
        "<h2>Your IoT Box is up and running</h2>\n<table id=\"status\">\n{}\n</table>\n\
         <p><a href=\"/list_credential\">Credential</a> | <a href=\"/server\">Server</a></p>",
        rows.join("\n")
    );
    page("Odoo's IoT Box", &body)
}

/// `/list_credential`: the only way to read credentials back in 16.0 (§3.1, §7.2).
pub fn list_credential(st: &BoxState) -> String {
    let body = format!(
        "<h2>List of Credentials</h2>\n<table>\n{}\n{}\n</table>\n\
         <form action=\"/save_credential\" method=\"POST\">\n\
         <input type=\"text\" name=\"db_uuid\"/>\n<input type=\"text\" name=\"enterprise_code\"/>\n\
         <input type=\"submit\" value=\"Save\"/>\n</form>",
        row("db_uuid", st.db_uuid.as_deref().unwrap_or("")),
        row(
            "enterprise_code",
            st.enterprise_code.as_deref().unwrap_or("")
        ),
    );
    page("Odoo's IoT Box - Credentials", &body)
}
