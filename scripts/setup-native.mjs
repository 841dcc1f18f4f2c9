// Builds the libtorch addon (lib/native/build/Release/whatwhere_torch.node) when libtorch is present.
//
//   node scripts/setup-native.mjs [--quiet] [--force]
//
// libtorch is found at $LIBTORCH_DIR (a PyTorch install's torch/ folder, holding include/ and lib/;
// CUDA builds come from there) or else Debian's libtorch-dev, which is installed via apt when we are
// root and it is missing. The addon is one translation unit compiled by g++ directly (node-gyp needs
// node's headers tarball, which is not reachable offline; the compile line is all it would produce).
// A stamp of the inputs makes re-runs instant. On failure: exit 1 with one line saying why, and
// whatwhere falls back to the wasm backend.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');
const log = (msg) => { if (!quiet) console.error(`[setup-native] ${msg}`); };
const fail = (why) => { console.error(`[setup-native] torch backend not built: ${why}`); process.exit(1); };

const SRC = join(root, 'lib', 'native', 'src', 'addon.cc');
const OUT_DIR = join(root, 'lib', 'native', 'build', 'Release');
const OUT = join(OUT_DIR, 'whatwhere_torch.node');
const STAMP = join(OUT_DIR, 'stamp.json');
const DEBIAN_DIR = { include: '/usr/include', lib: '/usr/lib/x86_64-linux-gnu' };

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function debianLibtorch() {
  return existsSync(join(DEBIAN_DIR.include, 'ATen', 'ATen.h')) && existsSync(join(DEBIAN_DIR.lib, 'libtorch_cpu.so'));
}

function installDebian() {
  if (!isRoot()) fail('libtorch not found; run: sudo apt-get install -y --no-install-recommends libtorch-dev (or set LIBTORCH_DIR)');
  log('installing Debian libtorch-dev (~130 MB, about a minute)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['-o', 'DPkg::Lock::Timeout=300'];
  spawnSync('apt-get', [...args, 'update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const r = spawnSync('apt-get', [...args, 'install', '-y', '-q', '--no-install-recommends', 'libtorch-dev'],
    { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0 || !debianLibtorch()) fail(`apt-get install libtorch-dev failed (exit ${r.status})`);
}

/** Include and library folders plus extra flags for the libtorch we build against. */
function locateLibtorch() {
  const dir = process.env.LIBTORCH_DIR;
  if (dir) {
    const include = join(dir, 'include');
    const lib = join(dir, 'lib');
    if (!existsSync(join(include, 'ATen', 'ATen.h'))) fail(`LIBTORCH_DIR=${dir} has no include/ATen/ATen.h`);
    if (!existsSync(join(lib, 'libtorch_cpu.so'))) fail(`LIBTORCH_DIR=${dir} has no lib/libtorch_cpu.so`);
    return { include, lib, cuda: existsSync(join(lib, 'libtorch_cuda.so')), abi: pytorchAbi(dir) };
  }
  if (!debianLibtorch()) installDebian();
  return { ...DEBIAN_DIR, cuda: false, abi: undefined };
}

/** PyTorch wheels state their libstdc++ ABI; the addon must match it or symbols will not resolve. */
function pytorchAbi(dir) {
  const py = process.env.PYTHON ?? 'python3';
  const r = spawnSync(py, ['-c', 'import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))'],
    { encoding: 'utf8', cwd: dirname(dir) });
  const v = r.status === 0 ? r.stdout.trim() : '';
  return v === '0' || v === '1' ? v : undefined;
}

function nodeIncludeDir() {
  const candidates = [
    process.env.NODE_INCLUDE_DIR,
    join(dirname(dirname(process.execPath)), 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter(Boolean);
  const found = candidates.find((d) => existsSync(join(d, 'node_api.h')));
  if (!found) fail(`node's headers (node_api.h) not found in ${candidates.join(', ')}; set NODE_INCLUDE_DIR`);
  return found;
}

function addonApiDir() {
  const d = process.env.NODE_ADDON_API_DIR ?? join(root, 'node_modules', 'node-addon-api');
  if (!existsSync(join(d, 'napi.h'))) fail(`${d}/napi.h missing (run npm ci, or set NODE_ADDON_API_DIR)`);
  return d;
}

function compileArgs(t) {
  const args = [
    `-std=${process.env.WHATWHERE_CXX_STD ?? 'c++17'}`, '-O2', '-fPIC', '-shared', '-fvisibility=hidden', '-w',
    '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED',
    `-I${nodeIncludeDir()}`, `-I${addonApiDir()}`,
    `-I${t.include}`, `-I${join(t.include, 'torch', 'csrc', 'api', 'include')}`,
    SRC, '-o', `${OUT}.tmp`,
    `-L${t.lib}`, `-Wl,-rpath,${t.lib}`,
    // --no-as-needed keeps libtorch_cuda loaded although nothing names it: its static
    // initialisers register the CUDA kernels with the dispatcher.
    '-Wl,--no-as-needed', ...(t.cuda ? ['-ltorch_cuda', '-lc10_cuda'] : []), '-ltorch_cpu', '-lc10', '-Wl,--as-needed', '-ldl',
  ];
  if (t.abi !== undefined) args.unshift(`-D_GLIBCXX_USE_CXX11_ABI=${t.abi}`);
  return args;
}

function stampOf(t, args) {
  const h = createHash('sha256');
  h.update(readFileSync(SRC));
  h.update(JSON.stringify({ args, node: process.versions.modules, cxx: process.env.CXX ?? 'g++' }));
  for (const f of [join(t.lib, 'libtorch_cpu.so'), join(t.include, 'torch', 'csrc', 'api', 'include', 'torch', 'version.h')]) {
    if (existsSync(f)) h.update(readFileSync(f).subarray(0, 4096));
  }
  return h.digest('hex');
}

function main() {
  if (process.platform !== 'linux') fail(`only Linux builds are scripted (platform ${process.platform})`);
  const t = locateLibtorch();
  const args = compileArgs(t);
  const want = stampOf(t, args);
  if (!force && existsSync(OUT) && existsSync(STAMP)) {
    try {
      if (JSON.parse(readFileSync(STAMP, 'utf8')).hash === want) return;
    } catch { /* rebuild */ }
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const cxx = process.env.CXX ?? 'g++';
  log(`compiling ${SRC} against ${t.include}${t.cuda ? ' (CUDA)' : ''} (one unit, about a minute)`);
  const t0 = Date.now();
  const r = spawnSync(cxx, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    writeFileSync(join(OUT_DIR, 'compile-errors.log'), `${cxx} ${args.join(' ')}\n\n${r.stderr ?? ''}${r.error?.message ?? ''}`);
    const firstError = (r.stderr || r.error?.message || '').split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
    fail(`${cxx} failed: ${firstError.trim()} (full output: ${join(OUT_DIR, 'compile-errors.log')})`);
  }
  renameSync(`${OUT}.tmp`, OUT);
  writeFileSync(STAMP, JSON.stringify({ hash: want, libtorch: t.include, cuda: t.cuda, built: new Date().toISOString() }, null, 2) + '\n');
  log(`built ${OUT} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main();
