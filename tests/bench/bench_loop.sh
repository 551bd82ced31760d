#!/bin/bash
# The loop's numbers (issue 12), on generated films:
#   1. four 3-minute films ingested with `mega ingest -j 2` (time), three reviewed from their
#      truth with `mega review`, then `mega train P --task scene` timed: fine-tuning on 3 reviewed
#      3-minute films (target < 60 s on 2 cores), and its verdict against the active model (the
#      shipped base scene model, models/scene_base.ckpt, in a new project);
#      With SEEDS="0 1 2 3 4": the same training from copies of the reviewed project, once per seed,
#      each version's held-out AP beside the active model's (the spread tst_loop does not assert);
#   2. with LONG=SECONDS (e.g. LONG=10500 for ~3,000 shots): a film that long ingested with its
#      peak memory (target < 500 MB), then bench_loop on it: proposing once its features exist
#      (target < 5 s) and learning while reviewing, decision to re-scored film (target p95 <= 15 s).
#
#   tests/bench/bench_loop.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
mega="$build/app/mega"
for i in 1 2 3 4; do
  [ -f "$work/film$i.mp4" ] || "$mega" make-demo -o "$work/film$i" --duration 180 --seed $((30 + i)) >/dev/null
done
rm -rf "$work/loop.mega"*
/usr/bin/time -f "ingest of four 3-minute films (-j 2): %e s, peak %M KB" "$mega" ingest "$work"/film{1,2,3,4}.mp4 -p "$work/loop.mega" -j 2 --quiet
for i in 1 2 3; do "$mega" review "$work/loop.mega" --film "film$i" --from "$work/film$i.truth.json" --author bench; done
cp "$work/loop.mega" "$work/reviewed.mega"
/usr/bin/time -f "fine-tuning on 3 reviewed films: %e s, peak %M KB" "$mega" train "$work/loop.mega" --task scene --quiet
"$mega" models "$work/loop.mega"
if [ -n "${SEEDS:-}" ]; then
  for s in $SEEDS; do
    rm -rf "$work/seed.mega"*
    cp "$work/reviewed.mega" "$work/seed.mega"
    echo "seed $s: $("$mega" train "$work/seed.mega" --task scene --seed "$s" --quiet | grep -E 'active|inactive' | head -1)"
  done
fi
if [ -n "${LONG:-}" ]; then
  [ -f "$work/long.mp4" ] || "$mega" make-demo -o "$work/long" --duration "$LONG" --size 320x180 --seed 9 >/dev/null
  rm -rf "$work/long.mega"*
  /usr/bin/time -f "ingest of a ${LONG} s film: %e s, peak %M KB" "$mega" ingest "$work/long.mp4" -p "$work/long.mega" --quiet
  "$build/tests/bench/bench_loop" "$work/long.mega" long "$work/long.truth.json" --decisions 200 --every 5
fi
