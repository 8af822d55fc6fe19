//! Why the box's request to www.odoo.com failed, read from the exception text it reports after
//! `ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION` (16.0 – saas-18.2) or logs with "An error occurred
//! while trying to reach odoo.com" (18.3+). Odoo passes the `urllib3`/`requests` exception
//! through as text (`"…\n\n%s" % e`, `hw_drivers/tools/helpers.py` @a1926979 and @02ece93a;
//! `_logger.exception` in `iot_drivers/tools/certificate.py` @371fe6a0), so the text names the
//! failing layer: name resolution, the TCP connection (refused or timed out), TLS verification
//! (only the `requests` boxes verify: the urllib3 ones use `CERT_NONE`), or a proxy.
//! docs/protocol/certificate-states.md "Why the request failed".
//!
//! Odoo's HTTP errors (`503 Server Error`) and a page that is not JSON are read elsewhere
//! (`certificate::status_behind_exception`, `web_filter`); an unknown text is `None`, and the
//! finding keeps its generic steps.

/// The failing layer of the box's request to www.odoo.com.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFailure {
    /// www.odoo.com did not resolve: the box's DNS, or a DNS filter.
    NameResolution,
    /// The connection was refused: a rejecting firewall rule.
    Refused,
    /// The connection timed out: a dropping firewall, or no Internet access.
    TimedOut,
    /// The certificate the box got did not verify: a filter inspecting HTTPS.
    TlsVerification,
    /// A proxy the box's request went through failed.
    Proxy,
}

/// Words each layer's exceptions print, from urllib3 1.26/2.x and requests on Linux and
/// Windows. Checked in this order: a proxy error wraps the others ("Caused by ProxyError(…
/// NewConnectionError…)"), and a TLS error can mention a timeout ("_ssl.c … timed out").
const SIGNS: &[(RequestFailure, &[&str])] = &[
    (
        RequestFailure::Proxy,
        &[
            "ProxyError",
            "Unable to connect to proxy",
            "Tunnel connection failed",
        ],
    ),
    (
        RequestFailure::TlsVerification,
        &[
            "SSLError",
            "CERTIFICATE_VERIFY_FAILED",
            "certificate verify failed",
            "SSLCertVerificationError",
        ],
    ),
    (
        RequestFailure::NameResolution,
        &[
            "NameResolutionError",
            "Failed to resolve",
            "Temporary failure in name resolution",
            "Name or service not known",
            "No address associated with hostname",
            "getaddrinfo failed",
            "[Errno -2]",
            "[Errno -3]",
            "[Errno 11001]",
        ],
    ),
    (
        RequestFailure::Refused,
        &[
            "Connection refused",
            "[Errno 111]",
            "actively refused",
            "[WinError 10061]",
        ],
    ),
    (
        RequestFailure::TimedOut,
        &[
            "ConnectTimeoutError",
            "ConnectTimeout",
            "ReadTimeoutError",
            "timed out",
            "[Errno 110]",
            "[WinError 10060]",
        ],
    ),
];

/// The failing layer the exception text names, if any.
pub fn request_failure(exception_text: &str) -> Option<RequestFailure> {
    SIGNS.iter().find_map(|(failure, signs)| {
        signs
            .iter()
            .any(|s| exception_text.contains(s))
            .then_some(*failure)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJECT: &str = "<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e80>";

    fn pool(caused_by: &str) -> String {
        format!(
            "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
             /odoo-enterprise/iot/x509 (Caused by {caused_by})"
        )
    }

    #[test]
    fn each_layer_is_named_by_the_exception_text() {
        let cases = [
            // urllib3 1.26 (16.0 – 18.0 Pi images) and 2.x (Trixie images).
            (
                pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno -3] Temporary failure in name resolution'))")),
                RequestFailure::NameResolution,
            ),
            (
                pool(&format!("NameResolutionError(\"{OBJECT}: Failed to resolve 'www.odoo.com' ([Errno -2] Name or service not known)\"))")),
                RequestFailure::NameResolution,
            ),
            // Windows.
            (
                pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno 11001] getaddrinfo failed'))")),
                RequestFailure::NameResolution,
            ),
            (
                pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno 111] Connection refused'))")),
                RequestFailure::Refused,
            ),
            (
                pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [WinError 10061] No connection could be made because the target machine actively refused it'))")),
                RequestFailure::Refused,
            ),
            (
                pool(&format!("ConnectTimeoutError({OBJECT}, 'Connection to www.odoo.com timed out. (connect timeout=5)'))")),
                RequestFailure::TimedOut,
            ),
            (
                pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno 110] Connection timed out'))")),
                RequestFailure::TimedOut,
            ),
            (
                pool("SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1007)')))"),
                RequestFailure::TlsVerification,
            ),
            (
                pool(&format!("ProxyError('Unable to connect to proxy', NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno 111] Connection refused')))")),
                RequestFailure::Proxy,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(request_failure(&text), Some(want), "{text}");
        }
    }

    #[test]
    fn texts_that_name_no_layer_stay_unknown() {
        for text in [
            "",
            "ERR_SSL_CERT_DOWNLOAD",
            "simulated issuance failed: x",
            // No route: BOX_NO_DEFAULT_ROUTE's own finding says so.
            &pool(&format!("NewConnectionError('{OBJECT}: Failed to establish a new network connection: [Errno 101] Network is unreachable'))")),
        ] {
            assert_eq!(request_failure(text), None, "{text}");
        }
    }
}
