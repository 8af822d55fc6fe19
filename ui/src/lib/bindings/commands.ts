// Generated from src-tauri/src/contract.rs and the command table in
// src-tauri/src/commands/mod.rs. Do not edit: run
// UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test window contract

import type { Channel } from '@tauri-apps/api/core';
import type { AlertThresholds } from './AlertThresholds';
import type { AppInfo } from './AppInfo';
import type { BoxAction } from './BoxAction';
import type { ConnectedBox } from './ConnectedBox';
import type { DbConnection } from './DbConnection';
import type { DeviceCheckInfo } from './DeviceCheckInfo';
import type { DeviceResult } from './DeviceResult';
import type { Diagnosis } from './Diagnosis';
import type { Fleet } from './Fleet';
import type { FleetEvent } from './FleetEvent';
import type { FleetSettings } from './FleetSettings';
import type { PairingOutcome } from './PairingOutcome';
import type { PolicyFile } from './PolicyFile';
import type { Preferences } from './Preferences';
import type { ReportFormat } from './ReportFormat';
import type { Site } from './Site';
import type { SitesView } from './SitesView';
import type { SlowRead } from './SlowRead';
import type { SweepEvent } from './SweepEvent';
import type { SweepReport } from './SweepReport';
import type { TerminalReadiness } from './TerminalReadiness';
import type { Validity } from './Validity';
import type { WatchEvent } from './WatchEvent';
import type { WatchOutcome } from './WatchOutcome';
import type { WireError } from './WireError';

// Types only the shell sends or takes.
export type DemoOption = { name: string, description: string, };
export type DemoCatalog = { families: Array<DemoOption>, flavours: Array<DemoOption>, scenarios: Array<DemoOption>, };
export type DemoPick = { family: string, flavour: string, scenario: string, };
export type CheckedCredentials = { dbUuid: string, };
export type DatabaseEntry = { connection: DbConnection, 
/**
 * The keyring entry's id, for removal.
 */
keyId: string, 
/**
 * The keyring refused the key: it is kept for this session only.
 */
sessionOnly: boolean, };
export type FleetView = { settings: FleetSettings, databases: Array<DatabaseEntry>, warning: string | null, last: Fleet | null, };
export type AddedDatabase = { connection: DbConnection, 
/**
 * `keyring`, or `session` when the keyring could not take it (with the reason).
 */
keyKeptIn: 'keyring' | 'session', keyringError: WireError | null, };

/** Every command: its arguments as the page sends them, and its answer. */
export type Commands = {
  app_info: { args: Record<string, never>; result: AppInfo };
  start_demo_box: { args: { choice: DemoPick | null }; result: string };
  demo_scenarios: { args: Record<string, never>; result: DemoCatalog };
  connect_box: { args: { address: string; boxTimeoutS: number | null; onProgress: Channel<SlowRead> }; result: ConnectedBox };
  check_credentials: { args: { dbUuid: string; contractCode: string }; result: CheckedCredentials };
  diagnose_box: { args: { address: string; boxTimeoutS: number | null; onProgress: Channel<SlowRead> }; result: Diagnosis };
  save_credentials: { args: { address: string; dbUuid: string; contractCode: string | null; storedCodeOf: string | null; choice: string | null; remember: boolean; onEvent: Channel<WatchEvent> }; result: WatchOutcome };
  box_action: { args: { address: string; action: BoxAction; onEvent: Channel<WatchEvent> }; result: WatchOutcome };
  cancel_watch: { args: Record<string, never>; result: null };
  list_sites: { args: Record<string, never>; result: SitesView };
  remember_box: { args: { address: string }; result: Site };
  add_found_site: { args: { address: string }; result: Site };
  delete_site: { args: { id: string }; result: null };
  check_all_sites: { args: { onEvent: Channel<FleetEvent>; boxTimeoutS: number | null }; result: number };
  certificate_countdowns: { args: { ends: Array<string | null> }; result: Array<Validity | null> };
  save_preferences: { args: { preferences: Preferences }; result: null };
  export_report: { args: { format: ReportFormat; language: string | null }; result: string };
  save_report: { args: { format: ReportFormat; language: string | null }; result: string | null };
  copy_text: { args: { text: string }; result: null };
  open_url: { args: { url: string }; result: null };
  scan_network: { args: { cidr: string | null; onEvent: Channel<SweepEvent> }; result: SweepReport };
  cancel_scan: { args: Record<string, never>; result: null };
  pair_box: { args: { address: string; token: string }; result: PairingOutcome };
  save_box_logs: { args: { address: string }; result: string | null };
  start_device_check: { args: { address: string; onEvent: Channel<Array<DeviceResult>> }; result: DeviceCheckInfo };
  close_device_check: { args: Record<string, never>; result: null };
  device_policies: { args: { origin: string }; result: Array<PolicyFile> };
  check_payment_terminals: { args: { address: string }; result: TerminalReadiness };
  fleet_view: { args: Record<string, never>; result: FleetView };
  fleet_add_database: { args: { connection: DbConnection; apiKey: string }; result: AddedDatabase };
  fleet_remove_database: { args: { keyId: string }; result: null };
  fleet_set_preferences: { args: { checkIntervalMinutes: number; thresholds: AlertThresholds }; result: FleetSettings };
  fleet_check: { args: { language: string }; result: Fleet };
  fleet_export: { args: { format: string }; result: string | null };
};

export type CommandName = keyof Commands;

/** The registered commands, in the order the shell registers them. */
export const COMMANDS = [
  'app_info',
  'start_demo_box',
  'demo_scenarios',
  'connect_box',
  'check_credentials',
  'diagnose_box',
  'save_credentials',
  'box_action',
  'cancel_watch',
  'list_sites',
  'remember_box',
  'add_found_site',
  'delete_site',
  'check_all_sites',
  'certificate_countdowns',
  'save_preferences',
  'export_report',
  'save_report',
  'copy_text',
  'open_url',
  'scan_network',
  'cancel_scan',
  'pair_box',
  'save_box_logs',
  'start_device_check',
  'close_device_check',
  'device_policies',
  'check_payment_terminals',
  'fleet_view',
  'fleet_add_database',
  'fleet_remove_database',
  'fleet_set_preferences',
  'fleet_check',
  'fleet_export',
] as const satisfies readonly CommandName[];

/** The events the shell emits to the window. */
export const EVENTS = {
  fleetChecked: 'fleet-checked',
} as const;

/** What each event carries. */
export type EventPayloads = {
  'fleet-checked': Fleet;
};
