#!/usr/bin/env bash
# Size of what a technician downloads: the release binary (stripped, UI embedded) and the .deb,
# each against the target ≤ 10 MB (1 MB = 1,000,000 bytes), and the Windows MSI (target < 15 MB).
#   bench/size.sh               builds first (scripts/package, then scripts/package-windows when
#                               wixl is installed; incremental when built)
#   SKIP_BUILD=1 bench/size.sh  measures what target/ already holds
# Prints
#   size: binary X.X MB (target ≤ 10), deb Y.Y MB (target ≤ 10), msi Z.Z MB (PROFILE build, target < 15)
# The MSI is the release one when there is one, else the debug one (bigger: say which).
# Exit status: 0 when the binary and the .deb were measured, whatever the sizes; 2 when one is
# missing (a missing MSI is reported as "msi not built").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/package >&2 || { echo "size: the build failed" >&2; exit 2; }
  if command -v wixl >/dev/null; then
    scripts/package-windows >/dev/null || echo "size: the MSI build failed" >&2
  fi
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
# The MSI of scripts/package-windows: release when built, else debug.
msi= msi_profile=
for p in release debug; do
  msi=$(find "$target_dir/x86_64-pc-windows-gnu/$p/bundle/msi" -maxdepth 1 -name 'iot-https-assistant_*_x64.msi' -printf '%T@ %p\n' 2>/dev/null |
    sort -rn | head -n1 | cut -d' ' -f2-)
  if [ -n "$msi" ]; then msi_profile=$p; break; fi
done
[ -n "$msi" ] && echo "msi $msi: $(stat -c %s "$msi") bytes ($msi_profile build)" >&2
python3 - "$b" "$d" "${msi:+$(stat -c %s "$msi")}" "$msi_profile" <<'PY'
import sys
b, d = (int(x) / 1e6 for x in sys.argv[1:3])
m = f"msi {int(sys.argv[3]) / 1e6:.1f} MB ({sys.argv[4]} build, target < 15)" if sys.argv[3] else "msi not built (scripts/package-windows)"
print(f"size: binary {b:.1f} MB (target ≤ 10), deb {d:.1f} MB (target ≤ 10), {m}")
PY
