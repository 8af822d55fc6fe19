// Typed wrappers around the Tauri commands. Every rejection, whatever its shape, becomes a
// WireError, so components only ever handle `{ code, args, message, detail? }` (its sentence:
// errorText.ts, from the catalogue).
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { ApiFamily } from './bindings/ApiFamily';
import type { BoxAction } from './bindings/BoxAction';
import type { ErrorCode } from './bindings/ErrorCode';
import type { AppInfo } from './bindings/AppInfo';
import type { BoxReport } from './bindings/BoxReport';
import type { Diagnosis } from './bindings/Diagnosis';
import type { Finding } from './bindings/Finding';
import type { OneClick } from './bindings/OneClick';
import type { Verdict } from './bindings/Verdict';
import type { WatchEvent } from './bindings/WatchEvent';
import type { WatchOutcome } from './bindings/WatchOutcome';
import type { WireError } from './bindings/WireError';
import { catalogues } from './catalogue';
import type { Site } from './bindings/Site';
import type { SitesView } from './bindings/SitesView';
import type { ReportFormat } from './bindings/ReportFormat';
import type { SweepEvent } from './bindings/SweepEvent';
import type { SweepReport } from './bindings/SweepReport';
import type { FoundBox } from './bindings/FoundBox';
import type { SlowRead } from './bindings/SlowRead';
import type { PairingOutcome } from './bindings/PairingOutcome';
import type { ConnectedBox } from './bindings/ConnectedBox';
import type { SiteMatch } from './bindings/SiteMatch';
import type { BoxIdentity } from './bindings/BoxIdentity';
import type { DeviceCheckInfo } from './bindings/DeviceCheckInfo';
import type { DeviceResult } from './bindings/DeviceResult';
import type { PolicyFile } from './bindings/PolicyFile';
import type { TerminalReadiness } from './bindings/TerminalReadiness';
import type { FleetEvent } from './bindings/FleetEvent';
import type { Validity } from './bindings/Validity';
import type { Preferences } from './bindings/Preferences';
import type { AlertThresholds } from './bindings/AlertThresholds';
import type { DbConnection } from './bindings/DbConnection';
import type { Fleet } from './bindings/Fleet';
import type { FleetRow } from './bindings/FleetRow';
import type { FleetSettings } from './bindings/FleetSettings';
import { EVENTS } from './bindings/commands';
import type { AddedDatabase, Commands, CommandName, DemoCatalog, DemoPick, EventPayloads, FleetView } from './bindings/commands';

/** What `connect_box` returns: the box's status with its certificate state interpreted, and
 * the saved site for it as core matched it by identity (`siteMatch`). */
export type BoxStatus = ConnectedBox;

export type { SiteMatch, BoxIdentity };

export type { AppInfo, BoxReport, Diagnosis, Finding, OneClick, Verdict, WatchEvent, WatchOutcome, WireError };

/** A saved box ("site"); `id` is '' for a site that is not saved yet. */
export type { Site, SitesView as SiteList, ReportFormat, SweepEvent, SweepReport, FoundBox, PairingOutcome, FleetEvent };

export type { DeviceCheckInfo, DeviceResult, PolicyFile, TerminalReadiness };

/** The actions `box_action` performs (core's `BoxAction`). */
export type { BoxAction };

export type { SlowRead };

/** How to read the box's status: the time limit, and who hears that the box is slow. */
export interface BoxReadArgs {
  timeoutS: number;
  onSlow?: (slow: SlowRead) => void;
}

/** A family, flavour and scenario the demo box can be (training mode). */
export type DemoChoice = DemoPick;

/** The extra arguments of a status read, with a channel for its progress line. */
function readArgs(read: BoxReadArgs | undefined): { boxTimeoutS: number | null; onProgress: Channel<SlowRead> } {
  const channel = new Channel<SlowRead>();
  channel.onmessage = (slow) => read?.onSlow?.(slow);
  return { boxTimeoutS: read?.timeoutS ?? null, onProgress: channel };
}
export type { AlertThresholds, DbConnection, Fleet, FleetRow, FleetSettings };
export type { AddedDatabase, DemoCatalog, FleetView };
export { EVENTS };

/** `save_credentials`' arguments but its progress channel. */
export type SaveCredentialsArgs = Omit<Commands['save_credentials']['args'], 'onEvent'>;

