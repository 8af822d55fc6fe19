// Dates, durations and countdowns for people, in the current language.
import type { Tone } from './describe';
import { i18n, t } from './i18n/i18n.svelte';

const DAY_MS = 86_400_000;
/** The box renews during the last 10 days before notAfter. */
export const RENEWAL_DAYS = 10;

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

/** Whole days from `now` until `iso`, rounded down (negative once past), or null. */
export function daysUntil(iso: string | null | undefined, now: Date = new Date()): number | null {
  const d = parse(iso);
  return d ? Math.floor((d.getTime() - now.getTime()) / DAY_MS) : null;
}

export interface Countdown {
  tone: Tone;
  text: string;
}

/** Days left as text and tone: expired, renewal window, fine, or unknown. */
export function countdown(days: number | null): Countdown {
  if (days === null) return { tone: 'neutral', text: t('days.unknown') };
  if (days === 0) return { tone: 'warn', text: t('days.today') };
  const n = Math.abs(days);
  const one = n === 1;
  if (days < 0) return { tone: 'bad', text: one ? t('days.expired.one') : t('days.expired', { days: n }) };
  if (days < RENEWAL_DAYS) return { tone: 'warn', text: one ? t('days.renewal.one') : t('days.renewal', { days }) };
  return { tone: 'ok', text: one ? t('days.left.one') : t('days.left', { days }) };
}
