//! Certificates: the local test CA standing in for Let's Encrypt, the `*.<hash>.odoo-iot.com`
//! leaves simulated odoo.com issues (odoo-iot-protocol.md §5, §6), and the `OdooTempIoTBoxCertificate` placeholder
//! (§4.4).

use std::path::Path;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::SimError;

/// The per-database hash of the wildcard name; the example used in odoo-iot-protocol.md §6.
pub const CERT_HASH: &str = "d73e7513";
/// CN of the self-signed placeholder a box serves until it gets a real certificate (§4.1, §4.4).
pub const PLACEHOLDER_CN: &str = "OdooTempIoTBoxCertificate";
const CA_CN: &str = "iot-box-sim Test CA (NOT TRUSTED)";

/// `*.<hash>.odoo-iot.com`, the `subject_cn` odoo.com returns (odoo-iot-protocol.md §5).
pub fn wildcard_cn() -> String {
    format!("*.{CERT_HASH}.odoo-iot.com")
}

/// The certificate nginx currently serves on the HTTPS port, with the metadata the box's own
/// checks read (CN, notAfter).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServedCert {
    pub cert_pem: String,
    pub key_pem: String,
    pub cn: String,
    #[serde(with = "time::serde::timestamp")]
    pub not_after: OffsetDateTime,
    /// DER of the leaf, for building rustls configs without re-parsing PEM.
    pub cert_der: Vec<u8>,
    /// PKCS#8 DER of the key.
    pub key_der: Vec<u8>,
}

impl ServedCert {
    pub fn is_placeholder(&self) -> bool {
        self.cn == PLACEHOLDER_CN
    }

