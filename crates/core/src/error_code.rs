//! Error codes as a type: every `WireError` carries one, the window's TypeScript gets the same
//! union (ts-rs), and the serialised form is the code itself (`"BOX_UNREACHABLE"`), so scripts
//! matching on `--json` output keep working. A code is a public contract: add, never rename.
//! Adding one: a line in `string_enum! { pub enum ErrorCode … }` below, then
//! `UPDATE_BINDINGS=1 cargo test -p iot-https-core --features ts bindings`.

use std::fmt;

string_enum! {
    pub enum ErrorCode, text: as_str {
        InputInvalidAddress = "INPUT_INVALID_ADDRESS",
        InputInvalidDbUuid = "INPUT_INVALID_DB_UUID",
        InputInvalidContractCode = "INPUT_INVALID_CONTRACT_CODE",
        InputInvalidPairingToken = "INPUT_INVALID_PAIRING_TOKEN",
        InputInvalidArgument = "INPUT_INVALID_ARGUMENT",
        /// A box time limit outside `input::BOX_TIMEOUT_RANGE_S` (5–1800 s).
        InputInvalidBoxTimeout = "INPUT_INVALID_BOX_TIMEOUT",
        NetPolicyRefused = "NET_POLICY_REFUSED",
        NameLookupFailed = "NAME_LOOKUP_FAILED",
        BoxUnreachable = "BOX_UNREACHABLE",
        BoxConnectionLost = "BOX_CONNECTION_LOST",
        BoxTimeout = "BOX_TIMEOUT",
        BoxBodyTooLarge = "BOX_BODY_TOO_LARGE",
        BoxHttpStatus = "BOX_HTTP_STATUS",
        BoxMalformedResponse = "BOX_MALFORMED_RESPONSE",
        BoxRefused = "BOX_REFUSED",
        BoxActionUnsupported = "BOX_ACTION_UNSUPPORTED",
        BoxNotOdoo = "BOX_NOT_ODOO",
        TlsUnreachable = "TLS_UNREACHABLE",
        TlsHandshakeFailed = "TLS_HANDSHAKE_FAILED",
        SitesStoreFailed = "SITES_STORE_FAILED",
        KeyringUnavailable = "KEYRING_UNAVAILABLE",
        /// The stored code chosen belongs to another box (the technician has not confirmed it).
        StoredCodeOtherBox = "STORED_CODE_OTHER_BOX",
        /// The stored code chosen was stored for another database (not chosen explicitly).
        StoredCodeOtherDatabase = "STORED_CODE_OTHER_DATABASE",
        /// Another network card answers at the box's address: no secret is sent to it.
        BoxMacMismatch = "BOX_MAC_MISMATCH",
        StoredCodeMissing = "STORED_CODE_MISSING",
        /// The box gives no identifier or MAC to key a stored code on.
        StoredCodeNoIdentity = "STORED_CODE_NO_IDENTITY",
        DemoBoxFailed = "DEMO_BOX_FAILED",
        ReportNoDiagnosis = "REPORT_NO_DIAGNOSIS",
        ReportSaveFailed = "REPORT_SAVE_FAILED",
        ClipboardFailed = "CLIPBOARD_FAILED",
        OpenFailed = "OPEN_FAILED",
        PreferencesSaveFailed = "PREFERENCES_SAVE_FAILED",
        LogsSaveFailed = "LOGS_SAVE_FAILED",
        // Reading an Odoo database (the fleet); each has a catalogue finding of the same code.
        OdooUrlInvalid = "ODOO_URL_INVALID",
        OdooUrlNotHttps = "ODOO_URL_NOT_HTTPS",
        OdooApiKeyMissing = "ODOO_API_KEY_MISSING",
        OdooUnreachable = "ODOO_UNREACHABLE",
        OdooRedirected = "ODOO_REDIRECTED",
        OdooNotOdoo = "ODOO_NOT_ODOO",
        OdooAuthFailed = "ODOO_AUTH_FAILED",
        OdooDatabaseNotFound = "ODOO_DATABASE_NOT_FOUND",
        OdooIotAccessDenied = "ODOO_IOT_ACCESS_DENIED",
        OdooNoIotApp = "ODOO_NO_IOT_APP",
        OdooJsonrpcDeprecated = "ODOO_JSONRPC_DEPRECATED",
        OdooBadAnswer = "ODOO_BAD_ANSWER",
        /// The fleet's settings file could not be read or saved.
        FleetStoreFailed = "FLEET_STORE_FAILED",
        /// An export asked for before the fleet was checked.
        FleetNotChecked = "FLEET_NOT_CHECKED",
        FleetExportFailed = "FLEET_EXPORT_FAILED",
        /// A fleet check with neither a database nor a saved site to check.
        FleetNothingToCheck = "FLEET_NOTHING_TO_CHECK",
        /// A background task of the app failed (a defect, not the box).
        Internal = "INTERNAL",
        /// The window's own code for a failure that did not arrive in this shape.
        UiUnexpected = "UI_UNEXPECTED",
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_the_code_itself() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *code);
        }
    }
}
