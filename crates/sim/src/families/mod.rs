//! Route tables per family. Each family module answers the paths its generation registers and
//! returns `None` for the rest, which become werkzeug 404s (odoo-iot-protocol.md §3, §2.6).

pub(crate) mod common;
mod hw_posbox;
mod iot_drivers;
mod legacy_html;
mod legacy_pages;
mod odoo_only;

pub use common::{logs_text, parse_token};
pub use legacy_pages::help_anchor;

use crate::http::{self, Out, Req};
use crate::names::Family;
use crate::shared::Shared;

pub fn handle(sh: &Shared, req: &Req) -> Out {
    if let Some(out) = common::preflight(req) {
        return out;
    }
    if sh.iot_module_missing() {
        return odoo_only::route(sh, req).unwrap_or_else(|| http::not_found().into());
    }
    let out = common::route(sh, req).or_else(|| match sh.family() {
        Family::LegacyHtml => legacy_html::route(sh, req),
        Family::HwPosboxStatus | Family::HwPosboxEndDate => hw_posbox::route(sh, req),
        Family::IotDrivers => iot_drivers::route(sh, req),
    });
    out.unwrap_or_else(|| http::not_found().into())
}
