#!/usr/bin/env bash
# Benchmark: cold start to an interactive first screen, and peak memory, of the release app
# against a minimal Tauri 2 hello-world built in the same run (same tauri version from our
# Cargo.lock, same [profile.release], same window size and CSP). Targets: both ratios ≤ 1.2.
#   bench/startup-vs-hello.sh                 RUNS=9 by default
#   SKIP_BUILD=1 bench/startup-vs-hello.sh    measure the binaries already in target/release
#   ROUNDS=3 bench/startup-vs-hello.sh        three measurements in a row (the ratios of each)
#   PROFILE=debug bench/startup-vs-hello.sh   both apps built with --debug (analysis only: the
#                                             targets are about the release builds)
#   QUIET_WAIT=0 …                            do not wait for idle CPUs before a launch (the
#                                             log still says how busy they were)
# Prints
#   startup-vs-hello ratio: X.XX (ours A ms, hello B ms)
#   memory-vs-hello ratio: X.XX (ours A MiB, hello B MiB)
# Definitions (bench/README.md has the details):
#   start-up = from the WebDriver "new session" request (tauri-driver → WebKitWebDriver launches
#     the app at once) until the first screen is usable, on one clock (the wall clock, shared by
#     node and the page): the page reports, through a MutationObserver installed by the first
#     WebDriver script (which WebKitWebDriver runs once the page has loaded), the instant
#     (performance.timeOrigin + now()) at which ours shows the Box step's
#     [data-testid="address-input"] enabled and not read-only, and hello its <button> (static
#     markup: present when parsing ends, domInteractive). No WebDriver round trip is inside the
#     figure. Median of RUNS.
#   memory = peak, over 5 s from launch sampled every 50 ms, of the summed RSS of the app
#     process and all its descendants (WebKitWebProcess, WebKitNetworkProcess, …), launched
#     directly (no WebDriver). Median of RUNS peaks. (PSS, which shares common pages out
#     instead of counting them once per process, is printed alongside for information.)
# Our app runs with IOT_HTTPS_MODE=test (loopback only, no demo box, no auto-connect). Every run
# gets a fresh HOME (no WebKit cache, no saved sites). Runs alternate ours/hello after one
# discarded warm-up each, so other load on the machine falls on both alike.
# Exit status: 0 when the comparison ran, whatever the ratios; 2 when it could not be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH" CARGO_TERM_COLOR=never
RUNS=${RUNS:-9}
ROUNDS=${ROUNDS:-1}
PROFILE=${PROFILE:-release}
QUIET_WAIT=${QUIET_WAIT:-90}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { echo "startup-vs-hello: $*" >&2; exit 2; }
case "$PROFILE" in
  release) profile_flag=() ;;
  debug) profile_flag=(--debug) ;;
  *) fail "PROFILE must be release or debug" ;;
esac

scripts/bootstrap test || fail "bootstrap failed"
for tool in Xvfb dbus-daemon gnome-keyring-daemon tauri-driver WebKitWebDriver node python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done

