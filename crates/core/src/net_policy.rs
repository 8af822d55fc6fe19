//! Who may be contacted. Enforced where connections are made (`http::BoundedClient`,
//! resolvers), not by convention in callers.
//!
//! In demo and test mode only loopback is allowed. A loopback *target* switches the same
//! restriction on by itself: a box on 127.0.0.0/8 or ::1 is never a real shop box, so a
//! session against it can only be a test or the demo, and no test can leak by forgetting a flag.
//!
//! `0.0.0.0` and `::` (unspecified) mean "this machine" to a connecting socket. They count as a
//! local target like loopback — the session becomes loopback-only — but, not being loopback
//! addresses themselves, they are then refused: a box is given as 127.0.0.1 or ::1, never as
//! "any address".

use std::net::IpAddr;

use serde::Serialize;

/// Environment variable that forces loopback-only mode (`demo` or `test`).
pub const MODE_ENV: &str = "IOT_HTTPS_MODE";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LoopbackReason {
    /// The app runs against its built-in simulated box.
    Demo,
    /// A test or benchmark asked for it (flag or `IOT_HTTPS_MODE=test`).
    Test,
    /// The box itself is on a loopback address.
    LoopbackTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", content = "reason", rename_all = "kebab-case")]
pub enum PolicyMode {
    /// A real run in a shop: any address may be contacted.
    Real,
    /// Only 127.0.0.0/8 and ::1 may be contacted.
    LoopbackOnly(LoopbackReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetPolicy {
    mode: PolicyMode,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused to contact {}: only loopback addresses (127.0.0.0/8, ::1) may be contacted in {}", .scope.describe(.target), .mode.describe())]
pub struct PolicyRefusal {
    /// The address or name refused; empty for [`Refused::LocalNetworks`].
    pub target: String,
    /// Why only loopback may be contacted: the catalogue's `{mode, select, …}` words it.
    pub mode: LoopbackReason,
    pub scope: Refused,
}

impl LoopbackReason {
    /// The key the catalogue selects its words by (the serde name).
    pub fn key(self) -> &'static str {
        match self {
            Self::Demo => "demo",
            Self::Test => "test",
            Self::LoopbackTarget => "loopback-target",
        }
    }

    /// For logs (`Display`), in English like the rest of the log.
    fn describe(self) -> &'static str {
        match self {
            Self::Demo => "demo mode",
            Self::Test => "test mode",
            Self::LoopbackTarget => "a session whose box is on a loopback address (demo or test)",
        }
    }
}

/// What a refusal is about: the catalogue's `NET_POLICY_REFUSED` words each (`{scope, select, …}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// One address (`target`).
    Address,
    /// A name (`target`) not looked up: names are not resolved outside real runs.
    Name,
    /// A sweep of the laptop's own networks.
    LocalNetworks,
}

impl Refused {
    /// The key the catalogue's template selects its words by.
    pub fn key(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Name => "name",
            Self::LocalNetworks => "localNetworks",
        }
    }

    /// For logs (`Display`), in English like the rest of the log.
    fn describe(self, target: &str) -> String {
        match self {
            Self::Address => target.to_owned(),
            Self::Name => format!("{target} (names are not looked up there)"),
            Self::LocalNetworks => "the laptop's attached networks".to_owned(),
        }
    }
}

impl NetPolicy {
    pub const fn real() -> Self {
        Self {
            mode: PolicyMode::Real,
        }
    }

    pub const fn loopback_only(reason: LoopbackReason) -> Self {
        Self {
            mode: PolicyMode::LoopbackOnly(reason),
        }
    }

    /// The policy the process starts with: loopback-only when `IOT_HTTPS_MODE` is `demo` or
    /// `test` (any other non-empty value is also treated as test: failing safe beats leaking).
    pub fn from_env() -> Self {
        match std::env::var(MODE_ENV).ok().as_deref().map(str::trim) {
            None | Some("") | Some("real") => Self::real(),
            Some("demo") => Self::loopback_only(LoopbackReason::Demo),
            Some(_) => Self::loopback_only(LoopbackReason::Test),
        }
    }

