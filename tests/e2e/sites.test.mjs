// Find boxes on the LAN and watch the fleet, in the real window: three simulators on their own
// loopback addresses (port 8069, as real boxes), found by a sweep of a loopback range, saved
// as sites, then "Check all" shows each certificate's countdown.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, shot, waitForCss } from './lib/wizard.mjs';

const BOXES = [
  ['127.0.0.67', 'iot-drivers', 'healthy'],
  ['127.0.0.68', 'hw-posbox-status', 'healthy'],
  ['127.0.0.69', 'iot-drivers', 'renewal-due'],
];
let app;
const sims = [];

before(async () => {
  const caDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-sites-')), 'ca');
  mkdirSync(caDir, { recursive: true });
  const httpsPort = await freePortOn('127.0.0.67');
  for (const [ip, family, scenario] of BOXES) {
    sims.push(await startSim(['--family', family, '--scenario', scenario], { ip, httpPort: 8069, httpsPort, caDir }));
  }
  app = await startApp({ env: { LANG: 'en_US.UTF-8', IOT_HTTPS_HTTPS_PORT: String(httpsPort), IOT_HTTPS_EXTRA_CA_DIR: caDir } });
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

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
