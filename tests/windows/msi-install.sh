#!/usr/bin/env bash
# The MSI as a technician gets it, under wine (called by scripts/test-windows; runs alone too):
#   tests/windows/msi-install.sh OLD.msi NEW.msi SIM LOGDIR
# OLD.msi and NEW.msi: two builds of scripts/package-windows (the same files, NEW with a higher
# version); SIM: the native iot-box-sim; LOGDIR: where every log goes (kept on failure).
# In a fresh prefix: a quiet per-user install (no administrator), the files, the Start-menu
# shortcut, the uninstall entry and the CLI on the user's PATH; the installed iot-https.exe reads
# a simulator on loopback and the user's sites file; the installed window, without WebView2 (wine
# has none), says so and exits 3; NEW installs over OLD (one entry, the new version) and OLD
# then refuses to install over NEW; uninstall
# leaves nothing of the program but the user's sites file.
set -euo pipefail
[ $# = 4 ] || { sed -n 2,4p "$0" >&2; exit 2; }
old_msi=$(realpath "$1") new_msi=$(realpath "$2") sim=$(realpath "$3") logs=$(realpath -m "$4")
cd "$(dirname "$0")/../.."
mkdir -p "$logs"
limit() { local seconds=$1; shift; timeout --kill-after=20 "$seconds" "$@"; }
say() { printf '\033[1m--> msi: %s\033[0m\n' "$*" >&2; }
fail() { echo "msi-install: $*" >&2; exit 1; }
# A check that must hold; on failure the last log named is shown.
check() { local what=$1; shift; "$@" || fail "$what"; }

work=$(mktemp -d /tmp/iot-https-msi.XXXXXX)
sim_pid=
cleanup() {
  [ -n "$sim_pid" ] && { kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; }
  WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
limit 300 wineboot -i >"$logs/wineboot.log" 2>&1 || fail "wineboot failed (see $logs/wineboot.log)"
# Rust programs need ProcessPrng, which wine 8 lacks (see scripts/test-windows).
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32

user=$(basename "$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)")
home="$WINEPREFIX/drive_c/users/$user"
install_dir="$home/AppData/Local/Programs/IoT HTTPS Assistant"
shortcut="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/IoT HTTPS Assistant.lnk"
sites="$home/AppData/Roaming/org.iothttps.assistant/sites.json"
win_install_dir="C:\\users\\$user\\AppData\\Local\\Programs\\IoT HTTPS Assistant"
uninstall_keys=('HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall'
  'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall')

msiexec() { # log-name args…
  local log=$1; shift
  limit 300 wine msiexec "$@" /qn /l*v "$(winepath -w "$logs/$log.msiexec.log")" >"$logs/$log.out" 2>&1
}
# "Name<TAB>Version" of every uninstall entry called IoT HTTPS Assistant (HKCU and HKLM: wine
# 8 writes a per-user product's entry under HKLM, Windows under the user's hive).
entries() {
  for key in "${uninstall_keys[@]}"; do
    limit 60 wine reg query "$key" /s 2>/dev/null || true
  done | tr -d '\r' | python3 -c '
import re, sys
entry = {}
def flush():
    if entry.get("DisplayName") == "IoT HTTPS Assistant":
        print(entry.get("DisplayVersion", "?"), entry.get("Publisher", "?"), sep="\t")
for line in sys.stdin:
    if line.startswith("HKEY_"):
        flush(); entry = {}
    m = re.match(r"\s+(\w+)\s+REG_\w+\s+(.*)$", line)
    if m: entry[m.group(1)] = m.group(2).strip()
flush()'
}
user_path() { limit 60 wine reg query 'HKCU\Environment' /v Path 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_[A-Z_]*SZ *//p'; }
version_of() { msiinfo export "$1" Property | sed -n 's/^ProductVersion\t//p' | tr -d '\r'; }
old_version=$(version_of "$old_msi") new_version=$(version_of "$new_msi")
say "OLD $old_version, NEW $new_version ($(wine --version))"

# The user's own data, there before the program: it must outlive install, upgrade, uninstall.
"$sim" --family iot-drivers --flavour windows --scenario healthy --http 127.0.0.1:0 \
  --https 127.0.0.1:0 --ca-out "$work/sim.ca.pem" >"$work/sim.json" 2>"$logs/sim.log" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/sim.json" ] && break; sleep 0.1; done
[ -s "$work/sim.json" ] || fail "the simulator did not start (see $logs/sim.log)"
sim_http=$(python3 -c 'import json,sys;print(json.loads(open(sys.argv[1]).readline())["http"])' "$work/sim.json")
mkdir -p "$(dirname "$sites")"
cat >"$sites" <<EOF
{"version": 1, "sites": [{"id": "msi-test-site", "name": "Shop written before the install", "address": "$sim_http"}]}
EOF

say "install OLD quietly, as the user (msiexec /i … /qn)"
check "msiexec /i OLD failed (see $logs/install.msiexec.log)" msiexec install /i "$(winepath -w "$old_msi")"
for f in iot-https-assistant.exe WebView2Loader.dll iot-https.exe LICENSE-MIT.txt LICENSE-APACHE.txt; do
  check "$f is not in $install_dir" test -s "$install_dir/$f"
done
check "no Start-menu shortcut at $shortcut" test -s "$shortcut"
entries >"$logs/entries-installed.txt"
check "uninstall entry after install: $(cat "$logs/entries-installed.txt")" \
  test "$(cat "$logs/entries-installed.txt")" = "$old_version	IoT HTTPS Assistant contributors"
# Per-user: registered in the user's hive, with the icon "Apps & features" shows.
limit 60 wine reg query 'HKCU\Software\Microsoft\Installer\Products' /s 2>/dev/null | tr -d '\r' >"$logs/products.txt" || true
check "no per-user product with its icon (see $logs/products.txt)" grep -q 'ProductIcon.*AppIcon.ico' "$logs/products.txt"
user_path >"$logs/path-installed.txt"
check "the install folder is not on the user's PATH: $(cat "$logs/path-installed.txt")" \
  grep -qiF "$win_install_dir" "$logs/path-installed.txt"
echo "installed: files, shortcut, entry ($(cat "$logs/entries-installed.txt" | tr '\t' ' ')), user PATH"

say "the installed CLI: by name from a new console (PATH), then status of the simulator"
limit 60 wineserver -w || wineserver -k # a new wine session reads the user's environment afresh
limit 120 wine cmd /c "iot-https --version" >"$logs/cli-version.txt" 2>&1 || true
check "iot-https is not found on PATH from cmd (see $logs/cli-version.txt)" grep -q "$old_version" "$logs/cli-version.txt"
limit 120 wine "$install_dir/iot-https.exe" status "$sim_http" --json >"$logs/status.json" 2>"$logs/status.err" ||
  fail "installed iot-https.exe status failed (see $logs/status.err)"
check "status did not read the simulated box (see $logs/status.json)" grep -q 'iot-drivers' "$logs/status.json"
# check-all reads and writes the user's sites file where the window keeps it (%APPDATA%).
IOT_HTTPS_MODE=test IOT_HTTPS_HTTPS_PORT="$(python3 -c 'import json,sys;print(json.loads(open(sys.argv[1]).readline())["https"].rsplit(":",1)[1])' "$work/sim.json")" \
  IOT_HTTPS_EXTRA_CA_DIR="$(winepath -w "$work")" \
  limit 300 wine "$install_dir/iot-https.exe" check-all --json >"$logs/check-all.json" 2>"$logs/check-all.err" || true
check "check-all did not check the site of the user's sites file (see $logs/check-all.json)" \
  grep -q 'msi-test-site' "$logs/check-all.json"
cp "$sites" "$logs/sites-before-uninstall.json"

say "the installed window on a machine without WebView2"
set +e
IOT_HTTPS_NO_DIALOG=1 limit 120 wine "$install_dir/iot-https-assistant.exe" >"$logs/app.out" 2>"$logs/app.err"
app_rc=$?
limit 120 env LANG=nl_NL.UTF-8 LC_ALL=nl_NL.UTF-8 IOT_HTTPS_NO_DIALOG=1 wine "$install_dir/iot-https-assistant.exe" \
  >"$logs/app-nl.out" 2>"$logs/app-nl.err"
app_nl_rc=$?
set -e
check "the app without WebView2 exited $app_rc, not 3 (see $logs/app.err)" test "$app_rc" = 3
check "the app did not name the Evergreen runtime (see $logs/app.err)" grep -q 'WebView2 Evergreen Runtime' "$logs/app.err"
check "the Dutch run exited $app_nl_rc, not 3" test "$app_nl_rc" = 3
# In the user's language: wine takes the Windows user locale from LANG.
check "under a Dutch locale the message is not Dutch (see $logs/app-nl.err)" \
  grep -q 'Installeer de WebView2 Evergreen Runtime' "$logs/app-nl.err"
echo "window: exit 3, the Evergreen runtime named, in English and under a Dutch locale in Dutch"

say "install NEW over OLD (major upgrade)"
check "msiexec /i NEW failed (see $logs/upgrade.msiexec.log)" msiexec upgrade /i "$(winepath -w "$new_msi")"
entries >"$logs/entries-upgraded.txt"
check "after the upgrade, expected one entry of $new_version: $(cat "$logs/entries-upgraded.txt")" \
  test "$(cat "$logs/entries-upgraded.txt")" = "$new_version	IoT HTTPS Assistant contributors"
check "the upgrade lost iot-https.exe" test -s "$install_dir/iot-https.exe"
check "the upgrade lost the shortcut" test -s "$shortcut"
test "$(grep -oiF "$win_install_dir" <<<"$(user_path)" | wc -l)" = 1 || fail "the upgrade left the PATH with $(user_path)"
echo "upgraded: one entry, version $new_version"
# And not back: the older MSI refuses (MajorUpgrade's downgrade condition; msiexec exits 1603).
if msiexec downgrade /i "$(winepath -w "$old_msi")"; then fail "OLD installed over NEW (a downgrade)"; fi
check "the refused downgrade changed the entry: $(entries)" test "$(entries)" = "$new_version	IoT HTTPS Assistant contributors"
# Refused by the launch condition, not by chance: the newer product was found as such.
check "the downgrade was not detected as one (see $logs/downgrade.msiexec.log)" \
  grep -q 'WIX_DOWNGRADE_DETECTED = {' "$logs/downgrade.msiexec.log"
echo "downgrade refused"

say "uninstall"
check "msiexec /x failed (see $logs/uninstall.msiexec.log)" msiexec uninstall /x "$(winepath -w "$new_msi")"
test ! -e "$install_dir" || fail "left behind: $(find "$install_dir" | head)"
test ! -e "$shortcut" || fail "the shortcut is still there"
entries >"$logs/entries-uninstalled.txt"
test ! -s "$logs/entries-uninstalled.txt" || fail "uninstall entry left: $(cat "$logs/entries-uninstalled.txt")"
! user_path | grep -qiF "$win_install_dir" || fail "the user's PATH still names the install folder: $(user_path)"
left=$(find "$WINEPREFIX/drive_c" \( -iname 'iot-https*' -o -iname 'IoT HTTPS*' -o -iname 'WebView2Loader.dll' \) -print)
test -z "$left" || fail "left behind: $left"
check "the user's sites file is gone" cmp -s "$sites" "$logs/sites-before-uninstall.json"
echo "uninstalled: no files, shortcut, entry or PATH entry left; the user's sites file kept"
