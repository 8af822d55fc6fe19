// The language registry. Adding a language = one dictionary file + one line here and in
// `dictionaries`. Only English is in the start-up script; the others are chunks of their own,
// loaded when the window first speaks them (i18n.svelte.ts, bench/README.md).
import type { Messages } from './en';

export interface Locale {
  /** Shown in the language switch. */
  short: string;
  /** The language's own name. */
  name: string;
}

export const locales = {
  en: { short: 'EN', name: 'English' },
  nl: { short: 'NL', name: 'Nederlands' },
  fr: { short: 'FR', name: 'Français' },
  de: { short: 'DE', name: 'Deutsch' },
  es: { short: 'ES', name: 'Español' },
} satisfies Record<string, Locale>;

export type LocaleCode = keyof typeof locales;
export const fallbackLocale: LocaleCode = 'en';
export const localeCodes = Object.keys(locales) as LocaleCode[];

/** How each language other than English arrives: the compiler rejects a language without one. */
export const dictionaries: Record<Exclude<LocaleCode, 'en'>, () => Promise<Messages>> = {
  nl: () => import('./nl').then((m) => m.nl),
  fr: () => import('./fr').then((m) => m.fr),
  de: () => import('./de').then((m) => m.de),
  es: () => import('./es').then((m) => m.es),
};
