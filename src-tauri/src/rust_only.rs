//! A plugin registered for its Rust side only: everything is passed through except the page
//! script. The dialog, opener and notification plugins each inject one into every page (a
//! `window.alert`/`confirm` override, a click handler for `target="_blank"` links, a
//! `window.Notification` polyfill that makes an IPC call at every page start). The UI uses none
//! of them (it calls the plugins' commands, and the fleet's notifications are sent from Rust),
//! and each costs page memory and start-up work (issue 21).

use tauri::ipc::Invoke;
use tauri::plugin::Plugin;
use tauri::webview::PageLoadPayload;
use tauri::{AppHandle, RunEvent, Runtime, Url, Webview, Window};

pub struct RustOnly<P>(pub P);

impl<R: Runtime, P: Plugin<R>> Plugin<R> for RustOnly<P> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn initialize(
        &mut self,
        app: &AppHandle<R>,
        config: serde_json::Value,
    ) -> Result<(), Box<dyn std::error::Error>> {
        self.0.initialize(app, config)
    }

    // `initialization_script` and `initialization_script_2` keep the trait's defaults: none.

    fn window_created(&mut self, window: Window<R>) {
        self.0.window_created(window)
    }

    fn webview_created(&mut self, webview: Webview<R>) {
        self.0.webview_created(webview)
    }

    fn on_navigation(&mut self, webview: &Webview<R>, url: &Url) -> bool {
        self.0.on_navigation(webview, url)
    }

    fn on_page_load(&mut self, webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
        self.0.on_page_load(webview, payload)
    }

    fn on_event(&mut self, app: &AppHandle<R>, event: &RunEvent) {
        self.0.on_event(app, event)
    }

    fn extend_api(&mut self, invoke: Invoke<R>) -> bool {
        self.0.extend_api(invoke)
    }
}

#[cfg(test)]
mod tests {
    use super::RustOnly;
    use tauri::plugin::Plugin;
    use tauri::test::MockRuntime;

    #[test]
    fn the_wrapped_plugins_inject_no_page_script_but_keep_their_name() {
        let plugins: [Box<dyn Plugin<MockRuntime>>; 3] = [
            Box::new(RustOnly(tauri_plugin_dialog::init())),
            Box::new(RustOnly(tauri_plugin_opener::init())),
            Box::new(RustOnly(tauri_plugin_notification::init())),
        ];
        for plugin in plugins {
            assert!(
                plugin.initialization_script().is_none(),
                "{}",
                plugin.name()
            );
            assert!(
                plugin.initialization_script_2().is_none(),
                "{}",
                plugin.name()
            );
        }
        // Unwrapped, each does inject one (what the wrapper is for).
        let notification: Box<dyn Plugin<MockRuntime>> =
            Box::new(tauri_plugin_notification::init());
        assert!(notification.initialization_script().is_some());
        assert_eq!(
            RustOnly(tauri_plugin_notification::init::<MockRuntime>()).name(),
            "notification"
        );
    }
}
