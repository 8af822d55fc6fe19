import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import DiscoveryPanel from './DiscoveryPanel.svelte';
import { route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
});

describe('DiscoveryPanel', () => {
  it('streams boxes in as they are found, with progress, and offers to save them', async () => {
    route(invokeMock, {
      scan_network: (args) => {
        const channel = (args as { onEvent: { onmessage: (e: unknown) => void } }).onEvent;
        channel.onmessage({ event: 'started', total: 254 });
        channel.onmessage({ event: 'progress', done: 100, total: 254, found: 0 });
        channel.onmessage({
          event: 'found',
          found: { address: '127.0.0.21:8069', generation: 'iotDrivers', family: 'iot-drivers', flavour: 'linux', version: 'L25.10',
            identifier: '10000000abc', mac: null, hostname: null, reportedIp: '127.0.0.21', note: null, elapsedMs: 12, site: null },
        });
        channel.onmessage({
          event: 'found',
          found: { address: '127.0.0.22:8069', generation: 'iotDrivers', family: 'iot-drivers', flavour: 'linux', version: 'L25.10',
            identifier: '10000000def', mac: 'b8:27:eb:00:00:22', hostname: null, reportedIp: '127.0.0.22', note: null, elapsedMs: 14,
            site: { id: 's9', name: 'Bakery', movedFrom: '127.0.0.9:8069' } },
        });
        channel.onmessage({ event: 'finished', found: 2, scanned: 254, total: 254, elapsedMs: 430, outcome: 'completed' });
        return { found: [], scanned: 254, total: 254, open: 1, elapsedMs: 430, outcome: 'completed' };
      },
      add_found_site: () => ({ id: 'new1' }),
      list_sites: () => ({ sites: [], warning: null }),
    });
    render(DiscoveryPanel);
    await fireEvent.input(screen.getByTestId('scan-cidr-input'), { target: { value: '127.0.0.0/24' } });
    await fireEvent.click(screen.getByTestId('scan-button'));
    const [found] = await screen.findAllByTestId('found-box');
    expect(found!.dataset.family).toBe('iot-drivers');
    expect(invokeMock).toHaveBeenCalledWith('scan_network', expect.objectContaining({ cidr: '127.0.0.0/24' }));
    expect((await screen.findByTestId('scan-summary')).textContent).toMatch(/2/);
    // The known box says its site moved here, and offers no second save.
    expect(screen.getByTestId('site-moved').textContent).toContain('Bakery moved here from 127.0.0.9:8069');
    expect(screen.getAllByTestId('add-found-site')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('add-found-site'));
    expect(invokeMock).toHaveBeenCalledWith('add_found_site', { address: '127.0.0.21:8069' });
  });
});
