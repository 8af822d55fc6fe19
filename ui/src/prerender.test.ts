// The prerendered first screen (src/prerender.ts, written into the pages by
// scripts/prerender.mjs): it is the Box step in each language, and hydrating it keeps the
// field's node and what the technician typed before the page's script ran.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { flushSync, hydrate, unmount } from 'svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('./test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';
import { hasMessages, loadAllMessages, messagesOf } from './lib/i18n/i18n.svelte';
import { localeCodes } from './lib/i18n/locales';
import { hwPosboxStatusWindows } from './test/fixtures';
import { route } from './test/tauri';

const invokeMock = vi.mocked(invoke);
let vite: ViteDevServer;
let screens: Record<string, string>;
let realRunFacts: (language: string, version: string) => Window['__IOT_HTTPS_APP_INFO__'];

// The server renderer needs the components compiled for it: Vite's own SSR loader, as the
// build's second pass does.
beforeAll(async () => {
  vite = await createServer({
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    logLevel: 'silent',
  });
  const prerender = await vite.ssrLoadModule('/src/prerender.ts');
  screens = await prerender.firstScreens('0.1.0');
  realRunFacts = prerender.realRunFacts;
  await loadAllMessages();
}, 120_000);

afterAll(async () => {
  await vite?.close();
});

describe('the prerendered first screen', () => {
  it('is the Box step with its address field, in each language', () => {
    expect(Object.keys(screens).sort()).toEqual([...localeCodes].sort());
    for (const code of localeCodes) {
      expect(hasMessages(code)).toBe(true);
      const messages = messagesOf(code)!;
      const holder = document.createElement('div');
      holder.innerHTML = screens[code]!;
      const heading = holder.querySelector('[data-testid="step-heading"]');
      expect(heading?.textContent, code).toBe(messages['box.title']);
      const field = holder.querySelector<HTMLInputElement>('[data-testid="address-input"]');
      expect(field && !field.disabled && !field.readOnly, code).toBe(true);
    }
  });

  it('hydrates without redrawing and keeps what was typed before the script ran', async () => {
    route(invokeMock, { connect_box: () => hwPosboxStatusWindows });
    const warnings = vi.spyOn(console, 'warn');
    const errors = vi.spyOn(console, 'error');
    // The facts the English page was rendered with.
    window.__IOT_HTTPS_APP_INFO__ = realRunFacts('en', '0.1.0');
    const target = document.createElement('div');
    target.innerHTML = screens.en!;
    document.body.append(target);
    const typed = target.querySelector<HTMLInputElement>('[data-testid="address-input"]')!;
    typed.value = '192.168.1.50'; // typed while the page's script was still on its way
    const app = hydrate(App, { target });
    flushSync();
    try {
      expect(target.querySelector('[data-testid="address-input"]')).toBe(typed);
      expect(typed.value).toBe('192.168.1.50');
      expect(warnings.mock.calls.flat().join(' ')).not.toMatch(/hydrat/i);
      expect(errors).not.toHaveBeenCalled();
      // The window's state took the typed address: Connect sends it.
      target.querySelector<HTMLButtonElement>('[data-testid="connect-button"]')!.click();
      await vi.waitFor(() => expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: '192.168.1.50' })));
    } finally {
      unmount(app);
      target.remove();
      delete window.__IOT_HTTPS_APP_INFO__;
    }
  });
});
