// Pairing in the real window (Credentials step): the box's pairing code, then a connection
// token in either format sent to a simulated unpaired box, which is watched until it reports
// the database. The simulator pairs like Odoo does: it saves the server and restarts.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot } from './lib/wizard.mjs';

const DB_UUID = '1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
let app;

before(async () => {
  app = await startApp({ env: { LANG: 'en_US.UTF-8' } });
});

after(async () => {
  await app?.stop();
});

async function pairWith(family, ip, token) {
  const { wd } = app;
  const box = await startSim(['--family', family, '--flavour', 'linux', '--scenario', 'unpaired', '--restart-ms', '400'], { ip });
  try {
    await connect(wd, box.http);
    await clickWhenThere(wd, 'next-button');
    await heading(wd, 'credentials');
    await wd.waitFor('pairing-panel');
    const code = await wd.text(await wd.find('pairing-code'));
    assert.match(code, /^\S{4,}$/, 'the box shows its pairing code');
    await wd.type(await wd.find('pairing-token-input'), token);
    await wd.click(await wd.find('pair-button'));
    const paired = await wd.waitFor('pairing-server', { timeoutMs: 60_000 });
    assert.match(await wd.text(paired), /https:\/\/shop\.example\.com/);
    await shot(wd, `pairing-${family}`);
  } finally {
    box.stop();
  }
}

test('a v18 token pairs an iot-drivers box, and the window sees it paired', async () => {
  await pairWith(
    'iot-drivers',
    '127.0.0.71',
    `https://shop.example.com?token=TOKEN123&db_uuid=${DB_UUID}&enterprise_code=M123456789`,
  );
});

test('an old url|token|uuid|code token pairs a 16.0 box', async () => {
  await app.wd.refresh();
  await pairWith('legacy-html', '127.0.0.72', `https://shop.example.com|TOKEN123|${DB_UUID}|M123456789`);
});

test('a malformed token is refused next to the field, and nothing is sent', async () => {
  const { wd } = app;
  await wd.refresh();
  const box = await startSim(['--family', 'iot-drivers', '--flavour', 'linux', '--scenario', 'unpaired'], { ip: '127.0.0.73' });
  try {
    await connect(wd, box.http);
    await clickWhenThere(wd, 'next-button');
    await heading(wd, 'credentials');
    await wd.type(await wd.waitFor('pairing-token-input'), 'https://shop.example.com|only|three');
    await wd.click(await wd.find('pair-button'));
    const error = await wd.waitFor('pairing-token-error', { timeoutMs: 15_000 });
    assert.match(await wd.text(error), /4 parts/);
    const state = await (await fetch(`http://${box.control}/state`)).json();
    assert.equal(state.server_url ?? null, null, 'the box was not paired');
  } finally {
    box.stop();
  }
});
