// Shared test setup: tests run in English, with no saved sites and no stored preferences.
import { beforeEach } from 'vitest';
import { i18n } from '../lib/i18n/i18n.svelte';
import { loadAllCatalogues } from '../lib/catalogue';
import { loadAllMessages } from '../lib/i18n/i18n.svelte';

// The app loads each language's finding catalogue when first needed; tests compare languages
// and switch them synchronously, so all five are in before any test runs.
await Promise.all([loadAllCatalogues(), loadAllMessages()]);

beforeEach(async () => {
  i18n.locale = 'en';
  localStorage.clear();
  sessionStorage.clear();
  const { resetPreferences } = await import('../lib/preferences');
  resetPreferences();
  // Imported here, not at the top: the store imports api.ts, which must see each test
  // file's mock of @tauri-apps/api/core.
  const { sites } = await import('../lib/siteList.svelte');
  sites.reset();
});