    /// The policy for a session against `target`: a loopback target restricts the whole
    /// session (resolvers, reachability checks) to loopback too.
    pub fn for_target(self, target: IpAddr) -> Self {
        match self.mode {
            PolicyMode::Real if is_local(target) => {
                Self::loopback_only(LoopbackReason::LoopbackTarget)
            }
            _ => self,
        }
    }

    pub fn mode(&self) -> PolicyMode {
        self.mode
    }

    pub fn is_real(&self) -> bool {
        self.mode == PolicyMode::Real
    }

    /// Why only loopback may be contacted; `None` in a real run.
    pub fn loopback_reason(&self) -> Option<LoopbackReason> {
        match self.mode {
            PolicyMode::Real => None,
            PolicyMode::LoopbackOnly(reason) => Some(reason),
        }
    }

    /// Decides before a packet is sent.
    pub fn check(&self, target: IpAddr) -> Result<(), PolicyRefusal> {
        match self.mode {
            PolicyMode::Real => Ok(()),
            PolicyMode::LoopbackOnly(_) if is_loopback(target) => Ok(()),
            PolicyMode::LoopbackOnly(mode) => Err(PolicyRefusal {
                target: target.to_string(),
                scope: Refused::Address,
                mode,
            }),
        }
    }
}

/// Loopback or unspecified (`0.0.0.0`, `::`, and their IPv4-mapped form): this machine.
pub fn is_local(ip: IpAddr) -> bool {
    is_loopback(ip)
        || match ip {
            IpAddr::V4(v4) => v4.is_unspecified(),
            IpAddr::V6(v6) => {
                v6.is_unspecified() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified())
            }
        }
}

/// 127.0.0.0/8, ::1, and IPv4-mapped loopback (::ffff:127.x.y.z).
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn loopback_only_refuses_everything_outside_loopback() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        for allowed in ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"] {
            assert!(
                policy.check(ip(allowed)).is_ok(),
                "{allowed} must be allowed"
            );
        }
        // Documentation and test-net addresses stand in for LAN, public and resolver targets.
        for refused in [
            "192.0.2.10",
            "198.51.100.1",
            "203.0.113.5",
            "0.0.0.0",
            "::",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "169.254.1.1",
        ] {
            let err = policy.check(ip(refused)).unwrap_err();
            assert_eq!(err.target, refused);
            assert!(err.to_string().contains("only loopback"), "{err}");
        }
    }

    #[test]
    fn a_loopback_target_switches_the_restriction_on_by_itself() {
        let session = NetPolicy::real().for_target(ip("127.0.0.1"));
        assert_eq!(
            session.mode(),
            PolicyMode::LoopbackOnly(LoopbackReason::LoopbackTarget)
        );
        assert!(session.check(ip("192.0.2.53")).is_err());
        let v6 = NetPolicy::real().for_target(ip("::1"));
        assert!(v6.check(ip("2001:db8::53")).is_err());
    }

    #[test]
    fn unspecified_addresses_are_this_machine_and_refused() {
        for any in ["0.0.0.0", "::", "::ffff:0.0.0.0"] {
            let session = NetPolicy::real().for_target(ip(any));
            assert_eq!(
                session.mode(),
                PolicyMode::LoopbackOnly(LoopbackReason::LoopbackTarget),
                "{any}"
            );
            assert!(session.check(ip(any)).is_err(), "{any}");
            assert!(session.check(ip("192.0.2.1")).is_err(), "{any}");
        }
    }

    #[test]
    fn a_real_target_keeps_a_real_policy_but_never_loosens_demo_mode() {
        assert!(NetPolicy::real().for_target(ip("192.0.2.50")).is_real());
        let demo = NetPolicy::loopback_only(LoopbackReason::Demo).for_target(ip("192.0.2.50"));
        assert_eq!(demo.mode(), PolicyMode::LoopbackOnly(LoopbackReason::Demo));
        assert!(demo.check(ip("192.0.2.50")).is_err());
    }
}
