//! "Fixed / still" after a re-check: what changed between two diagnoses of the same box. The
//! window marks its findings from this answer; it does not compare diagnoses itself.

use serde::Serialize;

use super::Diagnosis;
use crate::findings::{FindingCode, Severity};

/// How a re-check of a box compares with the diagnosis before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Recheck {
    /// Findings of the earlier diagnosis that the re-check no longer finds (its `ok` findings
    /// aside: their going fixes nothing).
    pub fixed: Vec<FindingCode>,
    /// Findings of the earlier diagnosis (not `ok`) that the re-check finds again.
    pub still: Vec<FindingCode>,
    /// Findings the earlier diagnosis did not have.
    pub new: Vec<FindingCode>,
}

/// Compares `after` with `before`, each list in its diagnosis's order.
pub fn compare(before: &Diagnosis, after: &Diagnosis) -> Recheck {
    let had = |code| before.findings.iter().any(|f| f.code == code);
    let has = |code| after.findings.iter().any(|f| f.code == code);
    let (fixed, still) = before
        .findings
        .iter()
        .filter(|f| f.severity() != Severity::Ok)
        .map(|f| f.code)
        .partition(|code| !has(*code));
    Recheck {
        fixed,
        still,
        new: after
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|code| !had(*code))
            .collect(),
    }
}

impl Diagnosis {
    /// This diagnosis with its comparison to `before`, when `before` is of the same box (the
    /// session's previous diagnosis); another box's diagnosis is no "before".
    pub fn rechecked_after(mut self, before: Option<&Diagnosis>) -> Self {
        self.recheck = before
            .filter(|b| b.target == self.target)
            .map(|b| compare(b, &self));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Finding, Source};

    fn with(target: &str, codes: &[(FindingCode, Severity)]) -> Diagnosis {
        let mut d = Diagnosis::of_silent_box(target, "192.0.2.50:443");
        d.findings = codes
            .iter()
            .map(|(c, s)| Finding::new(*c, Source::Laptop, vec![]).with_severity(*s))
            .collect();
        d
    }

    use FindingCode as C;
    use Severity as S;

    #[test]
    fn a_recheck_says_what_was_fixed_what_remains_and_what_is_new() {
        let before = with(
            "192.0.2.50:8069",
            &[
                (C::ErrIotHttpsCheckCertReadException, S::Error),
                (C::DnsRebindFiltered, S::Error),
                (C::ClockSkew, S::Warning),
                (C::DnsOk, S::Ok),
            ],
        );
        let after = with(
            "192.0.2.50:8069",
            &[
                (C::DnsRebindFiltered, S::Error),
                (C::CertRenewalDue, S::Warning),
                (C::CertValid, S::Ok),
            ],
        );
        assert_eq!(
            compare(&before, &after),
            Recheck {
                fixed: vec![C::ErrIotHttpsCheckCertReadException, C::ClockSkew],
                still: vec![C::DnsRebindFiltered],
                new: vec![C::CertRenewalDue, C::CertValid],
            },
            "DNS_OK going away fixes nothing"
        );
    }

    #[test]
    fn only_a_diagnosis_of_the_same_box_counts_as_before() {
        let before = with("192.0.2.50:8069", &[(C::ClockSkew, S::Warning)]);
        let same = with("192.0.2.50:8069", &[]).rechecked_after(Some(&before));
        assert_eq!(same.recheck.unwrap().fixed, [C::ClockSkew]);
        let other = with("192.0.2.51:8069", &[]).rechecked_after(Some(&before));
        assert_eq!(other.recheck, None);
        assert_eq!(
            with("192.0.2.50:8069", &[]).rechecked_after(None).recheck,
            None
        );
    }

    #[test]
    fn the_wire_carries_the_recheck_only_when_there_is_one() {
        let first = with("192.0.2.50:8069", &[(C::ClockSkew, S::Warning)]);
        let json = serde_json::to_value(&first).unwrap();
        assert!(json.get("recheck").is_none());
        let json = serde_json::to_value(with("192.0.2.50:8069", &[]).rechecked_after(Some(&first)))
            .unwrap();
        assert_eq!(json["recheck"]["fixed"], serde_json::json!(["CLOCK_SKEW"]));
    }
}
