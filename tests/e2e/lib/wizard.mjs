// Steps a test takes through the wizard, by the UI's data-testids.

import assert from 'node:assert/strict';

import { saveScreenshot } from './harness.mjs';

export async function heading(wd, step, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids = await wd.findAll(`[data-testid="step-heading"][data-step="${step}"]`);
    if (ids.length) return ids[0];
    if (Date.now() > deadline) throw new Error(`step ${step} did not appear`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function connect(wd, address) {
  await heading(wd, 'box');
  const input = await wd.find('address-input');
  await wd.clear(input);
  await wd.type(input, address);
  await wd.click(await wd.find('connect-button'));
  await wd.waitFor('identity-card', { timeoutMs: 30_000 });
}

/** Waits for an element matching `css` whose attribute `name` is `value`. */
export async function waitForCss(wd, css, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids = await wd.findAll(css);
    if (ids.length) return ids[0];
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${css}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function clickWhenThere(wd, testId, opts) {
  await wd.click(await wd.waitFor(testId, opts));
}

export async function shot(wd, name) {
  const file = await saveScreenshot(wd, name);
  assert.ok(file);
  return file;
}

/** Starts over at step 1 by reloading the page (the app state lives in the page). */
export async function restart(wd) {
  await wd.refresh();
  await heading(wd, 'box');
}
