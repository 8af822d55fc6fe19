// Dates, durations and countdowns for people, in the current language. Only formatting: days
// left, the renewal point and the state come from core (`Validity`).
import type { Tone } from './describe';
import type { Validity } from './bindings/Validity';
import type { ValidityState } from './bindings/ValidityState';
import { i18n, t } from './i18n/i18n.svelte';

/** `m:ss`, or `h:mm:ss` past an hour. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium' }).format(d) : (iso ?? '');
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d
    ? new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
    : (iso ?? '');
}

export interface Countdown {
  tone: Tone;
  text: string;
}

const TONE: Record<ValidityState, Tone> = { valid: 'ok', renewalDue: 'warn', expired: 'bad', notYetValid: 'warn' };

/** Core's validity as text and tone: expired, renewal due, fine, or unknown. */
export function countdown(validity: Validity | null | undefined): Countdown {
  if (!validity) return { tone: 'neutral', text: t('days.unknown') };
  const { state, daysLeft: days } = validity;
  const tone = TONE[state];
  if (state === 'expired') {
    const ago = Math.abs(days);
    return { tone, text: ago === 1 ? t('days.expired.one') : t('days.expired', { days: ago }) };
  }
  if (state === 'notYetValid') return { tone, text: t('days.notYet') };
  if (days === 0) return { tone, text: t('days.today') };
  if (state === 'renewalDue') return { tone, text: days === 1 ? t('days.renewal.one') : t('days.renewal', { days }) };
  return { tone, text: days === 1 ? t('days.left.one') : t('days.left', { days }) };
}
