// The language registry. Adding a language = one dictionary file + one line here.
import { en, type Messages } from './en';
import { nl } from './nl';
import { fr } from './fr';
import { de } from './de';
import { es } from './es';

export interface Locale {
  /** Shown in the language switch. */
  short: string;
  /** The language's own name. */
  name: string;
  messages: Messages;
}

export const locales = {
  en: { short: 'EN', name: 'English', messages: en },
  nl: { short: 'NL', name: 'Nederlands', messages: nl },
  fr: { short: 'FR', name: 'Français', messages: fr },
  de: { short: 'DE', name: 'Deutsch', messages: de },
  es: { short: 'ES', name: 'Español', messages: es },
} satisfies Record<string, Locale>;

export type LocaleCode = keyof typeof locales;
export const fallbackLocale: LocaleCode = 'en';
export const localeCodes = Object.keys(locales) as LocaleCode[];
