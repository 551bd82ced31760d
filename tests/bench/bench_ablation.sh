#!/bin/bash
# The ablation table (issue 13; models/README.md): MEGA's parts switched off one at a time, on
# generated films, through the researchers' path (feature folders, `mega train` / `predict` / `eval`):
#   scenes (models/scene_small.json + subtitles; AP on the test films): Align PE against none,
#     cross-modal bottleneck fusion against late fusion;
#   turning points (models/act_shot.json; TA, PA, D on the test films beside the theory and
#     distribution baselines): distillation from the synopsis (the paper) against shot labels.
# TRAIN films (2 of them held out to choose the best epoch) and TEST films are generated with other
# seeds; every variant trains once per SEED.
#
#   tests/bench/bench_ablation.sh [BUILD_DIR] [WORK_DIR] [SEEDS] [TRAIN] [TEST] [SCENE_EPOCHS] [TP_EPOCHS]
#   (defaults: build, a temporary folder, "0 1 2", 10, 6, 60, 40)
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d)}
seeds=${3:-0 1 2}
ntrain=${4:-10}
ntest=${5:-6}
scene_epochs=${6:-60}
tp_epochs=${7:-40}
src=$(cd "$(dirname "$0")/../.." && pwd)
mega="$build/app/mega"
py=/usr/bin/python3
mkdir -p "$work/films" "$work/feat" "$work/configs" "$work/runs"

