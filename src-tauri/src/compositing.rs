//! Linux: WebKitGTK draws the window without accelerated compositing, unless the user's
//! environment says otherwise, and the window appears once its page starts loading. The window is a form; compositing's GL context and tile painter
//! cost about 100 MiB in the page's process (bench/README.md "Where the memory and the time
//! went"), and a compositing failure is the usual cause of a blank Tauri window on Linux
//! (tauri-apps/tauri#5143, #15936). `WEBKIT_DISABLE_COMPOSITING_MODE=0` turns it back on.

use std::ffi::OsStr;
use std::time::Duration;

use tauri::{Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

/// WebKitGTK's switch, read by the page's process, which inherits the app's environment.
pub const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// The value to set, given the environment's: none when the user has set one.
pub fn value_to_set(current: Option<&OsStr>) -> Option<&'static str> {
    current.is_none().then_some("1")
}

/// Call first in `run`, before any thread starts and before GTK does.
pub fn prefer_non_composited() {
    if let Some(value) = value_to_set(std::env::var_os(SWITCH).as_deref()) {
        std::env::set_var(SWITCH, value);
    }
}

/// Without compositing, a window drawn before its page's process has finished launching holds
/// WebKitGTK's UI thread for 500 ms: it waits for that process's first backing-store update,
/// which cannot come before the launch is handled on that same thread
/// (`DrawingAreaProxyCoordinatedGraphics`, `didUpdateBackingStoreStateTimeout`). Shown at once,
/// about one launch in four started half a second late, the hello-world too (bench/README.md).
/// So the window appears when its page starts loading, when that process is running.
pub fn show_once_loading<'a, R: Runtime, M: Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
) -> WebviewWindowBuilder<'a, R, M> {
    builder.visible(false).on_page_load(|window, _| {
        let _ = window.show();
    })
}

/// Whatever happens to the page, the window is on screen after this long.
pub const SHOW_ANYWAY_AFTER: Duration = Duration::from_secs(2);

pub fn show_anyway_later<R: Runtime>(window: &WebviewWindow<R>) {
    let window = window.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_ANYWAY_AFTER).await;
        let _ = window.show();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_off_unless_the_environment_chose() {
        assert_eq!(value_to_set(None), Some("1"));
        assert_eq!(
            value_to_set(Some(OsStr::new("0"))),
            None,
            "the user's 0 stays"
        );
        assert_eq!(value_to_set(Some(OsStr::new("1"))), None);
    }
}
