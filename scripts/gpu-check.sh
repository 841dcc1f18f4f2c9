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

# Node 20: the machine's own if it has one, else the carried binary
if command -v node >/dev/null && node -v | grep -q '^v2[0-9]\.'; then NODE=$(command -v node)
else xz -dc "$P/node.xz" > /tmp/whatwhere-node && chmod +x /tmp/whatwhere-node && NODE=/tmp/whatwhere-node; fi
PY=${PYTHON:-python3}
{
  echo "node $($NODE -v) ($NODE)"; $PY -c 'import torch,sys;print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, "cxx11abi", torch._C._GLIBCXX_USE_CXX11_ABI, "gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)'
  g++ --version | head -1; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null; nproc
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

export LIBTORCH_DIR=${LIBTORCH_DIR-$($PY -c 'import torch,os;print(os.path.dirname(torch.__file__))')}
export PYTHON=$PY WHATWHERE_BENCH_PYTHON=$PY NODE_INCLUDE_DIR=$P/include NODE_ADDON_API_DIR=$P/node-addon-api
for c in ${CXX:-} g++ c++ clang++; do if command -v "$c" >/dev/null; then export CXX=$c; break; fi; done
[ -n "${CXX:-}" ] || { say "no C++ compiler (g++, c++, clang++) on this machine"; exit 1; }
say "building against $LIBTORCH_DIR with $CXX"
built=0
for std in c++17 c++20; do
  if WHATWHERE_CXX_STD=$std timeout 180 "$NODE" scripts/setup-native.mjs --force > "$OUT/build.log" 2>&1; then built=1; break; fi
  say "build with -std=$std failed: $(tail -1 "$OUT/build.log")"
done
if [ $built = 0 ]; then
  cp lib/native/build/Release/compile-errors.log "$OUT/" 2>/dev/null
  say "build failed; see build.log and compile-errors.log"; exit 1
fi
say "built: $(cat lib/native/build/Release/stamp.json | tr -d '\n ')"

export WHATWHERE_TORCH_DEVICE=${WHATWHERE_TORCH_DEVICE:-cuda}
say "checks on $WHATWHERE_TORCH_DEVICE"
OUT="$OUT" timeout ${CHECK_TIMEOUT:-300} "$NODE" "$P/gpu-check.mjs" ${QUICK:+--quick} 2>&1 | grep --line-buffered -v "already registered\|already been set\|Reusing existing\|step [0-9]*/[0-9]* [0-9]* ms/step"
rc=${PIPESTATUS[0]}
say "done (exit $rc)"
exit $rc
