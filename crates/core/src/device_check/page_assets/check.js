// The device check page: measures from this device, posts the facts, shows the verdict the
// laptop computed. No rules here (they live in the assistant's core), nothing third-party,
// nothing stored: the device id is the one the laptop issued with the page.
'use strict';
(function () {
  const config = JSON.parse(document.getElementById('config').textContent);
  const wanted = (navigator.languages || [navigator.language || 'en']).map((l) => String(l).toLowerCase().split('-')[0]);
  const lang = wanted.find((l) => config.texts[l]) || 'en';
  const t = (key) => (config.texts[lang] && config.texts[lang][key]) || config.texts.en[key] || key;
  document.documentElement.lang = lang;
  document.title = t('title');
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  document.getElementById('box').textContent = config.boxName || config.boxIp;
  document.getElementById('browser').textContent = navigator.userAgent;

  const TIMEOUT_MS = 8000;
  const show = (id, state, text) => {
    const el = document.getElementById(id);
    el.dataset.state = state;
    el.textContent = text || t('state_' + state);
  };

  // The laptop accepts reports only under an id it gave out with the page. A reload keeps the
  // first id (one device, not two), unless the laptop no longer knows it (see send()).
  const ID_KEY = 'iot-device-id';
  function deviceId() {
    try {
      const kept = sessionStorage.getItem(ID_KEY);
      if (kept) return kept;
      sessionStorage.setItem(ID_KEY, config.deviceId);
    } catch (e) { /* storage off: this load's id */ }
    return config.deviceId;
  }

  async function send(report) {
    const post = (body) => fetch(config.reportPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
    let response = await post(report);
    if (response.status === 403 && report.deviceId !== config.deviceId) {
      try { sessionStorage.setItem(ID_KEY, config.deviceId); } catch (e) { /* storage off */ }
      response = await post(Object.assign({}, report, { deviceId: config.deviceId }));
    }
    return response;
  }

  async function probeOnce(url, options) {
    const started = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    const ms = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, Object.assign({ signal: abort.signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' }, options));
      const text = await response.text();
      const ok = response.ok && text.trim() === 'ping';
      return { outcome: ok ? 'ok' : 'failed', ms: ms(), detail: ok ? null : 'HTTP ' + response.status };
    } catch (e) {
      const timedOut = abort.signal.aborted;
      return { outcome: timedOut ? 'timeout' : 'failed', ms: ms(), detail: String((e && e.name) + ': ' + (e && e.message)).slice(0, 190) };
    } finally {
      clearTimeout(timer);
    }
  }

  // Like Odoo's POS: ask for the local address space first (Chromium's Local Network Access);
  // a box that is not in that space (a loopback demo box) gets a plain second try.
  async function probe(id, url) {
    if (!url) {
      show(id, 'skipped', id === 'http_by_ip' ? t('state_skipped_no_lna') : undefined);
      return { outcome: 'skipped', ms: 0, detail: null };
    }
    show(id, 'running');
    let result = await probeOnce(url, { targetAddressSpace: 'local' });
    if (result.outcome !== 'ok') {
      const plain = await probeOnce(url, {});
      if (plain.outcome === 'ok') result = plain;
    }
    show(id, result.outcome);
    return result;
  }

  async function permission() {
    if (!navigator.permissions || !navigator.permissions.query) return 'unsupported';
    // "local-network" since the permission split (Chrome 145+), "local-network-access" before.
    for (const name of ['local-network', 'local-network-access']) {
      try {
        return (await navigator.permissions.query({ name })).state;
      } catch (e) { /* unknown name in this browser */ }
    }
    return 'unsupported';
  }

  function brands() {
    const data = navigator.userAgentData;
    if (!data || !Array.isArray(data.brands)) return [];
    return data.brands.slice(0, 12).map((b) => ({ brand: String(b.brand).slice(0, 100), version: String(b.version).slice(0, 40) }));
  }

  async function run() {
    const again = document.getElementById('again');
    again.hidden = true;
    const result = document.getElementById('result');
    result.textContent = '';
    delete result.dataset.code;
    const https = await probe('https_by_name', config.urls.httpsByName);
    const httpName = await probe('http_by_name', config.urls.httpByName);
    const httpIp = await probe('http_by_ip', config.urls.httpByIp);
    const state = await permission();
    show('permission', state, t('perm_' + state));
    const report = {
      deviceId: deviceId(),
      userAgent: navigator.userAgent.slice(0, 500),
      brands: brands(),
      secureContext: !!window.isSecureContext,
      permission: state,
      httpsByName: https,
      httpByName: httpName,
      httpByIp: httpIp,
    };
    result.textContent = t('sending');
    try {
      const response = await send(report);
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const answer = await response.json();
      result.dataset.code = answer.verdict;
      result.textContent = t('verdict_' + answer.verdict) + ' ' + t('sent');
    } catch (e) {
      result.dataset.code = 'SEND_FAILED';
      result.textContent = t('send_failed') + ' (' + String(e && e.message) + ')';
    }
    again.hidden = false;
  }

  document.getElementById('again').addEventListener('click', run);
  run();
})();
