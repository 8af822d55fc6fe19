//! The window's shell. No business logic lives here: a command converts its arguments, calls
//! `iot_https_core`, and maps the error to the wire shape. Generic over the runtime so tests can
//! drive it with a mock runtime.

mod commands;
#[cfg(target_os = "linux")]
mod compositing;
pub mod contract;
mod demo;
mod fleet;
mod preferences;
mod rust_only;
mod save;
mod state;
#[cfg(windows)]
mod webview2;

use iot_https_core::ipc::AppInfo;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::NetPolicy;
use rust_only::RustOnly;
use tauri::{Builder, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

pub use state::AppState;

/// Registers plugins, state and commands on any runtime. The plugins whose page scripts the UI
/// does not use are registered without them (`RustOnly`).
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .plugin(RustOnly(tauri_plugin_dialog::init()))
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(RustOnly(tauri_plugin_opener::init()))
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(RustOnly(tauri_plugin_notification::init()))
        .manage(state)
        .invoke_handler(commands::handler())
}

/// The locale the system names for the user where the environment does not (Windows); core's
/// `desktop_language` matches it.
#[cfg(windows)]
pub(crate) fn system_locale() -> Option<String> {
    Some(webview2::user_locale())
}

#[cfg(not(windows))]
pub(crate) fn system_locale() -> Option<String> {
    None
}

pub fn run() {
    // Before anything else: without WebView2 there is no window to show an error in.
    #[cfg(windows)]
    webview2::require();
    #[cfg(target_os = "linux")]
    compositing::prefer_non_composited();
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
            let mut config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json declares no window")?;
            // The stored preferences go with the page, so the first screen is already in the
            // chosen language and tab.
            let info = AppInfo::new(policy, initial_box, preferences::load(app.handle()))
                .on_system_locale(system_locale().as_deref());
            config.url = WebviewUrl::App(info.first_page().into());
            let page_script = info.page_script();
            let mut builder = WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(&page_script);
            if let Some(at) = preferences::placement(app.handle()) {
                builder = builder.inner_size(at.width, at.height).position(at.x, at.y);
            }
            #[cfg(target_os = "linux")]
            let builder = compositing::show_once_loading(builder);
            let window = builder.build()?;
            #[cfg(target_os = "linux")]
            compositing::show_anyway_later(&window);
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
