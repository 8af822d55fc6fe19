// The DNS rebind flow in the real window: the shop's resolver is a real unbound with
// rebinding protection (private-address), the public one is unfiltered. The box works by IP,
// its HTTPS name does not resolve through the shop's DNS — the app says so and hands out the
// router recipe.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startDnsLab } from './lib/dns.mjs';
import { freePortOn, startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot, waitForCss } from './lib/wizard.mjs';

let app;
let dns;
let box;

before(async () => {
  const caDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-rebind-')), 'ca');
  mkdirSync(caDir, { recursive: true });
  dns = await startDnsLab();
  const httpsPort = await freePortOn('127.0.0.66');
  box = await startSim(['--family', 'iot-drivers', '--scenario', 'healthy'], { ip: '127.0.0.66', httpsPort, caDir });
  app = await startApp({
    env: {
      LANG: 'en_US.UTF-8',
      IOT_HTTPS_HTTPS_PORT: String(httpsPort),
      IOT_HTTPS_EXTRA_CA_DIR: caDir,
      IOT_HTTPS_SYSTEM_RESOLVER: dns.router.addr,
      IOT_HTTPS_PUBLIC_RESOLVERS: dns.public.addr,
    },
  });
});

after(async () => {
  await app?.stop();
  box?.stop();
  await dns?.stop();
});

test('rebind filtering is caught against a real filtering resolver, with a router recipe', async () => {
  const { wd } = app;
  await connect(wd, box.http);
  await clickWhenThere(wd, 'check-now-button');
  await heading(wd, 'validity');
  await clickWhenThere(wd, 'troubleshoot-button', { timeoutMs: 30_000 });
  await heading(wd, 'troubleshoot');
  const finding = await waitForCss(wd, '[data-testid="finding"][data-code="DNS_REBIND_FILTERED"]');
  assert.equal(await wd.attribute(finding, 'data-severity'), 'error');
  const [head] = await wd.findAll('[data-testid="finding"][data-code="DNS_REBIND_FILTERED"] button.head');
  if ((await wd.attribute(head, 'aria-expanded')) !== 'true') await wd.click(head);
  const evidence = await wd.text(await wd.waitFor('finding-evidence'));
  assert.match(evidence, /127-0-0-66\.d73e7513\.odoo-iot\.com/);
  assert.match(evidence, /empty answer/);
  assert.match(evidence, /127\.0\.0\.66/);
  await shot(wd, 'dns-rebind-flow');

  await clickWhenThere(wd, 'action-copyRouterRecipe');
  await wd.waitFor('router-picker');
  await clickWhenThere(wd, 'router-option-fritzbox');
  const steps = await wd.text(await wd.waitFor('router-steps'));
  assert.match(steps, /odoo-iot\.com/);
  // A business firewall: its DNS part, with the vendor's page.
  await clickWhenThere(wd, 'router-option-sonicwall');
  assert.match(await wd.text(await wd.waitFor('router-steps')), /DNS Rebinding Attack Prevention/);
  assert.match(await wd.text(await wd.waitFor('router-source')), /https:\/\/sonicwall\.com\//);
  await shot(wd, 'dns-rebind-router-recipe');
});
