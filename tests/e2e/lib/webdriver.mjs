// A minimal W3C WebDriver client over fetch: what the end-to-end tests need, nothing more.
// Talks to tauri-driver, which starts the real app and forwards to WebKitWebDriver.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  static async start(base, application, { timeoutMs = 60_000 } = {}) {
    const body = {
      capabilities: {
        alwaysMatch: { browserName: 'wry', 'tauri:options': { application } },
      },
    };
    const value = await call('POST', `${base}/session`, body, timeoutMs);
    return new WebDriver(base, value.sessionId);
  }

  url(path) {
    return `${this.base}/session/${this.sessionId}${path}`;
  }

  async find(testId) {
    const value = await call('POST', this.url('/element'), {
      using: 'css selector',
      value: `[data-testid="${testId}"]`,
    });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await call('POST', this.url('/elements'), { using: 'css selector', value: css });
    return value.map((v) => v[ELEMENT]);
  }

  /** Elements matching `css` inside element `id`. */
  async findAllIn(id, css) {
    const value = await call('POST', this.url(`/element/${id}/elements`), { using: 'css selector', value: css });
    return value.map((v) => v[ELEMENT]);
  }

  /** Polls until the element exists (and, optionally, its text satisfies `until`). */
  async waitFor(testId, { timeoutMs = 20_000, until } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const id = await this.find(testId);
        if (!until) return id;
        last = await this.text(id);
        if (until(last)) return id;
      } catch (e) {
        last = e.message;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for [data-testid="${testId}"]; last seen: ${last}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async text(id) {
    return call('GET', this.url(`/element/${id}/text`));
  }

  async property(id, name) {
    return call('GET', this.url(`/element/${id}/property/${name}`));
  }

  async click(id) {
    await call('POST', this.url(`/element/${id}/click`), {});
  }

  async clear(id) {
    await call('POST', this.url(`/element/${id}/clear`), {});
  }

  async type(id, text) {
    await call('POST', this.url(`/element/${id}/value`), { text });
  }

  async refresh() {
    await call('POST', this.url('/refresh'), {});
  }

  async attribute(id, name) {
    return call('GET', this.url(`/element/${id}/attribute/${name}`));
  }

  async executeScript(script, args = []) {
    return call('POST', this.url('/execute/sync'), { script, args });
  }

  /** Base64 PNG of the whole window. */
  async screenshot() {
    return call('GET', this.url('/screenshot'));
  }

  async quit() {
    await call('DELETE', this.url('')).catch(() => {});
  }
}

async function call(method, url, body, timeoutMs = 30_000) {
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
