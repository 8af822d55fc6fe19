// Evidence is data from core (a kind and its values); the sentence is the catalogue's template
// for that kind in the current language, filled the same way as core's `Evidence::render`.
import type { Evidence } from './bindings/Evidence';
import type { EvidenceKind } from './bindings/EvidenceKind';
import { catalogues, currentCatalogue } from './catalogue';
import { interpolate } from './i18n/i18n.svelte';

/** Every evidence kind; a kind missing here fails the type check (`satisfies`). */
export const EVIDENCE_KINDS = Object.keys({
  quote: true,
  boxSays: true,
  noAnswer: true,
  accessPoint: true,
  pairingCodeExpired: true,
  boxReportsCode: true,
  odooComHttpStatus: true,
  accessPointNoServer: true,
  notPaired: true,
  missingDbUuid: true,
  missingContractCode: true,
  servedButNotReported: true,
  noEndDateNoCause: true,
  httpsClosed: true,
  noReadableCertificate: true,
  servedCertificate: true,
  validityPeriod: true,
  namesDoNotCover: true,
  notTrusted: true,
  noTrustedRoot: true,
  renewsFrom: true,
  boxReportsValidUntil: true,
  servedValidUntil: true,
  httpsName: true,
  odooComUnreachable: true,
  clockAhead: true,
  clockBehind: true,
  resolverAnswered: true,
  resolverNoData: true,
  resolverNxDomain: true,
  resolverRefused: true,
  resolverServFail: true,
  resolverTimeout: true,
  resolverFailed: true,
  resolverNotAsked: true,
  resolverConfirms: true,
  nameEncodesExpected: true,
  boxReachedAt: true,
  answerIsBoxAddress: true,
  answerNotBoxAddress: true,
  nameEncodes: true,
  boxReportsReachedAt: true,
  boxReportsReachedThere: true,
  staleName: true,
  noResolverKnows: true,
  systemResolverNotAvailable: true,
  rebindRange: true,
  notPrivateYetHidden: true,
  localFilter: true,
  noPublicResolverGiven: true,
  noPublicResolverAnswered: true,
  systemResolverSilent: true,
  systemResolverNotAsked: true,
  noResolverAnswered: true,
  resolvesCorrectly: true,
} satisfies Record<EvidenceKind, true>) as EvidenceKind[];

/** One fact as a sentence in the current language (English when the language lacks it). */
export function evidenceText(evidence: Evidence): string {
  const template = currentCatalogue().evidence[evidence.kind] ?? catalogues.en.evidence[evidence.kind] ?? '{text}';
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(evidence.args)) if (value !== undefined) args[name] = value;
  return interpolate(template, args);
}
