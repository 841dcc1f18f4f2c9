// Module layering the design asks for, checked on the import statements of lib/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = resolve('lib');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'build' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file imports (static or dynamic), as a path relative to lib/. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:from\s+|import\()\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(LIB, resolve(file, '..', s)).replace(/\.js$/, '.ts'));
}

const files = tsFiles(LIB).map((f) => ({ file: relative(LIB, f), imports: importsOf(f) }));

describe('lib layering', () => {
  it('finds the modules it checks', () => {
    expect(files.find((f) => f.file === 'cli.ts')?.imports).toContain('commands/index.ts');
  });

  it('nothing in lib imports the CLI entry point (experiments dispatch through commands/index.ts)', () => {
    expect(files.filter((f) => f.imports.includes('cli.ts')).map((f) => f.file)).toEqual([]);
  });

  it('only lib/engine reaches into lib/native (models and training use engine/fused, analysis a LinalgProvider)', () => {
    const outside = files.filter((f) => !f.file.startsWith('native/') && !f.file.startsWith('engine/'));
    expect(outside.filter((f) => f.imports.some((i) => i.startsWith('native/'))).map((f) => f.file)).toEqual([]);
  });

  it('library maths and data code never prints (only commands, the runner and the trainer\'s default log do)', () => {
    const quiet = ['analysis/', 'alignment/', 'data/', 'models/', 'tasks/', 'render/', 'random/', 'engine/'];
    const printing = files.filter((f) => quiet.some((q) => f.file.startsWith(q)))
      .filter((f) => /process\.(stderr|stdout)\.write|console\.(log|error|warn)\(/.test(readFileSync(join(LIB, f.file), 'utf8')));
    expect(printing.map((f) => f.file)).toEqual([]);
  });

  it('analysis names no backend: no import of lib/native, and no backend variable read', () => {
    const analysis = files.filter((f) => f.file.startsWith('analysis/'));
    expect(analysis.filter((f) => f.imports.some((i) => i.startsWith('native/'))).map((f) => f.file)).toEqual([]);
    const readsVar = analysis.filter((f) => readFileSync(join(LIB, f.file), 'utf8').includes('WHATWHERE_ANALYSIS_NATIVE'));
    expect(readsVar.map((f) => f.file)).toEqual([]);
  });

  it('analysis maths never writes to stderr itself', () => {
    const writers = files.filter((f) => f.file.startsWith('analysis/') && /process\.stderr|console\.error/.test(readFileSync(join(LIB, f.file), 'utf8')));
    expect(writers.map((f) => f.file)).toEqual([]);
  });
});
