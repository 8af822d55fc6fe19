//! Scenarios: the box's initial state plus its environment (what odoo.com answers, AP mode,
//! a broken certificate file). Each one names the protocol-doc section it follows.

use std::fmt;
use std::str::FromStr;

use crate::names::{parse_named, UnknownName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    Healthy,
    Unpaired,
    AccessPoint,
    CredentialsMissing,
    NoServer,
    CertReadException,
    LoadRequestException,
    LoadRequestStatus,
    LoadRequestNoResult,
    Placeholder,
    Expired,
    RenewalDue,
    ServerError,
    InvalidCertificate,
    StaleNginx,
    CertFileCorrupt,
    CertFilePermission,
    OdooComErrorCrash,
    WindowsDateBug,
    OdooComDropped,
    OdooComDroppedRequests,
    NginxOtherSubject,
    ForeignCertificate,
    CredentialsUuidOnly,
    WebFilterBlock,
    WebFilterPage,
    DatabaseUnresolvable,
    OdooComResultFalse,
    IotProxyUnreachable,
    NoDefaultRoute,
    PairingAccepted,
    CertFileDamaged,
    OdooComUnresolved,
    TlsInspection,
}

/// Ways the box's own code fails beyond what odoo.com answers (docs/protocol/status-reads.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    /// `nginx-cert.crt` holds garbage: hw_* `crypto.load_certificate` raises (HTTP 500);
    /// 18.3+ catches the ValueError and reports no certificate.
    CorruptFile,
    /// Reading the file raises PermissionError: 18.3+ answers 500; hw_* catches it
    /// (`EnvironmentError`) and shows `…CHECK_CERT_READ_EXCEPTION`.
    PermissionDenied,
    /// Crash as urllib3 `load_certificate` does whatever `--helpers` says: `json.loads(…)['result']`
    /// on odoo.com's JSON-RPC error raises KeyError (HTTP 500). The default urllib3 helpers
    /// crash so without it (`status_crash`).
    EarlyUrllib3,
    /// saas-18.3 on Windows compares an aware notAfter with a naive now: TypeError (HTTP 500)
    /// whenever the box holds a real certificate.
    WindowsDateComparison,
    /// The box runs the requests-based `load_certificate` (saas-18.1/18.2): 5 s timeout.
    RequestsClient,
    /// nginx serves a trusted certificate of another database (`*.<other hash>`).
    OtherSubject,
    /// nginx serves a trusted certificate with no odoo-iot.com name.
    ForeignName,
    /// The paired database's name does not resolve: 19's `check_git_branch()` raises at
    /// start-up and the `Manager` thread dies (`manager_crash`).
    DatabaseUnresolvable,
    /// iot-proxy.odoo.com does not resolve: an unpaired box gets no pairing code and logs
    /// "Could not reach iot-proxy.odoo.com" at every poll (`connection_manager`).
    IotProxyUnreachable,
    /// The box has an address but no default route: 18.3+ `get_ip()` fails (`families::common::get_ip`).
    NoDefaultRoute,
}

/// Which certificate nginx serves when the scenario starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InitialCert {
    /// A real-looking `*.<hash>.odoo-iot.com` leaf, 90 days (§5, field-problems.md §1).
    Valid,
    /// Self-signed `OdooTempIoTBoxCertificate` (§4.4).
    Placeholder,
    /// notAfter already in the past (field-problems.md F7).
    Expired,
    /// notAfter within 10 days: the box treats it as due (§4.1 `end = notAfter - 10 days`).
    RenewalDue,
}

