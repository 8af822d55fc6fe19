//! HTML of the 16.0 Jinja pages, following Odoo's templates
//! `addons/hw_posbox_homepage/views/homepage.html` (16.0, @6c3ecb4a) and
//! `views/list_credential.html` (@14740f66), rendered by `controllers/main.py` (@89a8730b) with
//! `autoescape=True`. The layout around the tables is reduced; the cells are as Odoo writes them,
//! button links included ("configure", "configure wifi", "update").

use crate::names::Flavour;
use crate::shared::Shared;
use crate::state::BoxState;

/// Documentation page the 16.0 help link points to.
pub const HELP_URL: &str =
    "https://www.odoo.com/documentation/master/applications/productivity/iot/config/https_certificate_iot.html";

/// Jinja's autoescape (markupsafe).
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// `certificate_details.split(' ') | first | replace("_", "-") | lower`: Jinja splits on spaces
/// only, so a code followed by a line break keeps the following text in the anchor.
pub fn help_anchor(details: &str) -> String {
    details
        .split(' ')
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

/// The "HTTPS certificate" row: OK → `<details><summary>OK</summary><code>…`; error →
/// "Error code:", a help button and the full details in a `pre-wrap` `<code>`.
pub fn certificate_row(ok: bool, details: &str) -> String {
    let body = if ok {
        format!(
            "\n<details>\n<summary>OK</summary>\n<code>{}</code>\n</details>\n",
            escape(details)
        )
    } else {
        format!(
            "\nError code:\n<a target=\"_blank\" class=\"btn btn-sm float-end\" href=\"{}\">help</a>\n<br/>\n\
             <code style=\"white-space: pre-wrap;\">{}</code>\n",
            escape(&format!("{HELP_URL}#{}", help_anchor(details))),
            escape(details)
        )
    };
    let class = if ok { "" } else { "warn-tr" };
    format!("<tr class=\"{class}\">\n<td class=\"heading\">HTTPS certificate</td>\n<td>{body}</td>\n</tr>")
}

fn row(heading: &str, cell: &str) -> String {
    format!("<tr>\n<td class=\"heading\">{heading}</td>\n<td>{cell}</td>\n</tr>")
}

/// A button link, shown on Linux only where the template says `{% if system == "Linux" %}`.
fn button(linux_only: bool, flavour: Flavour, href: &str, label: &str) -> String {
    if linux_only && flavour != Flavour::Linux {
        return String::new();
    }
    format!("<a class=\"btn btn-sm float-right\" href='{href}'>{label}</a>")
}

/// `get_homepage_data()`'s `network_status`: "Ethernet" when eth0 is up, "Wifi access point"
/// when hostapd runs.
fn network_status(st: &BoxState) -> &'static str {
    if st.spec.access_point {
        "Wifi access point"
    } else {
        "Ethernet"
    }
}

/// The 16.0 homepage table.
pub fn homepage(sh: &Shared, st: &BoxState, ok: bool, details: &str) -> String {
    let fl = sh.flavour;
    let server_status = st.server_url.as_deref().unwrap_or("Not Configured");
    let server = escape(server_status);
    let mut rows = vec![
        row(
            "Name",
            &format!(" {} {}", escape(&sh.id.hostname), button(true, fl, "/server", "configure")),
        ),
        row(
            "Version",
            &format!(" {} {}", escape(sh.version()), button(true, fl, "/hw_proxy/upgrade/", "update")),
        ),
        // Odoo's template has the stray `</a>` too.
        row("IP Address", &format!("{}</a>", escape(&sh.reported_ip(st)))),
        row("Mac Address", &format!(" {}", escape(&sh.id.mac))),
        row(
            "Network",
            &format!("{} {}", network_status(st), button(true, fl, "/wifi", "configure wifi")),
        ),
        // No space and no `</a>` between the two links: the cell's text is "<server>configure".
        row(
            "Server",
            &format!(
                "<a href='{server}' target=_blank>{server}<a class=\"btn btn-sm float-end\" href='/server'>configure</a>"
            ),
        ),
        certificate_row(ok, details),
    ];
    if server_status != "Not Configured" {
        rows.push(row(
            "Six payment terminal",
            "Not Configured <a class=\"btn btn-sm float-end\" href='/six_payment_terminal'>configure</a>",
        ));
    }
    if let Some(code) = &st.pairing_code {
        rows.push(row("Pairing code", &escape(code)));
    }
    rows.push(row(
        "IOT Device",
        "\n<div class=\"collapse\">\nNo Device Found\n</div>\n<br><center><a class=\"btn btn-sm\" href='/list_handlers'>handlers list</a></center>\n",
    ));
    let credential = if server_status != "Not Configured" {
        "<a class=\"btn\" style=\"margin-left: 10px;\" href='/list_credential'>Credential</a>"
    } else {
        ""
    };
    let body = format!(
        "<h2 class=\"text-center text-green\">Your IoT Box is up and running</h2>\n\
         <table align=\"center\" cellpadding=\"3\">\n{}\n</table>\n\
         <div style=\"margin: 20px auto 10px auto;\" class=\"text-center\">\n\
         <a class=\"btn\" href='/point_of_sale/display'>POS Display</a>\n{credential}\n</div>",
        rows.join("\n")
    );
    page("Odoo's IoT Box", &body)
}

/// `/list_credential`: a form whose inputs carry the saved values, and the "Current …" lines
/// only when one of the two is set (`{% if db_uuid or enterprise_code %}`).
pub fn list_credential(st: &BoxState) -> String {
    let db_uuid = escape(st.db_uuid.as_deref().unwrap_or(""));
    let code = escape(st.enterprise_code.as_deref().unwrap_or(""));
    let current = if db_uuid.is_empty() && code.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"text-center font-small\">\nCurrent DB uuid: <strong>{db_uuid}</strong>\n</p>\n\
             <p class=\"text-center font-small\">\nCurrent Contract Number: <strong>{code}</strong>\n</p>\n\
             <div class=\"text-center font-small\" style=\"margin: 10px auto;\">\n\
             You can clear the credential configuration\n<form id=\"credential-clear\" style=\"display: inline-block;margin-left: 4px;\">\n\
             <input class=\"btn btn-sm\" type=\"submit\" value=\"Clear\"/>\n</form>\n</div>"
        )
    };
    let body = format!(
        "<h2 class=\"text-center\">List Credential</h2>\n<p>\nSet the DB UUID and your Contract Number you want to use.\n</p>\n\
         <form id=\"list-credential\" action='/save_credential' method='POST'>\n<table align=\"center\">\n\
         <tr>\n<td>DB uuid</td>\n<td><input type=\"text\" name=\"db_uuid\" value=\"{db_uuid}\"></td>\n</tr>\n\
         <tr>\n<td>Contract Number</td>\n<td><input type=\"text\" name=\"enterprise_code\" value=\"{code}\"></td>\n</tr>\n\
         <tr>\n<td/>\n<td><input class=\"btn\" type=\"submit\" value=\"Save\"/></td>\n</tr>\n</table>\n</form>\n{current}"
    );
    page("Odoo's IoT Box - List credential", &body)
}
