//! The window's shell. No business logic lives here: a command converts its arguments, calls
//! `iot_https_core`, and maps the error to the wire shape. Generic over the runtime so tests can
//! drive it with a mock runtime.

mod commands;
mod demo;
mod fleet;
mod preferences;
mod save;
mod state;
#[cfg(windows)]
mod webview2;

use iot_https_core::ipc::AppInfo;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::NetPolicy;
use tauri::{Builder, Runtime, WebviewWindowBuilder, WindowEvent};

pub use state::AppState;

/// Registers plugins, state and commands on any runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    use commands::{
        box_care, boxes, check_all, device_check, fleet as fleet_cmd, preferences, reports, scan,
        sites, watch,
    };
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            boxes::app_info,
            boxes::start_demo_box,
            boxes::demo_scenarios,
            boxes::connect_box,
            boxes::check_credentials,
            boxes::diagnose_box,
            watch::save_credentials,
            watch::box_action,
            watch::cancel_watch,
            sites::list_sites,
            sites::remember_box,
            sites::add_found_site,
            sites::delete_site,
            check_all::check_all_sites,
            check_all::certificate_countdowns,
            preferences::save_preferences,
            reports::export_report,
            reports::save_report,
            reports::copy_text,
            reports::open_url,
            scan::scan_network,
            scan::cancel_scan,
            box_care::pair_box,
            box_care::save_box_logs,
            device_check::start_device_check,
            device_check::close_device_check,
            device_check::device_policies,
            device_check::check_payment_terminals,
            fleet_cmd::fleet_view,
            fleet_cmd::fleet_add_database,
            fleet_cmd::fleet_remove_database,
            fleet_cmd::fleet_set_preferences,
            fleet_cmd::fleet_check,
            fleet_cmd::fleet_export,
        ])
}

pub fn run() {
    // Before anything else: without WebView2 there is no window to show an error in.
    #[cfg(windows)]
    webview2::require();
    let Some(sites_path) = default_path() else {
        eprintln!("IoT HTTPS Assistant could not start: this system has no data folder for the sites file.");
        std::process::exit(1);
    };
    let sites = SiteStore::new(sites_path);
    let state = AppState::new(
        NetPolicy::from_env(),
        std::env::var("IOT_HTTPS_BOX").ok(),
        sites,
    );
    let (policy, initial_box) = (state.policy, state.initial_box.clone());
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
            // The stored preferences go with the page, so the first screen is already in the
            // chosen language and tab.
            let page_script =
                AppInfo::new(policy, initial_box, preferences::load(app.handle())).page_script();
            let mut builder = WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(&page_script);
            if let Some(at) = preferences::placement(app.handle()) {
                builder = builder.inner_size(at.width, at.height).position(at.x, at.y);
            }
            let window = builder.build()?;
            let watched = window.clone();
            window.on_window_event(move |event| {
                if let WindowEvent::CloseRequested { .. } = event {
                    preferences::remember_placement(&watched);
                }
            });
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
