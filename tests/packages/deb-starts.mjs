// Inside scripts/desktop-session, from tests/packages/clean-debian.sh: starts tauri-driver inside the
// clean Debian root, opens the installed app through it, and checks the first screen in demo
// mode: the built-in simulated box is found and identified. Screenshot in $ARTIFACTS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { freePort, waitForPort } from '../e2e/lib/harness.mjs';
import { WebDriver } from '../e2e/lib/webdriver.mjs';

const root = process.env.CLEAN_ROOT;
const artifacts = process.env.ARTIFACTS;
assert.ok(root && artifacts, 'CLEAN_ROOT and ARTIFACTS are set by clean-debian.sh');

const port = await freePort();
const nativePort = await freePort();
const log = openSync(path.join(artifacts, 'app.log'), 'a');
// Only what the app needs inside the root; demo mode keeps it on loopback.
const env = [
  `DISPLAY=${process.env.DISPLAY}`,
  `DBUS_SESSION_BUS_ADDRESS=${process.env.DBUS_SESSION_BUS_ADDRESS}`,
  'HOME=/root', 'XDG_RUNTIME_DIR=/tmp', 'LANG=C.UTF-8', 'NO_AT_BRIDGE=1',
  'PATH=/usr/local/bin:/usr/bin:/bin', 'IOT_HTTPS_MODE=demo',
];
const driver = spawn('chroot', [root, 'env', '-i', ...env, 'tauri-driver', '--port', String(port), '--native-port', String(nativePort)], {
  stdio: ['ignore', log, log],
});
process.on('exit', () => driver.kill('SIGKILL'));

try {
  await waitForPort(port, 20_000);
  const wd = await WebDriver.start(`http://127.0.0.1:${port}`, '/usr/bin/iot-https-assistant');
  // Demo mode without a box given connects to the built-in simulated box at once.
  await wd.waitFor('identity-card', { timeoutMs: 60_000 });
  const family = await wd.text(await wd.find('identity-family'));
  assert.match(family, /iot-drivers/);
  assert.match(await wd.text(await wd.find('mode-badge')), /Demo mode/);
  const page = await wd.executeScript('return document.body.innerText');
  assert.match(page, /Box found/);
  assert.doesNotMatch(page, /Starting the demo box/);
  // Give WebKit a moment to paint what the DOM already shows before the screenshot.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  writeFileSync(path.join(artifacts, 'installed-app-demo.png'), Buffer.from(await wd.screenshot(), 'base64'));
  console.error(`installed app: first screen up, demo box identified (${family.trim()})`);
  await wd.quit();
} finally {
  driver.kill();
}
