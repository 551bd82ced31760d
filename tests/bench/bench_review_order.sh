#!/bin/bash
# Review order (issue 15): does "least certain first" reach time order's final boundary F1 with
# >= 25 % fewer reviews? Generates held-out films with known truth (320x180) and three training
# films, ingests them, fine-tunes a scene model on the training films, and replays a reviewer on
# each held-out film's listed proposals in time order, least certain first and random orders
# (see bench_review_order.cpp). Prints the summary table; writes OUT/review_order.csv and
# OUT/review_order.svg. About 10 minutes on 2 cores.
#
#   tests/bench/bench_review_order.sh [BUILD_DIR] [OUT_DIR] [extra bench_review_order options]
set -euo pipefail
build=${1:-build}
out=${2:-review_order_out}
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/bench/bench_review_order" --work "$work" --out "$out" "$@" | tee "$out/summary.txt"
