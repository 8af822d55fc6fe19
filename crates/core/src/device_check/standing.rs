//! Which device results stand: one entry per device, in the order devices first reported; a
//! device's later report (the technician ran the page again there) replaces its earlier one.
//! The check's server, the window's list and the support report all keep results this way.

use super::DeviceResult;

/// Devices one check keeps (a shop has a few tills and tablets; more is not a shop).
pub const MAX_DEVICES: usize = 64;

/// The devices of one check as they stand.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    devices: Vec<DeviceResult>,
}

impl Standing {
    /// Records `result`. A new device beyond `limit` is not recorded (`false`).
    pub fn record(&mut self, result: DeviceResult, limit: usize) -> bool {
        match self
            .devices
            .iter()
            .position(|d| d.device_id == result.device_id)
        {
            Some(i) => self.devices[i] = result,
            None if self.devices.len() < limit => self.devices.push(result),
            None => return false,
        }
        true
    }

    pub fn devices(&self) -> &[DeviceResult] {
        &self.devices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device_check::{Browser, DeviceReport};
    use crate::findings::FindingCode;

    fn result(id: &str, at: &str) -> DeviceResult {
        let probe = r#"{"outcome":"ok","ms":5,"detail":null}"#;
        let body = format!(
            r#"{{"deviceId":"{id}-device","userAgent":"UA","secureContext":true,"permission":"granted","httpsByName":{probe},"httpByName":{probe},"httpByIp":{probe}}}"#
        );
        DeviceResult {
            device_id: id.into(),
            peer: "127.0.0.1".into(),
            browser: Browser::identify("UA", &[]),
            verdict: FindingCode::DeviceOk,
            findings: vec![],
            report: DeviceReport::parse(body.as_bytes()).unwrap(),
            received_at: at.into(),
        }
    }

    fn ids(s: &Standing) -> Vec<(&str, &str)> {
        s.devices()
            .iter()
            .map(|d| (d.device_id.as_str(), d.received_at.as_str()))
            .collect()
    }

    #[test]
    fn a_later_report_of_a_device_replaces_its_earlier_one_in_place() {
        let mut s = Standing::default();
        assert!(s.record(result("tablet", "09:00"), 64));
        assert!(s.record(result("phone", "09:01"), 64));
        assert!(s.record(result("tablet", "09:05"), 64));
        assert_eq!(ids(&s), [("tablet", "09:05"), ("phone", "09:01")]);
    }

    #[test]
    fn a_new_device_beyond_the_limit_is_refused_a_known_one_still_updates() {
        let mut s = Standing::default();
        assert!(s.record(result("a", "1"), 1));
        assert!(!s.record(result("b", "2"), 1));
        assert!(s.record(result("a", "3"), 1));
        assert_eq!(ids(&s), [("a", "3")]);
    }
}
