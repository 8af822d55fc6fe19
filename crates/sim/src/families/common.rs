//! Routes and behaviours shared by several families: `hw_proxy` (odoo-iot-protocol.md §3.1, §8.3), credentials and
//! pairing (§7.1, §7.2), logs.

use hyper::{header, Method};
use serde_json::{json, Value};

use crate::http::{self, check_kwargs, jsonrpc, param_str, with_cors, Out, Req};
use crate::names::Flavour;
use crate::shared::{Effects, Shared};
use crate::state::BoxState;

/// Routes every family serves (odoo-iot-protocol.md §3.1 bottom rows, §3.2, §3.4 `/hw_proxy/*`).
pub fn route(sh: &Shared, req: &Req) -> Option<Out> {
    Some(match req.path.as_str() {
        // odoo-iot-protocol.md §8.3: plain text `ping` in every generation.
        "/hw_proxy/hello" => http::http_route(req, || with_cors(http::text("ping")).into()),
        "/hw_proxy/handshake" => jsonrpc(req, |_| Ok((json!(true), Effects::default()))),
        "/hw_proxy/status_json" => jsonrpc(req, |_| Ok((json!({}), Effects::default()))),
        "/hw_drivers/download_logs" => http::http_route(req, || download_logs(sh)),
        _ => return None,
    })
}

/// The log file as an attachment (odoo-iot-protocol.md §3.1 `/hw_drivers/download_logs`).
pub fn download_logs(sh: &Shared) -> Out {
    let mut r = http::html(logs_text(&sh.lock()));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        "text/plain; charset=utf-8".parse().expect("static"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        "attachment; filename=odoo.log".parse().expect("static"),
    );
    r.into()
}

pub fn logs_text(st: &BoxState) -> String {
    let mut s = st.logs.join("\n");
    s.push('\n');
    s
}

/// `{"status":"success","logs":…}` (odoo-iot-protocol.md §3.2, §3.4 `iot_logs`).
pub fn iot_logs(sh: &Shared, req: &Req) -> Out {
    http::http_route(req, || {
        json_get(json!({"status": "success", "logs": logs_text(&sh.lock())}))
    })
}

/// A `G` route answer with CORS.
pub fn json_get(v: Value) -> Out {
    with_cors(http::json_string(&v)).into()
}

pub fn json_get_fx(v: Value, fx: Effects) -> Out {
    Out::with(with_cors(http::json_string(&v)), fx)
}

fn status(message: &str) -> Value {
    json!({"status": "success", "message": message})
}

/// `restart_odoo_service`: `odoo_restart(0)` (odoo-iot-protocol.md §7.3).
pub fn restart_odoo_service(req: &Req) -> Out {
    http::http_route(req, || {
        json_get_fx(status("Odoo service restarted"), Effects::restart_after(0))
    })
}

/// `update_conf` removes a key whose new value is empty (odoo-iot-protocol.md §7.2).
fn conf_value(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// `POST …/save_credential` (odoo-iot-protocol.md §7.2): write both keys, answer, then `odoo_restart(0)`.
pub fn save_credential(sh: &Shared, req: &Req) -> Out {
    jsonrpc(req, |p| {
        check_kwargs("save_credential", p, &["db_uuid", "enterprise_code"], &[])?;
        let mut st = sh.lock();
        st.db_uuid = conf_value(param_str(p, "db_uuid"));
        st.enterprise_code = conf_value(param_str(p, "enterprise_code"));
        let received = param_str(p, "enterprise_code");
        st.received_codes.push(received);
        st.log(
            "INFO",
            "odoo.addons.hw_drivers.tools.helpers",
            "Credentials saved, restarting Odoo",
        );
        sh.persist(&st);
        Ok((
            status("Successfully saved credentials"),
            Effects::restart_after(0),
        ))
    })
}

/// `GET …/clear_credential` (odoo-iot-protocol.md §3.2, §3.4): remove both keys, restart delay 0.
pub fn clear_credential(sh: &Shared, req: &Req) -> Out {
    http::http_route(req, || {
        let mut st = sh.lock();
        st.db_uuid = None;
        st.enterprise_code = None;
        sh.persist(&st);
        json_get_fx(
            status("Successfully cleared credentials"),
            Effects::restart_after(0),
        )
    })
}

/// `GET …/server_clear`: `disconnect_from_server()` (odoo-iot-protocol.md §3.2); master also restarts (§7.3).
pub fn server_clear(sh: &Shared, req: &Req, restarts: bool) -> Out {
    http::http_route(req, || {
        let mut st = sh.lock();
        st.server_url = None;
        st.token = None;
        st.db_uuid = None;
        st.enterprise_code = None;
        st.refresh_pairing_code(&sh.id);
        sh.persist(&st);
        let fx = if restarts {
            Effects::restart_after(0)
        } else {
            Effects::default()
        };
        json_get_fx(status("Successfully disconnected from server"), fx)
    })
}

/// A pairing token decoded per odoo-iot-protocol.md §7.1.
pub struct ServerConf {
    pub url: String,
    pub token: String,
    pub db_uuid: String,
    pub enterprise_code: String,
}

pub const INVALID_URL: &str = "Invalid URL provided.";
pub const WRITE_FAILED: &str =
    "Failed to write server configuration files on IoT. Please try again.";

/// `scheme://netloc` if http(s) and not `localhost` (odoo-iot-protocol.md §7.1 "Invalid URL provided.").
fn server_base(url: &str) -> Result<String, &'static str> {
    let (scheme, rest) = url.split_once("://").ok_or(INVALID_URL)?;
    if scheme != "http" && scheme != "https" {
        return Err(INVALID_URL);
    }
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = netloc
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    if host.is_empty() || host.eq_ignore_ascii_case("localhost") {
        return Err(INVALID_URL);
    }
    Ok(format!("{scheme}://{netloc}"))
}

