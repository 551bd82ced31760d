#!/usr/bin/env bash
# Makes the built-in demo: three generated films whose truth is known (BUILD/demo.mp4 and two more
# to learn from), ingests them into BUILD/demo.mega, applies the truth of the two others as a
# person's review (`mega review`), fine-tunes MEGA on those corrections (`mega train`), has the
# trained version propose on the demo film, and opens it in mega-studio with those proposals.
# Done once: a second run opens the project as it is (delete BUILD/demo.mega* to start again).
# On a machine without a display it runs the window under Xvfb instead and saves screenshots of
# its main states to BUILD/screenshots (the window then closes by itself).
#
#   packaging/open-demo.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
mega="$build/app/mega"
project="$build/demo.mega"
[ -f "$build/demo.mp4" ] || "$mega" make-demo -o "$build/demo"
for i in 1 2; do
  [ -f "$build/demo-train$i.mp4" ] || "$mega" make-demo -o "$build/demo-train$i" --seed $((1 + i))
done
if [ ! -f "$project" ] || ! "$mega" models "$project" --json | grep -q '"name": *"scene-[0-9]'; then
  rm -rf "$project" "$project".*
  echo "open-demo: ingesting the demo and two films to learn from into $project"
  "$mega" ingest "$build/demo.mp4" "$build/demo-train1.mp4" "$build/demo-train2.mp4" -p "$project" -j 2 --quiet
  for i in 1 2; do "$mega" review "$project" --film "demo-train$i" --from "$build/demo-train$i.truth.json" --author demo-annotator; done
  echo "open-demo: fine-tuning MEGA on the two reviewed films"
  "$mega" train "$project" --task scene --quiet
  trained=$("$mega" models "$project" --json | grep -o '"name": *"scene-[0-9]*"' | tail -1 | grep -o 'scene-[0-9]*')
  "$mega" propose "$project" --task scene --model "$trained" --film demo
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/app/mega-studio" "$project" --film demo
fi
echo "open-demo: no display; running mega-studio under Xvfb and saving screenshots to $build/screenshots"
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/mega-studio" "$project" --film demo --screenshots "$build/screenshots" 2>/dev/null
ls -1 "$build/screenshots"/*.png
"$mega" status "$project"
