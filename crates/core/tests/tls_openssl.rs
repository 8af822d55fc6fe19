//! A second opinion: the openssl CLI must agree with our trust verdicts and dates. openssl is
//! part of the project's bootstrap, so its absence fails the test instead of skipping it.

mod tls_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use iot_https_core::tls::{
    assess, inspect, verify_chain, CertificateClass, ServedChain, TlsAssessment, TrustAnchors,
};
use iot_https_test_support::TempDir;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};
use tls_support::*;

fn openssl() -> PathBuf {
    let candidates = [
        PathBuf::from("/usr/bin/openssl"),
        PathBuf::from("/usr/local/bin/openssl"),
    ];
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return found;
    }
    match Command::new("openssl").arg("version").output() {
        Ok(out) if out.status.success() => PathBuf::from("openssl"),
        _ => panic!(
            "the openssl CLI is required for this cross-check but was not found \
             (install Debian's `openssl` package; the project's bootstrap does this)"
        ),
    }
}

/// Writes `text` into `dir` as `name`.
fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write PEM");
    path
}

fn run(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(openssl())
        .args(args)
        .output()
        .expect("run openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `openssl verify -attime` at the pinned instant, server purpose, CA file only.
fn openssl_verifies(ca: &Path, leaf: &Path, at: OffsetDateTime) -> (bool, String) {
    let at = at.unix_timestamp().to_string();
    run(&[
        "verify".as_ref(),
        "-attime".as_ref(),
        at.as_ref(),
        "-purpose".as_ref(),
        "sslserver".as_ref(),
        "-CAfile".as_ref(),
        ca.as_os_str(),
        leaf.as_os_str(),
    ])
}

fn openssl_field(cert: &Path, flags: &str) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec!["x509".as_ref()];
    args.extend(flags.split_whitespace().map(std::ffi::OsStr::new));
    args.extend(["-noout".as_ref(), "-in".as_ref(), cert.as_os_str()]);
    let (ok, text) = run(&args);
    assert!(ok, "openssl x509 {flags}: {text}");
    text.trim()
        .split_once('=')
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| panic!("{text}"))
}

/// `Jul 31 12:00:00 2026 GMT`, as `openssl x509 -enddate` prints it.
fn parse_openssl_date(text: &str) -> OffsetDateTime {
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let fmt = format_description!(
        "[month repr:short] [day padding:none] [hour]:[minute]:[second] [year] GMT"
    );
    PrimitiveDateTime::parse(&squeezed, &fmt)
        .unwrap_or_else(|e| panic!("{squeezed}: {e}"))
        .assume_utc()
}

fn hex_only(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_lowercase()
}

#[test]
fn openssl_agrees_with_our_trust_verdict_and_dates() {
    let dir = TempDir::new("openssl-agree");
    let ca = ca("Simulated odoo.com CA");
    let stranger = ca_valid("Stranger CA", PINNED - days(400), PINNED + days(400));
    let ca_pem = write(&dir, "ca.pem", &ca.pem());
    let cases = [
        (
            "valid",
            box_leaf(&ca, PINNED - days(30), PINNED + days(60)),
            true,
        ),
        (
            "unknown-ca",
            box_leaf(&stranger, PINNED - days(30), PINNED + days(60)),
            false,
        ),
        (
            "expired",
            box_leaf(&ca, PINNED - days(91), PINNED - days(1)),
            false,
        ),
        (
            "not-yet-valid",
            box_leaf(&ca, PINNED + days(1), PINNED + days(91)),
            false,
        ),
    ];
    for (name, leaf, expect_trusted) in cases {
        let leaf_pem = write(&dir, &format!("{name}.pem"), &leaf.pem());
        let ours = verify_chain(&[leaf.der()], &only(&ca), PINNED);
        let (theirs, text) = openssl_verifies(&ca_pem, &leaf_pem, PINNED);
        assert_eq!(ours.trusted, expect_trusted, "{name}: ours {ours:?}");
        assert_eq!(
            theirs, ours.trusted,
            "{name}: openssl said {text:?}, we said {ours:?}"
        );

        let details = inspect(&leaf.der()).unwrap();
        let end = parse_openssl_date(&openssl_field(&leaf_pem, "-enddate"));
        assert_eq!(end, details.not_after_time(), "{name}: notAfter");
        let start = parse_openssl_date(&openssl_field(&leaf_pem, "-startdate"));
        assert_eq!(start, details.not_before_time(), "{name}: notBefore");
        let fingerprint = openssl_field(&leaf_pem, "-fingerprint -sha256");
        assert_eq!(
            hex_only(&fingerprint),
            details.sha256,
            "{name}: fingerprint"
        );
        let serial = openssl_field(&leaf_pem, "-serial");
        assert_eq!(
            hex_only(&serial).trim_start_matches('0'),
            hex_only(&details.serial).trim_start_matches('0'),
            "{name}: serial"
        );
    }
}

#[test]
fn an_openssl_made_rsa_placeholder_reads_as_temporary() {
    // What a box serves before odoo.com answers: a self-signed RSA certificate.
    let dir = TempDir::new("openssl-placeholder");
    let key = dir.path().join("key.pem");
    let cert = dir.path().join("cert.pem");
    let (ok, text) = run(&[
        "req".as_ref(),
        "-x509".as_ref(),
        "-newkey".as_ref(),
        "rsa:2048".as_ref(),
        "-nodes".as_ref(),
        "-sha256".as_ref(),
        "-days".as_ref(),
        "3650".as_ref(),
        "-subj".as_ref(),
        "/CN=OdooTempIoTBoxCertificate/O=Odoo".as_ref(),
        "-keyout".as_ref(),
        key.as_os_str(),
        "-out".as_ref(),
        cert.as_os_str(),
    ]);
    assert!(ok, "openssl req: {text}");
    let pem = std::fs::read_to_string(&cert).unwrap();
    let mut anchors = TrustAnchors::extra_only();
    let der = {
        // Loading it as an anchor also proves the PEM path of TrustAnchors on openssl output.
        anchors.add_pem(&pem).expect("openssl PEM");
        use rustls::pki_types::pem::PemObject;
        rustls::pki_types::CertificateDer::from_pem_slice(pem.as_bytes())
            .unwrap()
            .to_vec()
    };
    let d = inspect(&der).unwrap();
    assert_eq!(d.subject, "CN=OdooTempIoTBoxCertificate, O=Odoo");
    assert_eq!(
        (d.public_key.algorithm.as_str(), d.public_key.bits),
        ("RSA", Some(2048))
    );
    assert_eq!(d.signature_algorithm, "sha256WithRSAEncryption");
    assert!(d.self_signed);
    assert_eq!(
        parse_openssl_date(&openssl_field(&cert, "-enddate")),
        d.not_after_time()
    );

    // Judged one day into its own validity (derived from the certificate, not the clock).
    let at = d.not_before_time() + days(1);
    let chain = ServedChain {
        certificates: vec![der],
        sni: None,
    };
    let TlsAssessment::Assessed { verdict, .. } =
        assess(&chain, Some(BOX_NAME), at, &TrustAnchors::mozilla())
    else {
        panic!("placeholder must be readable")
    };
    assert_eq!(verdict.primary, CertificateClass::Temporary);
    assert!(
        verdict.has(CertificateClass::Untrusted) && verdict.has(CertificateClass::NameMismatch)
    );
}
