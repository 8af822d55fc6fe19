#!/usr/bin/env bash
# The .deb on a clean Debian 12: debootstrap a minimal bookworm root, `apt-get install` the
# package there (Debian brings its runtime dependencies, nothing else is in the root), then
# start the installed /usr/bin/iot-https-assistant in demo mode through WebDriver and check that
# the first screen works: the built-in simulated box is found and identified.
#
#   tests/deb/clean-install.sh PATH/TO/iot-https-assistant_*.deb
#
# Needs root (debootstrap, chroot, bind mounts; through sudo otherwise), the Debian mirror apt
# already uses, Xvfb/dbus/gnome-keyring on the host (scripts/desktop-session) and tauri-driver.
# The app inside runs in demo mode: it talks only to its own simulated box on loopback.
# Screenshot and logs: tests/artifacts/deb/.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(realpath "${1:?usage: $0 PATH/TO/package.deb}")

if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "clean-install: needs root (chroot, mounts) and sudo is missing" >&2; exit 1; }
  exec sudo --preserve-env=PATH,CI "$0" "$@"
fi

artifacts=$PWD/tests/artifacts/deb
rm -rf "$artifacts" && mkdir -p "$artifacts"
root=$(mktemp -d /tmp/clean-debian.XXXXXX)
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
say() { printf '==> [clean-install %ss] %s\n' "$SECONDS" "$*" >&2; }
bind() { mkdir -p "$root$1"; mount --bind "$1" "$root$1"; mounted+=("$root$1"); }

command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}

say "debootstrap: a minimal Debian 12 (bookworm) from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$artifacts/debootstrap.log" 2>&1 \
  || { tail -20 "$artifacts/debootstrap.log" >&2; exit 1; }
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
bind /dev
bind /dev/shm
bind /sys

say "apt-get install ./$(basename "$deb") in the clean root"
cp "$deb" "$root/tmp/app.deb"
chroot "$root" env DEBIAN_FRONTEND=noninteractive sh -c \
  'apt-get update -qq && apt-get install -y -q --no-install-recommends /tmp/app.deb' >"$artifacts/install.log" 2>&1 \
  || { tail -30 "$artifacts/install.log" >&2; echo "clean-install: the package did not install" >&2; exit 1; }
for f in /usr/bin/iot-https-assistant /usr/share/applications/iot-https-assistant.desktop; do
  [ -e "$root$f" ] || { echo "clean-install: the package did not install $f" >&2; exit 1; }
done
chroot "$root" dpkg-query -W -f='${Package} ${Version} ${Status}\n' iot-https-assistant | tee -a "$artifacts/install.log" >&2

# The WebDriver pieces are test tools, not dependencies of the app: WebKitWebDriver from Debian,
# tauri-driver copied in.
say "adding WebKitWebDriver and tauri-driver (test tools) to the root"
chroot "$root" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends webkit2gtk-driver >>"$artifacts/install.log" 2>&1
cp "$(command -v tauri-driver)" "$root/usr/local/bin/tauri-driver"

say "starting the installed app (demo mode) through WebDriver"
# The display and session bus come from the host's desktop session: X through its socket
# directory, D-Bus through an abstract socket (same network namespace).
mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix
bind /tmp/.X11-unix
CLEAN_ROOT="$root" ARTIFACTS="$artifacts" scripts/desktop-session --timeout 300 --logs "$artifacts/session" -- \
  node tests/deb/starts.mjs
say "the package installs on a clean Debian 12 and the app starts from it"
