//! `iot-drivers` family: saas-18.4+ / 19.0 / master, `/iot_drivers/*` (odoo-iot-protocol.md §3.4). Linux-only
//! routes are not registered on Windows, so they fall through to 404 (§2.6).

use serde_json::{json, Value};

use super::common::{self, json_get, json_get_fx, opt, pairing_code};
use crate::box_cert;
use crate::http::{self, check_kwargs, jsonrpc, param_str, Out, Req};
use crate::names::Flavour;
use crate::shared::{Effects, Shared};

/// Static homepage (`/`, `/logs`, `/status`), served with a strict CSP (odoo-iot-protocol.md §3.4).
fn static_page(title: &str) -> Out {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <script type=\"module\" src=\"/iot_drivers/static/src/app/main.js\"></script>\n</head>\n\
         <body><div id=\"app\">Loading...</div></body>\n</html>\n"
    );
    let mut r = http::html(body);
    r.headers_mut().insert(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'"
            .parse()
            .expect("static"),
    );
    r.into()
}

/// `GET /iot_drivers/data` (odoo-iot-protocol.md §3.4 field union). Read-only: no odoo.com request (§4.3).
fn data(sh: &Shared) -> Value {
    let mut st = sh.lock();
    let ip = common::get_ip(sh, &mut st);
    let server = st.server_url.clone().unwrap_or_default();
    json!({
        "db_uuid": opt(&st.db_uuid),
        "enterprise_code": opt(&st.enterprise_code),
        "ip": ip,
        "identifier": sh.id.identifier,
        "mac_address": sh.id.mac,
        "devices": {},
        "server_status": server,
        "pairing_code": pairing_code(&st),
        "new_database_url": common::new_database_url(&st),
        "pairing_code_expired": false,
        "six_terminal": "Not Configured",
        "is_access_point_up": sh.flavour == Flavour::Linux && st.spec.access_point,
        "network_interfaces": common::network_interfaces(sh, &st),
        "version": sh.version(),
        "system": sh.flavour.system(),
        "odoo_uptime_seconds": st.odoo_started.elapsed().as_secs_f64(),
        "system_uptime_seconds": st.system_started.elapsed().as_secs_f64(),
        "certificate_end_date": opt(&box_cert::read_end_date(sh, &mut st)),
        "wifi_ssid": Value::Null,
        "qr_code_wifi": Value::Null,
        "qr_code_url": Value::Null,
    })
}

fn ok(message: &str) -> Value {
    json!({"status": "success", "message": message})
}

