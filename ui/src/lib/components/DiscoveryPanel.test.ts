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
            identifier: '10000000abc', mac: null, hostname: null, reportedIp: '127.0.0.21', note: null, elapsedMs: 12 },
        });
        channel.onmessage({ event: 'finished', found: 1, scanned: 254, total: 254, elapsedMs: 430, outcome: 'completed' });
        return { found: [], scanned: 254, total: 254, open: 1, elapsedMs: 430, outcome: 'completed' };
      },
      save_site: (args) => ({ ...(args as { site: object }).site, id: 'new1' }),
    });
    render(DiscoveryPanel);
    await fireEvent.input(screen.getByTestId('scan-cidr-input'), { target: { value: '127.0.0.0/24' } });
    await fireEvent.click(screen.getByTestId('scan-button'));
    const found = await screen.findByTestId('found-box');
    expect(found.dataset.family).toBe('iot-drivers');
    expect(invokeMock).toHaveBeenCalledWith('scan_network', expect.objectContaining({ cidr: '127.0.0.0/24' }));
    expect((await screen.findByTestId('scan-summary')).textContent).toMatch(/1/);
    await fireEvent.click(screen.getByTestId('add-found-site'));
    expect(invokeMock).toHaveBeenCalledWith('save_site', expect.objectContaining({ site: expect.objectContaining({ address: '127.0.0.21:8069' }) }));
  });
});
