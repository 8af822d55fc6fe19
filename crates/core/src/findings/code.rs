//! Finding codes as a type: the window's TypeScript gets the same union (ts-rs), so a code the
//! UI does not handle fails its type check, and `catalogue/<lang>.json` must have exactly these
//! keys (tested). The serialised form is the code itself, e.g. `"CERT_VALID"`.
//!
//! Adding a code: one line in the `string_enum!` below, one entry in `CATALOGUE` (severity,
//! actions), its texts in every `catalogue/<lang>.json`, then
//! `UPDATE_BINDINGS=1 cargo test -p iot-https-core --features ts bindings`.
//! A code is a public contract (translations, flows and scripts key on it): add, never rename.

use std::fmt;
use std::str::FromStr;

string_enum! {
    pub enum FindingCode, text: as_str {
        ErrIotHttpsCheckNoServer = "ERR_IOT_HTTPS_CHECK_NO_SERVER",
        ErrIotHttpsCheckCertReadException = "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
        ErrIotHttpsLoadNoCredential = "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
        ErrIotHttpsLoadRequestException = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
        ErrIotHttpsLoadRequestStatus = "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
        ErrIotHttpsLoadRequestNoResult = "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        BoxUnreachable = "BOX_UNREACHABLE",
        BoxNotOdoo = "BOX_NOT_ODOO",
        BoxIotModuleMissing = "BOX_IOT_MODULE_MISSING",
        BoxStatusError = "BOX_STATUS_ERROR",
        BoxStatusSlow = "BOX_STATUS_SLOW",
        BoxAccessPointMode = "BOX_ACCESS_POINT_MODE",
        BoxMacMismatch = "BOX_MAC_MISMATCH",
        BoxNoCertificateNoCode = "BOX_NO_CERTIFICATE_NO_CODE",
        IotServiceStopped = "IOT_SERVICE_STOPPED",
        IotServiceStoppedDatabase = "IOT_SERVICE_STOPPED_DATABASE",
        IotServiceStoppedOdooCom = "IOT_SERVICE_STOPPED_ODOO_COM",
        BoxNoDefaultRoute = "BOX_NO_DEFAULT_ROUTE",
        PairingInProgress = "PAIRING_IN_PROGRESS",
        CertFileDamaged = "CERT_FILE_DAMAGED",
        CertValid = "CERT_VALID",
        CertNameUnconfirmed = "CERT_NAME_UNCONFIRMED",
        CertTemporary = "CERT_TEMPORARY",
        CertExpired = "CERT_EXPIRED",
        CertNotYetValid = "CERT_NOT_YET_VALID",
        CertRenewalDue = "CERT_RENEWAL_DUE",
        CertNameMismatch = "CERT_NAME_MISMATCH",
        CertUntrusted = "CERT_UNTRUSTED",
        CertServedDiffersFromBox = "CERT_SERVED_DIFFERS_FROM_BOX",
        HttpsPortClosed = "HTTPS_PORT_CLOSED",
        DnsRebindFiltered = "DNS_REBIND_FILTERED",
        DnsWrongAddress = "DNS_WRONG_ADDRESS",
        DnsUnresolvable = "DNS_UNRESOLVABLE",
        DnsSystemResolverUnavailable = "DNS_SYSTEM_RESOLVER_UNAVAILABLE",
        DnsInconclusive = "DNS_INCONCLUSIVE",
        DnsOk = "DNS_OK",
        ClockSkew = "CLOCK_SKEW",
        OdooComUnreachable = "ODOO_COM_UNREACHABLE",
        OdooComFiltered = "ODOO_COM_FILTERED",
        PairingCodeExpired = "PAIRING_CODE_EXPIRED",
        DeviceOk = "DEVICE_OK",
        DeviceLnaBlocked = "DEVICE_LNA_BLOCKED",
        DeviceLnaPrompt = "DEVICE_LNA_PROMPT",
        DeviceNameUnresolved = "DEVICE_NAME_UNRESOLVED",
        DeviceCertUntrusted = "DEVICE_CERT_UNTRUSTED",
        DeviceBoxUnreachable = "DEVICE_BOX_UNREACHABLE",
        DeviceHttpOnly = "DEVICE_HTTP_ONLY",
        DeviceNoLnaPath = "DEVICE_NO_LNA_PATH",
        CheckPageUnreached = "CHECK_PAGE_UNREACHED",
        TerminalPortClosed = "TERMINAL_PORT_CLOSED",
        BoxAddressNotReserved = "BOX_ADDRESS_NOT_RESERVED",
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
        FleetRenewalOverdue = "FLEET_RENEWAL_OVERDUE",
        FleetCertificateExpired = "FLEET_CERTIFICATE_EXPIRED",
        FleetNoCertificate = "FLEET_NO_CERTIFICATE",
        FleetBoxStoppedReporting = "FLEET_BOX_STOPPED_REPORTING",
        FleetDatabaseStoppedAnswering = "FLEET_DATABASE_STOPPED_ANSWERING",
    }
}

impl FindingCode {
    /// Odoo's six codes, used verbatim (odoo-iot-protocol.md §4.2).
    pub const ODOO: [FindingCode; 6] = [
        Self::ErrIotHttpsCheckNoServer,
        Self::ErrIotHttpsCheckCertReadException,
        Self::ErrIotHttpsLoadNoCredential,
        Self::ErrIotHttpsLoadRequestException,
        Self::ErrIotHttpsLoadRequestStatus,
        Self::ErrIotHttpsLoadRequestNoResult,
    ];
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FindingCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown finding code \"{s}\""))
    }
}

impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_the_code_itself_and_parses_back() {
        for code in FindingCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<FindingCode>(&json).unwrap(), *code);
            assert_eq!(code.as_str().parse::<FindingCode>().unwrap(), *code);
        }
        assert!("NOT_A_CODE".parse::<FindingCode>().is_err());
    }
}
