#!/usr/bin/env bash
# Installs everything MEGA Studio needs to build, test and run on Debian 12 (as root).
# Idempotent: re-running it on a machine that already has the packages only checks them.
# Nothing is downloaded from anywhere but Debian's own package archive and, for pretrained
# weights, the npm registry (pinned versions, checked tarballs).
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

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#PACKAGES[@]} packages already installed"
    return 0
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
}

# Pretrained weights that npm packages ship (core/features/packaged_weights.h reads them): each a
# pinned version whose tarball's SHA-256 is checked, unpacked under $WEIGHTS/NAME-VERSION. Fetched
# here, once, from the npm registry; nothing is fetched when the product runs.
WEIGHTS="${MEGA_WEIGHTS_DIR:-/usr/local/share/mega-studio/weights}"
WEIGHT_PACKAGES=(
  # folder          npm name@version               tarball SHA-256
  "face-api-1.7.15  @vladmandic/face-api@1.7.15  0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
  "nsfwjs-4.3.0     nsfwjs@4.3.0                 4496790efc9bdc6f3e85a826a8e482c1fa1e9db4b3d18c095e98cc0c73cfb12f"
  "vad-web-0.0.31   @ricky0123/vad-web@0.0.31    d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940"
)

here="$(cd "$(dirname "$0")" && pwd)"

weights_tmp="$(mktemp -d)"
trap 'rm -rf "$weights_tmp"' EXIT

install_weights() {
  for entry in "${WEIGHT_PACKAGES[@]}"; do
    read -r folder spec sha <<<"$entry"
    if [ -f "$WEIGHTS/$folder/.installed" ]; then
      echo "install-deps: weights $spec already installed"
      continue
    fi
    if [ "$(id -u)" -ne 0 ] && ! mkdir -p "$WEIGHTS" 2>/dev/null; then
      echo "install-deps: weights $spec missing; run this script as root to install them in $WEIGHTS" >&2
      exit 1
    fi
    if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
      if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: node and npm are needed to fetch the weights; run this script as root" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update
      apt-get install -y --no-install-recommends npm
    fi
    local tmp
    tmp="$weights_tmp/$folder"
    mkdir -p "$tmp"
    echo "install-deps: fetching weights $spec"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
    local tgz
    tgz="$(ls "$tmp"/*.tgz)"
    if ! echo "$sha  $tgz" | sha256sum -c --quiet -; then
      echo "install-deps: $spec's tarball is not the one pinned here (SHA-256 differs)" >&2
      exit 1
    fi
    mkdir -p "$WEIGHTS/$folder"
    tar xzf "$tgz" -C "$WEIGHTS/$folder" --strip-components=1
    # nsfwjs bundles its models as JavaScript: its MobileNetV2 as a model.json and a weight shard.
    if [ "$folder" = nsfwjs-4.3.0 ]; then
      node "$here/unbundle-tfjs.cjs" "$WEIGHTS/$folder" mobilenet_v2 "$WEIGHTS/$folder/models/mobilenet_v2"
    fi
    echo "$spec" > "$WEIGHTS/$folder/.installed"
  done
}

install_packages
install_weights
