// Starts what an end-to-end test needs — simulated boxes, tauri-driver, the real app — on
// loopback only, and saves screenshots as test artifacts.

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, writeFileSync, existsSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { WebDriver } from './webdriver.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const APP = path.join(ROOT, 'target/debug/iot-https-assistant');
export const SIM = path.join(ROOT, 'target/debug/iot-box-sim');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts/e2e');
const LOGS = path.join(ARTIFACTS, 'logs');

/** A log file for one child process. Children never write to the test runner's own pipes: a
 * grandchild that outlives its test (a WebKitWebDriver, say) would hold them open, and the
 * runner — and CI behind it — would wait for them to close. */
function logFileFor(name) {
  mkdirSync(LOGS, { recursive: true });
  return path.join(LOGS, `${name}-${process.pid}-${Date.now()}.log`);
}

/** spawn() with stdout and/or stderr appended to `logFile`; our copy of the descriptor is closed
 * once the child has its own. */
function spawnLogged(cmd, args, { logFile, stdoutPipe = false, env } = {}) {
  const log = openSync(logFile, 'a');
  try {
    return spawn(cmd, args, { stdio: ['ignore', stdoutPipe ? 'pipe' : log, log], env });
  } finally {
    closeSync(log);
  }
}

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Starts `iot-box-sim` on loopback and resolves with its announced addresses.
 * `ip`/`httpsPort` put it on its own loopback address with a shared HTTPS port (the app is
 * told that port through IOT_HTTPS_HTTPS_PORT); `caDir` collects its test CA; `nginxPort`
 * opens the Pi's nginx plain-HTTP port (Odoo's LNA path; IOT_HTTPS_LNA_PORT for the app).
 */
export async function startSim(args, { ip = '127.0.0.1', httpPort = 0, httpsPort = 0, caDir, nginxPort } = {}) {
  for (const bin of [SIM]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: build it with cargo build -p iot-box-sim`);
  }
  const child = track(
    spawnLogged(SIM, [
      '--http', `${ip}:${httpPort}`, '--https', `${ip}:${httpsPort}`, '--control', '127.0.0.1:0',
      ...(caDir ? ['--ca-out', path.join(caDir, `${ip}-${Date.now()}.pem`)] : []),
      ...(nginxPort ? ['--nginx', `${ip}:${nginxPort}`] : []),
      ...args,
    ], { logFile: logFileFor('sim'), stdoutPipe: true }),
  );
  const lines = readline.createInterface({ input: child.stdout });
  const announced = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('iot-box-sim did not announce its ports')), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`iot-box-sim exited with ${code}`)));
  });
  const control = `http://${announced.control}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    ...announced,
    /** Stops the simulator; resolves once it has exited (its ports are free again). */
    stop: () => {
      child.kill();
      return exited;
    },
    /** Every contract code a request brought to this box, in order (counted at the box). */
    async receivedCodes() {
      const r = await fetch(`${control}/received-codes`);
      if (!r.ok) throw new Error(`received-codes failed: ${r.status}`);
      return (await r.json()).codes;
    },
    /** Switches the scenario at run time (the control endpoint), e.g. to "healthy" = fixed. */
    async setScenario(scenario, extra = {}) {
      const r = await fetch(`${control}/scenario`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario, ...extra }),
      });
      if (!r.ok) throw new Error(`scenario switch failed: ${r.status} ${await r.text()}`);
    },
  };
}

/** A TCP port free on every loopback address we use (checked on the first). */
export function freePortOn(ip) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The window's stored preferences (tauri-plugin-store in the app data folder). */
const PREFERENCES = path.join(
  process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local/share'),
  'org.iothttps.assistant',
  'preferences.json',
);

/** Starts tauri-driver and, through it, the real app window. The app's stdout/stderr go to
 * `logFile` (by default one under tests/artifacts/e2e/logs), so tests can check what it logged.
 * Every test starts from the default preferences (first tab, desktop language), whatever an
 * earlier test chose; `keepPreferences` keeps them, for a test of the restart itself. */
export async function startApp({ env = {}, logFile = logFileFor('app'), keepPreferences = false } = {}) {
  if (!existsSync(APP)) throw new Error(`${APP} is missing: build it with npx tauri build --debug --no-bundle`);
  if (!keepPreferences) rmSync(PREFERENCES, { force: true });
  // A driver whose session cannot be made (its port was just released by the previous test's
  // driver, say) is stopped at once and the start tried again on new ports, so a failed start
  // never leaves a driver running until the test's timeout.
  let driver;
  let wd;
  for (let attempt = 1; !wd; attempt += 1) {
    const port = await freePort();
    const nativePort = await freePort();
    driver = track(
      spawnLogged('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
        logFile,
        env: { ...process.env, IOT_HTTPS_MODE: 'test', ...env },
      }),
    );
    try {
      await waitForPort(port);
      wd = await WebDriver.start(`http://127.0.0.1:${port}`, APP);
    } catch (e) {
      driver.kill();
      if (attempt >= 2) throw e;
    }
  }
  return {
    wd,
    async stop() {
      await wd.quit();
      driver.kill();
    },
  };
}

export async function waitForPort(port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

/** Saves `tests/artifacts/e2e/<name>.png`; `name` may name a subfolder (`languages/nl-report`). */
export async function saveScreenshot(wd, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(await wd.screenshot(), 'base64'));
  return file;
}
