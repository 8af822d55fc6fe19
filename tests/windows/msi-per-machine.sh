#!/usr/bin/env bash
# The all-users MSI (scripts/package-windows --per-machine) under wine (called by
# scripts/test-windows; runs alone too):
#   tests/windows/msi-per-machine.sh MACHINE.msi LOGDIR
# In a fresh prefix: a quiet install under Program Files with ALLUSERS=1, the folder on the
# system PATH, the uninstall entry; then uninstall, and nothing of it is left.
set -euo pipefail
[ $# = 2 ] || { sed -n 2,4p "$0" >&2; exit 2; }
msi=$(realpath "$1") logs=$(realpath -m "$2")
mkdir -p "$logs"
limit() { local seconds=$1; shift; timeout --kill-after=20 "$seconds" "$@"; }
say() { printf '\033[1m--> msi (per machine): %s\033[0m\n' "$*" >&2; }
fail() { echo "msi-per-machine: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/iot-https-msi-machine.XXXXXX)
cleanup() { WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
limit 300 wineboot -i >"$logs/wineboot.log" 2>&1 || fail "wineboot failed (see $logs/wineboot.log)"

install_dir="$WINEPREFIX/drive_c/Program Files/IoT HTTPS Assistant"
win_install_dir='C:\Program Files\IoT HTTPS Assistant'
env_key='HKLM\System\CurrentControlSet\Control\Session Manager\Environment'
system_path() { limit 60 wine reg query "$env_key" /v Path 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_[A-Z_]*SZ *//p'; }
entry() {
  limit 60 wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
    tr -d '\r' | grep -c 'DisplayName *REG_SZ *IoT HTTPS Assistant$' || true
}

[ "$(msiinfo export "$msi" Property | sed -n 's/^ALLUSERS\t//p' | tr -d '\r')" = 1 ] || fail "$msi is not an all-users MSI"
say "install quietly"
limit 300 wine msiexec /i "$(winepath -w "$msi")" /qn /l*v "$(winepath -w "$logs/install.msiexec.log")" >"$logs/install.out" 2>&1 ||
  fail "msiexec /i failed (see $logs/install.msiexec.log)"
for f in iot-https-assistant.exe WebView2Loader.dll iot-https.exe; do
  [ -s "$install_dir/$f" ] || fail "$f is not in $install_dir"
done
system_path >"$logs/path-installed.txt"
grep -qiF "$win_install_dir" "$logs/path-installed.txt" || fail "not on the system PATH: $(cat "$logs/path-installed.txt")"
[ "$(entry)" = 1 ] || fail "expected one uninstall entry, found $(entry)"
echo "per machine: installed under Program Files, on the system PATH, one entry"

say "uninstall"
limit 300 wine msiexec /x "$(winepath -w "$msi")" /qn /l*v "$(winepath -w "$logs/uninstall.msiexec.log")" >"$logs/uninstall.out" 2>&1 ||
  fail "msiexec /x failed (see $logs/uninstall.msiexec.log)"
[ ! -e "$install_dir" ] || fail "left behind: $(find "$install_dir" | head)"
! system_path | grep -qiF "$win_install_dir" || fail "the system PATH still names the folder: $(system_path)"
[ "$(entry)" = 0 ] || fail "the uninstall entry is still there"
echo "per machine: uninstalled, nothing left"
