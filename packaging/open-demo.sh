#!/usr/bin/env bash
# Makes the built-in demo film (if it is not there yet) and opens it in mega-studio, which ingests
# it (shots, proposed scene boundaries, its subtitles and synopsis) into BUILD/demo.mega.
# On a machine without a display it runs the window under Xvfb instead and saves screenshots of
# its main states to BUILD/screenshots (the window then closes by itself).
#
#   packaging/open-demo.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
[ -f "$build/demo.mp4" ] || "$build/app/mega" make-demo -o "$build/demo"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/app/mega-studio" "$build/demo.mp4"
fi
echo "open-demo: no display; running mega-studio under Xvfb and saving screenshots to $build/screenshots"
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/mega-studio" "$build/demo.mp4" --screenshots "$build/screenshots" 2>/dev/null
ls -1 "$build/screenshots"/*.png
"$build/app/mega" status "$build/demo.mega"