/// How the simulated `POST https://www.odoo.com/odoo-enterprise/iot/x509` behaves (odoo-iot-protocol.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OdooCom {
    /// Issues a certificate when `db_uuid` is present.
    Issue,
    /// Connection fails (firewall, DNS): `ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION` (odoo-iot-protocol.md §4.2).
    Unreachable,
    /// Answers the configured HTTP status: `ERR_IOT_HTTPS_LOAD_REQUEST_STATUS <n>` (§4.2).
    HttpStatus,
    /// `result.error`: refusal (eligibility), `…_NO_RESULT` (§4.2, field-problems.md F2).
    Refuse,
    /// Top-level JSON-RPC `error` (§5 "Server fault").
    ServerError,
    /// Success envelope with empty PEMs (odoo-iot-protocol.md §4.2 last column, §4.3 log strings).
    InvalidCertificate,
    /// A firewall silently drops the packets: every attempt lasts until the box's own
    /// timeout (none on urllib3 boxes: the OS connect timeout, five times).
    Dropped,
    /// A shop's web filter answers for www.odoo.com with its block page: HTTP 403 Forbidden
    /// (docs/protocol/status-reads.md, "A web filter in front of odoo.com").
    FilterBlock,
    /// A web filter (or the portal a redirect leads to) answers 200 with an HTML page: not the
    /// JSON odoo.com sends, so the box's `json.loads` / `response.json()` fails.
    FilterPage,
    /// `{"result": false}`: no certificate and no reason (docs/protocol/restarts.md).
    ResultFalse,
    /// www.odoo.com does not resolve: `[Errno -3] Temporary failure in name resolution`.
    Unresolved,
    /// A filter inspects HTTPS with its own certificate: boxes that verify TLS (requests,
    /// 18.3+) raise `SSLError`; urllib3 boxes (`CERT_NONE`) get odoo.com's answer through it
    /// (`box_cert::call_odoo_com`).
    TlsInspected,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ScenarioSpec {
    pub paired: bool,
    pub credentials: bool,
    pub access_point: bool,
    pub cert: InitialCert,
    /// The box cannot read its certificate file (odoo-iot-protocol.md §4.1 `EnvironmentError`).
    pub cert_unreadable: bool,
    /// nginx still serves an older certificate than the box's file (§4.4: nginx picks up a
    /// new certificate only when it restarts).
    pub stale_nginx: bool,
    pub odoo_com: OdooCom,
    pub fault: Fault,
    /// The database UUID is saved but the contract code is not.
    pub uuid_only: bool,
    /// Pairing through iot-proxy was just accepted: `new_database_url` is set and the box
    /// connects at its next start.
    pub pairing_accepted: bool,
    /// nginx refuses the damaged certificate file: it does not run, so the HTTPS port and
    /// nginx's plain port refuse, and the Pi's `start_nginx_server()` raises at every start.
    pub nginx_fails: bool,
}

