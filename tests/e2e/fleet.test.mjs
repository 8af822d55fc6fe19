// The fleet from a customer database, in the real window: an Odoo 19 stand-in (odoo-db-sim,
// JSON-2) with two databases is added on the Sites tab (its API key goes to the session's real
// keyring), "Check now" shows every box with the days left core computed, a box inside the
// alert threshold raises a desktop notification, and the scheduled check runs by itself.
//
// The notification is captured on the session bus: Debian's notification-daemon (a real
// org.freedesktop.Notifications server) runs in the test's desktop session and answers, and
// dbus-monitor records the Notify call the app makes through tauri-plugin-notification.
// A canary API key must show up nowhere but in the requests to its own database.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, test } from 'node:test';

import { ARTIFACTS, ROOT, startApp } from './lib/harness.mjs';
import { clickWhenThere, shot, waitForCss } from './lib/wizard.mjs';

const ODOO_SIM = path.join(ROOT, 'target/debug/odoo-db-sim');
const DAEMON = '/usr/lib/notification-daemon/notification-daemon';
const KEY = 'CANARY-e2e-odoo-key-3b9d71';
const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-fleet-'));
const notifyLog = path.join(dir, 'notify.log');
const appLog = path.join(dir, 'app.log');
const children = [];
let app;
let odooUrl;

/** Odoo's Datetime text, `days` from now (UTC). */
function odooDate(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
}

function spawnLogged(cmd, args, name, { pipe = false } = {}) {
  const log = openSync(path.join(dir, `${name}.log`), 'a');
  try {
    const child = spawn(cmd, args, { stdio: ['ignore', pipe ? 'pipe' : log, log] });
    children.push(child);
    return child;
  } finally {
    closeSync(log);
  }
}

