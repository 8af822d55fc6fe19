import { afterEach, describe, expect, it } from 'vitest';
import { i18n, interpolate } from './i18n/i18n.svelte';
import { catalogues } from './catalogue';

const fr = catalogues.fr.evidence.validityPeriod ?? '';
const en = catalogues.en.evidence.validityPeriod ?? '';
const args = (daysLeft: string) => ({ notBefore: 'a', notAfter: 'b', daysLeft, evaluatedAt: 'c' });

describe('plurals and numbers by the window language', () => {
  afterEach(() => {
    i18n.locale = 'en';
  });

  it('French: 0 and 1 are singular, 2 plural, decimal comma', () => {
    i18n.locale = 'fr';
    expect(interpolate(fr, args('0'))).toContain('(0 jour restant au c)');
    expect(interpolate(fr, args('1'))).toContain('(1 jour restant au c)');
    expect(interpolate(fr, args('2'))).toContain('(2 jours restants au c)');
    expect(interpolate('{n, plural, one {# jour} other {# jours}}', { n: '1.5' })).toBe('1,5 jour');
  });

  it('English: only 1 is singular', () => {
    expect(interpolate(en, args('1'))).toContain('(1 day left at c)');
    expect(interpolate(en, args('2'))).toContain('(2 days left at c)');
    expect(interpolate(en, args('0'))).toContain('(0 days left at c)');
  });
});

describe('keys chosen by the language (select), as core renders them', () => {
  afterEach(() => {
    i18n.locale = 'en';
  });

  it('rebind ranges, resolver roles and API families are words of the window language', () => {
    i18n.locale = 'fr';
    const fr = catalogues.fr.evidence;
    expect(interpolate(fr.rebindRange ?? '', { ip: '10.1.2.3', range: 'private' })).toMatch(/^10\.1\.2\.3 est une adresse privée \(RFC 1918\) :/);
    expect(interpolate(fr.resolverNoData ?? '', { resolver: '127.0.0.53 (/etc/resolv.conf)', role: 'system' })).toMatch(
      /^le résolveur système 127\.0\.0\.53 \(\/etc\/resolv\.conf\) a répondu/,
    );
    expect(interpolate(fr.resolverTimeout ?? '', { resolver: '#1 (127.0.0.2)', role: 'public' })).toMatch(/^le résolveur public #1/);
    expect(interpolate(fr.apiFamilyDetected ?? '', { family: 'legacy-html' })).toContain('legacy-html (Odoo 16.0 / début 17.0)');
    expect(interpolate(fr.apiFamilyDetected ?? '', { family: 'iot-drivers' })).toContain('(Odoo saas-18.4 / 19.0+)');
  });
});

describe('day counts in the window chrome', () => {
  afterEach(() => {
    i18n.locale = 'en';
  });

  it('says "1 jour", not "1 jours", and "1 day", not "1 days"', async () => {
    const { t } = await import('./i18n/i18n.svelte');
    i18n.locale = 'fr';
    expect(t('days.left', { days: 1 })).toBe('1 jour restant');
    expect(t('days.expired', { days: 0 })).toBe('Expiré depuis 0 jour');
    expect(t('days.left', { days: 2 })).toBe('2 jours restants');
    i18n.locale = 'en';
    expect(t('days.left', { days: 1 })).toBe('1 day left');
    expect(t('days.left', { days: 2 })).toBe('2 days left');
  });

  it('a chosen form fills its own placeholders, as core does; values are never templates', () => {
    i18n.locale = 'fr';
    const uuid = 'UUID : {problem, select, empty {vide} length {{count} caractères, pas 32} other {?}}.';
    expect(interpolate(uuid, { problem: 'length', count: '31' })).toBe('UUID : 31 caractères, pas 32.');
    expect(interpolate(uuid, { problem: 'empty' })).toBe('UUID : vide.');
    // Without its key (an older sender), a select reads as its `other` form, as core does.
    expect(interpolate(uuid, {})).toBe('UUID : ?.');
    const days = '{n, plural, one {# jour pour {who}} other {# jours pour {who}}}';
    expect(interpolate(days, { n: '2', who: '{n}' })).toBe('2 jours pour {n}');
  });
});
