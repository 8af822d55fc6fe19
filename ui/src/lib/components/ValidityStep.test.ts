import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import ValidityStep from './ValidityStep.svelte';
import ValidityTimeline from './ValidityTimeline.svelte';
import type { Diagnosis } from '../api';
import { diagnosis, healthy, HOST, troubled, validVerdict } from '../../test/diagnoses';
import { route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

function show(answer: Diagnosis = healthy) {
  route(invokeMock, { diagnose_box: () => answer, open_url: () => null });
  const props = { address: '127.0.0.1:18069', onDiagnosis: vi.fn(), onNext: vi.fn(), onBack: vi.fn(), onTroubleshoot: vi.fn() };
  render(ValidityStep, props);
  return props;
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('ValidityStep', () => {
  it('checks the box and shows the picture, days left, trust, name, names and chain', async () => {
    const props = show();
    expect(screen.getByTestId('step-heading').dataset.step).toBe('validity');
    await screen.findByTestId('validity-timeline');

    expect(invokeMock).toHaveBeenCalledWith('diagnose_box', expect.objectContaining({ address: '127.0.0.1:18069' }));
    expect(props.onDiagnosis).toHaveBeenCalledWith(healthy);
    expect(screen.getByTestId('days-left').textContent).toContain('49 days left');
    expect(screen.getByTestId('trust-verdict').textContent).toContain('Trusted by browsers');
    expect(screen.getByTestId('hostname').textContent).toBe(HOST);
    expect(screen.getByTestId('sans').textContent).toContain('*.d73e7513.odoo-iot.com');
    const chain = screen.getByTestId('chain').textContent ?? '';
    expect(chain).toContain('*.d73e7513.odoo-iot.com');
    expect(chain).toContain('issued by R12');
    expect(chain).toContain('issued by ISRG Root X1');
    expect(screen.getByTestId('validity-summary').textContent).toContain('Everything checked is in order.');

    await fireEvent.click(screen.getByTestId('open-https-button'));
    expect(invokeMock).toHaveBeenCalledWith('open_url', { url: `https://${HOST}/` });
    await fireEvent.click(screen.getByTestId('next-button'));
    expect(props.onNext).toHaveBeenCalledOnce();
  });

  it('says why a certificate is not trusted, and leads to troubleshooting', async () => {
    const untrusted = {
      ...validVerdict,
      state: 'expired' as const,
      daysLeft: -3,
      trust: { trusted: false, reason: 'expired' as const, detail: 'certificate expired at 2026-02-07' },
    };
    const d = diagnosis({
      ...troubled,
      certificate: { ...troubled.certificate, byIp: { outcome: 'assessed', sni: null, verdict: untrusted } },
    });
    const props = show(d);
    await screen.findByTestId('validity-timeline');
    expect(screen.getByTestId('trust-verdict').textContent).toContain('Not trusted: expired');
    expect(screen.getByTestId('days-left').textContent).toContain('Expired 3 days ago');
    expect(screen.getByTestId('validity-summary').textContent).toContain('Problems found: 3');
    await fireEvent.click(screen.getByTestId('troubleshoot-button'));
    expect(props.onTroubleshoot).toHaveBeenCalledWith(d);
  });

  it('says when no certificate could be read', async () => {
    show(diagnosis({ certificate: { ...healthy.certificate, byIp: { outcome: 'emptyChain', sni: null, expectedName: null } } }));
    expect(await screen.findByTestId('no-certificate')).toBeTruthy();
    expect(screen.queryByTestId('validity-timeline')).toBeNull();
  });

  it('shows a failed check with a way to check again', async () => {
    let calls = 0;
    route(invokeMock, {
      diagnose_box: () => {
        calls += 1;
        if (calls === 1) throw { code: 'BOX_TIMEOUT', args: { target: '127.0.0.1:8069', path: '/hw_proxy/hello', after_ms: '30000' }, message: 'x' };
        return healthy;
      },
    });
    render(ValidityStep, { address: 'x', onNext: vi.fn(), onBack: vi.fn(), onTroubleshoot: vi.fn() });
    expect((await screen.findByTestId('error-panel')).textContent).toContain('took longer than 30000 ms to answer /hw_proxy/hello');
    await fireEvent.click(screen.getByTestId('recheck-button'));
    await waitFor(() => expect(screen.getByTestId('validity-timeline')).toBeTruthy());
  });
});

describe('ValidityTimeline', () => {
  it('draws issued, renewal, expiry and today, with a text legend and a summary', () => {
    render(ValidityTimeline, { verdict: validVerdict });
    const figure = screen.getByTestId('validity-timeline');
    const svg = figure.querySelector('svg[role="img"]')!;
    expect(svg.querySelector('title')?.textContent).toMatch(/Valid from .+ to .+\. Renewal from .+\. Today: .+\./);
    const labels = [...svg.querySelectorAll('text')].map((t) => t.textContent?.trim());
    expect(labels).toEqual(expect.arrayContaining(['Renewal', 'Issued', 'Expires', 'Today']));
    expect(svg.querySelectorAll('pattern').length).toBeGreaterThan(0);
    const legend = within(figure).getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(legend.some((l) => l.includes('Renewal window'))).toBe(true);
    expect(legend.some((l) => l.includes('Expired'))).toBe(false);

    const marker = screen.getByTestId('today-marker').querySelector('line')!;
    const x = Number(marker.getAttribute('x1'));
    // 10 Feb lies between 1 Jan and 1 Apr: a little past the middle of the bar.
    expect(x).toBeGreaterThan(250);
    expect(x).toBeLessThan(350);
  });

  it('extends past the expiry for an expired certificate and says so in the legend', () => {
    const expired = {
      ...validVerdict,
      evaluatedAt: '2026-05-01T00:00:00Z',
      state: 'expired' as const,
      daysLeft: -30,
      timeline: { issued: 0, renewal: 80 / 120, expires: 90 / 120, today: 1 },
    };
    render(ValidityTimeline, { verdict: expired });
    const legend = within(screen.getByTestId('validity-timeline')).getAllByRole('listitem');
    expect(legend.some((li) => li.textContent?.includes('Expired'))).toBe(true);
    const x = Number(screen.getByTestId('today-marker').querySelector('line')!.getAttribute('x1'));
    expect(x).toBeGreaterThan(580);
  });
});
