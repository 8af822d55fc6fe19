// The finding catalogue (texts for every finding code, router recipes, the eligibility
// checklist), shared with the Rust side as JSON and bundled at build time. Each UI language
// reads the catalogue of the same language and falls back to English entry by entry.
import enJson from '../../../crates/core/catalogue/en.json';
import nlJson from '../../../crates/core/catalogue/nl.json';
import { i18n, type LocaleCode } from './i18n/i18n.svelte';

export interface FindingTexts {
  title: string;
  explanation: string;
  checked: string;
  steps: string[];
}

export interface RouterRecipe {
  name: string;
  steps: string[];
}

export interface Catalogue {
  language: string;
  findings: Record<string, FindingTexts>;
  routers: Record<string, RouterRecipe>;
  eligibility: string[];
}

/** Router ids in the order the picker shows them ("other" last). */
export const ROUTER_IDS = ['fritzbox', 'pfsense', 'openwrt', 'pihole-unbound', 'nextdns', 'adguard', 'other'] as const;
export type RouterId = (typeof ROUTER_IDS)[number];

/** Codes whose flow shows the eligibility checklist (field-problems §1.2). */
export const ELIGIBILITY_CODES: readonly string[] = ['ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT', 'BOX_NO_CERTIFICATE_NO_CODE'];

/** Fills in whatever a (possibly half-written) file lacks, so lookups never throw. */
export function normalise(raw: unknown): Catalogue {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Catalogue>;
  return {
    language: typeof r.language === 'string' ? r.language : '',
    findings: r.findings ?? {},
    routers: r.routers ?? {},
    eligibility: Array.isArray(r.eligibility) ? r.eligibility : [],
  };
}

/** One catalogue per UI language: the compiler rejects a language without one. */
export const catalogues: Record<LocaleCode, Catalogue> = {
  en: normalise(enJson),
  nl: normalise(nlJson),
};

function current(): Catalogue {
  return catalogues[i18n.locale];
}

/** The texts of a finding in the current language, else English, else null (unknown code). */
export function findingTexts(code: string): FindingTexts | null {
  const own = current().findings;
  if (Object.hasOwn(own, code)) return own[code] ?? null;
  const en = catalogues.en.findings;
  return Object.hasOwn(en, code) ? (en[code] ?? null) : null;
}

export function routerRecipe(id: string): RouterRecipe | null {
  const own = current().routers;
  if (Object.hasOwn(own, id)) return own[id] ?? null;
  const en = catalogues.en.routers;
  return Object.hasOwn(en, id) ? (en[id] ?? null) : null;
}

export function eligibility(): string[] {
  const own = current().eligibility;
  return own.length > 0 ? own : catalogues.en.eligibility;
}
