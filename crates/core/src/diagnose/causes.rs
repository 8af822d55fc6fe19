//! Which of a finding's causes the box's own words name (issue 19 item 10), so the finding
//! shows that cause's steps only (`findings::cause`): the layer of a failed request to
//! odoo.com, odoo.com's HTTP status, the filter's sign, an unreachable iot-proxy in the log.
//! A finding whose cause these words do not settle keeps its generic list.

use crate::box_api::log_facts::LogFacts;
use crate::box_api::request_failure::{request_failure, RequestFailure};
use crate::box_api::web_filter::FilterSign;
use crate::box_api::OdooCode;
use crate::findings::{FindingCode as C, StepsCause as S};

/// The cause of the finding `code` made from the box's `odoo_code`, where its words name one.
pub fn of_odoo_code(
    code: C,
    odoo_code: &OdooCode,
    sign: Option<FilterSign>,
    facts: &LogFacts,
) -> Option<S> {
    match code {
        C::ErrIotHttpsLoadRequestException => odoo_code
            .detail
            .as_deref()
            .and_then(request_failure)
            .map(of_failure),
        C::ErrIotHttpsLoadRequestStatus => match odoo_code.http_status? {
            500..=599 => Some(S::OdooComDown),
            400..=499 => Some(S::OdooComAnswered),
            _ => None,
        },
        // A proxy asking for a login (407) keeps the whole list: its step is the one to read.
        C::OdooComFiltered => match sign? {
            FilterSign::BlockStatus { status: 407 } => None,
            _ => Some(S::WebFilter),
        },
        C::ErrIotHttpsCheckNoServer => not_paired(facts),
        _ => None,
    }
}

/// An unpaired box whose log says iot-proxy.odoo.com is out of reach: no pairing code can come.
pub fn not_paired(facts: &LogFacts) -> Option<S> {
    facts
        .iot_proxy_unreachable
        .is_some()
        .then_some(S::IotProxyUnreachable)
}

/// Which of `…_LOAD_REQUEST_EXCEPTION`'s causes the box's exception text named.
fn of_failure(failure: RequestFailure) -> S {
    match failure {
        RequestFailure::NameResolution => S::NameResolution,
        RequestFailure::Refused => S::ConnectionRefused,
        RequestFailure::TimedOut => S::ConnectionTimedOut,
        RequestFailure::TlsVerification => S::TlsInspection,
        RequestFailure::Proxy => S::Proxy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::box_api::CodeSource;

    fn code(name: &str, http_status: Option<u16>, detail: Option<&str>) -> OdooCode {
        OdooCode {
            code: name.into(),
            http_status,
            detail: detail.map(str::to_owned),
            source: CodeSource::ReportedByBox,
        }
    }

    #[test]
    fn odoo_com_s_status_tells_down_from_refusing() {
        let none = LogFacts::default();
        let status = |s| code("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS", Some(s), Some("x"));
        let of = |s| of_odoo_code(C::ErrIotHttpsLoadRequestStatus, &status(s), None, &none);
        assert_eq!(of(503), Some(S::OdooComDown));
        assert_eq!(of(404), Some(S::OdooComAnswered));
        let no_status = code("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS", None, None);
        assert_eq!(
            of_odoo_code(C::ErrIotHttpsLoadRequestStatus, &no_status, None, &none),
            None
        );
    }

    #[test]
    fn a_filter_keeps_the_proxy_login_step_only_for_a_407() {
        let none = LogFacts::default();
        let c = code("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS", Some(403), None);
        let of = |sign| of_odoo_code(C::OdooComFiltered, &c, Some(sign), &none);
        assert_eq!(
            of(FilterSign::BlockStatus { status: 403 }),
            Some(S::WebFilter)
        );
        assert_eq!(of(FilterSign::NotJson), Some(S::WebFilter));
        assert_eq!(of(FilterSign::BlockStatus { status: 407 }), None);
    }

    #[test]
    fn an_unreachable_iot_proxy_is_the_cause_of_no_pairing() {
        let c = code("ERR_IOT_HTTPS_CHECK_NO_SERVER", None, None);
        let mut facts = LogFacts::default();
        assert_eq!(
            of_odoo_code(C::ErrIotHttpsCheckNoServer, &c, None, &facts),
            None
        );
        facts.iot_proxy_unreachable = Some("Failed to resolve 'iot-proxy.odoo.com'".into());
        assert_eq!(
            of_odoo_code(C::ErrIotHttpsCheckNoServer, &c, None, &facts),
            Some(S::IotProxyUnreachable)
        );
    }
}
