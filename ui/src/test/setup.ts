// Shared test setup: tests run in English unless they switch.
import { beforeEach } from 'vitest';
import { i18n } from '../lib/i18n/i18n.svelte';

beforeEach(() => {
  i18n.locale = 'en';
});
