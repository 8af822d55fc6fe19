#!/usr/bin/env bash
# Size of what a technician downloads: the release binary (stripped, UI embedded) and the .deb,
# each against the target ≤ 10 MB (1 MB = 1,000,000 bytes).
#   bench/size.sh               builds first (scripts/package; incremental when built)
#   SKIP_BUILD=1 bench/size.sh  measures what target/release already holds
# Prints
#   size: binary X.X MB (target ≤ 10), deb Y.Y MB (target ≤ 10)
# Exit status: 0 when both were measured, whatever the sizes; 2 when one is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/package >&2 || { echo "size: the build failed" >&2; exit 2; }
fi
target_dir=$(scripts/target-dir)
binary="$target_dir/release/iot-https-assistant"
deb=$(find "$target_dir/release/bundle/deb" -maxdepth 1 -name 'iot-https-assistant_*.deb' -print -quit 2>/dev/null || true)
[ -f "$binary" ] || { echo "size: no release binary at $binary" >&2; exit 2; }
[ -n "$deb" ] || { echo "size: no .deb under $target_dir/release/bundle/deb" >&2; exit 2; }

b=$(stat -c %s "$binary")
d=$(stat -c %s "$deb")
installed=$(dpkg-deb -f "$deb" Installed-Size 2>/dev/null || echo '?')
echo "binary $binary: $b bytes; deb $deb: $d bytes (installed size ${installed} KiB)" >&2
# The AppImage carries WebKitGTK and GTK with it; its size is for information (no target).
appimage=$(find "$target_dir/release/bundle/appimage" -maxdepth 1 -name '*.AppImage' -print -quit 2>/dev/null || true)
[ -n "$appimage" ] && echo "appimage $appimage: $(stat -c %s "$appimage") bytes (WebKitGTK and GTK inside; no target)" >&2
python3 - "$b" "$d" <<'PY'
import sys
b, d = (int(x) / 1e6 for x in sys.argv[1:3])
print(f"size: binary {b:.1f} MB (target ≤ 10), deb {d:.1f} MB (target ≤ 10)")
PY
