// The wizard's state: which step, the box, its site, the credentials typed so far (kept across
// steps and errors), the generate job and the latest diagnosis.
import type { BoxStatus, Diagnosis, Site, SiteMatch, WireError } from './api';
import { STEPS, type StepId } from './wizardSteps';

export type WizardStep = StepId | 'troubleshoot';

export interface CredentialsForm {
  dbUuid: string;
  contractCode: string;
  remember: boolean;
  /** The keyring cannot be used: the code is used for this session only. */
  sessionOnly: boolean;
  /** Save with the code stored for this site (read in Rust; the page never sees it). */
  useStoredCodeOf: string | null;
  /** That site belongs to another box, and the technician chose its code after comparing. */
  otherBoxConfirmed: boolean;
  keyringError: WireError | null;
  /** The box address the form was prefilled for (prefill once, never over what was typed). */
  prefilledFor: string | null;
}

export interface GenerateJob {
  /** 'save' writes the credentials (the box restarts); 'retry' only asks the box to try again. */
  kind: 'save' | 'retry';
  dbUuid: string;
  /** Typed code; null with `storedCodeOf`. */
  contractCode: string | null;
  storedCodeOf: string | null;
  /** The token of the explicit choice of another site's code (issued by Rust). */
  choice: string | null;
  remember: boolean;
}

export function emptyForm(): CredentialsForm {
  return {
    dbUuid: '',
    contractCode: '',
    remember: true,
    sessionOnly: false,
    useStoredCodeOf: null,
    otherBoxConfirmed: false,
    keyringError: null,
    prefilledFor: null,
  };
}

export class WizardState {
  step = $state<WizardStep>('box');
  box = $state<BoxStatus | null>(null);
  site = $state<Site | null>(null);
  /** Another box's site saved for this address: shown side by side, never prefilled. */
  otherSite = $state<Extract<SiteMatch, { kind: 'otherBox' }> | null>(null);
  form = $state<CredentialsForm>(emptyForm());
  job = $state<GenerateJob | null>(null);
  diagnosis = $state<Diagnosis | null>(null);
  /** Where "Back" leads from troubleshooting. */
  returnTo = $state<StepId>('validity');
  /** Steps 1..furthest may be shown as reached. */
  furthest = $state(1);
  /** A site picked elsewhere: the box step fills in its address and connects at once. */
  startAddress = $state<string | null>(null);
  /** Changes when the wizard starts over, so the steps remount fresh. */
  run = $state(0);

  /** The step the indicator highlights (troubleshooting belongs to the step it came from). */
  get indicatorStep(): StepId {
    return this.step === 'troubleshoot' ? this.returnTo : this.step;
  }

  /** Where "Back" leads from troubleshooting: never into a second save. */
  get troubleshootBack(): StepId {
    return this.returnTo === 'generate' ? 'credentials' : this.returnTo;
  }

  get address(): string {
    return this.box?.address ?? '';
  }

  go(step: WizardStep): void {
    if (step === 'troubleshoot' && this.step !== 'troubleshoot') this.returnTo = this.step;
    this.step = step;
    if (step !== 'troubleshoot') this.furthest = Math.max(this.furthest, STEPS.indexOf(step) + 1);
  }

  /** A box answered; core matched it to a site by identity (`status.siteMatch`). */
  connected(status: BoxStatus): void {
    const match = status.siteMatch ?? null;
    const site = match?.kind === 'same' ? match.site : null;
    // Another box (or another site) than the form was filled for: start the form afresh.
    if (this.box?.address !== status.address || (this.site?.id ?? null) !== (site?.id ?? null)) {
      this.form = emptyForm();
      this.diagnosis = null;
      this.job = null;
    }
    this.box = status;
    this.site = site;
    this.otherSite = match?.kind === 'otherBox' ? match : null;
  }

  troubleshoot(diagnosis: Diagnosis): void {
    this.diagnosis = diagnosis;
    this.go('troubleshoot');
  }

  /** Back to step 1, optionally connecting to a given address at once. */
  startOver(address: string | null = null): void {
    this.step = 'box';
    this.box = null;
    this.site = null;
    this.otherSite = null;
    this.form = emptyForm();
    this.job = null;
    this.diagnosis = null;
    this.furthest = 1;
    this.startAddress = address;
    this.run += 1;
  }
}
