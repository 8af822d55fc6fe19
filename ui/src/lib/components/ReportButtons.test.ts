import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import ReportButtons from './ReportButtons.svelte';
import { healthy } from '../../test/diagnoses';
import { route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);
const message = () => screen.getByTestId('report-message').textContent ?? '';

beforeEach(() => {
  invokeMock.mockReset();
});

describe('ReportButtons', () => {
  it('copies the Markdown report to the clipboard', async () => {
    route(invokeMock, { export_report: () => '# Report\n', copy_text: () => null });
    render(ReportButtons, { diagnosis: healthy });
    await fireEvent.click(screen.getByTestId('export-markdown'));

    await waitFor(() => expect(message()).toContain('The report is on the clipboard.'));
    expect(invokeMock).toHaveBeenNthCalledWith(1, 'export_report', { format: 'markdown', language: 'en' });
    expect(invokeMock).toHaveBeenNthCalledWith(2, 'copy_text', { text: '# Report\n' });
  });

  it('saves in the chosen format and says where, or that nothing was saved', async () => {
    const answers: (string | null)[] = ['/home/tech/report.html', null];
    route(invokeMock, { save_report: () => answers.shift() ?? null, save_preferences: () => null });
    render(ReportButtons, { diagnosis: healthy });

    await fireEvent.change(screen.getByTestId('report-format'), { target: { value: 'html' } });
    await fireEvent.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(message()).toContain('Saved to /home/tech/report.html'));
    expect(invokeMock).toHaveBeenCalledWith('save_report', { format: 'html', language: 'en' });
    // The format is remembered for next time (the app's preferences).
    expect(invokeMock).toHaveBeenCalledWith('save_preferences', { preferences: expect.objectContaining({ reportFormat: 'html' }) });

    await fireEvent.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(message()).toContain('Not saved.'));
  });

  it('shows a failure in words', async () => {
    route(invokeMock, {
      export_report: () => {
        throw { code: 'CLIPBOARD_UNAVAILABLE', message: 'No clipboard.' };
      },
    });
    render(ReportButtons, { diagnosis: healthy });
    await fireEvent.click(screen.getByTestId('export-markdown'));
    await waitFor(() => expect(message()).toContain('That did not work: No clipboard.'));
  });
});
