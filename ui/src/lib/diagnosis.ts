// Reading a Diagnosis: the certificate verdict, findings by severity, what changed.
import type { CertificateVerdict } from './bindings/CertificateVerdict';
import type { Diagnosis, Finding } from './api';
import type { Severity } from './bindings/Severity';
import type { Tone } from './describe';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, ok: 3 };

export function severityTone(severity: Severity): Tone {
  return severity === 'error' ? 'bad' : severity === 'warning' ? 'warn' : severity === 'ok' ? 'ok' : 'neutral';
}

/** Most severe first; the order within one severity is kept. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** Findings that ask for something to be done. */
export function problems(diagnosis: Diagnosis): Finding[] {
  return sortFindings(diagnosis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'));
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