/// `/iot_drivers/action` (alias `/hw_drivers/action`): box commands when `device_identifier`
/// is the box identifier, on master only (odoo-iot-protocol.md §3.4, PR #232133); on 19.0 the
/// route is for devices only and the box has none (`iot_release`).
fn action(sh: &Shared, req: &Req) -> Out {
    jsonrpc(req, |p| {
        check_kwargs("action", p, &["device_identifier", "data"], &["session_id"])?;
        if param_str(p, "device_identifier") != sh.id.identifier
            || !sh.iot_release.box_commands_on_action_route()
        {
            // "IoT Device with identifier %s not found": `False`.
            return Ok((json!(false), Effects::default()));
        }
        let data = match p.get("data") {
            Some(Value::String(s)) => serde_json::from_str::<Value>(s).unwrap_or_default(),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        let fx = match data.get("action").and_then(Value::as_str) {
            // `communication.py` @055c26f3: the base response with "success", then
            // `odoo_restart(2)`.
            Some("restart_odoo") => {
                let session = p.get("session_id").cloned().unwrap_or(json!("0"));
                let answer = json!({
                    "owner": session,
                    "session_id": session,
                    "iot_box_identifier": sh.id.identifier,
                    "device_identifier": sh.id.identifier,
                    // `time.time()` on the box's own clock.
                    "time": sh.lock().now().unix_timestamp_nanos() as f64 / 1e9,
                    "status": "success",
                });
                return Ok((answer, Effects::restart_after(2)));
            }
            Some("server_clear") => {
                let mut st = sh.lock();
                st.server_url = None;
                st.token = None;
                st.refresh_pairing_code(&sh.id);
                sh.persist(&st);
                Effects::restart_after(0)
            }
            _ => Effects::default(),
        };
        // `handle_message`'s other commands fall through to `return {}`.
        Ok((json!({}), fx))
    })
}

pub fn route(sh: &Shared, req: &Req) -> Option<Out> {
    let linux = sh.flavour == Flavour::Linux;
    let g = |v: Value| http::http_route(req, || json_get(v));
    Some(match req.path.as_str() {
        "/" => static_page("Odoo's IoT Box"),
        "/logs" => static_page("Odoo's IoT Box - Logs"),
        "/status" => static_page("Odoo's IoT Box - Status"),
        "/iot_drivers/ping" => g(json!({"status": "success", "message": "pong"})),
        "/iot_drivers/data" => http::http_route(req, || {
            let mut st = sh.lock();
            if let Some(crash) = crate::status_crash::crash(sh, &st) {
                return crate::status_crash::answer(&mut st, &crash, false);
            }
            drop(st);
            json_get(data(sh))
        }),
        "/iot_drivers/restart_odoo_service" => common::restart_odoo_service(req),
        "/iot_drivers/iot_logs" => common::iot_logs(sh, req),
        "/iot_drivers/download_logs" => http::http_route(req, || common::download_logs(sh)),
        "/iot_drivers/clear_credential" => common::clear_credential(sh, req),
        "/iot_drivers/server_clear" => common::server_clear(sh, req, true),
        "/iot_drivers/six_payment_terminal_clear" => {
            g(ok("Successfully cleared Six Payment Terminal"))
        }
        "/iot_drivers/log_levels" => g(
            json!({"title": "Odoo's IoT Box - Handlers list", "breadcrumb": "Handlers list",
            "loggers": [], "is_custom_handlers_enabled": false}),
        ),
        "/iot_drivers/load_iot_handlers" => http::http_route(req, || {
            json_get_fx(
                ok("IoT Handlers loaded successfully"),
                Effects::restart_after(0),
            )
        }),
        "/iot_drivers/save_credential" => common::save_credential(sh, req),
        "/iot_drivers/connect_to_server" => common::connect_to_server(sh, req, false),
        "/iot_drivers/six_payment_terminal_add" => jsonrpc(req, |p| {
            check_kwargs("add_six_terminal", p, &["terminal_id"], &[])?;
            Ok((
                ok("Successfully saved Six Payment Terminal"),
                Effects::restart_after(0),
            ))
        }),
        "/iot_drivers/log_levels_update" => jsonrpc(req, |p| {
            check_kwargs("update_log_level", p, &["name", "value"], &[])?;
            Ok((ok("Logger level updated"), Effects::default()))
        }),
        "/iot_drivers/enable_custom_handlers" => jsonrpc(req, |p| {
            check_kwargs("enable_custom_handlers", p, &["enable"], &[])?;
            Ok((json!({"status": "success"}), Effects::restart_after(0)))
        }),
        "/iot_drivers/action" | "/hw_drivers/action" => action(sh, req),
        // Linux-only routes (odoo-iot-protocol.md §3.4 "L"): absent on Windows.
        "/iot_drivers/wifi_clear" if linux => g(ok("Successfully disconnected from wifi")),
        "/iot_drivers/wifi" if linux => g(json!({"currentWiFi": Value::Null, "availableWiFi": []})),
        "/iot_drivers/version_info" if linux => {
            g(json!({"status": "success", "odooIsUpToDate": true,
            "imageIsUpToDate": true, "currentCommitHash": "5e1f3c2"}))
        }
        "/iot_drivers/is_ngrok_enabled" if linux => {
            http::http_route(req, || http::json_string(&json!({"enabled": false})).into())
        }
        "/iot_drivers/update_wifi" if linux => jsonrpc(req, |p| {
            check_kwargs("update_wifi", p, &["essid", "password"], &[])?;
            let essid = param_str(p, "essid");
            Ok((
                json!({"status": "error", "message": format!("Failed to connect to {essid}")}),
                Effects::default(),
            ))
        }),
        "/iot_drivers/generate_password" if linux => jsonrpc(req, |_| {
            Ok((json!({"password": "sim-p4ssw0rd"}), Effects::default()))
        }),
        "/iot_drivers/update_hostname" if linux => jsonrpc(req, |p| {
            check_kwargs("update_hostname", p, &["hostname"], &[])?;
            // Success means a reboot with no answer (odoo-iot-protocol.md §3.2); the simulator answers, then reboots.
            Ok((json!({"status": "success"}), Effects::reboot()))
        }),
        "/iot_drivers/update_git_tree" if linux => jsonrpc(req, |_| {
            Ok((ok("Successfully updated the IoT Box"), Effects::default()))
        }),
        _ => return None,
    })
}
