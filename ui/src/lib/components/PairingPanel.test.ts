import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import PairingPanel from './PairingPanel.svelte';
import type { BoxStatus } from '../api';
import { iotDriversLinux } from '../../test/fixtures';
import { deferred, route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

const unpaired = (code: string | null, expired = false): BoxStatus => ({
  ...iotDriversLinux,
  pairing: { state: 'notPaired', pairingCode: code, codeExpired: expired },
});
const TOKEN = 'https://shop.example.com?token=T&db_uuid=1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0&enterprise_code=M1234567';

beforeEach(() => {
  invokeMock.mockReset();
});

describe('PairingPanel', () => {
  it('shows the pairing code, or that it expired, or that there is none', () => {
    const { unmount } = render(PairingPanel, { box: unpaired('A1B2C3') });
    expect(screen.getByTestId('pairing-code').textContent).toBe('A1B2C3');
    expect(screen.getByTestId('pairing-panel').textContent).toContain('iot-proxy.odoo.com');
    unmount();

    const second = render(PairingPanel, { box: unpaired('A1B2C3', true) });
    expect(screen.getByTestId('pairing-code-expired').textContent).toContain('expired');
    expect(screen.queryByTestId('pairing-code')).toBeNull();
    second.unmount();

    render(PairingPanel, { box: unpaired(null) });
    expect(screen.getByTestId('pairing-no-code')).toBeTruthy();
  });

  it('says a paired box is paired, and shows nothing where the family has no pairing', () => {
    const { unmount } = render(PairingPanel, { box: iotDriversLinux });
    expect(screen.getByTestId('pairing-server').textContent).toContain('https://shop.example.com');
    expect(screen.queryByTestId('pairing-token-input')).toBeNull();
    unmount();
    render(PairingPanel, { box: { ...iotDriversLinux, pairing: { state: 'unknown' } } });
    expect(screen.queryByTestId('pairing-panel')).toBeNull();
  });

  it('pairs with a token, waits, and hands the paired box back', async () => {
    const answer = deferred<unknown>();
    route(invokeMock, { pair_box: () => answer.promise });
    const onPaired = vi.fn();
    render(PairingPanel, { box: unpaired('A1B2C3'), onPaired });

    await fireEvent.input(screen.getByTestId('pairing-token-input'), { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('pair-button'));
    expect(invokeMock).toHaveBeenCalledWith('pair_box', { address: iotDriversLinux.address, token: TOKEN });
    await waitFor(() => expect(screen.getByTestId('pairing-status').textContent).toContain('Waiting for the box'));
    expect(screen.getByTestId('pair-button')).toHaveProperty('disabled', true);

    answer.resolve({ paired: true, report: iotDriversLinux, waitedMs: 4000 });
    await waitFor(() => expect(screen.getByTestId('pairing-server').textContent).toContain('https://shop.example.com'));
    expect(onPaired).toHaveBeenCalledWith(iotDriversLinux);
  });

  it('shows a refused token next to the field and keeps what was typed; an empty one too', async () => {
    route(invokeMock, {
      pair_box: () => {
        throw { code: 'INPUT_INVALID_PAIRING_TOKEN', args: {}, message: 'x', detail: 'An old-style token has exactly 4 parts.' };
      },
    });
    render(PairingPanel, { box: unpaired('A1B2C3') });
    await fireEvent.click(screen.getByTestId('pair-button'));
    expect(screen.getByTestId('pairing-token-error').textContent).toContain('Paste the token');
    expect(invokeMock).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId('pairing-token-input'), { target: { value: 'a|b' } });
    await fireEvent.click(screen.getByTestId('pair-button'));
    await waitFor(() => expect(screen.getByTestId('pairing-token-error').textContent).toContain('4 parts'));
    expect((screen.getByTestId('pairing-token-input') as HTMLInputElement).value).toBe('a|b');
  });

  it('says when the box did not report the database in time', async () => {
    route(invokeMock, { pair_box: () => ({ paired: false, report: unpaired('A1B2C3'), waitedMs: 120000 }) });
    render(PairingPanel, { box: unpaired('A1B2C3') });
    await fireEvent.input(screen.getByTestId('pairing-token-input'), { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('pair-button'));
    await waitFor(() => expect(screen.getByTestId('pairing-not-confirmed')).toBeTruthy());
  });
});
