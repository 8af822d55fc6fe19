#!/usr/bin/env bash
# Benchmark: how soon after the box starts serving its new certificate the watch says "valid".
# Each run starts a fresh simulated 19 box (iot-drivers, Linux) still serving the placeholder,
# paired with credentials; `iot-https act <box> restart-odoo --json` restarts Odoo and follows it
# with core's watch (the same as the window's). After the restart the box answers again, its
# Manager thread downloads the certificate ≈ 2 s later and nginx is reloaded with it. The
# simulator records the wall-clock instant its HTTPS listener reopened with the new certificate
# (control `GET /state` → `https_serving.since_unix_ms`); this script notes the instant the
# CLI's `certificateReady` outcome line arrives. Prints min/median/max of the delay over RUNS
# (default 10); target: median ≤ 2 s. Loopback only.
#   PROFILE=debug bench/valid-after-serve.sh   # use the debug build (default: release)
#   SKIP_BUILD=1 bench/valid-after-serve.sh    # use what target/ already holds
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" CARGO_PROFILE_DEV_DEBUG=0
PROFILE=${PROFILE:-release}
RUNS=${RUNS:-10}
case "$PROFILE" in
  release) build=(--release) ;;
  debug) build=() ;;
  *) echo "PROFILE must be release or debug" >&2; exit 2 ;;
esac
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build "${build[@]}" --locked -q -p iot-https-cli -p iot-box-sim || exit 2
fi
bin="target/$PROFILE"
[ -x "$bin/iot-https" ] && [ -x "$bin/iot-box-sim" ] || { echo "binaries missing in $bin" >&2; exit 2; }

exec python3 - "$bin" "$RUNS" <<'PY'
import json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

bin_dir, runs = sys.argv[1], int(sys.argv[2])

def run_once(i):
    work = tempfile.mkdtemp(prefix="valid-after-serve-")
    sim = None
    try:
        sim = subprocess.Popen(
            [f"{bin_dir}/iot-box-sim", "--family", "iot-drivers", "--flavour", "linux",
             "--scenario", "placeholder", "--http", "127.0.0.1:0", "--https", "127.0.0.1:0",
             "--control", "127.0.0.1:0", "--ca-out", f"{work}/ca.pem"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        addrs = json.loads(sim.stdout.readline())
        control = f"http://{addrs['control']}"
        state = lambda: json.load(urllib.request.urlopen(f"{control}/state", timeout=5))
        before = state()["https_serving"]["fingerprint"]
        env = {**os.environ, "IOT_HTTPS_MODE": "test", "HOME": work,
               "XDG_DATA_HOME": f"{work}/data", "XDG_CONFIG_HOME": f"{work}/config"}
        cli = subprocess.Popen(
            [f"{bin_dir}/iot-https", "act", addrs["http"], "restart-odoo",
             "--https-port", addrs["https"].rsplit(":", 1)[1], "--ca", f"{work}/ca.pem", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        ready_at, outcome, events = None, None, []
        for line in cli.stdout:
            now = time.time() * 1000
            msg = json.loads(line)
            if "event" in msg:
                events.append(msg["event"]["event"])
            if "outcome" in msg:
                outcome = msg["outcome"]
                ready_at = now
        cli.wait(timeout=60)
        if not outcome or outcome.get("result") != "certificateReady":
            raise SystemExit(f"run {i}: no certificateReady outcome: {outcome} after {events}")
        serving = state()["https_serving"]
        if serving["fingerprint"] == before:
            raise SystemExit(f"run {i}: the simulator still serves the certificate it started with")
        delay = ready_at - serving["since_unix_ms"]
        print(f"run {i}: valid {delay:.0f} ms after the new certificate was served "
              f"(events: {', '.join(events)})", file=sys.stderr)
        return delay
    finally:
        if sim:
            sim.terminate()
            try:
                sim.wait(timeout=10)
            except subprocess.TimeoutExpired:
                sim.kill()
        shutil.rmtree(work, ignore_errors=True)

print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
delays = [run_once(i) for i in range(1, runs + 1)]
print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
print(f"valid-after-serve: median {statistics.median(delays):.0f} ms "
      f"(min {min(delays):.0f}, max {max(delays):.0f}; {runs} runs, target median ≤ 2000)")
PY
