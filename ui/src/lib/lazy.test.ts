import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazy, preloadOnFirstUse } from './lazy.svelte';

afterEach(() => vi.restoreAllMocks());

describe('preloadOnFirstUse', () => {
  it('leaves the other views unloaded until the window is first used, then fetches them once', () => {
    const preload = vi.spyOn(lazy, 'preloadAll').mockImplementation(() => {});
    const target = new EventTarget();
    preloadOnFirstUse(target);
    expect(preload).not.toHaveBeenCalled();
    target.dispatchEvent(new Event('focusin'));
    expect(preload).toHaveBeenCalledTimes(1);
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('pointerdown'));
    expect(preload).toHaveBeenCalledTimes(1);
  });
});
