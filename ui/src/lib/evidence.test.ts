import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAllCatalogues } from './catalogue';
import { errorTemplate } from './errorText';
import { evidenceText } from './evidence';
import { i18n, interpolate } from './i18n/i18n.svelte';
import type { Evidence } from './bindings/Evidence';

// What core's `Evidence::error_arg` sends for a refused HTTPS port (findings/error_arg.rs).
const httpsClosed: Evidence = {
  kind: 'httpsClosed',
  args: {
    https: '127.0.0.1:9',
    error: 'TLS_UNREACHABLE',
    'error.target': '127.0.0.1:9',
    'error.detail': 'Connection refused (os error 111)',
  },
};

describe('a failure inside a fact ({name, error})', () => {
  beforeAll(() => loadAllCatalogues());
  afterEach(() => {
    i18n.locale = 'en';
  });

  it('is worded by the catalogue in the window language, as core renders it', () => {
    i18n.locale = 'fr';
    expect(evidenceText(httpsClosed)).toBe(
      "l'IoT Box répond sur son port HTTP, mais https://127.0.0.1:9 non : " +
        "Rien ne répond en HTTPS à l'adresse 127.0.0.1:9 (Connection refused (os error 111))",
    );
    i18n.locale = 'de';
    const de = evidenceText(httpsClosed);
    expect(de).toMatch(/: Unter 127\.0\.0\.1:9 antwortet nichts per HTTPS \(Connection refused \(os error 111\)\)$/);
    expect(de).not.toContain('Nothing answers');
  });

  it('interpolate: the code sentence with its own args, the raw code when unknown, visible when missing', () => {
    i18n.locale = 'fr';
    expect(interpolate('{url} : {error, error}', { url: 'u', error: 'BOX_UNREACHABLE', 'error.target': '127.0.0.1:9' }, errorTemplate)).toBe(
      "u : L'IoT Box à l'adresse 127.0.0.1:9 n'a pas répondu",
    );
    expect(interpolate('{url} : {error, error}', { url: 'u', error: 'NEWER_CODE', 'error.detail': '{x}' }, errorTemplate)).toBe(
      'u : NEWER_CODE ({x})',
    );
    expect(interpolate('{url}: {error, error}', { url: 'u' }, errorTemplate)).toBe('u: {error, error}');
  });
});
