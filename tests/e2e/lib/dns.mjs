// Real DNS servers for end-to-end tests: unbound (Debian's package) on loopback ports, from the
// same templates as core's DNS tests (crates/test-support/src/dns): "Odoo's DNS" for
// odoo-iot.com, a shop router with rebind protection, and an unfiltered public resolver.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './harness.mjs';

const TEMPLATES = path.join(ROOT, 'crates/test-support/src/dns');
const template = (name) => readFileSync(path.join(TEMPLATES, name), 'utf8');

function freeUdpPort() {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startUnbound(dir, role, serverExtra, tail) {
  const port = await freeUdpPort();
  const conf = template('common.conf.in')
    .replaceAll('{SERVER_EXTRA}', serverExtra)
    .replaceAll('{TAIL}', tail)
    .replaceAll('{PORT}', String(port))
    .replaceAll('{DIR}', dir)
    .replaceAll('{ROLE}', role);
  const file = path.join(dir, `${role}.conf`);
  writeFileSync(file, conf);
  const child = spawn('unbound', ['-d', '-p', '-c', file], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      execFileSync('dig', ['+time=1', '+tries=1', '@127.0.0.1', '-p', String(port), 'odoo-iot.com', 'SOA'], { stdio: 'ignore' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`unbound ${role} did not start (see ${dir})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, addr: `127.0.0.1:${port}`, stop: () => child.kill() };
}

/** auth + router (filters private answers) + public (unfiltered). */
export async function startDnsLab() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-dns-'));
  const auth = await startUnbound(dir, 'auth', template('auth.conf.in'), '');
  const forward = template('forward.conf.in').replaceAll('{UPSTREAM}', String(auth.port));
  const router = await startUnbound(dir, 'router', template('router.conf.in'), forward);
  const publicDns = await startUnbound(dir, 'public', '', forward);
  return {
    router,
    public: publicDns,
    stop() {
      for (const s of [router, publicDns, auth]) s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
