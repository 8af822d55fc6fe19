//! What every screen asks of a list of findings, answered once: which ones need action (a box,
//! a site or a fleet row "needs action" when one of its findings does) and in which order they
//! are shown. The window, the CLI, the reports and the saved sites read these; none decides again.

use std::cmp::Reverse;

use super::{Finding, Severity};

impl Severity {
    /// The one needs-action rule: a warning or an error asks the technician to do something;
    /// `info` and `ok` only tell.
    pub fn needs_action(self) -> bool {
        self >= Severity::Warning
    }
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The same finding at another severity (a device check's context can soften or harden
    /// the catalogue's), its needs-action answer with it.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self.needs_action = severity.needs_action();
        self
    }

    /// Whether this finding asks for something to be done ([`Severity::needs_action`]).
    pub fn needs_action(&self) -> bool {
        self.needs_action
    }
}

/// The one order of findings: most severe first; within a severity the order the diagnosis
/// concluded them in (a cause before what it causes), which a stable sort keeps.
pub fn put_in_order(findings: &mut [Finding]) {
    findings.sort_by_key(|f| Reverse(f.severity));
}

/// The findings that need action, in the order they are listed.
pub fn needing_action(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.needs_action())
}

/// Whether anything in `findings` needs action: the verdict of a box, site or device.
pub fn any_needs_action(findings: &[Finding]) -> bool {
    needing_action(findings).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{FindingCode as C, Source};

    fn finding(code: C, severity: Severity) -> Finding {
        Finding::new(code, Source::Laptop, vec![]).with_severity(severity)
    }

    #[test]
    fn warnings_and_errors_need_action_info_and_ok_do_not() {
        assert!(Severity::Error.needs_action());
        assert!(Severity::Warning.needs_action());
        assert!(!Severity::Info.needs_action());
        assert!(!Severity::Ok.needs_action());
        let fine = [
            finding(C::CertValid, Severity::Ok),
            finding(C::DnsOk, Severity::Info),
        ];
        assert!(!any_needs_action(&fine));
        let one = [fine[0].clone(), finding(C::ClockSkew, Severity::Warning)];
        assert!(any_needs_action(&one));
        assert_eq!(
            needing_action(&one).map(|f| f.code).collect::<Vec<_>>(),
            [C::ClockSkew]
        );
    }

    #[test]
    fn findings_are_ordered_by_severity_then_as_concluded() {
        let mut list = vec![
            finding(C::DnsOk, Severity::Info),
            finding(C::ClockSkew, Severity::Warning),
            finding(C::CertValid, Severity::Ok),
            finding(C::CertExpired, Severity::Error),
            finding(C::DnsRebindFiltered, Severity::Warning),
            finding(C::CertNameMismatch, Severity::Error),
        ];
        put_in_order(&mut list);
        assert_eq!(
            list.iter().map(|f| f.code).collect::<Vec<_>>(),
            [
                C::CertExpired,
                C::CertNameMismatch,
                C::ClockSkew,
                C::DnsRebindFiltered,
                C::DnsOk,
                C::CertValid
            ]
        );
    }

    #[test]
    fn the_wire_carries_the_needs_action_answer() {
        let json = serde_json::to_value(finding(C::ClockSkew, Severity::Warning)).unwrap();
        assert_eq!(json["needsAction"], true);
        // A catalogue warning softened to info no longer needs action, on the wire too.
        let json = serde_json::to_value(finding(C::ClockSkew, Severity::Info)).unwrap();
        assert_eq!(json["needsAction"], false);
        assert_eq!(json["severity"], "info");
    }
}