/** Code for failures that did not come from the Rust side in the agreed shape. */
export const UNEXPECTED: ErrorCode = 'UI_UNEXPECTED';

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    v.code.length > 0 &&
    typeof v.message === 'string' &&
    (v.args === undefined || (typeof v.args === 'object' && v.args !== null)) &&
    (v.detail === undefined || v.detail === null || typeof v.detail === 'string')
  );
}

function describe(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Only string values: the args are filled into catalogue sentences. */
function stringArgs(args: unknown): WireError['args'] {
  const out: WireError['args'] = {};
  if (typeof args !== 'object' || args === null) return out;
  for (const [name, value] of Object.entries(args)) if (typeof value === 'string') out[name] = value;
  return out;
}

/** A failure that did not arrive in the agreed shape: the catalogue's UI_UNEXPECTED sentence,
 * whatever it carried as detail (rendered by errorText like any other error). */
function unexpected(detail: string | undefined): WireError {
  const err: WireError = { code: UNEXPECTED, args: {}, message: catalogues.en.errors[UNEXPECTED] ?? UNEXPECTED };
  if (detail) err.detail = detail;
  return err;
}

/** Turns anything a rejected promise may carry into a WireError. */
export function toWireError(value: unknown): WireError {
  if (isWireError(value)) {
    const { code, message, detail } = value;
    const args = stringArgs(value.args);
    return typeof detail === 'string' ? { code, args, message, detail } : { code, args, message };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isWireError(parsed)) return toWireError(parsed);
      } catch {
        // not JSON: fall through and keep the text as the detail
      }
    }
    return unexpected(text || undefined);
  }
  if (value instanceof Error) {
    return unexpected([value.name !== 'Error' ? value.name : '', value.message].filter(Boolean).join(': ') || undefined);
  }
  return unexpected(describe(value));
}

/** A command's arguments: none for a command that takes none. */
type ArgsOf<C extends CommandName> = Commands[C]['args'] extends Record<string, never> ? [] : [Commands[C]['args']];

/** Calls a command by the contract generated from Rust (bindings/commands.ts); resolves with
 * its result or rejects with a WireError. */
export async function call<C extends CommandName>(command: C, ...args: ArgsOf<C>): Promise<Commands[C]['result']> {
  try {
    return await invoke<Commands[C]['result']>(command, args[0]);
  } catch (e) {
    throw toWireError(e);
  }
}

/** Listens for an event the shell emits (names and payloads generated from Rust); resolves
 * with the function that stops listening. */
