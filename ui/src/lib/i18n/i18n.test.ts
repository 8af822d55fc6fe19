import { describe, expect, it, vi } from 'vitest';
import { en } from './en';
import { localeCodes, locales } from './locales';
import { chosenLocale, desktopLocale, i18n, interpolate, isMessageKey, messagesOf, t } from './i18n.svelte';
import type { AppInfo } from '../bindings/AppInfo';
import { preferences, resetPreferences } from '../preferences';
import { catalogues, ROUTER_IDS } from '../catalogue';

const reference = Object.keys(en).sort();
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(localeCodes)('language %s', (code) => {
  // All five are loaded by the test setup (the app loads each when first needed).
  const messages: Record<string, string> = messagesOf(code) ?? {};

  it('has exactly the keys of English', () => {
    const keys = Object.keys(messages).sort();
    const missing = reference.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !reference.includes(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has no empty text', () => {
    const empty = Object.entries(messages)
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders as English', () => {
    const differing = reference.filter(
      (k) => placeholders(messages[k] ?? '').join() !== placeholders(en[k as keyof typeof en]).join(),
    );
    expect(differing).toEqual([]);
  });

  it('has a label for the language switch', () => {
    expect(locales[code].short.trim()).not.toBe('');
    expect(locales[code].name.trim()).not.toBe('');
  });
});

describe.each(localeCodes)('finding catalogue %s', (code) => {
  const reference = catalogues.en;
  const own = catalogues[code];

  it('is the file of the same language', () => {
    expect(own.language).toBe(code);
  });

  it('has every finding code of English, each with the same number of steps', () => {
    const differing = Object.entries(reference.findings)
      .filter(([c, texts]) => own.findings[c]?.steps.length !== texts?.steps.length)
      .map(([c]) => c);
    expect(differing).toEqual([]);
  });

  it('has a title, an explanation and what was checked for every finding', () => {
    const incomplete = Object.entries(own.findings)
      .filter(([, f]) => ![f?.title, f?.explanation, f?.checked].every((x) => typeof x === 'string' && x.trim() !== ''))
      .map(([c]) => c);
    expect(incomplete).toEqual([]);
  });

  it('has every router recipe of English, both parts with as many steps and an https source, and the eligibility list', () => {
    for (const [id, recipe] of Object.entries(reference.routers)) {
      expect(own.routers[id]?.name.trim(), id).not.toBe('');
      for (const part of ['dns', 'https'] as const) {
        expect(own.routers[id]?.[part].steps.length, `${id} ${part}`).toBe(recipe?.[part].steps.length);
        expect(own.routers[id]?.[part].steps.every((s) => s.trim() !== ''), `${id} ${part}`).toBe(true);
        expect(own.routers[id]?.[part].source, `${id} ${part}`).toMatch(/^https:\/\/[^\s]+\.[^\s]+$/);
      }
    }
    expect(own.eligibility.length).toBe(reference.eligibility.length);
  });

  it('has a recipe for every router the picker offers (once the file is written)', () => {
    if (Object.keys(reference.routers).length === 0) return;
    expect(ROUTER_IDS.filter((id) => !own.routers[id])).toEqual([]);
    expect(Object.keys(own.routers).sort()).toEqual([...ROUTER_IDS].sort());
  });
});

describe('runtime', () => {
  it("follows the desktop language core matched (AppInfo.desktopLanguage), and English otherwise", () => {
    const info = (desktopLanguage: string) => ({ desktopLanguage }) as AppInfo;
    try {
      window.__IOT_HTTPS_APP_INFO__ = info('nl');
      expect(desktopLocale()).toBe('nl');
      window.__IOT_HTTPS_APP_INFO__ = info('de');
      expect(desktopLocale()).toBe('de');
      // Core sends a catalogue language; anything else is not trusted as one.
      window.__IOT_HTTPS_APP_INFO__ = info('nl-BE');
      expect(desktopLocale()).toBe('en');
      window.__IOT_HTTPS_APP_INFO__ = undefined;
      expect(desktopLocale()).toBe('en');
    } finally {
      window.__IOT_HTTPS_APP_INFO__ = undefined;
    }
  });

  it('interpolates named parameters and leaves unknown ones visible', () => {
    expect(interpolate('Connecting to {address}…', { address: '10.0.0.1' })).toBe('Connecting to 10.0.0.1…');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('translates in the current language and follows a switch', () => {
    i18n.locale = 'en';
    expect(t('box.connect')).toBe('Connect');
    expect(document.documentElement.lang).toBe('en');
    i18n.locale = 'nl';
    expect(t('box.connect')).toBe('Verbinden');
    expect(t('box.connecting', { address: '1.2.3.4' })).toBe('Verbinden met 1.2.3.4…');
    expect(document.documentElement.lang).toBe('nl');
  });

  it('knows which strings are keys', () => {
    expect(isMessageKey('error.hint.BOX_TIMEOUT')).toBe(true);
    expect(isMessageKey('error.hint.NOPE')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });

  it("remembers the language chosen in the switch in the app's preferences, and otherwise follows the OS", () => {
    resetPreferences();
    expect(chosenLocale()).toBeNull();
    i18n.choose('de');
    expect(preferences().language).toBe('de');
    expect(chosenLocale()).toBe('de');
    expect(JSON.parse(sessionStorage.getItem('iot-https-assistant.preferences') ?? '{}').language).toBe('de');
    i18n.locale = 'en'; // set, not chosen: nothing stored
    expect(chosenLocale()).toBe('de');
    resetPreferences();
    expect(chosenLocale()).toBeNull();
  });

  it('has only English at start and loads another language when the window first speaks it', async () => {
    vi.resetModules(); // a fresh copy, as the window starts (the test setup loaded all five)
    const fresh = await import('./i18n.svelte');
    expect(fresh.hasMessages('en')).toBe(true);
    expect(fresh.hasMessages('fr')).toBe(false);
    fresh.i18n.locale = 'fr';
    expect(fresh.t('app.name')).toBe(en['app.name']); // meanwhile English; this starts the load
    const fr = await fresh.loadMessages('fr');
    expect(fresh.hasMessages('fr')).toBe(true);
    expect(fresh.t('app.name')).toBe(fr['app.name']);
    expect(fr['header.language']).not.toBe(en['header.language']);
    expect(fresh.hasMessages('es')).toBe(false); // never needed, never loaded
  });
});
