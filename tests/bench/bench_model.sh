#!/bin/bash
# MEGA inference, LibTorch (C++) against PyTorch eager (/usr/bin/python3, torch 1.13) on the same
# config, weights, inputs and thread count. Targets (issue 4): act model on 3,000 shots with 6
# modalities < 1 s on 2 cores; C++ at least 1.5x faster than eager; outputs equal within 1e-4.
#
#   tests/bench/bench_model.sh [BUILD_DIR] [THREADS] [REPEATS] [act|scene]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
threads=${2:-$(nproc)}
repeats=${3:-3}
only=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/bench_model.py" "$work" "$threads" "$repeats" $only
"$build/tests/bench/bench_model" "$work" "$threads" "$repeats" $only
