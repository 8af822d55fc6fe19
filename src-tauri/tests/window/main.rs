//! The window's tests, one binary: the commands through IPC on Tauri's mock runtime
//! (`commands_*`, one module per area; `commands_coverage` fails on a registered command no
//! test calls), the generated TypeScript contract (`contract`) and the capabilities and CSP
//! (`security_config`). One binary links tauri once, not once per file (scripts/test-all and
//! scripts/test-windows build it on every run).

mod commands_boxes;
mod commands_coverage;
mod commands_device;
mod commands_fleet;
mod commands_preferences;
mod commands_reports;
mod commands_sites;
mod commands_watch;
mod common;
mod contract;
mod security_config;
