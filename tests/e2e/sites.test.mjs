// Find boxes on the LAN and watch the fleet, in the real window: three simulators on their own
// loopback addresses (port 8069, as real boxes), found by a sweep of a loopback range, saved
// as sites, then "Check all" shows each certificate's countdown.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot, waitForCss } from './lib/wizard.mjs';

const BOXES = [
  ['127.0.0.67', 'iot-drivers', 'healthy'],
  ['127.0.0.68', 'hw-posbox-status', 'healthy'],
  ['127.0.0.69', 'iot-drivers', 'renewal-due'],
];
let app;
let appEnv;
const sims = [];

before(async () => {
  const caDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-sites-')), 'ca');
  mkdirSync(caDir, { recursive: true });
  const httpsPort = await freePortOn('127.0.0.67');
  for (const [ip, family, scenario] of BOXES) {
    sims.push(await startSim(['--family', family, '--scenario', scenario], { ip, httpPort: 8069, httpsPort, caDir }));
  }
  appEnv = { LANG: 'en_US.UTF-8', IOT_HTTPS_HTTPS_PORT: String(httpsPort), IOT_HTTPS_EXTRA_CA_DIR: caDir };
  app = await startApp({ env: appEnv });
});

after(async () => {
  await app?.stop();
  for (const s of sims) s.stop();
});

test('a sweep finds the three boxes live; saved, they show their certificate countdowns', async () => {
  const { wd } = app;
  await clickWhenThere(wd, 'sites-tab');
  const range = await wd.waitFor('scan-cidr-input');
  await wd.type(range, '127.0.0.64/28');
  await wd.click(await wd.find('scan-button'));
  await wd.waitFor('scan-summary', { timeoutMs: 30_000 });
  for (const [ip, family] of BOXES) {
    const row = await waitForCss(wd, `[data-testid="found-box"][data-address="${ip}:8069"]`);
    assert.equal(await wd.attribute(row, 'data-family'), family.startsWith('hw-') ? '' : family, ip);
  }
  await shot(wd, 'sites-1-scan');

  const addButtons = async () => (await wd.findAll('[data-testid="add-found-site"]')).length;
  for (let i = 0; i < BOXES.length; i += 1) {
    const before = await addButtons();
    await clickWhenThere(wd, 'add-found-site');
    // A saved site's button turns into "known".
    await waitFor(async () => (await addButtons()) < before, 'the found box saved as a site');
  }
  await clickWhenThere(wd, 'check-all-button');
  // Other tests of this run may have saved sites too: read the rows of our three boxes.
  const daysOf = async () => {
    const days = {};
    for (const row of await wd.findAll('[data-testid="site-row"]')) {
      const text = await wd.text(row);
      const ip = BOXES.map(([a]) => a).find((a) => text.includes(`${a}:8069`));
      const [countdown] = await wd.findAllIn(row, '[data-testid="site-countdown"]');
      const value = countdown ? await wd.attribute(countdown, 'data-days') : '';
      if (ip && value !== '' && value !== null) days[ip] = Number(value);
    }
    return days;
  };
  await waitFor(async () => Object.keys(await daysOf()).length === BOXES.length, 'three countdowns', 60_000);
  const days = await daysOf();
  assert.ok(days['127.0.0.67'] >= 88 && days['127.0.0.68'] >= 88, JSON.stringify(days));
  assert.ok(days['127.0.0.69'] < 10, JSON.stringify(days));
  await shot(wd, 'sites-2-fleet');
});

test("a fleet check never replaces the wizard's diagnosis: the report is still of the box on screen", async () => {
  const { wd } = app;
  await clickWhenThere(wd, 'wizard-tab');
  await connect(wd, '127.0.0.68:8069');
  await clickWhenThere(wd, 'check-now-button');
  await heading(wd, 'validity');
  await wd.waitFor('validity-summary', { timeoutMs: 30_000 });
  const report = () =>
    wd.executeScript(`return window.__TAURI_INTERNALS__.invoke('export_report', { format: 'markdown', language: 'en' });`);
  assert.match(await report(), /Box address: 127\.0\.0\.68:8069/);

  await clickWhenThere(wd, 'sites-tab');
  await clickWhenThere(wd, 'check-all-button');
  const progress = await wd.waitFor('check-all-progress');
  await waitFor(
    async () => (await wd.property(progress, 'value')) === (await wd.property(progress, 'max')),
    'the fleet check to finish',
    60_000,
  );
  assert.match(await report(), /Box address: 127\.0\.0\.68:8069/);
  // The same report in German: labels, titles and evidence follow the language asked for.
  const german = await wd.executeScript(
    `return window.__TAURI_INTERNALS__.invoke('export_report', { format: 'markdown', language: 'de' });`,
  );
  assert.match(german, /Supportbericht/);
  assert.match(german, /Adresse der Box: 127\.0\.0\.68:8069/);
});

test("the window's preferences (tab, language) outlive a restart of the app", async () => {
  let { wd } = app;
  await clickWhenThere(wd, 'sites-tab');
  await wd.executeScript(`
    const select = document.querySelector('[data-testid="lang-switch"]');
    select.value = 'de';
    select.dispatchEvent(new Event('change', { bubbles: true }));`);
  await waitForCss(wd, 'html[lang="de"]');
  // Saved through the store from Rust; give the write a moment to land before the restart.
  await waitFor(
    async () => (await wd.executeScript(`return window.__TAURI_INTERNALS__.invoke('app_info')`)).preferences.language === 'de',
    'the language in the stored preferences',
  );
  await app.stop();
  app = await startApp({ env: appEnv, keepPreferences: true });
  wd = app.wd;
  // The desktop says English; the stored choice wins, and the Sites tab is open again.
  await waitForCss(wd, 'html[lang="de"]');
  await waitForCss(wd, '.shell[data-view="sites"]');
  assert.equal(await wd.text(await wd.waitFor('sites-heading')), 'Standorte');
  // Leave the shared session as other tests expect it: English, on the assistant.
  await wd.executeScript(`
    const select = document.querySelector('[data-testid="lang-switch"]');
    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));`);
  await clickWhenThere(wd, 'wizard-tab');
  await waitFor(async () => {
    const prefs = (await wd.executeScript(`return window.__TAURI_INTERNALS__.invoke('app_info')`)).preferences;
    return prefs.language === 'en' && prefs.lastTab === 'wizard';
  }, 'the preferences back to English and the assistant');
});

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
