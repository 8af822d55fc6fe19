#!/usr/bin/env bash
# Makes the clean Debian 12 root that tests/packages/clean-debian.sh starts the packages in: a
# minimal bookworm (debootstrap) plus what every desktop has and scripts/appimage leaves to the
# host (X11, GL, fonts), with apt's package lists current. Nothing of the app is in it.
#
#   tests/packages/clean-root.sh DIR LOG
#
# Separate so that scripts/test-all can make it in the background while it compiles: it waits on
# dpkg's disk writes and the mirror, hardly on the CPU (measured: 35 s of CPU in 160 s). Needs
# root (debootstrap, chroot, mounts; through sudo otherwise). Every mount it makes is gone when it
# exits; DIR is left for clean-debian.sh, which removes it.
set -euo pipefail
usage="usage: $0 DIR LOG"
root=${1:?$usage}
log=${2:?$usage}
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "clean-root: needs root (chroot, mounts) and sudo is missing" >&2; exit 1; }
  exec sudo --preserve-env=PATH "$0" "$@"
fi
mounted=()
unmount_all() { for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done; }
trap unmount_all EXIT
say() { printf '==> [clean-root %ss] %s\n' "$SECONDS" "$*" >&2; }

command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}

mkdir -p "$root"
say "debootstrap: a minimal Debian 12 (bookworm) from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$log" 2>&1 \
  || { tail -20 "$log" >&2; exit 1; }
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mkdir -p "$root/dev" && mount --bind /dev "$root/dev" && mounted+=("$root/dev")
chroot "$root" apt-get update -qq >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
say "adding what every desktop has (X11, GL, fonts), as the AppImage expects of its host"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  libx11-6 libx11-xcb1 libxcb1 libxshmfence1 libgl1 libegl1 libgles2 libgbm1 libdrm2 \
  libfontconfig1 libfreetype6 libharfbuzz0b libasound2 libexpat1 zlib1g libudev1 \
  libwayland-client0 libwayland-server0 libwayland-egl1 libwayland-cursor0 fonts-dejavu-core \
  >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
say "the clean root is ready"
