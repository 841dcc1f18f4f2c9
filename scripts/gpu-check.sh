#!/usr/bin/env bash
# Device check for the torch backend on a CUDA machine (run on the GPU machine, in the repo root).
# Prepare first, on the dev machine:  bash scripts/gpu-check-prepare.sh
# Then:  run(command="bash scripts/gpu-check.sh", carry=[".device/native"], timeout_s=540)
#
# 1. builds lib/native against the machine's PyTorch libtorch (LIBTORCH_DIR from python3's torch),
# 2. runs kernel parity vs tfjs cpu with tensors on CUDA, one ResNet-18 step vs cpu, a leak check,
# 3. benchmarks ResNet-18 train/infer (batch 64; 32 px x0.25, 64 px x1, 224 px x1) vs PyTorch on the same GPU.
# Everything lands in $OUT: summary.txt (the figures), check.json, log.txt, build.log, env.txt.
# Budget: ~1 min build + ~4 min checks (QUICK=1: ~2 min); each phase has its own timeout (build 180 s
# per -std attempt, checks 300 s) and summary.txt is rewritten after each phase, so results so far come back.
set -uo pipefail
OUT=${OUT:-$PWD/out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/log.txt") 2>&1
P=$PWD/.device/native
t0=$(date +%s)
say() { echo "[gpu-check +$(( $(date +%s) - t0 ))s] $*"; }
[ -f "$P/gpu-check.mjs" ] || { say "missing $P/gpu-check.mjs: run scripts/gpu-check-prepare.sh and carry .device/native"; exit 2; }

. scripts/gpu-build.sh || exit 1

export WHATWHERE_TORCH_DEVICE=${WHATWHERE_TORCH_DEVICE:-cuda}
say "checks on $WHATWHERE_TORCH_DEVICE"
OUT="$OUT" timeout ${CHECK_TIMEOUT:-300} "$NODE" "$P/gpu-check.mjs" ${QUICK:+--quick} 2>&1 | grep --line-buffered -v "already registered\|already been set\|Reusing existing\|step [0-9]*/[0-9]* [0-9]* ms/step"
rc=${PIPESTATUS[0]}
say "done (exit $rc)"
exit $rc
