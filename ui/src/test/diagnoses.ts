// Diagnoses, findings, sites and watch events for component tests.
import type { CertificateDetails } from '../lib/bindings/CertificateDetails';
import type { CertificateVerdict } from '../lib/bindings/CertificateVerdict';
import type { Diagnosis, Finding, Site, WatchEvent, WatchOutcome } from '../lib/api';
import type { FindingCode } from '../lib/bindings/FindingCode';
import { iotDriversLinux } from './fixtures';

export const HOST = '192-0-2-50.d73e7513.odoo-iot.com';

const leaf: CertificateDetails = {
  subject: 'CN=*.d73e7513.odoo-iot.com',
  subjectCn: '*.d73e7513.odoo-iot.com',
  issuer: "C=US, O=Let's Encrypt, CN=R12",
  issuerCn: 'R12',
  dnsNames: ['*.d73e7513.odoo-iot.com', 'd73e7513.odoo-iot.com'],
  ipAddresses: [],
  serial: '03:aa:bb',
  publicKey: { algorithm: 'RSA', bits: 2048, curve: null },
  signatureAlgorithm: 'sha256WithRSAEncryption',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: '2026-04-01T00:00:00Z',
  selfIssued: false,
  selfSigned: false,
  isCa: false,
  sha256: 'a'.repeat(64),
};

const intermediate: CertificateDetails = {
  ...leaf,
  subject: "C=US, O=Let's Encrypt, CN=R12",
  subjectCn: 'R12',
  issuer: 'C=US, O=Internet Security Research Group, CN=ISRG Root X1',
  issuerCn: 'ISRG Root X1',
  dnsNames: [],
  isCa: true,
  sha256: 'b'.repeat(64),
};

export const validVerdict: CertificateVerdict = {
  primary: 'valid',
  classes: ['valid'],
  expectedName: HOST,
  nameMatches: true,
  trust: { trusted: true, reason: null, detail: null },
  evaluatedAt: '2026-02-10T12:00:00Z',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: '2026-04-01T00:00:00Z',
  // As core computes them for 10 Feb 2026 12:00 (crates/core/src/validity.rs).
  state: 'valid',
  renewalFrom: '2026-03-22T00:00:00Z',
  warningFrom: '2026-03-22T00:00:00Z',
  daysLeft: 49,
  timeline: { issued: 0, renewal: 80 / 90, expires: 1, today: 40.5 / 90 },
  chain: [leaf, intermediate],
  unreadable: [],
};

export function finding(code: FindingCode, patch: Partial<Finding> = {}): Finding {
  return {
    code,
    severity: 'error',
    needsAction: true,
    source: 'laptop',
    evidence: [],
    httpStatus: null,
    detail: null,
    actions: ['retry'],
    routerRecipes: null,
    ...patch,
  };
}

export const certReadException = finding('ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION', {
  source: 'reported-by-box',
  evidence: [{ kind: 'boxReportsCode', args: { family: 'iot-drivers', code: 'ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION' } }],
  detail: "[Errno 2] No such file or directory: '/etc/ssl/certs/nginx-cert.crt'",
  actions: ['restartOdoo', 'rebootBox', 'retry'],
});

export const rebindFiltered = finding('DNS_REBIND_FILTERED', {
  evidence: [
    { kind: 'resolverAnswered', args: { resolver: 'system resolver 192.168.1.1', answer: 'no answer (timeout)' } },
    { kind: 'resolverConfirms', args: { resolver: '8.8.8.8', answer: '192.0.2.50' } },
  ],
  actions: ['copyRouterRecipe', 'retry'],
  routerRecipes: 'dns',
});

export const noResult = finding('ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT', {
  source: 'reported-by-box',
  actions: ['editCredentials', 'restartOdoo', 'retry'],
});

