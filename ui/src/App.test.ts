import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
});

describe('App shell', () => {
  it('shows demo mode, prefills the box and lists all five steps with the first current', async () => {
    invokeMock.mockResolvedValueOnce({ version: '0.1.0', loopbackOnly: true, initialBox: '127.0.0.1:18069' });
    render(App);

    const field = (await screen.findByTestId('address-input')) as HTMLInputElement;
    expect(field.value).toBe('127.0.0.1:18069');
    expect(screen.getByTestId('demo-badge').textContent).toContain('Demo mode');
    const steps = screen.getAllByRole('listitem').filter((li) => li.dataset.testid?.startsWith('step-'));
    expect(steps.map((s) => s.dataset.testid)).toEqual([
      'step-box',
      'step-credentials',
      'step-generate',
      'step-validity',
      'step-done',
    ]);
    expect(steps[0]!.getAttribute('aria-current')).toBe('step');
    expect(steps.slice(1).every((s) => s.classList.contains('locked'))).toBe(true);
  });

  it('has no demo badge for a real run, and still starts without Tauri', async () => {
    invokeMock.mockRejectedValueOnce(new TypeError('window.__TAURI_INTERNALS__ is undefined'));
    render(App);
    await screen.findByTestId('address-input');
    expect(screen.queryByTestId('demo-badge')).toBeNull();
  });

  it('switches to Dutch and back from the header', async () => {
    invokeMock.mockResolvedValueOnce({ version: '0.1.0', loopbackOnly: false, initialBox: null });
    render(App);
    await screen.findByTestId('address-input');
    expect(screen.getByTestId('connect-button').textContent).toContain('Connect');

    await fireEvent.change(screen.getByTestId('lang-switch'), { target: { value: 'nl' } });
    expect(screen.getByTestId('connect-button').textContent).toContain('Verbinden');
    expect(screen.getByLabelText('Adres van de box')).toBe(screen.getByTestId('address-input'));
    expect(document.documentElement.lang).toBe('nl');

    await fireEvent.change(screen.getByTestId('lang-switch'), { target: { value: 'en' } });
    expect(screen.getByTestId('connect-button').textContent).toContain('Connect');
  });
});
