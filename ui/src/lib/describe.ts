// Turns the parts of a BoxStatus and a WireError into translated text. Pure, so it is
// shared by components and easy to test.
import type { BoxStatus } from './api';
import type { WireError } from './bindings/WireError';
import { familyLabel } from './catalogue';
import { isMessageKey, t } from './i18n/i18n.svelte';

export type Tone = 'ok' | 'bad' | 'warn' | 'neutral';

export interface Described {
  text: string;
  tone: Tone;
  /** Extra lines (e.g. the box's certificate details). */
  more?: string;
}

/** The family's label from core's catalogue (one label for window, CLI and reports). */
export function familyText(family: BoxStatus['family']): string {
  return familyLabel(family);
}

export function flavourText(flavour: BoxStatus['flavour']): string {
  return t(`flavour.${flavour}`);
}

export function pairingLines(pairing: BoxStatus['pairing']): Described[] {
  switch (pairing.state) {
    case 'paired':
      return [{ text: pairing.server, tone: 'ok' }];
    case 'notPaired': {
      const lines: Described[] = [{ text: t('identity.notPaired'), tone: 'neutral' }];
      if (pairing.pairingCode) {
        const key = pairing.codeExpired ? 'identity.pairingCodeExpired' : 'identity.pairingCode';
        lines.push({ text: t(key, { code: pairing.pairingCode }), tone: 'neutral' });
      }
      return lines;
    }
    default:
      return [{ text: t('identity.pairingUnknown'), tone: 'neutral' }];
  }
}

export function credentialLines(credentials: BoxStatus['credentials']): Described[] {
  return [
    credentials.dbUuid
      ? { text: t('identity.dbUuid', { uuid: credentials.dbUuid }), tone: 'ok' }
      : { text: t('identity.dbUuidNone'), tone: 'bad' },
    credentials.enterpriseCodePresent
      ? { text: t('identity.codePresent'), tone: 'ok' }
      : { text: t('identity.codeMissing'), tone: 'bad' },
  ];
}

export function certificateState(cert: BoxStatus['certificate']): Described {
  switch (cert.kind) {
    case 'status': {
      const more = cert.details.trim() || undefined;
      return cert.ok
        ? { text: t('cert.ok'), tone: 'ok', more }
        : { text: t('cert.notOk'), tone: 'bad', more };
    }
    case 'endDate':
      return cert.endDate
        ? { text: t('cert.validUntil', { date: cert.endDate }), tone: 'ok' }
        : { text: t('cert.noValid'), tone: 'bad' };
    default:
      return { text: t('cert.absent'), tone: 'neutral' };
  }
}

/** A next step for a known code, else the generic advice. */
export function errorHint(error: WireError): string {
  const key = `error.hint.${error.code}`;
  return isMessageKey(key) ? t(key) : t('error.hint.generic');
}
