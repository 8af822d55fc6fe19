//! `hw-posbox-status` (late 17.0 – saas-18.2, odoo-iot-protocol.md §3.2) and `hw-posbox-end-date` (saas-18.3, §3.3):
//! OWL homepage fed by `/hw_posbox_homepage/*`. No linux-only enforcement in these generations
//! (§2.6), so every route exists on Windows too.

use serde_json::{json, Value};

use super::common::{self, json_get, json_get_fx, opt, pairing_code};
use crate::box_cert;
use crate::http::{self, check_kwargs, jsonrpc, param_str, Out, Req};
use crate::names::Family;
use crate::shared::{Effects, Shared};

const NOT_CONFIGURED: &str = "Not Configured";

fn index() -> Out {
    http::html(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Odoo's IoT Box</title>\n\
         <script type=\"module\" src=\"/hw_posbox_homepage/static/src/app/main.js\"></script>\n</head>\n\
         <body><div id=\"app\">Loading...</div></body>\n</html>\n",
    )
    .into()
}

/// `GET /hw_posbox_homepage/data`. On `hw-posbox-status` it runs `get_certificate_status()`,
/// which may download a certificate (odoo-iot-protocol.md §3.2, §4.1); on saas-18.3 it is read-only (§3.3, §4.3).
fn data(sh: &Shared) -> Out {
    let mut fx = Effects::default();
    let mut st = sh.lock();
    if let Some(crash) = crate::status_crash::crash(sh, &st) {
        let called = crate::status_crash::called_odoo_com(sh, &st);
        return crate::status_crash::answer(&mut st, &crash, called);
    }
    let server = st
        .server_url
        .clone()
        .unwrap_or_else(|| NOT_CONFIGURED.to_string());
    let mut v = json!({
        "db_uuid": opt(&st.db_uuid),
        "enterprise_code": opt(&st.enterprise_code),
        "hostname": sh.id.hostname,
        "ip": common::get_ip(sh, &mut st),
        "mac": sh.id.mac,
    });
    let m = v.as_object_mut().expect("object literal");
    if sh.family() == Family::HwPosboxStatus {
        // 17.0 / early 18.0 shape (odoo-iot-protocol.md §3.2).
        let (ok, details) = box_cert::get_certificate_status(sh, &mut st, &mut fx);
        let network = if st.spec.access_point {
            "Wifi access point"
        } else {
            "Ethernet"
        };
        m.insert("iot_device_status".into(), json!([]));
        m.insert("server_status".into(), json!(server));
        m.insert("pairing_code".into(), pairing_code(&st));
        m.insert("six_terminal".into(), json!(NOT_CONFIGURED));
        m.insert("network_status".into(), json!(network));
        m.insert("version".into(), json!(sh.version()));
        m.insert("system".into(), json!(sh.flavour.system()));
        m.insert("is_certificate_ok".into(), json!(ok));
        // The free-text variant passes odoo.com's JSON-RPC `error` object through as is.
        let details = match details.strip_prefix(crate::helpers_variant::JSON_DETAILS) {
            Some(object) => serde_json::from_str(object).unwrap_or(json!(object)),
            None => json!(details),
        };
        m.insert("certificate_details".into(), details);
    } else {
        // saas-18.x shape with `certificate_end_date` (odoo-iot-protocol.md §3.2 second shape, §3.3).
        m.insert("devices".into(), json!({}));
        m.insert("server_status".into(), json!(server));
        m.insert("pairing_code".into(), pairing_code(&st));
        m.insert("pairing_code_expired".into(), json!(false));
        m.insert("new_database_url".into(), common::new_database_url(&st));
        m.insert("six_terminal".into(), json!(NOT_CONFIGURED));
        m.insert(
            "network_interfaces".into(),
            common::network_interfaces(sh, &st),
        );
        m.insert("is_access_point_up".into(), json!(st.spec.access_point));
        m.insert("version".into(), json!(sh.version()));
        m.insert("system".into(), json!(sh.flavour.system()));
        m.insert(
            "certificate_end_date".into(),
            opt(&box_cert::read_end_date(sh, &mut st)),
        );
    }
    drop(st);
    json_get_fx(v, fx)
}

fn ok(message: &str) -> Value {
    json!({"status": "success", "message": message})
}

/// `/hw_drivers/check_certificate` (odoo-iot-protocol.md §3.2 last row): later hw_drivers download from here too.
fn check_certificate(sh: &Shared, req: &Req) -> Out {
    http::http_route(req, || {
        let mut fx = Effects::default();
        if sh.family() == Family::HwPosboxStatus {
            let mut st = sh.lock();
            box_cert::get_certificate_status(sh, &mut st, &mut fx);
        }
        Out::with(http::html(""), fx)
    })
}