work=$(mktemp -d /tmp/startup-vs-hello.XXXXXX)
tag="startup-vs-hello-$$-$RANDOM"
bench_pid=
cleanup() {
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null && wait "$bench_pid" 2>/dev/null
  # Anything still carrying this run's tag in its environment (the apps, their WebKit
  # processes, tauri-driver, WebKitWebDriver, the keyring daemon) was started by this script.
  local p
  for p in /proc/[0-9]*; do
    grep -qsz "^BENCH_TAG=$tag$" "$p/environ" 2>/dev/null && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  rm -rf "$work"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

target_dir=$(scripts/target-dir)
ours="$target_dir/$PROFILE/iot-https-assistant"

hello_bin="$target_dir/$PROFILE/tauri-hello-bench"
# Both builds (skipped with SKIP_BUILD=1, up to the matching `fi` below).
if [ "${SKIP_BUILD:-0}" != 1 ]; then
say "building our release app (UI embedded)"
npx tauri build --ci "${profile_flag[@]}" --no-bundle -- --locked >&2 || fail "$PROFILE build of the app failed"

# --- the hello-world: generated here, same tauri and profile as ours -----------------------
tauri_version=$(awk '/^name = "tauri"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
tauri_build_version=$(awk '/^name = "tauri-build"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$tauri_version" ] && [ -n "$tauri_build_version" ] || fail "tauri not found in Cargo.lock"
hello="$work/hello"
mkdir -p "$hello/dist" "$hello/src-tauri/src" "$hello/src-tauri/icons"
cat > "$hello/dist/index.html" <<'HTML'
<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>hello</title></head>
  <body><h1>Hello, Tauri</h1><button id="hello" type="button">Hello</button></body>
</html>
HTML
{
  cat <<TOML
[package]
name = "tauri-hello-bench"
version = "0.1.0"
edition = "2021"

[build-dependencies]
tauri-build = { version = "=$tauri_build_version", features = [] }

[dependencies]
tauri = { version = "=$tauri_version", features = [] }

[workspace]

TOML
  # Our workspace's release profile, copied verbatim (every [profile.release…] table).
  awk '/^\[/{keep = ($0 ~ /^\[profile\.release[]\.]/)} keep' Cargo.toml
} > "$hello/src-tauri/Cargo.toml"
grep -q '^\[profile\.release\]' "$hello/src-tauri/Cargo.toml" || fail "no [profile.release] in Cargo.toml"
# Our lock file, so every shared dependency resolves to exactly the version we ship.
cp Cargo.lock "$hello/src-tauri/Cargo.lock"
echo 'fn main() { tauri_build::build() }' > "$hello/src-tauri/build.rs"
cat > "$hello/src-tauri/src/main.rs" <<'RS'
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running tauri application");
}
RS
cp icons/32x32.png icons/128x128.png icons/icon.png "$hello/src-tauri/icons/"
python3 - "$root/src-tauri/tauri.conf.json" "$hello/src-tauri/tauri.conf.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
w = ours["app"]["windows"][0]
hello = {
    "productName": "tauri-hello-bench",
    "version": "0.1.0",
    "identifier": "org.example.tauri-hello-bench",
    "build": {"frontendDist": "../dist"},
    "app": {
        "windows": [{"title": "hello", "width": w["width"], "height": w["height"]}],
        "security": {"csp": ours["app"]["security"]["csp"]},
    },
    "bundle": {"active": False, "icon": ["icons/32x32.png", "icons/128x128.png", "icons/icon.png"]},
}
json.dump(hello, open(sys.argv[2], "w"), indent=2)
PY
say "building the hello-world (tauri $tauri_version, our [profile.release], shared target dir)"
(cd "$hello" && CARGO_TARGET_DIR="$target_dir" "$root/node_modules/.bin/tauri" build --ci "${profile_flag[@]}" --no-bundle >&2) \
  || fail "$PROFILE build of the hello-world failed"
fi # SKIP_BUILD
[ -x "$ours" ] && [ -x "$hello_bin" ] || fail "a binary is missing"
printf 'binaries: ours %s (%s bytes), hello %s (%s bytes)\n' "$ours" "$(stat -c %s "$ours")" \
  "$hello_bin" "$(stat -c %s "$hello_bin")" >&2

# --- the measurement -------------------------------------------------------------------------
cat > "$work/measure.mjs" <<'JS'
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const [, , ours, hello, runsArg, roundsArg, quietArg] = process.argv;
const RUNS = Number(runsArg);
const ROUNDS = Number(roundsArg || 1);
const QUIET_WAIT_MS = Number(quietArg ?? 90) * 1000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const PAGE = 4096;
const apps = {
  // parsed: the element is in the page's static HTML (exists once parsing ends).
  // mark: a performance mark the app sets the moment its first screen is in the document.
  ours: { bin: ours, css: '[data-testid="address-input"]', parsed: false, mark: 'iot-https:first-screen' },
  hello: { bin: hello, css: 'button#hello', parsed: true, mark: null },
};

const children = new Set();
function killAll() {
  for (const c of children) {
    try { process.kill(-c.pid, 'SIGKILL'); } catch {}
  }
  children.clear();
}
process.on('exit', killAll);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(130));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
function freshEnv() {
  const home = mkdtempSync(path.join(process.env.BENCH_TMP || os.tmpdir(), 'home-'));
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: `${home}/.local/share`,
    XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache`, IOT_HTTPS_MODE: 'test' };
  delete env.IOT_HTTPS_BOX;
  return { home, env };
}
function start(cmd, args, env) {
  // Own process group, so the whole tree can be killed; tracked for exit.
  const c = spawn(cmd, args, { env, detached: true, stdio: 'ignore' });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}
async function stopGroup(c) {
  try { process.kill(-c.pid, 'SIGTERM'); } catch {}
  for (let i = 0; i < 40 && children.has(c); i++) await sleep(50);
  try { process.kill(-c.pid, 'SIGKILL'); } catch {}
}
async function call(method, url, body, timeoutMs = 30_000) {
  const r = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(timeoutMs) });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${json.value?.message ?? ''}`);
  return json.value;
}

