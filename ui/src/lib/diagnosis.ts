// Reading a Diagnosis: the certificate verdict, the findings that need action, what changed.
// Core orders the findings (most severe first) and says which need action; nothing here
// sorts or judges severity again.
import type { CertificateVerdict } from './bindings/CertificateVerdict';
import type { Diagnosis, Finding } from './api';
import type { Severity } from './bindings/Severity';
import type { Tone } from './describe';

export function severityTone(severity: Severity): Tone {
  return severity === 'error' ? 'bad' : severity === 'warning' ? 'warn' : severity === 'ok' ? 'ok' : 'neutral';
}

/** Findings that ask for something to be done (core's `needsAction`), in core's order. */
export function problems(diagnosis: Diagnosis): Finding[] {
  return diagnosis.findings.filter((f) => f.needsAction);
}

/** The verdict on the served certificate: by IP first (what the POS reaches), else by name. */
export function certificateVerdict(diagnosis: Diagnosis): CertificateVerdict | null {
  for (const a of [diagnosis.certificate.byIp, diagnosis.certificate.byName]) {
    if (a?.outcome === 'assessed') return a.verdict;
  }
  return null;
}

/** The name the box serves HTTPS under, when known. */
export function httpsName(diagnosis: Diagnosis): string | null {
  return diagnosis.certificate.expectedName ?? certificateVerdict(diagnosis)?.expectedName ?? null;
}

export function hasFinding(diagnosis: Diagnosis, code: string): boolean {
  return diagnosis.findings.some((f) => f.code === code);
}
