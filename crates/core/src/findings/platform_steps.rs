//! Steps for the box's platform (issue 19 item 10). Where a finding's steps differ only between
//! a Raspberry Pi and a Windows virtual IoT (restart the service or reboot, re-flash or
//! reinstall into `%ProgramFiles%\Odoo IoT <version>`), a box whose platform is known shows
//! its platform's steps only; a box of unknown platform keeps both. The platform's steps are
//! `causeSteps` keys like any cause's (`raspberryPi`, `windows`, `certificateFileWindows`, …),
//! so CLI and window render them without knowing platforms.

use super::{Finding, FindingCode as C, StepsCause as S};
use crate::box_api::OsFlavour;

/// (finding, the cause already chosen, the Pi's steps, the Windows IoT's steps).
pub const PLATFORM_STEPS: &[(C, Option<S>, S, S)] = &[
    (
        C::ErrIotHttpsCheckCertReadException,
        None,
        S::RaspberryPi,
        S::Windows,
    ),
    (C::CertFileDamaged, None, S::RaspberryPi, S::Windows),
    (C::CertUntrusted, None, S::RaspberryPi, S::Windows),
    (
        C::CertServedDiffersFromBox,
        None,
        S::RaspberryPi,
        S::Windows,
    ),
    (C::HttpsPortClosed, None, S::RaspberryPi, S::Windows),
    (C::ClockSkew, None, S::RaspberryPi, S::Windows),
    (C::PairingCodeExpired, None, S::RaspberryPi, S::Windows),
    (C::BoxNoDefaultRoute, None, S::RaspberryPi, S::Windows),
    (
        C::BoxStatusError,
        Some(S::CertificateFile),
        S::CertificateFileRaspberryPi,
        S::CertificateFileWindows,
    ),
];

impl Finding {
    /// Narrows the steps to `flavour`'s where the catalogue has them ([`PLATFORM_STEPS`]);
    /// an unknown platform changes nothing.
    pub fn on_platform(mut self, flavour: OsFlavour) -> Self {
        let row = PLATFORM_STEPS
            .iter()
            .find(|(code, base, ..)| *code == self.code && *base == self.steps_for);
        if let Some((_, _, pi, windows)) = row {
            match flavour {
                OsFlavour::Linux => self.steps_for = Some(*pi),
                OsFlavour::Windows => self.steps_for = Some(*windows),
                OsFlavour::Unknown => {}
            }
        }
        self
    }
}

