// The window in Dutch, French, German and Spanish (the desktop's language): an error panel, a
// DNS finding, the report, the restart watch's give-up and a fleet source error, each on screen
// with no English catalogue sentence of four words or more (lib/english.mjs) and photographed
// as tests/artifacts/e2e/languages/<lang>-<view>.png. One window per language; the DNS lab and
// the box with the DNS finding are shared.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { englishIn, englishSentences } from './lib/english.mjs';
import { startDnsLab } from './lib/dns.mjs';
import { startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, restart, shot, waitForCss } from './lib/wizard.mjs';

const LANGUAGES = { nl: 'nl_NL.UTF-8', fr: 'fr_FR.UTF-8', de: 'de_DE.UTF-8', es: 'es_ES.UTF-8' };
// The DNS box needs a name Odoo's DNS stand-in answers (crates/test-support/src/dns/auth.conf.in).
const DNS_BOX_IP = '127.0.0.66';
// Addresses where nothing listens: the box that does not answer, the database that cannot be
// reached (the e2e boxes use 127.0.0.61-93).
const NOBODY = '127.0.0.97:9';
const NO_DATABASE = 'http://127.0.0.98:9';
const DB_UUID = '4c3b2a19-0817-4f6e-9d5c-a4b3c2d1e0f9';
const work = mkdtempSync(path.join(os.tmpdir(), 'e2e-languages-'));
const caDir = path.join(work, 'ca');
let dns;
let dnsBox;
let httpsPort;

before(async () => {
  mkdirSync(caDir, { recursive: true });
  assert.ok(englishSentences().length > 500, 'the English sentences were read');
  dns = await startDnsLab();
  // The box binds its own HTTPS port (no port picked, released and bound again) and the
  // windows are told the one it announces.
  dnsBox = await startSim(['--family', 'iot-drivers', '--scenario', 'healthy'], { ip: DNS_BOX_IP, caDir });
  httpsPort = Number(dnsBox.https.split(':').pop());
});

after(async () => {
  await dnsBox?.stop();
  await dns?.stop();
});

/** Saves the screenshot of a view, with `shown` scrolled into sight, then asserts that the
 * visible text of `selector` has no English sentence. */
async function noEnglish(wd, lang, view, selector = 'body', shown = selector) {
  await wd.executeScript(`
    window.__e2ePainted = false;
    document.querySelector(${JSON.stringify(shown)}).scrollIntoView({ block: 'nearest' });
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__e2ePainted = true; }));`);
  while (!(await wd.executeScript('return window.__e2ePainted'))) await new Promise((r) => setTimeout(r, 50));
  await shot(wd, `languages/${lang}-${view}`);
  const text = await wd.executeScript(`return document.querySelector(${JSON.stringify(selector)}).innerText`);
  const found = englishIn(text);
  assert.deepEqual(found, [], `English in the ${lang} window's ${view}: ${JSON.stringify(found)}`);
  return text;
}

async function errorPanel(wd, lang) {
  await heading(wd, 'box');
  const input = await wd.find('address-input');
  await wd.clear(input);
  await wd.type(input, NOBODY);
  await wd.click(await wd.find('connect-button'));
  await wd.waitFor('error-panel', { timeoutMs: 30_000 });
  // The technical details too: what is written there is on screen once opened.
  await wd.executeScript(`document.querySelectorAll('[data-testid="error-panel"] details').forEach((d) => { d.open = true; })`);
  await noEnglish(wd, lang, 'error-panel', 'body', '[data-testid="error-panel"]');
}

async function dnsFinding(wd, lang) {
  await connect(wd, dnsBox.http);
  await clickWhenThere(wd, 'check-now-button');
  await heading(wd, 'validity');
  await clickWhenThere(wd, 'troubleshoot-button', { timeoutMs: 30_000 });
  await heading(wd, 'troubleshoot');
  const code = 'DNS_REBIND_FILTERED';
  await waitForCss(wd, `[data-testid="finding"][data-code="${code}"]`);
  const [head] = await wd.findAll(`[data-testid="finding"][data-code="${code}"] button.head`);
  if ((await wd.attribute(head, 'aria-expanded')) !== 'true') await wd.click(head);
  await wd.waitFor('finding-evidence');
  await noEnglish(wd, lang, 'dns-finding', 'body', '[data-testid="finding-evidence"]');
}

/** The report the window exports (HTML, as "Save" writes it; the native save dialog is beyond
 * WebDriver), shown over the window; the Markdown "Copy" gives is checked as text. */
