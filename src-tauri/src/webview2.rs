//! Windows only: the window needs Microsoft Edge WebView2. Without it Tauri fails deep inside
//! its event loop and the technician sees nothing; so the app asks WebView2's loader first and,
//! when no runtime is installed, says so in a native message box in the user's language (texts:
//! core's catalogue, `startup`), writes the same words to stderr and exits with
//! `EXIT_NO_WEBVIEW2`. `IOT_HTTPS_NO_DIALOG=1` skips the box (tests under wine, which has no
//! WebView2: tests/windows/msi-install.sh).

use iot_https_core::findings::{desktop_language, startup_text};
use webview2_com::Microsoft::Web::WebView2::Win32::GetAvailableCoreWebView2BrowserVersionString;
use windows_core::{PCWSTR, PWSTR};

/// The app's exit status when WebView2 is missing (1 is any other start-up failure).
pub const EXIT_NO_WEBVIEW2: i32 = 3;

/// Returns when a WebView2 runtime is installed; otherwise tells the user and exits.
pub fn require() {
    if installed_version().is_some() {
        return;
    }
    let lang = desktop_language(Some(&user_locale()));
    let title = startup_text("webview2Missing.title", lang);
    let body = startup_text("webview2Missing.body", lang);
    eprintln!("{title}: {body}");
    if std::env::var_os("IOT_HTTPS_NO_DIALOG").is_none() {
        message_box(title, body);
    }
    std::process::exit(EXIT_NO_WEBVIEW2);
}

/// The installed runtime's version, as the loader reports it. Older loaders answer "no
/// runtime" with success and no string, newer ones with an error: both are `None`.
fn installed_version() -> Option<String> {
    let mut version = PWSTR::null();
    // SAFETY: the loader writes a CoTaskMem string (or nothing) into `version`; take_pwstr
    // copies and frees it.
    unsafe { GetAvailableCoreWebView2BrowserVersionString(PCWSTR::null(), &mut version) }.ok()?;
    if version.is_null() {
        return None;
    }
    Some(webview2_com::take_pwstr(version)).filter(|v| !v.is_empty())
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

#[link(name = "user32")]
extern "system" {
    fn MessageBoxW(hwnd: isize, text: *const u16, caption: *const u16, kind: u32) -> i32;
}

#[link(name = "kernel32")]
extern "system" {
    fn GetUserDefaultLocaleName(name: *mut u16, len: i32) -> i32;
}

const MB_OK: u32 = 0;
const MB_ICONERROR: u32 = 0x10;
/// LOCALE_NAME_MAX_LENGTH
const LOCALE_NAME_MAX: usize = 85;

fn message_box(title: &str, body: &str) {
    let (title, body) = (wide(title), wide(body));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe { MessageBoxW(0, body.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) };
}

/// `nl-BE`, `de-DE`, …: the user's locale (empty when Windows does not say).
pub(crate) fn user_locale() -> String {
    let mut buf = [0u16; LOCALE_NAME_MAX];
    // SAFETY: the buffer's length is passed; the call writes at most that many units.
    let len = unsafe { GetUserDefaultLocaleName(buf.as_mut_ptr(), LOCALE_NAME_MAX as i32) };
    let len = usize::try_from(len).unwrap_or(0).saturating_sub(1); // without the NUL
    String::from_utf16_lossy(&buf[..len.min(LOCALE_NAME_MAX)])
}
