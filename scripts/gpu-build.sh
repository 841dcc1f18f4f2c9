# Sourced by scripts/gpu-check.sh and scripts/gpu-slice.sh on a GPU machine (expects P, OUT, say):
# picks a Node 20 (the machine's, else the carried one) as $NODE and builds lib/native against the
# machine's PyTorch libtorch. Returns non-zero when no compiler is found or the build fails.
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

