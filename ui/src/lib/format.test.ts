import { describe, expect, it } from 'vitest';
import { countdown, daysUntil, duration } from './format';
import { i18n } from './i18n/i18n.svelte';

describe('format', () => {
  it('shows durations as m:ss or h:mm:ss', () => {
    expect(duration(0)).toBe('0:00');
    expect(duration(65_400)).toBe('1:05');
    expect(duration(3_725_000)).toBe('1:02:05');
    expect(duration(-5)).toBe('0:00');
  });

  it('counts whole days, negative once past', () => {
    const now = new Date('2026-02-10T12:00:00Z');
    expect(daysUntil('2026-04-01T00:00:00Z', now)).toBe(49);
    expect(daysUntil('2026-02-08T00:00:00Z', now)).toBe(-3);
    expect(daysUntil(null, now)).toBeNull();
    expect(daysUntil('not a date', now)).toBeNull();
  });

  it('words a countdown with a tone: fine, renewal window, expired, unknown', () => {
    expect(countdown(49)).toEqual({ tone: 'ok', text: '49 days left' });
    expect(countdown(5)).toEqual({ tone: 'warn', text: 'Renewal due: 5 days left' });
    expect(countdown(-3)).toEqual({ tone: 'bad', text: 'Expired 3 days ago' });
    expect(countdown(null)).toEqual({ tone: 'neutral', text: 'Unknown' });
    expect(countdown(1).text).toBe('Renewal due: 1 day left');
    expect(countdown(-1).text).toBe('Expired 1 day ago');
    expect(countdown(0)).toEqual({ tone: 'warn', text: 'Renewal due: expires today' });
    i18n.locale = 'nl';
    expect(countdown(49).text).toBe('Nog 49 dagen');
  });
});
