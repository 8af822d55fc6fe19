//! "Save as…" for the window's exports (support report, box log, fleet): a native dialog, then
//! the write on a blocking thread. `None` when the technician cancels.

use iot_https_core::{ErrorCode, WireError};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The dialog's proposal and what a failed write is called.
pub struct SaveAs<'a> {
    pub file_name: &'a str,
    /// The dialog's filter: its label and the extensions it shows.
    pub filter: (&'a str, &'a [&'a str]),
    pub failed: ErrorCode,
}

pub async fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    what: SaveAs<'_>,
    text: String,
) -> Result<Option<String>, WireError> {
    let chosen = app
        .dialog()
        .file()
        .set_file_name(what.file_name)
        .add_filter(what.filter.0, what.filter.1)
        .blocking_save_file();
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let code = what.failed;
    crate::state::blocking(move || {
        std::fs::write(&path, text).map_err(|e| WireError::new(code, Some(e.to_string())))
    })
    .await?;
    Ok(Some(shown))
}
