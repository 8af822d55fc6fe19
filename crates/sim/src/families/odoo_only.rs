//! A Windows IoT that checked out its database's older branch: Odoo starts without its IoT
//! module. iot_drivers runs `check_git_branch()` at every start on any OS (`iot_drivers/main.py`
//! @aa3796d1, `tools/upgrade.py` @11ecf379); the Windows `odoo.conf` loads
//! `server_wide_modules iot_drivers,web` (`setup/win32/setup-iot.nsi` @93eacabd), and the
//! migration that would rewrite it is `@rpi_only`. On a branch without `iot_drivers`
//! (≤ saas-18.3) only `web` loads: every IoT route answers 404, while `web`'s
//! `/web/webclient/version_info` answers with the checked-out version
//! (docs/protocol/restarts.md, "Branch switch").

use serde_json::{json, Value};

use crate::http::{jsonrpc, Out, Req};
use crate::names::Family;
use crate::shared::{Effects, Shared};

/// `odoo.service.common.exp_version()` of the branch a family's code is on
/// (`odoo/release.py`: saas versions are `saas~18.3`, their git branch `saas-18.3`).
fn exp_version(family: Family) -> Value {
    let (version, info) = match family {
        Family::LegacyHtml => ("16.0", json!([16, 0, 0, "final", 0, ""])),
        Family::HwPosboxStatus => ("18.0", json!([18, 0, 0, "final", 0, ""])),
        Family::HwPosboxEndDate => ("saas~18.3", json!(["saas~18", 3, 0, "final", 0, ""])),
        Family::IotDrivers => ("19.0", json!([19, 0, 0, "final", 0, ""])),
    };
    json!({
        "server_version": version,
        "server_version_info": info,
        "server_serie": version,
        "protocol_version": 1,
    })
}

/// `web`'s routes only: `/web/webclient/version_info` answers `exp_version()`.
pub fn route(sh: &Shared, req: &Req) -> Option<Out> {
    (req.path == "/web/webclient/version_info").then(|| {
        let version = exp_version(sh.family());
        jsonrpc(req, move |_| Ok((version, Effects::default())))
    })
}
