// Typed wrappers around the Tauri commands. Every rejection, whatever its shape, becomes a
// WireError, so components only ever handle `{ code, message, detail? }`.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { BoxReport } from './bindings/BoxReport';

/** What `connect_box` returns: the box's status with its certificate state interpreted. */
export type BoxStatus = BoxReport;
import type { WireError } from './bindings/WireError';

export type { AppInfo, BoxReport, WireError };

/** Code for failures that did not come from the Rust side in the agreed shape. */
export const UNEXPECTED = 'UI_UNEXPECTED';

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    v.code.length > 0 &&
    typeof v.message === 'string' &&
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

/** Turns anything a rejected promise may carry into a WireError. */
export function toWireError(value: unknown): WireError {
  if (isWireError(value)) {
    const { code, message, detail } = value;
    return typeof detail === 'string' ? { code, message, detail } : { code, message };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isWireError(parsed)) return toWireError(parsed);
      } catch {
        // not JSON: fall through and use the text as the message
      }
    }
    return { code: UNEXPECTED, message: text || 'Unexpected error.' };
  }
  if (value instanceof Error) {
    const err: WireError = { code: UNEXPECTED, message: value.message || value.name };
    if (value.name && value.name !== 'Error') err.detail = value.name;
    return err;
  }
  const err: WireError = { code: UNEXPECTED, message: 'Unexpected error.' };
  const detail = describe(value);
  if (detail) err.detail = detail;
  return err;
}

/** Calls a command; resolves with its result or rejects with a WireError. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toWireError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  startDemoBox: () => call<string>('start_demo_box'),
  connectBox: (address: string) => call<BoxStatus>('connect_box', { address }),
};
