//! The window's shell. No business logic lives here: a command converts its arguments, calls
//! `iot_https_core`, and maps the error to the wire shape. Generic over the runtime so tests can
//! drive it with `tauri::test::mock_builder()`.

mod commands;
mod demo;

use iot_https_core::NetPolicy;
use tauri::{Builder, Runtime};

pub use commands::AppState;

/// Registers state and commands on any runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::start_demo_box,
        commands::connect_box,
    ])
}

pub fn run() {
    let state = AppState::new(NetPolicy::from_env(), std::env::var("IOT_HTTPS_BOX").ok());
    build_app(tauri::Builder::default(), state)
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("IoT HTTPS Assistant could not start: {e}");
            std::process::exit(1);
        });
}