function notificationsOwned() {
  const r = spawnSync('dbus-send', [
    '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications',
  ]);
  return r.status === 0 && r.stdout.toString().includes('boolean true');
}

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  for (const bin of [ODOO_SIM, DAEMON]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing (cargo build -p odoo-db-sim; apt-get install notification-daemon)`);
  }
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'run inside scripts/desktop-session');
  // A real notification server, and a recorder of what is sent to it.
  spawnLogged(DAEMON, [], 'notification-daemon');
  await waitFor(() => notificationsOwned(), 'notification-daemon on the session bus');
  spawnLogged('dbus-monitor', ['--session', "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"], 'dbus-monitor-stderr', { pipe: true })
    .stdout.on('data', (chunk) => writeFileSync(notifyLog, chunk, { flag: 'a' }));

  const config = path.join(dir, 'odoo.json');
  const user = [{ login: 'tech@example.com', uid: 2, apiKey: KEY }];
  writeFileSync(config, JSON.stringify({
    version: '19.0',
    jsonrpcSwitchedOff: true,
    databases: [
      { name: 'bakery', users: user, boxes: [
        { name: 'Counter', identifier: '10000000a1b2c3d4', ip: '10.0.0.5', version: '25.10', sslCertificateEndDate: odooDate(60.5) },
        { name: 'Kitchen', identifier: '10000000e5f6a7b8', ip: '10.0.0.6', version: '25.10' },
      ] },
      { name: 'florist', users: user, boxes: [
        { name: 'Till', identifier: '10000000c0ffee00', ip: '10.1.0.5', version: '25.07', sslCertificateEndDate: odooDate(3.5) },
      ] },
    ],
  }));
  const sim = spawnLogged(ODOO_SIM, ['--config', config, '--bind', '127.0.0.1:0'], 'odoo-db-sim', { pipe: true });
  odooUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('odoo-db-sim did not print its URL')), 20_000);
    readline.createInterface({ input: sim.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
  app = await startApp({ env: { LANG: 'en_US.UTF-8' }, logFile: appLog });
});

after(async () => {
  await app?.stop();
  for (const c of children) c.kill();
});

/** The text of an element, or '' while it is not there. */
async function textOf(wd, testId) {
  try {
    return await wd.text(await wd.find(testId));
  } catch {
    return '';
  }
}

async function addDatabase(wd, database) {
  for (const [id, value] of [['fleet-url', odooUrl], ['fleet-db', database], ['fleet-login', 'tech@example.com'], ['fleet-api-key', KEY]]) {
    const field = await wd.waitFor(id);
    await wd.clear(field);
    await wd.type(field, value);
  }
  await wd.click(await wd.find('fleet-add'));
  await waitFor(async () => (await textOf(wd, 'fleet-message')).includes(`${database} added`), `${database} added`);
  assert.equal(await wd.property(await wd.find('fleet-api-key'), 'value'), '', 'the key field is emptied');
}

async function rowsByName(wd) {
  const rows = {};
  for (const row of await wd.findAll('[data-testid="fleet-row"]')) {
    const [name] = await wd.findAllIn(row, '[data-testid="fleet-box"]');
    const [days] = await wd.findAllIn(row, '[data-testid="fleet-days-left"]');
    rows[await wd.text(name)] = { status: await wd.attribute(row, 'data-status'), days: await wd.text(days) };
  }
  return rows;
}

test('a database source shows its boxes, a crossed threshold raises a desktop notification', async () => {
  const { wd } = app;
  await clickWhenThere(wd, 'sites-tab');
  await wd.waitFor('databases-panel');
  await addDatabase(wd, 'bakery');
  await addDatabase(wd, 'florist');
  await wd.click(await wd.find('fleet-check'));
  await waitForCss(wd, '[data-testid="fleet-row"][data-status="renewal-overdue"]', { timeoutMs: 30_000 });
  const rows = await rowsByName(wd);
  assert.deepEqual(rows.Counter, { status: 'ok', days: '60' }, JSON.stringify(rows));
  assert.deepEqual(rows.Till, { status: 'renewal-overdue', days: '3' }, JSON.stringify(rows));
  assert.equal(rows.Kitchen.status, 'unknown');
  await shot(wd, 'fleet-1-databases');

  // The Notify call reached the session's notification server, with core's texts.
  await waitFor(() => existsSync(notifyLog) && readFileSync(notifyLog, 'utf8').includes('Till (florist)'), 'the Notify call', 20_000);
  const notify = readFileSync(notifyLog, 'utf8');
  assert.match(notify, /member=Notify/);
  assert.match(notify, /IoT box certificate not renewed/);
  assert.match(notify, /Till \(florist\): 3 days left/);
  assert.doesNotMatch(notify, /Counter \(bakery\)/, 'only the box that crossed a threshold');
  assert.ok(notificationsOwned(), 'the notification server is still up');
  writeFileSync(path.join(ARTIFACTS, 'fleet-notify.log'), notify);

  // The scheduled check: every minute from now on, and the view follows it.
  const before = await textOf(wd, 'fleet-checked-at');
  const interval = await wd.find('fleet-interval');
  await wd.clear(interval);
  await wd.type(interval, '1');
  await wd.click(await wd.find('fleet-save-preferences'));
  await new Promise((r) => setTimeout(r, 1_100)); // the shown time has one-second resolution at best
  await waitFor(async () => (await textOf(wd, 'fleet-checked-at')) !== before, 'a scheduled check', 90_000);
  assert.equal(
    (readFileSync(notifyLog, 'utf8').match(/Till \(florist\)/g) ?? []).length,
    1,
    'no second notification while the state lasts',
  );

  // The key: in the keyring and in the requests to its database, nowhere else.
  const html = await wd.executeScript('return document.documentElement.outerHTML');
  assert.ok(!html.includes(KEY), 'the window never gets the key back');
  assert.ok(!readFileSync(appLog, 'utf8').includes(KEY), 'not in the app log');
  const dataDir = path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local/share'), 'org.iothttps.assistant');
  const files = existsSync(dataDir) ? readdirSync(dataDir, { withFileTypes: true }).filter((f) => f.isFile()) : [];
  assert.ok(files.some((f) => f.name === 'fleet.json'), 'the databases were saved');
  for (const file of files) {
    assert.ok(!readFileSync(path.join(dataDir, file.name), 'utf8').includes(KEY), `not in ${file.name}`);
  }
  assert.ok(!notify.includes(KEY), 'not in the notification');
});
