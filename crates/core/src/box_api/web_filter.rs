//! odoo.com's answer replaced by a shop's web filter, proxy or TLS inspection
//! (docs/protocol/status-reads.md, "A web filter in front of odoo.com"). The box's code does not
//! verify odoo.com's certificate on urllib3 boxes (`cert_reqs='CERT_NONE'`,
//! `hw_drivers/tools/helpers.py` @a1926979), so whatever answers for www.odoo.com is read:
//! * a block page with an HTTP error: `ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 403\n\nForbidden`
//!   (urllib3), `403 Client Error: Forbidden for url: …` (requests, 18.3+ logs);
//! * a 200 page that is not JSON (a filter's page, or a portal a redirect led to): urllib3
//!   boxes crash with `json.decoder.JSONDecodeError` (status route HTTP 500); requests ≥ 2.27
//!   boxes say `…_LOAD_REQUEST_EXCEPTION\n\nExpecting value: line 1 column 1 (char 0)`.
//!
//! odoo.com's own endpoint answers JSON-RPC (`result` or `error`), so these are not odoo.com.

use serde::Serialize;

use super::certificate::OdooCode;

/// What gave the filter away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum FilterSign {
    /// A block page's status: 403 Forbidden, 407 Proxy Authentication Required,
    /// 451 Unavailable For Legal Reasons, 511 Network Authentication Required.
    BlockStatus { status: u16 },
    /// A page that is not JSON where odoo.com answers JSON-RPC.
    NotJson,
}

/// The statuses a filter or proxy answers with and odoo.com's JSON-RPC endpoint does not.
const BLOCK_STATUSES: [u16; 4] = [403, 407, 451, 511];

/// Python's `json` error on a body that is not JSON (`JSONDecodeError`'s message).
const NOT_JSON: [&str; 2] = ["Expecting value: line 1 column 1", "JSONDecodeError"];

/// Whether Odoo's code and its words show a filter answering for odoo.com.
pub fn filter_sign(code: &OdooCode) -> Option<FilterSign> {
    if let Some(status) = code.http_status.filter(|s| BLOCK_STATUSES.contains(s)) {
        return Some(FilterSign::BlockStatus { status });
    }
    let detail = code.detail.as_deref()?;
    NOT_JSON
        .iter()
        .any(|n| detail.contains(n))
        .then_some(FilterSign::NotJson)
}

/// Whether a status-route traceback is urllib3's `json.loads` failing on odoo.com's answer.
pub fn not_json_traceback(record: &str) -> bool {
    record.contains("JSONDecodeError") && record.contains("load_certificate")
}

#[cfg(test)]
mod tests {
    use super::super::certificate::{interpret, CodeSource};
    use super::super::status::RawCertificate;
    use super::*;
    use crate::box_api::BoxCertificate;

    fn code_of(details: &str) -> OdooCode {
        let raw = RawCertificate::Status {
            ok: false,
            details: details.into(),
        };
        match interpret(&raw, None) {
            BoxCertificate::Failed { odoo_code } => odoo_code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_block_page_and_a_page_that_is_not_json_are_a_filter() {
        let urllib3 = code_of("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 403\n\nForbidden");
        assert_eq!(
            filter_sign(&urllib3),
            Some(FilterSign::BlockStatus { status: 403 })
        );
        let requests = code_of(
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\n403 Client Error: Forbidden for url: https://www.odoo.com/odoo-enterprise/iot/x509",
        );
        assert_eq!(
            filter_sign(&requests),
            Some(FilterSign::BlockStatus { status: 403 })
        );
        let proxy =
            code_of("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 407\n\nProxy Authentication Required");
        assert!(filter_sign(&proxy).is_some());
        let page = code_of(
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nExpecting value: line 1 column 1 (char 0)",
        );
        assert_eq!(filter_sign(&page), Some(FilterSign::NotJson));
    }

    #[test]
    fn odoo_coms_own_answers_and_the_network_failing_are_not_a_filter() {
        for details in [
            "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found",
            "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 503\n\nService Unavailable",
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nHTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ] {
            assert_eq!(filter_sign(&code_of(details)), None, "{details}");
        }
        let from_logs = OdooCode {
            code: "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION".into(),
            http_status: None,
            detail: Some("An error occurred while trying to reach odoo.com | requests.exceptions.JSONDecodeError: Expecting value: line 1 column 1 (char 0)".into()),
            source: CodeSource::InferredFromLogs,
        };
        assert_eq!(filter_sign(&from_logs), Some(FilterSign::NotJson));
    }

    #[test]
    fn the_urllib3_crash_on_a_page_is_recognised() {
        assert!(not_json_traceback(
            "Traceback | File \"x/hw_drivers/tools/helpers.py\", in load_certificate | json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
        ));
        assert!(!not_json_traceback(
            "KeyError: 'result' in load_certificate"
        ));
    }
}
