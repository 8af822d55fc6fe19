// A failure's sentence: the catalogue's template for its code in the current language, filled
// from its `args` the same way as core's `WireError::render` (docs/design.md, "User words are
// codes"). The English `message` on the wire is only the last resort, for a code this build
// does not know.
import type { WireError } from './bindings/WireError';
import { catalogues, currentCatalogue } from './catalogue';
import { interpolate } from './i18n/i18n.svelte';

export function errorText(error: Pick<WireError, 'code' | 'message'> & { args?: WireError['args'] }): string {
  const template = errorTemplate(error.code);
  if (template === undefined) return error.message;
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.args ?? {})) if (value !== undefined) args[name] = value;
  return interpolate(template, args);
}

/** The template of an error code in the window's language, else English (`interpolate` words a
 * `{name, error}` inside a fact with it). */
export function errorTemplate(code: string): string | undefined {
  // A code is box-borne data inside a fact: only the catalogue's own keys count.
  const languages: Partial<Record<string, string>>[] = [currentCatalogue().errors, catalogues.en.errors];
  for (const errors of languages) if (Object.hasOwn(errors, code) && errors[code] !== undefined) return errors[code];
  return undefined;
}
