// The box's logs in the real window: "Save the box's logs" in Troubleshoot, and the reboot
// question that offers to save them first (a Pi keeps its logs in RAM). The save itself goes
// through the native file dialog, which WebDriver cannot drive: its command is covered by the
// CLI tests (crates/cli/tests/logs.rs) and vitest.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startApp, startSim } from './lib/harness.mjs';
import { clickWhenThere, connect, heading, shot, waitForCss } from './lib/wizard.mjs';

let app;

before(async () => {
  app = await startApp({ env: { LANG: 'en_US.UTF-8' } });
});

after(async () => {
  await app?.stop();
});

test('troubleshooting offers the logs, and a reboot asks to save them first', async () => {
  const { wd } = app;
  const code = 'ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION';
  const box = await startSim(['--family', 'hw-posbox-status', '--flavour', 'linux', '--scenario', 'cert-read-exception'], {
    ip: '127.0.0.74',
  });
  try {
    await connect(wd, box.http);
    await clickWhenThere(wd, 'check-now-button');
    await clickWhenThere(wd, 'troubleshoot-button', { timeoutMs: 30_000 });
    await heading(wd, 'troubleshoot');
    await wd.waitFor('save-logs');
    await waitForCss(wd, `[data-testid="finding"][data-code="${code}"]`);
    const [head] = await wd.findAll(`[data-testid="finding"][data-code="${code}"] button.head`);
    if ((await wd.attribute(head, 'aria-expanded')) !== 'true') await wd.click(head);

    await clickWhenThere(wd, 'action-rebootBox');
    await wd.waitFor('confirm-dialog');
    assert.match(await wd.text(await wd.find('confirm-logs-note')), /erases them/);
    assert.ok(await wd.find('confirm-save-logs'));
    await shot(wd, 'logs-before-reboot');
    await wd.click(await wd.find('confirm-no'));
    const state = await (await fetch(`http://${box.control}/state`)).json();
    assert.equal(state.up, true, 'nothing was rebooted');
  } finally {
    box.stop();
  }
});