export function listenTo<E extends keyof EventPayloads>(
  event: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<() => void> {
  return listen<EventPayloads[E]>(event, (e) => handler(e.payload));
}

/** A channel for the progress events of a LAN sweep. */
function sweepChannel(onEvent: (event: SweepEvent) => void): Channel<SweepEvent> {
  const channel = new Channel<SweepEvent>();
  channel.onmessage = onEvent;
  return channel;
}

/** A channel for device results of the device check. */
/** The devices as they stand after each report (core keeps one result per device). */
function deviceChannel(onDevices: (devices: DeviceResult[]) => void): Channel<DeviceResult[]> {
  const channel = new Channel<DeviceResult[]>();
  channel.onmessage = onDevices;
  return channel;
}

/** A channel for the results of a fleet check, as each box answers. */
function fleetChannel(onEvent: (event: FleetEvent) => void): Channel<FleetEvent> {
  const channel = new Channel<FleetEvent>();
  channel.onmessage = onEvent;
  return channel;
}

/** A channel for the progress events of a watched action. */
function watchChannel(onEvent: (event: WatchEvent) => void): Channel<WatchEvent> {
  const channel = new Channel<WatchEvent>();
  channel.onmessage = onEvent;
  return channel;
}

declare global {
  interface Window {
    /** Set by the shell's initialization script before the page's own scripts run. */
    __IOT_HTTPS_APP_INFO__?: AppInfo;
  }
}

export const api = {
  /** What the shell put into the page when it created the window: the first screen can render
   * at once, without waiting for a round trip. Null outside the app (or an older shell). */
  appInfoNow: (): AppInfo | null => (typeof window === 'undefined' ? null : (window.__IOT_HTTPS_APP_INFO__ ?? null)),
  appInfo: () => call('app_info'),
  startDemoBox: (choice?: DemoChoice) => call('start_demo_box', { choice: choice ?? null }),
  demoScenarios: () => call('demo_scenarios'),
  connectBox: (address: string, read?: BoxReadArgs) =>
    call('connect_box', { address, ...readArgs(read) }),

  checkCredentials: (dbUuid: string, contractCode: string) =>
    call('check_credentials', { dbUuid, contractCode }),
  saveCredentials: (args: SaveCredentialsArgs, onEvent: (event: WatchEvent) => void) =>
    call('save_credentials', { ...args, onEvent: watchChannel(onEvent) }),
  boxAction: (address: string, action: BoxAction, onEvent: (event: WatchEvent) => void) =>
    call('box_action', { address, action, onEvent: watchChannel(onEvent) }),
  cancelWatch: () => call('cancel_watch'),
  /** `siteId`: a fleet check of that site (recorded on it; the wizard's diagnosis stays). */
  diagnoseBox: (address: string, read?: BoxReadArgs) =>
    call('diagnose_box', { address, ...readArgs(read) }),

  /** Sweeps `cidr`, or this computer's networks when it is empty; boxes stream in as found. */
  scanNetwork: (cidr: string, onEvent: (event: SweepEvent) => void) =>
    call('scan_network', { cidr: cidr.trim() || null, onEvent: sweepChannel(onEvent) }),
  cancelScan: () => call('cancel_scan'),

  listSites: () => call('list_sites'),
  /** The box connected to at `address` becomes (or updates) its own site. */
  rememberBox: (address: string) => call('remember_box', { address }),
  /** A box the latest scan found becomes a site. */
  addFoundSite: (address: string) => call('add_found_site', { address }),
  deleteSite: (id: string) => call('delete_site', { id }),
  /** Core's fleet check of every saved site; results stream in through `onEvent`. It records
   * each result on its site and never replaces the wizard's diagnosis. */
  checkAllSites: (onEvent: (event: FleetEvent) => void, boxTimeoutS: number | null = null) =>
    call('check_all_sites', { onEvent: fleetChannel(onEvent), boxTimeoutS }),
  /** Core's days left and state for each certificate end date, now. */
  certificateCountdowns: (ends: (string | null)[]) => call('certificate_countdowns', { ends }),

  /** Reports are rendered by the app from its latest diagnosis (the one on screen), so the
   * window cannot alter the evidence and secrets are scrubbed on the Rust side. */
  exportReport: (format: ReportFormat, language: string) => call('export_report', { format, language }),
  saveReport: (format: ReportFormat, language: string) => call('save_report', { format, language }),
  copyText: (text: string) => call('copy_text', { text }),
  /** Stores the window's preferences in the app's store (see preferences.ts). */
  savePreferences: (preferences: Preferences) => call('save_preferences', { preferences }),

  /** Customer databases: the key goes to the keyring through Rust and never comes back. */
  fleetView: () => call('fleet_view'),
  fleetAddDatabase: (connection: DbConnection, apiKey: string) =>
    call('fleet_add_database', { connection, apiKey }),
  fleetRemoveDatabase: (keyId: string) => call('fleet_remove_database', { keyId }),
  fleetSetPreferences: (checkIntervalMinutes: number, thresholds: AlertThresholds) =>
    call('fleet_set_preferences', { checkIntervalMinutes, thresholds }),
  fleetCheck: (language: string) => call('fleet_check', { language }),
  fleetExport: (format: 'csv' | 'json') => call('fleet_export', { format }),
  openUrl: (url: string) => call('open_url', { url }),

  /** Sends a connection token (checked on the Rust side) and waits until the box is paired. */
  pairBox: (address: string, token: string) => call('pair_box', { address, token }),
  /** Fetches the box's log and saves it where the technician picks; null when cancelled. */
  saveBoxLogs: (address: string) => call('save_box_logs', { address }),
  /** Opens the device check page (served by the app); devices stream in as they report. */
  startDeviceCheck: (address: string, onDevices: (devices: DeviceResult[]) => void) =>
    call('start_device_check', { address, onEvent: deviceChannel(onDevices) }),
  closeDeviceCheck: () => call('close_device_check'),
  devicePolicies: (origin: string) => call('device_policies', { origin }),
  checkPaymentTerminals: (address: string) => call('check_payment_terminals', { address }),
};
