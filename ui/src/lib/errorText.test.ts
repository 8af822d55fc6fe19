import { afterEach, describe, expect, it } from 'vitest';
import { catalogues } from './catalogue';
import { errorText } from './errorText';
import { i18n } from './i18n/i18n.svelte';
import type { ErrorCode } from './bindings/ErrorCode';

const timeout = {
  code: 'BOX_TIMEOUT' as ErrorCode,
  args: { target: '127.0.0.1:8069', path: '/hw_proxy/hello', after_ms: '30000' },
  message: 'The box at 127.0.0.1:8069 took longer than 30000 ms to answer /hw_proxy/hello.',
};

describe('errorText', () => {
  afterEach(() => {
    i18n.locale = 'en';
  });

  it('renders the code in the window language from the catalogue, not the English message', () => {
    i18n.locale = 'fr';
    const text = errorText(timeout);
    expect(text).toBe("L'IoT Box à l'adresse 127.0.0.1:8069 a mis plus de 30000 ms à répondre à /hw_proxy/hello.");
    i18n.locale = 'de';
    expect(errorText(timeout)).toContain('Die Box unter 127.0.0.1:8069');
  });

  it('words a refused address by its problem key, as core does (a select inside a select)', () => {
    i18n.locale = 'fr';
    const url = { code: 'ODOO_URL_INVALID' as ErrorCode, args: { input: 'ftp://x', problem: 'scheme' }, message: 'x' };
    expect(errorText(url)).toBe(
      "« ftp://x » n'est pas une adresse de base de données utilisable : seules les adresses https:// sont comprises.",
    );
    const empty = { code: 'ODOO_URL_INVALID' as ErrorCode, args: { input: '', problem: 'empty' }, message: 'x' };
    expect(errorText(empty)).toBe("Saisissez l'adresse web de la base de données, p. ex. https://shop.odoo.com.");
    const port = { code: 'INPUT_INVALID_ADDRESS' as ErrorCode, args: { input: 'x:0', problem: 'port', port: '0' }, message: 'x' };
    expect(errorText(port)).toBe("« 0 » n'est pas un numéro de port (1-65535).");
  });

  it('words a bad answer by its problem key, with the values core sends', () => {
    i18n.locale = 'de';
    const many = {
      code: 'ODOO_BAD_ANSWER' as ErrorCode,
      args: { url: 'https://shop.example', problem: 'tooManyRecords', count: '5001', limit: '5000' },
      message: 'x',
    };
    expect(errorText(many)).toBe(
      'https://shop.example hat 5001 IoT-Boxen aufgeführt, mehr als die 5000, die dieser Assistent glaubt.',
    );
    i18n.locale = 'fr';
    const logs = { code: 'BOX_MALFORMED_RESPONSE' as ErrorCode, args: { path: '/hw_drivers/logs', problem: 'noLogsText' }, message: 'x' };
    expect(errorText(logs)).toBe('La réponse à /hw_drivers/logs ne contient aucun texte de journal.');
  });

  it('renders English from the same catalogue as core', () => {
    expect(errorText(timeout)).toBe(timeout.message);
  });

  it('every error code has a sentence in every language with the same placeholders', () => {
    const placeholders = (s: string | undefined) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const codes = Object.keys(catalogues.en.errors).sort();
    expect(codes.length).toBeGreaterThan(40);
    for (const [lang, cat] of Object.entries(catalogues)) {
      expect(Object.keys(cat.errors).sort(), lang).toEqual(codes);
      for (const code of codes as ErrorCode[]) {
        expect(placeholders(cat.errors[code]), `${lang} ${code}`).toEqual(placeholders(catalogues.en.errors[code]));
      }
    }
  });

  it('falls back to the wire message for a code this build does not know', () => {
    expect(errorText({ code: 'SOMETHING_NEW' as ErrorCode, args: {}, message: 'words' })).toBe('words');
  });
});