/// Old pipe format `url|token|db_uuid|enterprise_code` or new URL-with-query format (odoo-iot-protocol.md §7.1).
pub fn parse_token(token: &str) -> Result<ServerConf, &'static str> {
    let token = token.trim();
    if token.contains('|') {
        let parts: Vec<&str> = token.split('|').collect();
        if parts.len() < 4 {
            return Err(WRITE_FAILED);
        }
        return Ok(ServerConf {
            url: server_base(parts[0])?,
            token: parts[1].to_string(),
            db_uuid: parts[2].to_string(),
            enterprise_code: parts[3].to_string(),
        });
    }
    let url = server_base(token)?;
    let query = token
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(""))
        .unwrap_or("");
    let kv = http::parse_qs(query);
    let allowed = ["token", "db_uuid", "enterprise_code", "db_name"];
    if kv.iter().any(|(k, _)| !allowed.contains(&k.as_str())) {
        return Err(WRITE_FAILED);
    }
    let get = |k: &str| {
        kv.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .ok_or(WRITE_FAILED)
    };
    Ok(ServerConf {
        url,
        token: get("token")?,
        db_uuid: get("db_uuid")?,
        enterprise_code: get("enterprise_code")?,
    })
}

/// Save a decoded token as the box's server configuration.
pub fn apply_server_conf(sh: &Shared, st: &mut BoxState, conf: ServerConf) {
    st.server_url = Some(conf.url);
    st.token = Some(conf.token);
    st.db_uuid = conf_value(conf.db_uuid);
    st.received_codes.push(conf.enterprise_code.clone());
    st.enterprise_code = conf_value(conf.enterprise_code);
    st.pairing_code = None;
    sh.persist(st);
}

/// `POST …/connect_to_server` (odoo-iot-protocol.md §3.2, §3.4): success then `odoo_restart(1)`; a Linux rename
/// reboots instead (§7.3).
pub fn connect_to_server(sh: &Shared, req: &Req, accepts_iotname: bool) -> Out {
    jsonrpc(req, |p| {
        let optional: &[&str] = if accepts_iotname { &["iotname"] } else { &[] };
        check_kwargs("connect_to_server", p, &["token"], optional)?;
        let conf = match parse_token(&param_str(p, "token")) {
            Ok(c) => c,
            Err(msg) => {
                return Ok((
                    json!({"status": "failure", "message": msg}),
                    Effects::default(),
                ))
            }
        };
        let mut st = sh.lock();
        apply_server_conf(sh, &mut st, conf);
        let iotname = param_str(p, "iotname");
        let rename =
            sh.flavour == Flavour::Linux && !iotname.is_empty() && iotname != sh.id.hostname;
        let fx = if rename {
            Effects::reboot()
        } else {
            Effects::restart_after(1)
        };
        let msg = "Successfully connected to db, IoT will restart to update the configuration.";
        Ok((status(msg), fx))
    })
}

/// Answer a CORS preflight for any route (odoo-iot-protocol.md §2.4; only browsers care).
pub fn preflight(req: &Req) -> Option<Out> {
    if req.method != Method::OPTIONS {
        return None;
    }
    let mut r = with_cors(http::html(""));
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        "GET, POST, OPTIONS".parse().expect("static"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        "Origin, X-Requested-With, Content-Type, Accept, Authorization"
            .parse()
            .expect("static"),
    );
    Some(r.into())
}

/// `network_interfaces` of the saas-18.x and master data routes (odoo-iot-protocol.md §3.2, §3.4).
pub fn network_interfaces(sh: &Shared, st: &BoxState) -> Value {
    let ip = sh.reported_ip(st);
    if st.spec.access_point {
        return json!([{"id": "wlan0", "is_wifi": true, "ssid": format!("IoTBox-{}", sh.id.mac.replace(':', "")), "ip": ip}]);
    }
    let id = match sh.flavour {
        Flavour::Linux => "eth0",
        Flavour::Windows => "Ethernet",
    };
    json!([{"id": id, "is_wifi": false, "ssid": Value::Null, "ip": ip}])
}

pub fn opt(v: &Option<String>) -> Value {
    v.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

/// `pairing_code`: a string or `false` (odoo-iot-protocol.md §9.4).
pub fn pairing_code(st: &BoxState) -> Value {
    st.pairing_code
        .as_ref()
        .map_or(Value::Bool(false), |c| Value::String(c.clone()))
}

/// `get_ip()` of 18.3+: the source address of a UDP "connect" towards the gateway or 8.8.8.8
/// (`addons/iot_drivers/tools/system.py` @06d82b35). Without a default route the connect raises
/// OSError: a warning, and `None` (`ip: null` in the data route). Older boxes take the first
/// interface's address and always have one.
pub fn get_ip(sh: &Shared, st: &mut BoxState) -> Value {
    if no_default_route(sh, st) {
        st.log("WARNING", ip_logger(sh), "Could not get local IP address");
        return Value::Null;
    }
    json!(sh.reported_ip(st))
}

pub fn no_default_route(sh: &Shared, st: &BoxState) -> bool {
    st.spec.fault == crate::scenario::Fault::NoDefaultRoute && sh.family().uses_end_date()
}

fn ip_logger(sh: &Shared) -> &'static str {
    match sh.family() {
        crate::names::Family::IotDrivers => "odoo.addons.iot_drivers.tools.system",
        _ => "odoo.addons.hw_drivers.tools.helpers",
    }
}

/// `connection_manager.new_database_url`: the accepted pairing's database, or `false`.
pub fn new_database_url(st: &BoxState) -> Value {
    st.new_database_url
        .as_deref()
        .map_or(json!(false), |u| json!(u))
}
