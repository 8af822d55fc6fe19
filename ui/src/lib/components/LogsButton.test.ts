import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import LogsButton from './LogsButton.svelte';
import { route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);
const message = () => screen.getByTestId('logs-message').textContent ?? '';

beforeEach(() => {
  invokeMock.mockReset();
});

describe('LogsButton', () => {
  it('saves the logs of this box and says where, or that nothing was saved', async () => {
    const answers: (string | null)[] = ['/home/tech/iot-box-odoo.log', null];
    route(invokeMock, { save_box_logs: () => answers.shift() ?? null });
    render(LogsButton, { address: '127.0.0.1:8069' });
    await fireEvent.click(screen.getByTestId('save-logs'));
    await waitFor(() => expect(message()).toContain('Saved to /home/tech/iot-box-odoo.log'));
    expect(invokeMock).toHaveBeenCalledWith('save_box_logs', { address: '127.0.0.1:8069' });
    await fireEvent.click(screen.getByTestId('save-logs'));
    await waitFor(() => expect(message()).toContain('Not saved.'));
  });

  it('shows a failure in words', async () => {
    route(invokeMock, {
      save_box_logs: () => {
        throw { code: 'BOX_UNREACHABLE', message: 'the box at 127.0.0.1:8069 did not answer' };
      },
    });
    render(LogsButton, { address: '127.0.0.1:8069' });
    await fireEvent.click(screen.getByTestId('save-logs'));
    await waitFor(() => expect(message()).toContain('did not answer'));
  });
});
