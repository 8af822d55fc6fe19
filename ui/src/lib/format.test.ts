import { describe, expect, it } from 'vitest';
import { countdown, duration } from './format';
import type { Validity } from './bindings/Validity';
import type { ValidityState } from './bindings/ValidityState';
import { i18n } from './i18n/i18n.svelte';

const at = (state: ValidityState, daysLeft: number): Validity => ({
  state,
  daysLeft,
  renewalFrom: '2026-03-22T00:00:00Z',
  warningFrom: '2026-03-22T00:00:00Z',
  timeline: null,
});

describe('format', () => {
  it('shows durations as m:ss or h:mm:ss', () => {
    expect(duration(0)).toBe('0:00');
    expect(duration(65_400)).toBe('1:05');
    expect(duration(3_725_000)).toBe('1:02:05');
    expect(duration(-5)).toBe('0:00');
  });

  it("words core's validity with a tone: fine, renewal due, expired, not yet, unknown", () => {
    expect(countdown(at('valid', 49))).toEqual({ tone: 'ok', text: '49 days left' });
    expect(countdown(at('renewalDue', 5))).toEqual({ tone: 'warn', text: 'Renewal due: 5 days left' });
    expect(countdown(at('expired', -3))).toEqual({ tone: 'bad', text: 'Expired 3 days ago' });
    expect(countdown(null)).toEqual({ tone: 'neutral', text: 'Unknown' });
    expect(countdown(at('renewalDue', 1)).text).toBe('Renewal due: 1 day left');
    expect(countdown(at('expired', -1)).text).toBe('Expired 1 day ago');
    expect(countdown(at('renewalDue', 0))).toEqual({ tone: 'warn', text: 'Renewal due: expires today' });
    expect(countdown(at('notYetValid', 100))).toEqual({ tone: 'warn', text: 'Not valid yet' });
    // The state decides the tone, not the number: core's window scales with the lifetime.
    expect(countdown(at('valid', 8)).tone).toBe('ok');
    i18n.locale = 'nl';
    expect(countdown(at('valid', 49)).text).toBe('Nog 49 dagen');
    i18n.locale = 'en';
  });
});
