//! Thin commands: arguments in, one `iot_https_app` call, a typed result or a `WireError` out.
//! Grouped by what the window is doing.
//!
//! `window_commands!` below is the one list of them: it registers them (`handler`) and states
//! the contract the page is generated from (`contract`, rendered by `crate::contract`). Each
//! entry repeats the command's IPC arguments — `arg` for JSON values, `channel` for a
//! `Channel<T>` — and what `Ok` holds. `src-tauri/tests/window/contract.rs` checks the names, order,
//! channels, optional ones, types and results against the functions' own signatures, and the
//! mock-runtime tests (`src-tauri/tests/window/commands_*.rs`) call every command as the table
//! says. A `u64` is a number in JSON, so in the page's TypeScript too (`contract::json_ts`).

pub mod box_care;
pub mod boxes;
pub mod check_all;
pub mod device_check;
pub mod fleet;
pub mod preferences;
pub mod reports;
pub mod scan;
pub mod sites;
pub mod watch;

use iot_https_core::device_check::policy::PolicyFile;
use iot_https_core::device_check::terminal::TerminalReadiness;
use iot_https_core::device_check::{DeviceCheckInfo, DeviceResult};
use iot_https_core::diagnose::Diagnosis;
use iot_https_core::discovery::{SweepEvent, SweepReport};
use iot_https_core::fleet::{AlertThresholds, Fleet, FleetEvent, FleetSettings};
use iot_https_core::ipc::{AppInfo, ConnectedBox, Preferences};
use iot_https_core::report::ReportFormat;
use iot_https_core::sites::{Site, SitesView};
use iot_https_core::validity::Validity;
use iot_https_core::watch::{BoxAction, WatchEvent, WatchOutcome};

use iot_https_app::fleet::{AddedDatabase, FleetView};
use iot_https_app::types::{DbConnection, PairingOutcome, SlowRead};

use crate::contract::{self, Command};
use crate::demo::DemoCatalog;

macro_rules! window_commands {
    ($( $module:ident :: $name:ident ( $( $kind:ident $arg:ident : $ty:ty ),* ) -> $ret:ty ; )*) => {
        /// The invoke handler with every command of the contract, and no other.
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$( $module::$name ),*]
        }

        /// Every registered command, as the page calls it.
        pub fn contract() -> Vec<Command> {
            vec![$({
                let mut uses = Vec::new();
                let args = vec![$( contract::$kind::<$ty>(stringify!($arg), stringify!($ty), &mut uses) ),*];
                let result = contract::result::<$ret>(&mut uses);
                Command { name: stringify!($name), args, result, rust_result: stringify!($ret), uses }
            }),*]
        }
    };
}

window_commands! {
    boxes::app_info() -> AppInfo;
    boxes::start_demo_box(arg choice: Option<boxes::DemoPick>) -> String;
    boxes::demo_scenarios() -> DemoCatalog;
    boxes::connect_box(arg address: String, arg box_timeout_s: Option<u64>, channel on_progress: SlowRead) -> ConnectedBox;
    boxes::check_credentials(arg db_uuid: String, arg contract_code: String) -> boxes::CheckedCredentials;
    boxes::diagnose_box(arg address: String, arg box_timeout_s: Option<u64>, channel on_progress: SlowRead) -> Diagnosis;
    watch::save_credentials(
        arg address: String,
        arg db_uuid: String,
        arg contract_code: Option<String>,
        arg stored_code_of: Option<String>,
        arg choice: Option<String>,
        arg remember: bool,
        channel on_event: WatchEvent
    ) -> WatchOutcome;
    watch::box_action(arg address: String, arg action: BoxAction, channel on_event: WatchEvent) -> WatchOutcome;
    watch::cancel_watch() -> ();
    sites::list_sites() -> SitesView;
    sites::remember_box(arg address: String) -> Site;
    sites::add_found_site(arg address: String) -> Site;
    sites::delete_site(arg id: String) -> ();
    check_all::check_all_sites(channel on_event: FleetEvent, arg box_timeout_s: Option<u64>) -> u32;
    check_all::certificate_countdowns(arg ends: Vec<Option<String>>) -> Vec<Option<Validity>>;
    preferences::save_preferences(arg preferences: Preferences) -> ();
    reports::export_report(arg format: ReportFormat, arg language: Option<String>) -> String;
    reports::save_report(arg format: ReportFormat, arg language: Option<String>) -> Option<String>;
    reports::copy_text(arg text: String) -> ();
    reports::open_url(arg url: String) -> ();
    scan::scan_network(arg cidr: Option<String>, channel on_event: SweepEvent) -> SweepReport;
    scan::cancel_scan() -> ();
    box_care::pair_box(arg address: String, arg token: String) -> PairingOutcome;
    box_care::save_box_logs(arg address: String) -> Option<String>;
    device_check::start_device_check(arg address: String, channel on_event: Vec<DeviceResult>) -> DeviceCheckInfo;
    device_check::close_device_check() -> ();
    device_check::device_policies(arg origin: String) -> Vec<PolicyFile>;
    device_check::check_payment_terminals(arg address: String) -> TerminalReadiness;
    fleet::fleet_view() -> FleetView;
    fleet::fleet_add_database(arg connection: DbConnection, arg api_key: String) -> AddedDatabase;
    fleet::fleet_remove_database(arg key_id: String) -> ();
    fleet::fleet_set_preferences(arg check_interval_minutes: u32, arg thresholds: AlertThresholds) -> FleetSettings;
    fleet::fleet_check(arg language: String) -> Fleet;
    fleet::fleet_export(arg format: String) -> Option<String>;
}
