//! Keeps `ui/src/lib/bindings/` equal to the Rust types that cross the IPC boundary.
//! `cargo test -p iot-https-core --features ts` fails when they drift;
//! `UPDATE_BINDINGS=1` with the same command rewrites them.

use std::path::{Path, PathBuf};

use ts_rs::TS;

use crate::box_api::{BoxReport, PairingOutcome, SlowRead};
use crate::device_check::policy::PolicyFile;
use crate::device_check::terminal::TerminalReadiness;
use crate::device_check::{DeviceCheckInfo, DeviceResult};
use crate::diagnose::Diagnosis;
use crate::discovery::{SweepEvent, SweepReport};
use crate::fleet::{Fleet, FleetEvent, FleetSettings};
use crate::ipc::{AppInfo, ConnectedBox};
use crate::report::ReportFormat;
use crate::sites::SitesView;
use crate::validity::Validity;
use crate::watch::{BoxAction, WatchEvent, WatchOutcome};
use crate::wire::WireError;

fn export_all(dir: &Path) {
    BoxReport::export_all_to(dir).expect("export BoxReport");
    ConnectedBox::export_all_to(dir).expect("export ConnectedBox");
    AppInfo::export_all_to(dir).expect("export AppInfo");
    WireError::export_all_to(dir).expect("export WireError");
    Diagnosis::export_all_to(dir).expect("export Diagnosis");
    WatchEvent::export_all_to(dir).expect("export WatchEvent");
    WatchOutcome::export_all_to(dir).expect("export WatchOutcome");
    SitesView::export_all_to(dir).expect("export SitesView");
    SweepEvent::export_all_to(dir).expect("export SweepEvent");
    SweepReport::export_all_to(dir).expect("export SweepReport");
    ReportFormat::export_all_to(dir).expect("export ReportFormat");
    SlowRead::export_all_to(dir).expect("export SlowRead");
    PairingOutcome::export_all_to(dir).expect("export PairingOutcome");
    DeviceCheckInfo::export_all_to(dir).expect("export DeviceCheckInfo");
    DeviceResult::export_all_to(dir).expect("export DeviceResult");
    PolicyFile::export_all_to(dir).expect("export PolicyFile");
    TerminalReadiness::export_all_to(dir).expect("export TerminalReadiness");
    FleetEvent::export_all_to(dir).expect("export FleetEvent");
    Validity::export_all_to(dir).expect("export Validity");
    BoxAction::export_all_to(dir).expect("export BoxAction");
    Fleet::export_all_to(dir).expect("export Fleet");
    FleetSettings::export_all_to(dir).expect("export FleetSettings");
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|it| {
            it.filter_map(Result::ok)
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn typescript_bindings_are_current() {
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let dir = committed_dir();
        let _ = std::fs::remove_dir_all(&dir);
        export_all(&dir);
        return;
    }
    let fresh = std::env::temp_dir().join(format!("iot-https-bindings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    export_all(&fresh);
    let expected = read_dir_sorted(&fresh);
    let _ = std::fs::remove_dir_all(&fresh);
    assert!(!expected.is_empty());
    assert_eq!(
        read_dir_sorted(&committed_dir()),
        expected,
        "ui/src/lib/bindings is stale: run UPDATE_BINDINGS=1 cargo test -p iot-https-core --features ts bindings"
    );
}