// Runs in the page (WebDriver "execute async script"): resolves with the page-clock time at
// which the element first exists, is enabled and not read-only, watched by a MutationObserver
// (element insertions and attribute changes), so no WebDriver round trip sits in the figure.
const WATCH = `
  const [css, markName, finish] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
  const usable = () => { const e = document.querySelector(css); return !!e && !e.disabled && !e.readOnly; };
  const markAt = () => { const m = markName && performance.getEntriesByName(markName, 'mark')[0]; return m ? m.startTime : null; };
  // Reports once the load event is over too, so that its instant is known.
  const done = (found) => {
    const report = () => {
      const nav = performance.getEntriesByType('navigation')[0] || {};
      // When the page painted, where WebKit says (it gives no resource timing for tauri://).
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
      finish({ ...found, timeOrigin: performance.timeOrigin, domInteractive: nav.domInteractive, load: nav.loadEventEnd,
        fcp: paint['first-contentful-paint'] ?? paint['first-paint'] ?? null });
    };
    if (document.readyState === 'complete') setTimeout(report, 0);
    else addEventListener('load', () => setTimeout(report, 0), { once: true });
  };
  if (usable()) { done({ at: performance.now(), already: true, mark: markAt() }); return; }
  const mo = new MutationObserver(() => {
    if (!usable()) return;
    mo.disconnect();
    done({ at: performance.now(), already: false, mark: markAt() });
  });
  mo.observe(document, { subtree: true, childList: true, attributes: true });`;

/** One cold start through WebDriver; returns ms from the launch request to a usable screen. */
async function startup(name) {
  const app = apps[name];
  const { home, env } = freshEnv();
  const port = await freePort();
  const nativePort = await freePort();
  const driver = start('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], env);
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try { await call('GET', `${base}/status`, undefined, 1000); break; } catch {}
      if (i > 300) throw new Error('tauri-driver did not start');
      await sleep(50);
    }
    const caps = { capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app.bin } } } };
    const t0 = performance.timeOrigin + performance.now(); // wall clock, ms since the epoch
    const { sessionId } = await call('POST', `${base}/session`, caps, 60_000);
    const loaded = performance.timeOrigin + performance.now() - t0;
    const s = `${base}/session/${sessionId}`;
    const w = await call('POST', `${s}/execute/async`, { script: WATCH, args: [app.css, app.mark] }, 30_000);
    // A parsed element that is already there existed when parsing ended (domInteractive). An app
    // that sets a mark the moment its first screen accepts input is taken at that mark: the
    // observer's callback is a microtask, which WebKit ran only after the load event here, so for a
    // script-made element it would report the load, not the element. Otherwise a script-made
    // element found already there gets the (later) moment it was seen: an upper bound.
    const at = w.mark != null ? w.mark : w.already && app.parsed ? w.domInteractive : w.at;
    const exact = w.mark != null || !w.already || app.parsed;
    const ready = w.timeOrigin + at - t0;
    if (!(ready > 0 && w.timeOrigin >= t0 - 5)) throw new Error(`${name}: inconsistent clocks (${JSON.stringify(w)})`);
    await call('DELETE', s).catch(() => {});
    // For such an upper bound, the earliest it can have been: a module script runs only after
    // parsing ends, so not before domInteractive.
    const earliest = w.already && !exact ? w.timeOrigin + w.domInteractive - t0 : ready;
    return { ready, earliest, loaded, navStart: w.timeOrigin - t0, pageMs: at, loadMs: w.load,
      markMs: w.mark, upperBound: w.already && !exact, fcp: w.fcp };
  } finally {
    await stopGroup(driver);
    rmSync(home, { recursive: true, force: true });
  }
}

function processTable() {
  const parent = new Map();
  const name = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      name.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {}
  }
  return { parent, name };
}
function treeRss(rootPid) {
  const { parent, name } = processTable();
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) for (const [p, pp] of parent) if (pp === pids[i]) pids.push(p);
  let rss = 0;
  let pss = 0;
  const names = [];
  const each = {}; // per process name (the app's own is 'app'): RSS and PSS
  for (const p of pids) {
    try {
      const r = Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]) * PAGE;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      const ps = m ? Number(m[1]) * 1024 : 0;
      rss += r;
      pss += ps;
      const n = p === rootPid ? 'app' : name.get(p);
      names.push(name.get(p));
      each[n] = { rss: (each[n]?.rss ?? 0) + r, pss: (each[n]?.pss ?? 0) + ps };
    } catch {}
  }
  return { rss, pss, names, each };
}

