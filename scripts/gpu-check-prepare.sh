#!/usr/bin/env bash
# Prepares .device/native/ (git-ignored) for scripts/gpu-check.sh on a GPU machine that has
# PyTorch, g++ and python3 but maybe no Node and no network:
#   gpu-check.mjs   bench/torch_gpu_check.ts bundled with tfjs and lib/ (esbuild; no node_modules needed)
#   whatwhere-cli.mjs  the whole CLI bundled the same way (scripts/gpu-slice.sh: generate, train, evaluate);
#                   run from the repo root (the addon is found there); JupyterLab/tslab/playwright left out
#   node.xz         this machine's node binary (self-contained, xz: ~24 MB), used when the GPU machine has no Node 20
#   include/        node's N-API headers; node-addon-api/  the C++ wrapper headers
# Run here, then: run(command="bash scripts/gpu-check.sh", carry=[".device/native"], timeout_s=540)
set -euo pipefail
cd "$(dirname "$0")/.."
P=.device/native
mkdir -p "$P/include" "$P/node-addon-api"
npx esbuild bench/torch_gpu_check.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --outfile="$P/gpu-check.mjs" "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
npx esbuild bench/device/cli_entry.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --external:typescript --external:tslab --external:playwright-core \
  --outfile="$P/whatwhere-cli.mjs" "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
NODE_BIN=$(command -v node)
want="$(node -v) $(stat -c %s "$NODE_BIN")"
if [ ! -f "$P/node.xz" ] || [ "$(cat "$P/node.version" 2>/dev/null)" != "$want" ]; then
  echo "[gpu-check-prepare] compressing $NODE_BIN (about a minute)" >&2
  xz -T0 -6 -c "$NODE_BIN" > "$P/node.xz.tmp" && mv "$P/node.xz.tmp" "$P/node.xz"
  echo "$want" > "$P/node.version"
fi
NODE_INC=$(node -p "require('path').join(process.execPath, '..', '..', 'include', 'node')")
[ -f "$NODE_INC/node_api.h" ] || NODE_INC=/usr/include/node
cp "$NODE_INC"/{node_api.h,node_api_types.h,js_native_api.h,js_native_api_types.h} "$P/include/"
cp node_modules/node-addon-api/*.h "$P/node-addon-api/"
du -sh "$P" >&2
