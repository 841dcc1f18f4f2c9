#!/usr/bin/env node
// Type-checks the code cells of every notebook source (notebooks/src/*.ts, percent format) with the
// project's tsc settings, as tslab would compile them from the repo root. tslab reports type errors
// with an empty message, so catching them here saves a headless run.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.nbcheck');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const files = [];
for (const f of readdirSync(join(root, 'notebooks', 'src')).filter((x) => x.endsWith('.ts'))) {
  const text = readFileSync(join(root, 'notebooks', 'src', f), 'utf8');
  const code = [];
  let kind = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('# %%')) { kind = line.includes('[markdown]') ? 'md' : 'code'; code.push(''); continue; }
    code.push(kind === 'code' ? line.replaceAll("'./lib/", "'../lib/") : '');
  }
  const out = join(dir, f);
  writeFileSync(out, code.join('\n') + '\nexport {};\n');
  files.push(out);
}
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'], compilerOptions: { noEmit: true } }, null, 2));
const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
if (r.status === 0) console.error(`[notebooks] ${files.length} notebook sources type-check`);
process.exit(r.status ?? 1);
