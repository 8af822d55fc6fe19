// A restart that switches the box's API family, in the real window (docs/protocol/restarts.md):
// a paired Pi on the iot-drivers code saves its credentials, restarts, checks out its
// database's branch and comes back speaking hw-posbox-status. The window follows it there and
// reaches a valid certificate instead of giving up on routes that vanished.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, restart, shot } from './lib/wizard.mjs';

const DB_UUID = '1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const IP = '127.0.0.71';
const work = mkdtempSync(path.join(os.tmpdir(), 'e2e-branch-'));
const caDir = path.join(work, 'ca');
let app;
let httpsPort;

before(async () => {
  mkdirSync(caDir, { recursive: true });
  httpsPort = await freePortOn(IP);
  app = await startApp({
    env: { LANG: 'en_US.UTF-8', IOT_HTTPS_HTTPS_PORT: String(httpsPort), IOT_HTTPS_EXTRA_CA_DIR: caDir },
  });
});

after(async () => {
  await app?.stop();
});

async function identity(wd, field) {
  return wd.text(await wd.find(`identity-${field}`));
}

test('after a restart the box speaks another family, and the window follows it', async () => {
  const { wd } = app;
  const box = await startSim(
    [
      '--family', 'iot-drivers', '--flavour', 'linux', '--scenario', 'credentials-missing',
      '--restart-ms', '1500', '--time-scale', '0.01', '--branch-on-restart', 'hw-posbox-status',
    ],
    { ip: IP, httpsPort, caDir },
  );
  try {
    await connect(wd, box.http);
    assert.match(await identity(wd, 'family'), /iot-drivers/);
    await clickWhenThere(wd, 'next-button');
    await heading(wd, 'credentials');
    const uuid = await wd.find('db-uuid-input');
    await wd.clear(uuid);
    await wd.type(uuid, DB_UUID);
    await wd.type(await wd.find('contract-code-input'), 'M2211E2EBRANCH');
    await wd.click(await wd.find('save-credentials-button'));
    await heading(wd, 'generate');

    // The watch detects the family again after the restart and reaches a certificate.
    await heading(wd, 'validity', 90_000);
    await wd.waitFor('days-left', { timeoutMs: 30_000 });
    assert.ok(Number(await wd.attribute(await wd.find('days-left'), 'data-days')) >= 88);
    await shot(wd, 'branch-switch-validity');

    // Back at the first step, the same address now shows the other family.
    await restart(wd);
    await connect(wd, box.http);
    assert.match(await identity(wd, 'family'), /hw-posbox-status/);
    await shot(wd, 'branch-switch-box');
    const state = await (await fetch(`http://${box.control}/state`)).json();
    assert.equal(state.family, 'hw-posbox-status');
    assert.equal(state.boots, 2, 'one restart, then the checkout restarted once more');
  } finally {
    box.stop();
  }
});
