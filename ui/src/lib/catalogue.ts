// The finding catalogue (texts for every finding code, router recipes, the eligibility
// checklist), shared with the Rust side as JSON and bundled at build time. Each UI language
// reads the catalogue of the same language and falls back to English entry by entry.
import enJson from '../../../crates/core/catalogue/en.json';
import nlJson from '../../../crates/core/catalogue/nl.json';
import frJson from '../../../crates/core/catalogue/fr.json';
import deJson from '../../../crates/core/catalogue/de.json';
import esJson from '../../../crates/core/catalogue/es.json';
import type { ErrorCode } from './bindings/ErrorCode';
import type { EvidenceKind } from './bindings/EvidenceKind';
import type { Finding } from './bindings/Finding';
import type { FindingCode } from './bindings/FindingCode';
import type { StepsCause } from './bindings/StepsCause';
import { i18n, type LocaleCode } from './i18n/i18n.svelte';

export interface FindingTexts {
  title: string;
  explanation: string;
  checked: string;
  steps: string[];
  /** Steps per cause, for the findings whose cause core can identify (core `findings/cause.rs`). */
  causeSteps?: Partial<Record<StepsCause, string[]>>;
}

/** The steps to show: the cause core identified (`finding.stepsFor`), else the generic list. */
export function stepsFor(texts: FindingTexts, finding: Pick<Finding, 'stepsFor'>): string[] {
  const own = finding.stepsFor ? texts.causeSteps?.[finding.stepsFor] : undefined;
  return own && own.length > 0 ? own : texts.steps;
}

/** One part of a router recipe: the steps and the vendor page they follow. */
export interface RecipePartTexts {
  steps: string[];
  source: string;
}

/** A router's recipe: DNS rebind protection (`dns`) and outbound HTTPS to odoo.com (`https`). */
export interface RouterRecipe {
  name: string;
  dns: RecipePartTexts;
  https: RecipePartTexts;
}

export interface Catalogue {
  language: string;
  findings: Partial<Record<string, FindingTexts>>;
  /** Evidence sentence templates by kind, `{name}` placeholders (see evidence.ts). */
  evidence: Partial<Record<EvidenceKind, string>>;
  routers: Record<string, RouterRecipe>;
  eligibility: string[];
  /** Error sentence templates by code, `{name}` placeholders (see errorText.ts). */
  errors: Partial<Record<ErrorCode, string>>;
}

/** Router ids in the order the picker shows them ("other" last); core's `findings::ROUTER_IDS`. */
export const ROUTER_IDS = [
  'fritzbox',
  'pfsense',
  'openwrt',
  'pihole-unbound',
  'nextdns',
  'adguard',
  'fortigate',
  'sophos',
  'unifi',
  'mikrotik',
  'sonicwall',
  'draytek',
  'securepoint',
  'controld',
  'other',
] as const;
export type RouterId = (typeof ROUTER_IDS)[number];

