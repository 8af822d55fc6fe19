//! `legacy-html` family: 16.0 / early 17.0 Jinja routes of `hw_posbox_homepage/controllers/main.py`
//! (@89a8730b), the homepage HTTPS row, file-based credentials (docs/protocol/legacy-html.md).

use serde_json::json;

use super::legacy_pages::{homepage, list_credential, meta_refresh, simple_page};
use crate::http::{self, check_kwargs, jsonrpc, param_str, with_cors, Out, Req};
use crate::names::Flavour;
use crate::shared::{Effects, Shared};
use crate::state::AP_IP;

/// `GET /`: renders the homepage and runs `get_certificate_status()` (may call odoo.com,
/// docs/protocol/certificate-states.md). In AP mode with no server it redirects to the first-run wizard (docs/protocol/legacy-html.md).
fn index(sh: &Shared) -> Out {
    let mut fx = Effects::default();
    let mut st = sh.lock();
    if st.spec.access_point && st.server_url.is_none() {
        return http::html(meta_refresh(0, &format!("http://{AP_IP}:8069/steps"))).into();
    }
    if let Some(crash) = crate::status_crash::crash(sh, &st) {
        let called = crate::status_crash::called_odoo_com(sh, &st);
        return crate::status_crash::answer(&mut st, &crash, called);
    }
    let (ok, details) = crate::box_cert::get_certificate_status(sh, &mut st, &mut fx);
    let details = details.replace(crate::helpers_variant::JSON_DETAILS, "");
    let page = homepage(sh, &st, ok, &details);
    Out::with(http::html(page), fx)
}

/// `/save_credential` (http, GET or POST, csrf off): both files, then `odoo_restart(0)`;
/// the answer is a 20 s meta-refresh (docs/protocol/legacy-html.md). A missing argument is a TypeError → 500.
fn save_credential(sh: &Shared, req: &Req) -> Out {
    let (Some(db_uuid), Some(code)) = (req.param("db_uuid"), req.param("enterprise_code")) else {
        return http::internal_error().into();
    };
    let mut st = sh.lock();
    st.db_uuid = Some(db_uuid);
    st.received_codes.push(code.clone());
    st.enterprise_code = Some(code);
    st.log(
        "INFO",
        "odoo.addons.hw_posbox_homepage.controllers.main",
        "Credentials saved, restarting Odoo",
    );
    sh.persist(&st);
    let page = meta_refresh(20, &sh.base_url(&st));
    Out::with(with_cors(http::html(page)), Effects::restart_after(0))
}

fn clear_credential(sh: &Shared) -> Out {
    let mut st = sh.lock();
    st.db_uuid = None;
    st.enterprise_code = None;
    sh.persist(&st);
    let page = meta_refresh(20, &sh.base_url(&st));
    Out::with(with_cors(http::html(page)), Effects::restart_after(0))
}

/// `/server_connect?token=url|token|db_uuid|enterprise_code&iotname=` (docs/protocol/legacy-html.md): pipe token only,
/// four parts; answers `http://<ip>:8069`, restarts after 3 s (a Linux rename reboots).
fn server_connect(sh: &Shared, req: &Req) -> Out {
    let Some(token) = req.param("token") else {
        return http::internal_error().into();
    };
    if !token.contains('|') {
        return http::internal_error().into();
    }
    let Ok(conf) = super::common::parse_token(&token) else {
        return http::internal_error().into();
    };
    let mut st = sh.lock();
    super::common::apply_server_conf(sh, &mut st, conf);
    let iotname = req.param("iotname").unwrap_or_default();
    let rename = sh.flavour == Flavour::Linux && !iotname.is_empty() && iotname != sh.id.hostname;
    // `odoo_restart(3)` (`hw_posbox_homepage/controllers/main.py` @89a8730b `connect_to_server`).
    let fx = if rename {
        Effects::reboot()
    } else {
        Effects::restart_after(3)
    };
    Out::with(with_cors(http::text(sh.base_url(&st))), fx)
}

fn server_clear(sh: &Shared) -> Out {
    let mut st = sh.lock();
    st.server_url = None;
    st.token = None;
    st.refresh_pairing_code(&sh.id);
    sh.persist(&st);
    with_cors(http::html(meta_refresh(20, &sh.base_url(&st)))).into()
}

/// `POST /iot_restart_odoo_or_reboot` (docs/protocol/legacy-html.md, PR #100999): `restart_odoo` → `odoo_restart(3)`;
/// anything else → `sudo reboot`, which fails on Windows (docs/protocol/legacy-html.md) [error text: simulator's own].
fn restart_or_reboot(sh: &Shared, req: &Req) -> Out {
    jsonrpc(req, |p| {
        check_kwargs("iot_restart_odoo_or_reboot", p, &["action"], &[])?;
        if param_str(p, "action") == "restart_odoo" {
            return Ok((json!("success"), Effects::restart_after(3)));
        }
        match sh.flavour {
            Flavour::Linux => Ok((json!("success"), Effects::reboot())),
            Flavour::Windows => Ok((
                json!("[WinError 2] The system cannot find the file specified"),
                Effects::default(),
            )),
        }
    })
}

pub fn route(sh: &Shared, req: &Req) -> Option<Out> {
    let h = |f: &dyn Fn() -> Out| http::http_route(req, f);
    Some(match req.path.as_str() {
        "/" => h(&|| index(sh)),
        "/list_credential" => h(&|| http::html(list_credential(&sh.lock())).into()),
        "/save_credential" => h(&|| save_credential(sh, req)),
        "/clear_credential" => h(&|| clear_credential(sh)),
        "/server" => {
            h(&|| http::html(simple_page("Configure Odoo Server", "Server configuration")).into())
        }
        "/server_connect" => h(&|| server_connect(sh, req)),
        "/server_clear" => h(&|| server_clear(sh)),
        "/steps" => h(&|| {
            http::html(simple_page(
                "Configure IoT Box",
                "Connect the IoT Box to Wi-Fi",
            ))
            .into()
        }),
        // Plain-text image version (`22.11`, or `W22_11` on Windows).
        "/hw_proxy/get_version" => h(&|| with_cors(http::text(sh.version())).into()),
        "/iot_restart_odoo_or_reboot" => restart_or_reboot(sh, req),
        // 15/16-era driver.py only checks here; it never downloads (docs/protocol/legacy-html.md).
        "/hw_drivers/check_certificate" => h(&|| http::html("").into()),
        "/hw_drivers/action" => jsonrpc(req, |_| Ok((json!(false), Effects::default()))),
        _ => return None,
    })
}
