//! The window's own preferences and its size and position, in the app's store
//! (tauri-plugin-store, `preferences.json` in the app data folder). Used from Rust only, so the
//! web view needs no store permission. What a preference means is core's (`ipc::Preferences`);
//! this module only reads and writes it. A missing or damaged entry reads as the default.

use iot_https_core::ipc::Preferences;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, LogicalPosition, LogicalSize, Manager, Runtime, WebviewWindow};
use tauri_plugin_store::StoreExt;

const STORE: &str = "preferences.json";
const PREFERENCES: &str = "preferences";
const WINDOW: &str = "window";

/// Where the main window was, in logical pixels.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

fn read<R: Runtime, T: for<'de> Deserialize<'de>>(app: &AppHandle<R>, key: &str) -> Option<T> {
    let value = app.store(STORE).ok()?.get(key)?;
    serde_json::from_value(value).ok()
}

fn write<R: Runtime>(app: &AppHandle<R>, key: &str, value: impl Serialize) -> Result<(), String> {
    let store = app.store(STORE).map_err(|e| e.to_string())?;
    store.set(key, serde_json::to_value(value).map_err(|e| e.to_string())?);
    store.save().map_err(|e| e.to_string())
}

pub fn load<R: Runtime>(app: &AppHandle<R>) -> Preferences {
    read(app, PREFERENCES).unwrap_or_default()
}

pub fn save<R: Runtime>(app: &AppHandle<R>, preferences: &Preferences) -> Result<(), String> {
    write(app, PREFERENCES, preferences)
}

/// The saved placement, when its top-left corner is still on a connected monitor.
pub fn placement<R: Runtime>(app: &AppHandle<R>) -> Option<Placement> {
    let saved: Placement = read(app, WINDOW)?;
    let on_screen = app.available_monitors().ok()?.iter().any(|m| {
        let (pos, size) = (
            m.position().to_logical::<f64>(m.scale_factor()),
            m.size().to_logical::<f64>(m.scale_factor()),
        );
        (pos.x..pos.x + size.width).contains(&saved.x)
            && (pos.y..pos.y + size.height).contains(&saved.y)
    });
    (on_screen && saved.width > 0.0 && saved.height > 0.0).then_some(saved)
}

/// Remembers where `window` is now (called when it closes); a minimised window is skipped.
pub fn remember_placement<R: Runtime>(window: &WebviewWindow<R>) {
    if window.is_minimized().unwrap_or(false) {
        return;
    }
    let (Ok(scale), Ok(pos), Ok(size)) = (
        window.scale_factor(),
        window.outer_position(),
        window.inner_size(),
    ) else {
        return;
    };
    let pos: LogicalPosition<f64> = pos.to_logical(scale);
    let size: LogicalSize<f64> = size.to_logical(scale);
    let placement = Placement {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
    };
    // Failing to remember the window's place must never stop it from closing.
    let _ = write(window.app_handle(), WINDOW, placement);
}
