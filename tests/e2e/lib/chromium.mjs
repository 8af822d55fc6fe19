// A second, real browser for end-to-end tests: Debian's Chromium driven through chromedriver,
// playing the cashier's tablet. Each device gets its own chromedriver, HOME (with its own NSS
// trust store) and profile, so trust, resolver and permission settings never leak between
// devices. Chromium's background traffic is switched off and every host name it could look up
// is mapped (the box's name to loopback, everything else to "not found"), so it reaches only
// 127.0.0.0/8.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ARTIFACTS, freePort, waitForPort } from './harness.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMEDRIVER = '/usr/bin/chromedriver';

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

async function wd(method, url, body, timeoutMs = 60_000) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${url}: ${response.status} ${v.error ?? ''} ${v.message ?? ''}`.trim());
  }
  return json.value;
}

/** A fresh HOME whose NSS database trusts `caPems` (Chromium on Linux reads ~/.pki/nssdb). */
function homeTrusting(caPems) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'e2e-tablet-'));
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  const run = (args) => {
    const r = spawnSync('certutil', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.stderr}`);
  };
  run(['-N', '-d', `sql:${db}`, '--empty-password']);
  caPems.forEach((pem, i) => {
    const file = path.join(home, `ca-${i}.pem`);
    writeFileSync(file, pem);
    run(['-A', '-d', `sql:${db}`, '-n', `test-ca-${i}`, '-t', 'C,,', '-i', file]);
  });
  return home;
}

/**
 * Starts one "device": chromedriver + headless Chromium.
 * - `trust`: PEM CAs for its own trust store (empty: the test CA is unknown to it);
 * - `hosts`: { name: ip } answered by its resolver; `filtered`: names it cannot resolve;
 * - `ips`: IP literals it may use as they are (127.0.0.1 always);
 * - `addressSpaces`: { 'ip:port': 'public' | 'local' | 'loopback' } (Local Network Access);
 * - `lang`: the browser's language.
 */
export async function startDevice({ trust = [], hosts = {}, filtered = [], ips = [], addressSpaces = {}, lang = 'en-US', logName = 'tablet' }) {
  const home = homeTrusting(trust);
  const port = await freePort();
  mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
  const log = openSync(path.join(ARTIFACTS, 'logs', `${logName}-${process.pid}-${Date.now()}.log`), 'a');
  const driver = spawn(CHROMEDRIVER, [`--port=${port}`], {
    stdio: ['ignore', log, log],
    env: { ...process.env, HOME: home, LANG: 'en_US.UTF-8' },
  });
  closeSync(log);
  children.add(driver);
  driver.once('exit', () => children.delete(driver));
  await waitForPort(port);

  const rules = [
    ...Object.entries(hosts).map(([name, ip]) => `MAP ${name} ${ip}`),
    ...filtered.map((name) => `MAP ${name} ~NOTFOUND`),
    'MAP * ~NOTFOUND',
    ...[...new Set(['127.0.0.1', ...ips, ...Object.values(hosts)])].map((ip) => `EXCLUDE ${ip}`),
  ];
  const spaces = Object.entries(addressSpaces).map(([addr, space]) => `${addr}=${space}`);
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-domain-reliability',
    '--window-size=600,900',
    `--lang=${lang}`,
    `--user-data-dir=${path.join(home, 'profile')}`,
    `--host-resolver-rules=${rules.join(', ')}`,
    ...(spaces.length ? [`--ip-address-space-overrides=${spaces.join(',')}`] : []),
  ];
  const base = `http://127.0.0.1:${port}`;
  const session = await wd('POST', `${base}/session`, {
    capabilities: {
      alwaysMatch: {
        browserName: 'chrome',
        'goog:chromeOptions': { binary: CHROMIUM, args, prefs: { 'intl.accept_languages': lang } },
      },
    },
  });
  const url = (p) => `${base}/session/${session.sessionId}${p}`;
  return {
    async open(pageUrl) {
      await wd('POST', url('/url'), { url: pageUrl });
    },
    /** Grants or denies a permission for `origin` through the DevTools protocol. */
    async setPermission(name, setting, origin) {
      await wd('POST', url('/goog/cdp/execute'), {
        cmd: 'Browser.setPermission',
        params: { permission: { name }, setting, origin },
      });
    },
    async attribute(css, name) {
      const found = await wd('POST', url('/elements'), { using: 'css selector', value: css });
      if (!found.length) return null;
      const id = Object.values(found[0])[0];
      return wd('GET', url(`/element/${id}/attribute/${name}`));
    },
    async text(css) {
      const found = await wd('POST', url('/elements'), { using: 'css selector', value: css });
      if (!found.length) return null;
      return wd('GET', url(`/element/${Object.values(found[0])[0]}/text`));
    },
    /** Polls until the element's attribute has a value (the page posted its report). */
    async waitForAttribute(css, name, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await this.attribute(css, name);
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${css} @${name}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      writeFileSync(file, Buffer.from(await wd('GET', url('/screenshot')), 'base64'));
      return file;
    },
    async stop() {
      await wd('DELETE', url('')).catch(() => {});
      driver.kill();
    },
  };
}
