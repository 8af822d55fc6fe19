//! Tauri-free core of the IoT HTTPS Assistant.
//!
//! Everything the window, the CLI and the demo do goes through this crate, so it is the one
//! place to test behaviour. Modules hold one concern each; `ARCHITECTURE.md` has the map.

#[macro_use]
mod string_enum;

pub mod address;
pub mod address_problem;
pub mod box_api;
pub mod box_url;
pub mod device_check;
pub mod diagnose;
pub mod discovery;
pub mod dns;
pub mod durable;
pub mod error;
pub mod error_code;
pub mod findings;
pub mod fleet;
pub mod http;
pub mod input;
pub mod ipc;
pub mod malformed_reason;
pub mod neighbours;
pub mod net_policy;
pub mod odoo_db;
pub mod report;
pub mod safe_text;
pub mod secret;
pub mod sites;
pub mod tls;
pub mod unsupported;
pub mod validity;
pub mod watch;
mod watch_clock;
mod watch_name;
mod watch_stopped;
mod watch_update;
pub mod wire;

pub use address::BoxAddress;
pub use box_api::{read_status, ApiFamily, BoxClient, BoxReport, BoxStatus, OsFlavour};
pub use error::CoreError;
pub use error_code::ErrorCode;
pub use net_policy::{NetPolicy, PolicyMode};
pub use wire::WireError;

#[cfg(all(test, feature = "ts"))]
mod bindings;
