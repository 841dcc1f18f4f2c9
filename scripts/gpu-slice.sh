#!/usr/bin/env bash
# A slice of the `gpu` scale on one GPU machine (issue 13): the plan's own training argv, run as the runner
# would (several jobs sharing the GPU), to measure what the scale's time estimate assumes and how far the models
# get. Prepare first, on the dev machine:  bash scripts/gpu-check-prepare.sh
# Then:  run(command="bash scripts/gpu-slice.sh", carry=[".device/native"], timeout_s=560)
#
# 1. builds lib/native against the machine's libtorch (scripts/gpu-build.sh, ~1 min);
# 2. renders the gpu scale's validation set (seed 2), a fresh held-out set (seed 9001, used by no scale) and
#    the first SLICE_TRAIN images of its training set (seed 1), one process each, in parallel;
# 3. trains category, distance, translation and rotation at once (the gpu scale's argv, --steps SLICE_STEPS,
#    schedule stretched over it), then scores each on the held-out set with `whatwhere evaluate`;
# 4. runs CONC (8) short jobs at once to see how the aggregate rate scales with jobs per GPU.
# Everything lands in $OUT: slice.txt (the figures), runs.tgz (logs, metrics.csv, final.json), log.txt, env.txt, build.log.
set -uo pipefail
OUT=${OUT:-$PWD/out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/log.txt") 2>&1
P=$PWD/.device/native
t0=$(date +%s)
say() { echo "[gpu-slice +$(( $(date +%s) - t0 ))s] $*"; }
[ -f "$P/whatwhere-cli.mjs" ] || { say "missing $P/whatwhere-cli.mjs: run scripts/gpu-check-prepare.sh and carry .device/native"; exit 2; }
if [ -n "${SLICE_NO_BUILD:-}" ]; then NODE=$(command -v node)  # a local dry run with the addon already built
else . scripts/gpu-build.sh || exit 1; fi
export WHATWHERE_TORCH_DEVICE=${WHATWHERE_TORCH_DEVICE:-cuda} WHATWHERE_BACKEND=torch
ww() { "$NODE" "$P/whatwhere-cli.mjs" "$@"; }

SLICE_TRAIN=${SLICE_TRAIN:-150000} SLICE_STEPS=${SLICE_STEPS:-3000} CONC=${CONC:-8}
D=/tmp/slice/data R=/tmp/slice/runs
mkdir -p "$D" "$R"
say "rendering: train $SLICE_TRAIN (seed 1), val 2000 (seed 2), held-out 2000 (seed 9001), 64 px"
# (a bare `wait` would also wait for the tee above, forever: wait for the jobs started here by pid)
pids=()
ww generate --variant full --n "$SLICE_TRAIN" --size 64 --seed 1 --out "$D/train" --quiet & pids+=($!)
ww generate --variant full --n 2000 --size 64 --seed 2 --out "$D/val" --quiet & pids+=($!)
ww generate --variant full --n 2000 --size 64 --seed 9001 --out "$D/heldout" --quiet & pids+=($!)
wait "${pids[@]}"
say "rendered"

# The gpu scale's training argv (lib/experiments/scales.ts): 64 px, width 1, batch 64, Adam 1e-3 cosine; the cap is the
# slice's and the warm-up a twelfth of it (the scale's 1000 steps would be a third of a 3000-step slice).
train() { # task seed steps out [time limit s]
  timeout "${5:-300}" "$NODE" "$P/whatwhere-cli.mjs" train --data "$D/train" --val "$D/val" --task "$1" --arch resnet18 --width 1 --size 64 --steps "$3" --batch 64 \
    --lr 0.001 --seed "$2" --out "$4" --lr-schedule cosine --warmup $(( $3 / 12 )) --val-n 2000 --eval-every 1000 --patience 5 \
    --checkpoint-every 100000 > "$4.log" 2>&1
}
rate() { grep 'step [0-9]*/[0-9]* ' "$1" | grep -o '[0-9.]* img/s' | tail -20 | awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n; else printf "nan"}'; }

say "phase 1: 4 jobs at once, $SLICE_STEPS steps each"
p1=$(date +%s)
pids=()
for t in category distance translation rotation; do train "$t" 11 "$SLICE_STEPS" "$R/$t" 280 & pids+=($!); done
wait "${pids[@]}"
p1=$(( $(date +%s) - p1 ))
{
  echo "phase 1: 4 concurrent jobs x $SLICE_STEPS steps x 64 images in ${p1} s wall (incl. start-up and 4 evaluations of 2000 images each)"
  for t in category distance translation rotation; do
    echo "  $t: $(rate "$R/$t.log") img/s per job (mean of its last progress lines)"
    ww evaluate --run "$R/$t" --data "$D/heldout" --n 2000 --json > "$R/$t.eval.json" 2>> "$OUT/log.txt" && echo "    held-out (seed 9001, n 2000): $(cat "$R/$t.eval.json")"
  done
} | tee "$OUT/slice.txt"
say "phase 2: $CONC jobs at once, 600 steps each"
p2=$(date +%s)
pids=()
for k in $(seq 1 "$CONC"); do train category $((100 + k)) 600 "$R/conc$k" 100 & pids+=($!); done
wait "${pids[@]}"
p2=$(( $(date +%s) - p2 ))
agg=0; for k in $(seq 1 "$CONC"); do r=$(rate "$R/conc$k.log"); agg=$(awk -v a="$agg" -v b="$r" 'BEGIN{print a+b}'); done
echo "phase 2: $CONC concurrent category jobs x 600 steps in ${p2} s wall; sum of per-job rates $agg img/s" | tee -a "$OUT/slice.txt"
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv >> "$OUT/slice.txt" 2>/dev/null
# at most 8 files come back: the runs' logs, metrics and final/eval JSON travel in one archive
tar czf "$OUT/runs.tgz" -C "$R" $(cd "$R" && ls *.log *.json */final.json */metrics.csv */config.json 2>/dev/null)
say "done"
