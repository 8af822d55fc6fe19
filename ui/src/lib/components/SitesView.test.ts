import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import SitesView from './SitesView.svelte';
import type { FleetEvent, Site } from '../api';
import type { ValidityState } from '../bindings/ValidityState';
import { site } from '../../test/diagnoses';
import { channelOf, deferred, route } from '../../test/tauri';

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

// What core answers for the fleet above at 10 Feb 2026 12:00 (`certificate_countdowns`).
const countdowns = (args: Record<string, unknown> | undefined) =>
  (args?.ends as (string | null)[]).map((end) => {
    const known: Record<string, [ValidityState, number]> = {
      '2026-04-01T00:00:00Z': ['valid', 49],
      '2026-02-15T00:00:00Z': ['renewalDue', 4],
      '2026-02-01T00:00:00Z': ['expired', -10],
      '2026-05-01T00:00:00Z': ['valid', 79],
    };
    const hit = end ? known[end] : undefined;
    return hit ? { state: hit[0], daysLeft: hit[1], renewalFrom: end, warningFrom: end, timeline: null } : null;
  });

describe('SitesView', () => {
  it("shows each site with core's countdown in words and tone, and the store warning", async () => {
    route(invokeMock, {
      list_sites: () => ({ sites: fleet, warning: 'sites.json was damaged and set aside' }),
      certificate_countdowns: countdowns,
    });
    render(SitesView, { onOpen: vi.fn() });

    await screen.findAllByTestId('site-row');
    const countdown = (id: string) => within(row(id)).getByTestId('site-countdown');
    await waitFor(() => expect(countdown('a').textContent).toContain('49 days left'));
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

  it("runs core's fleet check and updates each row as its result streams in", async () => {
    let saved = fleet;
    const done = deferred<number>();
    route(invokeMock, {
      list_sites: () => ({ sites: saved, warning: null }),
      certificate_countdowns: countdowns,
      check_all_sites: () => done.promise,
    });
    render(SitesView, { onOpen: vi.fn() });
    await screen.findAllByTestId('site-row');

    await fireEvent.click(screen.getByTestId('check-all-button'));
    expect(invokeMock).not.toHaveBeenCalledWith('diagnose_box', expect.anything());
    const channel = channelOf<FleetEvent>(invokeMock, 'check_all_sites');
    channel.send({ event: 'started', total: 5 });
    channel.send({ event: 'checking', siteId: 'a' });
    channel.send({ event: 'checking', siteId: 'c' });
    await waitFor(() => expect(within(row('a')).getByTestId('site-status').textContent).toContain('Checking'));
    expect(screen.getByTestId('check-all-button')).toHaveProperty('disabled', true);

    // Core recorded the result in the sites file; the row follows the file.
    const renewed = { ...fleet[0]!, certificateEnd: '2026-05-01T00:00:00Z', lastVerdict: 'healthy' as const };
    saved = [renewed, ...fleet.slice(1)];
    channel.send({ event: 'checked', result: { site: renewed, verdict: 'healthy', codes: [], validity: null, error: null } });
    await waitFor(() => expect(within(row('a')).getByTestId('site-countdown').textContent).toContain('79 days left'));
    expect(screen.getByText('Checked 1 of 5')).toBeTruthy();

    channel.send({
      event: 'checked',
      result: { site: fleet[2]!, verdict: null, codes: [], validity: null, error: { code: 'BOX_UNREACHABLE', args: { target: '127.0.0.1:8069' }, message: 'no answer' } },
    });
    await waitFor(() => expect(within(row('c')).getByTestId('site-status').textContent).toContain('Check failed: The box at 127.0.0.1:8069 did not answer.'));
    channel.send({ event: 'finished', checked: 2 });
    done.resolve(2);
    await waitFor(() => expect(screen.getByTestId('check-all-button')).toHaveProperty('disabled', false));
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
