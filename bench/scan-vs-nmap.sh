#!/usr/bin/env bash
# scan-vs-nmap: times `iot-https scan` against `nmap` on the same /24, inside a network
# namespace this script creates (see bench/README.md).
#
# The namespace has only its own loopback: 3 simulated boxes listen on 127.0.0.21-23, and an
# nftables (or iptables) rule drops every packet to the rest of 127.0.0.0/24 except 127.0.0.1,
# so ~250 addresses are silent, like powered-off hosts or a filtering firewall on a shop LAN.
# No packet leaves the namespace.
#
# Run as root from anywhere in the repository. Prints one line:
#   scan-vs-nmap ratio: X.XX (iot-https A s, nmap B s)
# Exits non-zero only when the bench cannot be set up (missing tool, build failure, namespace,
# or a tool that does not find the 3 boxes, which means the setup is wrong). A ratio above the
# 0.5 target is reported, not failed.
#
# Environment: PORT (default 8069), RUNS (default 3; the median of each tool is used),
# NMAP_ARGS (extra nmap arguments, e.g. -Pn; default none).
set -euo pipefail

PORT=${PORT:-8069}
RUNS=${RUNS:-3}
read -r -a NMAP_EXTRA <<<"${NMAP_ARGS:-}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NS=iotbench-$$
BOX_IPS=(127.0.0.21 127.0.0.22 127.0.0.23)
FAMILIES=(iot-drivers hw-posbox-status legacy-html)
WORK=$(mktemp -d)
PIDS=()

die() { echo "scan-vs-nmap: setup failed: $*" >&2; exit 2; }
log() { echo "scan-vs-nmap: $*" >&2; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $(id -u) -eq 0 ]] || die "run as root (network namespaces and nmap's SYN scan need it)"
command -v ip >/dev/null || die "iproute2 (ip) is missing"

APT_UPDATED=
apt_install() {
    command -v apt-get >/dev/null || die "$1 is missing and apt-get is not available"
    if [[ -z $APT_UPDATED ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$WORK/apt.log" 2>&1 \
            || die "apt-get update failed: $(tail -5 "$WORK/apt.log")"
        APT_UPDATED=1
    fi
    log "installing $1"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >"$WORK/apt.log" 2>&1 \
        || die "apt-get install $1 failed: $(tail -5 "$WORK/apt.log")"
}
command -v nmap >/dev/null || apt_install nmap
if ! command -v nft >/dev/null && ! command -v iptables >/dev/null; then apt_install nftables; fi

log "building release binaries"
(cd "$ROOT" && cargo build --release --quiet -p iot-box-sim -p iot-https-cli) >&2 || die "cargo build failed"
TARGET_DIR=$("$ROOT/scripts/target-dir" 2>/dev/null || true)
TARGET_DIR=${TARGET_DIR:-$ROOT/target}
SIM=$TARGET_DIR/release/iot-box-sim
SCAN=$TARGET_DIR/release/iot-https
[[ -x $SIM && -x $SCAN ]] || die "release binaries not found in $TARGET_DIR/release"

ip netns add "$NS" || die "cannot create network namespace $NS"
in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link set lo up || die "cannot bring lo up in $NS"

# Silence everything in 127.0.0.0/24 but the scanner's own source address and the boxes.
KEEP=$(IFS=,; echo "127.0.0.1,${BOX_IPS[*]}")
if command -v nft >/dev/null; then
    in_ns nft -f - <<NFT || die "nft rules failed"
table ip iotbench {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr 127.0.0.0/24 ip daddr != { $KEEP } drop
    }
}
NFT
    FIREWALL=nftables
else
    in_ns iptables -A INPUT -d 127.0.0.1 -j ACCEPT || die "iptables rules failed"
    for ip in "${BOX_IPS[@]}"; do in_ns iptables -A INPUT -d "$ip" -j ACCEPT; done
    in_ns iptables -A INPUT -d 127.0.0.0/24 -j DROP || die "iptables rules failed"
    FIREWALL=iptables
fi

for i in "${!BOX_IPS[@]}"; do
    # Not through in_ns: $! must be the simulator itself (ip netns exec execs it), not a subshell.
    ip netns exec "$NS" "$SIM" --http "${BOX_IPS[$i]}:$PORT" --family "${FAMILIES[$i]}" --seed $((21 + i)) \
        >"$WORK/sim-$i.log" 2>&1 &
    PIDS+=($!)
done
for ip in "${BOX_IPS[@]}"; do
    up=
    for _ in $(seq 50); do
        if in_ns timeout 1 bash -c "exec 3<>/dev/tcp/$ip/$PORT" 2>/dev/null; then up=1; break; fi
        sleep 0.1
    done
    [[ -n $up ]] || die "simulator on $ip:$PORT did not start: $(cat "$WORK"/sim-*.log)"
done

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run_scan() {
    local t0 t1
    t0=$(now)
    in_ns env IOT_HTTPS_MODE=test "$SCAN" scan 127.0.0.0/24 --port "$PORT" --json >"$WORK/scan.json" || true
    t1=$(now)
    local found
    found=$(grep -c '"generation"' "$WORK/scan.json" || true)
    [[ $found -eq 3 ]] || die "iot-https found $found boxes, not 3: $(cat "$WORK/scan.json")"
    for ip in "${BOX_IPS[@]}"; do grep -q "\"$ip:$PORT\"" "$WORK/scan.json" || die "iot-https missed $ip"; done
    SCAN_TIMES+=($((t1 - t0)))
}

run_nmap() {
    local t0 t1
    t0=$(now)
    in_ns nmap -p "$PORT" -T4 --open -n ${NMAP_EXTRA[@]+"${NMAP_EXTRA[@]}"} -oG "$WORK/nmap.gnmap" 127.0.0.0/24 >/dev/null || die "nmap failed"
    t1=$(now)
    local found
    found=$(grep -c "$PORT/open" "$WORK/nmap.gnmap" || true)
    [[ $found -eq 3 ]] || die "nmap found $found open hosts, not 3: $(cat "$WORK/nmap.gnmap")"
    for ip in "${BOX_IPS[@]}"; do grep -q "Host: $ip .*$PORT/open" "$WORK/nmap.gnmap" || die "nmap missed $ip"; done
    NMAP_TIMES+=($((t1 - t0)))
}

log "namespace $NS, $FIREWALL drops 250 of 254 hosts; 3 boxes on port $PORT; $RUNS runs each"
SCAN_TIMES=() NMAP_TIMES=()
for _ in $(seq "$RUNS"); do
    run_scan
    run_nmap
done
A=$(printf '%s\n' "${SCAN_TIMES[@]}" | median)
B=$(printf '%s\n' "${NMAP_TIMES[@]}" | median)
log "iot-https runs (ns): ${SCAN_TIMES[*]}; nmap runs (ns): ${NMAP_TIMES[*]}"
awk -v a="$A" -v b="$B" 'BEGIN { printf "scan-vs-nmap ratio: %.2f (iot-https %.2f s, nmap %.2f s)\n", a / b, a / 1e9, b / 1e9 }'