/** Launches the app directly and samples its process tree every 50 ms for 5 s. */
async function memory(name) {
  const { home, env } = freshEnv();
  const child = start(apps[name].bin, [], env);
  let peak = 0;
  let peakPss = 0;
  let names = [];
  let each = {};
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < 5000) {
      const { rss, pss, names: n, each: e } = treeRss(child.pid);
      if (rss > peak) { peak = rss; names = n; each = e; }
      if (pss > peakPss) peakPss = pss;
      await sleep(50);
    }
    if (!children.has(child)) throw new Error(`${name} exited during the memory run`);
    return { peak, peakPss, names, each };
  } finally {
    await stopGroup(child);
    rmSync(home, { recursive: true, force: true });
  }
}

// Share of the CPUs busy over `ms` (all processes: others' builds, not only ours).
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
}
async function busyShare(ms = 500) {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}
/** Waits (up to 90 s) until the machine is quiet, so load from elsewhere does not land on one run. */
async function quiet() {
  const deadline = Date.now() + QUIET_WAIT_MS;
  let busy;
  while ((busy = await busyShare()) > 0.25 && Date.now() < deadline) await sleep(1000);
  // (QUIET_WAIT=0: no wait; `busy` still says how loaded the machine was.)
  return busy;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const spread = (xs, unit = 'ms', scale = 1, digits = 0) =>
  `min ${(Math.min(...xs) / scale).toFixed(digits)}, median ${(median(xs) / scale).toFixed(digits)}, max ${(Math.max(...xs) / scale).toFixed(digits)} ${unit}`;
const MiB = 2 ** 20;
const log = (...a) => console.error(...a);

log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const name of ['ours', 'hello']) { await startup(name); await memory(name); } // warm-up, discarded
for (let round = 1; round <= ROUNDS; round++) {
  const fresh = () => ({ ready: [], earliest: [], loaded: [], nav: [], load: [], mem: [], pss: [], each: [], fcp: [] });
  const res = { ours: fresh(), hello: fresh() };
  if (ROUNDS > 1) log(`--- round ${round} of ${ROUNDS} ---`);
  for (let i = 1; i <= RUNS; i++) {
    for (const name of i % 2 ? ['ours', 'hello'] : ['hello', 'ours']) {
      const busy = await quiet();
      const s = await startup(name);
      const m = await memory(name);
      res[name].ready.push(s.ready);
      res[name].earliest.push(s.earliest);
      res[name].loaded.push(s.loaded);
      res[name].nav.push(s.navStart);
      res[name].load.push(s.navStart + s.loadMs);
      if (s.upperBound) res[name].bounds = (res[name].bounds ?? 0) + 1;
      res[name].mem.push(m.peak);
      res[name].pss.push(m.peakPss);
      res[name].each.push(m.each);
      if (s.fcp != null) res[name].fcp.push(s.fcp);
      log(`run ${i} ${name.padEnd(5)}: [CPU busy before: ${(busy * 100).toFixed(0)}%] usable ${s.ready.toFixed(0)} ms${s.upperBound ? ' (upper bound)' : ''} ` +
        `(navigation started ${s.navStart.toFixed(0)} ms, usable ${s.pageMs.toFixed(0)} ms after that` +
        `${s.markMs != null ? ` [first-screen mark ${s.markMs.toFixed(0)} ms]` : ''}, ` +
        `${s.fcp != null ? `first paint ${s.fcp.toFixed(0)} ms, ` : ''}` +
        `load event ${s.loadMs.toFixed(0)} ms after that; ` +
        `WebDriver session returned ${s.loaded.toFixed(0)} ms), ` +
        `peak RSS ${(m.peak / MiB).toFixed(1)} MiB (PSS ${(m.peakPss / MiB).toFixed(1)}) over [${m.names.join(', ')}]`);
    }
  }
  log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const name of ['ours', 'hello']) {
    const r = res[name];
    log(`${name.padEnd(5)} over ${RUNS} runs: usable ${spread(r.ready)}; load event ${spread(r.load)}; ` +
      `peak RSS ${spread(r.mem, 'MiB', MiB, 1)}; peak PSS ${spread(r.pss, 'MiB', MiB, 1)}`);
    // Where the memory is: each process at the instant of the peak, median over the runs.
    const procs = [...new Set(r.each.flatMap((e) => Object.keys(e)))];
    log(`${name.padEnd(5)} per process at the peak (median RSS / PSS, MiB): ` + procs.map((p) => {
      const of = (k) => median(r.each.map((e) => e[p]?.[k] ?? 0)) / MiB;
      return `${p} ${of('rss').toFixed(1)} / ${of('pss').toFixed(1)}`;
    }).join('; '));
    if (r.fcp.length) log(`${name.padEnd(5)} first paint (${r.fcp.length} of ${RUNS} runs where WebKit said): ${spread(r.fcp)} after navigation start`);
  }
  const o = median(res.ours.ready), h = median(res.hello.ready);
  const om = median(res.ours.mem) / MiB, hm = median(res.hello.mem) / MiB;
  log(`medians of ${RUNS}: navigation start ours ${median(res.ours.nav).toFixed(0)} ms, hello ${median(res.hello.nav).toFixed(0)} ms; WebDriver session returned ours ${median(res.ours.loaded).toFixed(0)} ms, hello ${median(res.hello.loaded).toFixed(0)} ms`);
  // A launch whose navigation starts far behind the others is a stall a median hides
  // (bench/README.md "The half-second stall").
  const late = (nav) => nav.filter((n) => n > median(nav) + 250).length;
  log(`navigation ≥ 250 ms behind the median: ours ${late(res.ours.nav)} of ${RUNS} runs, hello ${late(res.hello.nav)} of ${RUNS}`);
  {
    const ol = median(res.ours.load), hl = median(res.hello.load);
    log(`medians of ${RUNS}: load event (all subresources in, the page's event loop free again) ours ` +
      `${ol.toFixed(0)} ms, hello ${hl.toFixed(0)} ms: ratio ${(ol / hl).toFixed(2)}`);
  }
  if (res.ours.bounds) {
    const e = median(res.ours.earliest);
    log(`ours: ${res.ours.bounds} of ${RUNS} start-up figures are upper bounds (the field was already there when ` +
      `the observer was installed); with those at their earliest possible instant instead: ratio ` +
      `${(e / median(res.hello.ready)).toFixed(2)} (ours ${e.toFixed(0)} ms)`);
  }
  log(`medians of ${RUNS}: peak PSS ours ${(median(res.ours.pss) / MiB).toFixed(1)} MiB, hello ${(median(res.hello.pss) / MiB).toFixed(1)} MiB`);
  const tag = ROUNDS > 1 ? ` [round ${round} of ${ROUNDS}]` : '';
  console.log(`startup-vs-hello ratio: ${(o / h).toFixed(2)} (ours ${o.toFixed(0)} ms, hello ${h.toFixed(0)} ms)${tag}`);
  console.log(`memory-vs-hello ratio: ${(om / hm).toFixed(2)} (ours ${om.toFixed(1)} MiB, hello ${hm.toFixed(1)} MiB)${tag}`);
}
JS

