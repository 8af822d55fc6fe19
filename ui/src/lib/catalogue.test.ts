import { describe, expect, it } from 'vitest';
import { catalogues, eligibility, findingTexts, normalise, routerRecipe } from './catalogue';
import { i18n } from './i18n/i18n.svelte';

describe('catalogue', () => {
  it('gives the texts of the current language', () => {
    i18n.locale = 'en';
    expect(findingTexts('CERT_EXPIRED')?.title).toMatch(/expired/i);
    i18n.locale = 'nl';
    expect(findingTexts('CERT_EXPIRED')?.title).toMatch(/verlopen/i);
  });

  it('falls back to English entry by entry, and to null for an unknown code', () => {
    const original = { en: catalogues.en, nl: catalogues.nl };
    try {
      catalogues.nl = normalise({ language: 'nl', findings: {} });
      catalogues.en = {
        ...catalogues.en,
        findings: { ...catalogues.en.findings, TEST_ONLY: { title: 'T', explanation: 'E', checked: 'C', steps: ['s'] } },
      };
      i18n.locale = 'nl';
      expect(findingTexts('TEST_ONLY')?.title).toBe('T');
      expect(findingTexts('NO_SUCH_CODE')).toBeNull();
      expect(findingTexts('toString')).toBeNull();
      expect(routerRecipe('no-such-router')).toBeNull();
      expect(eligibility()).toBe(catalogues.en.eligibility);
    } finally {
      catalogues.en = original.en;
      catalogues.nl = original.nl;
    }
  });

  it('turns a half-written file into an empty catalogue instead of failing', () => {
    expect(normalise({ findings: {} })).toEqual({ language: '', findings: {}, routers: {}, eligibility: [] });
    expect(normalise(null).findings).toEqual({});
  });
});
