#!/usr/bin/env bash
# Renders the application icon's PNGs (hicolor/SIZExSIZE/apps/) from org.megastudio.MegaStudio.svg.
# Needs rsvg-convert (Debian: librsvg2-bin). Run it after changing the SVG and commit the PNGs:
# neither the build nor the package renders them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svg="$here/org.megastudio.MegaStudio.svg"
command -v rsvg-convert >/dev/null || { echo "render.sh: needs rsvg-convert (apt install librsvg2-bin)" >&2; exit 1; }
for size in 16 22 24 32 48 64 128 256; do
  out="$here/hicolor/${size}x${size}/apps/org.megastudio.MegaStudio.png"
  mkdir -p "$(dirname "$out")"
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" -o "$out"
  echo "render.sh: $out"
done
