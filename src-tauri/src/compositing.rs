//! Linux: WebKitGTK draws the window without accelerated compositing, unless the user's
//! environment says otherwise. The window is a form; compositing's GL context and tile painter
//! cost about 100 MiB in the page's process (bench/README.md "Where the memory and the time
//! went"), and a compositing failure is the usual cause of a blank Tauri window on Linux
//! (tauri-apps/tauri#5143, #15936). `WEBKIT_DISABLE_COMPOSITING_MODE=0` turns it back on.

use std::ffi::OsStr;

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
