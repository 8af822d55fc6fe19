// How the Rust-side credential checks map onto the form: which field, and in which words.
import type { WireError } from './api';
import { errorText } from './errorText';
import { isMessageKey, t } from './i18n/i18n.svelte';

export type CredentialField = 'dbUuid' | 'code';

export function fieldOf(error: WireError): CredentialField | null {
  if (error.code === 'INPUT_INVALID_DB_UUID') return 'dbUuid';
  if (error.code === 'INPUT_INVALID_CONTRACT_CODE') return 'code';
  return null;
}

/**
 * The form's own sentence for the field, else the catalogue's. The specifics (which part is
 * wrong: `args.problem`, worded by the catalogue's template in the current language) as detail.
 */
export function wording(error: WireError): { text: string; detail: string | null } {
  const key = `credentials.error.${error.code}`;
  if (!isMessageKey(key)) return { text: errorText(error), detail: error.detail ?? null };
  const specific = error.args?.problem !== undefined ? errorText(error) : (error.detail ?? null);
  return { text: t(key), detail: specific };
}