/// Every finding of a diagnosis narrowed to the box's platform.
pub fn for_platform(findings: Vec<Finding>, flavour: OsFlavour) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|f| f.on_platform(flavour))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::cause::CAUSE_STEPS;
    use super::*;
    use crate::findings::{texts, Source};

    #[test]
    fn every_platform_key_is_catalogued() {
        for (code, base, pi, windows) in PLATFORM_STEPS {
            for key in [pi, windows] {
                assert!(CAUSE_STEPS.contains(&(*code, *key)), "{code}/{}", key.key());
            }
            if let Some(base) = base {
                assert!(CAUSE_STEPS.contains(&(*code, *base)));
            }
        }
    }

    fn steps(code: C, cause: Option<S>, flavour: OsFlavour) -> Vec<String> {
        let mut f = Finding::new(code, Source::Laptop, vec![]);
        f.steps_for = cause;
        let f = f.on_platform(flavour);
        texts(code.as_str(), "en")
            .unwrap()
            .steps_for(f.steps_for)
            .to_vec()
    }

    #[test]
    fn a_pi_sees_the_pi_steps_a_windows_iot_its_own_and_an_unknown_box_both() {
        let pi = steps(C::ErrIotHttpsCheckCertReadException, None, OsFlavour::Linux);
        assert!(pi.iter().any(|s| s.contains("SD card")), "{pi:?}");
        assert!(!pi.iter().any(|s| s.contains("%ProgramFiles%")), "{pi:?}");

        let win = steps(
            C::ErrIotHttpsCheckCertReadException,
            None,
            OsFlavour::Windows,
        );
        assert!(
            win.iter()
                .any(|s| s.contains("%ProgramFiles%\\Odoo IoT <version>")),
            "{win:?}"
        );
        assert!(!win.iter().any(|s| s.contains("SD card")), "{win:?}");

        let both = steps(
            C::ErrIotHttpsCheckCertReadException,
            None,
            OsFlavour::Unknown,
        );
        assert!(both.iter().any(|s| s.contains("SD card")));
        assert!(both.iter().any(|s| s.contains("%ProgramFiles%")));
    }

    #[test]
    fn a_cause_and_a_platform_together_pick_the_cause_on_that_platform() {
        let cause = Some(S::CertificateFile);
        let win = steps(C::BoxStatusError, cause, OsFlavour::Windows);
        assert!(win.iter().any(|s| s.contains("%ProgramFiles%")), "{win:?}");
        assert!(!win.iter().any(|s| s.contains("SD card")), "{win:?}");
        let pi = steps(C::BoxStatusError, cause, OsFlavour::Linux);
        assert!(pi.iter().any(|s| s.contains("SD card")), "{pi:?}");
        assert!(!pi.iter().any(|s| s.contains("%ProgramFiles%")), "{pi:?}");
        // Another cause of the same finding has no platform variant: unchanged.
        let refused = Finding::new(C::BoxStatusError, Source::Laptop, vec![])
            .with_cause(S::OdooComRefused)
            .on_platform(OsFlavour::Windows);
        assert_eq!(refused.steps_for, Some(S::OdooComRefused));
    }

    /// A platform's steps never send the user to the other platform (every language).
    #[test]
    fn each_platform_s_steps_name_only_that_platform() {
        for lang in crate::findings::texts::languages() {
            for (code, _, pi, windows) in PLATFORM_STEPS {
                let t = texts(code.as_str(), lang).unwrap();
                for step in t.steps_for(Some(*pi)) {
                    for other in ["Windows", "%ProgramFiles%", "services.msc", "odoo-server-"] {
                        assert!(!step.contains(other), "{lang} {code}/{pi:?}: {step}");
                    }
                }
                for step in t.steps_for(Some(*windows)) {
                    for other in ["Raspberry", "SD", "Pi "] {
                        assert!(!step.contains(other), "{lang} {code}/{windows:?}: {step}");
                    }
                }
            }
        }
    }

    /// The Windows advice follows Odoo's current installer (`setup/win32/setup-iot.nsi`
    /// @00e17364: default folder `$PROGRAMFILES64\Odoo IoT <version>`, Apps entry "Odoo IoT
    /// <version>", nssm service `odoo-server-<version>`), not the documentation's older `C:\odoo`.
    #[test]
    fn windows_steps_follow_the_current_installer_in_every_language() {
        use crate::findings::texts::{catalogue_json, finding_keys, languages};
        let reinstalls = [
            (C::ErrIotHttpsCheckCertReadException, Some(S::Windows)),
            (C::CertFileDamaged, Some(S::Windows)),
            (C::HttpsPortClosed, Some(S::Windows)),
            (C::BoxStatusError, Some(S::CertificateFileWindows)),
            (C::BoxIotModuleMissing, None),
        ];
        for lang in languages() {
            let raw = catalogue_json(lang).unwrap().to_lowercase();
            assert!(!raw.contains("c:\\\\odoo"), "{lang}: C:\\odoo");
            for (code, cause) in reinstalls {
                let steps = texts(code.as_str(), lang).unwrap().steps_for(cause);
                let folder = r"%ProgramFiles%\Odoo IoT <";
                assert!(steps.iter().any(|s| s.contains(folder)), "{lang} {code}");
            }
            for code in finding_keys(lang) {
                let t = texts(code, lang).unwrap();
                let causes = t.cause_steps.iter().flat_map(|c| c.values());
                for step in std::iter::once(&t.steps).chain(causes).flatten() {
                    // Restart or check the service by its name, as services.msc lists it.
                    if step.contains("services.msc") {
                        assert!(step.contains("odoo-server-<"), "{lang} {code}: {step}");
                    }
                    // The Apps entry is "Odoo IoT <version>", never a bare "Odoo IoT".
                    for bare in ["Odoo IoT”", "Odoo IoT »", "Odoo IoT“", "Odoo IoT»"] {
                        assert!(!step.contains(bare), "{lang} {code}: {step}");
                    }
                }
            }
        }
    }
}
