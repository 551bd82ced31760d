#!/bin/bash
# The synopsis TP model (issue 13): models/synopsis_tp.json trained on TRIPOD's 84 synopses, 5 folds
# by film, for 3 seeds; each seed's held-out TA, PA and D beside the random, theory and distribution
# baselines on the same folds, then the mean and spread over the seeds. Also what a config with the
# text encoder's full sentence vectors ("synopsis") beside them gives (CONFIG2, optional).
#   tests/bench/bench_synopsis_tp.sh [BUILD_DIR] [WORK_DIR] [SEEDS] [CONFIG2]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d)}
seeds=${3:-0,1,2}
extra=${4:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
csv=$(cd "$root/../shared/data/tripod" && pwd)/TRIPOD_synopses_train.csv
mkdir -p "$work"
configs=("$root/models/synopsis_tp.json")
[ -n "$extra" ] && configs+=("$extra")
for cfg in "${configs[@]}"; do
  name=$(basename "$cfg" .json)
  for s in ${seeds//,/ }; do
    "$build/app/mega" train synopsis --tripod "$csv" --config "$cfg" --folds 5 --seed "$s" --quiet \
      -o "$work/$name.$s.ckpt" --json "$work/$name.$s.json" >/dev/null
  done
  /usr/bin/python3 - "$work" "$name" "$seeds" <<'PY'
import json, statistics, sys
work, name, seeds = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
runs = [json.load(open(f"{work}/{name}.{s}.json")) for s in seeds]
print(f"{name}: held-out TRIPOD films ({runs[0]['films']} films, 5 folds by film), TA / PA / D in %")
for who in ["random", "theory", "distribution", "model"]:
    cells = []
    for m in ["ta", "pa", "d"]:
        v = [100 * r["pooled"][who][m] for r in runs]
        cells.append(f"{statistics.mean(v):5.1f} +- {statistics.pstdev(v):3.1f}")
    ta = ", ".join(f"{100 * r['pooled'][who]['ta']:.1f}" for r in runs)
    print(f"  {who:13s} " + "  ".join(cells) + f"   (TA by seed {','.join(seeds)}: {ta})")
gap = [100 * (r["pooled"]["model"]["ta"] - r["pooled"]["distribution"]["ta"]) for r in runs]
print(f"  model - distribution TA: {statistics.mean(gap):.1f} (by seed: {', '.join(f'{g:.1f}' for g in gap)}); "
      f"training {statistics.mean(r['seconds'] for r in runs):.0f} s a seed")
PY
done