impl Scenario {
    pub fn all() -> &'static [Scenario] {
        use Scenario::*;
        &[
            Healthy,
            Unpaired,
            AccessPoint,
            CredentialsMissing,
            NoServer,
            CertReadException,
            LoadRequestException,
            LoadRequestStatus,
            LoadRequestNoResult,
            Placeholder,
            Expired,
            RenewalDue,
            ServerError,
            InvalidCertificate,
            StaleNginx,
            CertFileCorrupt,
            CertFilePermission,
            OdooComErrorCrash,
            WindowsDateBug,
            OdooComDropped,
            OdooComDroppedRequests,
            NginxOtherSubject,
            ForeignCertificate,
            CredentialsUuidOnly,
            WebFilterBlock,
            WebFilterPage,
            DatabaseUnresolvable,
            OdooComResultFalse,
            IotProxyUnreachable,
            NoDefaultRoute,
            PairingAccepted,
            CertFileDamaged,
            OdooComUnresolved,
            TlsInspection,
        ]
    }

    pub fn as_str(self) -> &'static str {
        use Scenario::*;
        match self {
            Healthy => "healthy",
            Unpaired => "unpaired",
            AccessPoint => "access-point",
            CredentialsMissing => "credentials-missing",
            NoServer => "no-server",
            CertReadException => "cert-read-exception",
            LoadRequestException => "load-request-exception",
            LoadRequestStatus => "load-request-status",
            LoadRequestNoResult => "load-request-no-result",
            Placeholder => "placeholder",
            Expired => "expired",
            RenewalDue => "renewal-due",
            ServerError => "server-error",
            InvalidCertificate => "invalid-certificate",
            StaleNginx => "stale-nginx",
            CertFileCorrupt => "cert-file-corrupt",
            CertFilePermission => "cert-file-permission",
            OdooComErrorCrash => "odoo-com-error-crash",
            WindowsDateBug => "windows-date-bug",
            OdooComDropped => "odoo-com-dropped",
            OdooComDroppedRequests => "odoo-com-dropped-requests",
            NginxOtherSubject => "nginx-other-subject",
            ForeignCertificate => "foreign-certificate",
            CredentialsUuidOnly => "credentials-uuid-only",
            WebFilterBlock => "web-filter-block",
            WebFilterPage => "web-filter-page",
            DatabaseUnresolvable => "database-unresolvable",
            OdooComResultFalse => "odoo-com-result-false",
            IotProxyUnreachable => "iot-proxy-unreachable",
            NoDefaultRoute => "no-default-route",
            PairingAccepted => "pairing-accepted",
            CertFileDamaged => "cert-file-damaged",
            OdooComUnresolved => "odoo-com-unresolved",
            TlsInspection => "tls-inspection",
        }
    }

    pub fn description(self) -> &'static str {
        use Scenario::*;
        match self {
            Healthy => "paired, credentials saved, valid *.<hash>.odoo-iot.com certificate served",
            Unpaired => "no server, no credentials, pairing code shown, placeholder certificate",
            AccessPoint => "Wi-Fi access-point mode: ip 10.11.12.1 in the JSON only, no server",
            CredentialsMissing => "paired but db_uuid/enterprise_code missing: ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
            NoServer => "credentials saved but not paired: ERR_IOT_HTTPS_CHECK_NO_SERVER",
            CertReadException => "certificate file unreadable: ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            LoadRequestException => "odoo.com unreachable (firewall): ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
            LoadRequestStatus => "odoo.com answers HTTP --http-status (default 404): ERR_IOT_HTTPS_LOAD_REQUEST_STATUS <n>",
            LoadRequestNoResult => "odoo.com refuses (eligibility, result.error): 16.0/17.0 urllib3 status route crashes (KeyError: 'subject_cn', HTTP 500); requests/free-text/18.3+ report or log the refusal",
            Placeholder => "paired with credentials, still serving the OdooTempIoTBoxCertificate placeholder",
            Expired => "paired with credentials, serving an expired certificate",
            RenewalDue => "paired with credentials, certificate within 10 days of notAfter",
            ServerError => "odoo.com answers a JSON-RPC error: 16.0/17.0 urllib3 status route crashes (KeyError: 'result', HTTP 500); 18.3+: 'Server error received…' log",
            InvalidCertificate => "odoo.com answers empty PEMs (18.3+: 'The certificate received from odoo.com is not valid.')",
            StaleNginx => "the box holds a new certificate but nginx still serves the previous one until Odoo restarts",
            CertFileCorrupt => "nginx-cert.crt is damaged: 16.0–saas-18.2 status route answers HTTP 500; 18.3+ reports no certificate",
            CertFilePermission => "nginx-cert.crt unreadable: 18.3+ data route answers HTTP 500; older boxes show ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            OdooComErrorCrash => "odoo.com answers a JSON-RPC error: early urllib3 boxes crash with KeyError (HTTP 500)",
            WindowsDateBug => "saas-18.3 Windows with a real certificate: TypeError comparing dates, data route HTTP 500",
            OdooComDropped => "a firewall silently drops www.odoo.com: status reads block for minutes (16.0–18.0), 19 retries 6 × 95 s",
            OdooComDroppedRequests => "as odoo-com-dropped, on the requests-based saas-18.1/18.2 code: each attempt gives up after 5 s",
            NginxOtherSubject => "nginx serves a trusted certificate of another database (*.0b5e11aa.odoo-iot.com)",
            ForeignCertificate => "nginx serves a trusted certificate without any odoo-iot.com name",
            CredentialsUuidOnly => "paired, database UUID saved, no contract code: enough for 18.3+ and the uuid-only helpers, NO_CREDENTIAL for urllib3",
            WebFilterBlock => "a web filter answers for www.odoo.com with a 403 block page: ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 403 (requests/18.3+: '403 Client Error: Forbidden')",
            WebFilterPage => "a web filter or portal answers for www.odoo.com with an HTML page: urllib3 boxes crash (JSONDecodeError, HTTP 500), requests boxes say 'Expecting value: line 1 column 1 (char 0)'",
            DatabaseUnresolvable => "paired, but the database's name does not resolve: 19's start-up thread dies in check_git_branch before any certificate attempt",
            OdooComResultFalse => "odoo.com answers {\"result\": false}: 18.3+ start-up thread dies (AttributeError); older boxes show NO_RESULT",
            IotProxyUnreachable => "unpaired, iot-proxy.odoo.com does not resolve: no pairing code, 'Could not reach iot-proxy.odoo.com' every 15 s (19)",
            NoDefaultRoute => "an address but no default gateway: 18.3+ report ip null, log 'Could not get local IP address' and skip the certificate",
            PairingAccepted => "pairing through iot-proxy just accepted: new_database_url set, server_status still empty until the next restart",
            CertFileDamaged => "nginx-cert.crt is empty or damaged and nginx cannot start: 443 and 80 refused, the start-up thread dies (Pi), 18.3+ log 'Unable to read certificate file.' at every read, 16.0–saas-18.2 status route HTTP 500",
            OdooComUnresolved => "www.odoo.com does not resolve (the box's DNS, a DNS filter): ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION with '[Errno -3] Temporary failure in name resolution'",
            TlsInspection => "a filter inspects HTTPS to www.odoo.com with its own certificate: urllib3 boxes (CERT_NONE) get their certificate through it; requests/18.3+ boxes fail with SSLError 'certificate verify failed'",
        }
    }

    pub fn doc_section(self) -> &'static str {
        use Scenario::*;
        match self {
            Healthy => "§4.1, §4.3, §5",
            Unpaired => "§7.1, §9.4",
            AccessPoint => "§9.3",
            CredentialsMissing => "§4.2, §7.2",
            NoServer => "§4.1, §4.2",
            CertReadException => "§4.1, §4.2",
            LoadRequestException => "§4.2, §4.3",
            LoadRequestStatus => "§4.2, §4.3",
            LoadRequestNoResult => "§4.2, §4.3",
            Placeholder => "§4.1, §4.4",
            Expired => "§4.1, §4.3",
            RenewalDue => "§4.1, §4.3",
            ServerError => "§4.2, §4.3, §5",
            InvalidCertificate => "§4.2, §4.3",
            StaleNginx => "§4.4",
            CertFileCorrupt | CertFilePermission | OdooComErrorCrash | WindowsDateBug => {
                "§4.1, §4.3, docs/protocol/status-reads.md"
            }
            OdooComDropped | OdooComDroppedRequests => {
                "§4.2, docs/protocol/status-reads.md, docs/protocol/restarts.md"
            }
            NginxOtherSubject | ForeignCertificate => "§6",
            CredentialsUuidOnly => "§4.2, §4.3; docs/protocol/credentials.md",
            WebFilterBlock | WebFilterPage => "§4.2, docs/protocol/status-reads.md",
            DatabaseUnresolvable | OdooComResultFalse => "§4.3; docs/protocol/restarts.md",
            IotProxyUnreachable => "§7.1; docs/protocol/pairing.md",
            NoDefaultRoute => "§4.3, §6; docs/protocol/status-reads.md",
            PairingAccepted => "§7.1; docs/protocol/pairing.md",
            CertFileDamaged => "§4.1, §4.3; docs/protocol/status-reads.md",
            OdooComUnresolved | TlsInspection => {
                "§4.2, §4.3; docs/protocol/certificate-states.md (why the request failed)"
            }
        }
    }

    pub(crate) fn spec(self) -> ScenarioSpec {
        use Scenario::*;
        // Most failure scenarios are "paired, credentials saved, placeholder served, odoo.com
        // misbehaves": the box would fix itself if odoo.com behaved (odoo-iot-protocol.md §4.1 step 2, §4.3).
        let failing = |odoo_com| ScenarioSpec {
            paired: true,
            credentials: true,
            access_point: false,
            cert: InitialCert::Placeholder,
            cert_unreadable: false,
            stale_nginx: false,
            odoo_com,
            fault: Fault::None,
            uuid_only: false,
            pairing_accepted: false,
            nginx_fails: false,
        };
        let healthy = failing(OdooCom::Issue);
        match self {
            Healthy => ScenarioSpec {
                cert: InitialCert::Valid,
                ..healthy
            },
            Unpaired => ScenarioSpec {
                paired: false,
                credentials: false,
                ..healthy
            },
            AccessPoint => ScenarioSpec {
                paired: false,
                credentials: false,
                access_point: true,
                ..healthy
            },
            CredentialsMissing => ScenarioSpec {
                credentials: false,
                ..healthy
            },
            NoServer => ScenarioSpec {
                paired: false,
                ..healthy
            },
            // Odoo cannot read the file; nginx (root) still serves it [sim choice: doc is silent].
            CertReadException => ScenarioSpec {
                cert: InitialCert::Valid,
                cert_unreadable: true,
                ..healthy
            },
            LoadRequestException => failing(OdooCom::Unreachable),
            LoadRequestStatus => failing(OdooCom::HttpStatus),
            LoadRequestNoResult => failing(OdooCom::Refuse),
            Placeholder => healthy,
            Expired => ScenarioSpec {
                cert: InitialCert::Expired,
                ..healthy
            },
            RenewalDue => ScenarioSpec {
                cert: InitialCert::RenewalDue,
                ..healthy
            },
            ServerError => failing(OdooCom::ServerError),
            InvalidCertificate => failing(OdooCom::InvalidCertificate),
            StaleNginx => ScenarioSpec {
                cert: InitialCert::Valid,
                stale_nginx: true,
                ..healthy
            },
            CertFileCorrupt => ScenarioSpec {
                cert: InitialCert::Valid,
                fault: Fault::CorruptFile,
                ..healthy
            },
            CertFilePermission => ScenarioSpec {
                cert: InitialCert::Valid,
                cert_unreadable: true,
                fault: Fault::PermissionDenied,
                ..healthy
            },
            OdooComErrorCrash => ScenarioSpec {
                fault: Fault::EarlyUrllib3,
                ..failing(OdooCom::ServerError)
            },
            WindowsDateBug => ScenarioSpec {
                cert: InitialCert::Valid,
                fault: Fault::WindowsDateComparison,
                ..healthy
            },
            OdooComDropped => failing(OdooCom::Dropped),
            OdooComDroppedRequests => ScenarioSpec {
                fault: Fault::RequestsClient,
                ..failing(OdooCom::Dropped)
            },
            NginxOtherSubject => ScenarioSpec {
                cert: InitialCert::Valid,
                fault: Fault::OtherSubject,
                ..healthy
            },
            ForeignCertificate => ScenarioSpec {
                cert: InitialCert::Valid,
                fault: Fault::ForeignName,
                ..healthy
            },
            CredentialsUuidOnly => ScenarioSpec {
                uuid_only: true,
                ..healthy
            },
            WebFilterBlock => failing(OdooCom::FilterBlock),
            WebFilterPage => failing(OdooCom::FilterPage),
            DatabaseUnresolvable => ScenarioSpec {
                fault: Fault::DatabaseUnresolvable,
                ..healthy
            },
            OdooComResultFalse => failing(OdooCom::ResultFalse),
            OdooComUnresolved => failing(OdooCom::Unresolved),
            TlsInspection => failing(OdooCom::TlsInspected),
            IotProxyUnreachable => ScenarioSpec {
                paired: false,
                credentials: false,
                fault: Fault::IotProxyUnreachable,
                ..healthy
            },
            NoDefaultRoute => ScenarioSpec {
                fault: Fault::NoDefaultRoute,
                ..failing(OdooCom::Unreachable)
            },
            PairingAccepted => ScenarioSpec {
                paired: false,
                credentials: false,
                pairing_accepted: true,
                ..healthy
            },
            CertFileDamaged => ScenarioSpec {
                cert: InitialCert::Valid,
                fault: Fault::CorruptFile,
                nginx_fails: true,
                ..healthy
            },
        }
    }
}

impl FromStr for Scenario {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_named("scenario", s, Scenario::all(), Scenario::as_str)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
