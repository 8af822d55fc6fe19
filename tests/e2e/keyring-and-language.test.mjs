// In the real window: a laptop without a keyring (no Secret Service on the session bus), and
// the Dutch window.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot, waitForCss } from './lib/wizard.mjs';

const CANARY = 'CANARYk3yr1ngQ8';
const DB_UUID = '2a1b0c9d-8e7f-4061-9253-a4b5c6d7e8f9';

test('without a keyring the code is kept, the app says why, and "this session only" carries on', async () => {
  const appLog = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-keyring-')), 'app.log');
  // No session bus, hence no Secret Service: every keyring call fails.
  const app = await startApp({ logFile: appLog, env: { LANG: 'en_US.UTF-8', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
  const box = await startSim(['--family', 'hw-posbox-status', '--flavour', 'linux', '--scenario', 'credentials-missing', '--restart-ms', '3000'], { ip: '127.0.0.81' });
  const { wd } = app;
  try {
    await connect(wd, box.http);
    await clickWhenThere(wd, 'next-button');
    await heading(wd, 'credentials');
    const uuid = await wd.find('db-uuid-input');
    await wd.clear(uuid);
    await wd.type(uuid, DB_UUID);
    const code = await wd.find('contract-code-input');
    await wd.type(code, CANARY);
    const remember = await wd.find('remember-code');
    if (!(await wd.property(remember, 'checked'))) await wd.click(remember);
    await wd.click(await wd.find('save-credentials-button'));

    // Back on the credentials with the reason, and nothing typed is lost.
    await wd.waitFor('keyring-warning', { timeoutMs: 30_000 });
    await heading(wd, 'credentials');
    assert.equal(await wd.property(await wd.find('contract-code-input'), 'value'), CANARY);
    assert.equal(await wd.attribute(await wd.find('contract-code-input'), 'type'), 'password');
    assert.equal(await wd.property(await wd.find('db-uuid-input'), 'value'), DB_UUID);
    await shot(wd, 'keyring-missing-1-warning');

    await wd.click(await wd.find('session-only-button'));
    await wd.waitFor('session-only-notice');
    assert.equal(await wd.property(await wd.find('remember-code'), 'disabled'), true);
    await shot(wd, 'keyring-missing-2-session-only');
    await wd.click(await wd.find('save-credentials-button'));

    // The code goes to the box all the same: it restarts to fetch its certificate.
    await heading(wd, 'generate');
    await waitForCss(wd, '[data-testid="timeline-stage"][data-stage="restarting"][data-state="active"]', { timeoutMs: 30_000 });
    await shot(wd, 'keyring-missing-3-generate');
  } finally {
    await app.stop();
    box.stop();
  }
  assert.ok(!readFileSync(appLog, 'utf8').includes(CANARY), 'the canary is not in the app log');
});

/** The header's language switch, as a user changes it. */
async function chooseLanguage(wd, code) {
  await wd.executeScript(`
    const select = document.querySelector('[data-testid="lang-switch"]');
    select.value = ${JSON.stringify(code)};
    select.dispatchEvent(new Event('change', { bubbles: true }));`);
  await waitForCss(wd, `html[lang="${code}"]`);
}

const findingTitle = (code) => `[data-testid="finding"][data-code="${code}"] [data-testid="finding-title"]`;

test('switched to Dutch, the window and the findings speak Dutch, and the choice is remembered', async () => {
  // (Following the desktop's language is core's matching of the locale variables,
  // `findings::locale`, covered by its unit tests and i18n.test.ts's desktopLocale.)
  const app = await startApp({ env: { LANG: 'en_US.UTF-8' } });
  const box = await startSim(['--family', 'hw-posbox-status', '--flavour', 'linux', '--scenario', 'load-request-status'], { ip: '127.0.0.82' });
  const { wd } = app;
  try {
    assert.equal(await wd.text(await heading(wd, 'box')), 'Which IoT box?');
    await chooseLanguage(wd, 'nl');
    assert.equal(await wd.text(await heading(wd, 'box')), 'Welke IoT Box?');

    await connect(wd, box.http);
    await clickWhenThere(wd, 'check-now-button');
    await heading(wd, 'validity');
    await clickWhenThere(wd, 'troubleshoot-button', { timeoutMs: 30_000 });
    await heading(wd, 'troubleshoot');
    const title = await waitForCss(wd, findingTitle('ERR_IOT_HTTPS_LOAD_REQUEST_STATUS'));
    assert.equal(await wd.text(title), 'odoo.com beantwoordde de certificaataanvraag met een HTTP-fout');
    assert.equal(await wd.text(await heading(wd, 'troubleshoot')), 'Wat opgelost moet worden');
    await shot(wd, 'dutch-troubleshoot');

    await chooseLanguage(wd, 'en');
    const english = await waitForCss(wd, findingTitle('ERR_IOT_HTTPS_LOAD_REQUEST_STATUS'));
    assert.equal(await wd.text(english), 'odoo.com answered the certificate request with an HTTP error');

    // The choice outlives a reload of the page.
    await chooseLanguage(wd, 'nl');
    await wd.refresh();
    assert.equal(await wd.text(await heading(wd, 'box')), 'Welke IoT Box?');
    await chooseLanguage(wd, 'en');
  } finally {
    await app.stop();
    box.stop();
  }
});
