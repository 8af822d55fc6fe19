// Real DNS servers for end-to-end tests: unbound (Debian's package) on loopback ports, from the
// same templates as core's DNS tests (crates/test-support/src/dns): "Odoo's DNS" for
// odoo-iot.com, a shop router with rebind protection, and an unfiltered public resolver.

import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './harness.mjs';

const TEMPLATES = path.join(ROOT, 'crates/test-support/src/dns');
const template = (name) => readFileSync(path.join(TEMPLATES, name), 'utf8');

/** A loopback port free for both UDP and TCP right now (unbound binds both). */
async function freePort() {
  for (;;) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)));
    const tcpFree = await new Promise((resolve) => {
      const tcp = net.createServer();
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => tcp.close(() => resolve(true)));
    });
    await new Promise((resolve) => udp.close(resolve));
    if (tcpFree) return port;
  }
}

function answers(port) {
  try {
    execFileSync('dig', ['+time=1', '+tries=1', '@127.0.0.1', '-p', String(port), 'odoo-iot.com', 'SOA'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One unbound, `null` when it exited or stayed silent for 5 s (its port taken in between by
 * another process, say: the caller tries again on a new port). */
async function spawnUnbound(dir, role, serverExtra, tail) {
  const port = await freePort();
  const conf = template('common.conf.in')
    .replaceAll('{SERVER_EXTRA}', serverExtra)
    .replaceAll('{TAIL}', tail)
    .replaceAll('{PORT}', String(port))
    .replaceAll('{DIR}', dir)
    .replaceAll('{ROLE}', role);
  const file = path.join(dir, `${role}.conf`);
  writeFileSync(file, conf);
  // What unbound says before its log file is open (a port it cannot bind) goes to <role>.out.
  const out = openSync(path.join(dir, `${role}.out`), 'a');
  let child;
  try {
    child = spawn('unbound', ['-d', '-p', '-c', file], { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
  let exited = false;
  const gone = new Promise((resolve) => child.once('exit', resolve)).then(() => {
    exited = true;
  });
  // A safety net only: a loaded machine may take a while to start it.
  const deadline = Date.now() + 10_000;
  while (!exited && !answers(port) && Date.now() <= deadline) await new Promise((r) => setTimeout(r, 100));
  /** Resolves once it has exited (its files in `dir` no longer written). */
  const stop = () => {
    child.kill();
    return gone;
  };
  if (!exited && answers(port)) return { port, addr: `127.0.0.1:${port}`, stop };
  child.kill();
  return null;
}

/** Starts one unbound and waits until it answers; a port taken in between is retried, as
 * crates/test-support/src/dns does. */
async function startUnbound(dir, role, serverExtra, tail) {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const server = await spawnUnbound(dir, role, serverExtra, tail);
    if (server) return server;
  }
  throw new Error(`unbound ${role} did not start (see ${dir})`);
}

/** auth + router (filters private answers) + public (unfiltered). */
export async function startDnsLab() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-dns-'));
  const started = [];
  let auth, router, publicDns;
  try {
    auth = await startUnbound(dir, 'auth', template('auth.conf.in'), '');
    started.push(auth);
    const forward = template('forward.conf.in').replaceAll('{UPSTREAM}', String(auth.port));
    router = await startUnbound(dir, 'router', template('router.conf.in'), forward);
    started.push(router);
    publicDns = await startUnbound(dir, 'public', '', forward);
  } catch (e) {
    // No server outlives a failed start: a running child would keep the test file alive.
    for (const s of started) s.stop();
    throw e;
  }
  return {
    router,
    public: publicDns,
    /** Stops the servers, then removes their folder once they have exited (an unbound still
     * writing its log or pid file there would make the removal fail). */
    async stop() {
      await Promise.all([router, publicDns, auth].map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
