import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import SitesView from './SitesView.svelte';
import type { Diagnosis, Site } from '../api';
import { diagnosis, site, troubled, validVerdict } from '../../test/diagnoses';
import { deferred, route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

const row = (id: string) => screen.getAllByTestId('site-row').find((r) => r.dataset.id === id)!;

beforeEach(() => {
  invokeMock.mockReset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-02-10T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

const fleet: Site[] = [
  site({ id: 'a', name: 'Bakery', address: '192.0.2.10:8069', certificateEnd: '2026-04-01T00:00:00Z' }),
  site({ id: 'b', name: 'Butcher', address: '192.0.2.11:8069', certificateEnd: '2026-02-15T00:00:00Z' }),
  site({ id: 'c', name: 'Florist', address: '192.0.2.12:8069', certificateEnd: '2026-02-01T00:00:00Z' }),
  site({ id: 'd', name: 'New shop', address: '192.0.2.13:8069', certificateEnd: null, lastChecked: null, lastVerdict: null }),
  site({ id: 'e', name: 'Pharmacy', address: '192.0.2.14:8069' }),
];

describe('SitesView', () => {
  it('shows each site with a countdown in words and tone, and the store warning', async () => {
    route(invokeMock, { list_sites: () => ({ sites: fleet, warning: 'sites.json was damaged and set aside' }) });
    render(SitesView, { onOpen: vi.fn() });

    await screen.findAllByTestId('site-row');
    const countdown = (id: string) => within(row(id)).getByTestId('site-countdown');
    expect(countdown('a').textContent).toContain('49 days left');
    expect(countdown('a').dataset.tone).toBe('ok');
    expect(countdown('b').textContent).toContain('Renewal due: 4 days left');
    expect(countdown('b').dataset.tone).toBe('warn');
    expect(countdown('c').textContent).toContain('Expired 10 days ago');
    expect(countdown('c').dataset.tone).toBe('bad');
    expect(countdown('d').textContent).toContain('Unknown');
    expect(row('d').textContent).toContain('Never');
    expect(row('d').textContent).toContain('Not checked yet');
    expect(row('a').textContent).toContain('Healthy');
    expect(screen.getByTestId('sites-warning').textContent).toContain('damaged and set aside');
    expect(screen.getByTestId('discovery-panel')).toBeTruthy();
  });

  it('checks all sites, at most four at a time, and updates each row as it answers', async () => {
    const pending = new Map<string, ReturnType<typeof deferred<Diagnosis>>>();
    // What the app's sites file holds: the app records each check on its site.
    let current = [...fleet];
    route(invokeMock, {
      list_sites: () => ({ sites: current, warning: null }),
      diagnose_box: (args) => {
        const d = deferred<Diagnosis>();
        pending.set(args?.address as string, d);
        return d.promise;
      },
    });
    render(SitesView, { onOpen: vi.fn() });
    await screen.findAllByTestId('site-row');

    await fireEvent.click(screen.getByTestId('check-all-button'));
    expect(pending.size).toBe(4);
    expect(screen.getByTestId('check-all-button')).toHaveProperty('disabled', true);
    expect(within(row('a')).getByTestId('site-status').textContent).toContain('Checking');

    const renewed = { ...validVerdict, notAfter: '2026-05-01T00:00:00Z' };
    current = current.map((s) =>
      s.id === 'a' ? { ...s, certificateEnd: '2026-05-01T00:00:00Z', lastVerdict: 'healthy', lastChecked: '2026-02-10T12:00:00Z' } : s,
    );
    pending.get('192.0.2.10:8069')!.resolve(
      diagnosis({
        checkedAt: '2026-02-10T12:00:00Z',
        certificate: { ...troubled.certificate, byIp: { outcome: 'assessed', sni: null, verdict: renewed } },
      }),
    );
    await waitFor(() => expect(within(row('a')).getByTestId('site-countdown').textContent).toContain('79 days left'));
    await waitFor(() => expect(pending.size).toBe(5));
    expect(screen.getByText('Checked 1 of 5')).toBeTruthy();
    expect(invokeMock).toHaveBeenCalledWith('diagnose_box', expect.objectContaining({ address: '192.0.2.10:8069', siteId: 'a' }));
    expect(invokeMock.mock.calls.some((c) => c[0] === 'save_site')).toBe(false);

    current = current.map((s) =>
      s.id === 'b' ? { ...s, lastVerdict: 'actionNeeded', lastCodes: ['DNS_REBIND_FILTERED'] } : s,
    );
    pending.get('192.0.2.11:8069')!.resolve(troubled);
    pending.get('192.0.2.12:8069')!.reject({ code: 'BOX_UNREACHABLE', message: 'no answer' });
    pending.get('192.0.2.13:8069')!.resolve(troubled);
    pending.get('192.0.2.14:8069')!.resolve(troubled);
    await waitFor(() => expect(screen.getByText('Checked 5 of 5')).toBeTruthy());
    expect(within(row('b')).getByTestId('site-status').textContent).toContain('Action needed');
    expect(within(row('b')).getByTestId('site-status').textContent).toContain('DNS_REBIND_FILTERED');
    expect(within(row('c')).getByTestId('site-status').textContent).toContain('Check failed: no answer');
    expect(screen.getByTestId('check-all-button')).toHaveProperty('disabled', false);
  });

  it('removes a site after asking, and opens one in the wizard', async () => {
    route(invokeMock, { list_sites: () => ({ sites: fleet, warning: null }), delete_site: () => null });
    const onOpen = vi.fn();
    render(SitesView, { onOpen });
    await screen.findAllByTestId('site-row');

    await fireEvent.click(within(row('b')).getByTestId('site-open'));
    expect(onOpen).toHaveBeenCalledWith(fleet[1]);

    await fireEvent.click(within(row('b')).getByTestId('site-remove'));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('Butcher');
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.getAllByTestId('site-row')).toHaveLength(4));
    expect(invokeMock).toHaveBeenCalledWith('delete_site', { id: 'b' });
  });

  it('says so when there are no sites yet', async () => {
    route(invokeMock, {});
    render(SitesView, { onOpen: vi.fn() });
    expect(await screen.findByTestId('sites-empty')).toBeTruthy();
    expect(screen.getByTestId('check-all-button')).toHaveProperty('disabled', true);
  });
});
