//! Keeps `ui/src/lib/bindings/` equal to the Rust types that cross the IPC boundary.
//! `cargo test -p iot-https-core --features ts` fails when they drift;
//! `UPDATE_BINDINGS=1` with the same command rewrites them. Also `codes.ts`: the values of
//! the code sets as const arrays, so the window's tables keyed by code list none by hand.
//! `commands.ts` in the same directory is the shell's (src-tauri/tests/window/contract.rs).

use std::path::{Path, PathBuf};

use ts_rs::TS;

use crate::box_api::{BoxReport, PairingOutcome, SlowRead};
use crate::device_check::policy::PolicyFile;
use crate::device_check::terminal::TerminalReadiness;
use crate::device_check::{DeviceCheckInfo, DeviceResult};
use crate::diagnose::Diagnosis;
use crate::discovery::{SweepEvent, SweepReport};
use crate::findings::recipes::Recipe;
use crate::findings::texts::Catalogue;
use crate::findings::{EvidenceKind, FindingCode, Texts, ROUTER_IDS};
use crate::fleet::{Fleet, FleetEvent, FleetSettings};
use crate::ipc::{AppInfo, ConnectedBox};
use crate::report::ReportFormat;
use crate::sites::SitesView;
use crate::validity::Validity;
use crate::watch::{BoxAction, WatchEvent, WatchOutcome};
use crate::wire::WireError;
use crate::ErrorCode;

/// Written by src-tauri's contract test, not here: left alone by this one.
const SHELL_OWNED: &[&str] = &["commands.ts"];

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
    ErrorCode::export_all_to(dir).expect("export ErrorCode");
    // The catalogue's finding and router texts, as the window reads them from the JSON files.
    Texts::export_all_to(dir).expect("export FindingTexts");
    Recipe::export_all_to(dir).expect("export RouterRecipe");
    Catalogue::export_all_to(dir).expect("export Catalogue");
    std::fs::write(dir.join("codes.ts"), codes_ts()).expect("write codes.ts");
}

/// `FINDING_CODES`, `EVIDENCE_KINDS`, `ERROR_CODES`: every value, in declaration order; and
/// `ROUTER_IDS`, the routers the catalogue has recipes for.
fn codes_ts() -> String {
    fn list<T>(name: &str, ty: &str, all: &[T], text: impl Fn(&T) -> &'static str) -> String {
        let items: String = all.iter().map(|v| format!("  '{}',\n", text(v))).collect();
        format!("\n/** Every `{ty}` value. */\nexport const {name} = [\n{items}] as const satisfies readonly {ty}[];\n")
    }
    let mut out = String::from(
        "// Generated from core's code sets (crates/core/src/bindings.rs). Do not edit.\n\n\
         import type { ErrorCode } from './ErrorCode';\n\
         import type { EvidenceKind } from './EvidenceKind';\n\
         import type { FindingCode } from './FindingCode';\n",
    );
    out += &list("FINDING_CODES", "FindingCode", FindingCode::ALL, |c| {
        c.as_str()
    });
    out += &list("EVIDENCE_KINDS", "EvidenceKind", EvidenceKind::ALL, |k| {
        k.key()
    });
    out += &list("ERROR_CODES", "ErrorCode", ErrorCode::ALL, |c| c.as_str());
    let routers: String = ROUTER_IDS.iter().map(|id| format!("  '{id}',\n")).collect();
    out += &format!("\n/** The routers the catalogue has recipes for, in the picker's order (\"other\" last). */\nexport const ROUTER_IDS = [\n{routers}] as const;\n");
    out
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|it| {
            it.filter_map(Result::ok)
                .filter(|e| !SHELL_OWNED.contains(&&*e.file_name().to_string_lossy()))
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
        for (name, _) in read_dir_sorted(&dir) {
            let _ = std::fs::remove_file(dir.join(name));
        }
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

/// serde_json sends a `u64`/`i64` as a plain JSON number, so a `bigint` in the bindings is a
/// type the page never receives (it made the UI cast with `Number(…)`): such fields carry
/// `#[cfg_attr(feature = "ts", ts(type = "number"))]` (durations, sizes, counts, all < 2^53).
#[test]
fn no_binding_claims_a_bigint() {
    let fresh = std::env::temp_dir().join(format!("iot-https-bigint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    export_all(&fresh);
    let files = read_dir_sorted(&fresh);
    let _ = std::fs::remove_dir_all(&fresh);
    let wide: Vec<&str> = files
        .iter()
        .filter(|(_, text)| text.contains("bigint"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(wide.is_empty(), "bigint in {wide:?}");
}
