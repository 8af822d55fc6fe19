// Client-side check for the obvious mistakes only; the Rust side does the real parsing.
import type { MessageKey } from './i18n/en';

export function checkAddress(input: string): MessageKey | null {
  const value = input.trim();
  if (value === '') return 'check.empty';
  if (/^https:\/\//i.test(value)) return 'check.https';
  return null;
}