export const clockSkew = finding('CLOCK_SKEW', { severity: 'warning', needsAction: true, evidence: [{ kind: 'clockAhead', args: { box: '2026-02-10T12:10:00Z', laptop: '2026-02-10T12:00:00Z', seconds: '600' } }] });
export const dnsOk = finding('DNS_OK', { severity: 'ok', needsAction: false, actions: [] });
export const certValid = finding('CERT_VALID', { severity: 'ok', needsAction: false, actions: ['openBoxHttps'] });

export function diagnosis(patch: Partial<Diagnosis> = {}): Diagnosis {
  return {
    target: iotDriversLinux.address,
    box: iotDriversLinux,
    boxError: null,
    certificate: {
      https: '192.0.2.50:443',
      expectedName: HOST,
      byIp: { outcome: 'assessed', sni: HOST, verdict: validVerdict },
      byName: null,
      error: null,
    },
    dns: null,
    clock: null,
    odooCom: null,
    findings: [certValid, dnsOk],
    verdict: 'healthy',
    checkedAt: '2026-02-10T12:00:00Z',
    ...patch,
  };
}

export const healthy = diagnosis();

// In core's order: most severe first, then as concluded (findings::put_in_order).
export const troubled = diagnosis({
  findings: [certReadException, rebindFiltered, clockSkew, dnsOk],
  verdict: 'actionNeeded',
});

export function site(patch: Partial<Site> = {}): Site {
  return {
    id: 'site-1',
    name: 'Bakery De Molen',
    address: iotDriversLinux.address,
    family: 'iot-drivers',
    identifier: iotDriversLinux.identifier,
    mac: iotDriversLinux.mac,
    dbUuid: '0a1b2c3d-db-uuid',
    certificateEnd: '2026-04-01T00:00:00Z',
    lastChecked: '2026-02-01T09:00:00Z',
    lastVerdict: 'healthy',
    lastCodes: [],
    hasStoredCode: false,
    ...patch,
  };
}

export const events = {
  requestSent: { event: 'requestSent', action: 'save_credential', elapsedMs: 300 },
  boxDown: { event: 'boxDown', elapsedMs: 2_000 },
  boxBack: { event: 'boxBack', elapsedMs: 31_000 },
  certificateValid: {
    event: 'certificateChanged',
    certificate: { state: 'valid', subject: '*.d73e7513.odoo-iot.com', notAfter: '2026-04-01T00:00:00Z', renewalFrom: null },
    elapsedMs: 45_000,
  },
  served: { event: 'servedCertificateChanged', fingerprint: 'a'.repeat(64), elapsedMs: 47_000 },
} satisfies Record<string, WatchEvent>;

export const outcomes = {
  ready: {
    result: 'certificateReady',
    certificate: events.certificateValid.certificate,
    servedChanged: true,
    nameConfirmed: true,
    elapsedMs: 47_500,
  },
  failed: {
    result: 'certificateFailed',
    certificate: {
      state: 'failed',
      odooCode: { code: 'ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT', httpStatus: null, detail: null, source: 'reported-by-box' },
    },
    elapsedMs: 60_000,
  },
  serviceStopped: {
    result: 'serviceStopped',
    finding: finding('IOT_SERVICE_STOPPED_ODOO_COM', {
      severity: 'error',
      evidence: [{ kind: 'startupThreadDied', args: { exception: "AttributeError: 'bool' object has no attribute 'get'" } }],
      detail: "AttributeError: 'bool' object has no attribute 'get'",
    }),
    certificate: { state: 'noValidCertificate' },
    elapsedMs: 33_000,
  },
  causeFound: {
    result: 'causeFound',
    finding: finding('CLOCK_SKEW', {
      severity: 'error',
      evidence: [
        { kind: 'clockAhead', args: { box: '2027-03-02T10:00:00Z', laptop: '2026-12-07T10:00:00Z', seconds: '7344000' } },
        { kind: 'boxClockRestartsEachRead', args: {} },
      ],
    }),
    certificate: { state: 'generated' },
    elapsedMs: 21_000,
  },
  cancelled: { result: 'cancelled', elapsedMs: 5_000 },
} satisfies Record<string, WatchOutcome>;
