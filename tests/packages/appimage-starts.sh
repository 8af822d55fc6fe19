#!/usr/bin/env bash
# Inside scripts/desktop-session, from tests/packages/clean-debian.sh: starts the AppImage in the
# clean Debian root (demo mode, FUSE-less: --appimage-extract-and-run), waits for its window,
# checks that WebKit's helpers run from inside the AppImage, and saves a screenshot of the first
# screen to $ARTIFACTS/appimage-demo.png for clean-debian.sh to compare with the .deb's.
set -euo pipefail
: "${CLEAN_ROOT:?set by clean-debian.sh}" "${ARTIFACTS:?set by clean-debian.sh}"
title="IoT HTTPS Assistant"

chroot "$CLEAN_ROOT" env -i DISPLAY="$DISPLAY" DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" \
  HOME=/root XDG_RUNTIME_DIR=/tmp LANG=C.UTF-8 NO_AT_BRIDGE=1 PATH=/usr/bin:/bin IOT_HTTPS_MODE=demo \
  /opt/app.AppImage --appimage-extract-and-run >"$ARTIFACTS/appimage-app.log" 2>&1 &
app=$!

window=""
for _ in $(seq 1 300); do
  kill -0 "$app" 2>/dev/null || { cat "$ARTIFACTS/appimage-app.log" >&2; echo "appimage-starts: the app exited" >&2; exit 1; }
  window=$(xwininfo -root -tree 2>/dev/null | awk -v t="\"$title\"" 'index($0, t) {print $1; exit}')
  [ -n "$window" ] && break
  sleep 0.1
done
[ -n "$window" ] || { echo "appimage-starts: no window titled '$title' within 30 s" >&2; exit 1; }
echo "appimage-starts: window $window is up" >&2

# The web content runs in WebKit's helper processes; they must be the AppImage's own (WebKit
# starts them by the relative path "././/lib/…", so look at what each process executes).
appimage_helpers() {
  for exe in /proc/[0-9]*/exe; do readlink "$exe" 2>/dev/null; done \
    | grep -E 'appimage_extracted_[^/]+/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKit(Web|Network)Process$' | sort -u || true
}
helpers=""
for _ in $(seq 1 100); do
  helpers=$(appimage_helpers)
  [ "$(echo "$helpers" | grep -c .)" -ge 2 ] && break
  sleep 0.1
done
if [ "$(echo "$helpers" | grep -c .)" -lt 2 ]; then
  for exe in /proc/[0-9]*/exe; do readlink "$exe" 2>/dev/null; done | grep -i webkit >&2 || true
  echo "appimage-starts: WebKit's helpers did not start from the AppImage" >&2
  exit 1
fi
echo "$helpers" | sed 's/^/appimage-starts: running /' >&2

# Demo mode connects to the built-in simulated box at once; give it time to show and paint.
sleep 8
kill -0 "$app" 2>/dev/null || { cat "$ARTIFACTS/appimage-app.log" >&2; echo "appimage-starts: the app exited" >&2; exit 1; }
import -window "$window" "$ARTIFACTS/appimage-demo.png"
echo "appimage-starts: screenshot $ARTIFACTS/appimage-demo.png" >&2
kill "$app"