/** Every finding code core can report; a code missing here fails the type check. */
export const FINDING_CODES = Object.keys({
  ERR_IOT_HTTPS_CHECK_NO_SERVER: true,
  ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION: true,
  ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL: true,
  ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION: true,
  ERR_IOT_HTTPS_LOAD_REQUEST_STATUS: true,
  ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT: true,
  BOX_UNREACHABLE: true,
  BOX_NOT_ODOO: true,
  BOX_IOT_MODULE_MISSING: true,
  BOX_ACCESS_POINT_MODE: true,
  BOX_MAC_MISMATCH: true,
  BOX_NO_CERTIFICATE_NO_CODE: true,
  CERT_VALID: true,
  CERT_TEMPORARY: true,
  CERT_EXPIRED: true,
  CERT_NOT_YET_VALID: true,
  CERT_RENEWAL_DUE: true,
  CERT_NAME_MISMATCH: true,
  CERT_UNTRUSTED: true,
  CERT_SERVED_DIFFERS_FROM_BOX: true,
  HTTPS_PORT_CLOSED: true,
  DNS_REBIND_FILTERED: true,
  DNS_WRONG_ADDRESS: true,
  DNS_UNRESOLVABLE: true,
  DNS_SYSTEM_RESOLVER_UNAVAILABLE: true,
  DNS_INCONCLUSIVE: true,
  DNS_OK: true,
  CLOCK_SKEW: true,
  ODOO_COM_UNREACHABLE: true,
  ODOO_COM_FILTERED: true,
  PAIRING_CODE_EXPIRED: true,
  IOT_SERVICE_STOPPED: true,
  IOT_SERVICE_STOPPED_DATABASE: true,
  IOT_SERVICE_STOPPED_ODOO_COM: true,
  BOX_NO_DEFAULT_ROUTE: true,
  PAIRING_IN_PROGRESS: true,
  CERT_FILE_DAMAGED: true,
  BOX_STATUS_ERROR: true,
  BOX_STATUS_SLOW: true,
  DEVICE_OK: true,
  DEVICE_LNA_BLOCKED: true,
  DEVICE_LNA_PROMPT: true,
  DEVICE_NAME_UNRESOLVED: true,
  DEVICE_CERT_UNTRUSTED: true,
  DEVICE_BOX_UNREACHABLE: true,
  DEVICE_HTTP_ONLY: true,
  DEVICE_NO_LNA_PATH: true,
  CHECK_PAGE_UNREACHED: true,
  TERMINAL_PORT_CLOSED: true,
  BOX_ADDRESS_NOT_RESERVED: true,
  ODOO_URL_INVALID: true,
  ODOO_URL_NOT_HTTPS: true,
  ODOO_API_KEY_MISSING: true,
  ODOO_UNREACHABLE: true,
  ODOO_REDIRECTED: true,
  ODOO_NOT_ODOO: true,
  ODOO_AUTH_FAILED: true,
  ODOO_DATABASE_NOT_FOUND: true,
  ODOO_IOT_ACCESS_DENIED: true,
  ODOO_NO_IOT_APP: true,
  ODOO_JSONRPC_DEPRECATED: true,
  ODOO_BAD_ANSWER: true,
  FLEET_RENEWAL_OVERDUE: true,
  FLEET_CERTIFICATE_EXPIRED: true,
  FLEET_NO_CERTIFICATE: true,
  FLEET_BOX_STOPPED_REPORTING: true,
  FLEET_DATABASE_STOPPED_ANSWERING: true,
} satisfies Record<FindingCode, true>) as FindingCode[];

/** Codes whose flow shows the eligibility checklist (field-problems.md §1.2). */
export const ELIGIBILITY_CODES: readonly FindingCode[] = ['ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT', 'BOX_NO_CERTIFICATE_NO_CODE'];

/** Fills in whatever a (possibly half-written) file lacks, so lookups never throw. */
export function normalise(raw: unknown): Catalogue {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Catalogue>;
  return {
    language: typeof r.language === 'string' ? r.language : '',
    findings: r.findings ?? {},
    evidence: r.evidence ?? {},
    routers: r.routers ?? {},
    eligibility: Array.isArray(r.eligibility) ? r.eligibility : [],
    errors: r.errors ?? {},
  };
}

/** One catalogue per UI language: the compiler rejects a language without one. */
export const catalogues: Record<LocaleCode, Catalogue> = {
  en: normalise(enJson),
  nl: normalise(nlJson),
  fr: normalise(frJson),
  de: normalise(deJson),
  es: normalise(esJson),
};

export function currentCatalogue(): Catalogue {
  return catalogues[i18n.locale];
}

/** The texts of a finding in the current language, else English, else null (unknown code). */
export function findingTexts(code: string): FindingTexts | null {
  const own = currentCatalogue().findings;
  if (Object.hasOwn(own, code)) return own[code] ?? null;
  const en = catalogues.en.findings;
  return Object.hasOwn(en, code) ? (en[code] ?? null) : null;
}

export function routerRecipe(id: string): RouterRecipe | null {
  const own = currentCatalogue().routers;
  if (Object.hasOwn(own, id)) return own[id] ?? null;
  const en = catalogues.en.routers;
  return Object.hasOwn(en, id) ? (en[id] ?? null) : null;
}

export function eligibility(): string[] {
  const own = currentCatalogue().eligibility;
  return own.length > 0 ? own : catalogues.en.eligibility;
}
