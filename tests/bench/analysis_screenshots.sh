#!/bin/bash
# The analysis views under Xvfb, on a demo film with a trained model: four generated films ingested
# into one project (ingest proposes, and synchronizes each synopsis with its film's shots), three
# reviewed from their truth, a scene model trained on them with the four built-in modalities and
# contrast (the loop's recipe, models/scene_loop.json, over five modalities) and a TP model, both
# made active whether or not they beat the cold start (the views, not the models, are shown), the fourth film
# proposed by it (which stores its Grad-CAM and attention), then grabs of the synchronization
# matrix (A; W zoomed with a sentence selected), the contributions and attention of a boundary and
# of TP3, search by a synopsis sentence, File > Export, and a training run in the Training tab.
#
#   tests/bench/analysis_screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-$build/screenshots}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in 1 2 3 4; do "$build/app/mega" make-demo -o "$work/film$i" --duration 180 --size 480x270 --seed $((20 + i)) >/dev/null; done
"$build/app/mega" ingest "$work"/film{1,2,3,4}.mp4 -p "$work/analysis.mega" --quiet
for i in 1 2 3; do "$build/app/mega" review "$work/analysis.mega" --film "film$i" --from "$work/film$i.truth.json" --author reviewer >/dev/null; done
# The loop's recipe (models/scene_loop.json) over the four built-in modalities as well as contrast,
# so that the contributions have several modalities to share (the loop's own model has one).
/usr/bin/python3 - "$src/models/scene_loop.json" "$work/scene_explain.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["name"] = "scene_explain"
c["modalities"] = [{"name": "appearance", "dim": 128}, {"name": "layout", "dim": 112}, {"name": "motion", "dim": 12},
                   {"name": "audio", "dim": 128}] + c["modalities"]
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
"$build/app/mega" train "$work/analysis.mega" --task scene --config "$work/scene_explain.json" --quiet --no-propose
version=$("$build/app/mega" models "$work/analysis.mega" --json | /usr/bin/python3 -c 'import json,sys; print([v["name"] for v in json.load(sys.stdin)["versions"] if v["kind"] == "mega"][-1])')
"$build/app/mega" models "$work/analysis.mega" --activate "$version" >/dev/null
# A TP model too (the reviews set each film's five TPs), made active, for TP3's contributions.
"$build/app/mega" train "$work/analysis.mega" --task tp --epochs 15 --quiet --no-propose
tp=$("$build/app/mega" models "$work/analysis.mega" --json | /usr/bin/python3 -c 'import json,sys; print([v["name"] for v in json.load(sys.stdin)["versions"] if v["task"] == "tp" and v["kind"] == "mega"][-1])')
"$build/app/mega" models "$work/analysis.mega" --activate "$tp" >/dev/null
"$build/app/mega" propose "$work/analysis.mega" --film film4 >/dev/null
mkdir -p "$out"
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} XDG_CONFIG_HOME="$work/config" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/mega-studio" "$work/analysis.mega" --film film4 --analysis-screenshots "$out"
ls -1 "$out"/analysis-*.png