async function report(wd, lang) {
  await wd.executeScript(`
    window.__e2eReport = {};
    const invoke = window.__TAURI_INTERNALS__.invoke;
    Promise.all([
      invoke('export_report', { format: 'html', language: ${JSON.stringify(lang)} }),
      invoke('export_report', { format: 'markdown', language: ${JSON.stringify(lang)} }),
    ]).then(([html, markdown]) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const view = document.createElement('div');
      view.id = 'e2e-report';
      view.style.cssText = 'position:fixed;inset:0;overflow:auto;background:#fff;color:#000;padding:1rem;z-index:9999';
      view.append(...doc.body.childNodes);
      document.body.append(view);
      window.__e2eReport = { markdown };
    }, (e) => { window.__e2eReport = { error: String(e?.message ?? JSON.stringify(e)) }; });`);
  const deadline = Date.now() + 20_000;
  let result;
  while (!(result = await wd.executeScript('return window.__e2eReport.markdown ? window.__e2eReport : window.__e2eReport.error ? window.__e2eReport : null'))) {
    if (Date.now() > deadline) throw new Error('the report did not come');
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.equal(result.error, undefined, `export_report failed: ${result.error}`);
  const text = await noEnglish(wd, lang, 'report', '#e2e-report');
  assert.match(text, /DNS_REBIND_FILTERED/, 'the report of the diagnosis just shown');
  const found = englishIn(result.markdown);
  assert.deepEqual(found, [], `English in the ${lang} Markdown report: ${JSON.stringify(found)}`);
  await wd.executeScript(`document.getElementById('e2e-report').remove()`);
}

/** Credentials saved to a box that restarts and never comes back: the watch gives up after the
 * test's IOT_HTTPS_WATCH_GIVE_UP_MS. */
async function watchGiveUp(wd, lang, box) {
  await restart(wd);
  await connect(wd, box.http);
  await clickWhenThere(wd, 'next-button');
  await heading(wd, 'credentials');
  const uuid = await wd.find('db-uuid-input');
  await wd.clear(uuid);
  await wd.type(uuid, DB_UUID);
  await wd.type(await wd.find('contract-code-input'), 'M2211E2ELANG');
  const remember = await wd.find('remember-code');
  if (await wd.property(remember, 'checked')) await wd.click(remember);
  // After a give-up the window diagnoses the box at once and moves on to Troubleshoot: the
  // diagnosis is held until the give-up message has been read and photographed.
  // (Tauri's IPC is a fetch of ipc://localhost/<command>, looked up at each call.)
  await wd.executeScript(`
    const fetch = window.fetch;
    let release;
    const held = new Promise((r) => { release = r; });
    window.__e2eReleaseDiagnosis = () => { window.fetch = fetch; release(); };
    window.fetch = (url, ...rest) =>
      String(url).endsWith('/diagnose_box') ? held.then(() => fetch(url, ...rest)) : fetch(url, ...rest);`);
  await wd.click(await wd.find('save-credentials-button'));
  await heading(wd, 'generate');
  const result = await wd.waitFor('watch-result', { timeoutMs: 60_000 });
  assert.equal(await wd.attribute(await wd.find('watch-progress'), 'data-phase'), 'failed');
  const gaveUp = await wd.text(result);
  await noEnglish(wd, lang, 'watch-give-up', 'body', '[data-testid="watch-result"]');
  await wd.executeScript('window.__e2eReleaseDiagnosis()');
  await heading(wd, 'troubleshoot');
  return gaveUp;
}

async function fleetSourceError(wd, lang) {
  await clickWhenThere(wd, 'sites-tab');
  await wd.waitFor('databases-panel');
  for (const [id, value] of [['fleet-url', NO_DATABASE], ['fleet-db', 'bakery'], ['fleet-login', 'tech@example.com'], ['fleet-api-key', 'e2e-language-key']]) {
    const field = await wd.waitFor(id);
    await wd.clear(field);
    await wd.type(field, value);
  }
  await wd.click(await wd.find('fleet-add'));
  await wd.waitFor('fleet-databases');
  await wd.click(await wd.find('fleet-check'));
  await wd.waitFor('fleet-source-error', { timeoutMs: 30_000 });
  await noEnglish(wd, lang, 'fleet-source-error', 'body', '[data-testid="fleet-source-error"]');
}

for (const [lang, locale] of Object.entries(LANGUAGES)) {
  test(`the ${lang} window shows no English sentence`, async () => {
    // Its own data folder: no sites or databases from another test or language.
    const data = mkdtempSync(path.join(work, `${lang}-data-`));
    const app = await startApp({
      env: {
        LANG: locale,
        LANGUAGE: '',
        LC_ALL: '',
        LC_MESSAGES: '',
        XDG_DATA_HOME: data,
        IOT_HTTPS_HTTPS_PORT: String(httpsPort),
        IOT_HTTPS_EXTRA_CA_DIR: caDir,
        IOT_HTTPS_SYSTEM_RESOLVER: dns.router.addr,
        IOT_HTTPS_PUBLIC_RESOLVERS: dns.public.addr,
        IOT_HTTPS_WATCH_GIVE_UP_MS: '2000',
      },
    });
    // A box whose restart outlasts the test.
    const gone = await startSim(
      ['--family', 'hw-posbox-status', '--flavour', 'linux', '--scenario', 'credentials-missing', '--restart-ms', '3600000'],
      { ip: '127.0.0.96' },
    );
    const { wd } = app;
    try {
      await waitForCss(wd, `html[lang="${lang}"]`);
      // The window opened the page with its first screen prerendered in its language.
      assert.equal(await wd.executeScript('return location.pathname'), `/index.${lang}.html`);
      await errorPanel(wd, lang);
      await dnsFinding(wd, lang);
      await report(wd, lang);
      await watchGiveUp(wd, lang, gone);
      await fleetSourceError(wd, lang);
    } catch (e) {
      await shot(wd, `languages/${lang}-failed`).catch(() => {});
      throw e;
    } finally {
      await app.stop();
      await gone.stop();
    }
  });
}
