#!/usr/bin/env bash
# Shot detection against FFmpeg's own decode, on a generated 60 s 1080p H.264 + AAC film.
#
#   tests/bench/bench_shots.sh [BUILD_DIR] [RUNS]
#
# Makes the film from the real Big Buck Bunny opening (../shared/data/clips, upscaled to 1080p and
# looped to 60 s, so it has real cuts and real picture detail), then times, RUNS times each and
# interleaved:  ffmpeg -threads 2 -i FILM -f null -   and   mega shots FILM --threads 2.
# Prints both rates, their ratio (target: mega >= 0.9x the decode rate) and mega's peak RSS on the
# 60 s film and on a 180 s one (target: < 200 MB, whatever the length). Then the same for
# `mega features` (all built-in visual and audio extractors in one pass; target >= 0.8x), on the
# real clip and on a generated 60 s 1080p film (`mega make-demo`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
runs=${2:-5}
mega=$build/app/mega
clip=$src/../shared/data/clips/big_buck_bunny_0_30.webm
work=${MEGA_BENCH_DIR:-/tmp/mega-bench}
mkdir -p "$work"
[ -x "$mega" ] || { echo "bench: build mega first ($mega not found)" >&2; exit 1; }
[ -f "$clip" ] || { echo "bench: $clip not found (../shared beside the source tree)" >&2; exit 1; }

film=$work/film_1080p_60s.mp4
long=$work/film_1080p_180s.mp4
if [ ! -f "$film" ]; then
  echo "bench: making $film (once)..." >&2
  ffmpeg -v error -y -nostdin -stream_loop 1 -i "$clip" -t 60 \
    -vf "scale=1920:1080:flags=bicubic,format=yuv420p" -c:v libx264 -preset veryfast -crf 20 -g 48 \
    -c:a aac -b:a 128k "$film"
fi
[ -f "$long" ] || ffmpeg -v error -y -nostdin -stream_loop 2 -i "$film" -c copy "$long"

frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$film")
seconds() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }

cuts=$("$mega" shots "$film" --threads 2 --quiet --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["cuts"]))')
echo "film: 60 s, 1920x1080 H.264 + AAC, $frames frames; $cuts cuts found"

# compare LABEL TARGET MEGA-ARGS...: interleaved runs against ffmpeg's decode, then peak RSS on 180 s.
compare() {
  local label=$1 target=$2; shift 2
  local dec=() det=() rss=0 t m rss_long
  for i in $(seq "$runs"); do
    read -r t _ < <(seconds ffmpeg -v error -nostdin -threads 2 -i "$film" -f null -)
    dec+=("$t")
    read -r t m < <(seconds "$mega" "$@" "$film")
    det+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  read -r _ rss_long < <(seconds "$mega" "$@" "$long")
  python3 - "$label" "$target" "$frames" "$rss" "$rss_long" "${dec[*]}" "${det[*]}" <<'PY'
import statistics, sys
label, target, frames, rss, rss_long = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
dec = [float(x) for x in sys.argv[6].split()]
det = [float(x) for x in sys.argv[7].split()]
d, m = statistics.median(dec), statistics.median(det)
print(f"ffmpeg -threads 2 decode : median {d:.2f} s = {frames / d:6.1f} fps   (runs: {', '.join(f'{x:.2f}' for x in dec)})")
print(f"{label:<25}: median {m:.2f} s = {frames / m:6.1f} fps   (runs: {', '.join(f'{x:.2f}' for x in det)})")
print(f"  ratio (rate / decode rate): {d / m:.3f}   best run vs best run: {min(dec) / min(det):.3f}   (target >= {target})")
print(f"  peak RSS: {rss / 1024:.1f} MB on 60 s, {rss_long / 1024:.1f} MB on 180 s   (target < 200 MB)")
PY
}
compare "mega shots --threads 2" 0.9 shots --threads 2 --quiet --json
compare "mega features --threads 2" 0.8 features -o "$work/features" --threads 2 --quiet

generated=$work/generated_1080p_60s
if [ ! -f "$generated.mp4" ]; then
  echo "bench: making $generated.mp4 (once)..." >&2
  "$mega" make-demo --size 1920x1080 --duration 60 -o "$generated" --quiet >/dev/null
fi
ffmpeg -v error -y -nostdin -stream_loop 2 -i "$generated.mp4" -c copy "${generated}_x3.mp4"
film=$generated.mp4 long=${generated}_x3.mp4
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$film")
echo "generated film: 60 s, 1920x1080 H.264 + AAC, $frames frames"
compare "mega features --threads 2" 0.8 features -o "$work/features" --threads 2 --quiet