train=() test=()
for i in $(seq 1 "$ntrain"); do train+=("train$i"); done
for i in $(seq 1 "$ntest"); do test+=("test$i"); done
make() { # NAME SEED
  [ -f "$work/films/$1.truth.json" ] || "$mega" make-demo -o "$work/films/$1" --duration 150 --size 320x180 --seed "$2" >/dev/null
  [ -f "$work/feat/$1/subtitles.shots.npy" ] ||
    "$mega" features "$work/films/$1.mp4" -o "$work/feat/$1" --per-shot --synopsis "$work/films/$1.synopsis.txt" --quiet >/dev/null
}
for i in $(seq 1 "$ntrain"); do make "train$i" $((5000 + i)); done
for i in $(seq 1 "$ntest"); do make "test$i" $((7000 + i)); done
# Gold on the shots the features were computed on (the detector may miss a generated cut): each
# film's truth applied as a person's review in a project, exported; the TPs' synopsis sentences
# (which do not depend on the shots) from the truth.
if [ ! -f "$work/test_gold.json" ]; then
  rm -rf "$work/gold.mega"*
  "$mega" ingest "$work"/films/*.mp4 -p "$work/gold.mega" -j 2 --no-propose --quiet >/dev/null
  for f in "${train[@]}" "${test[@]}"; do "$mega" review "$work/gold.mega" --film "$f" --from "$work/films/$f.truth.json" >/dev/null; done
  "$mega" export "$work/gold.mega" --gold -o "$work/project_gold.json" >/dev/null
  "$mega" export "$work"/films/*.truth.json --gold -o "$work/truth_gold.json" >/dev/null
  $py - "$work" "${train[*]}" <<'PY'
import json, sys
work, train = sys.argv[1], sys.argv[2].split()
truth = {f["id"]: f for f in json.load(open(work + "/truth_gold.json"))["films"]}
films = json.load(open(work + "/project_gold.json"))["films"]
for f in films:
    f["sentence_tps"] = truth[f["id"]]["sentence_tps"]
json.dump({"films": films}, open(work + "/gold.json", "w"))
json.dump({"films": [f for f in films if f["id"] in train]}, open(work + "/train_gold.json", "w"))
json.dump({"films": [f for f in films if f["id"] not in train]}, open(work + "/test_gold.json", "w"))
PY
fi

dirs() { for f in "$@"; do echo "$work/feat/$f"; done; }
val=$(dirs "${train[@]:0:2}" | paste -sd,)
trainDirs=$(dirs "${train[@]}")
testDirs=$(dirs "${test[@]}")

# The variants' configs: the shipped ones with one part changed, and their epochs without early stop
# (the held-out --val films still choose the best epoch).
$py - "$src/models" "$work/configs" "$scene_epochs" "$tp_epochs" <<'EOF'
import json, sys
models, out, se, te = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
scene = json.load(open(models + "/scene_small.json"))
scene["modalities"].append({"name": "subtitles", "dim": 1024})
scene["train"].update(epochs=se, patience=1000)
for name, change in [("scene_mega", {}), ("scene_no_align_pe", {"align_pe": "none"}), ("scene_late_fusion", {"fusion": "late"})]:
    json.dump(dict(scene, name=name, **change), open(f"{out}/{name}.json", "w"), indent=1)
act = json.load(open(models + "/act_shot.json"))
act["train"].update(epochs=te, patience=1000)
json.dump(dict(act, name="act_shot"), open(f"{out}/act_shot.json", "w"), indent=1)
syn = json.load(open(models + "/act_synopsis.json"))
syn["train"].update(epochs=te, patience=1000)
json.dump(syn, open(f"{out}/act_synopsis.json", "w"), indent=1)
EOF

field() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join('%.1f' % (100 * d[k]) for k in sys.argv[2:]))" "$@"; }
echo "films: ${#train[@]} training (2 of them choose the epoch), ${#test[@]} test; seeds: $seeds"
printf "%-22s %-5s %6s %6s %6s %8s\n" variant seed AP/TA PA D seconds
for variant in scene_mega scene_no_align_pe scene_late_fusion; do
  for s in $seeds; do
    m="$work/runs/$variant-$s.ckpt"
    t0=$(date +%s)
    "$mega" train scenes --config "$work/configs/$variant.json" --gold "$work/gold.json" -o "$m" --val "$val" --seed "$s" --quiet $trainDirs
    t1=$(date +%s)
    "$mega" predict scenes --model "$m" -o "$work/runs/$variant-$s.pred.json" $testDirs >/dev/null
    "$mega" eval scenes --gold "$work/test_gold.json" --pred "$work/runs/$variant-$s.pred.json" --json >"$work/runs/$variant-$s.eval.json"
    printf "%-22s %-5s %6s %6s %6s %8s\n" "$variant" "$s" "$(field "$work/runs/$variant-$s.eval.json" AP)" "" "" $((t1 - t0))
  done
done
for variant in distillation shot_labels; do
  for s in $seeds; do
    m="$work/runs/$variant-$s.ckpt"
    how=(--synopsis-config "$work/configs/act_synopsis.json")
    [ "$variant" = shot_labels ] && how=(--shot-labels)
    t0=$(date +%s)
    "$mega" train tp --config "$work/configs/act_shot.json" "${how[@]}" --gold "$work/gold.json" -o "$m" --val "$val" --seed "$s" --quiet $trainDirs
    t1=$(date +%s)
    "$mega" predict tp --model "$m" -o "$work/runs/$variant-$s.pred.json" $testDirs >/dev/null
    "$mega" eval tp --gold "$work/test_gold.json" --pred "$work/runs/$variant-$s.pred.json" --train "$work/train_gold.json" --json \
      >"$work/runs/$variant-$s.eval.json"
    printf "%-22s %-5s %6s %6s %6s %8s\n" "act_shot $variant" "$s" $(field "$work/runs/$variant-$s.eval.json" TA PA D) $((t1 - t0))
  done
done
e="$work/runs/shot_labels-$(echo $seeds | cut -d' ' -f1).eval.json" # the baselines: the same on every seed
$py - "$e" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k, v in d["baselines"].items():
    if "TA" in v:
        print("%-22s %-5s %6.1f %6.1f %6.1f" % (k + " baseline", "-", 100 * v["TA"], 100 * v["PA"], 100 * v["D"]))
EOF
