// The translation runtime: a rune-backed current locale and `t(key, params)`.
// Reading `t` inside a component template makes it re-render when the locale changes.
import { en, type MessageKey } from './en';
import { fallbackLocale, localeCodes, locales, type LocaleCode } from './locales';

export type { MessageKey, LocaleCode };
export type Params = Record<string, string | number>;

/** The first preferred language we have (by primary subtag, so `nl-BE` → `nl`), else English. */
export function pickLocale(preferred: readonly string[]): LocaleCode {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const found = localeCodes.find((code) => code === primary);
    if (found) return found;
  }
  return fallbackLocale;
}

function browserLanguages(): string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages?.length) return [...navigator.languages];
  return navigator.language ? [navigator.language] : [];
}

/** Where the language the user chose is remembered; without a choice the OS language rules. */
export const LOCALE_STORAGE_KEY = 'iot-https-assistant.locale';

export function storedLocale(): LocaleCode | null {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return localeCodes.find((code) => code === value) ?? null;
  } catch {
    return null; // storage disabled: follow the OS
  }
}

function storeLocale(code: LocaleCode): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, code);
  } catch {
    // storage disabled: the choice lasts for this session
  }
}

const initial = storedLocale() ?? pickLocale(browserLanguages());
let current = $state<LocaleCode>(initial);

function applyToDocument(code: LocaleCode): void {
  if (typeof document !== 'undefined') document.documentElement.lang = code;
}
applyToDocument(initial);

export const i18n = {
  get locale(): LocaleCode {
    return current;
  },
  set locale(code: LocaleCode) {
    current = code;
    applyToDocument(code);
  },
  /** The user's choice in the language switch: applied and remembered. */
  choose(code: LocaleCode): void {
    this.locale = code;
    storeLocale(code);
  },
};

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  const messages = locales[current].messages;
  return interpolate(messages[key] || en[key] || key, params);
}
