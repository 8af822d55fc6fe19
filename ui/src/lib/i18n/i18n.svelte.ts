// The translation runtime: a rune-backed current locale and `t(key, params)`.
// Reading `t` inside a component template makes it re-render when the locale changes.
import { en, type MessageKey, type Messages } from './en';
import { dictionaries, fallbackLocale, localeCodes, type LocaleCode } from './locales';
import { preferences, savePreferences } from '../preferences';

export type { MessageKey, LocaleCode };
export type Params = Record<string, string | number>;

/** The desktop's language as core matched it (`AppInfo.desktopLanguage`); English outside
 * the app. The window does not match locales itself. */
export function desktopLocale(): LocaleCode {
  const handedOver = typeof window === 'undefined' ? undefined : window.__IOT_HTTPS_APP_INFO__?.desktopLanguage;
  return localeCodes.find((code) => code === handedOver) ?? fallbackLocale;
}

/** The language chosen in the switch (kept in the app's preferences); without one the OS rules. */
export function chosenLocale(): LocaleCode | null {
  const value = preferences().language;
  return localeCodes.find((code) => code === value) ?? null;
}

const initial = chosenLocale() ?? desktopLocale();
let current = $state<LocaleCode>(initial);

/** The dictionaries in memory: English always, another once it was first needed. */
const loaded: Partial<Record<LocaleCode, Messages>> = { en };
const loading = new Map<LocaleCode, Promise<Messages>>([['en', Promise.resolve(en)]]);
/** Read by `t`, so texts drawn in English while a dictionary was on its way are redrawn. */
let arrivals = $state(0);

/** The dictionary of `code`, loaded once (main.ts waits for the window's before its first
 * screen; a switch draws English for the few milliseconds it takes). */
export function loadMessages(code: LocaleCode): Promise<Messages> {
  const known = loading.get(code);
  if (known) return known;
  const load = dictionaries[code as Exclude<LocaleCode, 'en'>]().then(
    (messages) => {
      loaded[code] = messages;
      arrivals += 1;
      return messages;
    },
    () => {
      loading.delete(code); // a later text tries again; English meanwhile
      return en;
    },
  );
  loading.set(code, load);
  return load;
}

/** Whether `code`'s dictionary is in memory. */
export function hasMessages(code: LocaleCode): boolean {
  return loaded[code] !== undefined;
}

/** Every dictionary (tests, which compare languages and switch synchronously). */
export function loadAllMessages(): Promise<Messages[]> {
  return Promise.all(localeCodes.map(loadMessages));
}

/** The dictionary of a language once loaded (tests). */
export function messagesOf(code: LocaleCode): Messages | undefined {
  return loaded[code];
}

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
    void savePreferences({ language: code });
  },
};

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** `{name}` from `params`; `{name, plural, one {…} other {…}}` in the window language's plural
 * rule (Intl.PluralRules: French 0 and 1 are singular), `#` the value with the language's
 * decimal sign; `{name, select, key {…} other {…}}` by the value as a key. A chosen form may
 * hold placeholders of its own, filled in turn — the same rules as core's `findings::plural`
 * and `evidence::fill_in`. `{name, error}` is a failure inside a fact: `errorTemplate` gives its
 * code's sentence (core's `findings::error_arg`). Values are never read as templates. */
export function interpolate(template: string, params?: Params, errorTemplate?: ErrorTemplate): string {
  if (!params) return template;
  let out = '';
  let rest = template;
  for (let open = rest.indexOf('{'); open >= 0; open = rest.indexOf('{')) {
    out += rest.slice(0, open);
    const len = bodyLength(rest.slice(open + 1));
    if (len === null) return out + rest.slice(open);
    const body = rest.slice(open + 1, open + 1 + len);
    if (Object.hasOwn(params, body)) out += String(params[body]);
    else {
      // A failure's sentence is final; a chosen form is filled in turn.
      const failure = errorSentence(body, params, errorTemplate);
      const form = failure === null ? chooseForm(body, params) : null;
      out += failure ?? (form === null ? `{${body}}` : interpolate(form, params, errorTemplate));
    }
    rest = rest.slice(open + 1 + len + 1);
  }
  return out + rest;
}

/** An error code's template in the current language (English as fallback), if known. */
export type ErrorTemplate = (code: string) => string | undefined;

/** A `name, error` body: `params[name]` is an error code, `name.<arg>` its values and
 * `name.detail` its technical detail; the code's sentence (the raw code when unknown) without
 * its closing full stop, then the detail in parentheses, as core's `findings::error_arg`.
 * Null when the body is not one or the code is missing. */
function errorSentence(body: string, params: Params, errorTemplate?: ErrorTemplate): string | null {
  const comma = body.indexOf(',');
  if (comma < 0 || body.slice(comma + 1).trim() !== 'error') return null;
  const name = body.slice(0, comma).trim();
  if (!Object.hasOwn(params, name)) return null;
  const code = String(params[name]);
  const own: Params = {};
  for (const [key, value] of Object.entries(params)) if (key.startsWith(`${name}.`)) own[key.slice(name.length + 1)] = value;
  const template = errorTemplate?.(code);
  const text = template === undefined ? code : interpolate(template, own, errorTemplate);
  const sentence = text.endsWith('.') ? text.slice(0, -1) : text;
  return Object.hasOwn(own, 'detail') ? `${sentence} (${String(own.detail)})` : sentence;
}

/** The length of a placeholder's body up to its matching `}`. */
function bodyLength(afterOpen: string): number | null {
  let depth = 0;
  for (let i = 0; i < afterOpen.length; i++) {
    if (afterOpen[i] === '{') depth++;
    else if (afterOpen[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return null;
}

/** The `key {form}` pairs of a plural or select body, braces inside a form counted. */
function formsOf(text: string): Map<string, string> {
  const found = new Map<string, string>();
  let rest = text;
  for (let open = rest.indexOf('{'); open >= 0; open = rest.indexOf('{')) {
    const len = bodyLength(rest.slice(open + 1));
    if (len === null) break;
    found.set(rest.slice(0, open).trim(), rest.slice(open + 1, open + 1 + len));
    rest = rest.slice(open + 1 + len + 1);
  }
  return found;
}

/** The form a `name, plural|select, …` body picks for `params`, else null. */
function chooseForm(body: string, params: Params): string | null {
  const head = /^(\w+), (plural|select),/.exec(body);
  const [whole, name, kind] = head ?? [];
  if (whole === undefined || name === undefined) return null;
  const found = formsOf(body.slice(whole.length));
  // A select without its key (an older sender, a code worded before it had reasons): `other`.
  if (!Object.hasOwn(params, name)) return kind === 'select' ? (found.get('other') ?? null) : null;
  const value = String(params[name]);
  // `select`: the value is a key (a rebind range, a resolver's role), as core's plural::select.
  if (kind === 'select') return found.get(value) ?? found.get('other') ?? null;
  const n = Number(value);
  if (Number.isNaN(n)) return null;
  const form = found.get(new Intl.PluralRules(current).select(n)) ?? found.get('other');
  if (form === undefined) return null;
  return form.replaceAll('#', current === 'en' ? value : value.replace('.', ','));
}

export function t(key: MessageKey, params?: Params): string {
  void arrivals;
  const messages = loaded[current] ?? en;
  if (!loading.has(current)) void loadMessages(current);
  return interpolate(messages[key] || en[key] || key, params);
}
