#!/bin/bash
# The loop in the window, under Xvfb: four generated films ingested into one project, three
# reviewed from their truth (`mega review`), the fourth opened; grabs of its proposals before
# training, of a training run under way (Model > Train: the Training dock), and of the proposals
# after it. Look at them.
#
#   tests/bench/loop_screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-$build/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in 1 2 3 4; do "$build/app/mega" make-demo -o "$work/film$i" --duration 180 --size 480x270 --seed $((20 + i)) >/dev/null; done
"$build/app/mega" ingest "$work"/film{1,2,3,4}.mp4 -p "$work/loop.mega" --quiet
for i in 1 2 3; do "$build/app/mega" review "$work/loop.mega" --film "film$i" --from "$work/film$i.truth.json" --author reviewer; done
mkdir -p "$out"
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} XDG_CONFIG_HOME="$work/config" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/mega-studio" "$work/loop.mega" --loop-screenshots "$out"
ls -1 "$out"/loop-*.png
