// The first wizard step in the real window: WebKitGTK driven through tauri-driver, against
// simulated boxes on loopback. The app runs with IOT_HTTPS_MODE=test (set by the harness).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { saveScreenshot, startApp, startSim } from './lib/harness.mjs';

let app;
const sims = [];

before(async () => {
  app = await startApp({ env: { LANG: 'en_US.UTF-8' } });
});

after(async () => {
  await app?.stop();
  for (const s of sims) s.stop();
});

async function connectTo(address) {
  const { wd } = app;
  const input = await wd.find('address-input');
  await wd.clear(input);
  await wd.type(input, address);
  await wd.click(await wd.find('connect-button'));
}

async function identity(field) {
  return app.wd.text(await app.wd.find(`identity-${field}`));
}

test('the first screen is in the page itself, styled, and marks when its field accepts input', async () => {
  const { wd } = app;
  // The first WebDriver command can come before the page's script has run.
  await wd.waitFor('address-input');
  const page = await wd.executeScript(`
    const mark = performance.getEntriesByName('iot-https:first-screen', 'mark')[0];
    const parsed = performance.getEntriesByType('navigation')[0].domInteractive;
    const connect = document.querySelector('[data-testid="connect-button"]');
    return {
      handedOver: !!window.__IOT_HTTPS_APP_INFO__,
      visible: document.visibilityState,
      path: location.pathname,
      mark: mark ? mark.startTime : null,
      parsed,
      inlineSheet: document.styleSheets.length === 1 && document.styleSheets[0].href === null,
      styled: getComputedStyle(connect).backgroundColor !== getComputedStyle(document.body).backgroundColor,
    };`);
  assert.equal(page.handedOver, true, 'the shell hands the app facts over with the page');
  // Created hidden on Linux and shown once the page loads (src-tauri/src/compositing.rs).
  assert.equal(page.visible, 'visible', 'the window is on screen');
  assert.ok(['/', '/index.html'].includes(page.path), `an English window opens the English page (${page.path})`);
  // Prerendered (ui/scripts/prerender.mjs): the field is in the HTML, so the mark is set while
  // the page is parsed, before any module ran; the one stylesheet is in the page and applies
  // (the CSP lets it in).
  assert.ok(page.mark > 0 && page.mark <= page.parsed, `the first-screen mark is set while parsing (${JSON.stringify(page)})`);
  assert.ok(page.inlineSheet && page.styled, `the inlined stylesheet applies (${JSON.stringify(page)})`);
  assert.match(await wd.text(await wd.find('mode-badge')), /Test mode/, 'the header says which loopback-only mode');
});

test('the demo box shows its identity and certificate state', async () => {
  const { wd } = app;
  await wd.click(await wd.waitFor('demo-button'));
  await wd.waitFor('identity-card', { timeoutMs: 30_000 });
  assert.match(await identity('family'), /iot-drivers/);
  assert.match(await identity('flavour'), /linux/);
  assert.match(await identity('ip'), /127\.0\.0\.1/);
  assert.match(await identity('identifier'), /\S{6,}/);
  assert.match(await identity('server'), /https?:\/\//);
  assert.match(await identity('certificate'), /\d{4}-\d{2}-\d{2}/);
  assert.match(await wd.property(await wd.find('address-input'), 'value'), /^127\.0\.0\.1:\d+$/);
  await saveScreenshot(wd, '01-box-step-demo');
});

test('a typed address of an unpaired Windows box on 17.0–18.2 shows its family and error code', async () => {
  const sim = await startSim(['--family', 'hw-posbox-status', '--flavour', 'windows', '--scenario', 'unpaired']);
  sims.push(sim);
  await connectTo(sim.http);
  const { wd } = app;
  await wd.waitFor('identity-family', { until: (t) => t.includes('hw-posbox-status') });
  assert.match(await identity('flavour'), /windows/);
  assert.match((await identity('server')).toLowerCase(), /not paired/);
  assert.match(await identity('certificate'), /ERR_IOT_HTTPS_CHECK_NO_SERVER/);
  await saveScreenshot(wd, '02-box-step-unpaired-windows');
});

test('a LAN address is refused in test mode before any packet, and the input is kept', async () => {
  const { wd } = app;
  // 192.0.2.0/24 is TEST-NET-1: it stands for a shop LAN address and is never routed.
  await connectTo('192.0.2.10');
  const code = await wd.waitFor('error-code', { until: (t) => t.includes('NET_POLICY_REFUSED') });
  assert.ok(code);
  assert.equal(await wd.property(await wd.find('address-input'), 'value'), '192.0.2.10');
  await saveScreenshot(wd, '03-box-step-policy-refused');
});
