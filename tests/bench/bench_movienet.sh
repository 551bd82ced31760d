#!/bin/bash
# Scene boundaries learnt from real human labels (issue 18): MovieNet-SSeg's 190 train films (shots,
# subtitles, people's labels; no video) teach the loop's scene model over the picture-free
# modalities (timing, speech), scored on the 64 val films beside three baselines, for 3 seeds, with
# the time and memory it takes. Also times `mega import --movienet` of all 254 films.
#   tests/bench/bench_movienet.sh [BUILD_DIR] [WORK_DIR] [SEEDS]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d)}
seeds=${3:-0,1,2}
data=$(cd "$(dirname "$0")/../../../shared/data/movienet-sseg" && pwd)
mkdir -p "$work"
rm -rf "$work/all.mega"*
/usr/bin/time -f "mega import --movienet, all 254 films with features: %e s, peak %M KB" \
  "$build/app/mega" import "$work/all.mega" --movienet "$data" --quiet 2>"$work/import.warnings" >/dev/null || { cat "$work/import.warnings"; exit 1; }
tail -1 "$work/import.warnings"
echo "$(grep -c 'warning:' "$work/import.warnings") import warnings (in $work/import.warnings)"
/usr/bin/time -f "bench_movienet: %e s, peak %M KB" "$build/tests/bench/bench_movienet" "$data" "$work" --seeds "$seeds"
