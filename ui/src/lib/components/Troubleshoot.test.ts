import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import Troubleshoot from './Troubleshoot.svelte';
import type { RetryMethod } from '../bindings/RetryMethod';
import type { Diagnosis, WatchEvent, WatchOutcome } from '../api';
import { catalogues, ROUTER_IDS } from '../catalogue';
import { iotDriversLinux } from '../../test/fixtures';
import { certReadException, diagnosis, dnsOk, events, finding, healthy, noResult, outcomes, rebindFiltered, troubled } from '../../test/diagnoses';
import { channelOf, deferred, route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

function show(d: Diagnosis = troubled, retry: RetryMethod = 'restartOdoo') {
  const props = {
    address: iotDriversLinux.address,
    retry,
    diagnosis: d,
    onDiagnosis: vi.fn(),
    onEditCredentials: vi.fn(),
    onContinue: vi.fn(),
    onBack: vi.fn(),
  };
  render(Troubleshoot, props);
  return props;
}

const item = (code: string) => screen.getAllByTestId('finding').find((li) => li.dataset.code === code)!;

beforeEach(() => {
  invokeMock.mockReset();
});

describe('Troubleshoot', () => {
  it('lists the findings most serious first and opens the first problem', () => {
    show();
    expect(screen.getByTestId('step-heading').dataset.step).toBe('troubleshoot');
    const list = screen.getAllByTestId('finding');
    expect(list.map((li) => li.dataset.severity)).toEqual(['error', 'error', 'warning', 'ok']);
    expect(list[0]!.dataset.code).toBe('ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION');

    const first = within(list[0]!);
    expect(first.getByTestId('finding-title').textContent).toBe(
      catalogues.en.findings.ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION?.title,
    );
    expect(first.getByText('Problem')).toBeTruthy();
    expect(first.getByTestId('finding-evidence').textContent).toContain('the iot-drivers box reports ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION');
    expect(first.getByTestId('finding-detail').tagName).toBe('PRE');
    expect(first.getByTestId('finding-detail').textContent).toContain('nginx-cert.crt');
    expect(first.getByTestId('finding-steps').querySelectorAll('li')).toHaveLength(
      catalogues.en.findings.ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION?.steps.length ?? 0,
    );
    expect(within(list[1]!).queryByTestId('finding-steps')).toBeNull();
  });

  it("shows only the steps of the cause core identified (issue 19 item 10)", () => {
    const crash = finding('BOX_STATUS_ERROR', { stepsFor: 'windowsDateComparison' });
    show(diagnosis({ findings: [crash, dnsOk], verdict: 'actionNeeded' }));
    const steps = [...within(item('BOX_STATUS_ERROR')).getByTestId('finding-steps').querySelectorAll('li')].map(
      (li) => li.textContent,
    );
    const texts = catalogues.en.findings.BOX_STATUS_ERROR;
    expect(steps).toEqual(texts?.causeSteps?.windowsDateComparison);
    expect(steps.length).toBeLessThan(texts?.steps.length ?? 0);
  });

  it('shows the steps of the network cause the box\'s exception text named', () => {
    const unresolved = finding('ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION', { stepsFor: 'nameResolution' });
    show(diagnosis({ findings: [unresolved, dnsOk], verdict: 'actionNeeded' }));
    const steps = [...within(item(unresolved.code)).getByTestId('finding-steps').querySelectorAll('li')].map(
      (li) => li.textContent,
    );
    const texts = catalogues.en.findings.ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION;
    expect(steps).toEqual(texts?.causeSteps?.nameResolution);
    expect(steps[0]).toContain('could not look up the address of www.odoo.com');
    expect(steps.some((s) => s?.startsWith('If the firewall inspects HTTPS'))).toBe(false);
  });

  it("shows only the box's platform's steps, and both when the platform is unknown", () => {
    const stepsOf = (stepsFor?: 'raspberryPi' | 'windows') => {
      const read = finding('ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION', stepsFor ? { stepsFor } : {});
      const { unmount } = render(Troubleshoot, {
        address: iotDriversLinux.address,
        retry: 'restartOdoo',
        diagnosis: diagnosis({ findings: [read, dnsOk], verdict: 'actionNeeded' }),
        onDiagnosis: vi.fn(),
        onEditCredentials: vi.fn(),
        onContinue: vi.fn(),
        onBack: vi.fn(),
      });
      const text = within(item(read.code)).getByTestId('finding-steps').textContent ?? '';
      unmount();
      return text;
    };
    const pi = stepsOf('raspberryPi');
    expect(pi).toContain('SD card');
    expect(pi).not.toContain('%ProgramFiles%');
    const windows = stepsOf('windows');
    expect(windows).toContain('%ProgramFiles%\\Odoo IoT <version>');
    expect(windows).not.toContain('SD card');
    const unknown = stepsOf();
    expect(unknown).toContain('SD card');
    expect(unknown).toContain('%ProgramFiles%');
  });

  it("keeps core's order and opens the first finding core says needs action", () => {
    // The window neither sorts nor judges severity: both answers are core's.
    const told = finding('CLOCK_SKEW', { severity: 'warning', needsAction: false });
    show(diagnosis({ findings: [told, dnsOk, certReadException], verdict: 'actionNeeded' }));
    const list = screen.getAllByTestId('finding');
    expect(list.map((li) => li.dataset.code)).toEqual(['CLOCK_SKEW', 'DNS_OK', certReadException.code]);
    expect(within(item(certReadException.code)).getByTestId('finding-steps')).toBeTruthy();
    expect(within(item('CLOCK_SKEW')).queryByTestId('finding-steps')).toBeNull();
  });

  it('asks before restarting Odoo, runs it, re-checks and says the finding is fixed', async () => {
    const action = deferred<WatchOutcome>();
    const after = diagnosis({
      findings: [dnsOk],
      verdict: 'healthy',
      recheck: { fixed: [certReadException.code, 'DNS_REBIND_FILTERED', 'CLOCK_SKEW'], still: [], new: [] },
    });
    route(invokeMock, { box_action: () => action.promise, diagnose_box: () => after });
    const props = show();

    const restart = within(item(certReadException.code)).getByTestId('action-restartOdoo');
    restart.focus();
    await fireEvent.click(restart);
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('This restarts the box; a shop may be trading. Continue?');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-no'));
    expect(invokeMock).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('confirm-yes'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(invokeMock).toHaveBeenCalledWith('box_action', {
      address: iotDriversLinux.address,
      action: 'restartOdoo',
      onEvent: expect.anything(),
    });
    const flow = within(item(certReadException.code));
    expect(flow.getByTestId('action-rebootBox')).toHaveProperty('disabled', true);

    const channel = channelOf<WatchEvent>(invokeMock, 'box_action');
    channel.send(events.boxDown);
    await waitFor(() =>
      expect(flow.getAllByTestId('timeline-stage').find((s) => s.dataset.stage === 'restarting')?.dataset.state).toBe(
        'active',
      ),
    );
    action.resolve(outcomes.ready);

    await waitFor(() => expect(within(item(certReadException.code)).getByTestId('recheck-result')).toBeTruthy());
    const result = within(item(certReadException.code)).getByTestId('recheck-result');
    expect(result.dataset.result).toBe('fixed');
    expect(result.textContent).toContain('Fixed');
    expect(screen.getAllByTestId('finding')[0]).toBe(item(certReadException.code));
    expect(invokeMock).toHaveBeenCalledWith('diagnose_box', expect.objectContaining({ address: iotDriversLinux.address }));
    expect(props.onDiagnosis).toHaveBeenCalledWith(after);
    expect(screen.getByTestId('all-clear')).toBeTruthy();
  });

  it('says "still there" when the re-check finds the problem again', async () => {
    const again = { ...troubled, recheck: { fixed: [], still: troubled.findings.slice(0, 3).map((f) => f.code), new: [] } };
    route(invokeMock, { box_action: () => outcomes.failed, diagnose_box: () => again });
    show();
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-rebootBox'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() =>
      expect(within(item(certReadException.code)).getByTestId('recheck-result').dataset.result).toBe('still'),
    );
  });

  it("marks fixed and still only as core's comparison says", async () => {
    // Core says CLOCK_SKEW was fixed and the acted-on finding remains; no other finding is marked.
    const after = diagnosis({
      findings: [certReadException, rebindFiltered, dnsOk],
      verdict: 'actionNeeded',
      recheck: { fixed: ['CLOCK_SKEW'], still: [certReadException.code, 'DNS_REBIND_FILTERED'], new: [] },
    });
    route(invokeMock, { box_action: () => outcomes.failed, diagnose_box: () => after });
    show();
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-restartOdoo'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(within(item('CLOCK_SKEW')).getByTestId('recheck-result').dataset.result).toBe('fixed'));
    expect(within(item(certReadException.code)).getByTestId('recheck-result').dataset.result).toBe('still');
    expect(within(item('DNS_REBIND_FILTERED')).queryByTestId('recheck-result')).toBeNull();
  });

  it('marks nothing when core has no earlier diagnosis of this box to compare with', async () => {
    route(invokeMock, { box_action: () => outcomes.failed, diagnose_box: () => diagnosis({ findings: [dnsOk], verdict: 'healthy' }) });
    show();
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-restartOdoo'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('diagnose_box', expect.anything()));
    await waitFor(() => expect(screen.getByTestId('all-clear')).toBeTruthy());
    expect(screen.queryAllByTestId('recheck-result')).toHaveLength(0);
  });

  it('keeps Tab inside the question, closes it with Escape or Cancel and does nothing', async () => {
    show();
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-restartOdoo'));
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-yes'));
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-no'));
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();

    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-rebootBox'));
    await fireEvent.click(screen.getByTestId('confirm-no'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it('offers to save the logs before a reboot (not before an Odoo restart), then still asks', async () => {
    route(invokeMock, { save_box_logs: () => '/home/tech/box.log' });
    show();
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-restartOdoo'));
    expect(screen.queryByTestId('confirm-save-logs')).toBeNull();
    await fireEvent.click(screen.getByTestId('confirm-no'));

    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-rebootBox'));
    expect(screen.getByTestId('confirm-logs-note').textContent).toContain('erases them');
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('confirm-save-logs'));
    await fireEvent.click(screen.getByTestId('confirm-save-logs'));
    await waitFor(() => expect(screen.getByTestId('confirm-logs-message').textContent).toContain('/home/tech/box.log'));
    expect(invokeMock).toHaveBeenCalledWith('save_box_logs', { address: iotDriversLinux.address });
    expect(invokeMock).not.toHaveBeenCalledWith('box_action', expect.anything());
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
  });

  it('asks first for a retry that restarts Odoo (18.3+), not for one that only reads (16.0–18.2)', async () => {
    route(invokeMock, { box_action: () => outcomes.failed, diagnose_box: () => troubled });
    show(troubled, 'observe');
    await fireEvent.click(within(item(certReadException.code)).getByTestId('action-retry'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(invokeMock).toHaveBeenCalledWith('box_action', expect.objectContaining({ action: 'retry' }));
  });

  it('offers router recipes for rebind filtering and copies the chosen one', async () => {
    route(invokeMock, { copy_text: () => null });
    show();
    await fireEvent.click(within(item('DNS_REBIND_FILTERED')).getByRole('button', { expanded: false }));
    const flow = within(item('DNS_REBIND_FILTERED'));
    await fireEvent.click(flow.getByTestId('action-copyRouterRecipe'));

    const picker = within(screen.getByTestId('router-picker'));
    expect(picker.getByTestId('router-part').textContent).toContain('DNS rebind protection');
    for (const id of ROUTER_IDS) {
      expect(picker.getByTestId(`router-option-${id}`).textContent).toContain(catalogues.en.routers[id]!.name);
    }
    await fireEvent.click(picker.getByTestId('router-option-pfsense'));
    expect(picker.getByTestId('router-option-pfsense').getAttribute('aria-pressed')).toBe('true');
    const recipe = catalogues.en.routers.pfsense!;
    expect(picker.getByTestId('router-steps').querySelectorAll('li')).toHaveLength(recipe.dns.steps.length);
    expect(picker.getByTestId('router-source').textContent).toContain(recipe.dns.source);

    await fireEvent.click(picker.getByTestId('copy-recipe'));
    const text = recipe.dns.steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
    expect(invokeMock).toHaveBeenCalledWith('copy_text', {
      text: `${recipe.name} — ${screen.getByTestId('router-part').textContent}\n\n${text}\n\nSource: ${recipe.dns.source}`,
    });
    expect(await picker.findByText('Copied to the clipboard.')).toBeTruthy();
  });

  it('offers the outbound HTTPS part of a business firewall when odoo.com is filtered', async () => {
    const filtered = finding('ODOO_COM_UNREACHABLE', {
      severity: 'warning',
      actions: ['copyRouterRecipe', 'retry'],
      routerRecipes: 'https',
    });
    show(diagnosis({ findings: [filtered], verdict: 'actionNeeded' }));
    const head = item('ODOO_COM_UNREACHABLE').querySelector('button.head')!;
    if (head.getAttribute('aria-expanded') !== 'true') await fireEvent.click(head);
    const flow = within(item('ODOO_COM_UNREACHABLE'));
    await fireEvent.click(flow.getByTestId('action-copyRouterRecipe'));
    const picker = within(screen.getByTestId('router-picker'));
    expect(picker.getByTestId('router-part').textContent).toContain('www.odoo.com and iot-proxy.odoo.com');
    await fireEvent.click(picker.getByTestId('router-option-fortigate'));
    const steps = picker.getByTestId('router-steps').textContent ?? '';
    expect(steps).toContain('Security Profiles > SSL/SSH Inspection');
    expect(steps).toContain('Exempt from SSL Inspection');
    expect(picker.getByTestId('router-steps').querySelectorAll('li')).toHaveLength(catalogues.en.routers.fortigate!.https.steps.length);
    expect(picker.getByTestId('router-source').textContent).toContain('https://community.fortinet.com/');
    await fireEvent.click(picker.getByTestId('router-option-sonicwall'));
    expect(picker.getByTestId('router-steps').textContent).toContain('POLICY | DPI-SSL > Client SSL');
  });

  it('shows the eligibility checklist with the restart hint for a refused request', async () => {
    show(diagnosis({ findings: [noResult], verdict: 'actionNeeded' }));
    const checklist = within(screen.getByTestId('eligibility-checklist'));
    expect(checklist.getAllByTestId('eligibility-item')).toHaveLength(catalogues.en.eligibility.length);
    expect(checklist.getByText('Subscription added after pairing? Restart Odoo.')).toBeTruthy();
    await fireEvent.click(checklist.getAllByTestId('eligibility-item')[0]!);
    expect(checklist.getByText(`1 of ${catalogues.en.eligibility.length} checked`)).toBeTruthy();

    await fireEvent.click(checklist.getByTestId('eligibility-restart'));
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
  });

  it('sends "Edit credentials" back to step 2', async () => {
    const props = show(diagnosis({ findings: [noResult], verdict: 'actionNeeded' }));
    await fireEvent.click(screen.getByTestId('action-editCredentials'));
    expect(props.onEditCredentials).toHaveBeenCalledOnce();
  });

  it('offers to continue when nothing is left to fix', async () => {
    const props = show(healthy);
    await fireEvent.click(screen.getByTestId('continue-button'));
    expect(props.onContinue).toHaveBeenCalledOnce();
  });
});
