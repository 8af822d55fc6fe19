#!/usr/bin/env bash
# Benchmark: `iot-https diagnose` on a healthy simulated box against the shell workflow a
# technician would type instead — curl the data route, `openssl s_client` the HTTPS port, `dig`
# the box's name through two resolvers — same targets, one run. Prints the ratio (target ≤ 0.25).
# Everything runs on 127.0.0.1: a simulator and two unbound resolvers started here.
# WERKZEUG=1: the simulator writes like Odoo's werkzeug server (headers and body in separate
# writes, no TCP_NODELAY; docs/protocol/speed.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" CARGO_PROFILE_DEV_DEBUG=0

need=()
for tool in hyperfine:hyperfine unbound:unbound dig:dnsutils openssl:openssl curl:curl; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --locked -q -p iot-https-cli -p iot-box-sim

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

sim_mode=()
[ "${WERKZEUG:-0}" = 1 ] && sim_mode=(--werkzeug-writes)
target/release/iot-box-sim --family iot-drivers --scenario healthy "${sim_mode[@]}" \
  --http 127.0.0.1:0 --https 127.0.0.1:0 --ca-out "$work/ca.pem" > "$work/sim.json" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/sim.json" ] && break; sleep 0.1; done
http=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["http"])' "$work/sim.json")
https_port=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["https"].rsplit(":",1)[1])' "$work/sim.json")
name=127-0-0-1.d73e7513.odoo-iot.com

# Two resolvers answering the box's name (as Odoo's public DNS would).
start_unbound() {
  local port=$1 dir="$work/unbound-$1"
  mkdir -p "$dir"
  cat > "$dir/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$port
  port: $port
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  chroot: ""
  username: ""
  directory: "$dir"
  pidfile: "$dir/unbound.pid"
  use-syslog: no
  logfile: "$dir/unbound.log"
  module-config: "iterator"
  local-zone: "odoo-iot.com." static
  local-data: "$name. 300 IN A 127.0.0.1"
CONF
  unbound -d -c "$dir/unbound.conf" & pids+=($!)
  for _ in $(seq 50); do dig +short +time=1 +tries=1 @127.0.0.1 -p "$port" "$name" | grep -q 127.0.0.1 && return; sleep 0.1; done
  echo "unbound on $port did not start" >&2; exit 1
}
dns1=$(free_port); start_unbound "$dns1"
dns2=$(free_port); start_unbound "$dns2"

cat > "$work/shell-workflow.sh" <<SH
curl -s --max-time 5 http://$http/iot_drivers/data > /dev/null
openssl s_client -connect 127.0.0.1:$https_port -servername $name -CAfile $work/ca.pem < /dev/null > /dev/null 2>&1
dig +short @127.0.0.1 -p $dns1 $name > /dev/null
dig +short @127.0.0.1 -p $dns2 $name > /dev/null
SH
ours="target/release/iot-https diagnose $http --https-port $https_port --ca $work/ca.pem --system-resolver 127.0.0.1:$dns1 --public-resolver 127.0.0.1:$dns2 --json"

# The diagnosis must really be healthy, or the comparison means nothing.
verdict=$($ours | python3 -c 'import json,sys;print(json.load(sys.stdin)["verdict"])')
[ "$verdict" = healthy ] || { echo "diagnosis is $verdict, expected healthy" >&2; exit 1; }

hyperfine --warmup 3 --runs 30 -N --export-json "$work/h.json" "$ours" "bash $work/shell-workflow.sh" > "$work/hyperfine.txt"
python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, shell = r[0]["mean"], r[1]["mean"]
mode = "werkzeug writes" if __import__("os").environ.get("WERKZEUG") == "1" else "one write per answer"
print(f"simulator: {mode}")
print(f"diagnose-vs-shell ratio: {ours / shell:.2f} (iot-https diagnose {ours*1000:.1f} ms, shell workflow {shell*1000:.1f} ms; mean of 30 runs)")
PY
