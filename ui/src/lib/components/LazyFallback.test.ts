import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

import LazyFallback from './LazyFallback.svelte';
import { lazy } from '../lazy.svelte';

describe('LazyFallback', () => {
  it('says why a view could not be loaded and loads it on "Try again"', async () => {
    const load = vi
      .spyOn(lazy, 'load')
      .mockRejectedValueOnce(new Error('chunk missing'))
      .mockResolvedValueOnce(undefined);
    render(LazyFallback, { view: 'credentials' });

    const problem = await screen.findByTestId('view-load-failed');
    expect(problem.textContent).toContain('chunk missing');
    expect(problem.getAttribute('role')).toBe('alert');

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByTestId('view-load-failed')).toBeNull());
    expect(load).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenLastCalledWith('credentials');
  });

  it('shows nothing while a load is quick, and "Loading…" once it takes long', async () => {
    vi.useFakeTimers();
    try {
      vi.spyOn(lazy, 'load').mockReturnValue(new Promise(() => {}));
      render(LazyFallback, { view: 'sites' });
      expect(screen.queryByTestId('view-loading')).toBeNull();
      await vi.advanceTimersByTimeAsync(400);
      expect(screen.getByTestId('view-loading').textContent).toContain('Loading');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('lazy views', () => {
  it('load each view once and keep the component', async () => {
    await lazy.load('done');
    const first = lazy.loaded.done;
    expect(first).toBeTypeOf('function');
    await lazy.load('done');
    expect(lazy.loaded.done).toBe(first);
  });
});
