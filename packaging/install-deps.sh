#!/usr/bin/env bash
# Installs everything MEGA Studio needs to build, test and run on Debian 12 (as root).
# Idempotent: re-running it on a machine that already has the packages only checks them.
# Nothing is downloaded from anywhere but Debian's own package archive.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite
  libtorch-dev libopenblas0-openmp
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  libsqlite3-dev nlohmann-json3-dev libfftw3-dev
  ffmpeg xvfb gstreamer1.0-plugins-good gstreamer1.0-libav
  qt6-svg-dev breeze-icon-theme
  help2man dpkg-dev fakeroot file desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run this script as root (or with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
