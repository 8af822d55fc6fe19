//! The device check: the technician opens a small page, served by the laptop, on the
//! cashier's tablet or PC, in the browser the POS uses. The page tries the box from there —
//! the device's own DNS, trust store, reach and Local Network Access permission, none of which
//! the laptop can see — and posts what happened back. Core turns each report into findings.
//!
//! - `report`: what a device posts (strictly parsed, capped) and the result per device;
//! - `browser`: which browser and version a user agent is, and what that implies (LNA);
//! - `verdict`: the rules, a pure function from a report to findings;
//! - `token`: the one-time token in the URL, valid 15 minutes or until closed;
//! - `page`: the static page, its script and its texts (`page_texts.json`);
//! - `server`: the hyper server that serves the page only with the token;
//! - `gate`: connections per device address, server-issued device ids, accept back-off;
//! - `listen`: where the server may listen (loopback in demo/test, the laptop's address in the
//!   box's network in real runs, never all interfaces by default);
//! - `session`: start/close a check; results arrive on a channel;
//! - `target`: what the page tries (box IP, ports, HTTPS name), read from the box;
//! - `qr`: the QR code of the URL (SVG for the window, Unicode blocks for a terminal);
//! - `policy`: enterprise policies allowing LNA for the Odoo origin (Chrome, Edge);
//! - `terminal`: payment-terminal readiness (Worldline ports, Six terminal ID).

mod browser;
mod gate;
mod listen;
mod page;
pub mod policy;
mod qr;
mod report;
mod server;
mod session;
mod standing;
mod target;
pub mod terminal;
mod token;
mod verdict;

pub use browser::{Browser, BrowserFamily, LNA_FIRST_CHROMIUM};
pub use listen::choose_listen_addr;
pub use page::page_texts;
pub use qr::{qr_svg, qr_terminal};
pub use report::{
    DeviceReport, DeviceResult, PermissionState, ProbeOutcome, ProbeResult, MAX_REPORT_BYTES,
};
pub use session::{
    start, CheckTarget, DeviceCheck, DeviceCheckInfo, ProbeUrls, StartOptions, CHECK_TTL,
};
pub use standing::{Standing, MAX_DEVICES};
pub use target::{discover_target, TargetOptions};
pub use verdict::assess;
