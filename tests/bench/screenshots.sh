#!/bin/bash
# Runs mega-studio under Xvfb on the demo film and saves window grabs (QScreen::grabWindow, so
# the video shows) of its main states: opened and playing, a boundary under review, reviewed and
# filtered, zoomed in with a TP set. Look at them.
#
#   tests/bench/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-$build/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/mega" make-demo -o "$work/demo" --duration 90 >/dev/null
mkdir -p "$out"
# The demo is ingested into $work/demo.mega (probe, shots, proposals), then the states are grabbed.
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} XDG_CONFIG_HOME="$work/config" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/mega-studio" "$work/demo.mp4" --screenshots "$out"
ls -1 "$out"/*.png
