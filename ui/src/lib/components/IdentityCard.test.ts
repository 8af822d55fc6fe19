import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import IdentityCard from './IdentityCard.svelte';
import type { BoxStatus } from '../api';
import { crashedHwPosbox, hwPosboxStatusWindows, iotDriversLinux } from '../../test/fixtures';

const text = (id: string) => screen.getByTestId(id).textContent ?? '';
const show = (patch: Partial<BoxStatus>) => render(IdentityCard, { status: { ...iotDriversLinux, ...patch } });

describe('IdentityCard', () => {
  it.each([
    ['legacy-html', 'Odoo 16.0 / early 17.0'],
    ['hw-posbox-status', 'Odoo 17.0 – saas-18.2'],
    ['hw-posbox-end-date', 'Odoo saas-18.3'],
    ['iot-drivers', 'Odoo saas-18.4 / 19.0+'],
  ] as const)('names the %s family with its Odoo versions', (family, versions) => {
    show({ family });
    expect(text('identity-family')).toContain(family);
    expect(text('identity-family')).toContain(versions);
  });

  it('shows the certificate details of a status-kind box with its line breaks', () => {
    render(IdentityCard, { status: hwPosboxStatusWindows });
    const paragraphs = [...screen.getByTestId('identity-certificate').querySelectorAll('.details > span')];
    expect(paragraphs.map((p) => p.textContent)).toEqual([
      'ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL',
      'The database UUID or the contract code is missing.',
    ]);
    expect(text('identity-certificate')).toContain('Not OK');
  });

  it('says OK for a good status-kind certificate, with an icon as well as colour', () => {
    show({ certificate: { kind: 'status', ok: true, details: '' } });
    expect(text('identity-certificate')).toContain('OK');
    expect(text('identity-certificate')).not.toContain('Not OK');
    expect(screen.getByTestId('identity-certificate').querySelector('svg.icon-ok')).not.toBeNull();
  });

  it('says when an end-date box has no valid certificate', () => {
    show({ certificate: { kind: 'endDate', endDate: null } });
    expect(text('identity-certificate')).toContain('No valid certificate');
    expect(screen.getByTestId('identity-certificate').querySelector('svg.icon-bad')).not.toBeNull();
  });

  it('says when the certificate is not reported', () => {
    show({ certificate: { kind: 'absent' } });
    expect(text('identity-certificate')).toContain('Not reported');
  });

  it('handles a box that reports little', () => {
    show({
      version: null,
      ip: null,
      identifier: null,
      mac: null,
      flavour: 'unknown',
      pairing: { state: 'unknown' },
      credentials: { dbUuid: null, enterpriseCodePresent: false },
    });
    expect(text('identity-version')).toContain('Not reported');
    expect(text('identity-ip')).toContain('Not reported');
    expect(text('identity-identifier')).toContain('Not reported');
    expect(text('identity-mac')).toContain('Not reported');
    expect(text('identity-flavour')).toContain('unknown');
    expect(text('identity-server')).toContain('Not reported by this box');
    expect(text('identity-credentials')).toContain('Database UUID: none');
    expect(text('identity-credentials')).toContain('Contract code: missing');
    expect(screen.queryByTestId('identity-anomalies')).toBeNull();
  });

  it('marks an expired pairing code', () => {
    show({ pairing: { state: 'notPaired', pairingCode: 'ABC123', codeExpired: true } });
    expect(text('identity-server')).toContain('Not paired');
    expect(text('identity-server')).toContain('ABC123 (expired)');
  });

  it('says the status page rows were not read when the page crashed', () => {
    render(IdentityCard, { status: crashedHwPosbox });
    for (const id of ['identity-server', 'identity-credentials', 'identity-certificate']) {
      expect(text(id)).toContain("Not read: the box's status page did not answer");
      expect(text(id)).not.toContain('missing');
    }
    expect(text('identity-family')).toContain('hw-posbox-status');
  });
});
