#!/bin/bash
# Runs mega-studio under Xvfb on the demo film and saves window grabs (QScreen::grabWindow, so
# the video shows) of its main states: opened and playing, a boundary under review with its cut
# frames, reviewed and filtered, zoomed in with a TP set, the keyboard reference, the settings, the
# history of edits, and three annotators' turning points side by side with their agreement. Look
# at them.
#
#   tests/bench/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-$build/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/app/mega" make-demo -o "$work/demo" --duration 90 >/dev/null
mkdir -p "$out"
"$build/app/mega" ingest "$work/demo.mp4" -p "$work/demo.mega" --quiet
# Three annotators of the demo's synopsis (TRIPOD's movie_N rows): the truth, and two who place
# some turning points two or three sentences away.
/usr/bin/python3 - "$work/demo.tripod.csv" "$work/annotators.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    n = len(rows[0]["synopsis_segmented"].split("[STR_SENT]")) - 1
    for k, shift in enumerate([(0, 0, 0, 0, 0), (0, 2, 0, -2, 0), (2, 3, 0, 0, -2)]):
        r = dict(rows[0])
        r["movie_name"] = rows[0]["movie_name"] + "_" + str(k)
        for t in range(5):
            v = [max(0, min(n - 1, int(x) + shift[t])) for x in r["tp%d" % (t + 1)].strip("[]").split(",") if x.strip()]
            r["tp%d" % (t + 1)] = ",".join(map(str, v))
        w.writerow(r)
PY
"$build/app/mega" import "$work/demo.mega" --tripod "$work/annotators.csv" >/dev/null
QT_MEDIA_BACKEND=${QT_MEDIA_BACKEND:-ffmpeg} XDG_CONFIG_HOME="$work/config" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/mega-studio" "$work/demo.mega" --screenshots "$out"
ls -1 "$out"/*.png
