// Evidence is data from core (a kind and its values); the sentence is the catalogue's template
// for that kind in the current language, filled the same way as core's `Evidence::render`.
import type { Evidence } from './bindings/Evidence';
import type { EvidenceKind } from './bindings/EvidenceKind';
import { EVIDENCE_KINDS as EVIDENCE_KIND_LIST } from './bindings/codes';
import { catalogues, currentCatalogue } from './catalogue';
import { errorTemplate } from './errorText';
import { interpolate } from './i18n/i18n.svelte';

/** Every evidence kind (generated from Rust's `EvidenceKind`). */
export const EVIDENCE_KINDS: readonly EvidenceKind[] = EVIDENCE_KIND_LIST;

/** One fact as a sentence in the current language (English when the language lacks it). */
export function evidenceText(evidence: Evidence): string {
  const template = currentCatalogue().evidence[evidence.kind] ?? catalogues.en.evidence[evidence.kind] ?? '{text}';
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(evidence.args)) if (value !== undefined) args[name] = value;
  return interpolate(template, args, errorTemplate);
}