pub fn route(sh: &Shared, req: &Req) -> Option<Out> {
    let g = |v: Value| http::http_route(req, || json_get(v));
    let status_family = sh.family() == Family::HwPosboxStatus;
    Some(match req.path.as_str() {
        "/" | "/logs" => index(),
        "/hw_posbox_homepage/ping" => g(json!({"status": "success", "message": "pong"})),
        "/hw_posbox_homepage/data" => http::http_route(req, || data(sh)),
        "/hw_posbox_homepage/restart_odoo_service" => common::restart_odoo_service(req),
        // Only in some (early 17.0 OWL) variants (odoo-iot-protocol.md §3.2); kept on the status family.
        "/hw_posbox_homepage/restart_iotbox" if status_family => http::http_route(req, || {
            json_get_fx(ok("IoT Box is restarting"), Effects::reboot())
        }),
        // homepage.py (@03558a5b, @e1174174) opens "/var/log/odoo/odoo-server.log" whatever the
        // system: on Windows that raises, and werkzeug answers 500.
        "/hw_posbox_homepage/iot_logs" if sh.flavour == crate::names::Flavour::Windows => {
            http::http_route(req, || http::internal_error().into())
        }
        "/hw_posbox_homepage/iot_logs" => common::iot_logs(sh, req),
        "/hw_posbox_homepage/clear_credential" => common::clear_credential(sh, req),
        "/hw_posbox_homepage/server_clear" => common::server_clear(sh, req, false),
        "/hw_posbox_homepage/wifi_clear" => g(ok("Successfully disconnected from wifi")),
        "/hw_posbox_homepage/six_payment_terminal_clear" => {
            g(ok("Successfully cleared Six Payment Terminal"))
        }
        "/hw_posbox_homepage/wifi" => g(json!({"currentWiFi": Value::Null, "availableWiFi": []})),
        "/hw_posbox_homepage/generate_password" => g(json!({"password": "sim-p4ssw0rd"})),
        "/hw_posbox_homepage/version_info" => {
            g(json!({"status": "success", "odooIsUpToDate": true,
            "imageIsUpToDate": true, "currentCommitHash": "5e1f3c2"}))
        }
        "/hw_posbox_homepage/log_levels" => g(json!({"title": "Odoo's IoT Box - Handlers list",
            "breadcrumb": "Handlers list", "loggers": []})),
        "/hw_posbox_homepage/load_iot_handlers" => http::http_route(req, || {
            json_get_fx(
                ok("IoT Handlers loaded successfully"),
                Effects::restart_after(0),
            )
        }),
        "/hw_posbox_homepage/save_credential" => common::save_credential(sh, req),
        "/hw_posbox_homepage/connect_to_server" => common::connect_to_server(sh, req, true),
        "/hw_posbox_homepage/update_wifi" => jsonrpc(req, |p| {
            check_kwargs("update_wifi", p, &["essid", "password"], &["persistent"])?;
            let essid = param_str(p, "essid");
            let server =
                json!({"url": sh.lock().server_url.clone(), "message": "Redirect to Odoo Server"});
            Ok((
                json!({"status": "success", "message": format!("Connecting to {essid}"), "server": server}),
                Effects::default(),
            ))
        }),
        "/hw_posbox_homepage/six_payment_terminal_add" => jsonrpc(req, |p| {
            check_kwargs("add_six_terminal", p, &["terminal_id"], &[])?;
            Ok((
                ok("Successfully saved Six Payment Terminal"),
                Effects::restart_after(0),
            ))
        }),
        "/hw_posbox_homepage/log_levels_update" => jsonrpc(req, |p| {
            check_kwargs("update_log_level", p, &["name", "value"], &[])?;
            Ok((ok("Logger level updated"), Effects::default()))
        }),
        "/hw_posbox_homepage/update_git_tree" => jsonrpc(req, |_| {
            Ok((ok("Successfully updated the IoT Box"), Effects::default()))
        }),
        // Seen in the saas-era HostnameDialog (odoo-iot-protocol.md §3.2); success reboots.
        "/hw_posbox_homepage/update_hostname" if !status_family => jsonrpc(req, |p| {
            check_kwargs("update_hostname", p, &["hostname"], &[])?;
            Ok((json!({"status": "success"}), Effects::reboot()))
        }),
        "/hw_drivers/check_certificate" => check_certificate(sh, req),
        "/hw_drivers/action" => jsonrpc(req, |_| Ok((json!(false), Effects::default()))),
        _ => return None,
    })
}
