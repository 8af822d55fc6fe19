// How the Rust-side credential checks map onto the form: which field, and in which words.
import type { WireError } from './api';
import { i18n, isMessageKey, t } from './i18n/i18n.svelte';

export type CredentialField = 'dbUuid' | 'code';

export function fieldOf(error: WireError): CredentialField | null {
  if (error.code === 'INPUT_INVALID_DB_UUID') return 'dbUuid';
  if (error.code === 'INPUT_INVALID_CONTRACT_CODE') return 'code';
  return null;
}

/** Rust's own sentence in English; in other languages our translation, Rust's words as detail. */
export function wording(error: WireError): { text: string; detail: string | null } {
  const key = `credentials.error.${error.code}`;
  if (i18n.locale === 'en' || !isMessageKey(key)) return { text: error.message, detail: null };
  return { text: t(key), detail: error.message };
}
