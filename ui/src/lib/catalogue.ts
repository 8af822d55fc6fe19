// The finding catalogue (texts for every finding code, router recipes, the eligibility
// checklist), shared with the Rust side as JSON and bundled at build time. Each UI language
// reads the catalogue of the same language and falls back to English entry by entry.
// Only English is in the start-up script (≈ 100 kB); each other language is a chunk of its
// own, loaded when it is first needed (the window's language at start, or a switch): all
// five in the first screen's script cost its parse time and memory (bench/README.md).
import enJson from '../../../crates/core/catalogue/en.json';
import { catalogueArrivals } from './catalogueLoaded.svelte';
import type { Catalogue } from './bindings/Catalogue';
import type { Finding } from './bindings/Finding';
import type { FindingCode } from './bindings/FindingCode';
import { FINDING_CODES as FINDING_CODE_LIST, ROUTER_IDS as ROUTER_ID_LIST } from './bindings/codes';
import type { FindingTexts } from './bindings/FindingTexts';
import type { RecipePartTexts } from './bindings/RecipePartTexts';
import type { RouterRecipe } from './bindings/RouterRecipe';
import { i18n, type LocaleCode } from './i18n/i18n.svelte';

// A language's catalogue, a finding's texts and a router's recipe (its `dns` and `https`
// parts): core's types (crates/core/src/findings/texts.rs).
export type { Catalogue, FindingTexts, RecipePartTexts, RouterRecipe };

/** The steps to show: the cause core identified (`finding.stepsFor`), else the generic list. */
export function stepsFor(texts: FindingTexts, finding: Pick<Finding, 'stepsFor'>): string[] {
  const own = finding.stepsFor ? texts.causeSteps?.[finding.stepsFor] : undefined;
  return own && own.length > 0 ? own : texts.steps;
}

/** Router ids in the order the picker shows them ("other" last); core's `findings::ROUTER_IDS`. */
export const ROUTER_IDS = ROUTER_ID_LIST;
export type RouterId = (typeof ROUTER_IDS)[number];

/** Every finding code core can report (generated from Rust's `FindingCode`). */
export const FINDING_CODES: readonly FindingCode[] = FINDING_CODE_LIST;

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
    families: r.families ?? {},
    report: r.report ?? {},
    startup: r.startup ?? {},
    cli: r.cli ?? {},
  };
}

const english = normalise(enJson);

/** How each language other than English arrives: the compiler rejects a language without one. */
const loaders: Record<Exclude<LocaleCode, 'en'>, () => Promise<{ default: unknown }>> = {
  nl: () => import('../../../crates/core/catalogue/nl.json'),
  fr: () => import('../../../crates/core/catalogue/fr.json'),
  de: () => import('../../../crates/core/catalogue/de.json'),
  es: () => import('../../../crates/core/catalogue/es.json'),
};

/** One catalogue per UI language; a language not loaded yet holds English's until it is. */
export const catalogues: Record<LocaleCode, Catalogue> = { en: english, nl: english, fr: english, de: english, es: english };

const loading = new Map<LocaleCode, Promise<Catalogue>>([['en', Promise.resolve(english)]]);

/** The catalogue of `code`, loaded once; lookups meanwhile answer in English. */
export function loadCatalogue(code: LocaleCode): Promise<Catalogue> {
  const known = loading.get(code);
  if (known) return known;
  const load = loaders[code as Exclude<LocaleCode, 'en'>]().then(
    (module) => {
      catalogues[code] = normalise(module.default);
      catalogueArrivals.arrived();
      return catalogues[code];
    },
    () => {
      loading.delete(code); // a later lookup tries again; English meanwhile
      return english;
    },
  );
  loading.set(code, load);
  return load;
}

/** Every language's catalogue (tests, and checks that compare languages). */
export function loadAllCatalogues(): Promise<Catalogue[]> {
  return Promise.all((Object.keys(catalogues) as LocaleCode[]).map(loadCatalogue));
}

export function currentCatalogue(): Catalogue {
  void catalogueArrivals.count;
  const code = i18n.locale;
  if (!loading.has(code)) void loadCatalogue(code);
  return catalogues[code];
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

/** The label of an API family or scan generation, as core's `ApiFamily::label` gives it. */
export function familyLabel(name: string): string {
  const own = currentCatalogue().families;
  const en = catalogues.en.families;
  return (Object.hasOwn(own, name) ? own[name] : undefined) ?? (Object.hasOwn(en, name) ? en[name] : undefined) ?? name;
}

export function eligibility(): string[] {
  const own = currentCatalogue().eligibility;
  return own.length > 0 ? own : catalogues.en.eligibility;
}
