//! `iot_https_app`: every use case of the assistant written once, for the window (`src-tauri`)
//! and the CLI (`crates/cli`), in the spirit of GitButler's `but-api`. Tauri-free.
//!
//! - One async fn per use case, typed inputs and results, errors as `WireError`.
//! - `Session` holds what a window (or one CLI run) remembers between use cases.
//! - `keyring` is the one keyring adapter (`SecretStore`, the OS keyring, a memory one).
//! - `progress::Progress` is how a use case reports while it runs; any `Fn(T)` is one.
//! - `types` re-exports what the shells render, so neither reaches into core's protocol
//!   modules (`box_api`, `odoo_db`, `tls`, `dns`): `tests/layering.rs` fails if one does.
//!
//! Core keeps the protocols and the rules; this crate composes them.

pub mod boxes;
pub mod care;
pub mod check_all;
pub mod device_check;
pub mod errors;
pub mod fleet;
pub mod follow;
pub mod keyring;
mod names;
pub mod progress;
pub mod report;
pub mod scan;
pub mod session;
pub mod sites;
pub mod types;

pub use progress::{Progress, Silent};
pub use session::Session;
