//! The window's shell. No business logic lives here: a command converts its arguments, calls
//! `iot_https_core`, and maps the error to the wire shape. Generic over the runtime so tests can
//! drive it with a mock runtime.

mod commands;
mod demo;
mod fleet;
mod keychain;
mod state;

use iot_https_core::ipc::AppInfo;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::NetPolicy;
use tauri::{Builder, Runtime, WebviewWindowBuilder};

pub use state::AppState;

/// Registers plugins, state and commands on any runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    use commands::{boxes, fleet as fleet_cmd, reports, scan, sites, watch};
    let fleet_store = iot_https_core::fleet::FleetStore::new(
        iot_https_core::fleet::default_path()
            .unwrap_or_else(|| std::env::temp_dir().join("iot-https-fleet.json")),
    );
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .manage(fleet::FleetState::new(fleet_store))
        .invoke_handler(tauri::generate_handler![
            boxes::app_info,
            boxes::start_demo_box,
            boxes::connect_box,
            boxes::check_credentials,
            boxes::diagnose_box,
            watch::save_credentials,
            watch::box_action,
            watch::cancel_watch,
            sites::list_sites,
            sites::save_site,
            sites::delete_site,
            sites::load_site_code,
            reports::export_report,
            reports::save_report,
            reports::copy_text,
            reports::open_url,
            scan::scan_network,
            scan::cancel_scan,
            fleet_cmd::fleet_view,
            fleet_cmd::fleet_add_database,
            fleet_cmd::fleet_remove_database,
            fleet_cmd::fleet_set_preferences,
            fleet_cmd::fleet_check,
            fleet_cmd::fleet_export,
        ])
}

pub fn run() {
    let sites = SiteStore::new(
        default_path().unwrap_or_else(|| std::env::temp_dir().join("iot-https-sites.json")),
    );
    let state = AppState::new(
        NetPolicy::from_env(),
        std::env::var("IOT_HTTPS_BOX").ok(),
        sites,
    );
    let page_script = AppInfo::new(state.policy, state.initial_box.clone()).page_script();
    build_app(tauri::Builder::default(), state)
        .setup(move |app| {
            // The window is declared in tauri.conf.json with "create": false and made here, so
            // that the page gets the app facts with it instead of asking for them.
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json declares no window")?;
            WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(&page_script)
                .build()?;
            // The fleet's scheduled check, for as long as the app runs.
            tauri::async_runtime::spawn(fleet::schedule(app.handle().clone()));
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("IoT HTTPS Assistant could not start: {e}");
            std::process::exit(1);
        });
}
