// The device check in the real window, with a second real browser as the cashier's tablet:
// Debian's Chromium (headless, through chromedriver) opens the check page the app serves and
// tries the simulated box from "the device" — with its own trust store (an NSS database that
// does or does not hold the simulator's test CA), its own resolver (answering or filtering the
// box's name) and Local Network Access granted or denied (the page made "public" with
// --ip-address-space-overrides). The window must list each device with the matching verdict.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startDevice } from './lib/chromium.mjs';
import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot, waitForCss } from './lib/wizard.mjs';

const BOX_IP = '127.0.0.71';
const NAME = '127-0-0-71.d73e7513.odoo-iot.com';
let app;
let box;
let caPem;
let httpsPort;
let nginxPort;

before(async () => {
  const caDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-device-')), 'ca');
  mkdirSync(caDir, { recursive: true });
  httpsPort = await freePortOn(BOX_IP);
  // The Pi's nginx on plain HTTP: Odoo's Local Network Access path (port 80 on a box).
  nginxPort = await freePortOn(BOX_IP);
  box = await startSim(['--family', 'iot-drivers', '--scenario', 'healthy'], { ip: BOX_IP, httpsPort, caDir, nginxPort });
  caPem = readFileSync(path.join(caDir, readdirSync(caDir)[0]), 'utf8');
  app = await startApp({
    env: { LANG: 'en_US.UTF-8', IOT_HTTPS_HTTPS_PORT: String(httpsPort), IOT_HTTPS_LNA_PORT: String(nginxPort), IOT_HTTPS_EXTRA_CA_DIR: caDir },
  });
});

after(async () => {
  await app?.stop();
  box?.stop();
});

/** Opens the check page on one simulated device and returns the verdict the page shows. */
async function runDevice(url, { name, permission, want: _want, ...device }) {
  const tablet = await startDevice({ logName: `tablet-${name}`, ips: [BOX_IP], ...device });
  try {
    if (permission) await tablet.setPermission('local-network', permission, new URL(url).origin);
    await tablet.open(url);
    const code = await tablet.waitForAttribute('[data-testid="device-verdict"]', 'data-code');
    await tablet.screenshot(`device-check-page-${name}`);
    return { code, title: await tablet.text('h1') };
  } finally {
    await tablet.stop();
  }
}

test('the device check lists each tablet with the verdict its browser, DNS, trust store and permission earn', async () => {
  const { wd } = app;
  await connect(wd, box.http);
  await clickWhenThere(wd, 'check-now-button');
  await heading(wd, 'validity');
  await wd.waitFor('validity-summary', { timeoutMs: 60_000 });

  await clickWhenThere(wd, 'device-check-start');
  const url = await wd.text(await wd.waitFor('device-check-url', { timeoutMs: 30_000 }));
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/c\/[a-z2-7]{26}$/, 'loopback in test mode, one-time token');
  assert.ok((await wd.findAll('[data-testid="device-qr"] svg')).length, 'a QR code is shown');
  await wd.executeScript('document.querySelector(\'[data-testid="device-check"]\').scrollIntoView()');
  await shot(wd, 'device-check-qr');

  const page = new URL(url);
  const httpPort = box.http.split(':')[1];
  const lnaSpaces = {
    [`127.0.0.1:${page.port}`]: 'public',
    [`${BOX_IP}:${httpsPort}`]: 'local',
    [`${BOX_IP}:${httpPort}`]: 'local',
    [`${BOX_IP}:${nginxPort}`]: 'local',
  };
  const answering = { [NAME]: BOX_IP };
  const devices = [
    { name: 'trusted', trust: [caPem], hosts: answering, want: 'DEVICE_OK' },
    { name: 'untrusted', trust: [], hosts: answering, want: 'DEVICE_CERT_UNTRUSTED' },
    { name: 'filtered-dns', trust: [caPem], filtered: [NAME], want: 'DEVICE_NAME_UNRESOLVED' },
    { name: 'lna-denied', trust: [caPem], hosts: answering, addressSpaces: lnaSpaces, permission: 'denied', want: 'DEVICE_LNA_BLOCKED' },
    { name: 'lna-granted', trust: [caPem], hosts: answering, addressSpaces: lnaSpaces, permission: 'granted', lang: 'nl', want: 'DEVICE_OK' },
  ];
  const seen = [];
  for (const d of devices) {
    const { code, title } = await runDevice(url, d);
    assert.equal(code, d.want, `${d.name}: the page shows the verdict core gave`);
    seen.push({ ...d, title });
  }
  assert.match(seen.at(-1).title, /IoT Box controleren/, 'the page speaks the browser language (Dutch)');

  // The window lists every device, each with its own verdict.
  for (const want of ['DEVICE_OK', 'DEVICE_CERT_UNTRUSTED', 'DEVICE_NAME_UNRESOLVED', 'DEVICE_LNA_BLOCKED']) {
    await waitForCss(wd, `[data-testid="device-result"][data-verdict="${want}"]`, { timeoutMs: 30_000 });
  }
  const results = await wd.findAll('[data-testid="device-result"]');
  assert.equal(results.length, devices.length, 'one entry per device');
  const verdicts = [];
  for (const id of results) verdicts.push(await wd.attribute(id, 'data-verdict'));
  assert.deepEqual(verdicts, devices.map((d) => d.want));

  // The fix is one click away: the LNA-blocked device's flow has the site-settings steps.
  const [blockedHead] = await wd.findAll('[data-testid="device-result"][data-verdict="DEVICE_LNA_BLOCKED"] [data-code="DEVICE_LNA_BLOCKED"] button.head');
  await wd.click(blockedHead);
  const steps = await wd.text((await wd.findAll('[data-testid="device-result"][data-verdict="DEVICE_LNA_BLOCKED"] [data-testid="finding-steps"]'))[0]);
  assert.match(steps, /Local network access/);
  await wd.executeScript('document.querySelector(\'[data-testid="device-results"]\').scrollIntoView()');
  await shot(wd, 'device-check-verdicts');

  // Closing the check stops the page server.
  await clickWhenThere(wd, 'device-check-close');
  await wd.waitFor('device-check-closed');
  const refused = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(() => false, () => true);
  assert.ok(refused, 'the check page is gone once the check is closed');
});
