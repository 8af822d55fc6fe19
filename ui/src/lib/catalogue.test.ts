import { describe, expect, it, vi } from 'vitest';
import { FINDING_CODES, catalogues, eligibility, familyLabel, findingTexts, normalise, routerRecipe, stepsFor } from './catalogue';
import { familyText } from './describe';
import { EVIDENCE_KINDS, evidenceText } from './evidence';
import { i18n } from './i18n/i18n.svelte';
import { localeCodes } from './i18n/locales';

const placeholders = (template: string | undefined) => [...new Set(template?.match(/\{\w+\}/g) ?? [])].sort();

describe('catalogue', () => {
  it('gives the texts of the current language', () => {
    const code = 'CERT_EXPIRED';
    expect(catalogues.en.findings[code]?.title).toBeTruthy();
    i18n.locale = 'en';
    expect(findingTexts(code)).toEqual(catalogues.en.findings[code]);
    i18n.locale = 'nl';
    expect(findingTexts(code)?.title).toBe(catalogues.nl.findings[code]?.title);
    expect(findingTexts(code)?.title).not.toBe(catalogues.en.findings[code]?.title);
  });

  it.each(localeCodes)("%s has texts for exactly core's finding codes and templates for every evidence kind", (lang) => {
    const own = catalogues[lang];
    expect(Object.keys(own.findings).sort()).toEqual([...FINDING_CODES].sort());
    expect(Object.keys(own.evidence).sort()).toEqual([...EVIDENCE_KINDS].sort());
    for (const kind of EVIDENCE_KINDS) {
      expect(placeholders(own.evidence[kind]), `${lang} ${kind}`).toEqual(placeholders(catalogues.en.evidence[kind]));
    }
  });

  it("shows the identified cause's steps only, and the generic list when the cause is unknown", () => {
    for (const lang of localeCodes) {
      const texts = catalogues[lang].findings.BOX_STATUS_ERROR;
      expect(texts, lang).toBeTruthy();
      if (!texts) continue;
      const own = stepsFor(texts, { stepsFor: 'windowsDateComparison' });
      expect(own, lang).toEqual(texts.causeSteps?.windowsDateComparison);
      expect(own.length, lang).toBeLessThan(texts.steps.length);
      expect(stepsFor(texts, {}), lang).toEqual(texts.steps);
    }
  });

  it('has the steps of every network cause and both platforms in every language', () => {
    const causes = ['nameResolution', 'connectionRefused', 'connectionTimedOut', 'tlsInspection', 'proxy'] as const;
    for (const lang of localeCodes) {
      const exception = catalogues[lang].findings.ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION;
      for (const cause of causes) {
        const own = exception ? stepsFor(exception, { stepsFor: cause }) : [];
        expect(own, `${lang} ${cause}`).toEqual(exception?.causeSteps?.[cause]);
        expect(own, `${lang} ${cause}`).not.toEqual(exception?.steps);
      }
      const known = [
        ['ERR_IOT_HTTPS_LOAD_REQUEST_STATUS', 'odooComDown'],
        ['ERR_IOT_HTTPS_LOAD_REQUEST_STATUS', 'odooComAnswered'],
        ['ODOO_COM_FILTERED', 'webFilter'],
        ['ERR_IOT_HTTPS_CHECK_NO_SERVER', 'iotProxyUnreachable'],
        ['ODOO_COM_UNREACHABLE', 'nameResolution'],
      ] as const;
      for (const [code, cause] of known) {
        const texts = catalogues[lang].findings[code];
        const own = texts ? stepsFor(texts, { stepsFor: cause }) : [];
        expect(own.length, `${lang} ${code} ${cause}`).toBeGreaterThan(0);
        expect(own, `${lang} ${code} ${cause}`).toEqual(texts?.causeSteps?.[cause]);
      }
      const read = catalogues[lang].findings.ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION;
      for (const platform of ['raspberryPi', 'windows'] as const) {
        const own = read ? stepsFor(read, { stepsFor: platform }) : [];
        expect(own.length, `${lang} ${platform}`).toBeLessThan(read?.steps.length ?? 0);
      }
    }
  });

  it("names a box family with core's catalogue label in the window's language", () => {
    i18n.locale = 'de';
    expect(familyText('legacy-html')).toBe('Odoo 16.0 / frühe 17.0');
    expect(familyText('legacy-html')).toBe(catalogues.de.families['legacy-html']);
    i18n.locale = 'fr';
    expect(familyLabel('unknown')).toBe("version d'Odoo inconnue");
    expect(familyLabel('not-a-family')).toBe('not-a-family');
    i18n.locale = 'en';
    for (const lang of localeCodes) expect(Object.keys(catalogues[lang].families).sort()).toEqual(Object.keys(catalogues.en.families).sort());
  });

  it('renders evidence in the current language from its kind and values', () => {
    const fact = { kind: 'httpsName' as const, args: { name: '192-0-2-5.abc.odoo-iot.com' } };
    i18n.locale = 'en';
    expect(evidenceText(fact)).toBe("the box's HTTPS name: 192-0-2-5.abc.odoo-iot.com");
    i18n.locale = 'nl';
    expect(evidenceText(fact)).toBe('de HTTPS-naam van de box: 192-0-2-5.abc.odoo-iot.com');
    expect(evidenceText({ kind: 'quote', args: { text: 'Errno 2' } })).toBe('Errno 2');
    i18n.locale = 'en';
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

  it('has only English at start and loads another language when it is first needed', async () => {
    // A fresh copy of the module, as the window starts: the test setup loaded all five in the
    // shared one.
    vi.resetModules();
    const fresh = await import('./catalogue');
    const { i18n: freshI18n } = await import('./i18n/i18n.svelte');
    freshI18n.locale = 'en';
    expect(fresh.catalogues.de).toBe(fresh.catalogues.en);
    freshI18n.locale = 'de';
    const code = 'CERT_EXPIRED';
    // Meanwhile English; the lookup itself starts the load.
    expect(fresh.findingTexts(code)?.title).toBe(catalogues.en.findings[code]?.title);
    const loaded = await fresh.loadCatalogue('de');
    expect(loaded.language).toBe('de');
    expect(fresh.findingTexts(code)?.title).toBe(catalogues.de.findings[code]?.title);
    expect(fresh.catalogues.fr).toBe(fresh.catalogues.en); // still not loaded: never needed
  });

  it('turns a half-written file into an empty catalogue instead of failing', () => {
    expect(normalise({ findings: {} })).toEqual({ language: '', findings: {}, evidence: {}, routers: {}, eligibility: [], errors: {}, families: {}, report: {}, startup: {}, cli: {} });
    expect(normalise(null).findings).toEqual({});
  });
});
