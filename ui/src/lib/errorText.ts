// A failure's sentence: the catalogue's template for its code in the current language, filled
// from its `args` the same way as core's `WireError::render` (docs/design.md, "User words are
// codes"). The English `message` on the wire is only the last resort, for a code this build
// does not know.
import type { WireError } from './bindings/WireError';
import { catalogues, currentCatalogue } from './catalogue';
import { interpolate } from './i18n/i18n.svelte';

export function errorText(error: Pick<WireError, 'code' | 'message'> & { args?: WireError['args'] }): string {
  const template = currentCatalogue().errors[error.code] ?? catalogues.en.errors[error.code];
  if (template === undefined) return error.message;
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.args ?? {})) if (value !== undefined) args[name] = value;
  return interpolate(template, args);
}
