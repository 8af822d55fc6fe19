// Identity before secrets, in the real window: two shops' boxes answer in turn at the same
// address (every shop has a 192.168.1.50); the second gets nothing of the first — no database
// UUID, no stored code — and its simulator never receives shop A's canary code (counted at the
// box). A's keyring entry survives B's "remember". Then a LAN scan: a device copying A's
// identifier with another MAC does not take A's site; the box with A's identifier AND MAC does,
// and the window says so.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, restart, shot, waitForCss } from './lib/wizard.mjs';

const ADDRESS = '127.0.0.91';
const SHOP_A = { identifier: '10000000a11ce001', mac: 'b8:27:eb:a1:1c:e1', code: 'CANARYSH0PA7Qx', uuid: 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa' };
const SHOP_B = { identifier: '10000000b0b00002', mac: 'b8:27:eb:b0:b0:02', code: 'CANARYSH0PB3Zk', uuid: 'bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb' };

const work = mkdtempSync(path.join(os.tmpdir(), 'e2e-identity-'));
const caDir = path.join(work, 'ca');
let app;
let httpsPort;
const running = new Set();

before(async () => {
  mkdirSync(caDir, { recursive: true });
  httpsPort = await freePortOn(ADDRESS);
  app = await startApp({
    env: { LANG: 'en_US.UTF-8', IOT_HTTPS_HTTPS_PORT: String(httpsPort), IOT_HTTPS_EXTRA_CA_DIR: caDir },
  });
});

after(async () => {
  await app?.stop();
  await Promise.all([...running].map((s) => s.stop()));
});

/** A shop's box on port 8069 of `ip`, as real boxes are. */
async function shopBox(shop, ip = ADDRESS) {
  const box = await startSim(
    ['--family', 'iot-drivers', '--flavour', 'linux', '--scenario', 'credentials-missing', '--restart-ms', '400',
      '--identifier', shop.identifier, '--mac', shop.mac],
    { ip, httpPort: 8069, httpsPort, caDir },
  );
  running.add(box);
  return box;
}

async function stop(box) {
  running.delete(box);
  await box.stop();
}

async function toCredentials(wd) {
  await restart(wd);
  await connect(wd, `${ADDRESS}:8069`);
  await clickWhenThere(wd, 'next-button');
  await heading(wd, 'credentials');
}

async function typeAndSave(wd, shop) {
  const uuid = await wd.find('db-uuid-input');
  await wd.clear(uuid);
  await wd.type(uuid, shop.uuid);
  await wd.type(await wd.find('contract-code-input'), shop.code);
  const remember = await wd.find('remember-code');
  if (!(await wd.property(remember, 'checked'))) await wd.click(remember);
  await wd.click(await wd.find('save-credentials-button'));
  await heading(wd, 'generate');
  // "Ready" only once the certificate served on HTTPS verifies (trust and name).
  await heading(wd, 'validity', 60_000);
}

test("shop B's box at shop A's address gets nothing of A, and never A's code", async () => {
  const { wd } = app;
  const a = await shopBox(SHOP_A);
  await toCredentials(wd);
  await typeAndSave(wd, SHOP_A);
  assert.deepEqual(await a.receivedCodes(), [SHOP_A.code]);
  await stop(a);

  // Shop B's box now answers at the same address.
  const b = await shopBox(SHOP_B);
  await toCredentials(wd);
  const other = await wd.waitFor('other-box');
  assert.equal(await wd.attribute(other, 'data-sameness'), 'different');
  const comparison = await wd.text(await wd.find('identity-comparison'));
  assert.ok(comparison.includes(SHOP_A.identifier) && comparison.includes(SHOP_B.identifier), comparison);
  assert.equal(await wd.property(await wd.find('db-uuid-input'), 'value'), '', 'no UUID of shop A');
  assert.equal(await wd.property(await wd.find('contract-code-input'), 'value'), '', 'no code of shop A');
  assert.equal((await wd.findAll('[data-testid="stored-code-notice"]')).length, 0, 'no stored code offered');
  await shot(wd, 'identity-1-other-box');
  await typeAndSave(wd, SHOP_B);
  const atB = await b.receivedCodes();
  assert.deepEqual(atB, [SHOP_B.code]);
  assert.ok(!atB.includes(SHOP_A.code), "shop B's box never received shop A's code");
  await stop(b);

  // Shop A's box is back: its own stored code (not replaced by B's "remember") goes to it.
  const aAgain = await shopBox(SHOP_A);
  await toCredentials(wd);
  assert.equal((await wd.findAll('[data-testid="other-box"]')).length, 0);
  await wd.waitFor('stored-code-notice');
  assert.equal(await wd.property(await wd.find('db-uuid-input'), 'value'), SHOP_A.uuid);
  await wd.click(await wd.find('save-credentials-button'));
  await heading(wd, 'validity', 60_000);
  assert.deepEqual(await aAgain.receivedCodes(), [SHOP_A.code], "A's entry was kept");
  await shot(wd, 'identity-2-own-code');
  await stop(aAgain);
});

test("a scan moves a site only to the box with the same identifier AND MAC, and says so", async () => {
  const { wd } = app;
  const copy = await shopBox({ ...SHOP_A, mac: 'b8:27:eb:0f:0f:0f' }, '127.0.0.92');
  const moved = await shopBox(SHOP_A, '127.0.0.93');
  await restart(wd);
  await clickWhenThere(wd, 'sites-tab');
  await wd.type(await wd.waitFor('scan-cidr-input'), '127.0.0.88/29');
  await wd.click(await wd.find('scan-button'));
  await wd.waitFor('scan-summary', { timeoutMs: 30_000 });

  const copyRow = await waitForCss(wd, '[data-testid="found-box"][data-address="127.0.0.92:8069"]');
  assert.equal((await wd.findAllIn(copyRow, '[data-testid="site-moved"]')).length, 0, 'the copy takes no site');
  const movedRow = await waitForCss(wd, '[data-testid="found-box"][data-address="127.0.0.93:8069"]');
  const [notice] = await wd.findAllIn(movedRow, '[data-testid="site-moved"]');
  assert.ok(notice, 'the move is announced');
  assert.match(await wd.text(notice), new RegExp(`from ${ADDRESS.replaceAll('.', '\\.')}:8069`));
  await shot(wd, 'identity-3-scan');

  // The fleet lists A's site at its new address, and no site at the copy's.
  const rows = [];
  for (const row of await wd.findAll('[data-testid="site-row"]')) rows.push(await wd.text(row));
  assert.ok(rows.some((r) => r.includes('127.0.0.93:8069')), rows.join('\n'));
  assert.ok(!rows.some((r) => r.includes('127.0.0.92:8069')), rows.join('\n'));
  await stop(copy);
  await stop(moved);
});
