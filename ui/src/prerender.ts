// Build time only (`npm run build` → scripts/prerender.mjs): the first screen's markup in every
// window language, rendered by Svelte's server renderer from the same components. The app opens
// the page of its window's language, so the Box step is on screen and takes typing as soon as
// the HTML is parsed; main.ts then hydrates it (bench/README.md "The third pass").
import { render } from 'svelte/server';
import type { AppInfo } from './lib/bindings/AppInfo';
import { FIRST_SCREEN_MARK } from './lib/firstScreen';
import { localeCodes, type LocaleCode } from './lib/i18n/locales';

/** The facts of a real run with no box given and no stored preferences: what most windows
 * start with. Any other start (a box given, demo or test mode, a remembered tab) differs in a
 * few nodes, which hydration redraws. */
export function realRunFacts(language: LocaleCode, version: string): AppInfo {
  return {
    version,
    os: 'linux',
    loopbackOnly: false,
    loopbackReason: null,
    initialBox: null,
    startOnDemoBox: false,
    desktopLanguage: language,
    preferences: { language: null, lastTab: null, reportFormat: null, defaultResolvers: [] },
  };
}

/** Goes right after the markup: the moment the parser has the address field, the first screen
 * takes typing. Not in demo mode, where the field starts busy connecting. */
export const markScript = `<script>if(!window.__IOT_HTTPS_APP_INFO__?.startOnDemoBox)performance.mark('${FIRST_SCREEN_MARK}')</script>`;

/** The body of `#app` for each language. */
export async function firstScreens(version: string): Promise<Record<LocaleCode, string>> {
  const screens: Partial<Record<LocaleCode, string>> = {};
  // The modules read the handed-over facts when they run, as in the window. In Node there is
  // no `window`; under a test's DOM there is one, whose facts are put back afterwards.
  const page = globalThis as { window?: { __IOT_HTTPS_APP_INFO__?: AppInfo } };
  const ownWindow = page.window === undefined;
  const before = page.window?.__IOT_HTTPS_APP_INFO__;
  const facts = (page.window ??= {});
  try {
    facts.__IOT_HTTPS_APP_INFO__ = realRunFacts('en', version);
    const { i18n, loadMessages } = await import('./lib/i18n/i18n.svelte');
    const { default: App } = await import('./App.svelte');
    for (const code of localeCodes) {
      facts.__IOT_HTTPS_APP_INFO__ = realRunFacts(code, version);
      await loadMessages(code);
      i18n.locale = code;
      screens[code] = render(App).body;
    }
  } finally {
    if (ownWindow) delete page.window;
    else facts.__IOT_HTTPS_APP_INFO__ = before;
  }
  return screens as Record<LocaleCode, string>;
}
