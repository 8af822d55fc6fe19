//! Support reports (the window's Report step, `iot-https report`): Markdown, JSON or HTML in a
//! catalogue language, of the wizard's latest diagnosis (kept by the session, so the window
//! cannot alter evidence; a fleet check never replaces it) or of one just made, with the device
//! check's latest result per device, scrubbed of every contract code this session knows and
//! every code remembered for a saved site (core's `report::render_in` and `secret::scrub`).

use iot_https_core::diagnose::{DiagnoseOptions, Diagnosis};
use iot_https_core::report::{render_in, ReportFormat};
use iot_https_core::secret::Secret;
use iot_https_core::sites::codes;
use iot_https_core::{ErrorCode, WireError};

use crate::boxes::diagnose_box;
use crate::errors::blocking;
use crate::session::Session;

/// Every code this session knows and every code remembered for a saved site (the keyring read
/// on a blocking thread), so a report can never carry one.
async fn known_secrets(session: &Session) -> Vec<Secret> {
    let (store, vault) = (session.sites.clone(), session.vault());
    let mut secrets = session.session_codes.all();
    if let Ok(stored) = blocking(move || Ok(codes::stored_codes(&store, &vault))).await {
        secrets.extend(stored);
    }
    secrets
}

/// The report of `diagnosis` in `language` (English when `None` or not a catalogue language).
pub async fn render(
    session: &Session,
    diagnosis: &Diagnosis,
    format: ReportFormat,
    language: Option<&str>,
) -> String {
    let secrets = known_secrets(session).await;
    let devices = session
        .device_results
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .devices()
        .to_vec();
    render_in(
        diagnosis,
        &devices,
        format,
        &secrets.iter().collect::<Vec<_>>(),
        language.unwrap_or("en"),
    )
}

/// The report of the wizard's latest diagnosis; `REPORT_NO_DIAGNOSIS` before the first one.
pub async fn latest(
    session: &Session,
    format: ReportFormat,
    language: Option<&str>,
) -> Result<String, WireError> {
    let diagnosis = session
        .last_diagnosis
        .lock()
        .await
        .clone()
        .ok_or_else(|| WireError::new(ErrorCode::ReportNoDiagnosis, None))?;
    Ok(render(session, &diagnosis, format, language).await)
}

/// Diagnoses the box at `address` once (recorded nowhere) and returns the diagnosis with its
/// report (`iot-https report`).
pub async fn of_box(
    session: &Session,
    address: &str,
    opts: &DiagnoseOptions,
    format: ReportFormat,
    language: Option<&str>,
) -> Result<(Diagnosis, String), WireError> {
    let diagnosis = diagnose_box(session, address, opts, false).await?;
    let text = render(session, &diagnosis, format, language).await;
    Ok((diagnosis, text))
}