# What the first screen loads: index.html (with the first screen and the stylesheet in it), its
# module script and the chunks it preloads.
python3 - ui/dist <<'PY' >&2 || true
import re, os, sys
d = sys.argv[1]
html = open(os.path.join(d, "index.html")).read()
files = re.findall(r'(?:src|href)="/(assets/[^"]+\.js)"', html)
sizes = [(f, os.path.getsize(os.path.join(d, f))) for f in files]
print("ours: start-up script %.0f kB (%s); page %.0f kB (first screen and stylesheet inlined)" % (sum(s for _, s in sizes) / 1000, ", ".join("%s %.0f kB" % (os.path.basename(f), s / 1000) for f, s in sizes), len(html.encode()) / 1000))
PY
say "measuring under Xvfb: $RUNS runs each, alternating, after one warm-up each"
# A throwaway display, session bus and unlocked keyring, as on a desktop (its daemons are outside
# the measured process trees); scripts/desktop-session stops them all afterwards.
BENCH_TAG="$tag" BENCH_TMP="$work" scripts/desktop-session --timeout $((3600 * ROUNDS)) --logs "$work/session" -- \
  node "$work/measure.mjs" "$ours" "$hello_bin" "$RUNS" "$ROUNDS" "$QUIET_WAIT" > "$work/out.txt" &
bench_pid=$!
wait "$bench_pid" || { bench_pid=; fail "the measurement failed"; }
bench_pid=
# Only the two result lines on stdout (D-Bus-activated helpers print there too).
grep -v -E '^(startup|memory)-vs-hello ratio:' "$work/out.txt" >&2 || true
grep -E '^(startup|memory)-vs-hello ratio:' "$work/out.txt"
