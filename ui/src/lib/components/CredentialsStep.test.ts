import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import CredentialsStep from './CredentialsStep.svelte';
import type { BoxStatus, SiteMatch } from '../api';
import { WizardState, type CredentialsForm } from '../wizard.svelte';
import { i18n } from '../i18n/i18n.svelte';
import { hwPosboxStatusWindows, iotDriversLinux } from '../../test/fixtures';
import { site } from '../../test/diagnoses';
import { route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const uuid = () => screen.getByTestId('db-uuid-input') as HTMLInputElement;
const code = () => screen.getByTestId('contract-code-input') as HTMLInputElement;

type OtherBox = Extract<SiteMatch, { kind: 'otherBox' }>;

function show(
  props: { box?: BoxStatus; form?: CredentialsForm; site?: ReturnType<typeof site> | null; otherSite?: OtherBox | null } = {},
) {
  const onSave = vi.fn();
  const onSkip = vi.fn();
  // As in the app: the form is the wizard's reactive state.
  const form = props.form ?? new WizardState().form;
  render(CredentialsStep, {
    box: props.box ?? hwPosboxStatusWindows,
    site: props.site ?? null,
    otherSite: props.otherSite ?? null,
    form,
    onSave,
    onSkip,
    onBack: vi.fn(),
  });
  return { onSave, onSkip, form };
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('CredentialsStep', () => {
  it('says what is missing next to each field without calling the box', async () => {
    const { onSave } = show();
    await fireEvent.click(screen.getByTestId('save-credentials-button'));

    expect(screen.getByTestId('db-uuid-error').textContent).toContain('Enter the database UUID');
    expect(screen.getByTestId('contract-code-error').textContent).toContain('Enter the contract code');
    expect(uuid().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(uuid());
    expect(invokeMock).not.toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows the Rust check next to the right field and keeps what was typed', async () => {
    route(invokeMock, {
      check_credentials: () => {
        throw { code: 'INPUT_INVALID_DB_UUID', args: {}, message: 'x', detail: '"0a1b-nope" is not a database UUID.' };
      },
    });
    const { onSave } = show();
    await fireEvent.input(uuid(), { target: { value: '0a1b-nope' } });
    await fireEvent.input(code(), { target: { value: 'M1234567890' } });
    await fireEvent.click(screen.getByTestId('save-credentials-button'));

    expect((await screen.findByTestId('db-uuid-error')).textContent).toContain('"0a1b-nope" is not a database UUID.');
    expect(screen.queryByTestId('contract-code-error')).toBeNull();
    expect(uuid().value).toBe('0a1b-nope');
    expect(code().value).toBe('M1234567890');
    expect(onSave).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(uuid()));

    await fireEvent.input(uuid(), { target: { value: UUID } });
    expect(screen.queryByTestId('db-uuid-error')).toBeNull();
  });

  it('checks on blur, and in Dutch shows its own sentence with the Rust words as detail', async () => {
    i18n.locale = 'nl';
    route(invokeMock, {
      check_credentials: () => {
        throw { code: 'INPUT_INVALID_CONTRACT_CODE', args: {}, message: 'x', detail: 'The contract code is too short.' };
      },
    });
    show();
    await fireEvent.input(uuid(), { target: { value: UUID } });
    await fireEvent.input(code(), { target: { value: 'M1' } });
    await fireEvent.blur(code());

    const error = await screen.findByTestId('contract-code-error');
    expect(error.textContent).toContain('Dit lijkt geen contractcode');
    expect(error.textContent).toContain('The contract code is too short.');
    expect(invokeMock).toHaveBeenCalledWith('check_credentials', { dbUuid: UUID, contractCode: 'M1' });
    expect(code().value).toBe('M1');
  });

  it('words what is wrong from the catalogue in the window language (no English from Rust)', async () => {
    i18n.locale = 'fr';
    route(invokeMock, {
      check_credentials: () => {
        throw { code: 'INPUT_INVALID_CONTRACT_CODE', args: { problem: 'short' }, message: 'x', detail: null };
      },
    });
    show();
    await fireEvent.input(uuid(), { target: { value: UUID } });
    await fireEvent.input(code(), { target: { value: 'M1' } });
    await fireEvent.blur(code());

    const error = await screen.findByTestId('contract-code-error');
    expect(error.querySelector('.detail')?.textContent).toBe(
      "Le code de contrat n'est pas valide : il est trop court ; copiez-le à nouveau en entier.",
    );
  });

  it('masks the contract code, with a reveal toggle', async () => {
    show();
    const reveal = screen.getByTestId('contract-code-reveal');
    expect(code().type).toBe('password');
    expect(reveal.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.input(code(), { target: { value: 'SECRET-123' } });

    await fireEvent.click(reveal);
    expect(code().type).toBe('text');
    expect(reveal.getAttribute('aria-pressed')).toBe('true');
    expect(code().value).toBe('SECRET-123');

    await fireEvent.click(reveal);
    expect(code().type).toBe('password');
  });

  it('saves the normalised UUID with the code and the remember choice', async () => {
    route(invokeMock, { check_credentials: () => ({ dbUuid: UUID }) });
    const { onSave } = show();
    await fireEvent.input(uuid(), { target: { value: ` ${UUID.toUpperCase()} ` } });
    await fireEvent.input(code(), { target: { value: 'M1234567890' } });
    await fireEvent.click(screen.getByTestId('remember-code'));
    await fireEvent.submit(uuid().form!);

    await waitFor(() =>
      expect(onSave).toHaveBeenCalledWith({
        kind: 'save',
        dbUuid: UUID,
        contractCode: 'M1234567890',
        storedCodeOf: null,
        choice: null,
        remember: false,
      }),
    );
    expect(uuid().value).toBe(UUID);
  });

  it("prefills the UUID from the box's own site and saves with its stored code without seeing it", async () => {
    const { onSave } = show({ site: site({ dbUuid: UUID, hasStoredCode: true }) });

    expect(uuid().value).toBe(UUID);
    expect(code().value).toBe('');
    expect(screen.getByTestId('stored-code-notice').dataset.site).toBe('site-1');
    await fireEvent.submit(uuid().form!);
    expect(onSave).toHaveBeenCalledWith({
      kind: 'save',
      dbUuid: UUID,
      contractCode: null,
      storedCodeOf: 'site-1',
      choice: null,
      remember: false,
    });
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it("prefills nothing from another box's site, shows both identities, and uses its code only when chosen", async () => {
    const saved = site({ id: 'shop-a', name: 'Shop A', dbUuid: UUID, hasStoredCode: true });
    const otherSite: OtherBox = {
      kind: 'otherBox',
      saved,
      boxIdentity: { identifier: 'serial-b', mac: 'b8:27:eb:00:00:0b', dbUuid: null },
      sameness: 'different',
      choice: 'token-from-rust',
    };
    const { onSave } = show({ otherSite });

    expect(uuid().value).toBe('');
    expect(code().value).toBe('');
    expect(screen.queryByTestId('stored-code-notice')).toBeNull();
    const table = screen.getByTestId('identity-comparison').textContent ?? '';
    expect(table).toContain('serial-b');
    expect(table).toContain(saved.identifier!);

    await fireEvent.click(screen.getByTestId('use-other-site-code'));
    expect(screen.getByTestId('stored-code-notice').textContent).toContain('Shop A');
    await fireEvent.submit(uuid().form!);
    expect(onSave).toHaveBeenCalledWith({
      kind: 'save',
      dbUuid: UUID,
      contractCode: null,
      storedCodeOf: 'shop-a',
      choice: 'token-from-rust',
      remember: false,
    });
  });

  it("deselects the stored code when the UUID is edited: it belongs to the site's database", async () => {
    route(invokeMock, { check_credentials: () => ({ dbUuid: UUID }) });
    const { onSave } = show({ site: site({ dbUuid: UUID, hasStoredCode: true }) });
    expect(screen.getByTestId('stored-code-notice')).toBeTruthy();
    await fireEvent.input(uuid(), { target: { value: '9f2c3b1a-0d4e-4f5a-8b6c-7d8e9f0a1b2c' } });
    expect(screen.queryByTestId('stored-code-notice')).toBeNull();
    await fireEvent.submit(uuid().form!);
    // Nothing is saved with the other database until a code is typed (or chosen again).
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByTestId('contract-code-error')).toBeTruthy();
  });

  it('tells where the contract code travels', () => {
    show();
    expect(screen.getByTestId('code-travels-notice').textContent).toContain('in clear');
  });

  it('prefills the UUID the box reports when there is no site', () => {
    show({ box: iotDriversLinux });
    expect(uuid().value).toBe('0a1b2c3d-db-uuid');
  });

  it('offers session-only use when the keyring is unavailable', async () => {
    const given = new WizardState().form;
    given.keyringError = { code: 'KEYRING_UNAVAILABLE', args: {}, message: 'No keyring service is running on this computer.' };
    const { form } = show({ form: given });

    const warning = await screen.findByTestId('keyring-warning');
    expect(warning.textContent).toContain("cannot be stored in this computer's keyring");
    await fireEvent.click(screen.getByTestId('session-only-button'));

    expect(screen.queryByTestId('keyring-warning')).toBeNull();
    expect(screen.getByTestId('session-only-notice')).toBeTruthy();
    expect((screen.getByTestId('remember-code') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId('remember-code') as HTMLInputElement).disabled).toBe(true);
    expect(form.sessionOnly).toBe(true);
  });

  it('asks the box to try again when nothing changed, and offers to skip a box that is done', async () => {
    const { onSave, onSkip } = show({ box: iotDriversLinux });
    expect(screen.getByTestId('unchanged-hint')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('skip-credentials-button'));
    expect(onSkip).toHaveBeenCalledOnce();

    await fireEvent.click(screen.getByTestId('save-credentials-button'));
    expect(onSave).toHaveBeenCalledWith({
      kind: 'retry',
      dbUuid: '0a1b2c3d-db-uuid',
      contractCode: null,
      storedCodeOf: null,
      choice: null,
      remember: false,
    });
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it('does not offer to skip when the box has no valid certificate', () => {
    show();
    expect(screen.queryByTestId('skip-credentials-button')).toBeNull();
  });

  it("offers to skip and leaves the code optional exactly as core's rules say", async () => {
    // Core says this box may not skip and needs a code, whatever its credentials look like.
    const strict: BoxStatus = { ...iotDriversLinux, credentialRules: { maySkip: false, codeOptionalFor: null } };
    show({ box: strict });
    expect(screen.queryByTestId('skip-credentials-button')).toBeNull();
    expect(screen.queryByTestId('unchanged-hint')).toBeNull();
  });

  it('keeps the values in the form it was given, so they survive leaving the step', async () => {
    const form = new WizardState().form;
    show({ form });
    await fireEvent.input(uuid(), { target: { value: 'typed-uuid' } });
    await fireEvent.input(code(), { target: { value: 'typed-code' } });
    expect(form.dbUuid).toBe('typed-uuid');
    expect(form.contractCode).toBe('typed-code');
  });

  it('pairs from the pairing panel and offers the paired database UUID in an empty field', async () => {
    const unpaired: BoxStatus = {
      ...iotDriversLinux,
      pairing: { state: 'notPaired', pairingCode: 'A1B2C3', codeExpired: false },
      credentials: { dbUuid: null, enterpriseCodePresent: false },
      credentialRules: { maySkip: false, codeOptionalFor: null },
    };
    const pairedBox: BoxStatus = {
      ...iotDriversLinux,
      credentials: { dbUuid: UUID, enterpriseCodePresent: true },
      credentialRules: { maySkip: true, codeOptionalFor: UUID },
    };
    route(invokeMock, { pair_box: () => ({ paired: true, report: pairedBox, waitedMs: 3000 }) });
    const onPaired = vi.fn();
    const form = new WizardState().form;
    render(CredentialsStep, { box: unpaired, site: null, form, onSave: vi.fn(), onSkip: vi.fn(), onBack: vi.fn(), onPaired });
    expect(screen.getByTestId('pairing-code').textContent).toBe('A1B2C3');
    await fireEvent.input(screen.getByTestId('pairing-token-input'), { target: { value: `https://s.example?token=t&db_uuid=${UUID}&enterprise_code=M1234567` } });
    await fireEvent.click(screen.getByTestId('pair-button'));
    await waitFor(() => expect(onPaired).toHaveBeenCalledWith(pairedBox));
    expect(form.dbUuid).toBe(UUID);
  });
});