    /// SHA-less identity good enough to tell two served certificates apart in tests and /state.
    pub fn fingerprint(&self) -> String {
        // FNV-1a over the DER: stable, dependency-free, not a security property.
        let mut h: u64 = 0xcbf29ce484222325;
        for b in &self.cert_der {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
        format!("{h:016x}")
    }
}

/// Python's `str(datetime)` for a naive datetime: `YYYY-MM-DD HH:MM:SS` (odoo-iot-protocol.md §4.1, §4.3).
pub fn fmt_naive(dt: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    dt.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

fn now_s() -> OffsetDateTime {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
}

fn cert_err(e: impl std::fmt::Display) -> SimError {
    SimError::Cert(e.to_string())
}

/// The local CA. Generated at start-up, or loaded from `--state-dir` so a restarted simulator
/// keeps a CA the caller already trusts.
pub struct TestCa {
    key: KeyPair,
    cert: rcgen::Certificate,
    pem: String,
}

impl TestCa {
    fn params() -> Result<CertificateParams, SimError> {
        Self::params_named(CA_CN)
    }

    fn params_named(cn: &str) -> Result<CertificateParams, SimError> {
        let mut p = CertificateParams::new(Vec::<String>::new()).map_err(cert_err)?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, cn);
        dn.push(DnType::OrganizationName, "iot-box-sim");
        p.distinguished_name = dn;
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        // Fixed dates: a CA rebuilt from a stored key must match the stored one's names.
        p.not_before = time::macros::datetime!(2020-01-01 0:00 UTC);
        p.not_after = time::macros::datetime!(2049-12-31 0:00 UTC);
        Ok(p)
    }

    pub fn generate() -> Result<Self, SimError> {
        Self::generate_named(CA_CN)
    }

    /// Another CA with its own name: the stand-in for a public CA, or a web filter's own.
    pub fn generate_named(cn: &str) -> Result<Self, SimError> {
        let key = KeyPair::generate().map_err(cert_err)?;
        let cert = Self::params_named(cn)?
            .self_signed(&key)
            .map_err(cert_err)?;
        let pem = cert.pem();
        Ok(TestCa { key, cert, pem })
    }

    /// Load `ca.pem` + `ca-key.pem` from `dir`, or create and store them.
    pub fn load_or_create(dir: &Path) -> Result<Self, SimError> {
        let (cert_path, key_path) = (dir.join("ca.pem"), dir.join("ca-key.pem"));
        if let (Ok(pem), Ok(key_pem)) = (
            std::fs::read_to_string(&cert_path),
            std::fs::read_to_string(&key_path),
        ) {
            let key = KeyPair::from_pem(&key_pem).map_err(cert_err)?;
            // Same DN and key as the stored CA, so leaves it signs chain to the stored PEM.
            let cert = Self::params()?.self_signed(&key).map_err(cert_err)?;
            return Ok(TestCa { key, cert, pem });
        }
        let ca = Self::generate()?;
        std::fs::create_dir_all(dir)?;
        std::fs::write(&cert_path, &ca.pem)?;
        std::fs::write(&key_path, ca.key.serialize_pem())?;
        Ok(ca)
    }

    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// A wildcard leaf as field boxes get it: CN and SANs `*.<hash>.odoo-iot.com` and
    /// `<hash>.odoo-iot.com`, about 90 days (§5 third-party observation, field-problems.md §1).
    pub fn issue_wildcard(
        &self,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<ServedCert, SimError> {
        let cn = wildcard_cn();
        let sans = vec![cn.clone(), format!("{CERT_HASH}.odoo-iot.com")];
        self.issue_leaf(&cn, sans, not_before, not_after)
    }

    /// A fresh 90-day leaf for other names, signed by the same CA: another database's
    /// certificate, or one that is not an odoo-iot.com certificate at all.
    pub fn issue_for(&self, cn: &str, sans: &[&str]) -> Result<ServedCert, SimError> {
        let now = now_s();
        let names = sans.iter().map(|s| s.to_string()).collect();
        self.issue_leaf(
            cn,
            names,
            now - Duration::hours(1),
            now + Duration::days(90),
        )
    }

    /// A server leaf with these names and dates, signed by this CA.
    fn issue_leaf(
        &self,
        cn: &str,
        sans: Vec<String>,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<ServedCert, SimError> {
        let mut p = CertificateParams::new(sans).map_err(cert_err)?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, cn);
        p.distinguished_name = dn;
        p.not_before = not_before;
        p.not_after = not_after;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().map_err(cert_err)?;
        let cert = p.signed_by(&key, &self.cert, &self.key).map_err(cert_err)?;
        Ok(ServedCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            cn: cn.to_string(),
            not_after,
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        })
    }

    /// A fresh 90-day leaf valid from (about) now: what a successful download writes.
    pub fn issue_fresh(&self) -> Result<ServedCert, SimError> {
        let now = now_s();
        self.issue_wildcard(now - Duration::hours(1), now + Duration::days(90))
    }

    /// Expired ten days ago (field-problems.md F7).
    pub fn issue_expired(&self) -> Result<ServedCert, SimError> {
        let now = now_s();
        self.issue_wildcard(now - Duration::days(100), now - Duration::days(10))
    }

    /// Expires in five days: inside the 10-day renewal window (§4.1, field-problems.md §1.1).
    pub fn issue_renewal_due(&self) -> Result<ServedCert, SimError> {
        let now = now_s();
        self.issue_wildcard(now - Duration::days(85), now + Duration::days(5))
    }
}

/// The self-signed placeholder (odoo-iot-protocol.md §4.4: where it is generated is unconfirmed; its CN is known).
pub fn placeholder() -> Result<ServedCert, SimError> {
    let now = now_s();
    let mut p = CertificateParams::new(Vec::<String>::new()).map_err(cert_err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, PLACEHOLDER_CN);
    p.distinguished_name = dn;
    p.not_before = now - Duration::days(1);
    let not_after = now + Duration::days(3650);
    p.not_after = not_after;
    let key = KeyPair::generate().map_err(cert_err)?;
    let cert = p.self_signed(&key).map_err(cert_err)?;
    Ok(ServedCert {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        cn: PLACEHOLDER_CN.to_string(),
        not_after,
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
    })
}
