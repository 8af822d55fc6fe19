#!/usr/bin/env bash
# Both packages on a clean Debian 12 (a minimal bookworm root made with debootstrap):
#  1. the AppImage, with only what every desktop has added to the root (X11, GL, fonts — the
#     libraries scripts/appimage leaves to the host): every library it needs resolves, it
#     starts in demo mode, its window shows up with WebKit's helpers running from inside the
#     AppImage, and it shows the same first screen as the installed .deb (step 2);
#  2. the .deb, installed with apt-get (Debian brings its dependencies), started in demo mode
#     through WebDriver: the built-in simulated box is found and identified.
#
#   tests/packages/clean-debian.sh PATH/TO/iot-https-assistant_*.deb PATH/TO/*.AppImage
#
# Needs root (debootstrap, chroot, bind mounts; through sudo otherwise), the Debian mirror apt
# already uses, Xvfb/dbus/gnome-keyring on the host (scripts/desktop-session), tauri-driver and
# ImageMagick. The app runs in demo mode: it talks only to its own simulated box on loopback.
# Screenshots and logs: tests/artifacts/packages/.
set -euo pipefail
cd "$(dirname "$0")/../.."
usage="usage: $0 PATH/TO/package.deb PATH/TO/package.AppImage"
deb=$(realpath "${1:?$usage}")
appimage=$(realpath "${2:?$usage}")

if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "clean-debian: needs root (chroot, mounts) and sudo is missing" >&2; exit 1; }
  exec sudo --preserve-env=PATH,CI,CLEAN_ROOT_READY "$0" "$@"
fi

artifacts=$PWD/tests/artifacts/packages
rm -rf "$artifacts" && mkdir -p "$artifacts"
root=$(mktemp -d /tmp/clean-debian.XXXXXX)
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  # /tmp/.X11-unix is bound from the same filesystem, which --one-file-system does not stop at:
  # never remove the root while anything is still mounted inside it.
  if grep -q " $root/" /proc/mounts; then
    echo "clean-debian: $root still has mounts; left in place" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT
say() { printf '==> [clean-debian %ss] %s\n' "$SECONDS" "$*" >&2; }
bind() { mkdir -p "$root$1"; mount --bind "$1" "$root$1"; mounted+=("$root$1"); }

if [ -n "${CLEAN_ROOT_READY:-}" ]; then
  # Made beforehand by tests/packages/clean-root.sh (scripts/test-all runs it in the background).
  say "using the clean root made beforehand: $CLEAN_ROOT_READY"
  rmdir "$root" && root=$CLEAN_ROOT_READY
else
  tests/packages/clean-root.sh "$root" "$artifacts/debootstrap.log"
fi
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
bind /dev
bind /dev/shm
bind /sys
mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix
bind /tmp/.X11-unix
apt_in_root() {
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# 1. The AppImage, with what scripts/appimage leaves to the host (in the root: clean-root.sh).
chroot "$root" sh -c '! dpkg-query -W libwebkit2gtk-4.1-0 libgtk-3-0 2>/dev/null' \
  || { echo "clean-debian: WebKitGTK or GTK is in the root before the AppImage test" >&2; exit 1; }
cp "$appimage" "$root/opt/app.AppImage"
chroot "$root" sh -c 'cd /opt && ./app.AppImage --appimage-extract >/dev/null' \
  || { echo "clean-debian: the AppImage did not extract" >&2; exit 1; }
say "AppImage: every library its programs need resolves in the clean root"
missing=$(chroot "$root" sh -c 'cd /opt/squashfs-root && find . -type f \( -perm -u+x -o -name "*.so*" \) \
  -exec sh -c "LD_LIBRARY_PATH=/opt/squashfs-root/usr/lib ldd \"\$0\" 2>/dev/null | sed \"s|^|\$0: |\"" {} \; | grep "not found"' || true)
[ -z "$missing" ] || { echo "clean-debian: unresolved libraries in the AppImage:" >&2; echo "$missing" >&2; exit 1; }
say "AppImage: starting it in demo mode"
CLEAN_ROOT="$root" ARTIFACTS="$artifacts" scripts/desktop-session --timeout 120 --logs "$artifacts/appimage-session" -- \
  tests/packages/appimage-starts.sh

# 2. The .deb.
say "apt-get install ./$(basename "$deb") in the clean root"
cp "$deb" "$root/tmp/app.deb"
apt_in_root /tmp/app.deb >"$artifacts/install.log" 2>&1 \
  || { tail -30 "$artifacts/install.log" >&2; echo "clean-debian: the package did not install" >&2; exit 1; }
for f in /usr/bin/iot-https-assistant /usr/share/applications/iot-https-assistant.desktop; do
  [ -e "$root$f" ] || { echo "clean-debian: the package did not install $f" >&2; exit 1; }
done
chroot "$root" dpkg-query -W -f='${Package} ${Version} ${Status}\n' iot-https-assistant | tee -a "$artifacts/install.log" >&2

# The WebDriver pieces are test tools, not dependencies of the app: WebKitWebDriver from Debian,
# tauri-driver copied in.
say "adding WebKitWebDriver and tauri-driver (test tools) to the root"
apt_in_root webkit2gtk-driver >>"$artifacts/install.log" 2>&1
cp "$(command -v tauri-driver)" "$root/usr/local/bin/tauri-driver"

say "starting the installed app (demo mode) through WebDriver"
# The display and session bus come from the host's desktop session: X through its socket
# directory (bound into the root above), D-Bus through an abstract socket (same network
# namespace).
CLEAN_ROOT="$root" ARTIFACTS="$artifacts" scripts/desktop-session --timeout 300 --logs "$artifacts/session" -- \
  node tests/packages/deb-starts.mjs
say "the .deb installs on a clean Debian 12 and the app starts from it"

# The AppImage showed the same first screen as the installed package (the demo box's port,
# identifier, MAC and certificate date differ from run to run: a few text lines).
differing=$(compare -metric AE -fuzz 20% "$artifacts/appimage-demo.png" "$artifacts/installed-app-demo.png" null: 2>&1 || true)
total=$(identify -format '%[fx:w*h]' "$artifacts/installed-app-demo.png")
python3 - "$differing" "$total" <<'PY'
import sys
differing, total = float(sys.argv[1].split()[0]), float(sys.argv[2])
share = differing / total
print(f"==> AppImage against .deb first screen: {share:.2%} of the pixels differ (limit 3%)", file=sys.stderr)
sys.exit(0 if share <= 0.03 else 1)
PY
say "the AppImage and the .deb both start on a clean Debian 12"
