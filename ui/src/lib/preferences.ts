// The window's own preferences (language, last tab, report format, default resolvers), kept by
// the app in its store (tauri-plugin-store, used from Rust: `save_preferences`). The shell hands
// the stored ones over with the page when it creates the window (`AppInfo.preferences`), so the
// first screen needs no round trip. A reload within the same run would get that copy again, so
// every change is mirrored in sessionStorage, which lives exactly as long as this run's window.
// No static import of api.ts: i18n imports this module, and test files must mock
// @tauri-apps/api/core before api.ts first loads.
import type { Preferences } from './bindings/Preferences';

export type { Preferences };

const SESSION_KEY = 'iot-https-assistant.preferences';
const NONE: Preferences = { language: null, lastTab: null, reportFormat: null, defaultResolvers: [] };

function fromSession(): Partial<Preferences> | null {
  try {
    const text = globalThis.sessionStorage?.getItem(SESSION_KEY);
    const value: unknown = text ? JSON.parse(text) : null;
    return typeof value === 'object' && value !== null ? (value as Partial<Preferences>) : null;
  } catch {
    return null; // storage disabled or damaged: the handed-over copy rules
  }
}

function initial(): Preferences {
  const handedOver = typeof window === 'undefined' ? undefined : window.__IOT_HTTPS_APP_INFO__?.preferences;
  return { ...NONE, ...(handedOver ?? {}), ...(fromSession() ?? {}) };
}

let current: Preferences = initial();

export function preferences(): Preferences {
  return current;
}

/** Applies `patch` at once and saves it; a failed save keeps the choice for this run. */
export async function savePreferences(patch: Partial<Preferences>): Promise<void> {
  current = { ...current, ...patch };
  try {
    globalThis.sessionStorage?.setItem(SESSION_KEY, JSON.stringify(current));
  } catch {
    // storage disabled: the store still has it after a restart
  }
  try {
    const { api } = await import('./api');
    await api.savePreferences(current);
  } catch {
    // outside the app, or the store failed: the choice lasts for this run
  }
}

/** Back to what the page was handed (tests). */
export function resetPreferences(): void {
  try {
    globalThis.sessionStorage?.removeItem(SESSION_KEY);
  } catch {
    // nothing stored
  }
  current = initial();
}
